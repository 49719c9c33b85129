#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

struct Result
{
    int exitCode = -1;
    QString out;
    QString err;

    QStringList lines() const { return out.split(QLatin1Char('\n'), Qt::SkipEmptyParts); }
};

// `bufferlab explore ARGUMENTS`; killed after timeoutMs.
Result explore(const QStringList &arguments, int timeoutMs = 60'000)
{
    QProcess process;
    process.start(QStringLiteral(BUFFERLAB_EXECUTABLE), QStringList {u"explore"_s} + arguments);
    Result result;
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished(5000);
        result.err = u"timed out"_s;
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = QString::fromUtf8(process.readAllStandardOutput());
    result.err = QString::fromUtf8(process.readAllStandardError());
    return result;
}

QJsonObject onlyJson(const Result &result)
{
    // --json prints one line, and it is the whole object.
    if (result.lines().size() != 1)
        return {};
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(result.out.toUtf8(), &error);
    return error.error == QJsonParseError::NoError ? document.object() : QJsonObject();
}

// A search that runs for minutes (4 + 4 threads, no symmetry reduction), started and seen to print
// its first line.
bool startLongSearch(QProcess &process, const QStringList &extra, QByteArray *out)
{
    process.start(QStringLiteral(BUFFERLAB_EXECUTABLE),
                  QStringList {u"explore"_s, u"semaphore"_s, u"--producers"_s, u"4"_s, u"--consumers"_s,
                               u"4"_s, u"--buffer"_s, u"4"_s, u"--items"_s, u"8"_s, u"--no-symmetry"_s,
                               u"--max-states"_s, u"1000000000"_s}
                      + extra);
    if (!process.waitForStarted(10'000))
        return false;
    if (!extra.contains(u"--json"_s)) {
        const QDeadlineTimer deadline(20'000);
        while (!out->contains('\n')) {
            if (deadline.hasExpired() || process.state() == QProcess::NotRunning)
                return false;
            process.waitForReadyRead(int(qMin<qint64>(200, qMax<qint64>(1, deadline.remainingTime()))));
            *out += process.readAllStandardOutput();
        }
    }
    return true;
}

} // namespace

class TestExploreCommand : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void correctExitsZero_data();
    void correctExitsZero();
    void jsonParses();
    void budgetExitsOne();
    void badValuesExitTwoBeforeStarting_data();
    void badValuesExitTwoBeforeStarting();
    void counterexampleExitsThree();
    void sigtermEndsTheSearchWithinASecond_data();
    void sigtermEndsTheSearchWithinASecond();
    void helpListsTheOptions();
};

void TestExploreCommand::correctExitsZero_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("header");
    QTest::addRow("semaphore, defaults") << QStringList {u"semaphore"_s}
                                         << u"Exploring semaphore: 2 producer(s), 2 consumer(s), buffer 2, 4 "
                                            u"item(s), symmetry reduction on, at "
                                            "most 10,000,000 states"_s;
    QTest::addRow("monitor 1+2, no symmetry")
        << QStringList {u"monitor"_s,  u"--producers"_s, u"1"_s,       u"--consumers"_s, u"2"_s,
                        u"--buffer"_s, u"3"_s,           u"--items"_s, u"3"_s,           u"--no-symmetry"_s}
        << u"Exploring monitor: 1 producer(s), 2 consumer(s), buffer 3, 3 item(s), symmetry reduction off, "
           u"at "
           "most 10,000,000 states"_s;
    QTest::addRow("semaphore forever")
        << QStringList {u"semaphore"_s, u"--forever"_s, u"--max-states"_s, u"500000"_s}
        << u"Exploring semaphore: 2 producer(s), 2 consumer(s), buffer 2, forever, symmetry reduction on, at "
           u"most "
           "500,000 states"_s;
}

void TestExploreCommand::correctExitsZero()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, header);
    const Result r = explore(arguments);
    QVERIFY2(r.exitCode == 0, qPrintable(r.out + r.err));
    QCOMPARE(r.lines().size(), 2);
    QCOMPARE(r.lines().at(0), header);
    QVERIFY2(r.lines().at(1).startsWith(u"Correct: "_s), qPrintable(r.lines().at(1)));
    QVERIFY(r.lines().at(1).contains(u" states/s)."_s));
    QCOMPARE(r.err, QString());
}

void TestExploreCommand::jsonParses()
{
    const Result r = explore({u"monitor"_s, u"--items"_s, u"3"_s, u"--json"_s});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.err, QString());
    const QJsonObject json = onlyJson(r);
    QVERIFY2(!json.isEmpty(), qPrintable(r.out));
    QCOMPARE(json.value(u"verdict"_s).toString(), u"correct"_s);
    QCOMPARE(json.value(u"finding"_s).toObject().value(u"kind"_s).toString(), u"none"_s);
    QVERIFY(json.value(u"states"_s).toDouble() > 0);
    QVERIFY(json.value(u"transitions"_s).toDouble() >= json.value(u"states"_s).toDouble() - 1);
    QVERIFY(json.value(u"states_per_s"_s).toDouble() >= 0);
    QCOMPARE(json.value(u"schedule"_s).toArray(), QJsonArray());
    QCOMPARE(json.value(u"config"_s).toObject(),
             (QJsonObject {{u"strategy"_s, u"monitor"_s},
                           {u"producers"_s, 2},
                           {u"consumers"_s, 2},
                           {u"buffer"_s, 2},
                           {u"items"_s, 3},
                           {u"forever"_s, false},
                           {u"max_states"_s, 10'000'000},
                           {u"symmetry"_s, true}}));
}

void TestExploreCommand::budgetExitsOne()
{
    const Result text = explore({u"semaphore"_s, u"--max-states"_s, u"100"_s});
    QCOMPARE(text.exitCode, 1);
    QVERIFY2(text.lines().value(1).startsWith(u"Inconclusive: the search reached its limit of 100 states"_s),
             qPrintable(text.out));
    const Result json = explore({u"semaphore"_s, u"--max-states"_s, u"100"_s, u"--json"_s});
    QCOMPARE(json.exitCode, 1);
    const QJsonObject object = onlyJson(json);
    QCOMPARE(object.value(u"verdict"_s).toString(), u"inconclusive"_s);
    QCOMPARE(object.value(u"cancelled"_s).toBool(), false);
    QVERIFY(object.value(u"reason"_s).toString().contains(u"limit of 100 states"_s));
}

void TestExploreCommand::badValuesExitTwoBeforeStarting_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    const QString s = u"semaphore"_s;
    QTest::addRow("no strategy") << QStringList {} << u"name a strategy file or a built-in strategy"_s;
    QTest::addRow("two strategies") << QStringList {s, u"monitor"_s} << u"unexpected argument \"monitor\""_s;
    QTest::addRow("buffer 0") << QStringList {s, u"--buffer"_s, u"0"_s}
                              << u"--buffer: 0 is out of range (1 to 16)"_s;
    QTest::addRow("buffer 17") << QStringList {s, u"--buffer"_s, u"17"_s}
                               << u"--buffer: 17 is out of range (1 to 16)"_s;
    QTest::addRow("producers 9") << QStringList {s, u"--producers"_s, u"9"_s}
                                 << u"--producers: 9 is out of range (1 to 8)"_s;
    QTest::addRow("consumers x") << QStringList {s, u"--consumers"_s, u"x"_s}
                                 << u"--consumers: \"x\" is not a whole number"_s;
    QTest::addRow("items 65") << QStringList {s, u"--items"_s, u"65"_s}
                              << u"--items: 65 is out of range (1 to 64)"_s;
    QTest::addRow("items past 2^32") << QStringList {s, u"--items"_s, u"4294967297"_s}
                                     << u"--items: 4294967297 is out of range (1 to 64)"_s;
    QTest::addRow("max-states 0") << QStringList {s, u"--max-states"_s, u"0"_s}
                                  << u"--max-states: 0 is out of range (1 to 1000000000)"_s;
    QTest::addRow("items and forever") << QStringList {s, u"--forever"_s, u"--items"_s, u"3"_s}
                                       << u"--items and --forever contradict each other"_s;
    QTest::addRow("unknown option") << QStringList {s, u"--fast"_s} << u"Unknown option 'fast'."_s;
    QTest::addRow("a missing strategy file")
        << QStringList {u"/nonexistent/my.blstrategy"_s} << u"/nonexistent/my.blstrategy: cannot open"_s;
    QTest::addRow("an unknown name") << QStringList {
        u"semafore"_s} << u"no strategy file or built-in strategy named \"semafore\" (built in: "_s;
    QTest::addRow("a strategy with errors")
        << QStringList {QStringLiteral(BUFFERLAB_TEST_DATA) + u"/strategies/broken.blstrategy"_s}
        << QStringLiteral(BUFFERLAB_TEST_DATA)
            + u"/strategies/broken.blstrategy:8:10: \"emtpy\" is not declared"_s;
}

void TestExploreCommand::badValuesExitTwoBeforeStarting()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    const Result r = explore(arguments);
    QCOMPARE(r.exitCode, 2);
    QCOMPARE(r.out, QString()); // nothing started, not even the header line
    QVERIFY2(r.err.startsWith(u"bufferlab explore: "_s + message), qPrintable(r.err));
}

void TestExploreCommand::counterexampleExitsThree()
{
    // Lock before you wait: a deadlock in 14 steps with 1 + 1 threads, buffer 1, 2 records.
    const QString file = QStringLiteral(BUFFERLAB_TEST_DATA) + u"/strategies/lock-before-wait.blstrategy"_s;
    const QStringList arguments {file,   u"--producers"_s, u"1"_s, u"--consumers"_s, u"1"_s, u"--buffer"_s,
                                 u"1"_s, u"--items"_s,     u"2"_s};
    const Result r = explore(arguments);
    QCOMPARE(r.exitCode, 3);
    QVERIFY2(r.lines().value(1).startsWith(u"Counterexample (deadlock): "_s), qPrintable(r.out));
    QCOMPARE(r.lines().value(2), u"Shortest schedule, 14 step(s):"_s);
    QCOMPARE(r.lines().size(), 3 + 2 * 14);
    const QJsonObject json = onlyJson(explore(arguments + QStringList {u"--json"_s}));
    QCOMPARE(json.value(u"verdict"_s).toString(), u"counterexample"_s);
    QCOMPARE(json.value(u"finding"_s).toObject().value(u"kind"_s).toString(), u"deadlock"_s);
    QCOMPARE(json.value(u"schedule"_s).toArray().size(), 14);
}

void TestExploreCommand::sigtermEndsTheSearchWithinASecond_data()
{
    QTest::addColumn<bool>("json");
    QTest::addRow("text") << false;
    QTest::addRow("json") << true;
}

void TestExploreCommand::sigtermEndsTheSearchWithinASecond()
{
    QFETCH(bool, json);
    QProcess process;
    QByteArray out;
    QVERIFY(startLongSearch(process, json ? QStringList {u"--json"_s} : QStringList {}, &out));
    // Let the search get going: its states grow for minutes.
    QVERIFY(!process.waitForFinished(300));
    QElapsedTimer clock;
    clock.start();
    process.terminate();
    QVERIFY(process.waitForFinished(10'000));
    QVERIFY2(clock.elapsed() < 1000, qPrintable(u"%1 ms"_s.arg(clock.elapsed())));
    QCOMPARE(process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(process.exitCode(), 1);
    out += process.readAllStandardOutput();
    if (json) {
        const QJsonObject object = QJsonDocument::fromJson(out).object();
        QCOMPARE(object.value(u"verdict"_s).toString(), u"inconclusive"_s);
        QCOMPARE(object.value(u"cancelled"_s).toBool(), true);
        QVERIFY(object.value(u"states"_s).toDouble() > 0);
    } else {
        QVERIFY2(out.contains("\nInconclusive: interrupted before every interleaving was covered ("),
                 out.constData());
    }
}

void TestExploreCommand::helpListsTheOptions()
{
    const Result r = explore({u"--help"_s});
    QCOMPARE(r.exitCode, 0);
    for (const QString &option :
         {u"--producers <P>"_s, u"--consumers <C>"_s, u"--buffer <N>"_s, u"--items <K>"_s, u"--forever"_s,
          u"--max-states <S>"_s, u"--no-symmetry"_s, u"--json"_s})
        QVERIFY2(r.out.contains(option), qPrintable(option));
}

QTEST_GUILESS_MAIN(TestExploreCommand)
#include "tst_explorecommand.moc"
