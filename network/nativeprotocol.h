#pragma once

#include <QByteArray>
#include <QCborValue>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>

#include <optional>

// BufferLab's native wire protocol: a persistent TCP connection, one JSON object per line
// ('\n'-terminated UTF-8, at most 64 KiB a line, see MessageReader). Requests on one connection
// are answered in order, one reply line per request.
//
//   {"op":"hello","role":"producer"|"consumer","id":"P1"}
//       -> {"ok":true,"op":"hello","capacity":15,"size":3,"protocol":1}
//   {"op":"put","item":<any JSON>}                 (producers; optional "timeout_ms":N)
//       -> {"ok":true,"op":"put","size":4}          held back while the buffer is full
//   {"op":"take"}                                  (consumers; optional "timeout_ms":N)
//       -> {"ok":true,"op":"take","item":<json>,"tag":17,"size":2}   held back while empty
//   {"op":"ack","tag":17}                          (consumers)
//       -> {"ok":true,"op":"ack"}
//   {"op":"status"}
//       -> {"ok":true,"op":"status","size":..,"capacity":..,"producers":..,"consumers":..,
//           "waiting_producers":..,"waiting_consumers":..,"unacked":..}
//   a put or take whose timeout runs out -> {"ok":false,"op":"put","error":"timeout"}
//   anything wrong -> {"ok":false,"error":"<what is wrong>"} (with "op" when the op was known)
//
// An item delivered by take and not acked when its connection closes goes back to the head of
// the buffer. Encoding is compact JSON (no spaces), keys in the order shown above; numbers with an
// integral value are written as integers. Unknown keys in a request are ignored, so that newer
// clients may add fields; a repeated key counts once, with its last value (as in Python).
//
// Why parseJson() and the exactItem fields exist: in Qt 6.4 a QJsonValue cannot hold a floating
// point number with an integral value (QJsonValue(5.0) and QJsonDocument's parser both store the
// integer 5) and a QJsonObject sorts its keys. The legacy replies must render an item 5.0 as 5.0
// and a dict in the order it was sent, so requests are parsed into a QCborValue first, which keeps
// both; the QJsonValue fields are filled from it for code that does not care.
class NativeProtocol
{
public:
    static constexpr int Version = 1;

    enum class Op { Hello, Put, Take, Ack, Status };
    enum class Role { Producer, Consumer };

    struct Request
    {
        Op op = Op::Status;
        Role role = Role::Producer; // hello only
        QString id; // hello only; 1 to 64 characters
        QJsonValue item; // put only; any JSON value, including null
        qint64 tag = -1; // ack only; >= 0
        int timeoutMs = -1; // put and take; -1 = wait for ever, else 0 to 86,400,000
        QCborValue exactItem; // put only; item as sent (see above); encodeRequest() uses it
                              // instead of item unless it is undefined
        QByteArray itemJson; // put only; the item's JSON text as sent, without whitespace
    };

    // What parseRequest() builds of a put's item. A server that only passes items on needs no
    // more than their (validated) JSON text: Raw fills itemJson alone, and skips building values,
    // which is most of the cost of a put.
    enum class ItemForm { Values, Raw };

    struct Reply
    {
        bool ok = false;
        QString op; // empty if the server did not name it
        QString error; // when !ok
        QJsonObject object; // the whole reply, for the other fields
    };

    static QString opName(Op op);
    static std::optional<Op> opFromName(QStringView name);
    static QString roleName(Role role);

    // Parses one line (without '\n'). On failure returns nothing and sets *error to a short,
    // specific reason ("not JSON: ...", "not valid UTF-8", "expected a JSON object", "missing
    // \"op\"", "unknown op \"x\"", "missing \"item\"", "\"tag\" must be a non-negative integer",
    // "\"timeout_ms\" must be an integer from 0 to 86400000", "\"role\" must be \"producer\" or
    // \"consumer\"", ...). If the op itself was recognised, *op is set even on failure, so the
    // error reply can name it. "tag" and "timeout_ms" take any number with an integral value (5 or
    // 5.0, not 5.5); "id" counts characters, not UTF-16 units.
    static std::optional<Request> parseRequest(QByteArrayView line, QString *error,
                                               std::optional<Op> *op = nullptr,
                                               ItemForm itemForm = ItemForm::Values);
    // One line, '\n'-terminated.
    static QByteArray encodeRequest(const Request &request);

    // {"ok":true,"op":<op>, ...fields in the given order...}\n
    static QByteArray okReply(Op op,
                              std::initializer_list<std::pair<QLatin1StringView, QJsonValue>> fields = {});
    // The replies a server sends most, built without going through JSON values:
    // {"ok":true,"op":"put","size":<size>}\n and {"ok":true,"op":"ack"}\n.
    static QByteArray putReply(int size);
    static QByteArray ackReply();
    // {"ok":true,"op":"take","item":<itemJson>,"tag":<tag>,"size":<size>}\n, the item spliced in as is.
    static QByteArray takeReply(QByteArrayView itemJson, qint64 tag, int size);
    // {"ok":false,"op":<op>,"error":<error>}\n, or without "op" when op is empty.
    static QByteArray errorReply(const QString &error, std::optional<Op> op = std::nullopt);
    // The error a server sends every native client, waiting or not, just before it closes the
    // connection on shutdown.
    static constexpr QLatin1StringView ShuttingDown {"server shutting down"};
    // Parses a reply line (for clients); nothing if the line is not a JSON object with "ok".
    static std::optional<Reply> parseReply(QByteArrayView line);

    // Compact JSON text of any value (QJsonDocument only takes objects and arrays).
    static QByteArray toJson(const QJsonValue &value);

    // JSON text (RFC 8259, UTF-8) to a value that keeps 5.0 apart from 5 and object keys in the
    // order sent (a repeated key keeps its first place and takes its last value, as in Python).
    // Nesting deeper than MaxJsonDepth is refused. The Python flavour also accepts what Python's
    // json.loads() does beyond the RFC: NaN, Infinity, -Infinity and numbers that overflow a
    // double. Integers beyond 64 bits become doubles, and an escaped lone surrogate ("\ud800")
    // becomes '?'. On failure returns nothing and sets *error to "not valid UTF-8" or
    // "not JSON: <what> at offset <n>".
    enum class JsonFlavour { Strict, Python };
    static constexpr int MaxJsonDepth = 512;
    static std::optional<QCborValue> parseJson(QByteArrayView text, QString *error = nullptr,
                                               JsonFlavour flavour = JsonFlavour::Strict);
};
