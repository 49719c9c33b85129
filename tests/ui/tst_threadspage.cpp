#include "bufferview.h"
#include "logfiltermodel.h"
#include "logmodel.h"
#include "settingspanel.h"
#include "sliderspinbox.h"
#include "statisticspanel.h"
#include "studenttablemodel.h"
#include "threadspage.h"
#include "workertablemodel.h"

#include <QAction>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QLineEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QSlider>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <numeric>

using namespace Qt::StringLiterals;

namespace {

constexpr int RunTimeoutMs = 30'000;

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
    ThreadsPage page;
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
    ThreadsPage page;
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
    QTRY_COMPARE_WITH_TIMEOUT(scene.slotRecords(), simulation->bufferSnapshot().slots, 5000);
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
    QTRY_COMPARE_WITH_TIMEOUT(scene.lanes().at(0).activity, LaneActivity::WaitingForSlot, 5000);
    QCOMPARE(scene.lanes().at(0).stateText, u"waiting for a free slot"_s);

    QSignalSpy finished(simulation, &Simulation::finished);
    page.stop();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 5000);
    QCOMPARE(simulation->status(), Simulation::Status::Stopped);
    QCOMPARE(scene.slotRecords(), simulation->bufferSnapshot().slots);
}

void TestThreadsPage::shrinkingShowsDrainingSlots()
{
    QFETCH(QString, strategy);
    ThreadsPage page;
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

    // Lowered below what it holds: nothing is dropped, the extra slots drain.
    page.settingsPanel()->capacityControl()->setValue(3);
    QCOMPARE(simulation->config().capacity, 3);
    const BufferScene &scene = page.bufferView()->scene();
    QCOMPARE(scene.capacity(), 3);
    QVERIFY(scene.isDraining());
    QCOMPARE(scene.slotCount(), int(simulation->bufferSnapshot().slots.size()));
    QCOMPARE(scene.slotRecords(), simulation->bufferSnapshot().slots);
    QVERIFY(page.bufferView()->caption().contains(u"shrinking to 3 slots"_s));
    page.stop();
    QTRY_VERIFY_WITH_TIMEOUT(!simulation->isActive(), 5000);
}

void TestThreadsPage::slidersChangeTheRunningConfig()
{
    ThreadsPage page;
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

    // The buffer size, by spin box and by slider.
    settings->capacityControl()->spinBox()->setValue(12);
    QCOMPARE(simulation->config().capacity, 12);
    QCOMPARE(simulation->bufferSnapshot().capacity, 12);
    QCOMPARE(page.bufferView()->scene().capacity(), 12);
    QCOMPARE(page.bufferView()->scene().slotCount(), 12);
    settings->capacityControl()->slider()->setValue(6);
    QCOMPARE(settings->capacityControl()->spinBox()->value(), 6);
    QCOMPARE(simulation->config().capacity, 6);
    QCOMPARE(simulation->bufferSnapshot().capacity, 6);

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
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 5000);
}

void TestThreadsPage::nextRunSettingsAreDisabledDuringARun()
{
    ThreadsPage page;
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
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 5000);
    QVERIFY(settings->producersControl()->isEnabled());
    QVERIFY(settings->producersControl()->toolTip().isEmpty());
}

void TestThreadsPage::spaceEscapeAndReset()
{
    ThreadsPage page;
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
    QCOMPARE(page.pauseAction()->text(), u"Resume"_s);
    QVERIFY(page.bufferView()->banner().startsWith(u"Paused"_s));
    QTRY_VERIFY_WITH_TIMEOUT(page.statusText().startsWith(u"Paused"_s), 5000);
    QTest::keyClick(&page, Qt::Key_Space);
    QCOMPARE(simulation->status(), Simulation::Status::Running);
    QCOMPARE(page.pauseAction()->text(), u"Pause"_s);
    QCOMPARE(page.bufferView()->banner(), QString());

    // Esc stops, and every thread ends within a second, however long its delays.
    QTRY_VERIFY_WITH_TIMEOUT(simulation->statistics().produced > 0, 5000);
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
    ThreadsPage page;
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
    ThreadsPage page;
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
    ThreadsPage page;
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

// The scheduling policy of each of this process's threads with the given name (Linux: field 41 of
// /proc/self/task/<tid>/stat).
QList<int> schedulingPolicies(const QString &threadName)
{
    QList<int> policies;
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
            policies.append(fields.at(41 - 3).toInt());
    }
    return policies;
}

void TestThreadsPage::workersYieldToTheGui()
{
#ifndef Q_OS_LINUX
    QSKIP("reads the scheduling policy from /proc");
#else
    constexpr int SchedIdle = 5;
    ThreadsPage page;
    QCOMPARE(page.simulation()->workerPriority(), QThread::IdlePriority);
    QCOMPARE(Simulation().workerPriority(), QThread::InheritPriority); // only the GUI asks for it
    SimulationConfig config = quickConfig(m_xmlDir->path());
    config.students = 100;
    config.producerDelay = {2000, 3000};
    config.consumerDelay = {2000, 3000};
    page.settingsPanel()->setConfig(config);
    page.start();
    QTRY_COMPARE_WITH_TIMEOUT(schedulingPolicies(u"Producer 1"_s), QList<int>({SchedIdle}), 5000);
    QTRY_COMPARE_WITH_TIMEOUT(schedulingPolicies(u"Consumer 2"_s), QList<int>({SchedIdle}), 5000);
    QSignalSpy finished(page.simulation(), &Simulation::finished);
    page.stop();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 5000);
#endif
}

QTEST_MAIN(TestThreadsPage)
#include "tst_threadspage.moc"
