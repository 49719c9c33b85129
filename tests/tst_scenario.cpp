#include "scenario.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

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
                              << u"buffer size must be"_s;
    QTest::addRow("fractional producers") << QByteArray(R"({"bufferlab_scenario":1,"producers":1.5})")
                                          << u"\"producers\" must be a whole number"_s;
    QTest::addRow("bad delay") << QByteArray(R"({"bufferlab_scenario":1,"consumer_delay":"2-1"})")
                               << u"\"consumer_delay\":"_s;
    QTest::addRow("unknown strategy")
        << QByteArray(R"({"bufferlab_scenario":1,"strategy":"hope"})") << u"unknown strategy"_s;
    QTest::addRow("negative seed") << QByteArray(R"({"bufferlab_scenario":1,"seed":-3})") << u"\"seed\""_s;
    QTest::addRow("speed too high") << QByteArray(R"({"bufferlab_scenario":1,"speed":50})")
                                    << u"speed must be"_s;
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
    QVERIFY2(error.startsWith(u"cannot open"_s), qPrintable(error));
    QVERIFY(!Scenario::save(dir.filePath(u"no/such/dir/x.blscenario"_s), config).isEmpty());
}

QTEST_GUILESS_MAIN(TestScenario)
#include "tst_scenario.moc"
