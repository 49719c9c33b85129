#include "simulation.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <sys/stat.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {

struct Result
{
    int exitCode = -1;
    QString out;
    QString err;

    QStringList lines() const { return out.split(QLatin1Char('\n'), Qt::SkipEmptyParts); }
    QJsonObject lastJson() const
    {
        return QJsonDocument::fromJson(lines().value(lines().size() - 1).toUtf8()).object();
    }
};

// The bufferlab executable with the environment changed by `environment`, in `workingDirectory`.
Result runIn(const QStringList &arguments, const QStringList &environment,
             const QString &workingDirectory = {}, int timeoutMs = 60'000)
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString &setting : environment)
        env.insert(setting.section(QLatin1Char('='), 0, 0), setting.section(QLatin1Char('='), 1));
    process.setProcessEnvironment(env);
    if (!workingDirectory.isEmpty())
        process.setWorkingDirectory(workingDirectory);
    process.start(QStringLiteral(BUFFERLAB_EXECUTABLE), arguments);
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

// The bufferlab executable with these arguments, in this environment; killed after timeoutMs.
Result run(const QStringList &arguments, int timeoutMs = 60'000)
{
    return runIn(arguments, {}, {}, timeoutMs);
}

// A port nothing listens on (it was free a moment ago).
quint16 closedPort()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost, 0))
        return 0;
    return server.serverPort();
}

// st_mode's permission bits, or -1.
int permissions(const QString &path)
{
    struct stat info = {};
    return ::stat(QFile::encodeName(path).constData(), &info) == 0 ? int(info.st_mode & 07777) : -1;
}

QStringList xmlFiles(const QString &dir)
{
    return QDir(dir).entryList({u"student*.xml"_s}, QDir::Files, QDir::Name);
}

// Runs mount or umount; false, with what it said, if it could not (a test then skips).
bool runTool(const QString &program, const QStringList &arguments, QString *output = nullptr)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(program, arguments);
    if (!process.waitForFinished(10'000)) {
        process.kill();
        process.waitForFinished(5000);
        if (output)
            *output = program + u" timed out"_s;
        return false;
    }
    if (output)
        *output = QString::fromLocal8Bit(process.readAll()).trimmed();
    return process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0;
}

// A small tmpfs mounted on a temporary directory for the test's lifetime (the tests run as root).
class TmpfsMount
{
public:
    explicit TmpfsMount(const QString &size)
    {
        if (::geteuid() != 0) {
            m_error = u"mounting a tmpfs needs root"_s;
            return;
        }
        m_mounted
            = runTool(u"mount"_s, {u"-t"_s, u"tmpfs"_s, u"-o"_s, u"size="_s + size, u"tmpfs"_s, m_dir.path()},
                      &m_error);
    }
    ~TmpfsMount()
    {
        if (m_mounted)
            runTool(u"umount"_s, {m_dir.path()});
    }
    bool isMounted() const { return m_mounted; }
    QString error() const { return u"cannot mount a tmpfs here: "_s + m_error; }
    QString path() const { return m_dir.path(); }
    bool remountReadOnly() { return runTool(u"mount"_s, {u"-o"_s, u"remount,ro"_s, m_dir.path()}, &m_error); }

private:
    QTemporaryDir m_dir;
    bool m_mounted = false;
    QString m_error;
};

// Starts `bufferlab simulate` and reads its output until a line contains what, or the timeout.
bool waitForOutput(QProcess &process, QByteArray &out, const QByteArray &what, int timeoutMs = 20'000)
{
    const QDeadlineTimer deadline(timeoutMs);
    while (!out.contains(what)) {
        if (deadline.hasExpired() || process.state() == QProcess::NotRunning)
            return false;
        process.waitForReadyRead(int(qMin<qint64>(200, qMax<qint64>(1, deadline.remainingTime()))));
        out += process.readAllStandardOutput();
    }
    return true;
}

Result finish(QProcess &process, QByteArray out, int timeoutMs = 30'000)
{
    Result result;
    // It may have ended already while an event loop ran (then waitForFinished() says false).
    if (process.state() != QProcess::NotRunning && !process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished(5000);
        result.err = u"timed out"_s;
        return result;
    }
    out += process.readAllStandardOutput();
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = QString::fromUtf8(out);
    result.err = QString::fromUtf8(process.readAllStandardError());
    return result;
}

} // namespace

class TestCli : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void simulateJsonSummary();
    void simulatePrintsLogLines();
    void quietPrintsOnlyTheSummary();
    void keepXmlAndSeedRepeat();
    void badValuesExitTwoBeforeStarting_data();
    void badValuesExitTwoBeforeStarting();
    void interruptStopsAndSummarizes();
    void inspectPrintsARecord();
    void inspectReportsABadFile();
    void helpAndVersion_data();
    void helpAndVersion();
    void unknownCommand();
    void launchInOneProcess();
    void launchWithChildProcesses();
    void launchBadValues_data();
    void launchBadValues();
    void serverPortInUse();
    void serverProducerAndConsumerAcrossProcesses();
    void brokenStrategiesExitThree_data();
    void brokenStrategiesExitThree();
    void scenarioFile();
    void fullDiskExitsFourWithTheReason();
    void directoryRemovedMidRun();
    void directoryTurnedReadOnlyMidRun();
    void plantedSymlinkTargetSurvives();
    void plantedFifoFailsOneRecordWithoutBlocking();
    void terminateEndsASlowRunPromptly();
    void scenarioOnAFifoExitsTwo();
    void scenarioBadValuesExitTwo_data();
    void scenarioBadValuesExitTwo();
    void inspectRefusesWhatIsNotARegularFile();
    void twoSimulationsAtOnce();
    void namedXmlDirIsLockedForOneRun();
    void windowRunAndSimulateDoNotCollide();
    void jsonAlonePrintsOnlyTheJson_data();
    void jsonAlonePrintsOnlyTheJson();
    void clientHostNames_data();
    void clientHostNames();
    void unresolvableHost_data();
    void unresolvableHost();
    void clientThatNeverConnected_data();
    void clientThatNeverConnected();
    void inspectNamesCommandAndAbsolutePath();
    void windowArguments_data();
    void windowArguments();
};

void TestCli::simulateJsonSummary()
{
    QTemporaryDir dir;
    const Result r = run({u"simulate"_s, u"--producers"_s, u"2"_s, u"--consumers"_s, u"2"_s, u"--students"_s,
                          u"500"_s, u"--no-delay"_s, u"--json"_s, u"--xml-dir"_s, dir.path()});
    QCOMPARE(r.exitCode, 0);
    const QJsonObject json = r.lastJson();
    QVERIFY2(!json.isEmpty(), qPrintable(r.out.right(300)));
    QCOMPARE(json.value(u"produced"_s).toInt(), 500);
    QCOMPARE(json.value(u"consumed"_s).toInt(), 500);
    QCOMPARE(json.value(u"failed"_s).toInt(), 0);
    QVERIFY(json.value(u"elapsed_s"_s).toDouble() > 0.0);
    QVERIFY(json.value(u"students_per_s"_s).toDouble() > 0.0);
    QCOMPARE(json.value(u"workers"_s).toArray().size(), 4);
    QCOMPARE(xmlFiles(dir.path()), QStringList());
}

void TestCli::simulatePrintsLogLines()
{
    QTemporaryDir dir;
    const Result r
        = run({u"simulate"_s, u"--students"_s, u"5"_s, u"--no-delay"_s, u"--xml-dir"_s, dir.path()});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.out.count(u"Producer 1 inserted student"_s), 5);
    QCOMPARE(r.out.count(u"Consumer 1 removed student"_s), 5);
    QCOMPARE(r.out.count(u"Consumer 1 processed student"_s), 5);
    QVERIFY(r.out.contains(u"Summary (semaphore strategy"_s));
    QVERIFY(r.out.contains(u"produced 5, consumed 5, failed 0"_s));
    // Lines come in time order.
    const QStringList lines = r.lines();
    double last = -1.0;
    for (const QString &line : lines) {
        if (!line.startsWith(QLatin1Char('[')))
            continue;
        const double t = line.mid(1, line.indexOf(u" s]"_s) - 1).trimmed().toDouble();
        QVERIFY2(t >= last, qPrintable(line));
        last = t;
    }
}

void TestCli::quietPrintsOnlyTheSummary()
{
    QTemporaryDir dir;
    const Result r = run({u"simulate"_s, u"--students"_s, u"50"_s, u"--no-delay"_s, u"--quiet"_s, u"--json"_s,
                          u"--strategy"_s, u"monitor"_s, u"--xml-dir"_s, dir.path()});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.lines().size(), 1); // --quiet --json: only the JSON line
    QCOMPARE(r.lastJson().value(u"consumed"_s).toInt(), 50);
    QCOMPARE(r.lastJson().value(u"strategy"_s).toString(), u"monitor"_s);
}

void TestCli::keepXmlAndSeedRepeat()
{
    QTemporaryDir first;
    QTemporaryDir second;
    for (const QString &dir : {first.path(), second.path()}) {
        const Result r
            = run({u"simulate"_s, u"--students"_s, u"12"_s, u"--producers"_s, u"3"_s, u"--no-delay"_s,
                   u"--quiet"_s, u"--keep-xml"_s, u"--seed"_s, u"5"_s, u"--xml-dir"_s, dir});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(xmlFiles(dir).size(), 12);
    }
    for (const QString &name : xmlFiles(first.path())) {
        QFile a(first.filePath(name));
        QFile b(second.filePath(name));
        QVERIFY(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly));
        QCOMPARE(a.readAll(), b.readAll());
    }
}

void TestCli::badValuesExitTwoBeforeStarting_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    QTest::addRow("buffer 0") << QStringList {u"--buffer"_s, u"0"_s} << u"--buffer: 0 is out of range"_s;
    QTest::addRow("buffer 65") << QStringList {u"--buffer"_s, u"65"_s} << u"--buffer: 65 is out of range"_s;
    QTest::addRow("producers 99") << QStringList {u"--producers"_s, u"99"_s}
                                  << u"--producers: 99 is out of range"_s;
    QTest::addRow("consumers 0") << QStringList {u"--consumers"_s, u"0"_s}
                                 << u"--consumers: 0 is out of range"_s;
    QTest::addRow("students abc") << QStringList {u"--students"_s, u"abc"_s} << u"not a whole number"_s;
    QTest::addRow("delay reversed") << QStringList {u"--producer-delay"_s, u"2-1"_s}
                                    << u"the minimum is larger than the maximum"_s;
    QTest::addRow("delay not a number")
        << QStringList {u"--consumer-delay"_s, u"soon"_s} << u"not a number of seconds"_s;
    QTest::addRow("delay negative") << QStringList {u"--consumer-delay"_s, u"-1"_s}
                                    << u"cannot be negative"_s;
    QTest::addRow("unknown strategy") << QStringList {u"--strategy"_s, u"hope"_s} << u"unknown strategy"_s;
    QTest::addRow("no-delay and delay")
        << QStringList {u"--no-delay"_s, u"--producer-delay"_s, u"1-2"_s} << u"cannot be combined"_s;
    QTest::addRow("unknown option") << QStringList {u"--bogus"_s} << u"Unknown option 'bogus'"_s;
    QTest::addRow("missing value") << QStringList {u"--students"_s} << u"Missing value after '--students'"_s;
    QTest::addRow("seed negative") << QStringList {u"--seed"_s, u"-4"_s} << u"--seed"_s;
    // Checked whole before narrowing: none may wrap into range.
    QTest::addRow("students 2^32 + 1")
        << QStringList {u"--students"_s, u"4294967297"_s} << u"--students: 4294967297 is out of range"_s;
    QTest::addRow("buffer 2^32 + 5") << QStringList {u"--buffer"_s, u"4294967301"_s}
                                     << u"--buffer: 4294967301 is out of range"_s;
    QTest::addRow("students 2^64") << QStringList {u"--students"_s, u"18446744073709551616"_s}
                                   << u"--students: \"18446744073709551616\" is not a whole number"_s;
    QTest::addRow("seed 2^64") << QStringList {u"--seed"_s, u"18446744073709551616"_s}
                               << u"--seed: \"18446744073709551616\" is not a whole number"_s;
    QTest::addRow("seed plus") << QStringList {u"--seed"_s, u"+5"_s} << u"--seed: \"+5\""_s;
    QTest::addRow("speed nan") << QStringList {u"--speed"_s, u"nan"_s}
                               << u"--speed: \"nan\" is not a number"_s;
    QTest::addRow("speed inf") << QStringList {u"--speed"_s, u"inf"_s}
                               << u"--speed: \"inf\" is not a number"_s;
    QTest::addRow("delay nan") << QStringList {u"--producer-delay"_s, u"nan"_s}
                               << u"not a number of seconds"_s;
    QTest::addRow("delay huge") << QStringList {u"--producer-delay"_s, u"0-1e300"_s} << u"longer than"_s;
}

void TestCli::badValuesExitTwoBeforeStarting()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    QTemporaryDir dir;
    const QString xmlDir = dir.filePath(u"xml"_s);
    const Result r = run(QStringList {u"simulate"_s, u"--xml-dir"_s, xmlDir} + arguments);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(message), qPrintable(r.err));
    QVERIFY(r.err.startsWith(u"bufferlab simulate: "_s));
    QCOMPARE(r.out, QString()); // nothing started, nothing printed
    QVERIFY(!QDir(xmlDir).exists()); // not even the XML directory
}

void TestCli::interruptStopsAndSummarizes()
{
    QTemporaryDir dir;
    QProcess process;
    process.start(QStringLiteral(BUFFERLAB_EXECUTABLE),
                  {u"simulate"_s, u"--students"_s, u"1000"_s, u"--xml-dir"_s, dir.path()});
    QVERIFY(process.waitForStarted(10'000));
    // Wait for the first record to go through, then ask it to stop as Ctrl+C would.
    QByteArray out;
    QTRY_VERIFY_WITH_TIMEOUT((out += process.readAllStandardOutput()).contains("inserted student 1 "),
                             20'000);
    process.terminate();
    QVERIFY(process.waitForFinished(10'000));
    out += process.readAllStandardOutput();
    QCOMPARE(process.exitCode(), 1);
    QVERIFY2(out.contains("stopped before the end"), out.right(300).constData());
    QCOMPARE(xmlFiles(dir.path()), QStringList());
}

void TestCli::inspectPrintsARecord()
{
    const Result r = run({u"inspect"_s, QStringLiteral(BUFFERLAB_TEST_DATA) + u"/seed-xml/student6.xml"_s});
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.contains(u"Abigail Garcia"_s));
    QVERIFY(r.out.contains(u"Average:    73.26"_s));
    QVERIFY(r.out.contains(u"Result:     PASS"_s));
}

void TestCli::inspectReportsABadFile()
{
    QTemporaryDir dir;
    QFile bad(dir.filePath(u"student9.xml"_s));
    QVERIFY(bad.open(QIODevice::WriteOnly));
    bad.write("<?xml version=\"1.0\" ?>\n<ITStudent>\n  <Name>Jane Smith</Name>\n  <StudentID></StudentID>\n"
              "</ITStudent>\n");
    bad.close();
    const Result r = run({u"inspect"_s, bad.fileName()});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(u"student9.xml: line 4: <StudentID> is empty"_s), qPrintable(r.err));

    QCOMPARE(run({u"inspect"_s}).exitCode, 2);
}

void TestCli::helpAndVersion_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("expected");
    QTest::addRow("--help") << QStringList {u"--help"_s} << u"simulate"_s;
    QTest::addRow("--version") << QStringList {u"--version"_s} << u"bufferlab 0."_s;
    QTest::addRow("simulate --help") << QStringList {u"simulate"_s, u"--help"_s} << u"--producer-delay"_s;
    QTest::addRow("inspect --help") << QStringList {u"inspect"_s, u"--help"_s} << u"FILE.xml"_s;
}

void TestCli::helpAndVersion()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, expected);
    const Result r = run(arguments);
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains(expected), qPrintable(r.out));
}

void TestCli::unknownCommand()
{
    const Result r = run({u"simmulate"_s});
    QCOMPARE(r.exitCode, 2);
    QVERIFY(r.err.contains(u"unknown command \"simmulate\""_s));
}

void TestCli::launchInOneProcess()
{
    const Result r
        = run({u"launch"_s, u"--producers"_s, u"4"_s, u"--consumers"_s, u"4"_s, u"--items"_s, u"250"_s,
               u"--interval"_s, u"0-0"_s, u"--port"_s, u"0"_s, u"--json"_s, u"--verbose"_s});
    QCOMPARE(r.exitCode, 0);
    const QJsonObject json = r.lastJson();
    QCOMPARE(json.value(u"produced"_s).toInt(), 1000);
    QCOMPARE(json.value(u"consumed"_s).toInt(), 1000);
    QCOMPARE(json.value(u"lost"_s).toInt(-1), 0);
    QCOMPARE(json.value(u"duplicated"_s).toInt(-1), 0);
    QCOMPARE(json.value(u"left_over"_s).toInt(-1), 0);
    QVERIFY(json.value(u"items_per_s"_s).toDouble() > 0.0);
    QCOMPARE(json.value(u"clients"_s).toArray().size(), 8);
    QVERIFY(r.out.contains(u"nothing lost or duplicated"_s));
    QVERIFY(r.out.contains(u"Consumer 4: done, 250 of 250 done"_s));
}

void TestCli::launchWithChildProcesses()
{
    const Result r = run({u"launch"_s, u"--processes"_s, u"--items"_s, u"20"_s, u"--interval"_s, u"0-0.01"_s,
                          u"--port"_s, u"0"_s, u"--json"_s, u"--quiet"_s});
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.lines().size(), 1);
    const QJsonObject json = r.lastJson();
    QCOMPARE(json.value(u"processes"_s).toBool(), true);
    QCOMPARE(json.value(u"produced"_s).toInt(), 40); // 2 producers (the original's default) x 20
    QCOMPARE(json.value(u"consumed"_s).toInt(), 40);
    QCOMPARE(json.value(u"lost"_s).toInt(-1), 0);
    QCOMPARE(json.value(u"duplicated"_s).toInt(-1), 0);
}

void TestCli::launchBadValues_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    QTest::addRow("no producers") << QStringList {u"--producers"_s, u"0"_s}
                                  << u"--producers: 0 is out of range"_s;
    QTest::addRow("interval reversed") << QStringList {u"--interval"_s, u"2-1"_s} << u"--interval:"_s;
    QTest::addRow("capacity 0") << QStringList {u"--capacity"_s, u"0"_s}
                                << u"--capacity: 0 is out of range"_s;
    QTest::addRow("port too big") << QStringList {u"--port"_s, u"70000"_s}
                                  << u"--port: 70000 is out of range"_s;
    QTest::addRow("host that does not resolve") << QStringList {u"--host"_s, u"no-such-host.invalid"_s}
                                                << u"--host: cannot resolve \"no-such-host.invalid\""_s;
}

void TestCli::launchBadValues()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    const Result r = run(QStringList {u"launch"_s} + arguments);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(message), qPrintable(r.err));
    QCOMPARE(r.out, QString());
}

void TestCli::serverPortInUse()
{
    QTcpServer taken;
    QVERIFY(taken.listen(QHostAddress::LocalHost, 0));
    const Result r = run({u"server"_s, u"--port"_s, QString::number(taken.serverPort())});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(u"cannot listen on 127.0.0.1 port %1"_s.arg(taken.serverPort())),
             qPrintable(r.err));
}

void TestCli::serverProducerAndConsumerAcrossProcesses()
{
    // Three terminals, as with the original: a server, a producer and a consumer.
    QProcess server;
    server.start(QStringLiteral(BUFFERLAB_EXECUTABLE), {u"server"_s, u"--port"_s, u"0"_s, u"--json"_s});
    QVERIFY(server.waitForStarted(10'000));
    // With --json alone, stdout is for the JSON: where it listens is said on stderr.
    QByteArray log;
    QTRY_VERIFY_WITH_TIMEOUT((log += server.readAllStandardError()).contains(" port "), 10'000);
    const QRegularExpressionMatch match
        = QRegularExpression(u"bufferlab server: listening on \\S+ port (\\d+)"_s)
              .match(QString::fromUtf8(log));
    QVERIFY2(match.hasMatch(), log.constData());
    const QString port = match.captured(1);

    QProcess producer;
    producer.start(QStringLiteral(BUFFERLAB_EXECUTABLE),
                   {u"producer"_s, u"1"_s, u"--port"_s, port, u"--items"_s, u"6"_s, u"--interval"_s, u"0-0"_s,
                    u"--json"_s});
    const Result consumer = run({u"consumer"_s, u"1"_s, u"--port"_s, port, u"--items"_s, u"6"_s,
                                 u"--interval"_s, u"0-0"_s, u"--json"_s, u"--verbose"_s});
    QVERIFY(producer.waitForFinished(30'000));
    QCOMPARE(producer.exitCode(), 0);
    const QByteArray producerOut = producer.readAllStandardOutput().trimmed();
    QVERIFY2(!producerOut.contains('\n'), producerOut.constData()); // --json alone: the JSON only
    QCOMPARE(QJsonDocument::fromJson(producerOut).object().value(u"done"_s).toInt(), 6);
    QCOMPARE(consumer.exitCode, 0);
    QCOMPARE(consumer.lastJson().value(u"done"_s).toInt(), 6);
    // --verbose: the log lines too, each saying who once.
    QCOMPARE(consumer.out.count(u"Consumer 1: processed "_s), 6);
    QVERIFY2(consumer.out.contains(u"Consumer 1: starting: 6 item(s)"_s), qPrintable(consumer.out));
    QVERIFY2(!consumer.out.contains(u"Consumer 1: Consumer 1"_s), qPrintable(consumer.out));

    server.terminate(); // as Ctrl+C would
    QVERIFY(server.waitForFinished(10'000));
    QCOMPARE(server.exitCode(), 0);
    const QList<QByteArray> lines = server.readAllStandardOutput().trimmed().split('\n');
    QCOMPARE(lines.size(), 1);
    const QJsonObject stats = QJsonDocument::fromJson(lines.last()).object();
    QCOMPARE(stats.value(u"accepted"_s).toInt(), 6);
    QCOMPARE(stats.value(u"acked"_s).toInt(), 6);
    QCOMPARE(stats.value(u"lost"_s).toInt(-1), 0);
}

void TestCli::brokenStrategiesExitThree_data()
{
    QTest::addColumn<QString>("strategy");
    QTest::addColumn<QStringList>("settings");
    QTest::addColumn<int>("exitCode");
    const QStringList race {u"--producers"_s, u"4"_s, u"--consumers"_s, u"4"_s, u"--students"_s, u"20000"_s};
    const QStringList stuck {u"--buffer"_s,    u"2"_s, u"--producers"_s, u"3"_s,
                             u"--consumers"_s, u"1"_s, u"--students"_s,  u"100"_s};
    QTest::addRow("unsafe") << u"unsafe"_s << race << 3;
    QTest::addRow("semaphore, race settings") << u"semaphore"_s << race << 0;
    QTest::addRow("monitor, race settings") << u"monitor"_s << race << 0;
    QTest::addRow("deadlock") << u"deadlock"_s << stuck << 3;
    QTest::addRow("semaphore, deadlock settings") << u"semaphore"_s << stuck << 0;
    QTest::addRow("monitor, deadlock settings") << u"monitor"_s << stuck << 0;
}

void TestCli::brokenStrategiesExitThree()
{
    QFETCH(QString, strategy);
    QFETCH(QStringList, settings);
    QFETCH(int, exitCode);
    QTemporaryDir dir;
    const Result r = run(QStringList {u"simulate"_s, u"--strategy"_s, strategy, u"--no-delay"_s, u"--json"_s,
                                      u"--quiet"_s, u"--xml-dir"_s, dir.path()}
                         + settings);
    QCOMPARE(r.exitCode, exitCode);
    const QJsonObject json = r.lastJson();
    QVERIFY2(json.contains(u"lost"_s) && json.contains(u"duplicated"_s) && json.contains(u"deadlock"_s),
             qPrintable(r.out.right(300)));
    if (strategy == u"unsafe"_s) {
        QVERIFY(json.value(u"lost"_s).toInt() + json.value(u"duplicated"_s).toInt() > 0);
    } else if (strategy == u"deadlock"_s) {
        QCOMPARE(json.value(u"deadlock"_s).toBool(), true);
        QVERIFY(json.value(u"cycle"_s).toArray().size() >= 2);
        QVERIFY(json.value(u"elapsed_s"_s).toDouble() < 10.0);
    } else {
        QCOMPARE(json.value(u"lost"_s).toInt(-1), 0);
        QCOMPARE(json.value(u"duplicated"_s).toInt(-1), 0);
        QCOMPARE(json.value(u"deadlock"_s).toBool(true), false);
    }
}

void TestCli::scenarioFile()
{
    QTemporaryDir dir;
    QFile scenario(dir.filePath(u"stuck.blscenario"_s));
    QVERIFY(scenario.open(QIODevice::WriteOnly));
    scenario.write(R"({"bufferlab_scenario":1,"strategy":"deadlock","producers":3,"consumers":1,"buffer":2,
                      "students":100,"producer_delay":"0-0","consumer_delay":"0-0","title":"Lock before you wait"})");
    scenario.close();
    const Result stuck = run({u"simulate"_s, u"--scenario"_s, scenario.fileName(), u"--json"_s, u"--quiet"_s,
                              u"--xml-dir"_s, dir.filePath(u"xml"_s)});
    QCOMPARE(stuck.exitCode, 3);
    QCOMPARE(stuck.lastJson().value(u"deadlock"_s).toBool(), true);
    // Options on the command line win over the scenario's.
    const Result fixed
        = run({u"simulate"_s, u"--scenario"_s, scenario.fileName(), u"--strategy"_s, u"semaphore"_s,
               u"--json"_s, u"--quiet"_s, u"--xml-dir"_s, dir.filePath(u"xml"_s)});
    QCOMPARE(fixed.exitCode, 0);
    QCOMPARE(fixed.lastJson().value(u"consumed"_s).toInt(), 100);

    const Result missing = run({u"simulate"_s, u"--scenario"_s, dir.filePath(u"nope.blscenario"_s)});
    QCOMPARE(missing.exitCode, 2);
    QVERIFY2(missing.err.contains(u"--scenario: cannot open"_s), qPrintable(missing.err));
}

void TestCli::fullDiskExitsFourWithTheReason()
{
    TmpfsMount disk(u"64k"_s);
    if (!disk.isMounted())
        QSKIP(qPrintable(disk.error()));
    const Result r = run({u"simulate"_s, u"--students"_s, u"2000"_s, u"--no-delay"_s, u"--keep-xml"_s,
                          u"--json"_s, u"--verbose"_s, u"--xml-dir"_s, disk.path()});
    QCOMPARE(r.exitCode, 4);
    QVERIFY2(r.out.contains(u"cannot write (No space left on device)"_s), qPrintable(r.out.right(500)));
    QVERIFY2(!r.out.contains(u"not well-formed"_s), qPrintable(r.out.right(500)));
    QVERIFY(r.out.contains(u"Producer 1 could not write student"_s));
    const QJsonObject json = r.lastJson();
    // Every record went through, none was lost, and the count of failures is exact: every record
    // whose file is not on the disk failed, and no other.
    const int kept = int(xmlFiles(disk.path()).size());
    QVERIFY(kept > 0);
    QCOMPARE(json.value(u"produced"_s).toInt(), 2000);
    QCOMPARE(json.value(u"consumed"_s).toInt(), 2000);
    QCOMPARE(json.value(u"lost"_s).toInt(-1), 0);
    QCOMPARE(json.value(u"failed"_s).toInt(), 2000 - kept);
    QCOMPARE(json.value(u"write_failed"_s).toInt(), 2000 - kept);
    const QJsonArray failures = json.value(u"failures"_s).toArray();
    QCOMPARE(failures.size(), 10);
    const QJsonObject first = failures.first().toObject();
    QVERIFY(first.value(u"record"_s).toInt() > 0);
    QCOMPARE(
        first.value(u"error"_s).toString(),
        u"student%1.xml: cannot write (No space left on device)"_s.arg(first.value(u"record"_s).toInt()));
    QVERIFY2(r.out.contains(u"FAILED: %1 record(s)"_s.arg(2000 - kept)), qPrintable(r.out.right(800)));
}

void TestCli::directoryRemovedMidRun()
{
    QTemporaryDir dir;
    const QString xmlDir = dir.filePath(u"xml"_s);
    QProcess process;
    process.start(QStringLiteral(BUFFERLAB_EXECUTABLE),
                  {u"simulate"_s, u"--students"_s, u"60"_s, u"--producer-delay"_s, u"0.01-0.01"_s,
                   u"--consumer-delay"_s, u"0-0"_s, u"--xml-dir"_s, xmlDir});
    QVERIFY(process.waitForStarted(10'000));
    QByteArray out;
    QVERIFY2(waitForOutput(process, out, "inserted student 3 "), out.right(300).constData());
    // Moved away in one step, then removed: a producer creating a file meanwhile cannot stop it.
    QVERIFY(QDir().rename(xmlDir, xmlDir + u"-gone"_s));
    QVERIFY(QDir(xmlDir + u"-gone"_s).removeRecursively());
    const Result r = finish(process, out);
    QCOMPARE(r.exitCode, 4);
    QVERIFY2(r.out.contains(u"(No such file or directory)"_s), qPrintable(r.out.right(800)));
    QVERIFY2(!r.out.contains(u"not well-formed"_s), qPrintable(r.out.right(800)));
}

void TestCli::directoryTurnedReadOnlyMidRun()
{
    TmpfsMount disk(u"1m"_s);
    if (!disk.isMounted())
        QSKIP(qPrintable(disk.error()));
    QProcess process;
    process.start(QStringLiteral(BUFFERLAB_EXECUTABLE),
                  {u"simulate"_s, u"--students"_s, u"60"_s, u"--producer-delay"_s, u"0.01-0.01"_s,
                   u"--consumer-delay"_s, u"0-0"_s, u"--xml-dir"_s, disk.path()});
    QVERIFY(process.waitForStarted(10'000));
    QByteArray out;
    QVERIFY2(waitForOutput(process, out, "inserted student 3 "), out.right(300).constData());
    QVERIFY(disk.remountReadOnly());
    const Result r = finish(process, out);
    QCOMPARE(r.exitCode, 4);
    QVERIFY2(r.out.contains(u"cannot write (Read-only file system)"_s), qPrintable(r.out.right(800)));
}

void TestCli::plantedSymlinkTargetSurvives()
{
    QTemporaryDir dir;
    QTemporaryDir elsewhere;
    const QString target = elsewhere.filePath(u"precious.txt"_s);
    const QByteArray precious = "someone's file\n\x01\x02 byte for byte\n";
    {
        QFile file(target);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QCOMPARE(file.write(precious), precious.size());
    }
    for (const bool keep : {true, false}) {
        const QString xmlDir = dir.filePath(keep ? u"kept"_s : u"deleted"_s);
        QVERIFY(QDir().mkpath(xmlDir));
        QVERIFY(QFile::link(target, xmlDir + u"/student2.xml"_s));
        QStringList arguments
            = {u"simulate"_s, u"--students"_s, u"5"_s, u"--no-delay"_s, u"--quiet"_s, u"--xml-dir"_s, xmlDir};
        if (keep)
            arguments << u"--keep-xml"_s;
        const Result r = run(arguments, 30'000);
        QCOMPARE(r.exitCode, 0);
        QFile file(target);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), precious);
        // The link was replaced by the record (and, unless kept, removed after it was read).
        QCOMPARE(QFileInfo(xmlDir + u"/student2.xml"_s).isSymLink(), false);
        QCOMPARE(QFileInfo::exists(xmlDir + u"/student2.xml"_s), keep);
    }
}

void TestCli::plantedFifoFailsOneRecordWithoutBlocking()
{
    // Buffer 1 and a slow consumer: record 2 waits in the buffer while the consumer sleeps, and a
    // FIFO takes its file's place. A blocking open would wait for a writer for ever.
    QTemporaryDir dir;
    QProcess process;
    process.start(QStringLiteral(BUFFERLAB_EXECUTABLE),
                  {u"simulate"_s, u"--students"_s, u"3"_s, u"--buffer"_s, u"1"_s, u"--producer-delay"_s,
                   u"0-0"_s, u"--consumer-delay"_s, u"1.5-1.5"_s, u"--xml-dir"_s, dir.path()});
    QVERIFY(process.waitForStarted(10'000));
    QByteArray out;
    QVERIFY2(waitForOutput(process, out, "inserted student 2 "), out.right(300).constData());
    const QByteArray path = QFile::encodeName(dir.filePath(u"student2.xml"_s));
    QCOMPARE(::unlink(path.constData()), 0);
    QCOMPARE(::mkfifo(path.constData(), 0644), 0);
    const Result r = finish(process, out, 20'000);
    QVERIFY2(r.err != u"timed out"_s, "the run blocked on the FIFO");
    QCOMPARE(r.exitCode, 4);
    QVERIFY2(r.out.contains(
                 u"Consumer 1 could not process student 2: student2.xml: not a regular file (a FIFO)"_s),
             qPrintable(r.out.right(800)));
    QVERIFY2(r.out.contains(u"produced 3, consumed 3, failed 1"_s), qPrintable(r.out.right(800)));
    QCOMPARE(xmlFiles(dir.path()), QStringList()); // the FIFO's name went too
}

void TestCli::terminateEndsASlowRunPromptly()
{
    QTemporaryDir dir;
    QProcess process;
    process.start(QStringLiteral(BUFFERLAB_EXECUTABLE),
                  {u"simulate"_s, u"--students"_s, u"100"_s, u"--producer-delay"_s, u"30-30"_s,
                   u"--consumer-delay"_s, u"30-30"_s, u"--xml-dir"_s, dir.path()});
    QVERIFY(process.waitForStarted(10'000));
    QByteArray out;
    QVERIFY2(waitForOutput(process, out, "removed student 1 "), out.right(300).constData());
    QElapsedTimer clock;
    clock.start();
    process.terminate();
    // Generous for a loaded machine; the time it took is printed.
    QVERIFY(process.waitForFinished(5000));
    qInfo("simulate ended %lld ms after SIGTERM", clock.elapsed());
    QCOMPARE(process.exitCode(), 1);
    out += process.readAllStandardOutput();
    QVERIFY2(out.contains("stopped before the end"), out.right(300).constData());
}

void TestCli::scenarioOnAFifoExitsTwo()
{
    QTemporaryDir dir;
    const QString fifo = dir.filePath(u"lesson.blscenario"_s);
    QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0644), 0);
    const Result r
        = run({u"simulate"_s, u"--scenario"_s, fifo, u"--xml-dir"_s, dir.filePath(u"xml"_s)}, 20'000);
    QVERIFY2(r.err != u"timed out"_s, "simulate blocked on the FIFO");
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(u"--scenario: cannot open "_s + fifo + u": not a regular file (a FIFO)"_s),
             qPrintable(r.err));
}

void TestCli::scenarioBadValuesExitTwo_data()
{
    QTest::addColumn<QByteArray>("settings");
    QTest::addColumn<QString>("message");
    QTest::addRow("students 2^32 + 1")
        << QByteArray(R"("students":4294967297)") << u"\"students\": 4294967297 is out of range"_s;
    QTest::addRow("buffer 2^32 + 5") << QByteArray(R"("buffer":4294967301)")
                                     << u"\"buffer\": 4294967301 is out of range"_s;
    QTest::addRow("keep_xml no") << QByteArray(R"("keep_xml":"no")")
                                 << u"\"keep_xml\" must be true or false"_s;
    QTest::addRow("students 2.5") << QByteArray(R"("students":2.5)")
                                  << u"\"students\" must be a whole number"_s;
    QTest::addRow("students -1") << QByteArray(R"("students":-1)") << u"\"students\": -1 is out of range"_s;
}

void TestCli::scenarioBadValuesExitTwo()
{
    QFETCH(QByteArray, settings);
    QFETCH(QString, message);
    QTemporaryDir dir;
    QFile scenario(dir.filePath(u"bad.blscenario"_s));
    QVERIFY(scenario.open(QIODevice::WriteOnly));
    scenario.write(R"({"bufferlab_scenario":1,"producer_delay":"0-0","consumer_delay":"0-0",)" + settings
                   + "}");
    scenario.close();
    const QString xmlDir = dir.filePath(u"xml"_s);
    const Result r = run({u"simulate"_s, u"--scenario"_s, scenario.fileName(), u"--xml-dir"_s, xmlDir});
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(scenario.fileName() + u": "_s + message), qPrintable(r.err));
    QCOMPARE(r.out, QString());
    QVERIFY(!QDir(xmlDir).exists());
}

void TestCli::inspectRefusesWhatIsNotARegularFile()
{
    QTemporaryDir dir;
    const QString fifo = dir.filePath(u"student4.xml"_s);
    QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0644), 0);
    const QString big = dir.filePath(u"student5.xml"_s);
    {
        QFile file(big);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QVERIFY(file.resize((1 << 20) + 1));
    }
    const QString link = dir.filePath(u"student6.xml"_s);
    QVERIFY(QFile::link(QStringLiteral(BUFFERLAB_TEST_DATA) + u"/seed-xml/student6.xml"_s, link));
    const Result r = run({u"inspect"_s, fifo, big, link}, 20'000);
    QVERIFY2(r.err != u"timed out"_s, "inspect blocked on the FIFO");
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(u"bufferlab inspect: %1: not a regular file (a FIFO)"_s.arg(fifo)),
             qPrintable(r.err));
    QVERIFY2(r.err.contains(u"bufferlab inspect: %1: too large (1048577 bytes; at most 1 MiB)"_s.arg(big)),
             qPrintable(r.err));
    QVERIFY2(r.err.contains(u"bufferlab inspect: %1: not a regular file (a symbolic link)"_s.arg(link)),
             qPrintable(r.err));
}

void TestCli::twoSimulationsAtOnce()
{
    // Both use the default XML folder (under XDG_DATA_HOME); each must get a folder of its own.
    QTemporaryDir data;
    QVERIFY(data.isValid());
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"XDG_DATA_HOME"_s, data.path());
    const QStringList common {u"simulate"_s,   u"--producers"_s, u"2"_s,          u"--consumers"_s, u"2"_s,
                              u"--students"_s, u"20000"_s,       u"--no-delay"_s, u"--json"_s};
    QProcess first;
    QProcess second;
    first.setProcessEnvironment(env);
    second.setProcessEnvironment(env);
    first.start(QStringLiteral(BUFFERLAB_EXECUTABLE), common);
    second.start(QStringLiteral(BUFFERLAB_EXECUTABLE), common);
    QVERIFY(first.waitForStarted(10'000) && second.waitForStarted(10'000));
    const Result a = finish(first, {}, 120'000);
    const Result b = finish(second, {}, 120'000);
    for (const Result *r : {&a, &b}) {
        QCOMPARE(r->exitCode, 0);
        QCOMPARE(r->lines().size(), 1); // --json alone: the JSON only
        const QJsonObject json = r->lastJson();
        QCOMPARE(json.value(u"consumed"_s).toInt(), 20000);
        QCOMPARE(json.value(u"lost"_s).toInt(-1), 0);
        QCOMPARE(json.value(u"duplicated"_s).toInt(-1), 0);
        QCOMPARE(json.value(u"failed"_s).toInt(-1), 0);
        QVERIFY2(json.value(u"xml_dir"_s).toString().startsWith(data.path() + u"/bufferlab/xml/run-"_s),
                 qPrintable(json.value(u"xml_dir"_s).toString()));
    }
    const QString dirA = a.lastJson().value(u"xml_dir"_s).toString();
    const QString dirB = b.lastJson().value(u"xml_dir"_s).toString();
    QVERIFY(dirA != dirB);
    for (const Result *r : {&a, &b})
        QCOMPARE(r->lastJson().value(u"xml_kept"_s).toBool(true), false);
    QVERIFY(!QDir(dirA).exists()); // removed at the end
    QVERIFY(!QDir(dirB).exists());

    // A kept run's folder stays, private, and both the JSON and the summary name it.
    QProcess third;
    third.setProcessEnvironment(env);
    third.start(QStringLiteral(BUFFERLAB_EXECUTABLE),
                {u"simulate"_s, u"--students"_s, u"3"_s, u"--no-delay"_s, u"--json"_s, u"--verbose"_s,
                 u"--keep-xml"_s});
    const Result c = finish(third, {});
    QCOMPARE(c.exitCode, 0);
    const QString keptDir = c.lastJson().value(u"xml_dir"_s).toString();
    QCOMPARE(c.lastJson().value(u"xml_kept"_s).toBool(), true);
    QVERIFY2(c.out.contains(u"XML files kept in %1\n"_s.arg(keptDir)), qPrintable(c.out));
    QCOMPARE(xmlFiles(keptDir).size(), 3);
    QCOMPARE(permissions(keptDir), 0700);
}

void TestCli::namedXmlDirIsLockedForOneRun()
{
    QTemporaryDir dir;
    QProcess slow;
    slow.start(QStringLiteral(BUFFERLAB_EXECUTABLE),
               {u"simulate"_s, u"--students"_s, u"100"_s, u"--producer-delay"_s, u"0.1-0.1"_s, u"--xml-dir"_s,
                dir.path()});
    QVERIFY(slow.waitForStarted(10'000));
    QByteArray out;
    QVERIFY2(waitForOutput(slow, out, "inserted student 1 "), out.right(300).constData());

    // A second run in the same directory is refused before it starts, naming it.
    const Result refused
        = run({u"simulate"_s, u"--students"_s, u"5"_s, u"--no-delay"_s, u"--xml-dir"_s, dir.path()});
    QCOMPARE(refused.exitCode, 2);
    QVERIFY2(refused.err.startsWith(
                 u"bufferlab simulate: another run is using the XML directory %1"_s.arg(dir.path())),
             qPrintable(refused.err));
    QCOMPARE(refused.out, QString());

    slow.terminate();
    QCOMPARE(finish(slow, out).exitCode, 1); // stopped early
    // Once it has ended, the directory is free again.
    const Result after = run(
        {u"simulate"_s, u"--students"_s, u"5"_s, u"--no-delay"_s, u"--json"_s, u"--xml-dir"_s, dir.path()});
    QCOMPARE(after.exitCode, 0);
    QCOMPARE(after.lastJson().value(u"xml_dir"_s).toString(), dir.path());
}

void TestCli::windowRunAndSimulateDoNotCollide()
{
    // The window runs a Simulation in its own process, with the default XML folder, as this does.
    QTemporaryDir data;
    QVERIFY(data.isValid());
    const QByteArray oldData = qgetenv("XDG_DATA_HOME");
    qputenv("XDG_DATA_HOME", QFile::encodeName(data.path()));
    const auto restore = qScopeGuard([&] {
        if (oldData.isNull())
            qunsetenv("XDG_DATA_HOME");
        else
            qputenv("XDG_DATA_HOME", oldData);
    });
    SimulationConfig config;
    config.producers = 2;
    config.consumers = 2;
    config.students = 5000;
    config.producerDelay = {};
    config.consumerDelay = {};
    // At normal priority: at the window's, a busy machine may starve it for minutes, and what is
    // tested here is the files, not the scheduling.
    Simulation window;
    window.setCollectResults(false);
    QSignalSpy windowDone(&window, &Simulation::finished);

    QProcess process; // inherits XDG_DATA_HOME
    process.start(QStringLiteral(BUFFERLAB_EXECUTABLE),
                  {u"simulate"_s, u"--producers"_s, u"2"_s, u"--consumers"_s, u"2"_s, u"--students"_s,
                   u"5000"_s, u"--no-delay"_s, u"--json"_s});
    QVERIFY(process.waitForStarted(10'000));
    QCOMPARE(window.start(config), QStringList());
    QVERIFY(window.xmlDir().startsWith(data.path() + u"/bufferlab/xml/run-"_s));
    // Drain the journal as the window does, so that it stays bounded.
    QTimer drain;
    QObject::connect(&drain, &QTimer::timeout, &window, [&] { window.takeEvents(); });
    drain.start(50);
    QVERIFY(windowDone.wait(120'000));
    const Result r = finish(process, {}, 120'000);
    QVERIFY2(r.exitCode == 0, qPrintable(r.err + r.out.right(500)));

    const SimulationStatistics stats = window.statistics();
    QCOMPARE(stats.consumed, qint64(5000));
    QCOMPARE(stats.failed, qint64(0));
    QCOMPARE(stats.lost, qint64(0));
    QCOMPARE(stats.duplicated, qint64(0));
    QVERIFY(!QDir(window.xmlDir()).exists());
    QCOMPARE(r.exitCode, 0);
    const QJsonObject json = r.lastJson();
    QCOMPARE(json.value(u"failed"_s).toInt(-1), 0);
    QCOMPARE(json.value(u"lost"_s).toInt(-1), 0);
    QCOMPARE(json.value(u"duplicated"_s).toInt(-1), 0);
    QVERIFY(json.value(u"xml_dir"_s).toString() != window.xmlDir());
}

void TestCli::jsonAlonePrintsOnlyTheJson_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("key"); // a key the JSON has
    QTest::addRow("simulate") << QStringList {u"simulate"_s, u"--students"_s, u"300"_s, u"--no-delay"_s}
                              << u"consumed"_s;
    QTest::addRow("simulate unsafe") << QStringList {u"simulate"_s,    u"--strategy"_s, u"unsafe"_s,
                                                     u"--producers"_s, u"4"_s,          u"--consumers"_s,
                                                     u"4"_s,           u"--students"_s, u"2000"_s,
                                                     u"--no-delay"_s}
                                     << u"lost"_s;
    QTest::addRow("launch") << QStringList {u"launch"_s, u"--items"_s, u"20"_s, u"--interval"_s,
                                            u"0-0"_s,    u"--port"_s,  u"0"_s}
                            << u"items_per_s"_s;
}

void TestCli::jsonAlonePrintsOnlyTheJson()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, key);
    QTemporaryDir dir;
    if (arguments.first() == u"simulate"_s)
        arguments << u"--xml-dir"_s << dir.path();
    const Result alone = run(arguments + QStringList {u"--json"_s});
    QVERIFY2(alone.exitCode == 0 || alone.exitCode == 3, qPrintable(alone.err));
    QCOMPARE(alone.lines().size(), 1);
    QVERIFY2(alone.lastJson().contains(key), qPrintable(alone.out));

    const Result verbose = run(arguments + QStringList {u"--json"_s, u"--verbose"_s});
    QCOMPARE(verbose.exitCode, alone.exitCode);
    QVERIFY2(verbose.lines().size() > 10, qPrintable(verbose.out));
    QVERIFY(verbose.lastJson().contains(key));

    const Result contradiction = run(arguments + QStringList {u"--quiet"_s, u"--verbose"_s});
    QCOMPARE(contradiction.exitCode, 2);
    QVERIFY2(contradiction.err.contains(u"--quiet and --verbose contradict each other"_s),
             qPrintable(contradiction.err));
}

void TestCli::clientHostNames_data()
{
    QTest::addColumn<QString>("serverHost");
    QTest::addColumn<QString>("clientHost");
    QTest::addColumn<bool>("legacy");
    QTest::addRow("localhost") << u"127.0.0.1"_s << u"localhost"_s << false;
    QTest::addRow("localhost, original format") << u"127.0.0.1"_s << u"localhost"_s << true;
    QTest::addRow("127.0.0.1") << u"127.0.0.1"_s << u"127.0.0.1"_s << false;
    QTest::addRow("::1") << u"::1"_s << u"::1"_s << false;
    QTest::addRow("::1, original format") << u"::1"_s << u"::1"_s << true;
}

void TestCli::clientHostNames()
{
    QFETCH(QString, serverHost);
    QFETCH(QString, clientHost);
    QFETCH(bool, legacy);
    QProcess server;
    server.start(QStringLiteral(BUFFERLAB_EXECUTABLE),
                 {u"server"_s, u"--host"_s, serverHost, u"--port"_s, u"0"_s, u"--quiet"_s});
    QVERIFY(server.waitForStarted(10'000));
    QByteArray log;
    QTRY_VERIFY_WITH_TIMEOUT((log += server.readAllStandardError()).contains(" port "), 10'000);
    const QRegularExpressionMatch match
        = QRegularExpression(u"listening on \\S+ port (\\d+)"_s).match(QString::fromUtf8(log));
    QVERIFY2(match.hasMatch(), log.constData());
    QStringList common {u"1"_s,       u"--host"_s, clientHost,      u"--port"_s, match.captured(1),
                        u"--items"_s, u"3"_s,      u"--interval"_s, u"0-0"_s,    u"--json"_s};
    if (legacy)
        common << u"--legacy"_s;
    const Result producer = run(QStringList {u"producer"_s} + common, 30'000);
    QCOMPARE(producer.exitCode, 0);
    QCOMPARE(producer.lastJson().value(u"done"_s).toInt(), 3);
    const Result consumer = run(QStringList {u"consumer"_s} + common, 30'000);
    QCOMPARE(consumer.exitCode, 0);
    QCOMPARE(consumer.lastJson().value(u"done"_s).toInt(), 3);
    server.terminate();
    QVERIFY(server.waitForFinished(10'000));
    QCOMPARE(server.exitCode(), 0);
}

void TestCli::unresolvableHost_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("exitCode");
    QTest::addRow("producer") << QStringList {u"producer"_s, u"1"_s} << 1;
    QTest::addRow("consumer") << QStringList {u"consumer"_s, u"1"_s} << 1;
    QTest::addRow("producer, original format") << QStringList {u"producer"_s, u"1"_s, u"--legacy"_s} << 1;
    QTest::addRow("server") << QStringList {u"server"_s} << 2;
    QTest::addRow("launch") << QStringList {u"launch"_s} << 2;
}

void TestCli::unresolvableHost()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, exitCode);
    const Result r = run(arguments
                             + QStringList {u"--host"_s, u"no-such-host.invalid"_s, u"--port"_s,
                                            QString::number(closedPort())},
                         30'000);
    QCOMPARE(r.exitCode, exitCode);
    QVERIFY2(r.err.startsWith(
                 u"bufferlab %1: --host: cannot resolve \"no-such-host.invalid\""_s.arg(arguments.first())),
             qPrintable(r.err));
    QCOMPARE(r.out, QString());
}

void TestCli::clientThatNeverConnected_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addRow("producer") << QStringList {u"producer"_s, u"1"_s};
    QTest::addRow("consumer") << QStringList {u"consumer"_s, u"1"_s};
    QTest::addRow("producer, original format") << QStringList {u"producer"_s, u"1"_s, u"--legacy"_s};
    QTest::addRow("consumer, original format") << QStringList {u"consumer"_s, u"1"_s, u"--legacy"_s};
}

void TestCli::clientThatNeverConnected()
{
    QFETCH(QStringList, arguments);
    const quint16 port = closedPort();
    QVERIFY(port != 0);
    const QString why = u"could not reach the server at 127.0.0.1:%1: Connection refused"_s.arg(port);
    const QString name = (arguments.first() == u"producer"_s ? u"Producer 1"_s : u"Consumer 1"_s);
    const QStringList common = arguments + QStringList {u"--port"_s, QString::number(port)};

    const Result text = run(common, 30'000);
    QCOMPARE(text.exitCode, 1);
    QVERIFY2(text.out.contains(u"0 reconnects"_s), qPrintable(text.out));
    QVERIFY2(!text.out.contains(u"trying again"_s), qPrintable(text.out));
    QVERIFY2(text.err.contains(u"bufferlab %1: %2 failed: %3"_s.arg(arguments.first(), name, why)),
             qPrintable(text.err));

    const Result json = run(common + QStringList {u"--json"_s}, 30'000);
    QCOMPARE(json.exitCode, 1);
    QCOMPARE(json.lines().size(), 1);
    QCOMPARE(json.lastJson().value(u"reconnects"_s).toInt(-1), 0);
    QCOMPARE(json.lastJson().value(u"error"_s).toString(), why);
}

void TestCli::inspectNamesCommandAndAbsolutePath()
{
    QTemporaryDir dir;
    // A relative name, from another directory: the message says where it looked.
    const Result r = runIn({u"inspect"_s, u"student6.xml"_s}, {}, dir.path());
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(r.err, u"bufferlab inspect: %1/student6.xml: No such file or directory\n"_s.arg(dir.path()));
    QCOMPARE(r.out, QString());

    const Result scenario = runIn({u"simulate"_s, u"--scenario"_s, u"lesson.blscenario"_s}, {}, dir.path());
    QCOMPARE(scenario.exitCode, 2);
    QVERIFY2(scenario.err.startsWith(u"bufferlab simulate: --scenario: cannot open %1/lesson.blscenario: "
                                     u"No such file or directory"_s.arg(dir.path())),
             qPrintable(scenario.err));
}

void TestCli::windowArguments_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message"); // with %1 for the temporary directory
    QTest::addRow("-style before a missing scenario")
        << QStringList {u"-style"_s, u"Fusion"_s, u"missing.blscenario"_s}
        << u"bufferlab: %1/missing.blscenario: No such file or directory"_s;
    QTest::addRow("-reverse after a missing scenario")
        << QStringList {u"missing.blscenario"_s, u"-reverse"_s}
        << u"bufferlab: %1/missing.blscenario: No such file or directory"_s;
    QTest::addRow("a scenario that is a directory")
        << QStringList {u"-style"_s, u"Fusion"_s, u"folder.blscenario"_s}
        << u"bufferlab: %1/folder.blscenario: not a regular file (a directory)"_s;
    QTest::addRow("an extra argument") << QStringList {u"-style"_s, u"Fusion"_s, u"notes.txt"_s}
                                       << u"bufferlab: unexpected argument \"notes.txt\""_s;
    QTest::addRow("two scenarios") << QStringList {u"lesson.blscenario"_s, u"other.blscenario"_s}
                                   << u"bufferlab: unexpected argument \"other.blscenario\""_s;
    QTest::addRow("an unknown option")
        << QStringList {u"-style"_s, u"Fusion"_s, u"--bogus"_s} << u"bufferlab: unknown option \"--bogus\""_s;
}

void TestCli::windowArguments()
{
    // Each is refused before the window opens; before, the scenario after Qt's options was
    // ignored and the window opened (this would time out).
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    QTemporaryDir dir;
    QVERIFY(QDir(dir.path()).mkdir(u"folder.blscenario"_s));
    QFile lesson(dir.filePath(u"lesson.blscenario"_s));
    QVERIFY(lesson.open(QIODevice::WriteOnly));
    lesson.write(R"({"bufferlab_scenario":1})");
    lesson.close();
    const Result r = runIn(arguments, {u"QT_QPA_PLATFORM=offscreen"_s}, dir.path(), 20'000);
    QCOMPARE(r.exitCode, 2);
    const QString expected = message.contains(u"%1"_s) ? message.arg(dir.path()) : message;
    QVERIFY2(r.err.contains(expected), qPrintable(r.err));
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
