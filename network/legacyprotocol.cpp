#include "legacyprotocol.h"

#include "nativeprotocol.h"

#include <QCborArray>
#include <QCborMap>

#include <charconv>
#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace {

constexpr char HexDigits[] = "0123456789abcdef";

// Python's repr() of a float: the shortest text that reads back as the same double, in fixed
// notation with at least one decimal ("5.0", "0.0001") while the decimal exponent is from -4 to
// 15, otherwise as "1e+16", "1.5e-05" (two exponent digits at least, no ".0" added).
QByteArray pythonFloat(double value)
{
    if (std::isnan(value))
        return "nan";
    if (std::isinf(value))
        return value > 0 ? "inf" : "-inf";
    char buffer[40];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::scientific);
    const QByteArrayView text(buffer, result.ptr - buffer); // "-1.2345e+17", "5e+00"
    const qsizetype e = text.indexOf('e');
    const bool negative = text.startsWith('-');
    QByteArray digits = text.sliced(negative ? 1 : 0, e - (negative ? 1 : 0)).toByteArray();
    digits.replace(".", "");
    const int exponent = QByteArrayView(text.sliced(e + 1)).toInt();

    QByteArray out = negative ? "-" : "";
    if (exponent >= -4 && exponent < 16) {
        if (exponent >= 0) {
            const qsizetype integerDigits = exponent + 1;
            if (digits.size() <= integerDigits) {
                out += digits + QByteArray(integerDigits - digits.size(), '0') + ".0";
            } else {
                out += digits.first(integerDigits) + '.' + digits.sliced(integerDigits);
            }
        } else {
            out += "0." + QByteArray(-exponent - 1, '0') + digits;
        }
        return out;
    }
    out += digits.front();
    if (digits.size() > 1)
        out += '.' + digits.sliced(1);
    out += exponent < 0 ? "e-" : "e+";
    const int magnitude = std::abs(exponent);
    if (magnitude < 10)
        out += '0';
    out += QByteArray::number(magnitude);
    return out;
}

// Bytes json.dumps(ensure_ascii=True) needs for one UTF-16 unit.
qsizetype escapedLength(char16_t unit)
{
    switch (unit) {
    case u'"':
    case u'\\':
    case u'\b':
    case u'\f':
    case u'\n':
    case u'\r':
    case u'\t':
        return 2;
    default:
        return unit >= 0x20 && unit < 0x7f ? 1 : 6;
    }
}

// A string as json.dumps() writes it: ASCII only; each UTF-16 unit from DEL up is escaped, which
// gives exactly Python's surrogate pairs for characters beyond the BMP.
void appendJsonString(QByteArray &out, QStringView text)
{
    out += '"';
    for (const QChar character : text) {
        const char16_t unit = character.unicode();
        switch (unit) {
        case u'"':
            out += "\\\"";
            break;
        case u'\\':
            out += "\\\\";
            break;
        case u'\b':
            out += "\\b";
            break;
        case u'\f':
            out += "\\f";
            break;
        case u'\n':
            out += "\\n";
            break;
        case u'\r':
            out += "\\r";
            break;
        case u'\t':
            out += "\\t";
            break;
        default:
            if (unit >= 0x20 && unit < 0x7f) {
                out += char(unit);
            } else {
                out += "\\u";
                out += HexDigits[(unit >> 12) & 0xf];
                out += HexDigits[(unit >> 8) & 0xf];
                out += HexDigits[(unit >> 4) & 0xf];
                out += HexDigits[unit & 0xf];
            }
            break;
        }
    }
    out += '"';
}

void appendPythonJson(QByteArray &out, const QCborValue &value)
{
    switch (value.type()) {
    case QCborValue::False:
        out += "false";
        break;
    case QCborValue::True:
        out += "true";
        break;
    case QCborValue::Integer:
        out += QByteArray::number(value.toInteger());
        break;
    case QCborValue::Double: {
        const double number = value.toDouble();
        if (std::isnan(number))
            out += "NaN";
        else if (std::isinf(number))
            out += number > 0 ? "Infinity" : "-Infinity";
        else
            out += pythonFloat(number);
        break;
    }
    case QCborValue::String:
        appendJsonString(out, value.toString());
        break;
    case QCborValue::Array: {
        out += '[';
        bool first = true;
        for (const QCborValue &item : value.toArray()) {
            if (!first)
                out += ", ";
            first = false;
            appendPythonJson(out, item);
        }
        out += ']';
        break;
    }
    case QCborValue::Map: {
        out += '{';
        bool first = true;
        const QCborMap map = value.toMap();
        for (auto it = map.begin(); it != map.end(); ++it) {
            if (!first)
                out += ", ";
            first = false;
            const QCborValue key = it.key();
            appendJsonString(out, key.isString() ? key.toString() : LegacyProtocol::pythonStr(key));
            out += ": ";
            appendPythonJson(out, it.value());
        }
        out += '}';
        break;
    }
    default: // null, undefined, and CBOR types JSON has no word for
        out += "null";
        break;
    }
}

// Python's str.isprintable() for one character: everything but the "Other" and "Separator"
// categories (the ASCII space is handled before this is asked).
bool isPrintable(char32_t code)
{
    switch (QChar::category(code)) {
    case QChar::Other_Control:
    case QChar::Other_Format:
    case QChar::Other_Surrogate:
    case QChar::Other_PrivateUse:
    case QChar::Other_NotAssigned:
    case QChar::Separator_Space:
    case QChar::Separator_Line:
    case QChar::Separator_Paragraph:
        return false;
    default:
        return true;
    }
}

void appendHex(QString &out, char prefix, char32_t code, int digits)
{
    out += u'\\';
    out += QLatin1Char(prefix);
    for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4)
        out += QLatin1Char(HexDigits[(code >> shift) & 0xf]);
}

// repr() of a str: single quotes unless the text has a ' and no ", escapes as Python writes them.
void appendStringRepr(QString &out, QStringView text)
{
    const char16_t quote = text.contains(u'\'') && !text.contains(u'"') ? u'"' : u'\'';
    out += quote;
    const qsizetype size = text.size();
    for (qsizetype i = 0; i < size; ++i) {
        char32_t code = text[i].unicode();
        if (QChar::isHighSurrogate(code) && i + 1 < size && text[i + 1].isLowSurrogate()) {
            code = QChar::surrogateToUcs4(text[i].unicode(), text[i + 1].unicode());
            ++i;
        }
        if (code == quote || code == U'\\') {
            out += u'\\';
            out += QChar(static_cast<char16_t>(code));
        } else if (code == U'\t') {
            out += u"\\t";
        } else if (code == U'\n') {
            out += u"\\n";
        } else if (code == U'\r') {
            out += u"\\r";
        } else if (code < 0x20 || code == 0x7f) {
            appendHex(out, 'x', code, 2);
        } else if (code < 0x7f) {
            out += QChar(static_cast<char16_t>(code));
        } else if (isPrintable(code)) {
            out += QStringView(QChar::fromUcs4(code));
        } else if (code <= 0xff) {
            appendHex(out, 'x', code, 2);
        } else if (code <= 0xffff) {
            appendHex(out, 'u', code, 4);
        } else {
            appendHex(out, 'U', code, 8);
        }
    }
    out += quote;
}

void appendRepr(QString &out, const QCborValue &value)
{
    switch (value.type()) {
    case QCborValue::False:
        out += u"False";
        break;
    case QCborValue::True:
        out += u"True";
        break;
    case QCborValue::Integer:
        out += QString::number(value.toInteger());
        break;
    case QCborValue::Double:
        out += QLatin1StringView(pythonFloat(value.toDouble()));
        break;
    case QCborValue::String:
        appendStringRepr(out, value.toString());
        break;
    case QCborValue::Array: {
        out += u'[';
        bool first = true;
        for (const QCborValue &item : value.toArray()) {
            if (!first)
                out += u", ";
            first = false;
            appendRepr(out, item);
        }
        out += u']';
        break;
    }
    case QCborValue::Map: {
        out += u'{';
        bool first = true;
        const QCborMap map = value.toMap();
        for (auto it = map.begin(); it != map.end(); ++it) {
            if (!first)
                out += u", ";
            first = false;
            appendRepr(out, it.key());
            out += u": ";
            appendRepr(out, it.value());
        }
        out += u'}';
        break;
    }
    default:
        out += u"None";
        break;
    }
}

// The message as a JSON string of at most budget bytes: whole if it fits, else cut at a
// character boundary and ended with "...". Never less than "..." itself.
QByteArray fittedMessage(const QString &message, qsizetype budget)
{
    QByteArray whole;
    appendJsonString(whole, message);
    if (whole.size() <= budget)
        return whole;
    const qsizetype room = budget - 2 - 3; // the quotes and "..."
    qsizetype used = 0;
    qsizetype kept = 0;
    while (kept < message.size()) {
        const bool pair = message[kept].isHighSurrogate() && kept + 1 < message.size()
            && message[kept + 1].isLowSurrogate();
        const qsizetype units = pair ? 2 : 1;
        qsizetype cost = 0;
        for (qsizetype k = 0; k < units; ++k)
            cost += escapedLength(message[kept + k].unicode());
        if (used + cost > room)
            break;
        used += cost;
        kept += units;
    }
    QByteArray shortened;
    appendJsonString(shortened, QString(message.first(kept) + u"..."));
    return shortened;
}

QByteArray successReply(const QByteArray *itemJson, const QString &message, int bufferSize)
{
    QByteArray head = "{\"status\": \"success\", ";
    if (itemJson)
        head += "\"item\": " + *itemJson + ", ";
    head += "\"message\": ";
    const QByteArray tail = ", \"buffer_size\": " + QByteArray::number(bufferSize) + '}';
    const qsizetype budget = LegacyProtocol::MaxReplySize - 1 - head.size() - tail.size();
    return head + fittedMessage(message, budget) + tail;
}

QByteArray errorReply(QByteArrayView message)
{
    return "{\"status\": \"error\", \"message\": \"" + message.toByteArray() + "\"}";
}

} // namespace

std::optional<LegacyProtocol::Request> LegacyProtocol::parseRequest(QByteArrayView data, QString *error)
{
    const std::optional<QCborValue> json
        = NativeProtocol::parseJson(data, error, NativeProtocol::JsonFlavour::Python);
    if (!json)
        return std::nullopt;
    if (!json->isMap()) {
        if (error)
            *error = u"expected a JSON object"_s;
        return std::nullopt;
    }
    const QCborMap object = json->toMap();
    Request request;
    const QCborValue type = object.value("type"_L1);
    if (type.isString() && type.toString() == "producer"_L1)
        request.type = Type::Producer;
    else if (type.isString() && type.toString() == "consumer"_L1)
        request.type = Type::Consumer;
    if (object.contains("id"_L1)) {
        const QCborValue id = object.value("id"_L1);
        request.id = pythonStrOf(id);
    }
    request.hasItem = object.contains("item"_L1);
    if (request.hasItem) {
        request.exactItem = object.value("item"_L1);
        request.item = request.exactItem.toJsonValue();
    }
    return request;
}

QByteArray LegacyProtocol::encodeRequest(Type type, const QString &id, const QJsonValue &item)
{
    QByteArray out = "{\"type\": ";
    switch (type) {
    case Type::Producer:
        out += "\"producer\"";
        break;
    case Type::Consumer:
        out += "\"consumer\"";
        break;
    case Type::Invalid:
        out += "\"invalid\"";
        break;
    }
    out += ", \"id\": ";
    appendJsonString(out, id);
    if (!item.isUndefined()) {
        out += ", \"item\": ";
        appendPythonJson(out, QCborValue::fromJsonValue(item));
    }
    out += '}';
    return out;
}

QByteArray LegacyProtocol::producerSuccess(const QJsonValue &item, int bufferSize)
{
    return producerReply(QCborValue::fromJsonValue(item), bufferSize);
}

QByteArray LegacyProtocol::consumerSuccess(const QJsonValue &item, int bufferSize)
{
    return consumerReply(QCborValue::fromJsonValue(item), bufferSize);
}

QByteArray LegacyProtocol::producerReply(const QCborValue &item, int bufferSize)
{
    return successReply(nullptr, u"Item \""_s + pythonStrOf(item) + u"\" added to buffer"_s, bufferSize);
}

QByteArray LegacyProtocol::consumerReply(const QCborValue &item, int bufferSize)
{
    const QByteArray itemJson = pythonJsonOf(item);
    return successReply(&itemJson, u"Item \""_s + pythonStrOf(item) + u"\" consumed"_s, bufferSize);
}

QByteArray LegacyProtocol::bufferFull()
{
    return errorReply("Buffer is full. Try again later.");
}

QByteArray LegacyProtocol::bufferEmpty()
{
    return errorReply("Buffer is empty. No items to consume.");
}

QByteArray LegacyProtocol::invalidType()
{
    return errorReply("Invalid client type");
}

std::optional<LegacyProtocol::Reply> LegacyProtocol::parseReply(QByteArrayView data)
{
    const std::optional<QCborValue> json
        = NativeProtocol::parseJson(data, nullptr, NativeProtocol::JsonFlavour::Python);
    if (!json || !json->isMap())
        return std::nullopt;
    const QCborMap object = json->toMap();
    const QCborValue status = object.value("status"_L1);
    if (!status.isString())
        return std::nullopt;
    Reply reply;
    reply.success = status.toString() == "success"_L1;
    reply.message = object.value("message"_L1).toString();
    if (object.contains("item"_L1)) {
        reply.exactItem = object.value("item"_L1);
        reply.item = reply.exactItem.toJsonValue();
    }
    const QCborValue size = object.value("buffer_size"_L1);
    if (size.isInteger() && size.toInteger() >= 0 && size.toInteger() <= std::numeric_limits<int>::max())
        reply.bufferSize = static_cast<int>(size.toInteger());
    return reply;
}

QByteArray LegacyProtocol::pythonJson(const QJsonValue &value)
{
    return pythonJsonOf(QCborValue::fromJsonValue(value));
}

QString LegacyProtocol::pythonStr(const QJsonValue &value)
{
    return pythonStrOf(QCborValue::fromJsonValue(value));
}

QByteArray LegacyProtocol::pythonJsonOf(const QCborValue &value)
{
    QByteArray out;
    appendPythonJson(out, value);
    return out;
}

QString LegacyProtocol::pythonStrOf(const QCborValue &value)
{
    if (value.isString())
        return value.toString();
    QString out;
    appendRepr(out, value);
    return out;
}
