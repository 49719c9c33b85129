// Data rows are built with '+', and a QTest column takes exactly its declared type, not the
// QStringBuilder that '+' makes under QT_USE_QSTRINGBUILDER.
#undef QT_USE_QSTRINGBUILDER

#include "legacyprotocol.h"
#include "nativeprotocol.h"

#include <QCborArray>
#include <QCborMap>
#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

#include <cmath>

using namespace Qt::StringLiterals;

using Type = LegacyProtocol::Type;

class TestLegacyProtocol : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void pythonStrAndJson_data();
    void pythonStrAndJson();
    void pythonOfQJsonValue();
    void fixedReplies();
    void successReplies_data();
    void successReplies();
    void replyLimit_data();
    void replyLimit();
    void consumerItemNeverShortened();
    void parseRequest_data();
    void parseRequest();
    void parseRequestRejects_data();
    void parseRequestRejects();
    void encodeRequest();
    void parseReply();
    void replyRoundTrip_data();
    void replyRoundTrip();
};

namespace {

// An item as the original server would have it after json.loads().
QCborValue item(QByteArrayView json)
{
    QString error;
    const auto value = NativeProtocol::parseJson(json, &error, NativeProtocol::JsonFlavour::Python);
    if (!value)
        qWarning() << "bad test item" << json << error;
    return value.value_or(QCborValue());
}

} // namespace

void TestLegacyProtocol::pythonStrAndJson_data()
{
    QTest::addColumn<QByteArray>("json"); // as the client sent it
    QTest::addColumn<QString>("str"); // str(json.loads(json))
    QTest::addColumn<QByteArray>("dumps"); // json.dumps(json.loads(json))

    QTest::addRow("string") << QByteArray(R"("apple")") << u"apple"_s << QByteArray(R"("apple")");
    QTest::addRow("integer") << QByteArray("5") << u"5"_s << QByteArray("5");
    QTest::addRow("negative") << QByteArray("-7") << u"-7"_s << QByteArray("-7");
    QTest::addRow("big integer") << QByteArray("123456789012345678") << u"123456789012345678"_s
                                 << QByteArray("123456789012345678");
    QTest::addRow("integral float") << QByteArray("5.0") << u"5.0"_s << QByteArray("5.0");
    QTest::addRow("negative zero") << QByteArray("-0.0") << u"-0.0"_s << QByteArray("-0.0");
    QTest::addRow("tenth") << QByteArray("0.1") << u"0.1"_s << QByteArray("0.1");
    QTest::addRow("two and a half") << QByteArray("2.5") << u"2.5"_s << QByteArray("2.5");
    QTest::addRow("1e16") << QByteArray("1e16") << u"1e+16"_s << QByteArray("1e+16");
    QTest::addRow("1e15") << QByteArray("1e15") << u"1000000000000000.0"_s
                          << QByteArray("1000000000000000.0");
    QTest::addRow("1e-5") << QByteArray("1e-5") << u"1e-05"_s << QByteArray("1e-05");
    QTest::addRow("0.0001") << QByteArray("0.0001") << u"0.0001"_s << QByteArray("0.0001");
    QTest::addRow("1.5e300") << QByteArray("1.5e300") << u"1.5e+300"_s << QByteArray("1.5e+300");
    QTest::addRow("1e100") << QByteArray("1E100") << u"1e+100"_s << QByteArray("1e+100");
    QTest::addRow("shortest round trip") << QByteArray("123456789012345678.0") << u"1.2345678901234568e+17"_s
                                         << QByteArray("1.2345678901234568e+17");
    QTest::addRow("smallest denormal") << QByteArray("5e-324") << u"5e-324"_s << QByteArray("5e-324");
    QTest::addRow("true") << QByteArray("true") << u"True"_s << QByteArray("true");
    QTest::addRow("false") << QByteArray("false") << u"False"_s << QByteArray("false");
    QTest::addRow("null") << QByteArray("null") << u"None"_s << QByteArray("null");
    QTest::addRow("NaN") << QByteArray("NaN") << u"nan"_s << QByteArray("NaN");
    QTest::addRow("infinities") << QByteArray("[Infinity, -Infinity]") << u"[inf, -inf]"_s
                                << QByteArray("[Infinity, -Infinity]");
    QTest::addRow("list") << QByteArray(R"([1,"x",2.0,null,true])") << u"[1, 'x', 2.0, None, True]"_s
                          << QByteArray(R"([1, "x", 2.0, null, true])");
    QTest::addRow("dict") << QByteArray(R"({"a":1})") << u"{'a': 1}"_s << QByteArray(R"({"a": 1})");
    QTest::addRow("dict keeps its order")
        << QByteArray(R"({"b": 1, "a": [1.0, {"c": null}]})") << u"{'b': 1, 'a': [1.0, {'c': None}]}"_s
        << QByteArray(R"({"b": 1, "a": [1.0, {"c": null}]})");
    QTest::addRow("repeated key") << QByteArray(R"({"a": 1, "a": 2, "b": 3})") << u"{'a': 2, 'b': 3}"_s
                                  << QByteArray(R"({"a": 2, "b": 3})");
    QTest::addRow("empty containers") << QByteArray("[[], {}]") << u"[[], {}]"_s << QByteArray("[[], {}]");
    QTest::addRow("apostrophe") << QByteArray(R"("it's")") << u"it's"_s << QByteArray(R"("it's")");
    QTest::addRow("apostrophe in a list")
        << QByteArray(R"(["it's"])") << u"[\"it's\"]"_s << QByteArray(R"(["it's"])");
    QTest::addRow("both quotes in a list") << QByteArray(R"(["both ' and \""])") << u"['both \\' and \"']"_s
                                           << QByteArray(R"(["both ' and \""])");
    QTest::addRow("double quotes") << QByteArray(R"("say \"hi\"")") << u"say \"hi\""_s
                                   << QByteArray(R"("say \"hi\"")");
    QTest::addRow("backslash") << QByteArray(R"(["back\\slash"])") << u"['back\\\\slash']"_s
                               << QByteArray(R"(["back\\slash"])");
    QTest::addRow("quotes in keys") << QByteArray(R"({"k'": "v\""})") << u"{\"k'\": 'v\"'}"_s
                                    << QByteArray(R"({"k'": "v\""})");
    QTest::addRow("non-ASCII string") << QByteArray(R"("caf\u00e9 \u00a0 \u0085 \u200b \ud83d\ude00")")
                                      << u"caf\u00e9 \u00a0 \u0085 \u200b \U0001F600"_s
                                      << QByteArray(R"("caf\u00e9 \u00a0 \u0085 \u200b \ud83d\ude00")");
    QTest::addRow("non-ASCII in a list") << QByteArray("[\"caf\xc3\xa9\", \"\xf0\x9f\x98\x80\", \"\\u4e2d\"]")
                                         << u"['caf\u00e9', '\U0001F600', '\u4e2d']"_s
                                         << QByteArray(R"(["caf\u00e9", "\ud83d\ude00", "\u4e2d"])");
    QTest::addRow("unprintable in a list")
        << QByteArray(R"(["\u0007\t\n\r\u007f", "\u00a0\u0085\u00ad", "\u200b\u2028\ue000", "\udb40\udc01"])")
        << u"['\\x07\\t\\n\\r\\x7f', '\\xa0\\x85\\xad', '\\u200b\\u2028\\ue000', '\\U000e0001']"_s
        << QByteArray(
               R"(["\u0007\t\n\r\u007f", "\u00a0\u0085\u00ad", "\u200b\u2028\ue000", "\udb40\udc01"])");
    QTest::addRow("floats in a list")
        << QByteArray("[1e22, 1e-7, 100.0, 1234.5]") << u"[1e+22, 1e-07, 100.0, 1234.5]"_s
        << QByteArray("[1e+22, 1e-07, 100.0, 1234.5]");
}

void TestLegacyProtocol::pythonStrAndJson()
{
    QFETCH(QByteArray, json);
    const QCborValue value = item(json);
    QTEST(LegacyProtocol::pythonStr(value), "str");
    QTEST(LegacyProtocol::pythonJson(value), "dumps");
}

// The QJsonValue overloads: the same rules, minus what QJsonValue loses (5.0, key order).
void TestLegacyProtocol::pythonOfQJsonValue()
{
    QCOMPARE(LegacyProtocol::pythonStr(QJsonValue(u"apple"_s)), u"apple"_s);
    QCOMPARE(LegacyProtocol::pythonStr(u"apple"_s), u"apple"_s); // still picks the QJsonValue overload
    QCOMPARE(LegacyProtocol::pythonStr(QJsonArray {1, u"x"_s, QJsonValue(), false}),
             u"[1, 'x', None, False]"_s);
    QCOMPARE(LegacyProtocol::pythonJson(QJsonArray {1, u"x"_s, QJsonValue(), false}),
             QByteArray(R"([1, "x", null, false])"));
    QCOMPARE(LegacyProtocol::pythonStr(QJsonObject {{u"b"_s, 1}, {u"a"_s, 2.5}}), u"{'a': 2.5, 'b': 1}"_s);
    QCOMPARE(LegacyProtocol::pythonStr(QJsonValue(5.0)), u"5"_s);
    QCOMPARE(LegacyProtocol::pythonJson(QJsonValue(0.1)), QByteArray("0.1"));
    QCOMPARE(LegacyProtocol::pythonJson(QJsonValue(QJsonValue::Undefined)), QByteArray("null"));
}

void TestLegacyProtocol::fixedReplies()
{
    QCOMPARE(LegacyProtocol::bufferFull(),
             QByteArray(R"({"status": "error", "message": "Buffer is full. Try again later."})"));
    QCOMPARE(LegacyProtocol::bufferEmpty(),
             QByteArray(R"({"status": "error", "message": "Buffer is empty. No items to consume."})"));
    QCOMPARE(LegacyProtocol::invalidType(),
             QByteArray(R"({"status": "error", "message": "Invalid client type"})"));
}

void TestLegacyProtocol::successReplies_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<int>("size");
    QTest::addColumn<QByteArray>("producer");
    QTest::addColumn<QByteArray>("consumer");

    QTest::addRow("string")
        << QByteArray(R"("apple")") << 3
        << QByteArray(
               R"({"status": "success", "message": "Item \"apple\" added to buffer", "buffer_size": 3})")
        << QByteArray(
               R"({"status": "success", "item": "apple", "message": "Item \"apple\" consumed", "buffer_size": 3})");
    QTest::addRow("integer")
        << QByteArray("5") << 0
        << QByteArray(R"({"status": "success", "message": "Item \"5\" added to buffer", "buffer_size": 0})")
        << QByteArray(
               R"({"status": "success", "item": 5, "message": "Item \"5\" consumed", "buffer_size": 0})");
    QTest::addRow("integral float")
        << QByteArray("5.0") << 15
        << QByteArray(
               R"({"status": "success", "message": "Item \"5.0\" added to buffer", "buffer_size": 15})")
        << QByteArray(
               R"({"status": "success", "item": 5.0, "message": "Item \"5.0\" consumed", "buffer_size": 15})");
    QTest::addRow("dict")
        << QByteArray(R"({"name": "Ada", "marks": [90, 85.5], "ok": true})") << 1
        << QByteArray(
               R"({"status": "success", "message": "Item \"{'name': 'Ada', 'marks': [90, 85.5], 'ok': True}\" added to buffer", "buffer_size": 1})")
        << QByteArray(
               R"({"status": "success", "item": {"name": "Ada", "marks": [90, 85.5], "ok": true}, "message": "Item \"{'name': 'Ada', 'marks': [90, 85.5], 'ok': True}\" consumed", "buffer_size": 1})");
    QTest::addRow("list with a quote")
        << QByteArray(R"(["it's", null])") << 2
        << QByteArray(
               R"({"status": "success", "message": "Item \"[\"it's\", None]\" added to buffer", "buffer_size": 2})")
        << QByteArray(
               R"({"status": "success", "item": ["it's", null], "message": "Item \"[\"it's\", None]\" consumed", "buffer_size": 2})");
    QTest::addRow("null")
        << QByteArray("null") << 4
        << QByteArray(
               R"({"status": "success", "message": "Item \"None\" added to buffer", "buffer_size": 4})")
        << QByteArray(
               R"({"status": "success", "item": null, "message": "Item \"None\" consumed", "buffer_size": 4})");
    QTest::addRow("unicode")
        << QByteArray("\"caf\xc3\xa9 \xf0\x9f\x98\x80\"") << 2
        << QByteArray(
               R"({"status": "success", "message": "Item \"caf\u00e9 \ud83d\ude00\" added to buffer", "buffer_size": 2})")
        << QByteArray(
               R"({"status": "success", "item": "caf\u00e9 \ud83d\ude00", "message": "Item \"caf\u00e9 \ud83d\ude00\" consumed", "buffer_size": 2})");
    QTest::addRow("unicode in a list")
        << QByteArray("[\"\xc3\xa9\", \"\\u00a0\"]") << 2
        << QByteArray(
               R"({"status": "success", "message": "Item \"['\u00e9', '\\xa0']\" added to buffer", "buffer_size": 2})")
        << QByteArray(
               R"({"status": "success", "item": ["\u00e9", "\u00a0"], "message": "Item \"['\u00e9', '\\xa0']\" consumed", "buffer_size": 2})");
    QTest::addRow("control characters")
        << QByteArray(R"("tab\there\nnew \u0001 \\ \u007f")") << 7
        << QByteArray(
               R"({"status": "success", "message": "Item \"tab\there\nnew \u0001 \\ \u007f\" added to buffer", "buffer_size": 7})")
        << QByteArray(
               R"({"status": "success", "item": "tab\there\nnew \u0001 \\ \u007f", "message": "Item \"tab\there\nnew \u0001 \\ \u007f\" consumed", "buffer_size": 7})");
}

void TestLegacyProtocol::successReplies()
{
    QFETCH(QByteArray, json);
    QFETCH(int, size);
    const QCborValue value = item(json);
    QTEST(LegacyProtocol::producerSuccess(value, size), "producer");
    QTEST(LegacyProtocol::consumerSuccess(value, size), "consumer");
}

void TestLegacyProtocol::replyLimit_data()
{
    QTest::addColumn<QString>("text"); // a string item
    QTest::addColumn<QByteArray>("reply");

    // Producer replies: {"status": "success", "message": (33 bytes) + message + , "buffer_size": 1} (19
    // bytes) leave 971 bytes for the quoted message; shortened it keeps 966 bytes of escaped text and "...".
    const QByteArray head = R"({"status": "success", "message": )";
    const QByteArray tail = R"(, "buffer_size": 1})";
    QTest::addRow("fits exactly") << QString(
        944, u'a') << head + "\"Item \\\"" + QByteArray(944, 'a') + "\\\" added to buffer\"" + tail;
    // The cut keeps the start of the message, so here a bit of its end too.
    QTest::addRow("one byte too many")
        << QString(945, u'a') << head + "\"Item \\\"" + QByteArray(945, 'a') + "\\\" added to bu...\"" + tail;
    QTest::addRow("much too long") << QString(5000, u'a')
                                   << head + "\"Item \\\"" + QByteArray(959, 'a') + "...\"" + tail;
    // Six bytes a character: 159 of them fill 954 of the 959 bytes left, a 160th would not fit.
    QTest::addRow("escaped characters")
        << QString(500, u'\u00e9')
        << head + "\"Item \\\"" + QByteArray("\\u00e9").repeated(159) + "...\"" + tail;
    // Twelve bytes a character: a surrogate pair is never cut in half.
    QTest::addRow("surrogate pairs") << u"\U0001F600"_s.repeated(
        200) << head + "\"Item \\\"" + QByteArray("\\ud83d\\ude00").repeated(79) + "...\"" + tail;
    QTest::addRow("quotes count twice")
        << QString(600, u'"') << head + "\"Item \\\"" + QByteArray("\\\"").repeated(479) + "...\"" + tail;
}

void TestLegacyProtocol::replyLimit()
{
    QFETCH(QString, text);
    QFETCH(QByteArray, reply);
    const QByteArray produced = LegacyProtocol::producerSuccess(QJsonValue(text), 1);
    QCOMPARE(produced, reply);
    QVERIFY(produced.size() < LegacyProtocol::MaxReplySize);
    // The original client must still be able to read it.
    const auto parsed = LegacyProtocol::parseReply(produced);
    QVERIFY(parsed);
    QVERIFY(parsed->success);
    QCOMPARE(parsed->bufferSize, 1);
}

void TestLegacyProtocol::consumerItemNeverShortened()
{
    // {"status": "success", "item": (30) + 902 + , (2) + "message": (11) = 945; the tail is 19:
    // 59 bytes are left for the quoted message.
    const QString text(900, u'b');
    const QByteArray reply = LegacyProtocol::consumerSuccess(QJsonValue(text), 0);
    QCOMPARE(reply,
             R"({"status": "success", "item": ")" + QByteArray(900, 'b') + R"(", "message": "Item \")"
                 + QByteArray(47, 'b') + R"(...", "buffer_size": 0})");
    QCOMPARE(reply.size(), 1023);

    // An item too big for the limit on its own: the item stays whole, the message shrinks to "...".
    const QString huge(2000, u'c');
    const QByteArray tooBig = LegacyProtocol::consumerSuccess(QJsonValue(huge), 0);
    QCOMPARE(tooBig,
             R"({"status": "success", "item": ")" + QByteArray(2000, 'c')
                 + R"(", "message": "...", "buffer_size": 0})");
}

void TestLegacyProtocol::parseRequest_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<Type>("type");
    QTest::addColumn<QString>("id");
    QTest::addColumn<bool>("hasItem");
    QTest::addColumn<QString>("itemStr"); // str() of the exact item

    QTest::addRow("producer") << QByteArray(R"({"type": "producer", "id": "P1", "item": "apple"})")
                              << Type::Producer << u"P1"_s << true << u"apple"_s;
    QTest::addRow("producer, numeric id") << QByteArray(R"({"type": "producer", "id": 1, "item": 5.0})")
                                          << Type::Producer << u"1"_s << true << u"5.0"_s;
    QTest::addRow("float id") << QByteArray(R"({"type": "producer", "id": 1.5, "item": [1, {"k": null}]})")
                              << Type::Producer << u"1.5"_s << true << u"[1, {'k': None}]"_s;
    QTest::addRow("null item") << QByteArray(R"({"type": "producer", "id": "P", "item": null})")
                               << Type::Producer << u"P"_s << true << u"None"_s;
    QTest::addRow("NaN item") << QByteArray(R"({"type": "producer", "id": "P", "item": NaN})")
                              << Type::Producer << u"P"_s << true << u"nan"_s;
    QTest::addRow("producer without item")
        << QByteArray(R"({"type": "producer", "id": "P"})") << Type::Producer << u"P"_s << false << u"None"_s;
    QTest::addRow("consumer") << QByteArray(R"({"type": "consumer", "id": "C1"})") << Type::Consumer
                              << u"C1"_s << false << u"None"_s;
    QTest::addRow("consumer, whitespace") << QByteArray(" {\"type\":\"consumer\",\n\"id\":\"C\"} ")
                                          << Type::Consumer << u"C"_s << false << u"None"_s;
    QTest::addRow("no id") << QByteArray(R"({"type": "consumer"})") << Type::Consumer << QString() << false
                           << u"None"_s;
    QTest::addRow("unknown type") << QByteArray(R"({"type": "observer", "id": "O"})") << Type::Invalid
                                  << u"O"_s << false << u"None"_s;
    QTest::addRow("type in capitals") << QByteArray(R"({"type": "Producer", "id": "P", "item": 1})")
                                      << Type::Invalid << u"P"_s << true << u"1"_s;
    QTest::addRow("type a number") << QByteArray(R"({"type": 1})") << Type::Invalid << QString() << false
                                   << u"None"_s;
    QTest::addRow("no type") << QByteArray("{}") << Type::Invalid << QString() << false << u"None"_s;
    QTest::addRow("native request") << QByteArray(R"({"op": "status"})") << Type::Invalid << QString()
                                    << false << u"None"_s;
}

void TestLegacyProtocol::parseRequest()
{
    QFETCH(QByteArray, data);
    QString error;
    const std::optional<LegacyProtocol::Request> request = LegacyProtocol::parseRequest(data, &error);
    QVERIFY2(request, qPrintable(error));
    QTEST(request->type, "type");
    QTEST(request->id, "id");
    QTEST(request->hasItem, "hasItem");
    QTEST(LegacyProtocol::pythonStr(request->exactItem), "itemStr");
    if (request->hasItem)
        QCOMPARE(request->item, request->exactItem.toJsonValue());
    else
        QVERIFY(request->exactItem.isUndefined());
}

void TestLegacyProtocol::parseRequestRejects_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QString>("error");
    QTest::addRow("empty") << QByteArray() << u"not JSON: empty"_s;
    QTest::addRow("cut short") << QByteArray(R"({"type": "producer")")
                               << u"not JSON: unexpected end at offset 19"_s;
    QTest::addRow("array") << QByteArray(R"([{"type": "producer"}])") << u"expected a JSON object"_s;
    QTest::addRow("string") << QByteArray(R"("producer")") << u"expected a JSON object"_s;
    QTest::addRow("invalid UTF-8") << QByteArray("{\"type\": \"\xff\"}") << u"not valid UTF-8"_s;
    QTest::addRow("garbage") << QByteArray("xyz") << u"not JSON: unexpected 'x' at offset 0"_s;
}

void TestLegacyProtocol::parseRequestRejects()
{
    QFETCH(QByteArray, data);
    QString error;
    QVERIFY(!LegacyProtocol::parseRequest(data, &error));
    QTEST(error, "error");
    QVERIFY(!LegacyProtocol::parseRequest(data, nullptr));
}

void TestLegacyProtocol::encodeRequest()
{
    QCOMPARE(LegacyProtocol::encodeRequest(Type::Producer, u"1"_s, QJsonValue(u"Item-1"_s)),
             QByteArray(R"({"type": "producer", "id": "1", "item": "Item-1"})"));
    QCOMPARE(LegacyProtocol::encodeRequest(Type::Consumer, u"2"_s),
             QByteArray(R"({"type": "consumer", "id": "2"})"));
    QCOMPARE(
        LegacyProtocol::encodeRequest(Type::Producer, u"P\u00e9"_s,
                                      QJsonObject {{u"name"_s, u"\U0001F600"_s}, {u"n"_s, 2}}),
        QByteArray(R"({"type": "producer", "id": "P\u00e9", "item": {"n": 2, "name": "\ud83d\ude00"}})"));
    QCOMPARE(LegacyProtocol::encodeRequest(Type::Invalid, u"x"_s),
             QByteArray(R"({"type": "invalid", "id": "x"})"));

    const auto parsed = LegacyProtocol::parseRequest(
        LegacyProtocol::encodeRequest(Type::Producer, u"P\"1"_s, QJsonArray {1, u"two"_s}), nullptr);
    QVERIFY(parsed);
    QCOMPARE(parsed->type, Type::Producer);
    QCOMPARE(parsed->id, u"P\"1"_s);
    QCOMPARE(parsed->item, QJsonValue(QJsonArray {1, u"two"_s}));
}

void TestLegacyProtocol::parseReply()
{
    const auto produced = LegacyProtocol::parseReply(
        R"({"status": "success", "message": "Item \"apple\" added to buffer", "buffer_size": 3})");
    QVERIFY(produced);
    QVERIFY(produced->success);
    QCOMPARE(produced->message, u"Item \"apple\" added to buffer"_s);
    QCOMPARE(produced->bufferSize, 3);
    QVERIFY(produced->exactItem.isUndefined());

    const auto consumed = LegacyProtocol::parseReply(
        R"({"status": "success", "item": {"b": 5.0, "a": 1}, "message": "Item \"{'b': 5.0, 'a': 1}\" consumed", "buffer_size": 0})");
    QVERIFY(consumed);
    QVERIFY(consumed->success);
    QCOMPARE(consumed->bufferSize, 0);
    QCOMPARE(LegacyProtocol::pythonStr(consumed->exactItem), u"{'b': 5.0, 'a': 1}"_s);
    QCOMPARE(consumed->item, QJsonValue(QJsonObject {{u"a"_s, 1}, {u"b"_s, 5}}));

    const auto full = LegacyProtocol::parseReply(LegacyProtocol::bufferFull());
    QVERIFY(full);
    QVERIFY(!full->success);
    QCOMPARE(full->message, u"Buffer is full. Try again later."_s);
    QCOMPARE(full->bufferSize, -1);

    QVERIFY(!LegacyProtocol::parseReply("{\"status\": \"succ"));
    QVERIFY(!LegacyProtocol::parseReply(R"({"ok": true})"));
    QVERIFY(!LegacyProtocol::parseReply(R"({"status": 1})"));
    QVERIFY(!LegacyProtocol::parseReply(R"(["status"])"));
    const auto oddSize = LegacyProtocol::parseReply(R"({"status": "success", "buffer_size": -4})");
    QVERIFY(oddSize);
    QCOMPARE(oddSize->bufferSize, -1);
}

void TestLegacyProtocol::replyRoundTrip_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addRow("string") << QByteArray(R"("apple")");
    QTest::addRow("float") << QByteArray("5.0");
    QTest::addRow("ordered dict") << QByteArray(R"({"z": [1, 2.5, {"y": null}], "a": "\u00e9\ud83d\ude00"})");
    QTest::addRow("infinity") << QByteArray("Infinity");
}

// What a consumer reply carries is the item the producer sent, exactly.
void TestLegacyProtocol::replyRoundTrip()
{
    QFETCH(QByteArray, json);
    const QCborValue sent = item(json);
    const auto reply = LegacyProtocol::parseReply(LegacyProtocol::consumerSuccess(sent, 9));
    QVERIFY(reply);
    QCOMPARE(reply->exactItem, sent);
    QCOMPARE(reply->bufferSize, 9);
    QCOMPARE(reply->message, u"Item \""_s + LegacyProtocol::pythonStr(sent) + u"\" consumed"_s);
}

QTEST_GUILESS_MAIN(TestLegacyProtocol)
#include "tst_legacyprotocol.moc"
