#pragma once

#include <QByteArray>
#include <QCborValue>
#include <QJsonValue>
#include <QString>

#include <concepts>
#include <optional>

// The original Python program's wire format, kept byte-for-byte: one request per connection, a
// JSON object with no delimiter, one reply the client reads with a single recv(1024), then the
// server closes the connection. Replies are encoded as Python's json.dumps() does by default
// (", " and ": " separators, non-ASCII escaped as \uXXXX, keys in this order):
//
//   {"type": "producer", "id": "<id>", "item": <any JSON>}
//     -> {"status": "success", "message": "Item \"<item>\" added to buffer", "buffer_size": <size after>}
//     -> {"status": "error", "message": "Buffer is full. Try again later."}
//   {"type": "consumer", "id": "<id>"}
//     -> {"status": "success", "item": <item>, "message": "Item \"<item>\" consumed", "buffer_size": <size
//     after>}
//     -> {"status": "error", "message": "Buffer is empty. No items to consume."}
//   any other type -> {"status": "error", "message": "Invalid client type"}
//
// <item> inside a message is Python's str() of the item (a string as is, True/False/None,
// lists and dicts in Python's repr). A reply is always under MaxReplySize bytes: if it would not
// be, the message text is shortened (ending in "...") — the item itself never is, so a consumer
// reply for an item whose JSON alone is near 1 KiB stays too long for the original client.
//
// Python tells 5.0 from 5 and keeps a dict's keys in the order they were sent; a QJsonValue does
// neither in Qt 6.4 (see NativeProtocol). Requests therefore also carry the item as a QCborValue
// (exactItem), and every function taking an item has an overload for it: store exactItem and hand
// it back to get replies identical to the original's. The QJsonValue versions render integral
// floats as integers and dict keys sorted.
class LegacyProtocol
{
public:
    static constexpr qsizetype MaxReplySize = 1024;

    enum class Type { Producer, Consumer, Invalid };

    struct Request
    {
        Type type = Type::Invalid;
        QString id; // as sent; numbers are converted to their text
        QJsonValue item; // producers
        bool hasItem = false;
        QCborValue exactItem; // the same item, as sent (see above)
    };

    // Parses one request object. Anything that is a JSON object parses (type Invalid when the
    // "type" is missing or unknown, as the original answered); nothing, with *error set, if the
    // data is not a JSON object at all. Accepts what json.loads() accepts (NaN, Infinity).
    static std::optional<Request> parseRequest(QByteArrayView data, QString *error);
    // What the original clients send: json.dumps({"type": ..., "id": ..., "item": ...}).
    static QByteArray encodeRequest(Type type, const QString &id,
                                    const QJsonValue &item = QJsonValue::Undefined);

    static QByteArray producerSuccess(const QJsonValue &item, int bufferSize);
    static QByteArray bufferFull();
    static QByteArray consumerSuccess(const QJsonValue &item, int bufferSize);
    static QByteArray bufferEmpty();
    static QByteArray invalidType();

    // The same for an exact item. Templates only so that a call with a QString or a number keeps
    // choosing the QJsonValue overload instead of becoming ambiguous.
    template<std::same_as<QCborValue> T> static QByteArray producerSuccess(const T &item, int bufferSize)
    {
        return producerReply(item, bufferSize);
    }
    template<std::same_as<QCborValue> T> static QByteArray consumerSuccess(const T &item, int bufferSize)
    {
        return consumerReply(item, bufferSize);
    }

    struct Reply
    {
        bool success = false;
        QString message;
        QJsonValue item; // consumer success only
        int bufferSize = -1;
        QCborValue exactItem; // the same item, as sent
    };
    // Parses a reply (for BufferLab's --legacy clients); nothing if it is not a reply object.
    static std::optional<Reply> parseReply(QByteArrayView data);

    // json.dumps(value) with Python's defaults (ensure_ascii=True, separators ", " and ": ",
    // floats in repr form such as 1.0 and 1e+100, integers without a fraction).
    static QByteArray pythonJson(const QJsonValue &value);
    // str(value) in Python for the decoded JSON value.
    static QString pythonStr(const QJsonValue &value);
    template<std::same_as<QCborValue> T> static QByteArray pythonJson(const T &value)
    {
        return pythonJsonOf(value);
    }
    template<std::same_as<QCborValue> T> static QString pythonStr(const T &value)
    {
        return pythonStrOf(value);
    }

private:
    static QByteArray producerReply(const QCborValue &item, int bufferSize);
    static QByteArray consumerReply(const QCborValue &item, int bufferSize);
    static QByteArray pythonJsonOf(const QCborValue &value);
    static QString pythonStrOf(const QCborValue &value);
};
