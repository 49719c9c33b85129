// Data rows are built with '+', and a QTest column takes exactly its declared type, not the
// QStringBuilder that '+' makes under QT_USE_QSTRINGBUILDER.
#undef QT_USE_QSTRINGBUILDER

#include "nativeprotocol.h"

#include <QCborArray>
#include <QCborMap>
#include <QJsonArray>
#include <QTest>

#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

using Op = NativeProtocol::Op;
using Role = NativeProtocol::Role;
using Request = NativeProtocol::Request;

Q_DECLARE_METATYPE(NativeProtocol::Request)

class TestNativeProtocol : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void names();
    void parseRequest_data();
    void parseRequest();
    void parseRequestErrors_data();
    void parseRequestErrors();
    void parseRequestKeepsExactItem();
    void rawItemIsTheCompactText_data();
    void rawItemIsTheCompactText();
    void rawItemErrorsAreTheSame_data();
    void rawItemErrorsAreTheSame();
    void rawAndValuesAgree_data();
    void rawAndValuesAgree();
    void takeReply();
    void encodeRequest_data();
    void encodeRequest();
    void encodeRequestRoundTrip_data();
    void encodeRequestRoundTrip();
    void okReply();
    void errorReply();
    void parseReply_data();
    void parseReply();
    void toJson_data();
    void toJson();
    void parseJsonKeepsNumbersApart();
    void parseJsonKeyOrderAndRepeats();
    void parseJsonEdgeNumbers();
    void parseJsonStrings();
};

namespace {

QByteArray itemJson(const Request &request)
{
    return NativeProtocol::toJson(request.item);
}

QCborValue json(QByteArrayView text,
                NativeProtocol::JsonFlavour flavour = NativeProtocol::JsonFlavour::Strict)
{
    QString error;
    const std::optional<QCborValue> value = NativeProtocol::parseJson(text, &error, flavour);
    if (!value)
        qWarning() << "parseJson failed:" << error;
    return value.value_or(QCborValue(QCborValue::Undefined));
}

Request makeRequest(Op op)
{
    Request request;
    request.op = op;
    return request;
}

} // namespace

void TestNativeProtocol::names()
{
    for (const Op op : {Op::Hello, Op::Put, Op::Take, Op::Ack, Op::Status})
        QCOMPARE(NativeProtocol::opFromName(NativeProtocol::opName(op)), op);
    QCOMPARE(NativeProtocol::opName(Op::Hello), u"hello"_s);
    QCOMPARE(NativeProtocol::opName(Op::Status), u"status"_s);
    QCOMPARE(NativeProtocol::opFromName(u"PUT"), std::nullopt);
    QCOMPARE(NativeProtocol::opFromName(u""), std::nullopt);
    QCOMPARE(NativeProtocol::roleName(Role::Producer), u"producer"_s);
    QCOMPARE(NativeProtocol::roleName(Role::Consumer), u"consumer"_s);
}

void TestNativeProtocol::parseRequest_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<Op>("op");
    QTest::addColumn<Role>("role");
    QTest::addColumn<QString>("id");
    QTest::addColumn<QByteArray>("item"); // compact JSON of the QJsonValue item
    QTest::addColumn<qint64>("tag");
    QTest::addColumn<int>("timeoutMs");

    QTest::addRow("hello producer") << QByteArray(R"({"op":"hello","role":"producer","id":"P1"})")
                                    << Op::Hello << Role::Producer << u"P1"_s << QByteArray("null")
                                    << qint64(-1) << -1;
    QTest::addRow("hello consumer, unicode id")
        << QByteArray("{\"op\":\"hello\",\"role\":\"consumer\",\"id\":\"C-\xc3\xa9\xf0\x9f\x98\x80\"}")
        << Op::Hello << Role::Consumer << u"C-\u00e9\U0001F600"_s << QByteArray("null") << qint64(-1) << -1;
    QTest::addRow("id of 64 characters")
        << R"({"op":"hello","role":"producer","id":")" + QByteArray(64, 'x') + "\"}" << Op::Hello
        << Role::Producer << QString(64, u'x') << QByteArray("null") << qint64(-1) << -1;
    QByteArray emoji64;
    QString emoji64Text;
    for (int i = 0; i < 64; ++i) {
        emoji64 += "\xf0\x9f\x98\x80";
        emoji64Text += u"\U0001F600"_s;
    }
    QTest::addRow("id of 64 characters beyond the BMP")
        << R"({"op":"hello","role":"producer","id":")" + emoji64 + "\"}" << Op::Hello << Role::Producer
        << emoji64Text << QByteArray("null") << qint64(-1) << -1;
    QTest::addRow("put string") << QByteArray(R"({"op":"put","item":"apple"})") << Op::Put << Role::Producer
                                << QString() << QByteArray("\"apple\"") << qint64(-1) << -1;
    QTest::addRow("put null") << QByteArray(R"({"op":"put","item":null})") << Op::Put << Role::Producer
                              << QString() << QByteArray("null") << qint64(-1) << -1;
    QTest::addRow("put object, timeout 0")
        << QByteArray(R"({"op":"put","item":{"b":[1,2.5,true],"a":null},"timeout_ms":0})") << Op::Put
        << Role::Producer << QString() << QByteArray(R"({"a":null,"b":[1,2.5,true]})") << qint64(-1) << 0;
    QTest::addRow("put float, longest timeout")
        << QByteArray(R"({"op":"put","item":5.0,"timeout_ms":86400000})") << Op::Put << Role::Producer
        << QString() << QByteArray("5") << qint64(-1) << 86'400'000;
    QTest::addRow("integral float timeout")
        << QByteArray(R"({"op":"put","item":"x","timeout_ms":5000.0})") << Op::Put << Role::Producer
        << QString() << QByteArray("\"x\"") << qint64(-1) << 5000;
    QTest::addRow("take") << QByteArray(R"({"op":"take"})") << Op::Take << Role::Producer << QString()
                          << QByteArray("null") << qint64(-1) << -1;
    QTest::addRow("take with timeout")
        << QByteArray(R"({"op":"take","timeout_ms":250})") << Op::Take << Role::Producer << QString()
        << QByteArray("null") << qint64(-1) << 250;
    QTest::addRow("ack 0") << QByteArray(R"({"op":"ack","tag":0})") << Op::Ack << Role::Producer << QString()
                           << QByteArray("null") << qint64(0) << -1;
    QTest::addRow("ack 17") << QByteArray(R"({"op":"ack","tag":17})") << Op::Ack << Role::Producer
                            << QString() << QByteArray("null") << qint64(17) << -1;
    QTest::addRow("ack largest tag") << QByteArray(R"({"op":"ack","tag":9223372036854775807})") << Op::Ack
                                     << Role::Producer << QString() << QByteArray("null")
                                     << std::numeric_limits<qint64>::max() << -1;
    QTest::addRow("ack tag written as float")
        << QByteArray(R"({"op":"ack","tag":1e18})") << Op::Ack << Role::Producer << QString()
        << QByteArray("null") << qint64(1'000'000'000'000'000'000) << -1;
    QTest::addRow("status") << QByteArray(R"({"op":"status"})") << Op::Status << Role::Producer << QString()
                            << QByteArray("null") << qint64(-1) << -1;
    QTest::addRow("spaces and unknown keys")
        << QByteArray(" {\t\"op\" : \"status\" , \"extra\": [1, {}] } ") << Op::Status << Role::Producer
        << QString() << QByteArray("null") << qint64(-1) << -1;
    QTest::addRow("repeated op, last wins")
        << QByteArray(R"({"op":"take","op":"status"})") << Op::Status << Role::Producer << QString()
        << QByteArray("null") << qint64(-1) << -1;
    QTest::addRow("fields of other ops ignored")
        << QByteArray(R"({"op":"status","role":"admin","tag":-5})") << Op::Status << Role::Producer
        << QString() << QByteArray("null") << qint64(-1) << -1;
}

void TestNativeProtocol::parseRequest()
{
    QFETCH(QByteArray, line);
    QString error;
    std::optional<Op> parsedOp;
    const std::optional<Request> request = NativeProtocol::parseRequest(line, &error, &parsedOp);
    QVERIFY2(request, qPrintable(error));
    QTEST(request->op, "op");
    QCOMPARE(parsedOp, std::optional<Op>(request->op));
    QTEST(request->role, "role");
    QTEST(request->id, "id");
    QTEST(itemJson(*request), "item");
    QTEST(request->tag, "tag");
    QTEST(request->timeoutMs, "timeoutMs");
}

void TestNativeProtocol::parseRequestErrors_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<QString>("error");
    QTest::addColumn<QString>("op"); // the op reported with the error, empty if none

    const QByteArray put = R"({"op":"put","item":)"; // the item starts at offset 19
    QTest::addRow("empty") << QByteArray() << u"not JSON: empty"_s << QString();
    QTest::addRow("blank") << QByteArray(" \t ") << u"not JSON: empty"_s << QString();
    QTest::addRow("word") << QByteArray("nope") << u"not JSON: unexpected 'n' at offset 0"_s << QString();
    QTest::addRow("cut short") << QByteArray(R"({"op":"put")") << u"not JSON: unexpected end at offset 11"_s
                               << QString();
    QTest::addRow("text after") << QByteArray(R"({"op":"status"}x)")
                                << u"not JSON: unexpected 'x' after the value at offset 15"_s << QString();
    QTest::addRow("two objects") << QByteArray(R"({"op":"status"}{"op":"status"})")
                                 << u"not JSON: unexpected '{' after the value at offset 15"_s << QString();
    QTest::addRow("trailing comma") << QByteArray(R"({"op":"status",})")
                                    << u"not JSON: unexpected '}' at offset 15"_s << QString();
    QTest::addRow("single quotes") << QByteArray("{'op':'status'}")
                                   << u"not JSON: unexpected quote at offset 1"_s << QString();
    QTest::addRow("missing colon") << QByteArray(R"({"op" "status"})")
                                   << u"not JSON: unexpected '\"' at offset 6"_s << QString();
    QTest::addRow("leading zero") << put + "01}" << u"not JSON: unexpected '1' at offset 20"_s << QString();
    QTest::addRow("lone minus") << put + "-}" << u"not JSON: invalid number at offset 19"_s << QString();
    QTest::addRow("no fraction digits")
        << put + "1.}" << u"not JSON: invalid number at offset 19"_s << QString();
    QTest::addRow("no exponent digits")
        << put + "1e}" << u"not JSON: invalid number at offset 19"_s << QString();
    QTest::addRow("leading point") << put + ".5}" << u"not JSON: unexpected '.' at offset 19"_s << QString();
    QTest::addRow("plus sign") << put + "+1}" << u"not JSON: unexpected '+' at offset 19"_s << QString();
    QTest::addRow("too big a number")
        << put + "1e400}" << u"not JSON: number out of range at offset 19"_s << QString();
    QTest::addRow("huge integer") << put + QByteArray(400, '9') + "}"
                                  << u"not JSON: number out of range at offset 19"_s << QString();
    QTest::addRow("NaN") << put + "NaN}" << u"not JSON: unexpected 'N' at offset 19"_s << QString();
    QTest::addRow("Infinity") << put + "-Infinity}" << u"not JSON: invalid number at offset 19"_s
                              << QString();
    QTest::addRow("broken literal") << put + "tru}" << u"not JSON: unexpected 't' at offset 19"_s
                                    << QString();
    QTest::addRow("control character")
        << put + "\"a\tb\"}" << u"not JSON: control character in a string at offset 21"_s << QString();
    QTest::addRow("NUL byte") << put + QByteArray("\"a\0b\"}", 6)
                              << u"not JSON: control character in a string at offset 21"_s << QString();
    QTest::addRow("bad escape") << put + R"("\x"})" << u"not JSON: invalid escape at offset 20"_s
                                << QString();
    QTest::addRow("bad unicode escape")
        << put + R"("\u12G4"})" << u"not JSON: invalid escape at offset 20"_s << QString();
    QTest::addRow("short unicode escape")
        << put + R"("\u12)" << u"not JSON: invalid escape at offset 20"_s << QString();
    QTest::addRow("unterminated string")
        << put + "\"abc" << u"not JSON: unterminated string at offset 19"_s << QString();
    QTest::addRow("backslash at the end")
        << put + "\"abc\\" << u"not JSON: unterminated string at offset 19"_s << QString();
    QTest::addRow("nested too deep") << put + QByteArray(512, '[') + QByteArray(512, ']') + "}"
                                     << u"not JSON: nested deeper than 512 levels at offset 530"_s
                                     << QString();
    QTest::addRow("invalid UTF-8") << QByteArray("{\"op\":\"\xff\"}") << u"not valid UTF-8"_s << QString();
    QTest::addRow("overlong UTF-8") << QByteArray("{\"op\":\"\xc0\x80\"}") << u"not valid UTF-8"_s
                                    << QString();
    QTest::addRow("UTF-8 surrogate") << QByteArray("{\"op\":\"\xed\xa0\x80\"}") << u"not valid UTF-8"_s
                                     << QString();
    QTest::addRow("UTF-8 beyond U+10FFFF")
        << QByteArray("{\"op\":\"\xf4\x90\x80\x80\"}") << u"not valid UTF-8"_s << QString();
    QTest::addRow("truncated UTF-8") << QByteArray("{\"op\":\"\xe2\x82") << u"not valid UTF-8"_s << QString();
    QTest::addRow("invalid UTF-8 before a JSON error")
        << QByteArray("\xff{") << u"not valid UTF-8"_s << QString();

    QTest::addRow("array") << QByteArray("[1,2]") << u"expected a JSON object"_s << QString();
    QTest::addRow("string") << QByteArray(R"("op")") << u"expected a JSON object"_s << QString();
    QTest::addRow("number") << QByteArray("5") << u"expected a JSON object"_s << QString();
    QTest::addRow("null") << QByteArray("null") << u"expected a JSON object"_s << QString();
    QTest::addRow("no op") << QByteArray("{}") << u"missing \"op\""_s << QString();
    QTest::addRow("op not a string") << QByteArray(R"({"op":5})") << u"\"op\" must be a string"_s
                                     << QString();
    QTest::addRow("op null") << QByteArray(R"({"op":null})") << u"\"op\" must be a string"_s << QString();
    QTest::addRow("unknown op") << QByteArray(R"({"op":"dance"})") << u"unknown op \"dance\""_s << QString();
    QTest::addRow("op in capitals") << QByteArray(R"({"op":"PUT"})") << u"unknown op \"PUT\""_s << QString();
    QTest::addRow("long unknown op") << R"({"op":")" + QByteArray(100, 'a') + "\"}"
                                     << u"unknown op \""_s + QString(32, u'a') + u"...\""_s << QString();
    QTest::addRow("long unknown op, pair at the cut")
        << R"({"op":")" + QByteArray(31, 'a') + "\xf0\x9f\x98\x80" + QByteArray(10, 'b') + "\"}"
        << u"unknown op \""_s + QString(31, u'a') + u"...\""_s << QString();

    const QByteArray hello = R"({"op":"hello",)";
    QTest::addRow("hello without role") << hello + R"("id":"P1"})" << u"missing \"role\""_s << u"hello"_s;
    QTest::addRow("hello, unknown role") << hello + R"("role":"admin","id":"P1"})"
                                         << u"\"role\" must be \"producer\" or \"consumer\""_s << u"hello"_s;
    QTest::addRow("hello, role a number") << hello + R"("role":1,"id":"P1"})"
                                          << u"\"role\" must be \"producer\" or \"consumer\""_s << u"hello"_s;
    QTest::addRow("hello without id") << hello + R"("role":"producer"})" << u"missing \"id\""_s << u"hello"_s;
    QTest::addRow("hello, id a number")
        << hello + R"("role":"producer","id":5})" << u"\"id\" must be a string"_s << u"hello"_s;
    QTest::addRow("hello, empty id") << hello + R"("role":"producer","id":""})"
                                     << u"\"id\" must be 1 to 64 characters"_s << u"hello"_s;
    QTest::addRow("hello, id of 65") << hello + R"("role":"producer","id":")" + QByteArray(65, 'x') + "\"}"
                                     << u"\"id\" must be 1 to 64 characters"_s << u"hello"_s;

    const QString timeoutError = u"\"timeout_ms\" must be an integer from 0 to 86400000"_s;
    QTest::addRow("put without item") << QByteArray(R"({"op":"put"})") << u"missing \"item\""_s << u"put"_s;
    QTest::addRow("put, negative timeout") << put + R"("x","timeout_ms":-1})" << timeoutError << u"put"_s;
    QTest::addRow("put, timeout too long")
        << put + R"("x","timeout_ms":86400001})" << timeoutError << u"put"_s;
    QTest::addRow("put, fractional timeout") << put + R"("x","timeout_ms":1.5})" << timeoutError << u"put"_s;
    QTest::addRow("put, timeout a string") << put + R"("x","timeout_ms":"5"})" << timeoutError << u"put"_s;
    QTest::addRow("put, timeout null") << put + R"("x","timeout_ms":null})" << timeoutError << u"put"_s;
    QTest::addRow("put, huge timeout") << put + R"("x","timeout_ms":1e300})" << timeoutError << u"put"_s;
    QTest::addRow("take, negative timeout")
        << QByteArray(R"({"op":"take","timeout_ms":-5})") << timeoutError << u"take"_s;
    QTest::addRow("take, timeout true")
        << QByteArray(R"({"op":"take","timeout_ms":true})") << timeoutError << u"take"_s;

    const QString tagError = u"\"tag\" must be a non-negative integer"_s;
    QTest::addRow("ack without tag") << QByteArray(R"({"op":"ack"})") << u"missing \"tag\""_s << u"ack"_s;
    QTest::addRow("ack, negative tag") << QByteArray(R"({"op":"ack","tag":-1})") << tagError << u"ack"_s;
    QTest::addRow("ack, tag a string") << QByteArray(R"({"op":"ack","tag":"5"})") << tagError << u"ack"_s;
    QTest::addRow("ack, fractional tag") << QByteArray(R"({"op":"ack","tag":1.5})") << tagError << u"ack"_s;
    QTest::addRow("ack, tag 2^63") << QByteArray(R"({"op":"ack","tag":9223372036854775808})") << tagError
                                   << u"ack"_s;
    QTest::addRow("ack, tag 1e300") << QByteArray(R"({"op":"ack","tag":1e300})") << tagError << u"ack"_s;
    QTest::addRow("ack, tag null") << QByteArray(R"({"op":"ack","tag":null})") << tagError << u"ack"_s;
    QTest::addRow("ack, tag an array") << QByteArray(R"({"op":"ack","tag":[1]})") << tagError << u"ack"_s;
}

void TestNativeProtocol::parseRequestErrors()
{
    QFETCH(QByteArray, line);
    QFETCH(QString, error);
    QFETCH(QString, op);
    QString reported;
    std::optional<Op> parsedOp = Op::Status; // must be cleared when the op is not known
    QCOMPARE(NativeProtocol::parseRequest(line, &reported, &parsedOp).has_value(), false);
    QCOMPARE(reported, error);
    QCOMPARE(parsedOp ? NativeProtocol::opName(*parsedOp) : QString(), op);
    // Both out-parameters are optional.
    QVERIFY(!NativeProtocol::parseRequest(line, nullptr));
}

void TestNativeProtocol::parseRequestKeepsExactItem()
{
    const auto request
        = NativeProtocol::parseRequest(R"({"op":"put","item":{"z":5.0,"a":[5,5.0]}})", nullptr);
    QVERIFY(request);
    const QCborMap item = request->exactItem.toMap();
    QCOMPARE(item.keys(), (QList<QCborValue> {u"z"_s, u"a"_s}));
    QVERIFY(item.value("z"_L1).isDouble());
    QVERIFY(item.value("a"_L1).toArray().at(0).isInteger());
    QVERIFY(item.value("a"_L1).toArray().at(1).isDouble());
    QCOMPARE(NativeProtocol::toJson(request->item), QByteArray(R"({"a":[5,5],"z":5})"));

    const auto hello = NativeProtocol::parseRequest(R"({"op":"hello","role":"producer","id":"P"})", nullptr);
    QVERIFY(hello);
    QVERIFY(hello->exactItem.isUndefined());
}

void TestNativeProtocol::encodeRequest_data()
{
    QTest::addColumn<Request>("request");
    QTest::addColumn<QByteArray>("line");

    Request hello = makeRequest(Op::Hello);
    hello.id = u"P1"_s;
    QTest::addRow("hello") << hello << QByteArray("{\"op\":\"hello\",\"role\":\"producer\",\"id\":\"P1\"}\n");
    Request awkward = makeRequest(Op::Hello);
    awkward.role = Role::Consumer;
    awkward.id = u"a\"b\\c\n\u0001\u00e9\U0001F600/"_s;
    QTest::addRow("hello, id needing escapes")
        << awkward
        << QByteArray("{\"op\":\"hello\",\"role\":\"consumer\",\"id\":"
                      "\"a\\\"b\\\\c\\n\\u0001\xc3\xa9\xf0\x9f\x98\x80/\"}\n");
    Request put = makeRequest(Op::Put);
    put.item = u"apple"_s;
    QTest::addRow("put") << put << QByteArray("{\"op\":\"put\",\"item\":\"apple\"}\n");
    Request putObject = makeRequest(Op::Put);
    putObject.item = QJsonObject {{u"b"_s, QJsonArray {1, 2.5, QJsonValue()}}, {u"a"_s, true}};
    putObject.timeoutMs = 5000;
    QTest::addRow("put object with timeout")
        << putObject
        << QByteArray("{\"op\":\"put\",\"item\":{\"a\":true,\"b\":[1,2.5,null]},\"timeout_ms\":5000}\n");
    Request putExact = makeRequest(Op::Put);
    putExact.item = u"ignored, exactItem wins"_s;
    putExact.exactItem = json(R"({"b":5.0,"a":[]})");
    QTest::addRow("put exact item") << putExact
                                    << QByteArray("{\"op\":\"put\",\"item\":{\"b\":5,\"a\":[]}}\n");
    QTest::addRow("put without item")
        << makeRequest(Op::Put) << QByteArray("{\"op\":\"put\",\"item\":null}\n");
    QTest::addRow("take") << makeRequest(Op::Take) << QByteArray("{\"op\":\"take\"}\n");
    Request take = makeRequest(Op::Take);
    take.timeoutMs = 0;
    QTest::addRow("take, timeout 0") << take << QByteArray("{\"op\":\"take\",\"timeout_ms\":0}\n");
    Request ack = makeRequest(Op::Ack);
    ack.tag = 17;
    QTest::addRow("ack") << ack << QByteArray("{\"op\":\"ack\",\"tag\":17}\n");
    QTest::addRow("status") << makeRequest(Op::Status) << QByteArray("{\"op\":\"status\"}\n");
}

void TestNativeProtocol::encodeRequest()
{
    QFETCH(Request, request);
    QTEST(NativeProtocol::encodeRequest(request), "line");
}

void TestNativeProtocol::encodeRequestRoundTrip_data()
{
    encodeRequest_data();
}

void TestNativeProtocol::encodeRequestRoundTrip()
{
    QFETCH(Request, request);
    const QByteArray line = NativeProtocol::encodeRequest(request);
    QCOMPARE(line.count('\n'), 1);
    QVERIFY(line.endsWith('\n'));
    QString error;
    const std::optional<Request> parsed = NativeProtocol::parseRequest(line.chopped(1), &error);
    QVERIFY2(parsed, qPrintable(error));
    QCOMPARE(parsed->op, request.op);
    QCOMPARE(parsed->timeoutMs, request.timeoutMs);
    QCOMPARE(parsed->tag, request.op == Op::Ack ? request.tag : -1);
    if (request.op == Op::Hello) {
        QCOMPARE(parsed->role, request.role);
        QCOMPARE(parsed->id, request.id);
    }
    if (request.op == Op::Put) {
        const QCborValue sent
            = request.exactItem.isUndefined() ? QCborValue::fromJsonValue(request.item) : request.exactItem;
        QCOMPARE(NativeProtocol::toJson(parsed->item), NativeProtocol::toJson(sent.toJsonValue()));
        QCOMPARE(parsed->exactItem.toJsonValue(), sent.isUndefined() ? QJsonValue() : sent.toJsonValue());
    }
}

void TestNativeProtocol::okReply()
{
    QCOMPARE(NativeProtocol::okReply(Op::Hello, {{"capacity"_L1, 15}, {"size"_L1, 3}, {"protocol"_L1, 1}}),
             QByteArray("{\"ok\":true,\"op\":\"hello\",\"capacity\":15,\"size\":3,\"protocol\":1}\n"));
    QCOMPARE(NativeProtocol::okReply(Op::Put, {{"size"_L1, 4}}),
             QByteArray("{\"ok\":true,\"op\":\"put\",\"size\":4}\n"));
    QCOMPARE(NativeProtocol::okReply(Op::Take,
                                     {{"item"_L1, QJsonObject {{u"name"_s, u"Ada"_s}, {u"grade"_s, 2.5}}},
                                      {"tag"_L1, 17},
                                      {"size"_L1, 2}}),
             QByteArray("{\"ok\":true,\"op\":\"take\",\"item\":{\"grade\":2.5,\"name\":\"Ada\"},\"tag\":17,"
                        "\"size\":2}\n"));
    QCOMPARE(NativeProtocol::okReply(Op::Ack), QByteArray("{\"ok\":true,\"op\":\"ack\"}\n"));
    // Fields stay in the order given, not sorted.
    QCOMPARE(NativeProtocol::okReply(Op::Status,
                                     {{"size"_L1, 1},
                                      {"capacity"_L1, 15},
                                      {"producers"_L1, 2},
                                      {"consumers"_L1, 3},
                                      {"waiting_producers"_L1, 0},
                                      {"waiting_consumers"_L1, 1},
                                      {"unacked"_L1, 4}}),
             QByteArray(
                 "{\"ok\":true,\"op\":\"status\",\"size\":1,\"capacity\":15,\"producers\":2,\"consumers\":3,"
                 "\"waiting_producers\":0,\"waiting_consumers\":1,\"unacked\":4}\n"));
}

void TestNativeProtocol::errorReply()
{
    QCOMPARE(NativeProtocol::errorReply(u"timeout"_s, Op::Put),
             QByteArray("{\"ok\":false,\"op\":\"put\",\"error\":\"timeout\"}\n"));
    QCOMPARE(NativeProtocol::errorReply(u"missing \"op\""_s),
             QByteArray("{\"ok\":false,\"error\":\"missing \\\"op\\\"\"}\n"));
    // Whatever the text, the reply stays one line.
    const QByteArray multiLine = NativeProtocol::errorReply(u"two\nlines\r\u2028end"_s, Op::Take);
    QCOMPARE(multiLine,
             QByteArray("{\"ok\":false,\"op\":\"take\",\"error\":\"two\\nlines\\r\xe2\x80\xa8"
                        "end\"}\n"));
    QCOMPARE(multiLine.count('\n'), 1);
}

void TestNativeProtocol::parseReply_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QString>("op");
    QTest::addColumn<QString>("error");
    QTest::addColumn<QByteArray>("object");

    QTest::addRow("hello") << QByteArray(R"({"ok":true,"op":"hello","capacity":15,"size":3,"protocol":1})")
                           << true << true << u"hello"_s << QString()
                           << QByteArray(R"({"capacity":15,"ok":true,"op":"hello","protocol":1,"size":3})");
    QTest::addRow("take") << QByteArray(R"({"ok":true,"op":"take","item":{"a":[1,"x"]},"tag":17,"size":2})")
                          << true << true << u"take"_s << QString()
                          << QByteArray(R"({"item":{"a":[1,"x"]},"ok":true,"op":"take","size":2,"tag":17})");
    QTest::addRow("timeout") << QByteArray(R"({"ok":false,"op":"put","error":"timeout"})") << true << false
                             << u"put"_s << u"timeout"_s
                             << QByteArray(R"({"error":"timeout","ok":false,"op":"put"})");
    QTest::addRow("error without op")
        << QByteArray(R"({"ok":false,"error":"missing \"op\""})") << true << false << QString()
        << u"missing \"op\""_s << QByteArray(R"({"error":"missing \"op\"","ok":false})");
    QTest::addRow("not JSON") << QByteArray("nope") << false << false << QString() << QString()
                              << QByteArray();
    QTest::addRow("no ok") << QByteArray(R"({"op":"put"})") << false << false << QString() << QString()
                           << QByteArray();
    QTest::addRow("ok not a bool") << QByteArray(R"({"ok":1})") << false << false << QString() << QString()
                                   << QByteArray();
    QTest::addRow("array") << QByteArray(R"([{"ok":true}])") << false << false << QString() << QString()
                           << QByteArray();
    QTest::addRow("legacy reply") << QByteArray(R"({"status": "success", "message": "x", "buffer_size": 1})")
                                  << false << false << QString() << QString() << QByteArray();
}

void TestNativeProtocol::parseReply()
{
    QFETCH(QByteArray, line);
    QFETCH(bool, valid);
    const std::optional<NativeProtocol::Reply> reply = NativeProtocol::parseReply(line);
    QCOMPARE(reply.has_value(), valid);
    if (!reply)
        return;
    QTEST(reply->ok, "ok");
    QTEST(reply->op, "op");
    QTEST(reply->error, "error");
    QTEST(NativeProtocol::toJson(reply->object), "object");
}

void TestNativeProtocol::toJson_data()
{
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<QByteArray>("json");

    QTest::addRow("null") << QJsonValue() << QByteArray("null");
    QTest::addRow("undefined") << QJsonValue(QJsonValue::Undefined) << QByteArray("null");
    QTest::addRow("true") << QJsonValue(true) << QByteArray("true");
    QTest::addRow("false") << QJsonValue(false) << QByteArray("false");
    QTest::addRow("integer") << QJsonValue(5) << QByteArray("5");
    QTest::addRow("negative") << QJsonValue(-5) << QByteArray("-5");
    QTest::addRow("largest integer") << QJsonValue(std::numeric_limits<qint64>::max())
                                     << QByteArray("9223372036854775807");
    QTest::addRow("fraction") << QJsonValue(2.5) << QByteArray("2.5");
    QTest::addRow("integral double") << QJsonValue(5.0) << QByteArray("5");
    QTest::addRow("tenth") << QJsonValue(0.1) << QByteArray("0.1");
    QTest::addRow("tiny") << QJsonValue(1e-7) << QByteArray("1e-07");
    QTest::addRow("huge") << QJsonValue(1e300) << QByteArray("1e+300");
    QTest::addRow("beyond 64 bits") << QJsonValue(1e20) << QByteArray("1e+20");
    QTest::addRow("NaN") << QJsonValue(std::nan("")) << QByteArray("null");
    QTest::addRow("infinity") << QJsonValue(HUGE_VAL) << QByteArray("null");
    QTest::addRow("ascii") << QJsonValue(u"apple"_s) << QByteArray("\"apple\"");
    QTest::addRow("UTF-8") << QJsonValue(u"\u00e9\u4e2d\U0001F600"_s)
                           << QByteArray("\"\xc3\xa9\xe4\xb8\xad\xf0\x9f\x98\x80\"");
    QTest::addRow("control characters")
        << QJsonValue(QString(u"\u0000\u0001\u001f"_s)) << QByteArray(R"("\u0000\u0001\u001f")");
    QTest::addRow("short escapes") << QJsonValue(u"\b\f\n\r\t"_s) << QByteArray(R"("\b\f\n\r\t")");
    QTest::addRow("quote, backslash, slash") << QJsonValue(u"\"\\/"_s) << QByteArray(R"("\"\\/")");
    QTest::addRow("DEL and U+2028 stay")
        << QJsonValue(u"\u007f\u2028"_s) << QByteArray("\"\x7f\xe2\x80\xa8\"");
    QTest::addRow("lone surrogate") << QJsonValue(QString(QChar(0xd800)) + u'x')
                                    << QByteArray(R"("\ud800x")");
    QTest::addRow("nested") << QJsonValue(
        QJsonArray {1, u"x"_s, QJsonArray {}, QJsonObject {}, QJsonObject {{u"k"_s, 2.5}}})
                            << QByteArray(R"([1,"x",[],{},{"k":2.5}])");
}

void TestNativeProtocol::toJson()
{
    QFETCH(QJsonValue, value);
    QTEST(NativeProtocol::toJson(value), "json");
}

// What QJsonValue cannot do in Qt 6.4, and why parseJson exists.
void TestNativeProtocol::parseJsonKeepsNumbersApart()
{
    QVERIFY(json("5").isInteger());
    QVERIFY(json("5.0").isDouble());
    QCOMPARE(json("5.0").toDouble(), 5.0);
    QVERIFY(json("1e2").isDouble());
    QCOMPARE(json("1e2").toDouble(), 100.0);
    QVERIFY(json("-0").isInteger());
    QCOMPARE(json("-0").toInteger(), 0);
    QVERIFY(json("-0.0").isDouble());
    QVERIFY(std::signbit(json("-0.0").toDouble()));
    QCOMPARE(json("-9223372036854775808").toInteger(), std::numeric_limits<qint64>::min());
    QVERIFY(json("9223372036854775808").isDouble());
    QCOMPARE(json("12345678901234567890").toDouble(), 12345678901234567890.0);
    QCOMPARE(json("[1,2.0]"), QCborValue(QCborArray {1, 2.0}));
}

void TestNativeProtocol::parseJsonKeyOrderAndRepeats()
{
    QCOMPARE(json(R"({"b":1,"a":2})").toMap().keys(), (QList<QCborValue> {u"b"_s, u"a"_s}));
    const QCborMap repeated = json(R"({"a":1,"b":2,"a":{"c":3}})").toMap();
    QCOMPARE(repeated.keys(), (QList<QCborValue> {u"a"_s, u"b"_s}));
    QCOMPARE(repeated.value("a"_L1), QCborValue(QCborMap {{u"c"_s, 3}}));

    // Past 16 keys repeats are found through a hash; the result must be the same.
    QByteArray big = "{";
    QList<QCborValue> keys;
    for (int i = 0; i < 40; ++i) {
        big += "\"k" + QByteArray::number(i) + "\":" + QByteArray::number(i) + ',';
        keys.append(u"k%1"_s.arg(i));
    }
    big += R"("k3":"again","k39":null,"k0":[]})";
    const QCborMap map = json(big).toMap();
    QCOMPARE(map.keys(), keys);
    QCOMPARE(map.value("k3"_L1), QCborValue(u"again"_s));
    QCOMPARE(map.value("k39"_L1), QCborValue(nullptr));
    QCOMPARE(map.value("k0"_L1), QCborValue(QCborArray {}));
    QCOMPARE(map.value("k4"_L1), QCborValue(4));

    // A big object is read in linear time (a QCborMap filled key by key would be quadratic).
    QByteArray wide = "{";
    for (int i = 0; i < 8000; ++i)
        wide += "\"" + QByteArray::number(i, 36) + "\":" + QByteArray::number(i) + ',';
    wide += "\"end\":0}";
    QCOMPARE(json(wide).toMap().size(), 8001);
}

void TestNativeProtocol::parseJsonEdgeNumbers()
{
    using Flavour = NativeProtocol::JsonFlavour;
    QCOMPARE(json("1e-400").toDouble(), 0.0);
    QVERIFY(std::signbit(json("-1e-400").toDouble()));
    QCOMPARE(json("2e-320").toDouble(), 2e-320);
    QCOMPARE(json("0.000000000000000000000000000000000000001e-300").toDouble(), 0.0);
    QString error;
    QVERIFY(!NativeProtocol::parseJson("1e400", &error));
    QCOMPARE(error, u"not JSON: number out of range at offset 0"_s);
    QVERIFY(!NativeProtocol::parseJson("100000000000000000000000000000e300", &error));
    QVERIFY(!NativeProtocol::parseJson("NaN", &error));
    QCOMPARE(error, u"not JSON: unexpected 'N' at offset 0"_s);

    QCOMPARE(json("1e400", Flavour::Python).toDouble(), HUGE_VAL);
    QCOMPARE(json("-1e400", Flavour::Python).toDouble(), -HUGE_VAL);
    QCOMPARE(json("Infinity", Flavour::Python).toDouble(), HUGE_VAL);
    QCOMPARE(json("-Infinity", Flavour::Python).toDouble(), -HUGE_VAL);
    QVERIFY(std::isnan(json("[NaN]", Flavour::Python).toArray().at(0).toDouble()));
    QVERIFY(!NativeProtocol::parseJson("nan", &error, Flavour::Python));
    QVERIFY(!NativeProtocol::parseJson("-NaN", &error, Flavour::Python));
}

void TestNativeProtocol::parseJsonStrings()
{
    QCOMPARE(json(R"("\ud83d\ude00")").toString(), u"\U0001F600"_s);
    QCOMPARE(json(R"("\u00E9\u00e9")").toString(), u"\u00e9\u00e9"_s);
    QCOMPARE(json(R"("\u0000")").toString(), QString(QChar(0)));
    const QByteArray escapes = R"("a\/b\"c\\d\b\f\n\r\t")"; // outside the macro: moc misreads raw strings
    QCOMPARE(json(escapes).toString(), u"a/b\"c\\d\b\f\n\r\t"_s);
    QCOMPARE(json("\"caf\xc3\xa9 \xf0\x9f\x98\x80\"").toString(), u"caf\u00e9 \U0001F600"_s);
    // An escaped lone surrogate cannot survive the conversion to CBOR (documented).
    QCOMPARE(json(R"("\ud800")").toString(), u"?"_s);
    QCOMPARE(json("true"), QCborValue(true));
    QCOMPARE(json(" null "), QCborValue(nullptr));
}

void TestNativeProtocol::rawItemIsTheCompactText_data()
{
    QTest::addColumn<QByteArray>("item");
    QTest::addColumn<QByteArray>("compact");
    QTest::addRow("string with spaces") << QByteArray(R"("a b  c")") << QByteArray(R"("a b  c")");
    QTest::addRow("escapes kept") << QByteArray(R"("q\" \\ \n \u00e9")")
                                  << QByteArray(R"("q\" \\ \n \u00e9")");
    QTest::addRow("object") << QByteArray(R"({ "a" : [1, 2 ,3], "b":"x y" })")
                            << QByteArray(R"({"a":[1,2,3],"b":"x y"})");
    QTest::addRow("array") << QByteArray("[ true ,\tnull,\r\n false ]") << QByteArray("[true,null,false]");
    QTest::addRow("float stays") << QByteArray("5.0") << QByteArray("5.0");
    QTest::addRow("quote then space") << QByteArray(R"(["\"", " "])") << QByteArray(R"(["\""," "])");
}

void TestNativeProtocol::rawItemIsTheCompactText()
{
    // What a server gets with ItemForm::Raw is the same item, only as text without whitespace.
    QFETCH(QByteArray, item);
    QFETCH(QByteArray, compact);
    const QByteArray line = R"({"op":"put", "item": )" + item + " }";
    QString error;
    const auto raw = NativeProtocol::parseRequest(line, &error, nullptr, NativeProtocol::ItemForm::Raw);
    QVERIFY2(raw, qPrintable(error));
    QCOMPARE(raw->itemJson, compact);
    QVERIFY(raw->exactItem.isUndefined()); // nothing built
    const auto values = NativeProtocol::parseRequest(line, &error);
    QVERIFY2(values, qPrintable(error));
    QCOMPARE(json(raw->itemJson), values->exactItem);
}

void TestNativeProtocol::rawItemErrorsAreTheSame_data()
{
    QTest::addColumn<QByteArray>("item");
    QTest::addRow("unterminated string") << QByteArray(R"("abc)");
    QTest::addRow("bad escape") << QByteArray(R"("a\x")");
    QTest::addRow("control character") << QByteArray("\"a\tb\"");
    QTest::addRow("trailing comma") << QByteArray("[1,]");
    QTest::addRow("missing colon") << QByteArray(R"({"a" 1})");
    QTest::addRow("bad literal") << QByteArray("tru");
    QTest::addRow("bad number") << QByteArray("-");
    QTest::addRow("too deep") << QByteArray(600, '[') + QByteArray(600, ']');
}

void TestNativeProtocol::rawItemErrorsAreTheSame()
{
    QFETCH(QByteArray, item);
    const QByteArray line = R"({"op":"put","item":)" + item + "}";
    QString rawError;
    QString valuesError;
    QVERIFY(!NativeProtocol::parseRequest(line, &rawError, nullptr, NativeProtocol::ItemForm::Raw));
    QVERIFY(!NativeProtocol::parseRequest(line, &valuesError));
    QVERIFY(!rawError.isEmpty());
    QCOMPARE(rawError, valuesError);
}

void TestNativeProtocol::rawAndValuesAgree_data()
{
    // Requests in the shapes servers read fast and in shapes they do not: both forms must accept
    // and refuse the same lines, with the same errors, and read the same request.
    QTest::addColumn<QByteArray>("line");
    QTest::addRow("put") << QByteArray(R"({"op":"put","item":"x"})");
    QTest::addRow("put with spaces") << QByteArray(R"( { "op" : "put" , "item" : [1, 2] } )");
    QTest::addRow("put timeout") << QByteArray(R"({"op":"put","item":{"a":1},"timeout_ms":250})");
    QTest::addRow("take") << QByteArray(R"({"op":"take"})");
    QTest::addRow("take timeout zero") << QByteArray(R"({"op":"take","timeout_ms":0})");
    QTest::addRow("ack") << QByteArray(R"({"op":"ack","tag":17})");
    QTest::addRow("ack big tag") << QByteArray(R"({"op":"ack","tag":999999999999999999})");
    QTest::addRow("ack tag float") << QByteArray(R"({"op":"ack","tag":17.0})");
    QTest::addRow("ack leading zero") << QByteArray(R"({"op":"ack","tag":017})");
    QTest::addRow("ack negative") << QByteArray(R"({"op":"ack","tag":-1})");
    QTest::addRow("ack missing tag") << QByteArray(R"({"op":"ack"})");
    QTest::addRow("timeout too big") << QByteArray(R"({"op":"take","timeout_ms":86400001})");
    QTest::addRow("repeated op") << QByteArray(R"({"op":"take","op":"put","item":1})");
    QTest::addRow("repeated item") << QByteArray(R"({"op":"put","item":1,"item":2})");
    QTest::addRow("escaped op") << QByteArray(R"({"op":"t\u0061ke"})");
    QTest::addRow("unknown key") << QByteArray(R"({"op":"take","colour":"red"})");
    QTest::addRow("trailing garbage") << QByteArray(R"({"op":"take"} x)");
    QTest::addRow("not an object") << QByteArray(R"(["op","take"])");
    QTest::addRow("invalid UTF-8 in item") << QByteArray("{\"op\":\"put\",\"item\":\"\xff\"}");
    QTest::addRow("hello") << QByteArray(R"({"op":"hello","role":"consumer","id":"C1"})");
    QTest::addRow("item nested to the limit")
        << QByteArray(R"({"op":"put","item":)") + QByteArray(511, '[') + QByteArray(511, ']') + "}";
    QTest::addRow("item nested past the limit")
        << QByteArray(R"({"op":"put","item":)") + QByteArray(512, '[') + QByteArray(512, ']') + "}";
}

void TestNativeProtocol::rawAndValuesAgree()
{
    QFETCH(QByteArray, line);
    QString rawError;
    QString valuesError;
    std::optional<Op> rawOp;
    std::optional<Op> valuesOp;
    const auto raw = NativeProtocol::parseRequest(line, &rawError, &rawOp, NativeProtocol::ItemForm::Raw);
    const auto values = NativeProtocol::parseRequest(line, &valuesError, &valuesOp);
    QCOMPARE(bool(raw), bool(values));
    QCOMPARE(rawError, valuesError);
    QCOMPARE(rawOp, valuesOp);
    if (!raw)
        return;
    QCOMPARE(raw->op, values->op);
    QCOMPARE(raw->tag, values->tag);
    QCOMPARE(raw->timeoutMs, values->timeoutMs);
    QCOMPARE(raw->id, values->id);
    QCOMPARE(raw->itemJson, values->itemJson);
}

void TestNativeProtocol::takeReply()
{
    // The fast builders say exactly what okReply() says.
    QCOMPARE(NativeProtocol::putReply(4), NativeProtocol::okReply(Op::Put, {{"size"_L1, 4}}));
    QCOMPARE(NativeProtocol::ackReply(), NativeProtocol::okReply(Op::Ack));
    QCOMPARE(NativeProtocol::takeReply(R"({"a":[1,2]})", 17, 2),
             QByteArray(R"({"ok":true,"op":"take","item":{"a":[1,2]},"tag":17,"size":2})"
                        "\n"));
}

QTEST_GUILESS_MAIN(TestNativeProtocol)
#include "tst_nativeprotocol.moc"
