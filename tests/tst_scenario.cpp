#include "fifovalve.h"
#include "scenario.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace Qt::StringLiterals;

class TestScenario : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void roundTrip();
    void defaultsForMissingKeys();
    void rejects_data();
    void rejects();
    void fileRoundTripAndErrors();
    void acceptsTheLargestValues();
    void loadReadsOnlyRegularFiles();
};

void TestScenario::roundTrip()
{
    SimulationConfig config;
    config.strategy = u"deadlock"_s;
    config.producers = 3;
    config.consumers = 1;
    config.capacity = 2;
    config.students = 100;
    config.producerDelay = {};
    config.consumerDelay = {500, 1500};
    config.speed = 2.5;
    config.seed = 18446744073709551615ull; // the largest seed survives JSON as text
    config.keepXml = true;
    QString title;
    QString error;
    const auto back = Scenario::fromJson(Scenario::toJson(config, u"Lock before you wait"_s), &error, &title);
    QVERIFY2(back, qPrintable(error));
    QCOMPARE(title, u"Lock before you wait"_s);
    QCOMPARE(back->strategy, config.strategy);
    QCOMPARE(back->producers, 3);
    QCOMPARE(back->consumers, 1);
    QCOMPARE(back->capacity, 2);
    QCOMPARE(back->students, 100);
    QCOMPARE(back->producerDelay, DelayRange {});
    QCOMPARE(back->consumerDelay, (DelayRange {500, 1500}));
    QCOMPARE(back->speed, 2.5);
    QCOMPARE(back->seed, config.seed);
    QCOMPARE(back->keepXml, true);
}

void TestScenario::defaultsForMissingKeys()
{
    QString error;
    const auto config = Scenario::fromJson(R"({"bufferlab_scenario":1,"strategy":"monitor"})", &error);
    QVERIFY2(config, qPrintable(error));
    QCOMPARE(config->strategy, u"monitor"_s);
    QCOMPARE(config->capacity, SimulationConfig().capacity);
    QVERIFY(!config->seed);
}

void TestScenario::rejects_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("error");
    QTest::addRow("not JSON") << QByteArray("{\n\"buffer\": }") << u"line 2:"_s;
    QTest::addRow("not a scenario") << QByteArray(R"({"buffer":3})") << u"not a BufferLab scenario"_s;
    QTest::addRow("unknown key") << QByteArray(R"({"bufferlab_scenario":1,"bufer":3})")
                                 << u"unknown setting \"bufer\""_s;
    QTest::addRow("buffer 0") << QByteArray(R"({"bufferlab_scenario":1,"buffer":0})")
                              << u"\"buffer\": 0 is out of range (1 to 64)"_s;
    // Numbers are checked whole, before they are narrowed: none of these may wrap into range.
    QTest::addRow("students 2^32 + 1") << QByteArray(R"({"bufferlab_scenario":1,"students":4294967297})")
                                       << u"\"students\": 4294967297 is out of range"_s;
    QTest::addRow("buffer 2^32 + 5") << QByteArray(R"({"bufferlab_scenario":1,"buffer":4294967301})")
                                     << u"\"buffer\": 4294967301 is out of range"_s;
    QTest::addRow("students 2.5") << QByteArray(R"({"bufferlab_scenario":1,"students":2.5})")
                                  << u"\"students\" must be a whole number (got 2.5)"_s;
    QTest::addRow("students -1") << QByteArray(R"({"bufferlab_scenario":1,"students":-1})")
                                 << u"\"students\": -1 is out of range"_s;
    QTest::addRow("students 1e300") << QByteArray(R"({"bufferlab_scenario":1,"students":1e300})")
                                    << u"\"students\": 1e+300 is out of range"_s;
    QTest::addRow("students as text") << QByteArray(R"({"bufferlab_scenario":1,"students":"20"})")
                                      << u"\"students\" must be a whole number (got \"20\")"_s;
    QTest::addRow("producers true") << QByteArray(R"({"bufferlab_scenario":1,"producers":true})")
                                    << u"\"producers\" must be a whole number (got true)"_s;
    QTest::addRow("consumers 2^53 + 2")
        << QByteArray(R"({"bufferlab_scenario":1,"consumers":9007199254740994})") << u"\"consumers\":"_s;
    QTest::addRow("keep_xml \"no\"") << QByteArray(R"({"bufferlab_scenario":1,"keep_xml":"no"})")
                                     << u"\"keep_xml\" must be true or false (got \"no\")"_s;
    QTest::addRow("keep_xml 1") << QByteArray(R"({"bufferlab_scenario":1,"keep_xml":1})")
                                << u"\"keep_xml\" must be true or false (got 1)"_s;
    QTest::addRow("delay as a number") << QByteArray(R"({"bufferlab_scenario":1,"producer_delay":0.5})")
                                       << u"\"producer_delay\" must be a text of seconds"_s;
    QTest::addRow("delay nan") << QByteArray(R"({"bufferlab_scenario":1,"producer_delay":"nan"})")
                               << u"\"producer_delay\": \"nan\" is not a number of seconds"_s;
    QTest::addRow("delay too long") << QByteArray(R"({"bufferlab_scenario":1,"consumer_delay":"1-1e9"})")
                                    << u"\"consumer_delay\": a delay of 1e9 s is longer"_s;
    QTest::addRow("strategy 5") << QByteArray(R"({"bufferlab_scenario":1,"strategy":5})")
                                << u"\"strategy\" must be a text (got 5)"_s;
    QTest::addRow("title a list") << QByteArray(R"({"bufferlab_scenario":1,"title":[1]})")
                                  << u"\"title\" must be a text (got a list)"_s;
    QTest::addRow("speed as text") << QByteArray(R"({"bufferlab_scenario":1,"speed":"2"})")
                                   << u"\"speed\" must be a number (got \"2\")"_s;
    QTest::addRow("seed 2^53 + 2 as a number")
        << QByteArray(R"({"bufferlab_scenario":1,"seed":9007199254740994})") << u"as text beyond"_s;
    QTest::addRow("seed 2.5") << QByteArray(R"({"bufferlab_scenario":1,"seed":2.5})") << u"\"seed\""_s;
    QTest::addRow("seed 2^64 as text")
        << QByteArray(R"({"bufferlab_scenario":1,"seed":"18446744073709551616"})") << u"\"seed\""_s;
    QTest::addRow("seed -1 as text") << QByteArray(R"({"bufferlab_scenario":1,"seed":"-1"})")
                                     << u"\"seed\""_s;
    QTest::addRow("version 2^32 + 1")
        << QByteArray(R"({"bufferlab_scenario":4294967297})") << u"not a BufferLab scenario"_s;
    QTest::addRow("fractional producers") << QByteArray(R"({"bufferlab_scenario":1,"producers":1.5})")
                                          << u"\"producers\" must be a whole number"_s;
    QTest::addRow("bad delay") << QByteArray(R"({"bufferlab_scenario":1,"consumer_delay":"2-1"})")
                               << u"\"consumer_delay\":"_s;
    QTest::addRow("unknown strategy")
        << QByteArray(R"({"bufferlab_scenario":1,"strategy":"hope"})") << u"unknown strategy"_s;
    QTest::addRow("negative seed") << QByteArray(R"({"bufferlab_scenario":1,"seed":-3})") << u"\"seed\""_s;
    QTest::addRow("speed too high") << QByteArray(R"({"bufferlab_scenario":1,"speed":50})")
                                    << u"\"speed\": 50 is out of range (0.1 to 10)"_s;
}

void TestScenario::rejects()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, error);
    QString reason;
    QVERIFY(!Scenario::fromJson(json, &reason));
    QVERIFY2(reason.contains(error), qPrintable(reason));
}

void TestScenario::fileRoundTripAndErrors()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"demo.blscenario"_s);
    SimulationConfig config;
    config.strategy = u"unsafe"_s;
    QCOMPARE(Scenario::save(path, config, u"No lock at all"_s), QString());
    QString error;
    QString title;
    const auto back = Scenario::load(path, &error, &title);
    QVERIFY2(back, qPrintable(error));
    QCOMPARE(back->strategy, u"unsafe"_s);
    QCOMPARE(title, u"No lock at all"_s);

    QVERIFY(!Scenario::load(dir.filePath(u"missing.blscenario"_s), &error));
    QCOMPARE(error,
             u"cannot open "_s + dir.filePath(u"missing.blscenario"_s) + u": No such file or directory"_s);
    QVERIFY(!Scenario::save(dir.filePath(u"no/such/dir/x.blscenario"_s), config).isEmpty());
}

void TestScenario::acceptsTheLargestValues()
{
    QString error;
    const auto config
        = Scenario::fromJson(R"({"bufferlab_scenario":1,"students":1e9,"buffer":64,"producers":8,
        "consumers":8,"speed":10,"seed":9007199254740992,"keep_xml":true})",
                             &error);
    QVERIFY2(config, qPrintable(error));
    QCOMPARE(config->students, 1'000'000'000);
    QCOMPARE(config->capacity, 64);
    QCOMPARE(config->seed, std::optional<quint64>(9007199254740992ull));
    QCOMPARE(config->keepXml, true);
}

void TestScenario::loadReadsOnlyRegularFiles()
{
    QTemporaryDir dir;
    // A FIFO would block a plain open() for ever: no writer will come.
    const QString fifo = dir.filePath(u"lesson.blscenario"_s);
    QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0644), 0);
    QString error;
    {
        const FifoValve valve(fifo); // a blocking open fails the test instead of hanging it
        QVERIFY(!Scenario::load(fifo, &error));
    }
    QCOMPARE(error, u"cannot open "_s + fifo + u": not a regular file (a FIFO)"_s);

    QVERIFY(!Scenario::load(dir.path(), &error));
    QCOMPARE(error, u"cannot open "_s + dir.path() + u": not a regular file (a directory)"_s);

    const QString big = dir.filePath(u"big.blscenario"_s);
    QFile file(big);
    QVERIFY(file.open(QIODevice::WriteOnly));
    QVERIFY(file.write(QByteArray(Scenario::MaxFileBytes + 1, ' ')) == Scenario::MaxFileBytes + 1);
    file.close();
    QVERIFY(!Scenario::load(big, &error));
    QVERIFY2(error.startsWith(u"cannot open "_s + big + u": too large"_s), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestScenario)
#include "tst_scenario.moc"
