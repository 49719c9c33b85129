#include "consumerclient.h"
#include "deliverycheck.h"
#include "producerclient.h"
#include "servertestsupport.h"
#include "studentxml.h"

#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

ClientConfig quickConfig(const QString &id, quint16 port, int items)
{
    ClientConfig config;
    config.id = id;
    config.port = port;
    config.items = items;
    config.interval = {};
    config.retryDelay = {5, 20};
    config.seed = 11;
    return config;
}

QStringList digestsOf(const BufferClient &client)
{
    return client.statistics().itemDigests;
}

QString logText(BufferClient &client)
{
    QString text;
    for (const LogEntry &entry : client.takeLog())
        text += entry.text + QLatin1Char('\n');
    return text;
}

} // namespace

class TestBufferClient : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void studentRecordsEndToEnd();
    void producerItemsAreRecordsOrText();
    void legacyClientsRetryWhileFullOrEmpty();
    void legacyClientGivesUpAfterItsRetries();
    void unreachableServerFailsClearly();
    void reconnectsWhenTheServerComesBack();
    void serverShutdownEndsClientsClearly();
    void droppedConsumerLosesNothing();
    void clientsWorkInAnotherThread();
};

void TestBufferClient::studentRecordsEndToEnd()
{
    ServerThread server(3);
    ProducerClient producer(quickConfig(u"1"_s, server.port(), 30));
    ConsumerClient consumer(quickConfig(u"1"_s, server.port(), 30));
    QSignalSpy producerDone(&producer, &BufferClient::finished);
    QSignalSpy consumerDone(&consumer, &BufferClient::finished);
    producer.start();
    consumer.start();
    QVERIFY(consumerDone.wait(30'000) || consumerDone.size() == 1);
    QTRY_COMPARE_WITH_TIMEOUT(producerDone.size(), 1, 30'000);
    QCOMPARE(producer.state(), BufferClient::State::Done);
    QCOMPARE(consumer.state(), BufferClient::State::Done);

    const ClientRunStatistics produced = producer.statistics();
    const ClientRunStatistics consumed = consumer.statistics();
    QCOMPARE(produced.done, 30);
    QCOMPARE(consumed.done, 30);
    QCOMPARE(consumed.requests, 30);
    QVERIFY(consumed.elapsedS > 0.0);
    // The consumer graded what the producer generated.
    int passed = 0;
    for (int n = 1; n <= 30; ++n) {
        const auto read = StudentXml::fromXml(producer.item(n).toString().toUtf8(), u"item"_s);
        QVERIFY(read.ok());
        passed += read.student.passed() ? 1 : 0;
    }
    QCOMPARE(consumed.passed, passed);
    QVERIFY(logText(consumer).contains(u"processed "_s));
    const DeliveryCheck check = DeliveryCheck::compute(produced.itemDigests, consumed.itemDigests, {});
    QVERIFY(check.ok());
}

void TestBufferClient::producerItemsAreRecordsOrText()
{
    ClientConfig config = quickConfig(u"4"_s, 1, 3);
    QVERIFY(ProducerClient(config).item(2).toString().startsWith(u"<?xml version=\"1.0\" ?>\n<ITStudent>"_s));
    QCOMPARE(ProducerClient(config).item(2), ProducerClient(config).item(2)); // seeded
    QVERIFY(ProducerClient(config).item(1) != ProducerClient(config).item(2));
    config.itemsText = true;
    QCOMPARE(ProducerClient(config).item(2).toString(), u"P4-Item-2"_s);
}

void TestBufferClient::legacyClientsRetryWhileFullOrEmpty()
{
    ServerThread server(1);
    ClientConfig producerConfig = quickConfig(u"1"_s, server.port(), 4);
    producerConfig.legacy = true;
    producerConfig.itemsText = true;
    producerConfig.maxRetries = 1000;
    ClientConfig consumerConfig = producerConfig;
    ProducerClient producer(producerConfig);
    ConsumerClient consumer(consumerConfig);
    QSignalSpy producerDone(&producer, &BufferClient::finished);
    QSignalSpy consumerDone(&consumer, &BufferClient::finished);
    consumer.start(); // starts on an empty buffer: retries until items come
    QTRY_VERIFY_WITH_TIMEOUT(consumer.statistics().retries > 0, 10'000);
    producer.start(); // capacity 1: it finds the buffer full at times, and retries
    QTRY_COMPARE_WITH_TIMEOUT(producerDone.size() + consumerDone.size(), 2, 60'000);
    QCOMPARE(producer.statistics().done, 4);
    QCOMPARE(consumer.statistics().done, 4);
    QVERIFY(logText(consumer).contains(u"Buffer is empty. No items to consume. Retrying"_s));
    QVERIFY(DeliveryCheck::compute(digestsOf(producer), digestsOf(consumer), {}).ok());
    const ServerStatistics stats = server.server()->statistics();
    QCOMPARE(stats.legacyTaken, 4);
    QVERIFY(stats.clients.size() >= 2);
    QVERIFY(stats.clients.first().legacy);
}

void TestBufferClient::legacyClientGivesUpAfterItsRetries()
{
    ServerThread server(1);
    ClientConfig config = quickConfig(u"9"_s, server.port(), 2);
    config.legacy = true;
    config.maxRetries = 3;
    ConsumerClient consumer(config); // nobody produces
    QSignalSpy done(&consumer, &BufferClient::finished);
    consumer.start();
    QVERIFY(done.wait(30'000));
    const ClientRunStatistics stats = consumer.statistics();
    QCOMPARE(stats.retries, 6); // 3 per item
    QCOMPARE(stats.failed, 2);
    QCOMPARE(stats.done, 0);
    QVERIFY(logText(consumer).contains(u"gave up after 3 retries"_s));
}

void TestBufferClient::unreachableServerFailsClearly()
{
    quint16 port = 0;
    {
        ServerThread gone; // a port that was just free
        port = gone.port();
    }
    ClientConfig config = quickConfig(u"1"_s, port, 5);
    config.reconnectAttempts = 2;
    ProducerClient producer(config);
    QSignalSpy done(&producer, &BufferClient::finished);
    producer.start();
    QVERIFY(done.wait(30'000));
    QCOMPARE(producer.state(), BufferClient::State::Failed);
    const ClientRunStatistics stats = producer.statistics();
    // It never connected: it says so, and counts no reconnects it never had.
    QCOMPARE(stats.error, u"could not reach the server at 127.0.0.1:%1: Connection refused"_s.arg(port));
    QCOMPARE(stats.reconnects, 0);
    QVERIFY(!logText(producer).contains(u"trying again"_s));
}

void TestBufferClient::reconnectsWhenTheServerComesBack()
{
    // A server process that dies without a word (SIGKILL), as a crash or a lost network would.
    auto server = std::make_unique<ServerProcess>();
    QVERIFY(server->start({u"--capacity"_s, u"1"_s}));
    const quint16 port = server->port();
    ClientConfig config = quickConfig(u"1"_s, port, 3);
    config.reconnectAttempts = 10;
    ConsumerClient consumer(config);
    QSignalSpy done(&consumer, &BufferClient::finished);
    consumer.start();
    QTRY_COMPARE_WITH_TIMEOUT(consumer.state(), BufferClient::State::WaitingForItem, 10'000);
    QVERIFY(server->signalAndWait(SIGKILL));
    QTRY_VERIFY_WITH_TIMEOUT(consumer.statistics().reconnects > 0, 10'000);

    // ... and comes back on the same port.
    BufferServer again;
    QString error;
    QVERIFY2(again.listen(QHostAddress::LocalHost, port, &error), qPrintable(error));
    ProducerClient producer(quickConfig(u"1"_s, port, 3));
    producer.start();
    QVERIFY(done.wait(30'000) || done.size() == 1);
    QCOMPARE(consumer.state(), BufferClient::State::Done);
    QCOMPARE(consumer.statistics().done, 3);
    QVERIFY(logText(consumer).contains(u"reconnected"_s));
}

void TestBufferClient::serverShutdownEndsClientsClearly()
{
    // A waiting consumer and an idle producer hear the server say goodbye, and end at once with
    // that reason instead of trying to reconnect.
    auto server = std::make_unique<ServerThread>(1);
    ClientConfig consumerConfig = quickConfig(u"1"_s, server->port(), 3);
    consumerConfig.reconnectAttempts = 6;
    ConsumerClient consumer(consumerConfig);
    QSignalSpy consumerDone(&consumer, &BufferClient::finished);
    consumer.start();
    QTRY_COMPARE_WITH_TIMEOUT(consumer.state(), BufferClient::State::WaitingForItem, 10'000);

    ClientConfig producerConfig = quickConfig(u"1"_s, server->port(), 3);
    producerConfig.interval = {60'000, 60'000}; // sleeps after its first item
    producerConfig.reconnectAttempts = 6;
    ProducerClient producer(producerConfig);
    QSignalSpy producerDone(&producer, &BufferClient::finished);
    producer.start();
    QTRY_COMPARE_WITH_TIMEOUT(producer.state(), BufferClient::State::Sleeping, 10'000);
    QTRY_COMPARE_WITH_TIMEOUT(consumer.statistics().done, 1, 10'000);
    QTRY_COMPARE_WITH_TIMEOUT(consumer.state(), BufferClient::State::WaitingForItem, 10'000);

    server.reset();
    QVERIFY(consumerDone.wait(10'000) || consumerDone.size() == 1);
    QVERIFY(producerDone.size() == 1 || producerDone.wait(10'000));
    for (BufferClient *client :
         {static_cast<BufferClient *>(&consumer), static_cast<BufferClient *>(&producer)}) {
        QCOMPARE(client->state(), BufferClient::State::Failed);
        QCOMPARE(client->statistics().error, u"the server is shutting down"_s);
        QCOMPARE(client->statistics().reconnects, 0);
    }
    QCOMPARE(consumer.statistics().done, 1); // the producer's one item reached it first
}

void TestBufferClient::droppedConsumerLosesNothing()
{
    ServerThread server(10);
    ProducerClient producer(quickConfig(u"1"_s, server.port(), 10));
    QSignalSpy produced(&producer, &BufferClient::finished);
    producer.start();
    QVERIFY(produced.wait(30'000));

    // A consumer that works on each item for a minute before acknowledging it.
    ClientConfig slowConfig = quickConfig(u"1"_s, server.port(), 10);
    slowConfig.interval = {60'000, 60'000};
    ConsumerClient slow(slowConfig);
    slow.start();
    QTRY_COMPARE_WITH_TIMEOUT(slow.state(), BufferClient::State::Processing, 10'000);
    QCOMPARE(server.server()->statistics().unacked, 1);

    slow.dropConnection(); // as if it crashed mid-record: the record goes back
    QTRY_COMPARE_WITH_TIMEOUT(slow.statistics().reconnects, 1, 10'000);
    QTRY_COMPARE_WITH_TIMEOUT(slow.state(), BufferClient::State::Processing, 10'000); // took one again
    slow.stop(); // and leaves for good: that one goes back too

    ConsumerClient fast(quickConfig(u"2"_s, server.port(), 10));
    QSignalSpy done(&fast, &BufferClient::finished);
    fast.start();
    QVERIFY(done.wait(30'000) || done.size() == 1);
    QCOMPARE(fast.state(), BufferClient::State::Done);
    QCOMPARE(slow.statistics().done, 0);

    const DeliveryCheck check = DeliveryCheck::compute(digestsOf(producer), digestsOf(slow) + digestsOf(fast),
                                                       server.server()->remainingDigests());
    QCOMPARE(check.consumed, 10);
    QCOMPARE(check.lost, 0);
    QCOMPARE(check.duplicated, 0);
    QCOMPARE(check.leftOver, 0);
    QVERIFY(server.server()->statistics().redelivered >= 2);
}

void TestBufferClient::clientsWorkInAnotherThread()
{
    // Created here, moved to a thread of their own (as the GUI does): their timers go along.
    ServerThread server(2);
    QThread thread;
    thread.start();
    ClientConfig config = quickConfig(u"1"_s, server.port(), 5);
    config.interval = {1, 5};
    auto *producer = new ProducerClient(config);
    auto *consumer = new ConsumerClient(config);
    QSignalSpy done(consumer, &BufferClient::finished);
    for (BufferClient *client :
         {static_cast<BufferClient *>(producer), static_cast<BufferClient *>(consumer)}) {
        client->moveToThread(&thread);
        QMetaObject::invokeMethod(client, &BufferClient::start, Qt::QueuedConnection);
    }
    QTRY_COMPARE_WITH_TIMEOUT(done.size(), 1, 30'000);
    QCOMPARE(consumer->statistics().done, 5);
    QTRY_COMPARE_WITH_TIMEOUT(producer->statistics().done, 5, 30'000);
    for (BufferClient *client :
         {static_cast<BufferClient *>(producer), static_cast<BufferClient *>(consumer)})
        QMetaObject::invokeMethod(
            client, [client] { delete client; }, Qt::BlockingQueuedConnection);
    thread.quit();
    QVERIFY(thread.wait(10'000));
}

QTEST_GUILESS_MAIN(TestBufferClient)
#include "tst_bufferclient.moc"
