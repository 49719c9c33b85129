#include "bufferview.h"
#include "colorscheme.h"
#include "logfiltermodel.h"
#include "logmodel.h"
#include "recordcard.h"
#include "runcharts.h"
#include "scenario.h"
#include "settingspanel.h"
#include "sliderspinbox.h"
#include "statisticspanel.h"
#include "studentgenerator.h"
#include "studenttablemodel.h"
#include "syncpanel.h"
#include "threadspage.h"
#include "timelineview.h"
#include "translations.h"
#include "workertablemodel.h"

#include <QAction>
#include <QBarCategoryAxis>
#include <QChartView>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QLineSeries>
#include <QSettings>
#include <QSignalSpy>
#include <QSlider>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableView>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

#include <numeric>

#ifdef Q_OS_LINUX
#include <sys/resource.h>
#endif

using namespace Qt::StringLiterals;

namespace {

constexpr int RunTimeoutMs = 60'000;

// The page runs its workers below itself, so that they never starve the window. On a machine busy
// with other work that leaves them little time: here they run like any thread.
class TestPage : public ThreadsPage
{
public:
    TestPage()
    {
        QCOMPARE_EQ(simulation()->workerPriority(), Simulation::WorkerPriority::Background);
        simulation()->setWorkerPriority(Simulation::WorkerPriority::Inherit);
    }
};

SimulationConfig quickConfig(const QString &xmlDir)
{
    SimulationConfig config;
    config.xmlDir = xmlDir;
    config.students = 20;
    config.producers = 2;
    config.consumers = 2;
    config.capacity = 5;
    config.producerDelay = {};
    config.consumerDelay = {};
    config.seed = 42;
    return config;
}

} // namespace

class TestThreadsPage : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void strategies_data();
    void runsToTheEnd_data() { strategies_data(); }
    void runsToTheEnd();
    void bufferViewMirrorsTheBuffer_data() { strategies_data(); }
    void bufferViewMirrorsTheBuffer();
    void shrinkingShowsDrainingSlots_data() { strategies_data(); }
    void shrinkingShowsDrainingSlots();
    void slidersChangeTheRunningConfig();
    void nextRunSettingsAreDisabledDuringARun();
    void spaceEscapeAndReset();
    void spaceWorksFromASpinBox();
    void resetDuringARunClearsOnceStopped();
    void startErrorsAreShown();
    void workersYieldToTheGui();
    void stepMovesExactlyOneRecord();
    void deadlockIsShown();
    void raceIsCaught();
    void correctStrategiesKeepTheCheckerSilent_data() { strategies_data(); }
    void correctStrategiesKeepTheCheckerSilent();
    void clickingARecordOpensItsCard();
    void scenarioRoundTrip();
    void examplesLoad();
    void speedAppliesLive();
    void brokenStrategiesSayWhatGoesWrong();
    void timelineAndChartsFollowTheRun();
    void exportWritesTheRun();

private:
    QTemporaryDir m_settingsDir;
    std::unique_ptr<QTemporaryDir> m_xmlDir;
};

void TestThreadsPage::initTestCase()
{
    // Never the user's settings or data.
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_settingsDir.isValid());
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settingsDir.path());
    QCoreApplication::setOrganizationName(u"BufferLab"_s);
    QCoreApplication::setApplicationName(u"tst_threadspage"_s);
    // "1 student", "20 students": English plural forms come from the English translation, as in the program.
    QVERIFY(Translations::install(qApp, QLocale(QLocale::English, QLocale::UnitedStates)));
}

void TestThreadsPage::init()
{
    QSettings().clear();
    m_xmlDir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_xmlDir->isValid());
}

void TestThreadsPage::strategies_data()
{
    QTest::addColumn<QString>("strategy");
    for (const QString &name : BufferStrategy::names()) {
        if (BufferStrategy::isBroken(name))
            continue; // they are meant not to run to the end
        QTest::addRow("%s", qPrintable(name)) << name;
    }
}

void TestThreadsPage::runsToTheEnd()
{
    QFETCH(QString, strategy);
    TestPage page;
    page.resize(1200, 800);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    SimulationConfig config = quickConfig(m_xmlDir->path());
    config.strategy = strategy;
    page.settingsPanel()->setConfig(config);
    QSignalSpy finished(page.simulation(), &Simulation::finished);

    page.start();
    QCOMPARE(page.startErrors(), QStringList());
    QVERIFY(page.simulation()->isActive() || finished.size() == 1);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, RunTimeoutMs);
    QCOMPARE(page.simulation()->status(), Simulation::Status::Finished);

    StatisticsPanel *statistics = page.statisticsPanel();
    QVERIFY(statistics->isVisible());
    QVERIFY(statistics->isFinal());
    QCOMPARE(statistics->title(), u"Final statistics \u2014 20 students"_s);
    QCOMPARE(statistics->statistics().consumed, 20);
    QCOMPARE(statistics->valueText(StatisticsPanel::Field::Consumed), u"20"_s);
    QCOMPARE(statistics->valueText(StatisticsPanel::Field::Produced), u"20"_s);
    QCOMPARE(statistics->valueText(StatisticsPanel::Field::Failed), u"0"_s);
    QCOMPARE(statistics->workerText(0, 0), u"Producer 1"_s);
    QCOMPARE(statistics->workerText(3, 0), u"Consumer 2"_s);
    const qint64 consumerItems
        = statistics->statistics().workers.at(2).items + statistics->statistics().workers.at(3).items;
    QCOMPARE(consumerItems, 20);

    QCOMPARE(page.studentModel()->rowCount(), 20);
    QCOMPARE(page.studentSortModel()->rowCount(), 20);
    // In arrival order until sorted; each record exactly once.
    QSortFilterProxyModel *students = page.studentSortModel();
    QList<int> records;
    for (int row = 0; row < 20; ++row)
        records.append(students->index(row, StudentTableModel::NumberColumn).data().toInt());
    std::sort(records.begin(), records.end());
    QList<int> expected(20);
    std::iota(expected.begin(), expected.end(), 1);
    QCOMPARE(records, expected);
    students->sort(StudentTableModel::NumberColumn, Qt::DescendingOrder);
    QCOMPARE(students->index(0, StudentTableModel::NumberColumn).data().toInt(), 20);
    QCOMPARE(students->index(19, StudentTableModel::NumberColumn).data().toInt(), 1);

    QVERIFY(page.logModel()->rowCount() >= 40); // at least an insert and a processed line each
    // The combo above the log shows one worker's lines.
    QComboBox *workers = page.logWorkerCombo();
    QCOMPARE(workers->count(), 5);
    QCOMPARE(workers->itemText(0), u"All workers"_s);
    workers->setCurrentIndex(workers->findText(u"Consumer 1"_s));
    QAbstractItemModel *log = page.logFilterModel();
    QVERIFY(log->rowCount() > 0);
    QVERIFY(log->rowCount() < page.logModel()->rowCount());
    for (int row = 0; row < log->rowCount(); ++row)
        QVERIFY(log->index(row, 0).data().toString().contains(u"Consumer 1"_s));
    workers->setCurrentIndex(0);
    QCOMPARE(log->rowCount(), page.logModel()->rowCount());
    QCOMPARE(page.workerModel()->rowCount(), 4);
    for (int row = 0; row < 4; ++row)
        QCOMPARE(page.workerModel()->index(row, WorkerTableModel::StateColumn).data().toString(), u"done"_s);
    QCOMPARE(page.bufferView()->scene().size(), 0);
    QVERIFY2(page.statusText().startsWith(u"Finished \u2014 20 of 20 students consumed"_s),
             qPrintable(page.statusText()));
    QVERIFY(page.startAction()->isEnabled());
    QVERIFY(!page.stopAction()->isEnabled());
    QCOMPARE(page.settingsPanel()->seedUsedText(), u"42"_s);
}

void TestThreadsPage::bufferViewMirrorsTheBuffer()
{
    QFETCH(QString, strategy);
    TestPage page;
    SimulationConfig config = quickConfig(m_xmlDir->path());
    config.strategy = strategy;
    config.producers = 1;
    config.consumers = 1;
    config.students = 30;
    config.capacity = 5;
    config.consumerDelay = {3000, 3000}; // the buffer fills and stays full for seconds
    page.settingsPanel()->setConfig(config);
    page.start();
    QCOMPARE(page.startErrors(), QStringList());

    Simulation *simulation = page.simulation();
    QTRY_COMPARE_WITH_TIMEOUT(simulation->bufferSnapshot().size, 5, RunTimeoutMs);
    const BufferScene &scene = page.bufferView()->scene();
    QTRY_COMPARE_WITH_TIMEOUT(scene.slotRecords(), simulation->bufferSnapshot().slots, RunTimeoutMs);
    const BufferSnapshot snapshot = simulation->bufferSnapshot();
    QCOMPARE(scene.capacity(), snapshot.capacity);
    QCOMPARE(scene.inPosition(), snapshot.inPosition);
    QCOMPARE(scene.outPosition(), snapshot.outPosition);
    // Every record carries its programme's colour, learned from the journal.
    const auto everyRecordHasItsProgramme = [&scene] {
        return std::all_of(scene.slots().cbegin(), scene.slots().cend(),
                           [](const BufferScene::Slot &slot) { return slot.programme >= 0; });
    };
    QVERIFY(everyRecordHasItsProgramme());
    QVERIFY(page.bufferView()->caption().contains(u"5 of 5 slots filled"_s));
    // The producer is blocked on a full buffer, and the lane says so.
    QTRY_COMPARE_WITH_TIMEOUT(scene.lanes().at(0).activity, LaneActivity::WaitingForSlot, RunTimeoutMs);
    QCOMPARE(scene.lanes().at(0).stateText, u"waiting for a free slot"_s);

    QSignalSpy finished(simulation, &Simulation::finished);
    page.stop();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, RunTimeoutMs);
    QCOMPARE(simulation->status(), Simulation::Status::Stopped);
    QCOMPARE(scene.slotRecords(), simulation->bufferSnapshot().slots);
}

void TestThreadsPage::shrinkingShowsDrainingSlots()
{
    QFETCH(QString, strategy);
    TestPage page;
    SimulationConfig config = quickConfig(m_xmlDir->path());
    config.strategy = strategy;
    config.producers = 1;
    config.consumers = 1;
    config.students = 40;
    config.capacity = 8;
    config.consumerDelay = {3000, 3000};
    page.settingsPanel()->setConfig(config);
    page.start();
    Simulation *simulation = page.simulation();
    QTRY_COMPARE_WITH_TIMEOUT(simulation->bufferSnapshot().size, 8, RunTimeoutMs);

    // Lowered below what it holds: nothing is dropped, the extra slots drain. The buffer takes the
    // new size at once, or a frame later if a worker held its lock just then.
    page.settingsPanel()->capacityControl()->setValue(3);
    QCOMPARE(simulation->config().capacity, 3);
    const BufferScene &scene = page.bufferView()->scene();
    QTRY_COMPARE_WITH_TIMEOUT(scene.capacity(), 3, RunTimeoutMs);
    QVERIFY(scene.isDraining());
    QTRY_COMPARE_WITH_TIMEOUT(scene.slotCount(), int(simulation->bufferSnapshot().slots.size()),
                              RunTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(scene.slotRecords(), simulation->bufferSnapshot().slots, RunTimeoutMs);
    QVERIFY(page.bufferView()->caption().contains(u"shrinking to 3 slots"_s));
    page.stop();
    QTRY_VERIFY_WITH_TIMEOUT(!simulation->isActive(), RunTimeoutMs);
}

void TestThreadsPage::slidersChangeTheRunningConfig()
{
    TestPage page;
    SimulationConfig config = quickConfig(m_xmlDir->path());
    config.students = 100;
    config.capacity = 4;
    config.producerDelay = {2000, 3000};
    config.consumerDelay = {2000, 3000};
    page.settingsPanel()->setConfig(config);
    page.start();
    Simulation *simulation = page.simulation();
    QVERIFY(simulation->isActive());
    SettingsPanel *settings = page.settingsPanel();

    // The buffer size, by spin box and by slider. The buffer takes it at once, or a frame later if
    // a worker held its lock just then.
    settings->capacityControl()->spinBox()->setValue(12);
    QCOMPARE(simulation->config().capacity, 12);
    QTRY_COMPARE_WITH_TIMEOUT(simulation->bufferSnapshot().capacity, 12, RunTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(page.bufferView()->scene().capacity(), 12, RunTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(page.bufferView()->scene().slotCount(), 12, RunTimeoutMs);
    settings->capacityControl()->slider()->setValue(6);
    QCOMPARE(settings->capacityControl()->spinBox()->value(), 6);
    QCOMPARE(simulation->config().capacity, 6);
    QTRY_COMPARE_WITH_TIMEOUT(simulation->bufferSnapshot().capacity, 6, RunTimeoutMs);

    // The delays, by slider; pushing a bound moves the other along.
    settings->delayMinControl(WorkerRole::Producer)->slider()->setValue(100);
    QCOMPARE(simulation->config().producerDelay, (DelayRange {100, 3000}));
    settings->delayMaxControl(WorkerRole::Consumer)->slider()->setValue(500);
    QCOMPARE(simulation->config().consumerDelay, (DelayRange {500, 500}));
    QCOMPARE(settings->delayMinControl(WorkerRole::Consumer)->value(), 500);
    settings->delayMinControl(WorkerRole::Consumer)->spinBox()->setValue(700);
    QCOMPARE(simulation->config().consumerDelay, (DelayRange {700, 700}));

    // Changes are remembered for the next run too.
    QCOMPARE(settings->config().capacity, 6);
    QCOMPARE(settings->config().producerDelay, (DelayRange {100, 3000}));

    QSignalSpy finished(simulation, &Simulation::finished);
    page.stop();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, RunTimeoutMs);
}

void TestThreadsPage::nextRunSettingsAreDisabledDuringARun()
{
    TestPage page;
    SimulationConfig config = quickConfig(m_xmlDir->path());
    config.students = 100;
    config.producerDelay = {2000, 3000};
    page.settingsPanel()->setConfig(config);
    SettingsPanel *settings = page.settingsPanel();
    QVERIFY(settings->producersControl()->isEnabled());
    page.start();
    QVERIFY(settings->isRunActive());
    const QList<QWidget *> nextRunOnly
        = {settings->producersControl(), settings->consumersControl(), settings->studentsControl(),
           settings->strategyCombo(), settings->seedEdit()};
    for (QWidget *widget : nextRunOnly) {
        QVERIFY(!widget->isEnabled());
        QCOMPARE(widget->toolTip(), u"Applies to the next run"_s);
    }
    QVERIFY(settings->capacityControl()->isEnabled());
    QVERIFY(settings->delayMinControl(WorkerRole::Producer)->isEnabled());
    QVERIFY(settings->delayMaxControl(WorkerRole::Consumer)->isEnabled());

    QSignalSpy finished(page.simulation(), &Simulation::finished);
    page.stop();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, RunTimeoutMs);
    QVERIFY(settings->producersControl()->isEnabled());
    QVERIFY(settings->producersControl()->toolTip().isEmpty());
}

void TestThreadsPage::spaceEscapeAndReset()
{
    TestPage page;
    SimulationConfig config = quickConfig(m_xmlDir->path());
    config.students = 1000;
    config.producerDelay = {100, 300};
    config.consumerDelay = {1000, 3000};
    page.settingsPanel()->setConfig(config);
    page.show();
    QVERIFY(QTest::qWaitForWindowActive(&page));
    Simulation *simulation = page.simulation();

    QTest::keyClick(&page, Qt::Key_Space);
    QCOMPARE(simulation->status(), Simulation::Status::Running);
    QTest::keyClick(&page, Qt::Key_Space);
    QCOMPARE(simulation->status(), Simulation::Status::Paused);
    QCOMPARE(page.pauseAction()->text(), u"Res&ume"_s);
    QVERIFY(page.bufferView()->banner().startsWith(u"Paused"_s));
    QTRY_VERIFY_WITH_TIMEOUT(page.statusText().startsWith(u"Paused"_s), RunTimeoutMs);
    QTest::keyClick(&page, Qt::Key_Space);
    QCOMPARE(simulation->status(), Simulation::Status::Running);
    QCOMPARE(page.pauseAction()->text(), u"&Pause"_s);
    QCOMPARE(page.bufferView()->banner(), QString());

    // Esc stops, and every thread ends within a second, however long its delays.
    QTRY_VERIFY_WITH_TIMEOUT(simulation->statistics().produced > 0, RunTimeoutMs);
    QTest::keyClick(&page, Qt::Key_Escape);
    QTRY_COMPARE_WITH_TIMEOUT(simulation->status(), Simulation::Status::Stopped, 1000);
    for (const WorkerStatistics &worker : simulation->statistics().workers)
        QCOMPARE(worker.state, WorkerState::Done);
    QVERIFY(page.statusText().startsWith(u"Stopped"_s));
    QVERIFY(page.statisticsPanel()->isFinal());
    QVERIFY(page.logModel()->rowCount() > 0);

    // Reset empties the picture back to the configured buffer.
    page.resetAction()->trigger();
    QCOMPARE(page.logModel()->rowCount(), 0);
    QCOMPARE(page.studentModel()->rowCount(), 0);
    QVERIFY(!page.statisticsPanel()->isFinal());
    QCOMPARE(page.statisticsPanel()->title(), u"Statistics"_s);
    QCOMPARE(page.bufferView()->scene().slotRecords(), QList<int>(config.capacity, RingBuffer::EmptySlot));
    QCOMPARE(page.bufferView()->scene().lanes().size(), 4);
    QCOMPARE(page.bufferView()->scene().lanes().at(0).activity, LaneActivity::Idle);
    QCOMPARE(page.workerModel()->index(0, WorkerTableModel::ItemsColumn).data().toInt(), 0);
    QVERIFY(page.statusText().startsWith(u"Ready"_s));

    // Space after a finished or stopped run starts a new one.
    QTest::keyClick(&page, Qt::Key_Space);
    QCOMPARE(simulation->status(), Simulation::Status::Running);
    QTest::keyClick(&page, Qt::Key_Escape);
    QTRY_COMPARE_WITH_TIMEOUT(simulation->status(), Simulation::Status::Stopped, 1000);
}

void TestThreadsPage::spaceWorksFromASpinBox()
{
    TestPage page;
    SimulationConfig config = quickConfig(m_xmlDir->path());
    config.students = 1000;
    config.producerDelay = {1000, 2000};
    config.consumerDelay = {1000, 2000};
    page.settingsPanel()->setConfig(config);
    page.show();
    QVERIFY(QTest::qWaitForWindowActive(&page));
    QSpinBox *spinBox = page.settingsPanel()->capacityControl()->spinBox();
    spinBox->setFocus();
    QTRY_VERIFY_WITH_TIMEOUT(spinBox->hasFocus(), 2000);

    QTest::keyClick(spinBox, Qt::Key_Space);
    QCOMPARE(page.simulation()->status(), Simulation::Status::Running);
    QTest::keyClick(spinBox, Qt::Key_Space);
    QCOMPARE(page.simulation()->status(), Simulation::Status::Paused);
    QCOMPARE(spinBox->value(), config.capacity); // the space did not land in the number
    // Digits still type into the spin box.
    spinBox->selectAll();
    QTest::keyClicks(spinBox, u"9"_s);
    QCOMPARE(spinBox->value(), 9);
    QCOMPARE(page.simulation()->config().capacity, 9);
    QTest::keyClick(spinBox, Qt::Key_Escape);
    QTRY_COMPARE_WITH_TIMEOUT(page.simulation()->status(), Simulation::Status::Stopped, 1000);
}

void TestThreadsPage::resetDuringARunClearsOnceStopped()
{
    TestPage page;
    SimulationConfig config = quickConfig(m_xmlDir->path());
    config.students = 1000;
    config.producerDelay = {50, 100};
    config.consumerDelay = {50, 100};
    page.settingsPanel()->setConfig(config);
    page.start();
    QTRY_VERIFY_WITH_TIMEOUT(page.studentModel()->rowCount() > 0, RunTimeoutMs);
    page.reset();
    QTRY_COMPARE_WITH_TIMEOUT(page.simulation()->status(), Simulation::Status::Stopped, 1000);
    QCOMPARE(page.studentModel()->rowCount(), 0);
    QCOMPARE(page.logModel()->rowCount(), 0);
    QCOMPARE(page.bufferView()->scene().size(), 0);
    QVERIFY(!page.statisticsPanel()->isFinal());
    QVERIFY(page.statusText().startsWith(u"Ready"_s));
}

void TestThreadsPage::startErrorsAreShown()
{
    TestPage page;
    SimulationConfig config = quickConfig(m_xmlDir->path() + u"/file"_s);
    QFile file(config.xmlDir); // a file where the directory should be
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    page.settingsPanel()->setConfig(config);
    page.start();
    QVERIFY(!page.startErrors().isEmpty());
    QCOMPARE(page.simulation()->status(), Simulation::Status::Idle);
    QVERIFY(page.statusText().startsWith(u"Cannot start"_s));
    QVERIFY(page.startAction()->isEnabled());
}

// The scheduling policy and nice value of each of this process's threads with the given name
// (Linux: fields 41 and 19 of /proc/self/task/<tid>/stat).
QList<std::pair<int, int>> policyAndNice(const QString &threadName)
{
    QList<std::pair<int, int>> found;
    const QStringList tasks = QDir(u"/proc/self/task"_s).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString &task : tasks) {
        QFile comm(u"/proc/self/task/%1/comm"_s.arg(task));
        if (!comm.open(QIODevice::ReadOnly) || QString::fromUtf8(comm.readAll()).trimmed() != threadName)
            continue;
        QFile stat(u"/proc/self/task/%1/stat"_s.arg(task));
        if (!stat.open(QIODevice::ReadOnly))
            continue;
        const QString line = QString::fromUtf8(stat.readAll());
        // Fields after the name in parentheses start at field 3.
        const QStringList fields = line.mid(line.lastIndexOf(QLatin1Char(')')) + 2).split(QLatin1Char(' '));
        if (fields.size() > 41 - 3)
            found.append({fields.at(41 - 3).toInt(), fields.at(19 - 3).toInt()});
    }
    return found;
}

void TestThreadsPage::workersYieldToTheGui()
{
#ifndef Q_OS_LINUX
    QSKIP("reads the scheduling policy from /proc");
#else
    // Below the GUI (nice 10 more than this thread, and batch: a waking worker does not preempt
    // it), but with a share of the CPU: idle priority (SCHED_IDLE, 5) let a busy machine starve a
    // worker for seconds, and the window with it whenever it needed anything that worker held.
    constexpr int SchedBatch = 3;
    const int guiNice = ::getpriority(PRIO_PROCESS, 0);
    const std::pair<int, int> expected {SchedBatch, qMin(19, guiNice + 10)};
    ThreadsPage page; // as shipped
    QCOMPARE(page.simulation()->workerPriority(), Simulation::WorkerPriority::Background);
    QCOMPARE(Simulation().workerPriority(), Simulation::WorkerPriority::Inherit); // only the GUI asks for it
    SimulationConfig config = quickConfig(m_xmlDir->path());
    config.students = 100;
    config.producerDelay = {2000, 3000};
    config.consumerDelay = {2000, 3000};
    page.settingsPanel()->setConfig(config);
    page.start();
    QTRY_COMPARE_WITH_TIMEOUT(policyAndNice(u"Producer 1"_s), QList({expected}), RunTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(policyAndNice(u"Consumer 2"_s), QList({expected}), RunTimeoutMs);
    QSignalSpy finished(page.simulation(), &Simulation::finished);
    page.stop();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, RunTimeoutMs);
#endif
}

namespace {

// Every worker is where a paused run holds it: at the gate, or blocked on the buffer.
bool allHeld(const Simulation &simulation)
{
    const QList<WorkerStatistics> workers = simulation.statistics().workers;
    return !workers.isEmpty() && std::all_of(workers.cbegin(), workers.cend(), [](const WorkerStatistics &w) {
        return w.state == WorkerState::Paused || isBlocked(w.state) || w.state == WorkerState::Done;
    });
}

int logLinesContaining(const LogModel &log, const QString &text)
{
    int count = 0;
    for (int row = 0; row < log.rowCount(); ++row) {
        if (log.line(row).text.contains(text))
            ++count;
    }
    return count;
}

int transferLines(const LogModel &log)
{
    return logLinesContaining(log, u" inserted student "_s) + logLinesContaining(log, u" removed student "_s);
}

SimulationConfig fullSpeed(const QString &xmlDir, const QString &strategy)
{
    SimulationConfig config = quickConfig(xmlDir);
    config.strategy = strategy;
    config.producers = 4;
    config.consumers = 4;
    config.students = 20'000;
    config.capacity = 10;
    return config;
}

} // namespace

void TestThreadsPage::stepMovesExactlyOneRecord()
{
    TestPage page;
    page.show();
    QVERIFY(QTest::qWaitForWindowActive(&page));
    SimulationConfig config = quickConfig(m_xmlDir->path());
    config.students = 20'000;
    config.capacity = 4;
    page.settingsPanel()->setConfig(config);
    Simulation *simulation = page.simulation();
    QVERIFY(!page.stepAction()->isEnabled());
    page.start();
    QVERIFY(!page.stepAction()->isEnabled()); // running: nothing to step
    QTRY_VERIFY_WITH_TIMEOUT(simulation->statistics().consumed > 0, RunTimeoutMs);
    page.togglePause();
    QCOMPARE(simulation->status(), Simulation::Status::Paused);
    QVERIFY(page.stepAction()->isEnabled());
    QTRY_VERIFY_WITH_TIMEOUT(allHeld(*simulation), RunTimeoutMs);
    // Let the frames show everything that happened up to the pause.
    const qint64 before = simulation->syncSnapshot().operations;
    QTRY_COMPARE_WITH_TIMEOUT(page.syncPanel()->snapshot().operations, before, RunTimeoutMs);
    page.flushTables();
    const int linesBefore = transferLines(*page.logModel());

    for (int step = 1; step <= 3; ++step) {
        // The "." key, then the toolbar action.
        if (step == 1)
            QTest::keyClick(&page, Qt::Key_Period);
        else
            page.stepAction()->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(simulation->syncSnapshot().operations, before + step, RunTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(allHeld(*simulation), RunTimeoutMs);
        // Still exactly one more once everyone has stopped again.
        QCOMPARE(simulation->syncSnapshot().operations, before + step);
        QCOMPARE(simulation->status(), Simulation::Status::Paused);
        // The page drains while paused: the buffer view, the panel and the log show the step.
        QTRY_COMPARE_WITH_TIMEOUT(page.syncPanel()->snapshot().operations, before + step, RunTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(page.bufferView()->scene().slotRecords(),
                                  simulation->bufferSnapshot().slots, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(transferLines(*page.logModel()), linesBefore + step, RunTimeoutMs);
    }
    page.togglePause(); // resume
    QVERIFY(!page.stepAction()->isEnabled());
    QSignalSpy finished(simulation, &Simulation::finished);
    page.stop();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, RunTimeoutMs);
}

void TestThreadsPage::deadlockIsShown()
{
    TestPage page;
    SimulationConfig config = quickConfig(m_xmlDir->path());
    config.strategy = u"deadlock"_s;
    config.capacity = 2;
    config.producers = 3;
    config.consumers = 1;
    config.students = 100;
    page.settingsPanel()->setConfig(config);
    Simulation *simulation = page.simulation();
    QSignalSpy finished(simulation, &Simulation::finished);
    page.start();
    QCOMPARE(page.startErrors(), QStringList());

    QTRY_COMPARE_WITH_TIMEOUT(page.bufferView()->bannerTone(), BufferView::BannerTone::Alarm, RunTimeoutMs);
    QVERIFY(page.deadlockReport().has_value());
    const DeadlockReport report = *page.deadlockReport();
    QCOMPARE(report.kind, DeadlockReport::Kind::Deadlock);
    QVERIFY2(page.bufferView()->banner().startsWith(u"Deadlock: "_s),
             qPrintable(page.bufferView()->banner()));
    QCOMPARE(page.bufferView()->banner(), report.summary);
    // The cycle: a producer holding the mutex, the consumer waiting for it.
    QCOMPARE(report.cycle.size(), 2);
    QCOMPARE(simulation->workerRole(report.cycle.at(0)), WorkerRole::Producer);
    QCOMPARE(simulation->workerRole(report.cycle.at(1)), WorkerRole::Consumer);
    for (const int worker : report.cycle)
        QVERIFY(page.bufferView()->scene().lanes().at(worker).alarm);

    // Every thread ends.
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, RunTimeoutMs);
    QCOMPARE(simulation->status(), Simulation::Status::Stopped);
    for (const WorkerStatistics &worker : simulation->statistics().workers)
        QCOMPARE(worker.state, WorkerState::Done);

    // The statistics spell the cycle out, the panel marks what is involved, the log says it.
    QVERIFY(page.statisticsPanel()->isFinal());
    const QString steps = page.statisticsPanel()->deadlockText();
    QVERIFY2(steps.startsWith(report.summary), qPrintable(steps));
    QVERIFY(steps.contains(u"holds the mutex and waits on empty"_s));
    SyncPanel *sync = page.syncPanel();
    QVERIFY(sync->hasDeadlock());
    QCOMPARE(sync->snapshot().strategy, u"deadlock"_s);
    QCOMPARE(sync->valueText(0), u"0"_s); // no free slot
    QCOMPARE(sync->valueText(2), u"held by "_s + simulation->workerName(report.cycle.at(0)));
    QVERIFY(sync->isHighlighted(0));
    QVERIFY(sync->isHighlighted(2));
    QVERIFY(sync->waiterNames(2).contains(simulation->workerName(report.cycle.at(1))));
    QVERIFY(report.summary.startsWith(u"Deadlock: "_s));
    QCOMPARE(logLinesContaining(*page.logModel(), u"] "_s + report.summary), 1);
    QVERIFY(page.statusText().contains(report.summary));

    // A new run starts clean.
    page.reset();
    QCOMPARE(page.bufferView()->banner(), QString());
    QVERIFY(!page.syncPanel()->hasDeadlock());
    QVERIFY(page.statisticsPanel()->deadlockText().isEmpty());
}

void TestThreadsPage::raceIsCaught()
{
    TestPage page;
    page.settingsPanel()->setConfig(fullSpeed(m_xmlDir->path(), u"unsafe"_s));
    Simulation *simulation = page.simulation();
    QSignalSpy finished(simulation, &Simulation::finished);
    page.start();
    QCOMPARE(page.startErrors(), QStringList());
    StatisticsPanel *statistics = page.statisticsPanel();
    QTRY_VERIFY_WITH_TIMEOUT(statistics->isAlarm(StatisticsPanel::Field::Lost)
                                 || statistics->isAlarm(StatisticsPanel::Field::Duplicated),
                             RunTimeoutMs);
    QVERIFY(statistics->statistics().lost + statistics->statistics().duplicated > 0);
    QTRY_VERIFY_WITH_TIMEOUT(logLinesContaining(*page.logModel(), u"] CHECKER: student "_s) > 0,
                             RunTimeoutMs);
    // The checker's lines are red.
    for (int row = 0; row < page.logModel()->rowCount(); ++row) {
        if (page.logModel()->line(row).text.contains(u"CHECKER: "_s)) {
            const QModelIndex index = page.logModel()->index(row);
            QVERIFY(index.data(LogModel::ErrorRole).toBool());
            QCOMPARE(index.data(Qt::ForegroundRole).value<QBrush>().color(), ColorScheme::failed());
            break;
        }
    }
    QVERIFY(page.syncPanel()->warning().startsWith(u"Nothing is locked"_s));
    page.stop();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, RunTimeoutMs);
    // The final numbers keep the count in red.
    QVERIFY(statistics->isAlarm(StatisticsPanel::Field::Lost)
            || statistics->isAlarm(StatisticsPanel::Field::Duplicated));
    QVERIFY(page.statusText().contains(u"CHECKER:"_s));
    // Each record the checker named was marked where it showed, and its journey says so.
    const QList<CheckerFinding> &findings = simulation->checker().findings();
    QVERIFY(!findings.isEmpty());
    for (const CheckerFinding &finding : findings) {
        if (finding.record < 0 || !page.recordHistory().contains(finding.record))
            continue;
        QVERIFY(page.bufferView()->scene().isFlagged(finding.record));
        const QList<RecordStep> journey = page.recordHistory().journey(finding.record);
        QVERIFY(std::any_of(journey.cbegin(), journey.cend(),
                            [](const RecordStep &step) { return step.kind == RecordStep::Kind::Flagged; }));
        break;
    }
}

void TestThreadsPage::correctStrategiesKeepTheCheckerSilent()
{
    QFETCH(QString, strategy);
    TestPage page;
    page.settingsPanel()->setConfig(fullSpeed(m_xmlDir->path(), strategy));
    Simulation *simulation = page.simulation();
    QSignalSpy finished(simulation, &Simulation::finished);
    page.start();
    QCOMPARE(page.startErrors(), QStringList());
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 2 * RunTimeoutMs);
    QCOMPARE(simulation->status(), Simulation::Status::Finished);
    const SimulationStatistics statistics = page.statisticsPanel()->statistics();
    QCOMPARE(statistics.consumed, 20'000);
    QCOMPARE(statistics.lost, 0);
    QCOMPARE(statistics.duplicated, 0);
    QCOMPARE(statistics.phantom, 0);
    QVERIFY(!statistics.checkerFired());
    QCOMPARE(page.statisticsPanel()->valueText(StatisticsPanel::Field::Lost), u"0"_s);
    QCOMPARE(page.statisticsPanel()->valueText(StatisticsPanel::Field::Duplicated), u"0"_s);
    QVERIFY(!page.statisticsPanel()->isAlarm(StatisticsPanel::Field::Lost));
    QVERIFY(!page.statisticsPanel()->isAlarm(StatisticsPanel::Field::Duplicated));
    QCOMPARE(logLinesContaining(*page.logModel(), u"CHECKER"_s), 0);
    QCOMPARE(page.bufferView()->scene().flaggedRecordCount(), 0);
    QVERIFY(!page.deadlockReport());
    QCOMPARE(page.bufferView()->bannerTone(), BufferView::BannerTone::Calm);
    // At rest after a run that ended by itself: every slot free, nobody waiting.
    SyncPanel *sync = page.syncPanel();
    QCOMPARE(sync->snapshot().strategy, strategy);
    for (int object = 0; object < sync->objectCount(); ++object)
        QCOMPARE(sync->waiterNames(object), QStringList());
    if (strategy == u"semaphore"_s)
        QCOMPARE(sync->valueText(0), u"10"_s);
}

void TestThreadsPage::clickingARecordOpensItsCard()
{
    TestPage page;
    page.resize(1300, 820);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    SimulationConfig config = quickConfig(m_xmlDir->path());
    config.producers = 1;
    config.consumers = 1;
    config.students = 30;
    config.capacity = 5;
    config.consumerDelay = {3000, 3000}; // the buffer fills and stays full
    page.settingsPanel()->setConfig(config);
    page.start();
    Simulation *simulation = page.simulation();
    QTRY_COMPARE_WITH_TIMEOUT(simulation->bufferSnapshot().size, 5, RunTimeoutMs);
    BufferView *view = page.bufferView();
    QTRY_COMPARE_WITH_TIMEOUT(view->scene().slotRecords(), simulation->bufferSnapshot().slots, RunTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(!view->scene().hasTokens(), RunTimeoutMs);

    const int slot = 2;
    const int record = view->scene().slots().at(slot).record;
    QVERIFY(record > 0);
    const QRectF slotRect = view->geometryFor(QRectF(view->rect())).slotRects.at(slot);
    QCOMPARE(view->recordAt(slotRect.center()), record);
    QCOMPARE(view->recordRect(record), slotRect);
    QCOMPARE(view->recordAt(QPointF(1, 1)), -1); // nothing there
    QTest::mouseClick(view, Qt::LeftButton, {}, slotRect.center().toPoint());
    RecordCard *card = page.recordCard();
    QVERIFY(card);
    QVERIFY(card->isVisible());
    QCOMPARE(card->record(), record);
    // Not processed yet: its fields come from the seed, its journey ends in the slot.
    QCOMPARE(card->source(), RecordCard::Source::Generated);
    QCOMPARE(card->nameText(), StudentGenerator(42).generate(record).name);
    QVERIFY2(card->journeyLines().last().endsWith(u"inserted into slot %1 by Producer 1"_s.arg(slot)),
             qPrintable(card->journeyLines().join(u'\n')));
    QCOMPARE(card->whereText(), u"Now: in slot %1, waiting for a consumer."_s.arg(slot));

    // A processed student, double-clicked in the table.
    QTRY_VERIFY_WITH_TIMEOUT(page.studentModel()->rowCount() > 0, RunTimeoutMs);
    QTableView *table = nullptr;
    const QList<QTableView *> tables = page.findChildren<QTableView *>();
    for (QTableView *candidate : tables) {
        if (candidate->model() == page.studentSortModel())
            table = candidate;
    }
    QVERIFY(table);
    page.detailTabs()->setCurrentWidget(table);
    const QModelIndex first = page.studentSortModel()->index(0, StudentTableModel::NameColumn);
    const int processed = page.studentSortModel()->index(0, StudentTableModel::NumberColumn).data().toInt();
    const QPoint cell = table->visualRect(first).center();
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, cell);
    QTest::mouseDClick(table->viewport(), Qt::LeftButton, {}, cell);
    QCOMPARE(card->record(), processed);
    QCOMPARE(card->source(), RecordCard::Source::Processed);
    QCOMPARE(card->nameText(), first.data().toString());
    QVERIFY(card->sourceText().contains(u"Consumer 1"_s));
    QVERIFY(card->journeyLines().last().contains(u"processed by Consumer 1: average"_s));
    QCOMPARE(card->whereText(), QString());

    QSignalSpy finished(simulation, &Simulation::finished);
    page.stop();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, RunTimeoutMs);
    // Reset takes the card away with the run it belonged to.
    page.reset();
    QVERIFY(!card->isVisible());
}

void TestThreadsPage::scenarioRoundTrip()
{
    TestPage page;
    SimulationConfig config = quickConfig(m_xmlDir->path());
    config.strategy = u"monitor"_s;
    config.producers = 3;
    config.consumers = 2;
    config.capacity = 7;
    config.students = 321;
    config.producerDelay = {100, 400};
    config.consumerDelay = {200, 900};
    config.speed = 2.0;
    config.seed = 99;
    page.settingsPanel()->setConfig(config);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"lesson.blscenario"_s);
    QCOMPARE(page.saveScenario(path, u"Monitor with slow consumers"_s), QString());

    // Something else in the panel, then the scenario back.
    page.settingsPanel()->setConfig(quickConfig(m_xmlDir->path()));
    QCOMPARE(page.settingsPanel()->config().students, 20);
    QSignalSpy loaded(&page, &ThreadsPage::scenarioLoaded);
    QCOMPARE(page.loadScenario(path), QString());
    QCOMPARE(loaded.size(), 1);
    QCOMPARE(loaded.at(0).at(0).toString(), u"Monitor with slow consumers"_s);
    const SimulationConfig back = page.settingsPanel()->config();
    QCOMPARE(back.strategy, config.strategy);
    QCOMPARE(back.producers, 3);
    QCOMPARE(back.consumers, 2);
    QCOMPARE(back.capacity, 7);
    QCOMPARE(back.students, 321);
    QCOMPARE(back.producerDelay, config.producerDelay);
    QCOMPARE(back.consumerDelay, config.consumerDelay);
    QCOMPARE(back.speed, 2.0);
    QCOMPARE(back.seed, config.seed);
    QCOMPARE(back.xmlDir, m_xmlDir->path()); // this computer's, not the file's
    QCOMPARE(page.scenarioTitle(), u"Monitor with slow consumers"_s);
    QVERIFY2(page.statusText().contains(u"Monitor with slow consumers"_s), qPrintable(page.statusText()));
    QCOMPARE(page.speedCombo()->currentText(), u"2\u00D7"_s);
    // The idle picture follows the scenario.
    QCOMPARE(page.bufferView()->scene().capacity(), 7);
    QCOMPARE(page.syncPanel()->snapshot().strategy, u"monitor"_s);

    // Edited settings are no longer the scenario's.
    page.settingsPanel()->capacityControl()->setValue(9);
    QCOMPARE(page.scenarioTitle(), QString());

    // Bad files say what is wrong and change nothing.
    const SimulationConfig beforeErrors = page.settingsPanel()->config();
    QFile bad(dir.filePath(u"bad.blscenario"_s));
    QVERIFY(bad.open(QIODevice::WriteOnly));
    bad.write(R"({"bufferlab_scenario":1,"buffer":0})");
    bad.close();
    QString error = page.loadScenario(bad.fileName());
    QVERIFY2(error.contains(u"bad.blscenario"_s), qPrintable(error));
    error = page.loadScenario(dir.filePath(u"missing.blscenario"_s));
    QVERIFY2(error.startsWith(u"cannot open"_s), qPrintable(error));
    QCOMPARE(loaded.size(), 1);
    QCOMPARE(page.settingsPanel()->config().capacity, beforeErrors.capacity);
    QCOMPARE(page.settingsPanel()->config().strategy, beforeErrors.strategy);
    QCOMPARE(page.saveScenario(dir.filePath(u"no/such/dir/x.blscenario"_s), {}).isEmpty(), false);
}

void TestThreadsPage::examplesLoad()
{
    const QList<std::pair<QString, QString>> examples = ThreadsPage::exampleScenarios();
    QCOMPARE(examples.size(), 3);
    QStringList strategies;
    TestPage page;
    for (const auto &[path, title] : examples) {
        QVERIFY(!title.isEmpty());
        QCOMPARE(page.loadScenario(path), QString());
        QCOMPARE(page.scenarioTitle(), title);
        strategies.append(page.settingsPanel()->config().strategy);
    }
    // A correct run, a race and a deadlock.
    QCOMPARE(strategies, QStringList({u"semaphore"_s, u"unsafe"_s, u"deadlock"_s}));
}

void TestThreadsPage::speedAppliesLive()
{
    TestPage page;
    SimulationConfig config = quickConfig(m_xmlDir->path());
    config.students = 100;
    config.producerDelay = {2000, 3000};
    config.consumerDelay = {2000, 3000};
    page.settingsPanel()->setConfig(config);
    QComboBox *speed = page.speedCombo();
    QCOMPARE(speed->count(), int(ThreadsPage::SpeedStops.size()));
    QCOMPARE(speed->currentText(), u"1\u00D7"_s);
    QCOMPARE(speed->itemText(0), u"0.1\u00D7"_s);
    QCOMPARE(speed->itemText(speed->count() - 1), u"10\u00D7"_s);
    page.start();
    Simulation *simulation = page.simulation();
    QCOMPARE(simulation->config().speed, 1.0);

    // As a teacher picks a stop: the run in progress goes faster at once.
    const int fast = speed->findData(5.0);
    QVERIFY(fast >= 0);
    speed->setCurrentIndex(fast);
    Q_EMIT speed->activated(fast);
    QCOMPARE(simulation->config().speed, 5.0);
    QCOMPARE(page.settingsPanel()->config().speed, 5.0);
    const int slow = speed->findData(0.25);
    speed->setCurrentIndex(slow);
    Q_EMIT speed->activated(slow);
    QCOMPARE(simulation->config().speed, 0.25);
    // Remembered for the next start of the program.
    QTRY_COMPARE_WITH_TIMEOUT(QSettings().value(u"threads/speed"_s).toDouble(), 0.25, RunTimeoutMs);

    QSignalSpy finished(simulation, &Simulation::finished);
    page.stop();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, RunTimeoutMs);
    // A speed between the stops (from a scenario) is shown as it is.
    page.settingsPanel()->setSpeed(3.0);
    QCOMPARE(speed->currentText(), u"3\u00D7"_s);
    QCOMPARE(speed->currentData().toDouble(), 3.0);
}

void TestThreadsPage::brokenStrategiesSayWhatGoesWrong()
{
    TestPage page;
    QComboBox *strategies = page.settingsPanel()->strategyCombo();
    for (int i = 0; i < strategies->count(); ++i) {
        const QString name = strategies->itemData(i).toString();
        QCOMPARE(name, BufferStrategy::names().at(i));
        strategies->setCurrentIndex(i);
        QCOMPARE(page.settingsPanel()->config().strategy, name);
        const bool broken = BufferStrategy::isBroken(name);
        QCOMPARE(!strategies->itemIcon(i).isNull(), broken);
        QCOMPARE(strategies->itemText(i).contains(u"broken"_s), broken);
        QCOMPARE(page.settingsPanel()->strategyWarningText().isEmpty(), !broken);
        // Before a run, the panel under the buffer shows that strategy's objects.
        QCOMPARE(page.syncPanel()->snapshot().strategy, name);
    }
}

void TestThreadsPage::timelineAndChartsFollowTheRun()
{
    TestPage page;
    page.resize(1300, 850);
    page.show();
    QVERIFY(QTest::qWaitForWindowExposed(&page));
    QTabWidget *tabs = page.detailTabs();
    QCOMPARE(tabs->count(), 4);
    QCOMPARE(tabs->tabText(2), u"Timeline"_s);
    QCOMPARE(tabs->tabText(3), u"Charts"_s);
    TimelineView *timeline = page.timelineView();
    RunCharts *charts = page.runCharts();
    QVERIFY(tabs->widget(2) == timeline);
    QVERIFY(tabs->widget(3)->isAncestorOf(charts));
    // Before a run the timeline already has the lanes the settings describe.
    QCOMPARE(timeline->workerNames(), page.workerNames());
    QVERIFY(!timeline->workerNames().isEmpty());

    SimulationConfig config = quickConfig(m_xmlDir->path());
    config.students = 200;
    config.producers = 2;
    config.consumers = 3;
    config.capacity = 4;
    page.settingsPanel()->setConfig(config);
    QSignalSpy finished(page.simulation(), &Simulation::finished);
    page.start();
    QCOMPARE(timeline->workerNames(), page.workerNames());
    QCOMPARE(timeline->timeline().laneCount(), 5);
    QCOMPARE(charts->capacity(), 4);
    QVERIFY(!charts->isFinished());

    // Showing the timeline makes room for it.
    tabs->setCurrentIndex(2);
    QTRY_VERIFY_WITH_TIMEOUT(timeline->height() >= 250, RunTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, RunTimeoutMs);

    const SimulationStatistics statistics = page.simulation()->statistics();
    QCOMPARE(statistics.consumed, 200);
    // Every lane saw its worker work and end.
    // Every lane tells its worker's story up to the end, where it is done; the producers' lanes
    // held records (the same activity one after another is one interval).
    for (int lane = 0; lane < 5; ++lane) {
        const auto last = timeline->timeline().intervalAt(lane, timeline->now() - 1);
        QVERIFY2(last.has_value(), qPrintable(QString::number(lane)));
        QCOMPARE(last->activity, LaneActivity::Done);
    }
    for (int lane = 0; lane < 2; ++lane) {
        bool heldARecord = false;
        for (int i = 0; i < timeline->timeline().intervalCount(lane); ++i)
            heldARecord = heldARecord || timeline->timeline().interval(lane, i).firstRecord >= 1;
        QVERIFY(heldARecord);
    }
    QVERIFY(!timeline->isRunning());
    QVERIFY(timeline->now() >= qint64(statistics.elapsedS * 1e9));

    // The charts counted every student and every level the buffer went through.
    QVERIFY(charts->isFinished());
    QCOMPARE(charts->throughput().totalCount(), qint64(200));
    QVERIFY(!charts->occupancyUpperSeries()->points().isEmpty());
    double highest = 0.0;
    const QList<QPointF> upper = charts->occupancyUpperSeries()->points();
    for (const QPointF &point : upper)
        highest = qMax(highest, point.y());
    QVERIFY(highest >= 1.0);
    QVERIFY(highest <= 4.0);
    // ... and, once the run is over, how long each worker was blocked.
    QVERIFY(charts->chartView(RunCharts::Chart::Blocked)->isVisibleTo(charts));
    QCOMPARE(charts->blockedCategoryAxis()->count(), 5);

    // The final statistics carry a copy of the charts.
    RunCharts *finalCharts = page.statisticsPanel()->charts();
    QVERIFY(finalCharts);
    QVERIFY(finalCharts->isVisibleTo(page.statisticsPanel()));
    QCOMPARE(finalCharts->mode(), RunCharts::Mode::Compact);
    QCOMPARE(finalCharts->throughput().totalCount(), qint64(200));
    QCOMPARE(finalCharts->blockedCategoryAxis()->count(), 5);

    // A new run starts them over; reset empties them.
    page.reset();
    QVERIFY(!page.statisticsPanel()->charts()->isVisibleTo(page.statisticsPanel()));
    QCOMPARE(charts->throughput().totalCount(), qint64(0));
    QCOMPARE(timeline->timeline().intervalCount(0), 0);
    QVERIFY(page.runJournal().empty());
}

void TestThreadsPage::exportWritesTheRun()
{
    TestPage page;
    QTemporaryDir out;
    QVERIFY(out.isValid());
    QVERIFY(!page.hasRun());
    QVERIFY(!page.exportRun(ThreadsPage::Export::JournalCsv, out.filePath(u"none.csv"_s)).isEmpty());
    QVERIFY(!QFile::exists(out.filePath(u"none.csv"_s)));

    SimulationConfig config = quickConfig(m_xmlDir->path());
    config.students = 50;
    page.settingsPanel()->setConfig(config);
    QSignalSpy finished(page.simulation(), &Simulation::finished);
    page.start();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, RunTimeoutMs);
    QVERIFY(page.hasRun());
    const std::size_t events = page.runJournal().size();
    // Every insert and remove, and each worker's states.
    std::size_t inserts = 0;
    for (const JournalEvent &event : page.runJournal())
        inserts += event.kind == JournalEvent::Kind::Inserted ? 1 : 0;
    QCOMPARE(inserts, std::size_t(50));
    QVERIFY(!page.isJournalTruncated());

    const auto path = [&out](const QString &name) { return out.filePath(name); };
    QCOMPARE(page.exportRun(ThreadsPage::Export::JournalCsv, path(u"journal.csv"_s)), QString());
    QFile csv(path(u"journal.csv"_s));
    QVERIFY(csv.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = csv.readAll().trimmed().split('\n');
    QCOMPARE(lines.first(), QByteArray("time_s,worker,kind,state,record,slot,size"));
    QCOMPARE(std::size_t(lines.size()), events + 1);

    QCOMPARE(page.exportRun(ThreadsPage::Export::JournalJson, path(u"journal.json"_s)), QString());
    QFile json(path(u"journal.json"_s));
    QVERIFY(json.open(QIODevice::ReadOnly));
    const QJsonObject root = QJsonDocument::fromJson(json.readAll()).object();
    QCOMPARE(std::size_t(root.value(u"events"_s).toArray().size()), events);
    QCOMPARE(root.value(u"statistics"_s).toObject().value(u"consumed"_s).toInt(), 50);

    QCOMPARE(page.exportRun(ThreadsPage::Export::StatisticsJson, path(u"statistics.json"_s)), QString());
    QFile statistics(path(u"statistics.json"_s));
    QVERIFY(statistics.open(QIODevice::ReadOnly));
    QCOMPARE(QJsonDocument::fromJson(statistics.readAll()).object().value(u"produced"_s).toInt(), 50);
    QCOMPARE(page.exportRun(ThreadsPage::Export::StatisticsCsv, path(u"statistics.csv"_s)), QString());
    QFile statisticsCsv(path(u"statistics.csv"_s));
    QVERIFY(statisticsCsv.open(QIODevice::ReadOnly));
    // A header, four workers, the producers' and the consumers' totals.
    QCOMPARE(statisticsCsv.readAll().trimmed().split('\n').size(), 1 + 4 + 2);

    // The pictures, although their tabs were never shown.
    QCOMPARE(page.exportRun(ThreadsPage::Export::TimelinePng, path(u"timeline.png"_s)), QString());
    const QImage timeline(path(u"timeline.png"_s));
    QVERIFY(!timeline.isNull());
    QVERIFY(timeline.width() >= 1000);
    QCOMPARE(page.exportRun(ThreadsPage::Export::ChartsPng, path(u"charts.png"_s)), QString());
    const QImage charts(path(u"charts.png"_s));
    QVERIFY(!charts.isNull());
    QVERIFY(charts.width() >= 1000);

    // A file that cannot be written is said so.
    QVERIFY(!page.exportRun(ThreadsPage::Export::JournalCsv, path(u"no/such/dir/journal.csv"_s)).isEmpty());
    QCOMPARE(page.suggestedExportName(ThreadsPage::Export::ChartsPng), u"bufferlab-semaphore-charts.png"_s);
}

QTEST_MAIN(TestThreadsPage)
#include "tst_threadspage.moc"
