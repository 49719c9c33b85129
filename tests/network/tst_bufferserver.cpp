#include "consumerclient.h"
#include "deliverycheck.h"
#include "producerclient.h"
#include "servertestsupport.h"
#include "studentgenerator.h"
#include "studentxml.h"

#include <QDeadlineTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

QJsonObject json(const QByteArray &line)
{
    return QJsonDocument::fromJson(line).object();
}

// Asks the server for its status over a connection of its own.
QJsonObject status(quint16 port)
{
    TestConnection probe;
    if (!probe.connectTo(port))
        return {};
    return json(probe.request(R"({"op":"status"})"));
}

// Polls status until pred holds (or the timeout): how a test waits for the server to hold a request.
template<typename Pred> bool waitForStatus(quint16 port, Pred pred, int timeoutMs = 5000)
{
    const QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        if (pred(status(port)))
            return true;
        QThread::yieldCurrentThread();
    }
    return false;
}

QByteArray hello(TestConnection &c, const char *role, const char *id)
{
    return c.request(QByteArray(R"({"op":"hello","role":")") + role + R"(","id":")" + id + R"("})");
}

} // namespace

class TestBufferServer : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void originalFormatExactly();
    void originalFormatSplitRequest();
    void originalFormatKeepsItemsExactly();
    void helloAndStatus();
    void putWaitsWhileFull();
    void takeWaitsWhileEmpty();
    void waitingProducersAreServedInOrder();
    void unackedItemComesBackOnDisconnect();
    void timeouts();
    void badRequestsKeepTheConnectionUsable_data();
    void badRequestsKeepTheConnectionUsable();
    void oversizedLineClosesOnlyThatConnection();
    void garbageDoesNotHurtOthers();
    void silentConnectionsAreClosed();
    void portInUseIsAClearError();
    void manyClientsEveryItemOnce();
    void recordsAreColouredByProgramme();
};

void TestBufferServer::originalFormatExactly()
{
    ServerThread server(2);
    QVERIFY(server.isListening());
    auto exchange = [&](const QByteArray &request) {
        TestConnection c;
        if (!c.connectTo(server.port()))
            return QByteArray("no connection");
        c.send(request); // no delimiter, as the original clients send
        const QByteArray reply = c.readUntilClosed();
        return c.waitForClosed() ? reply : QByteArray("not closed");
    };
    QCOMPARE(
        exchange(R"({"type": "producer", "id": "1", "item": "P1-Item-1"})"),
        QByteArray(
            R"({"status": "success", "message": "Item \"P1-Item-1\" added to buffer", "buffer_size": 1})"));
    QCOMPARE(
        exchange(R"({"type": "producer", "id": "1", "item": "P1-Item-2"})"),
        QByteArray(
            R"({"status": "success", "message": "Item \"P1-Item-2\" added to buffer", "buffer_size": 2})"));
    QCOMPARE(exchange(R"({"type": "producer", "id": "2", "item": "P2-Item-1"})"),
             QByteArray(R"({"status": "error", "message": "Buffer is full. Try again later."})"));
    QCOMPARE(
        exchange(R"({"type": "consumer", "id": "1"})"),
        QByteArray(
            R"({"status": "success", "item": "P1-Item-1", "message": "Item \"P1-Item-1\" consumed", "buffer_size": 1})"));
    QCOMPARE(
        exchange(R"({"type": "consumer", "id": "1"})"),
        QByteArray(
            R"({"status": "success", "item": "P1-Item-2", "message": "Item \"P1-Item-2\" consumed", "buffer_size": 0})"));
    QCOMPARE(exchange(R"({"type": "consumer", "id": "2"})"),
             QByteArray(R"({"status": "error", "message": "Buffer is empty. No items to consume."})"));
    QCOMPARE(exchange(R"({"type": "observer", "id": "9"})"),
             QByteArray(R"({"status": "error", "message": "Invalid client type"})"));

    const ServerStatistics stats = server.server()->statistics();
    QCOMPARE(stats.accepted, 2);
    QCOMPARE(stats.legacyTaken, 2);
    QCOMPARE(stats.lost(), 0);
}

void TestBufferServer::originalFormatSplitRequest()
{
    ServerThread server;
    TestConnection c;
    QVERIFY(c.connectTo(server.port()));
    c.send(R"({"type": "prod)");
    c.send(R"(ucer", "id": "7", "it)");
    c.send(R"(em": {"a": [1, 2]}})");
    QCOMPARE(
        c.readUntilClosed(),
        QByteArray(
            R"({"status": "success", "message": "Item \"{'a': [1, 2]}\" added to buffer", "buffer_size": 1})"));
}

void TestBufferServer::originalFormatKeepsItemsExactly()
{
    // A float stays a float and a dict keeps its key order, as the original server would echo them.
    ServerThread server;
    auto exchange = [&](const QByteArray &request) {
        TestConnection c;
        return c.connectTo(server.port()) ? (c.send(request), c.readUntilClosed()) : QByteArray();
    };
    QCOMPARE(
        exchange(R"({"type": "producer", "id": "1", "item": {"b": 1, "a": 2.0}})"),
        QByteArray(
            R"({"status": "success", "message": "Item \"{'b': 1, 'a': 2.0}\" added to buffer", "buffer_size": 1})"));
    QCOMPARE(
        exchange(R"({"type": "consumer", "id": "1"})"),
        QByteArray(
            R"({"status": "success", "item": {"b": 1, "a": 2.0}, "message": "Item \"{'b': 1, 'a': 2.0}\" consumed", "buffer_size": 0})"));
}

void TestBufferServer::helloAndStatus()
{
    ServerThread server(15);
    TestConnection p;
    QVERIFY(p.connectTo(server.port()));
    QCOMPARE(hello(p, "producer", "P1"),
             QByteArray(R"({"ok":true,"op":"hello","capacity":15,"size":0,"protocol":1})"));
    QCOMPARE(p.request(R"({"op":"put","item":"a"})"), QByteArray(R"({"ok":true,"op":"put","size":1})"));
    TestConnection c;
    QVERIFY(c.connectTo(server.port()));
    QCOMPARE(hello(c, "consumer", "C1"),
             QByteArray(R"({"ok":true,"op":"hello","capacity":15,"size":1,"protocol":1})"));
    QCOMPARE(c.request(R"({"op":"status"})"),
             QByteArray(R"({"ok":true,"op":"status","size":1,"capacity":15,"producers":1,"consumers":1,)"
                        R"("waiting_producers":0,"waiting_consumers":0,"unacked":0})"));
}

void TestBufferServer::putWaitsWhileFull()
{
    ServerThread server(1);
    TestConnection p;
    QVERIFY(p.connectTo(server.port()));
    hello(p, "producer", "P1");
    QCOMPARE(p.request(R"({"op":"put","item":1})"), QByteArray(R"({"ok":true,"op":"put","size":1})"));
    p.send(R"({"op":"put","item":2})"
           "\n");
    QVERIFY(waitForStatus(server.port(),
                          [](const QJsonObject &s) { return s.value(u"waiting_producers"_s).toInt() == 1; }));

    TestConnection c;
    QVERIFY(c.connectTo(server.port()));
    hello(c, "consumer", "C1");
    QCOMPARE(c.request(R"({"op":"take"})"),
             QByteArray(R"({"ok":true,"op":"take","item":1,"tag":1,"size":0})"));
    // The held put goes in the moment there is room, and only then is it answered.
    QCOMPARE(p.readLine(), QByteArray(R"({"ok":true,"op":"put","size":1})"));
    QCOMPARE(c.request(R"({"op":"take"})"),
             QByteArray(R"({"ok":true,"op":"take","item":2,"tag":2,"size":0})"));
}

void TestBufferServer::takeWaitsWhileEmpty()
{
    ServerThread server(3);
    TestConnection c;
    QVERIFY(c.connectTo(server.port()));
    hello(c, "consumer", "C1");
    c.send(R"({"op":"take"})"
           "\n");
    QVERIFY(waitForStatus(server.port(),
                          [](const QJsonObject &s) { return s.value(u"waiting_consumers"_s).toInt() == 1; }));

    TestConnection p;
    QVERIFY(p.connectTo(server.port()));
    hello(p, "producer", "P1");
    QCOMPARE(p.request(R"({"op":"put","item":{"n":5}})"), QByteArray(R"({"ok":true,"op":"put","size":1})"));
    QCOMPARE(c.readLine(), QByteArray(R"({"ok":true,"op":"take","item":{"n":5},"tag":1,"size":0})"));
    QCOMPARE(c.request(R"({"op":"ack","tag":1})"), QByteArray(R"({"ok":true,"op":"ack"})"));
}

void TestBufferServer::waitingProducersAreServedInOrder()
{
    ServerThread server(1);
    TestConnection first;
    QVERIFY(first.connectTo(server.port()));
    hello(first, "producer", "P0");
    first.request(R"({"op":"put","item":"first"})");

    std::vector<std::unique_ptr<TestConnection>> producers;
    const QList<QByteArray> names = {"A", "B", "C"};
    for (int i = 0; i < names.size(); ++i) {
        auto p = std::make_unique<TestConnection>();
        QVERIFY(p->connectTo(server.port()));
        hello(*p, "producer", names[i].constData());
        p->send(R"({"op":"put","item":")" + names[i] + "\"}\n");
        // Queue them one after the other, so their order is known.
        QVERIFY(waitForStatus(server.port(), [&](const QJsonObject &s) {
            return s.value(u"waiting_producers"_s).toInt() == i + 1;
        }));
        producers.push_back(std::move(p));
    }
    TestConnection c;
    QVERIFY(c.connectTo(server.port()));
    hello(c, "consumer", "C1");
    QByteArrayList items;
    for (int i = 0; i < 4; ++i)
        items << json(c.request(R"({"op":"take"})")).value(u"item"_s).toString().toUtf8();
    QCOMPARE(items, QByteArrayList({"first", "A", "B", "C"}));
}

void TestBufferServer::unackedItemComesBackOnDisconnect()
{
    ServerThread server(5);
    TestConnection p;
    QVERIFY(p.connectTo(server.port()));
    hello(p, "producer", "P1");
    for (const char *item : {"one", "two", "three"})
        p.request(QByteArray(R"({"op":"put","item":")") + item + "\"}");

    TestConnection x;
    QVERIFY(x.connectTo(server.port()));
    hello(x, "consumer", "X");
    const QJsonObject one = json(x.request(R"({"op":"take"})"));
    const QJsonObject two = json(x.request(R"({"op":"take"})"));
    QCOMPARE(one.value(u"item"_s).toString(), u"one"_s);
    QCOMPARE(x.request(R"({"op":"ack","tag":)" + QByteArray::number(two.value(u"tag"_s).toInteger()) + "}"),
             QByteArray(R"({"ok":true,"op":"ack"})"));
    QCOMPARE(
        x.request(R"({"op":"ack","tag":999})"),
        QByteArray(
            R"({"ok":false,"op":"ack","error":"unknown tag 999: nothing unacknowledged on this connection has it"})"));
    QCOMPARE(status(server.port()).value(u"unacked"_s).toInt(), 1);

    x.abort(); // dies holding "one"
    QVERIFY(waitForStatus(server.port(),
                          [](const QJsonObject &s) { return s.value(u"unacked"_s).toInt() == 0; }));
    TestConnection y;
    QVERIFY(y.connectTo(server.port()));
    hello(y, "consumer", "Y");
    QCOMPARE(json(y.request(R"({"op":"take"})")).value(u"item"_s).toString(), u"one"_s); // back at the head
    QCOMPARE(json(y.request(R"({"op":"take"})")).value(u"item"_s).toString(), u"three"_s);

    const ServerStatistics stats = server.server()->statistics();
    QCOMPARE(stats.redelivered, 1);
    QCOMPARE(stats.accepted, 3);
    QCOMPARE(stats.acked, 1);
    QCOMPARE(stats.unacked, 2);
    QCOMPARE(stats.lost(), 0);
}

void TestBufferServer::timeouts()
{
    ServerThread server(1);
    TestConnection c;
    QVERIFY(c.connectTo(server.port()));
    hello(c, "consumer", "C1");
    QCOMPARE(c.request(R"({"op":"take","timeout_ms":50})"),
             QByteArray(R"({"ok":false,"op":"take","error":"timeout"})"));
    QCOMPARE(c.request(R"({"op":"take","timeout_ms":0})"),
             QByteArray(R"({"ok":false,"op":"take","error":"timeout"})"));

    TestConnection p;
    QVERIFY(p.connectTo(server.port()));
    hello(p, "producer", "P1");
    QCOMPARE(p.request(R"({"op":"put","item":1,"timeout_ms":50})"),
             QByteArray(R"({"ok":true,"op":"put","size":1})"));
    QCOMPARE(p.request(R"({"op":"put","item":2,"timeout_ms":50})"),
             QByteArray(R"({"ok":false,"op":"put","error":"timeout"})"));
    // The timed-out item never went in.
    QCOMPARE(json(c.request(R"({"op":"take"})")).value(u"item"_s).toInt(), 1);
    QCOMPARE(c.request(R"({"op":"take","timeout_ms":50})"),
             QByteArray(R"({"ok":false,"op":"take","error":"timeout"})"));
    QCOMPARE(server.server()->statistics().accepted, 1);
}

void TestBufferServer::badRequestsKeepTheConnectionUsable_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<QString>("error");
    QTest::addRow("not JSON") << QByteArray("hello") << u"not JSON"_s;
    QTest::addRow("unknown op") << QByteArray(R"({"op":"fly"})") << u"unknown op"_s;
    QTest::addRow("put before hello") << QByteArray(R"({"op":"put","item":1})") << u"say hello first"_s;
    QTest::addRow("missing item") << QByteArray(R"({"op":"put"})") << u"missing \"item\""_s;
    QTest::addRow("bad role") << QByteArray(R"({"op":"hello","role":"chef","id":"x"})") << u"\"role\""_s;
    QTest::addRow("invalid UTF-8") << QByteArray("{\"op\":\"\xff\xfe\"}") << u"UTF-8"_s;
}

void TestBufferServer::badRequestsKeepTheConnectionUsable()
{
    QFETCH(QByteArray, request);
    QFETCH(QString, error);
    ServerThread server;
    TestConnection c;
    QVERIFY(c.connectTo(server.port()));
    const QJsonObject reply = json(c.request(request));
    QCOMPARE(reply.value(u"ok"_s).toBool(true), false);
    QVERIFY2(reply.value(u"error"_s).toString().contains(error),
             qPrintable(reply.value(u"error"_s).toString()));
    // Still usable.
    QCOMPARE(hello(c, "consumer", "C1"),
             QByteArray(R"({"ok":true,"op":"hello","capacity":15,"size":0,"protocol":1})"));
    QCOMPARE(json(c.request(R"({"op":"put","item":1})")).value(u"error"_s).toString(),
             u"a consumer cannot put"_s);
}

void TestBufferServer::oversizedLineClosesOnlyThatConnection()
{
    ServerThread server;
    TestConnection flood;
    QVERIFY(flood.connectTo(server.port()));
    hello(flood, "producer", "P1");
    flood.send(R"({"op":"put","item":")" + QByteArray(70 * 1024, 'x'));
    const QJsonObject reply = json(flood.readLine());
    QCOMPARE(reply.value(u"ok"_s).toBool(true), false);
    QVERIFY(reply.value(u"error"_s).toString().contains(u"longer than 65536 bytes"_s));
    QVERIFY(flood.waitForClosed());

    // A line of just under 64 KiB is fine.
    TestConnection big;
    QVERIFY(big.connectTo(server.port()));
    hello(big, "producer", "P2");
    const QByteArray item(60 * 1024, 'y');
    QCOMPARE(big.request(R"({"op":"put","item":")" + item + "\"}"),
             QByteArray(R"({"ok":true,"op":"put","size":1})"));
}

void TestBufferServer::garbageDoesNotHurtOthers()
{
    ServerThread server;
    std::vector<std::unique_ptr<TestConnection>> noise;
    QRandomGenerator random(42);
    for (int i = 0; i < 10; ++i) {
        auto c = std::make_unique<TestConnection>();
        QVERIFY(c->connectTo(server.port()));
        QByteArray bytes(4096 + int(random.bounded(8192)), Qt::Uninitialized);
        for (char &b : bytes)
            b = char(random.bounded(256));
        c->send(bytes);
        noise.push_back(std::move(c));
    }
    TestConnection p;
    QVERIFY(p.connectTo(server.port()));
    QCOMPARE(hello(p, "producer", "P1"),
             QByteArray(R"({"ok":true,"op":"hello","capacity":15,"size":0,"protocol":1})"));
    QCOMPARE(p.request(R"({"op":"put","item":"fine"})"), QByteArray(R"({"ok":true,"op":"put","size":1})"));
    TestConnection c;
    QVERIFY(c.connectTo(server.port()));
    hello(c, "consumer", "C1");
    QCOMPARE(json(c.request(R"({"op":"take"})")).value(u"item"_s).toString(), u"fine"_s);
}

void TestBufferServer::silentConnectionsAreClosed()
{
    ServerThread server(15, 200);
    TestConnection silent;
    QVERIFY(silent.connectTo(server.port()));
    TestConnection talker;
    QVERIFY(talker.connectTo(server.port()));
    hello(talker, "producer", "P1");
    QVERIFY(silent.waitForClosed(5000));
    // The one that said hello stays.
    QCOMPARE(talker.request(R"({"op":"put","item":1})"), QByteArray(R"({"ok":true,"op":"put","size":1})"));
}

void TestBufferServer::portInUseIsAClearError()
{
    ServerThread first;
    BufferServer second;
    QString error;
    QVERIFY(!second.listen(QHostAddress::LocalHost, first.port(), &error));
    QVERIFY2(error.contains(u"cannot listen on 127.0.0.1 port %1"_s.arg(first.port())), qPrintable(error));
}

void TestBufferServer::manyClientsEveryItemOnce()
{
    // 100 producers and 100 consumers at once; every item is delivered exactly once.
    ServerThread server(15);
    constexpr int PerSide = 100;
    constexpr int Items = 20;
    std::vector<std::unique_ptr<BufferClient>> clients;
    int finished = 0;
    for (int i = 1; i <= PerSide; ++i) {
        ClientConfig config;
        config.id = QString::number(i);
        config.port = server.port();
        config.items = Items;
        config.interval = {};
        config.seed = 3;
        clients.push_back(std::make_unique<ProducerClient>(config));
        clients.push_back(std::make_unique<ConsumerClient>(config));
    }
    for (const auto &client : clients) {
        connect(client.get(), &BufferClient::finished, this, [&] { ++finished; });
        client->start();
    }
    QTRY_COMPARE_WITH_TIMEOUT(finished, 2 * PerSide, 120'000);

    QStringList produced;
    QStringList consumed;
    for (const auto &client : clients) {
        const ClientRunStatistics stats = client->statistics();
        QCOMPARE(stats.state, u"done"_s);
        QCOMPARE(stats.done, Items);
        (client->role() == NativeProtocol::Role::Producer ? produced : consumed) += stats.itemDigests;
    }
    const DeliveryCheck check
        = DeliveryCheck::compute(produced, consumed, server.server()->remainingDigests());
    QCOMPARE(check.produced, PerSide * Items);
    QCOMPARE(check.consumed, PerSide * Items);
    QCOMPARE(check.lost, 0);
    QCOMPARE(check.duplicated, 0);
    const ServerStatistics stats = server.server()->statistics();
    QCOMPARE(stats.accepted, PerSide * Items);
    QCOMPARE(stats.acked, PerSide * Items);
    QCOMPARE(stats.lost(), 0);
}

void TestBufferServer::recordsAreColouredByProgramme()
{
    // The journal tells views each record's programme, read from the XML text in the item (where
    // "AI & Machine Learning" is written "AI &amp; Machine Learning").
    ServerThread server;
    TestConnection p;
    QVERIFY(p.connectTo(server.port()));
    hello(p, "producer", "P1");
    server.server()->takeEvents();
    for (const int programme : {5, 0, 6}) {
        ITStudent student = StudentGenerator(1).generate(programme + 1);
        student.programme = ITStudent::programmes().at(programme);
        NativeProtocol::Request put;
        put.op = NativeProtocol::Op::Put;
        put.item = QString::fromUtf8(StudentXml::toXml(student));
        QCOMPARE(json(p.request(NativeProtocol::encodeRequest(put).chopped(1))).value(u"ok"_s).toBool(),
                 true);
    }
    QCOMPARE(p.request(R"({"op":"put","item":"not a record"})"),
             QByteArray(R"({"ok":true,"op":"put","size":4})"));
    QList<int> programmes;
    for (const JournalEvent &event : server.server()->takeEvents()) {
        if (event.kind == JournalEvent::Kind::Inserted)
            programmes << event.programme;
    }
    QCOMPARE(programmes, QList<int>({5, 0, 6, -1}));
}

QTEST_GUILESS_MAIN(TestBufferServer)
#include "tst_bufferserver.moc"
