// Data rows are built with '+', and a QTest column takes exactly its declared type, not the
// QStringBuilder that '+' makes under QT_USE_QSTRINGBUILDER.
#undef QT_USE_QSTRINGBUILDER

#include "chunkdevice.h"
#include "messagereader.h"

#include <QBuffer>
#include <QTest>

using namespace Qt::StringLiterals;

using Framing = MessageReader::Framing;
using Status = MessageReader::Status;

class TestMessageReader : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void wholeStream_data();
    void wholeStream();
    void everySplitPoint_data();
    void everySplitPoint();
    void byteByByte_data();
    void byteByByte();
    void overBuffer_data();
    void overBuffer();
    void shortReads();

    void sizeLimit_data();
    void sizeLimit();
    void messagesBeforeOversizedComeFirst();
    void floodStaysBounded_data();
    void floodStaysBounded();
    void manyLinesStayBounded();
    void squeezeGivesMemoryBack();

    void legacyGarbageAfterObject();
    void nothingWithoutData();
    void completeObjectLength_data();
    void completeObjectLength();
    void completeObjectLengthOnGarbage();

private:
    void streams();
};

namespace {

struct Drained
{
    QByteArrayList messages;
    int oversized = 0;
};

void drain(MessageReader &reader, Drained &out)
{
    while (reader.canReadMessage()) {
        const MessageReader::Message message = reader.readMessage();
        if (message.status == Status::Oversized)
            ++out.oversized;
        else
            out.messages.append(message.data);
    }
}

QString framingName(Framing framing)
{
    switch (framing) {
    case Framing::Undecided:
        return u"undecided"_s;
    case Framing::Native:
        return u"native"_s;
    case Framing::Legacy:
        return u"legacy"_s;
    }
    return {};
}

QByteArray padded(QByteArrayView prefix, qsizetype size, QByteArrayView suffix)
{
    return prefix.toByteArray() + QByteArray(size - prefix.size() - suffix.size(), 'x')
        + suffix.toByteArray();
}

} // namespace

// Every row is a byte stream whose messages must come out the same however it is cut up.
void TestMessageReader::streams()
{
    QTest::addColumn<QByteArray>("stream");
    QTest::addColumn<QByteArrayList>("messages");
    QTest::addColumn<QString>("framing");

    const QByteArray status = R"({"op":"status"})";
    const QByteArray take = R"({"op":"take"})";
    QTest::addRow("native line") << status + '\n' << QByteArrayList {status} << u"native"_s;
    QTest::addRow("native crlf") << status + "\r\n" + take + "\r\n"
                                 << QByteArrayList {status, take} << u"native"_s;
    QTest::addRow("several lines") << status + '\n' + take + '\n' + R"({"op":"ack","tag":1})" + '\n'
                                   << QByteArrayList {status, take, R"({"op":"ack","tag":1})"} << u"native"_s;
    QTest::addRow("empty and blank lines skipped") << "\n\r\n" + status + "\r\n\r\n  \t\n" + take + "\n\n"
                                                   << QByteArrayList {status, take} << u"native"_s;
    QTest::addRow("first object without newline") << status << QByteArrayList {status} << u"native"_s;
    QTest::addRow("first object then lines") << status + take + '\n' + status + '\n'
                                             << QByteArrayList {status, take, status} << u"native"_s;
    QTest::addRow("spaces before the first object") << "  \t" + status + '\n'
                                                    << QByteArrayList {status} << u"native"_s;
    QTest::addRow("first line not an object") << "[1,2]\n" + status + '\n'
                                              << QByteArrayList {"[1,2]", status} << u"native"_s;
    QTest::addRow("first line not JSON") << QByteArray("hello\n") << QByteArrayList {"hello"} << u"native"_s;
    QTest::addRow("newline before a legacy object")
        << QByteArray("\n{\"type\": \"consumer\"}\n") << QByteArrayList {"{\"type\": \"consumer\"}"}
        << u"native"_s;
    QTest::addRow("newline inside the first object")
        << QByteArray("{\"op\":\n\"status\"}\n") << QByteArrayList {"{\"op\":", "\"status\"}"} << u"native"_s;
    QTest::addRow("escaped op key") << QByteArray(R"({"\u006fp":"status"})"
                                                  "\n")
                                    << QByteArrayList {R"({"\u006fp":"status"})"} << u"native"_s;
    QTest::addRow("op key in invalid JSON") << QByteArray(R"({"op":"put","item":nan})")
                                            << QByteArrayList {R"({"op":"put","item":nan})"} << u"native"_s;
    QTest::addRow("invalid UTF-8 passed through")
        << QByteArray("{\"op\":\"put\",\"item\":\"\xff\xfe\xc0\x80\"}\n")
        << QByteArrayList {"{\"op\":\"put\",\"item\":\"\xff\xfe\xc0\x80\"}"} << u"native"_s;
    QTest::addRow("lines with braces in strings") << QByteArray(R"({"op":"put","item":"}{\"\n"})"
                                                                "\n")
            + status + '\n' << QByteArrayList {R"({"op":"put","item":"}{\"\n"})", status}
                                                  << u"native"_s;

    // Before the framing is known, strings are honoured even across a raw newline; such a line
    // is not valid JSON, and the parser says so.
    QTest::addRow("first object with a newline in a string")
        << QByteArray("{\"op\":\"put\",\"item\":\"a\nb\"}\n") + status + '\n'
        << QByteArrayList {"{\"op\":\"put\",\"item\":\"a\nb\"}", status} << u"native"_s;

    const QByteArray producer = R"({"type": "producer", "id": "P1", "item": "apple"})";
    const QByteArray consumer = R"({"type": "consumer", "id": "C1"})";
    QTest::addRow("legacy producer") << producer << QByteArrayList {producer} << u"legacy"_s;
    QTest::addRow("legacy consumer") << consumer << QByteArrayList {consumer} << u"legacy"_s;
    QTest::addRow("legacy with leading space")
        << " \r\t" + consumer << QByteArrayList {consumer} << u"legacy"_s;
    const QByteArray tricky = R"({"type": "producer", "id": "P\"1", "item": "a}\"{\\\n]["})";
    QTest::addRow("legacy strings with quotes and braces")
        << tricky << QByteArrayList {tricky} << u"legacy"_s;
    const QByteArray rawNewline = "{\"type\": \"producer\", \"item\": \"two\nlines\"}";
    QTest::addRow("legacy raw newline inside a string")
        << rawNewline << QByteArrayList {rawNewline} << u"legacy"_s;
    const QByteArray nested = R"({"type": "producer", "item": {"op": [1, {"op": 2}]}})";
    QTest::addRow("op below the top level") << nested << QByteArrayList {nested} << u"legacy"_s;
    const QByteArray opValue = R"({"type": "op"})";
    QTest::addRow("op as a value") << opValue << QByteArrayList {opValue} << u"legacy"_s;
    QTest::addRow("two legacy objects")
        << consumer + "\n " + producer << QByteArrayList {consumer, producer} << u"legacy"_s;
    QTest::addRow("nothing") << QByteArray() << QByteArrayList {} << u"undecided"_s;
    QTest::addRow("only newlines") << QByteArray("\n\r\n") << QByteArrayList {} << u"native"_s;
    QTest::addRow("unfinished object")
        << QByteArray(R"({"op":"status")") << QByteArrayList {} << u"undecided"_s;
}

void TestMessageReader::wholeStream_data()
{
    streams();
}

void TestMessageReader::wholeStream()
{
    QFETCH(QByteArray, stream);
    QFETCH(QByteArrayList, messages);
    QFETCH(QString, framing);
    ChunkDevice device;
    device.feed(stream);
    MessageReader reader(&device);
    Drained out;
    drain(reader, out);
    QCOMPARE(out.messages, messages);
    QCOMPARE(out.oversized, 0);
    QCOMPARE(framingName(reader.framing()), framing);
}

void TestMessageReader::everySplitPoint_data()
{
    streams();
}

void TestMessageReader::everySplitPoint()
{
    QFETCH(QByteArray, stream);
    QFETCH(QByteArrayList, messages);
    QFETCH(QString, framing);
    for (qsizetype split = 0; split <= stream.size(); ++split) {
        ChunkDevice device;
        MessageReader reader(&device);
        Drained out;
        device.feed(stream.first(split));
        drain(reader, out);
        device.feed(stream.sliced(split));
        drain(reader, out);
        QVERIFY2(out.messages == messages, qPrintable(u"split at %1"_s.arg(split)));
        QCOMPARE(out.oversized, 0);
        QCOMPARE(framingName(reader.framing()), framing);
        if (!messages.isEmpty())
            QCOMPARE(reader.pendingBytes(), 0);
    }
}

void TestMessageReader::byteByByte_data()
{
    streams();
}

void TestMessageReader::byteByByte()
{
    QFETCH(QByteArray, stream);
    QFETCH(QByteArrayList, messages);
    QFETCH(QString, framing);
    ChunkDevice device;
    MessageReader reader(&device);
    Drained out;
    for (const char byte : std::as_const(stream)) {
        device.feed(QByteArrayView(&byte, 1));
        drain(reader, out);
    }
    QCOMPARE(out.messages, messages);
    QCOMPARE(framingName(reader.framing()), framing);
}

void TestMessageReader::overBuffer_data()
{
    streams();
}

// The same over a QBuffer, the device the protocol is tested on first.
void TestMessageReader::overBuffer()
{
    QFETCH(QByteArray, stream);
    QFETCH(QByteArrayList, messages);
    QBuffer buffer(&stream);
    QVERIFY(buffer.open(QIODevice::ReadOnly));
    MessageReader reader(&buffer);
    Drained out;
    drain(reader, out);
    QCOMPARE(out.messages, messages);
}

// A device that hands out fewer bytes per read than it reports available.
void TestMessageReader::shortReads()
{
    ChunkDevice device(3);
    device.feed("{\"op\":\"status\"}\n{\"op\":\"take\"}\n");
    MessageReader reader(&device);
    Drained out;
    drain(reader, out);
    QCOMPARE(out.messages, (QByteArrayList {R"({"op":"status"})", R"({"op":"take"})"}));
}

void TestMessageReader::sizeLimit_data()
{
    constexpr qsizetype Max = MessageReader::MaxMessageSize;
    QTest::addColumn<QByteArray>("stream");
    QTest::addColumn<qsizetype>("messageSize"); // -1: Oversized, 0: nothing yet
    QTest::addColumn<qsizetype>("pending"); // pendingBytes() afterwards

    QTest::addRow("line of exactly the limit") << QByteArray(Max, 'x') + '\n' << Max << qsizetype(0);
    QTest::addRow("line of the limit with crlf") << QByteArray(Max, 'x') + "\r\n" << Max << qsizetype(0);
    QTest::addRow("line one over") << QByteArray(Max + 1, 'x') + '\n' << qsizetype(-1) << qsizetype(0);
    QTest::addRow("one over, no newline yet") << QByteArray(Max + 1, 'x') << qsizetype(-1) << qsizetype(0);
    QTest::addRow("the limit, no newline yet") << QByteArray(Max, 'x') << qsizetype(0) << Max;
    QTest::addRow("the limit and a cr") << QByteArray(Max, 'x') + '\r' << qsizetype(0) << Max + 1;
    QTest::addRow("the limit, a cr and more")
        << QByteArray(Max, 'x') + "\rx" << qsizetype(-1) << qsizetype(0);

    const QByteArray nativeObject = padded(R"({"op":"put","item":")", Max, "\"}");
    QTest::addRow("first object of the limit") << nativeObject << Max << qsizetype(0);
    QTest::addRow("first object one over")
        << padded(R"({"op":"put","item":")", Max + 1, "\"}") << qsizetype(-1) << qsizetype(0);
    QTest::addRow("native line in native mode") << "\n" + nativeObject + "\n" << Max << qsizetype(0);
    const QByteArray legacyObject = padded(R"({"type": "producer", "id": "P1", "item": ")", Max, "\"}");
    QTest::addRow("legacy object of the limit") << "  " + legacyObject << Max << qsizetype(0);
    QTest::addRow("legacy object one over")
        << padded(R"({"type": "producer", "id": "P1", "item": ")", Max + 1, "\"}") << qsizetype(-1)
        << qsizetype(0);
    QTest::addRow("unfinished object over")
        << padded(R"({"type": "producer", "item": ")", Max + 1, "") << qsizetype(-1) << qsizetype(0);
}

void TestMessageReader::sizeLimit()
{
    QFETCH(QByteArray, stream);
    QFETCH(qsizetype, messageSize);
    QFETCH(qsizetype, pending);
    ChunkDevice device;
    device.feed(stream);
    MessageReader reader(&device);
    if (messageSize == 0) {
        QVERIFY(!reader.canReadMessage());
    } else {
        QVERIFY(reader.canReadMessage());
        const MessageReader::Message message = reader.readMessage();
        if (messageSize < 0) {
            QCOMPARE(message.status, Status::Oversized);
            QVERIFY(message.data.isEmpty());
        } else {
            QCOMPARE(message.status, Status::Message);
            QCOMPARE(message.data.size(), messageSize);
        }
    }
    QCOMPARE(reader.pendingBytes(), pending);
    QVERIFY(!reader.canReadMessage());
}

void TestMessageReader::messagesBeforeOversizedComeFirst()
{
    ChunkDevice device;
    device.feed(QByteArray("first\nsecond\n" + QByteArray(MessageReader::MaxMessageSize + 10, 'x')));
    MessageReader reader(&device);
    Drained out;
    drain(reader, out);
    QCOMPARE(out.messages, (QByteArrayList {"first", "second"}));
    QCOMPARE(out.oversized, 1);
    // The stream is unusable now: later lines are not read.
    device.feed("\nthird\n");
    drain(reader, out);
    QCOMPARE(out.messages.size(), 2);
    QCOMPARE(out.oversized, 1);
    QCOMPARE(reader.pendingBytes(), 0);
}

void TestMessageReader::floodStaysBounded_data()
{
    QTest::addColumn<QByteArray>("start");
    QTest::addColumn<char>("filler");
    QTest::addRow("native line") << QByteArray("x") << 'x';
    QTest::addRow("legacy string") << QByteArray(R"({"type": "producer", "item": ")") << 'x';
    QTest::addRow("deep nesting") << QByteArray("{") << '[';
    QTest::addRow("blank line") << QByteArray("\n") << ' ';
}

// A client that sends megabytes without a message end is cut off after reading about twice the
// limit, not after buffering everything it sent.
void TestMessageReader::floodStaysBounded()
{
    QFETCH(QByteArray, start);
    QFETCH(char, filler);
    QByteArray flood = start + QByteArray(4 * 1024 * 1024, filler);
    QBuffer buffer(&flood);
    QVERIFY(buffer.open(QIODevice::ReadOnly));
    MessageReader reader(&buffer);
    QVERIFY(reader.canReadMessage());
    QCOMPARE(reader.readMessage().status, Status::Oversized);
    QVERIFY2(buffer.pos() <= 2 * MessageReader::MaxMessageSize, qPrintable(QString::number(buffer.pos())));
    QVERIFY(!reader.canReadMessage());
}

void TestMessageReader::manyLinesStayBounded()
{
    QByteArray stream;
    constexpr int Lines = 200'000;
    for (int i = 0; i < Lines; ++i)
        stream += "{\"op\":\"status\"}\n";
    QBuffer buffer(&stream);
    QVERIFY(buffer.open(QIODevice::ReadOnly));
    MessageReader reader(&buffer);
    int count = 0;
    qsizetype mostPending = 0;
    while (reader.canReadMessage()) {
        mostPending = qMax(mostPending, reader.pendingBytes());
        QCOMPARE(reader.readMessage().data, QByteArray(R"({"op":"status"})"));
        ++count;
    }
    QCOMPARE(count, Lines);
    QVERIFY(mostPending <= 2 * MessageReader::MaxMessageSize);
    QCOMPARE(buffer.bytesAvailable(), 0);
}

// Not an object after a legacy request: the bytes go to the parser, which rejects them.
void TestMessageReader::legacyGarbageAfterObject()
{
    ChunkDevice device;
    device.feed(R"({"type": "consumer"} xyz)");
    MessageReader reader(&device);
    Drained out;
    drain(reader, out);
    QCOMPARE(reader.framing(), Framing::Legacy);
    QCOMPARE(out.messages, (QByteArrayList {R"({"type": "consumer"})", "xyz"}));
}

void TestMessageReader::nothingWithoutData()
{
    MessageReader noDevice(nullptr);
    QVERIFY(!noDevice.canReadMessage());
    QCOMPARE(noDevice.readMessage().data, QByteArray());

    QBuffer closed;
    closed.setData("{\"op\":\"status\"}\n");
    MessageReader notOpen(&closed);
    QVERIFY(!notOpen.canReadMessage());
    QCOMPARE(notOpen.framing(), Framing::Undecided);
}

void TestMessageReader::completeObjectLength_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<qsizetype>("length");
    QTest::addRow("empty") << QByteArray() << qsizetype(0);
    QTest::addRow("whitespace") << QByteArray(" \t\r\n") << qsizetype(0);
    QTest::addRow("open brace") << QByteArray("{") << qsizetype(0);
    QTest::addRow("empty object") << QByteArray("{}") << qsizetype(2);
    QTest::addRow("leading whitespace") << QByteArray("\n\t {}") << qsizetype(5);
    QTest::addRow("something after") << QByteArray(R"({"a":1}{"b":2})") << qsizetype(7);
    QTest::addRow("nested") << QByteArray(R"({"a":{"b":[1,{"c":[]}]}} )") << qsizetype(24);
    QTest::addRow("brace in string") << QByteArray(R"({"a":"}"})") << qsizetype(9);
    QTest::addRow("escaped quote") << QByteArray(R"({"a":"\"}"})") << qsizetype(11);
    QTest::addRow("escaped backslash") << QByteArray(R"({"a":"\\"})") << qsizetype(10);
    QTest::addRow("unfinished string") << QByteArray(R"({"a":"}})") << qsizetype(0);
    QTest::addRow("array") << QByteArray("[1]") << qsizetype(-1);
    QTest::addRow("string") << QByteArray(R"("{}")") << qsizetype(-1);
    QTest::addRow("close first") << QByteArray("}{") << qsizetype(-1);
    QTest::addRow("text") << QByteArray(" hello") << qsizetype(-1);
    QTest::addRow("mismatched brackets count") << QByteArray("{]") << qsizetype(2);
}

void TestMessageReader::completeObjectLength()
{
    QFETCH(QByteArray, data);
    QFETCH(qsizetype, length);
    QCOMPARE(MessageReader::completeObjectLength(data), length);
}

void TestMessageReader::completeObjectLengthOnGarbage()
{
    // Deep, unfinished and full of backslashes: answered in one pass, without recursion.
    const QByteArray deep = '{' + QByteArray(8 * 1024 * 1024, '[');
    QCOMPARE(MessageReader::completeObjectLength(deep), 0);
    const QByteArray slashes = "{\"" + QByteArray(1024 * 1024, '\\') + "\"}";
    QCOMPARE(MessageReader::completeObjectLength(slashes), slashes.size());
    QByteArray binary(4096, '\0');
    for (int i = 0; i < binary.size(); ++i)
        binary[i] = char(i * 37);
    QCOMPARE(MessageReader::completeObjectLength(binary), qsizetype(-1));
    const QByteArray opened = '{' + binary;
    const qsizetype length = MessageReader::completeObjectLength(opened);
    QVERIFY(length == 0 || (length >= 2 && length <= opened.size()));
}

void TestMessageReader::squeezeGivesMemoryBack()
{
    // A connection that once sent a large message keeps nothing of it once it is read; reading on
    // from an emptied buffer works (the fuzzer found memchr given a null pointer there).
    for (const QByteArray &first : {QByteArray(R"({"op":"status"})"), QByteArray("abc")}) {
        MessageReader reader;
        reader.feed(first + '\n' + QByteArray(40'000, 'x') + '\n');
        QVERIFY(reader.canReadMessage());
        QCOMPARE(reader.readMessage().data, first);
        QVERIFY(reader.canReadMessage());
        QCOMPARE(reader.readMessage().data.size(), 40'000);
        reader.squeeze();
        QCOMPARE(reader.pendingBytes(), 0);
        QVERIFY(!reader.canReadMessage());
        reader.feed("next\n");
        QVERIFY(reader.canReadMessage());
        QCOMPARE(reader.readMessage().data, QByteArray("next"));
    }
}

QTEST_GUILESS_MAIN(TestMessageReader)
#include "tst_messagereader.moc"
