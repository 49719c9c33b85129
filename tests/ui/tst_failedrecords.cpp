#include "../fifovalve.h"
#include "colorscheme.h"
#include "settingspanel.h"
#include "statisticspanel.h"
#include "studenttablemodel.h"
#include "threadspage.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QFile>
#include <QLabel>
#include <QProcess>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {

constexpr int RunTimeoutMs = 60'000;

// Runs like any thread rather than below the page, so a busy machine cannot slow it down.
class TestPage : public ThreadsPage
{
public:
    TestPage() { simulation()->setWorkerPriority(Simulation::WorkerPriority::Inherit); }
};

bool runTool(const QString &program, const QStringList &arguments, QString *output = nullptr)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(program, arguments);
    if (!process.waitForFinished(10'000)) {
        process.kill();
        process.waitForFinished(5000);
        return false;
    }
    if (output)
        *output = QString::fromLocal8Bit(process.readAll()).trimmed();
    return process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0;
}

} // namespace

// The Threads tab when records fail: its final statistics count them in red and say why.
class TestFailedRecords : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void finalStatisticsShowFailedRecordsInRed();
    void openScenarioRefusesAFifoAtOnce();

private:
    QTemporaryDir m_settingsDir;
};

void TestFailedRecords::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_settingsDir.isValid());
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settingsDir.path());
    QCoreApplication::setOrganizationName(u"BufferLab"_s);
    QCoreApplication::setApplicationName(u"tst_failedrecords"_s);
}

void TestFailedRecords::init()
{
    QSettings().clear();
}

void TestFailedRecords::finalStatisticsShowFailedRecordsInRed()
{
    // A 64 KiB file system holds a dozen or so records' files: with the files kept, the rest
    // cannot be written.
    if (::geteuid() != 0)
        QSKIP("mounting a small tmpfs needs root");
    QTemporaryDir disk;
    QString output;
    if (!runTool(u"mount"_s, {u"-t"_s, u"tmpfs"_s, u"-o"_s, u"size=64k"_s, u"tmpfs"_s, disk.path()}, &output))
        QSKIP(qPrintable(u"cannot mount a tmpfs here: "_s + output));
    const auto unmount = qScopeGuard([&] { runTool(u"umount"_s, {disk.path()}); });

    TestPage page;
    page.resize(1200, 800);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    SimulationConfig config;
    config.xmlDir = disk.path();
    config.students = 60;
    config.producers = 2;
    config.consumers = 2;
    config.capacity = 5;
    config.producerDelay = {};
    config.consumerDelay = {};
    config.keepXml = true;
    config.seed = 3;
    page.settingsPanel()->setConfig(config);
    QSignalSpy finished(page.simulation(), &Simulation::finished);
    page.start();
    QCOMPARE(page.startErrors(), QStringList());
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, RunTimeoutMs);
    QCOMPARE(page.simulation()->status(), Simulation::Status::Finished);

    StatisticsPanel *statistics = page.statisticsPanel();
    QTRY_VERIFY_WITH_TIMEOUT(statistics->isFinal(), RunTimeoutMs);
    const SimulationStatistics &s = statistics->statistics();
    QCOMPARE(s.consumed, 60);
    QVERIFY(s.failed > 0);
    QCOMPARE(s.lost, 0); // travelled through the buffer, marked: failed, not lost
    QCOMPARE(statistics->valueText(StatisticsPanel::Field::Failed), StatisticsPanel::formatCount(s.failed));
    QVERIFY(statistics->isAlarm(StatisticsPanel::Field::Failed));
    QVERIFY(!statistics->isAlarm(StatisticsPanel::Field::Lost));
    const QString reason = statistics->failureText();
    QVERIFY2(reason.contains(u"cannot write (No space left on device)"_s), qPrintable(reason));
    QVERIFY2(
        reason.startsWith(StatisticsPanel::formatCount(s.failed) + u" records failed; the first: student"_s),
        qPrintable(reason));
    // In red, like lost and duplicated.
    bool redReason = false;
    for (const QLabel *candidate : statistics->findChildren<QLabel *>()) {
        if (candidate->text() == reason)
            redReason = candidate->palette().color(QPalette::WindowText) == ColorScheme::failed();
    }
    QVERIFY(redReason);

    // The students table lists each failed record once, with the producer's reason.
    int failedRows = 0;
    StudentTableModel *students = page.studentModel();
    QTRY_COMPARE_WITH_TIMEOUT(students->rowCount(), 60, RunTimeoutMs);
    for (int row = 0; row < students->rowCount(); ++row) {
        const QString text = students->index(row, StudentTableModel::NameColumn).data().toString();
        if (text.contains(u"No space left on device"_s))
            ++failedRows;
    }
    QCOMPARE(failedRows, s.failed);
}

void TestFailedRecords::openScenarioRefusesAFifoAtOnce()
{
    QTemporaryDir dir;
    const QString fifo = dir.filePath(u"lesson.blscenario"_s);
    QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0644), 0);
    TestPage page;
    QElapsedTimer clock;
    clock.start();
    // A blocking open would wait for a writer; the valve turns that into a failure, not a hang.
    const FifoValve valve(fifo);
    const QString error = page.loadScenario(fifo);
    QCOMPARE(error, u"cannot open "_s + fifo + u": not a regular file (a FIFO)"_s);
    qInfo("refused in %lld ms", clock.elapsed());
}

QTEST_MAIN(TestFailedRecords)
#include "tst_failedrecords.moc"
