#include "nativeprotocol.h"

#include <QCborArray>
#include <QCborMap>
#include <QCborStreamWriter>
#include <QHash>

#include <charconv>
#include <cmath>
#include <limits>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

constexpr int MaxTimeoutMs = 86'400'000;
constexpr qsizetype MaxIdLength = 64;

bool isValidUtf8(QByteArrayView text)
{
    const auto *bytes = reinterpret_cast<const uchar *>(text.data());
    const qsizetype size = text.size();
    for (qsizetype i = 0; i < size;) {
        const uchar lead = bytes[i];
        if (lead < 0x80) {
            ++i;
            continue;
        }
        int continuation = 0;
        uchar low = 0x80; // allowed range of the second byte: rules out overlong forms,
        uchar high = 0xBF; // surrogates and code points beyond U+10FFFF
        if (lead >= 0xC2 && lead <= 0xDF) {
            continuation = 1;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            continuation = 2;
            if (lead == 0xE0)
                low = 0xA0;
            else if (lead == 0xED)
                high = 0x9F;
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            continuation = 3;
            if (lead == 0xF0)
                low = 0x90;
            else if (lead == 0xF4)
                high = 0x8F;
        } else {
            return false;
        }
        if (size - i <= continuation)
            return false;
        if (bytes[i + 1] < low || bytes[i + 1] > high)
            return false;
        for (int k = 2; k <= continuation; ++k) {
            if ((bytes[i + k] & 0xC0) != 0x80)
                return false;
        }
        i += continuation + 1;
    }
    return true;
}

// What the parser builds before the value becomes a QCborValue: a QCborMap can only be filled
// one key lookup at a time (quadratic for big objects), so the tree is written out as CBOR once
// and decoded in a single linear pass.
struct JsonNode
{
    enum class Kind : quint8 { Null, False, True, Integer, Double, String, Array, Object };
    Kind kind = Kind::Null;
    qint64 integer = 0;
    double number = 0;
    QString text;
    std::vector<JsonNode> items; // array elements, or object values
    std::vector<QString> keys; // object keys, parallel to items
};

class JsonParser
{
public:
    JsonParser(QByteArrayView text, NativeProtocol::JsonFlavour flavour)
        : m_begin(text.data())
        , m_pos(text.data())
        , m_end(text.data() + text.size())
        , m_python(flavour == NativeProtocol::JsonFlavour::Python)
    { }

    // The value of this key of the top-level object is only checked, not built, and its text is
    // remembered (the last one, if the key is repeated); the tree gets a null in its place.
    void captureTopLevel(QStringView key) { m_captureKey = key; }
    QByteArrayView captured() const { return m_captured; }

    // Checks the one value the text starts with, as the value of a key of the top-level object
    // (so nesting is counted from there), builds nothing; returns where it ends.
    const char *skipMemberValue() { return skipValue(1) ? m_pos : nullptr; }

    bool parse(JsonNode &root)
    {
        skipSpace();
        if (m_pos == m_end)
            return fail(u"empty"_s);
        if (!parseValue(root, 0))
            return false;
        skipSpace();
        if (m_pos != m_end)
            return failHere(u"unexpected %1 after the value"_s.arg(describe(*m_pos)));
        return true;
    }

    QString error;

private:
    static QString describe(char c)
    {
        if (c == '\'')
            return u"quote"_s;
        if (c > ' ' && c < 0x7f)
            return u"'%1'"_s.arg(QLatin1Char(c));
        return u"character"_s;
    }

    bool fail(const QString &what)
    {
        error = u"not JSON: "_s + what;
        return false;
    }
    bool failAt(const char *where, const QString &what)
    {
        return fail(u"%1 at offset %2"_s.arg(what).arg(where - m_begin));
    }
    bool failHere(const QString &what) { return failAt(m_pos, what); }
    bool failUnexpected()
    {
        if (m_pos == m_end)
            return failHere(u"unexpected end"_s);
        return failHere(u"unexpected %1"_s.arg(describe(*m_pos)));
    }

    void skipSpace()
    {
        while (m_pos != m_end && (*m_pos == ' ' || *m_pos == '\t' || *m_pos == '\n' || *m_pos == '\r'))
            ++m_pos;
    }

    bool consumeWord(QByteArrayView word)
    {
        if (m_end - m_pos < word.size() || QByteArrayView(m_pos, word.size()) != word)
            return false;
        m_pos += word.size();
        return true;
    }

    bool parseValue(JsonNode &out, int depth)
    {
        if (m_pos == m_end)
            return failUnexpected();
        switch (*m_pos) {
        case '{':
            return parseObject(out, depth + 1);
        case '[':
            return parseArray(out, depth + 1);
        case '"':
            out.kind = JsonNode::Kind::String;
            return parseString(out.text);
        case 't':
            out.kind = JsonNode::Kind::True;
            return consumeWord("true") || failUnexpected();
        case 'f':
            out.kind = JsonNode::Kind::False;
            return consumeWord("false") || failUnexpected();
        case 'n':
            out.kind = JsonNode::Kind::Null;
            return consumeWord("null") || failUnexpected();
        case 'N':
            if (m_python && consumeWord("NaN")) {
                out.kind = JsonNode::Kind::Double;
                out.number = std::nan("");
                return true;
            }
            return failUnexpected();
        case 'I':
            if (m_python && consumeWord("Infinity")) {
                out.kind = JsonNode::Kind::Double;
                out.number = HUGE_VAL;
                return true;
            }
            return failUnexpected();
        default:
            return parseNumber(out);
        }
    }

    bool enter(int depth)
    {
        if (depth > NativeProtocol::MaxJsonDepth)
            return failHere(u"nested deeper than %1 levels"_s.arg(NativeProtocol::MaxJsonDepth));
        ++m_pos; // the '{' or '['
        skipSpace();
        return true;
    }

    bool parseArray(JsonNode &out, int depth)
    {
        out.kind = JsonNode::Kind::Array;
        if (!enter(depth))
            return false;
        if (m_pos != m_end && *m_pos == ']') {
            ++m_pos;
            return true;
        }
        for (;;) {
            out.items.emplace_back();
            if (!parseValue(out.items.back(), depth))
                return false;
            skipSpace();
            if (m_pos != m_end && *m_pos == ',') {
                ++m_pos;
                skipSpace();
            } else if (m_pos != m_end && *m_pos == ']') {
                ++m_pos;
                return true;
            } else {
                return failUnexpected();
            }
        }
    }

    bool parseObject(JsonNode &out, int depth)
    {
        out.kind = JsonNode::Kind::Object;
        if (!enter(depth))
            return false;
        if (m_pos != m_end && *m_pos == '}') {
            ++m_pos;
            return true;
        }
        QHash<QString, size_t> index; // filled once the object is too big for a linear search
        for (;;) {
            if (m_pos == m_end || *m_pos != '"')
                return failUnexpected();
            QString key;
            if (!parseString(key))
                return false;
            skipSpace();
            if (m_pos == m_end || *m_pos != ':')
                return failUnexpected();
            ++m_pos;
            skipSpace();

            // A repeated key keeps its first place and takes the last value, as in a Python dict.
            size_t existing = out.keys.size();
            if (out.keys.size() < 16) {
                for (size_t i = 0; i < out.keys.size(); ++i) {
                    if (out.keys[i] == key) {
                        existing = i;
                        break;
                    }
                }
            } else {
                if (index.isEmpty()) {
                    for (size_t i = 0; i < out.keys.size(); ++i)
                        index.insert(out.keys[i], i);
                }
                existing = index.value(key, out.keys.size());
            }
            const bool capture = depth == 1 && !m_captureKey.isNull() && key == m_captureKey;
            if (existing < out.keys.size()) {
                JsonNode value;
                if (!(capture ? skipCaptured(depth) : parseValue(value, depth)))
                    return false;
                out.items[existing] = std::move(value);
            } else {
                if (!index.isEmpty())
                    index.insert(key, out.keys.size());
                out.keys.push_back(std::move(key));
                out.items.emplace_back();
                if (!(capture ? skipCaptured(depth) : parseValue(out.items.back(), depth)))
                    return false;
            }

            skipSpace();
            if (m_pos != m_end && *m_pos == ',') {
                ++m_pos;
                skipSpace();
            } else if (m_pos != m_end && *m_pos == '}') {
                ++m_pos;
                return true;
            } else {
                return failUnexpected();
            }
        }
    }

    bool skipCaptured(int depth)
    {
        const char *start = m_pos;
        if (!skipValue(depth))
            return false;
        m_captured = QByteArrayView(start, m_pos);
        return true;
    }

    // Checks a value exactly as parseValue() would, with the same errors, building nothing.
    bool skipValue(int depth)
    {
        if (m_pos == m_end)
            return failUnexpected();
        switch (*m_pos) {
        case '{':
        case '[': {
            const char close = *m_pos == '{' ? '}' : ']';
            const bool object = close == '}';
            if (!enter(depth + 1))
                return false;
            if (m_pos != m_end && *m_pos == close) {
                ++m_pos;
                return true;
            }
            for (;;) {
                if (object) {
                    if (m_pos == m_end || *m_pos != '"')
                        return failUnexpected();
                    if (!skipString())
                        return false;
                    skipSpace();
                    if (m_pos == m_end || *m_pos != ':')
                        return failUnexpected();
                    ++m_pos;
                    skipSpace();
                }
                if (!skipValue(depth + 1))
                    return false;
                skipSpace();
                if (m_pos != m_end && *m_pos == ',') {
                    ++m_pos;
                    skipSpace();
                } else if (m_pos != m_end && *m_pos == close) {
                    ++m_pos;
                    return true;
                } else {
                    return failUnexpected();
                }
            }
        }
        case '"':
            return skipString();
        default: {
            JsonNode scalar; // literals and numbers build nothing that allocates
            return parseValue(scalar, depth);
        }
        }
    }

    bool skipString()
    {
        const char *start = m_pos;
        ++m_pos; // the opening quote
        while (m_pos != m_end) {
            const char c = *m_pos;
            if (c == '"') {
                ++m_pos;
                return true;
            }
            if (static_cast<uchar>(c) < 0x20)
                return failHere(u"control character in a string"_s);
            if (c != '\\') {
                ++m_pos;
                continue;
            }
            const char *escape = m_pos;
            if (m_end - m_pos < 2)
                return failAt(start, u"unterminated string"_s);
            switch (m_pos[1]) {
            case '"':
            case '\\':
            case '/':
            case 'b':
            case 'f':
            case 'n':
            case 'r':
            case 't':
                break;
            case 'u':
                if (m_end - m_pos < 6)
                    return failAt(escape, u"invalid escape"_s);
                for (int k = 2; k < 6; ++k) {
                    if (hexValue(m_pos[k]) < 0)
                        return failAt(escape, u"invalid escape"_s);
                }
                m_pos += 4;
                break;
            default:
                return failAt(escape, u"invalid escape"_s);
            }
            m_pos += 2;
        }
        return failAt(start, u"unterminated string"_s);
    }

    static int hexValue(char c)
    {
        if (c >= '0' && c <= '9')
            return c - '0';
        if (c >= 'a' && c <= 'f')
            return c - 'a' + 10;
        if (c >= 'A' && c <= 'F')
            return c - 'A' + 10;
        return -1;
    }

    // The text was checked to be valid UTF-8, and a run only ends at an ASCII character, so
    // fromUtf8() never sees a broken sequence.
    bool parseString(QString &out)
    {
        const char *start = m_pos;
        ++m_pos; // the opening quote
        const char *run = m_pos;
        while (m_pos != m_end) {
            const char c = *m_pos;
            if (c == '"') {
                out += QString::fromUtf8(run, m_pos - run);
                ++m_pos;
                return true;
            }
            if (static_cast<uchar>(c) < 0x20)
                return failHere(u"control character in a string"_s);
            if (c != '\\') {
                ++m_pos;
                continue;
            }
            out += QString::fromUtf8(run, m_pos - run);
            const char *escape = m_pos;
            if (m_end - m_pos < 2)
                return failAt(start, u"unterminated string"_s);
            switch (m_pos[1]) {
            case '"':
                out += u'"';
                break;
            case '\\':
                out += u'\\';
                break;
            case '/':
                out += u'/';
                break;
            case 'b':
                out += u'\b';
                break;
            case 'f':
                out += u'\f';
                break;
            case 'n':
                out += u'\n';
                break;
            case 'r':
                out += u'\r';
                break;
            case 't':
                out += u'\t';
                break;
            case 'u': {
                if (m_end - m_pos < 6)
                    return failAt(escape, u"invalid escape"_s);
                int unit = 0;
                for (int k = 2; k < 6; ++k) {
                    const int digit = hexValue(m_pos[k]);
                    if (digit < 0)
                        return failAt(escape, u"invalid escape"_s);
                    unit = unit * 16 + digit;
                }
                // UTF-16 units are appended as they come: a surrogate pair written as two
                // escapes joins up by itself, a lone surrogate stays (as in Python).
                out += QChar(static_cast<char16_t>(unit));
                m_pos += 4;
                break;
            }
            default:
                return failAt(escape, u"invalid escape"_s);
            }
            m_pos += 2;
            run = m_pos;
        }
        return failAt(start, u"unterminated string"_s);
    }

    bool parseNumber(JsonNode &out)
    {
        const char *start = m_pos;
        if (*m_pos == '-') {
            ++m_pos;
            if (m_python && consumeWord("Infinity")) {
                out.kind = JsonNode::Kind::Double;
                out.number = -HUGE_VAL;
                return true;
            }
        }
        auto isDigit = [this] { return m_pos != m_end && *m_pos >= '0' && *m_pos <= '9'; };
        if (!isDigit())
            return m_pos == start ? failUnexpected() : failAt(start, u"invalid number"_s);
        if (*m_pos == '0') {
            ++m_pos;
        } else {
            while (isDigit())
                ++m_pos;
        }
        bool integral = true;
        if (m_pos != m_end && *m_pos == '.') {
            integral = false;
            ++m_pos;
            if (!isDigit())
                return failAt(start, u"invalid number"_s);
            while (isDigit())
                ++m_pos;
        }
        if (m_pos != m_end && (*m_pos == 'e' || *m_pos == 'E')) {
            integral = false;
            ++m_pos;
            if (m_pos != m_end && (*m_pos == '+' || *m_pos == '-'))
                ++m_pos;
            if (!isDigit())
                return failAt(start, u"invalid number"_s);
            while (isDigit())
                ++m_pos;
        }

        if (integral) {
            qint64 value = 0;
            const auto result = std::from_chars(start, m_pos, value);
            if (result.ec == std::errc() && result.ptr == m_pos) {
                out.kind = JsonNode::Kind::Integer;
                out.integer = value;
                return true;
            }
            // Python keeps such an integer exact; a double is the closest we can hold.
        }
        double value = 0;
        const auto result = std::from_chars(start, m_pos, value);
        out.kind = JsonNode::Kind::Double;
        if (result.ec == std::errc() && result.ptr == m_pos) {
            out.number = value;
            return true;
        }
        if (result.ec != std::errc::result_out_of_range)
            return failAt(start, u"invalid number"_s);
        const bool negative = *start == '-';
        if (!overflows(QByteArrayView(start, m_pos))) {
            out.number = negative ? -0.0 : 0.0;
            return true;
        }
        if (!m_python)
            return failAt(start, u"number out of range"_s);
        out.number = negative ? -HUGE_VAL : HUGE_VAL;
        return true;
    }

    // For a well-formed number out of the double range: too big (rather than too small)?
    // Decides by the position of the first significant digit, which is far off either way.
    static bool overflows(QByteArrayView number)
    {
        qsizetype i = number.startsWith('-') ? 1 : 0;
        qint64 magnitude = 0; // decimal exponent of the first significant digit, roughly
        bool seenDigit = false;
        bool inFraction = false;
        for (; i < number.size() && number[i] != 'e' && number[i] != 'E'; ++i) {
            const char c = number[i];
            if (c == '.') {
                inFraction = true;
            } else if (!seenDigit && c == '0') {
                if (inFraction)
                    --magnitude;
            } else if (!seenDigit) {
                seenDigit = true;
                if (inFraction)
                    --magnitude;
            } else if (!inFraction) {
                ++magnitude;
            }
        }
        qint64 exponent = 0;
        if (i < number.size()) {
            ++i;
            const bool negative = number[i] == '-';
            if (number[i] == '-' || number[i] == '+')
                ++i;
            for (; i < number.size(); ++i)
                exponent = qMin<qint64>(exponent * 10 + (number[i] - '0'), 1'000'000'000);
            if (negative)
                exponent = -exponent;
        }
        return magnitude + exponent > 0;
    }

    const char *m_begin;
    const char *m_pos;
    const char *m_end;
    bool m_python;
    QStringView m_captureKey;
    QByteArrayView m_captured;
};

void writeCbor(QCborStreamWriter &writer, const JsonNode &node)
{
    switch (node.kind) {
    case JsonNode::Kind::Null:
        writer.append(nullptr);
        break;
    case JsonNode::Kind::False:
        writer.append(false);
        break;
    case JsonNode::Kind::True:
        writer.append(true);
        break;
    case JsonNode::Kind::Integer:
        writer.append(node.integer);
        break;
    case JsonNode::Kind::Double:
        writer.append(node.number);
        break;
    case JsonNode::Kind::String:
        writer.append(QStringView(node.text));
        break;
    case JsonNode::Kind::Array:
        writer.startArray(node.items.size());
        for (const JsonNode &item : node.items)
            writeCbor(writer, item);
        writer.endArray();
        break;
    case JsonNode::Kind::Object:
        writer.startMap(node.items.size());
        for (size_t i = 0; i < node.items.size(); ++i) {
            writer.append(QStringView(node.keys[i]));
            writeCbor(writer, node.items[i]);
        }
        writer.endMap();
        break;
    }
}

void appendEscaped(QByteArray &out, QStringView text)
{
    out += '"';
    const qsizetype size = text.size();
    for (qsizetype i = 0; i < size; ++i) {
        const char16_t unit = text[i].unicode();
        switch (unit) {
        case u'"':
            out += "\\\"";
            continue;
        case u'\\':
            out += "\\\\";
            continue;
        case u'\b':
            out += "\\b";
            continue;
        case u'\f':
            out += "\\f";
            continue;
        case u'\n':
            out += "\\n";
            continue;
        case u'\r':
            out += "\\r";
            continue;
        case u'\t':
            out += "\\t";
            continue;
        default:
            break;
        }
        if (unit < 0x20) {
            out += "\\u00";
            out += "0123456789abcdef"[unit >> 4];
            out += "0123456789abcdef"[unit & 0xf];
        } else if (unit < 0x80) {
            out += char(unit);
        } else if (unit < 0x800) {
            out += char(0xC0 | (unit >> 6));
            out += char(0x80 | (unit & 0x3F));
        } else if (QChar::isHighSurrogate(unit) && i + 1 < size
                   && QChar::isLowSurrogate(text[i + 1].unicode())) {
            const char32_t code = QChar::surrogateToUcs4(unit, text[i + 1].unicode());
            ++i;
            out += char(0xF0 | (code >> 18));
            out += char(0x80 | ((code >> 12) & 0x3F));
            out += char(0x80 | ((code >> 6) & 0x3F));
            out += char(0x80 | (code & 0x3F));
        } else if (QChar::isSurrogate(unit)) {
            // Not encodable in UTF-8; an escape keeps it intact.
            out += "\\u";
            out += QByteArray::number(unit, 16);
        } else {
            out += char(0xE0 | (unit >> 12));
            out += char(0x80 | ((unit >> 6) & 0x3F));
            out += char(0x80 | (unit & 0x3F));
        }
    }
    out += '"';
}

void appendNumber(QByteArray &out, double value)
{
    if (!std::isfinite(value)) {
        out += "null"; // JSON has no NaN or infinity
        return;
    }
    constexpr double Exact = 9007199254740992.0; // 2^53: integers up to here are exact doubles
    if (value == std::floor(value) && std::fabs(value) < Exact) {
        out += QByteArray::number(static_cast<qint64>(value));
        return;
    }
    char buffer[32];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    out += QByteArrayView(buffer, result.ptr - buffer);
}

void appendJson(QByteArray &out, const QCborValue &value)
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
    case QCborValue::Double:
        appendNumber(out, value.toDouble());
        break;
    case QCborValue::String:
        appendEscaped(out, value.toString());
        break;
    case QCborValue::Array: {
        out += '[';
        bool first = true;
        for (const QCborValue &item : value.toArray()) {
            if (!first)
                out += ',';
            first = false;
            appendJson(out, item);
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
                out += ',';
            first = false;
            const QCborValue key = it.key();
            appendEscaped(out,
                          key.isString() ? key.toString()
                                         : QString::fromUtf8(NativeProtocol::toJson(key.toJsonValue())));
            out += ':';
            appendJson(out, it.value());
        }
        out += '}';
        break;
    }
    default: // null, undefined, and CBOR types JSON has no word for
        out += "null";
        break;
    }
}

void appendField(QByteArray &out, QLatin1StringView key, const QCborValue &value)
{
    out += ',';
    appendEscaped(out, QString(key));
    out += ':';
    appendJson(out, value);
}

// A JSON integer, or a number with an integral value (5.0), within [minimum, maximum].
std::optional<qint64> integerIn(const QCborValue &value, qint64 minimum, qint64 maximum)
{
    qint64 result = 0;
    if (value.isInteger()) {
        result = value.toInteger();
    } else if (value.isDouble()) {
        const double number = value.toDouble();
        // Converting a double outside qint64's range is undefined, and 2^63 is the first double
        // beyond it; NaN fails every comparison.
        constexpr double TwoToThe63 = 9223372036854775808.0;
        if (!(number >= -TwoToThe63 && number < TwoToThe63) || number != std::floor(number))
            return std::nullopt;
        result = static_cast<qint64>(number);
    } else {
        return std::nullopt;
    }
    if (result < minimum || result > maximum)
        return std::nullopt;
    return result;
}

QString quotedForError(const QString &text)
{
    constexpr qsizetype Shown = 32;
    if (text.size() <= Shown)
        return u'"' + text + u'"';
    const qsizetype cut = text.at(Shown - 1).isHighSurrogate() ? Shown - 1 : Shown; // keep pairs whole
    return u'"' + text.left(cut) + u"...\""_s;
}

} // namespace

QString NativeProtocol::opName(Op op)
{
    switch (op) {
    case Op::Hello:
        return u"hello"_s;
    case Op::Put:
        return u"put"_s;
    case Op::Take:
        return u"take"_s;
    case Op::Ack:
        return u"ack"_s;
    case Op::Status:
        return u"status"_s;
    }
    return {};
}

std::optional<NativeProtocol::Op> NativeProtocol::opFromName(QStringView name)
{
    for (const Op op : {Op::Hello, Op::Put, Op::Take, Op::Ack, Op::Status}) {
        if (name == opName(op))
            return op;
    }
    return std::nullopt;
}

QString NativeProtocol::roleName(Role role)
{
    return role == Role::Producer ? u"producer"_s : u"consumer"_s;
}

namespace {

// parseJson(), optionally with the value of one top-level key checked but not built (see
// JsonParser::captureTopLevel()); its text goes to *captured.
std::optional<QCborValue> parseJsonCapturing(QByteArrayView text, QString *error,
                                             NativeProtocol::JsonFlavour flavour, QStringView captureKey,
                                             QByteArrayView *captured)
{
    if (!isValidUtf8(text)) {
        if (error)
            *error = u"not valid UTF-8"_s;
        return std::nullopt;
    }
    JsonParser parser(text, flavour);
    if (captured)
        parser.captureTopLevel(captureKey);
    JsonNode root;
    if (!parser.parse(root)) {
        if (error)
            *error = parser.error;
        return std::nullopt;
    }
    if (captured)
        *captured = parser.captured();
    QByteArray cbor;
    {
        QCborStreamWriter writer(&cbor);
        writeCbor(writer, root);
    }
    QCborParserError cborError;
    QCborValue value = QCborValue::fromCbor(cbor, &cborError);
    if (cborError.error != QCborError::NoError) { // cannot happen below MaxJsonDepth; kept as a guard
        if (error)
            *error = u"not JSON: "_s + cborError.errorString();
        return std::nullopt;
    }
    return value;
}

// JSON text without the whitespace between tokens (strings are copied as they are). Copies runs
// at a time: items are often one long string, which is a single copy.
QByteArray withoutWhitespace(QByteArrayView json)
{
    QByteArray out;
    out.reserve(json.size());
    const char *data = json.data();
    const qsizetype size = json.size();
    qsizetype runStart = 0;
    bool inString = false;
    for (qsizetype i = 0; i < size; ++i) {
        const char c = data[i];
        if (inString) {
            if (c == '\\')
                ++i; // the escaped character cannot end the string
            else if (c == '"')
                inString = false;
        } else if (c == '"') {
            inString = true;
        } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            out.append(data + runStart, i - runStart);
            runStart = i + 1;
        }
    }
    out.append(data + runStart, size - runStart);
    return out;
}

} // namespace

std::optional<QCborValue> NativeProtocol::parseJson(QByteArrayView text, QString *error, JsonFlavour flavour)
{
    return parseJsonCapturing(text, error, flavour, {}, nullptr);
}

namespace {

// The requests a server sees all day are small flat objects in a known shape:
// {"op":"put","item":...}, {"op":"take"}, {"op":"ack","tag":17}. This reads exactly those without
// building any values; anything else (escapes in keys, repeated or unknown keys, fractions,
// whitespace inside the item, ...) returns nothing and goes the general way, which also words the
// errors. It must never accept what the general parser would refuse or read it differently.
std::optional<NativeProtocol::Request> parseRequestFast(QByteArrayView line)
{
    using Op = NativeProtocol::Op;
    const char *pos = line.data();
    const char *const end = pos + line.size();
    auto skipSpace = [&] {
        while (pos != end && (*pos == ' ' || *pos == '\t' || *pos == '\r' || *pos == '\n'))
            ++pos;
    };
    // A string with no escapes and no control characters; its bytes between the quotes.
    auto plainString = [&]() -> std::optional<QByteArrayView> {
        if (pos == end || *pos != '"')
            return std::nullopt;
        const char *start = ++pos;
        while (pos != end && *pos != '"') {
            if (*pos == '\\' || static_cast<uchar>(*pos) < 0x20)
                return std::nullopt;
            ++pos;
        }
        if (pos == end)
            return std::nullopt;
        return QByteArrayView(start, pos++);
    };
    // Digits only, no sign, fraction or exponent, at most 18 of them (no overflow).
    auto plainInteger = [&]() -> std::optional<qint64> {
        const char *start = pos;
        qint64 value = 0;
        while (pos != end && *pos >= '0' && *pos <= '9' && pos - start < 18)
            value = value * 10 + (*pos++ - '0');
        if (pos == start
            || (pos != end && ((*pos >= '0' && *pos <= '9') || *pos == '.' || *pos == 'e' || *pos == 'E')))
            return std::nullopt;
        if (*start == '0' && pos - start > 1)
            return std::nullopt; // a leading zero is not JSON
        return value;
    };

    skipSpace();
    if (pos == end || *pos != '{')
        return std::nullopt;
    ++pos;
    std::optional<QByteArrayView> op, role, id, item;
    std::optional<qint64> tag, timeout;
    skipSpace();
    if (pos != end && *pos == '}')
        return std::nullopt;
    for (;;) {
        skipSpace();
        const std::optional<QByteArrayView> key = plainString();
        if (!key)
            return std::nullopt;
        skipSpace();
        if (pos == end || *pos != ':')
            return std::nullopt;
        ++pos;
        skipSpace();
        auto once = [](auto &field, auto value) {
            if (field || !value)
                return false;
            field = value;
            return true;
        };
        bool ok = false;
        if (*key == "op")
            ok = once(op, plainString());
        else if (*key == "role")
            ok = once(role, plainString());
        else if (*key == "id")
            ok = once(id, plainString());
        else if (*key == "tag")
            ok = once(tag, plainInteger());
        else if (*key == "timeout_ms")
            ok = once(timeout, plainInteger());
        else if (*key == "item" && !item) {
            const char *start = pos;
            JsonParser parser(QByteArrayView(pos, end), NativeProtocol::JsonFlavour::Strict);
            const char *stop = parser.skipMemberValue();
            if (stop) {
                pos = stop;
                item = QByteArrayView(start, stop);
                ok = true;
            }
        }
        if (!ok)
            return std::nullopt;
        skipSpace();
        if (pos != end && *pos == ',') {
            ++pos;
            continue;
        }
        if (pos != end && *pos == '}') {
            ++pos;
            break;
        }
        return std::nullopt;
    }
    skipSpace();
    if (pos != end || !op)
        return std::nullopt;

    NativeProtocol::Request request;
    if (*op == "put") {
        if (!item || role || id || tag)
            return std::nullopt;
        // Whitespace inside a container would have to go; the general way does that.
        if (!item->startsWith('"')
            && (item->contains(' ') || item->contains('\n') || item->contains('\t') || item->contains('\r')))
            return std::nullopt;
        if (!isValidUtf8(*item))
            return std::nullopt;
        request.op = Op::Put;
        request.itemJson = item->toByteArray();
    } else if (*op == "take") {
        if (item || role || id || tag)
            return std::nullopt;
        request.op = Op::Take;
    } else if (*op == "ack") {
        if (!tag || item || role || id || timeout)
            return std::nullopt;
        request.op = Op::Ack;
        request.tag = *tag;
    } else {
        return std::nullopt; // hello and status are rare: the general way
    }
    if (timeout) {
        if (*timeout > MaxTimeoutMs)
            return std::nullopt;
        request.timeoutMs = int(*timeout);
    }
    return request;
}

} // namespace

std::optional<NativeProtocol::Request> NativeProtocol::parseRequest(QByteArrayView line, QString *error,
                                                                    std::optional<Op> *op, ItemForm itemForm)
{
    QString ignored;
    QString &reason = error ? *error : ignored;
    if (op)
        op->reset();
    if (itemForm == ItemForm::Raw) {
        if (std::optional<Request> fast = parseRequestFast(line)) {
            if (op)
                *op = fast->op;
            return fast;
        }
    }
    auto fail = [&reason](const QString &why) {
        reason = why;
        return std::nullopt;
    };

    QByteArrayView rawItem;
    const std::optional<QCborValue> json = parseJsonCapturing(line, &reason, JsonFlavour::Strict, u"item",
                                                              itemForm == ItemForm::Raw ? &rawItem : nullptr);
    if (!json)
        return std::nullopt;
    if (!json->isMap())
        return fail(u"expected a JSON object"_s);
    const QCborMap object = json->toMap();

    if (!object.contains("op"_L1))
        return fail(u"missing \"op\""_s);
    const QCborValue opValue = object.value("op"_L1);
    if (!opValue.isString())
        return fail(u"\"op\" must be a string"_s);
    const std::optional<Op> known = opFromName(opValue.toString());
    if (!known)
        return fail(u"unknown op %1"_s.arg(quotedForError(opValue.toString())));
    if (op)
        *op = known;

    Request request;
    request.op = *known;

    auto readTimeout = [&]() -> bool {
        if (!object.contains("timeout_ms"_L1))
            return true;
        const auto timeout = integerIn(object.value("timeout_ms"_L1), 0, MaxTimeoutMs);
        if (!timeout)
            return false;
        request.timeoutMs = static_cast<int>(*timeout);
        return true;
    };
    const QString timeoutError = u"\"timeout_ms\" must be an integer from 0 to %1"_s.arg(MaxTimeoutMs);

    switch (request.op) {
    case Op::Hello: {
        if (!object.contains("role"_L1))
            return fail(u"missing \"role\""_s);
        const QCborValue role = object.value("role"_L1);
        if (role.isString() && role.toString() == "producer"_L1)
            request.role = Role::Producer;
        else if (role.isString() && role.toString() == "consumer"_L1)
            request.role = Role::Consumer;
        else
            return fail(u"\"role\" must be \"producer\" or \"consumer\""_s);
        if (!object.contains("id"_L1))
            return fail(u"missing \"id\""_s);
        const QCborValue id = object.value("id"_L1);
        if (!id.isString())
            return fail(u"\"id\" must be a string"_s);
        request.id = id.toString();
        const qsizetype characters = QStringView(request.id).toUcs4().size();
        if (characters < 1 || characters > MaxIdLength)
            return fail(u"\"id\" must be 1 to %1 characters"_s.arg(MaxIdLength));
        break;
    }
    case Op::Put:
        if (!object.contains("item"_L1))
            return fail(u"missing \"item\""_s);
        if (itemForm == ItemForm::Raw) {
            request.itemJson = withoutWhitespace(rawItem);
        } else {
            request.exactItem = object.value("item"_L1);
            request.item = request.exactItem.toJsonValue();
            appendJson(request.itemJson, request.exactItem);
        }
        if (!readTimeout())
            return fail(timeoutError);
        break;
    case Op::Take:
        if (!readTimeout())
            return fail(timeoutError);
        break;
    case Op::Ack: {
        if (!object.contains("tag"_L1))
            return fail(u"missing \"tag\""_s);
        const auto tag = integerIn(object.value("tag"_L1), 0, std::numeric_limits<qint64>::max());
        if (!tag)
            return fail(u"\"tag\" must be a non-negative integer"_s);
        request.tag = *tag;
        break;
    }
    case Op::Status:
        break;
    }
    return request;
}

QByteArray NativeProtocol::encodeRequest(const Request &request)
{
    QByteArray out = "{\"op\":";
    appendEscaped(out, opName(request.op));
    switch (request.op) {
    case Op::Hello:
        appendField(out, "role"_L1, roleName(request.role));
        appendField(out, "id"_L1, request.id);
        break;
    case Op::Put:
        appendField(out, "item"_L1,
                    request.exactItem.isUndefined() ? QCborValue::fromJsonValue(request.item)
                                                    : request.exactItem);
        if (request.timeoutMs >= 0)
            appendField(out, "timeout_ms"_L1, request.timeoutMs);
        break;
    case Op::Take:
        if (request.timeoutMs >= 0)
            appendField(out, "timeout_ms"_L1, request.timeoutMs);
        break;
    case Op::Ack:
        appendField(out, "tag"_L1, request.tag);
        break;
    case Op::Status:
        break;
    }
    out += "}\n";
    return out;
}

QByteArray NativeProtocol::okReply(Op op,
                                   std::initializer_list<std::pair<QLatin1StringView, QJsonValue>> fields)
{
    QByteArray out = "{\"ok\":true,\"op\":";
    appendEscaped(out, opName(op));
    for (const auto &[key, value] : fields)
        appendField(out, key, QCborValue::fromJsonValue(value));
    out += "}\n";
    return out;
}

QByteArray NativeProtocol::putReply(int size)
{
    return "{\"ok\":true,\"op\":\"put\",\"size\":" + QByteArray::number(size) + "}\n";
}

QByteArray NativeProtocol::ackReply()
{
    return QByteArrayLiteral("{\"ok\":true,\"op\":\"ack\"}\n");
}

QByteArray NativeProtocol::takeReply(QByteArrayView itemJson, qint64 tag, int size)
{
    QByteArray out;
    out.reserve(itemJson.size() + 64);
    out += "{\"ok\":true,\"op\":\"take\",\"item\":";
    out += itemJson;
    out += ",\"tag\":";
    out += QByteArray::number(tag);
    out += ",\"size\":";
    out += QByteArray::number(size);
    out += "}\n";
    return out;
}

QByteArray NativeProtocol::errorReply(const QString &error, std::optional<Op> op)
{
    QByteArray out = "{\"ok\":false";
    if (op)
        appendField(out, "op"_L1, opName(*op));
    appendField(out, "error"_L1, error);
    out += "}\n";
    return out;
}

std::optional<NativeProtocol::Reply> NativeProtocol::parseReply(QByteArrayView line)
{
    const std::optional<QCborValue> json = parseJson(line);
    if (!json || !json->isMap())
        return std::nullopt;
    const QCborMap object = json->toMap();
    const QCborValue ok = object.value("ok"_L1);
    if (!ok.isBool())
        return std::nullopt;
    Reply reply;
    reply.ok = ok.toBool();
    reply.op = object.value("op"_L1).toString();
    reply.error = object.value("error"_L1).toString();
    reply.object = object.toJsonObject();
    return reply;
}

QByteArray NativeProtocol::toJson(const QJsonValue &value)
{
    QByteArray out;
    appendJson(out, QCborValue::fromJsonValue(value));
    return out;
}
