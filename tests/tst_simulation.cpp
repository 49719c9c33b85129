#include "simulation.h"
#include "studentgenerator.h"
#include "studentxml.h"

#include <QDir>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <QTimer>

#include <algorithm>
#include <deque>
#include <map>
#include <set>

using namespace Qt::StringLiterals;

namespace {

SimulationConfig fastConfig(const QString &dir, const QString &strategy = u"semaphore"_s)
{
    SimulationConfig config;
    config.xmlDir = dir;
    config.strategy = strategy;
    config.producerDelay = {};
    config.consumerDelay = {};
    config.seed = 1234;
    return config;
}

QStringList xmlFilesIn(const QString &dir)
{
    return QDir(dir).entryList({u"student*.xml"_s}, QDir::Files);
}

bool allWorkersIn(const Simulation &simulation, std::initializer_list<WorkerState> states)
{
    const SimulationStatistics stats = simulation.statistics();
    return std::all_of(stats.workers.cbegin(), stats.workers.cend(), [&](const WorkerStatistics &w) {
        return std::find(states.begin(), states.end(), w.state) != states.end();
    });
}

int countWorkersIn(const Simulation &simulation, WorkerRole role, WorkerState state)
{
    const SimulationStatistics stats = simulation.statistics();
    return int(std::count_if(stats.workers.cbegin(), stats.workers.cend(),
                             [&](const WorkerStatistics &w) { return w.role == role && w.state == state; }));
}

} // namespace

class TestSimulation : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void strategies_data();
    void endToEnd_data() { strategies_data(); }
    void endToEnd();
    void keepXmlLeavesReadableFiles();
    void seededRunsRepeat();
    void badFileIsCountedAndTheRunGoesOn();
    void recordsThatCannotBeWrittenFailOnceAndAreNeverLost();
    void manyConsumersEndByThemselves_data() { strategies_data(); }
    void manyConsumersEndByThemselves();
    void stopWhileBlockedOnFull_data() { strategies_data(); }
    void stopWhileBlockedOnFull();
    void stopWhileBlockedOnEmpty_data() { strategies_data(); }
    void stopWhileBlockedOnEmpty();
    void pauseHoldsEveryWorker();
    void resizeWhileRunning_data() { strategies_data(); }
    void resizeWhileRunning();
    void newDelayAppliesFromTheNextWait();
    void journalTellsTheBufferStory();
    void rejectsInvalidConfig_data();
    void rejectsInvalidConfig();
    void rejectsUnwritableDirectory();
    void checkerSilentUnderLoad_data() { strategies_data(); }
    void checkerSilentUnderLoad();
    void unsafeIsCaught();
    void deadlockIsCaught();
    void stepMovesExactlyOneRecord_data() { strategies_data(); }
    void stepMovesExactlyOneRecord();
    void syncSnapshotShowsWaitersInOrder();
    void runsBackToBack();
};

void TestSimulation::strategies_data()
{
    QTest::addColumn<QString>("strategy");
    QTest::addRow("semaphore") << u"semaphore"_s;
    QTest::addRow("monitor") << u"monitor"_s;
}

void TestSimulation::endToEnd()
{
    QFETCH(QString, strategy);
    QTemporaryDir dir;
    SimulationConfig config = fastConfig(dir.path(), strategy);
    config.producers = 2;
    config.consumers = 2;
    config.students = 500;

    Simulation simulation;
    QSignalSpy finished(&simulation, &Simulation::finished);
    QCOMPARE(simulation.start(config), QStringList());
    QVERIFY(finished.wait(60'000));
    QCOMPARE(simulation.status(), Simulation::Status::Finished);

    const SimulationStatistics stats = simulation.statistics();
    QCOMPARE(stats.produced, 500);
    QCOMPARE(stats.consumed, 500);
    QCOMPARE(stats.failed, 0);
    QCOMPARE(stats.inBuffer, 0);
    QCOMPARE(stats.inFlight, 0);
    QVERIFY(stats.finished);
    QVERIFY(stats.elapsedS > 0.0);
    QCOMPARE(stats.workers.size(), 4);
    for (const WorkerStatistics &worker : stats.workers)
        QCOMPARE(worker.state, WorkerState::Done);
    QCOMPARE(xmlFilesIn(dir.path()), QStringList());

    // Every record arrived once, as generated.
    const std::vector<ProcessedRecord> results = simulation.takeResults();
    QCOMPARE(results.size(), std::size_t(500));
    const StudentGenerator generator(1234);
    std::set<int> numbers;
    qint64 passed = 0;
    for (const ProcessedRecord &record : results) {
        QVERIFY(record.ok());
        numbers.insert(record.record);
        QCOMPARE(record.student, generator.generate(record.record));
        passed += record.student.passed() ? 1 : 0;
    }
    QCOMPARE(numbers.size(), std::size_t(500));
    QCOMPARE(*numbers.begin(), 1);
    QCOMPARE(*numbers.rbegin(), 500);
    QCOMPARE(stats.passed, passed);
}

void TestSimulation::keepXmlLeavesReadableFiles()
{
    QTemporaryDir dir;
    SimulationConfig config = fastConfig(dir.path());
    config.students = 25;
    config.keepXml = true;
    Simulation simulation;
    QSignalSpy finished(&simulation, &Simulation::finished);
    QCOMPARE(simulation.start(config), QStringList());
    QVERIFY(finished.wait(30'000));
    QCOMPARE(xmlFilesIn(dir.path()).size(), 25);
    const StudentXml::ReadResult read = StudentXml::readFile(dir.filePath(u"student25.xml"_s));
    QVERIFY2(read.ok(), qPrintable(read.error));
    QCOMPARE(read.student, StudentGenerator(1234).generate(25));
}

void TestSimulation::seededRunsRepeat()
{
    auto run = [](int producers) {
        QTemporaryDir dir;
        SimulationConfig config = fastConfig(dir.path());
        config.producers = producers;
        config.consumers = 3;
        config.students = 200;
        config.seed = 77;
        Simulation simulation;
        QSignalSpy finished(&simulation, &Simulation::finished);
        simulation.start(config);
        finished.wait(30'000);
        std::vector<ProcessedRecord> results = simulation.takeResults();
        std::sort(results.begin(), results.end(),
                  [](const ProcessedRecord &a, const ProcessedRecord &b) { return a.record < b.record; });
        QList<ITStudent> students;
        for (const ProcessedRecord &record : results)
            students.append(record.student);
        return students;
    };
    const QList<ITStudent> first = run(1);
    QCOMPARE(first.size(), 200);
    QCOMPARE(run(4), first); // the same records, whichever threads made them
}

void TestSimulation::badFileIsCountedAndTheRunGoesOn()
{
    // A directory where student3.xml should be: the producer cannot write it, the consumer cannot
    // read it. The record is reported as failed and every other record is processed.
    QTemporaryDir dir;
    QVERIFY(QDir(dir.path()).mkdir(u"student3.xml"_s));
    SimulationConfig config = fastConfig(dir.path());
    config.students = 10;
    Simulation simulation;
    QSignalSpy finished(&simulation, &Simulation::finished);
    QCOMPARE(simulation.start(config), QStringList());
    QVERIFY(finished.wait(30'000));

    const SimulationStatistics stats = simulation.statistics();
    QCOMPARE(stats.produced, 10);
    QCOMPARE(stats.consumed, 10);
    QCOMPARE(stats.failed, 1);
    const std::vector<ProcessedRecord> results = simulation.takeResults();
    QCOMPARE(results.size(), std::size_t(10));
    const auto bad = std::find_if(results.begin(), results.end(), [](const auto &r) { return !r.ok(); });
    QVERIFY(bad != results.end());
    QCOMPARE(bad->record, 3);
    QVERIFY2(bad->error.startsWith(u"student3.xml: "_s), qPrintable(bad->error));
}

void TestSimulation::recordsThatCannotBeWrittenFailOnceAndAreNeverLost()
{
    // The directory disappears while the run goes on: from then on no file can be written. Each
    // such record fails at its producer with the system's reason, still goes through the buffer
    // (the checker must not call it lost), and its consumer does not read it or report it again.
    QTemporaryDir parent;
    const QString dir = parent.filePath(u"xml"_s);
    SimulationConfig config = fastConfig(dir);
    config.students = 200;
    config.producers = 2;
    config.consumers = 2;
    config.producerDelay = {1, 1};
    Simulation simulation;
    QSignalSpy finished(&simulation, &Simulation::finished);
    QCOMPARE(simulation.start(config), QStringList());
    QTRY_VERIFY_WITH_TIMEOUT(simulation.statistics().produced >= 5, 30'000);
    // Moved away in one step, then removed: a producer creating a file meanwhile cannot stop it.
    QVERIFY(QDir().rename(dir, dir + u"-gone"_s));
    QVERIFY(QDir(dir + u"-gone"_s).removeRecursively());
    std::vector<JournalEvent> events;
    std::vector<ProcessedRecord> results;
    const auto collect = [&] {
        std::ranges::move(simulation.takeEvents(), std::back_inserter(events));
        std::ranges::move(simulation.takeResults(), std::back_inserter(results));
        return !finished.isEmpty();
    };
    QTRY_VERIFY_WITH_TIMEOUT(collect(), 30'000);
    collect();

    const SimulationStatistics stats = simulation.statistics();
    QCOMPARE(simulation.status(), Simulation::Status::Finished);
    QCOMPARE(stats.produced, 200);
    QCOMPARE(stats.consumed, 200);
    QCOMPARE(stats.lost, 0);
    QVERIFY(stats.writeFailed > 0);
    QCOMPARE(stats.valid + stats.failed, 200);
    QCOMPARE(stats.failures.size(), qMin<qint64>(stats.failed, 20));
    QVERIFY2(stats.failures.first().error.endsWith(u"(No such file or directory)"_s),
             qPrintable(stats.failures.first().error));

    // Every record ends exactly once: processed, or failed (at its producer or its consumer).
    std::map<qint32, int> endings;
    qint64 failedAtWrite = 0;
    for (const JournalEvent &event : events) {
        if (event.kind != JournalEvent::Kind::Processed && event.kind != JournalEvent::Kind::Failed)
            continue;
        ++endings[event.record];
        if (event.kind == JournalEvent::Kind::Failed && event.state == WorkerState::WritingXml) {
            QCOMPARE(simulation.workerRole(event.worker), WorkerRole::Producer);
            ++failedAtWrite;
        }
    }
    QCOMPARE(endings.size(), std::size_t(200));
    QVERIFY(std::ranges::all_of(endings, [](const auto &ending) { return ending.second == 1; }));
    QCOMPARE(failedAtWrite, stats.writeFailed);
    QCOMPARE(results.size(), std::size_t(200));
    for (const ProcessedRecord &record : results) {
        if (!record.writeFailed)
            continue;
        QCOMPARE(record.error,
                 u"student%1.xml: cannot write (No such file or directory)"_s.arg(record.record));
        QCOMPARE(simulation.workerRole(record.consumer), WorkerRole::Producer);
    }
}

void TestSimulation::manyConsumersEndByThemselves()
{
    // The original left surplus consumers blocked forever; here every worker ends by itself.
    QFETCH(QString, strategy);
    QTemporaryDir dir;
    SimulationConfig config = fastConfig(dir.path(), strategy);
    config.producers = 1;
    config.consumers = 8;
    config.students = 5;
    Simulation simulation;
    QSignalSpy finished(&simulation, &Simulation::finished);
    QCOMPARE(simulation.start(config), QStringList());
    QVERIFY(finished.wait(30'000));
    QCOMPARE(simulation.status(), Simulation::Status::Finished);
    QCOMPARE(simulation.statistics().consumed, 5);
}

void TestSimulation::stopWhileBlockedOnFull()
{
    QFETCH(QString, strategy);
    QTemporaryDir dir;
    SimulationConfig config = fastConfig(dir.path(), strategy);
    config.capacity = 2;
    config.producers = 4;
    config.consumers = 1;
    config.students = 1000;
    config.consumerDelay = {3000, 3000};
    Simulation simulation;
    QSignalSpy finished(&simulation, &Simulation::finished);
    QCOMPARE(simulation.start(config), QStringList());
    // Every producer ends up waiting for a free slot while the consumer sleeps 3 s after its first
    // record (before that first record, it may still wake a producer).
    QTRY_VERIFY_WITH_TIMEOUT(
        countWorkersIn(simulation, WorkerRole::Consumer, WorkerState::Sleeping) == 1
            && countWorkersIn(simulation, WorkerRole::Producer, WorkerState::WaitingForSlot) == 4,
        10'000);

    QElapsedTimer clock;
    clock.start();
    simulation.stop();
    QVERIFY(simulation.waitForFinished(1000));
    QVERIFY(clock.elapsed() < 1000);
    QCOMPARE(finished.size(), 1);
    QCOMPARE(simulation.status(), Simulation::Status::Stopped);
    QVERIFY(simulation.statistics().stopped);
    QCOMPARE(xmlFilesIn(dir.path()), QStringList()); // what was in the buffer is cleaned up
}

void TestSimulation::stopWhileBlockedOnEmpty()
{
    QFETCH(QString, strategy);
    QTemporaryDir dir;
    SimulationConfig config = fastConfig(dir.path(), strategy);
    config.producers = 1;
    config.consumers = 4;
    config.students = 1000;
    config.producerDelay = {3000, 3000};
    Simulation simulation;
    QCOMPARE(simulation.start(config), QStringList());
    // Every consumer waits for an item while the producer sleeps 3 s after its first record.
    QTRY_VERIFY_WITH_TIMEOUT(
        countWorkersIn(simulation, WorkerRole::Producer, WorkerState::Sleeping) == 1
            && countWorkersIn(simulation, WorkerRole::Consumer, WorkerState::WaitingForItem) == 4,
        10'000);

    QElapsedTimer clock;
    clock.start();
    simulation.stop();
    QVERIFY(simulation.waitForFinished(1000));
    QVERIFY(clock.elapsed() < 1000);
    QCOMPARE(simulation.status(), Simulation::Status::Stopped);
    QCOMPARE(xmlFilesIn(dir.path()), QStringList());
}

void TestSimulation::pauseHoldsEveryWorker()
{
    QTemporaryDir dir;
    SimulationConfig config = fastConfig(dir.path());
    config.producers = 3;
    config.consumers = 3;
    config.students = 100'000;
    config.producerDelay = {1, 2};
    config.consumerDelay = {1, 2};
    Simulation simulation;
    QSignalSpy finished(&simulation, &Simulation::finished);
    QCOMPARE(simulation.start(config), QStringList());
    QTRY_VERIFY_WITH_TIMEOUT(simulation.statistics().consumed > 10, 10'000);

    simulation.pause();
    QCOMPARE(simulation.status(), Simulation::Status::Paused);
    // Each worker reaches the pause gate (or waits on the buffer for a peer that is paused).
    QTRY_VERIFY_WITH_TIMEOUT(
        allWorkersIn(simulation,
                     {WorkerState::Paused, WorkerState::WaitingForSlot, WorkerState::WaitingForItem}),
        10'000);
    QVERIFY(countWorkersIn(simulation, WorkerRole::Producer, WorkerState::Paused)
                + countWorkersIn(simulation, WorkerRole::Consumer, WorkerState::Paused)
            >= 3);
    const qint64 consumedWhilePaused = simulation.statistics().consumed;
    QVERIFY(consumedWhilePaused < 100'000);

    simulation.resume();
    QCOMPARE(simulation.status(), Simulation::Status::Running);
    QTRY_VERIFY_WITH_TIMEOUT(simulation.statistics().consumed > consumedWhilePaused, 10'000);
    simulation.stop();
    QVERIFY(simulation.waitForFinished(1000));
}

void TestSimulation::resizeWhileRunning()
{
    QFETCH(QString, strategy);
    QTemporaryDir dir;
    SimulationConfig config = fastConfig(dir.path(), strategy);
    config.producers = 4;
    config.consumers = 4;
    config.students = 20'000;
    config.capacity = 10;
    Simulation simulation;
    QSignalSpy finished(&simulation, &Simulation::finished);
    QCOMPARE(simulation.start(config), QStringList());
    const int sizes[] = {1, 64, 2, 30, 5};
    int step = 0;
    while (simulation.isActive() && step < 5) {
        const qint64 before = simulation.statistics().consumed;
        simulation.setCapacity(sizes[step++]);
        // Let some records flow at this size before the next change.
        QTRY_VERIFY_WITH_TIMEOUT(!simulation.isActive() || simulation.statistics().consumed > before + 500,
                                 30'000);
    }
    QVERIFY(finished.wait(60'000) || finished.size() == 1);
    const SimulationStatistics stats = simulation.statistics();
    QCOMPARE(stats.produced, 20'000);
    QCOMPARE(stats.consumed, 20'000);
    QCOMPARE(stats.failed, 0);
    QCOMPARE(simulation.config().capacity, sizes[step - 1]);
}

void TestSimulation::newDelayAppliesFromTheNextWait()
{
    QTemporaryDir dir;
    SimulationConfig config = fastConfig(dir.path());
    config.students = 2000;
    config.producerDelay = {400, 400};
    Simulation simulation;
    QSignalSpy finished(&simulation, &Simulation::finished);
    QCOMPARE(simulation.start(config), QStringList());
    QTRY_COMPARE_WITH_TIMEOUT(countWorkersIn(simulation, WorkerRole::Producer, WorkerState::Sleeping), 1,
                              10'000);
    // At 400 ms a record, 2000 records would take 800 s; with no delay they take well under a minute.
    simulation.setDelay(WorkerRole::Producer, DelayRange {});
    QVERIFY(finished.wait(60'000));
    QCOMPARE(simulation.statistics().consumed, 2000);
    QCOMPARE(simulation.config().producerDelay, DelayRange {});
}

void TestSimulation::journalTellsTheBufferStory()
{
    // Replaying the journal's inserts and removes gives a FIFO that never exceeds the capacity
    // and ends empty: the journal is complete and in order.
    QTemporaryDir dir;
    SimulationConfig config = fastConfig(dir.path());
    config.producers = 3;
    config.consumers = 2;
    config.capacity = 4;
    config.students = 3000;
    Simulation simulation;
    QSignalSpy finished(&simulation, &Simulation::finished);
    QCOMPARE(simulation.start(config), QStringList());
    std::vector<JournalEvent> events;
    auto drain = [&] {
        std::vector<JournalEvent> more = simulation.takeEvents();
        events.insert(events.end(), more.begin(), more.end());
    };
    QTimer frame; // drain as the GUI does, once per frame
    connect(&frame, &QTimer::timeout, this, drain);
    frame.start(16);
    QVERIFY(finished.wait(60'000));
    drain();

    std::deque<int> fifo;
    int inserts = 0;
    int removes = 0;
    qint64 lastTime = 0;
    for (const JournalEvent &event : events) {
        if (event.kind == JournalEvent::Kind::Inserted) {
            fifo.push_back(event.record);
            ++inserts;
            QVERIFY(int(fifo.size()) <= 4);
            QCOMPARE(int(event.size), int(fifo.size()));
            QVERIFY(event.programme >= 0);
            QVERIFY(event.timeNs >= lastTime);
            lastTime = event.timeNs;
        } else if (event.kind == JournalEvent::Kind::Removed) {
            QVERIFY(!fifo.empty());
            QCOMPARE(event.record, fifo.front());
            fifo.pop_front();
            ++removes;
            QCOMPARE(int(event.size), int(fifo.size()));
            QVERIFY(event.timeNs >= lastTime);
            lastTime = event.timeNs;
        }
    }
    QCOMPARE(inserts, 3000);
    QCOMPARE(removes, 3000);
    QVERIFY(fifo.empty());
}

void TestSimulation::rejectsInvalidConfig_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<int>("value");
    QTest::addColumn<QString>("message");
    QTest::addRow("no producers") << u"producers"_s << 0 << u"producers must be between 1 and 8"_s;
    QTest::addRow("too many consumers") << u"consumers"_s << 9 << u"consumers must be between 1 and 8"_s;
    QTest::addRow("zero buffer") << u"capacity"_s << 0 << u"buffer size must be between 1 and 64"_s;
    QTest::addRow("huge buffer") << u"capacity"_s << 65 << u"buffer size must be between 1 and 64"_s;
    QTest::addRow("no students") << u"students"_s << 0 << u"students must be between 1"_s;
}

void TestSimulation::rejectsInvalidConfig()
{
    QFETCH(QString, field);
    QFETCH(int, value);
    QFETCH(QString, message);
    QTemporaryDir dir;
    SimulationConfig config = fastConfig(dir.path());
    if (field == u"producers"_s)
        config.producers = value;
    else if (field == u"consumers"_s)
        config.consumers = value;
    else if (field == u"capacity"_s)
        config.capacity = value;
    else
        config.students = value;
    Simulation simulation;
    const QStringList errors = simulation.start(config);
    QCOMPARE(errors.size(), 1);
    QVERIFY2(errors.first().contains(message), qPrintable(errors.first()));
    QCOMPARE(simulation.status(), Simulation::Status::Idle);
}

void TestSimulation::rejectsUnwritableDirectory()
{
    QTemporaryDir dir;
    QFile blocker(dir.filePath(u"file"_s));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    SimulationConfig config = fastConfig(dir.filePath(u"file/xml"_s)); // below a regular file
    Simulation simulation;
    const QStringList errors = simulation.start(config);
    QCOMPARE(errors.size(), 1);
    QVERIFY2(errors.first().contains(u"XML directory"_s), qPrintable(errors.first()));
}

void TestSimulation::checkerSilentUnderLoad()
{
    // The correct strategies, run hard: the checker must never fire.
    QFETCH(QString, strategy);
    QTemporaryDir dir;
    SimulationConfig config = fastConfig(dir.path(), strategy);
    config.producers = 8;
    config.consumers = 8;
    config.students = 20'000;
    Simulation simulation;
    QSignalSpy finished(&simulation, &Simulation::finished);
    QSignalSpy deadlocks(&simulation, &Simulation::deadlockDetected);
    QTimer drain; // the checker sees events as they are drained, as in the GUI
    connect(&drain, &QTimer::timeout, this, [&] { simulation.takeEvents(); });
    drain.start(16);
    QCOMPARE(simulation.start(config), QStringList());
    QVERIFY(finished.wait(120'000));
    const SimulationStatistics stats = simulation.statistics();
    QCOMPARE(stats.consumed, 20'000);
    QCOMPARE(stats.lost, 0);
    QCOMPARE(stats.duplicated, 0);
    QCOMPARE(stats.phantom, 0);
    QVERIFY(!stats.deadlock && !stats.stalled);
    QVERIFY(!stats.checkerFired());
    QCOMPARE(deadlocks.size(), 0);
    QCOMPARE(simulation.takeFindings().size(), std::size_t(0));
}

void TestSimulation::unsafeIsCaught()
{
    QTemporaryDir dir;
    SimulationConfig config = fastConfig(dir.path(), u"unsafe"_s);
    config.producers = 4;
    config.consumers = 4;
    config.students = 20'000;
    Simulation simulation;
    simulation.setCollectResults(false);
    QSignalSpy finished(&simulation, &Simulation::finished);
    QCOMPARE(simulation.start(config), QStringList());
    // Within seconds something is lost or taken twice, and the run ends by itself (when nothing
    // is left that could move, the stall detector stops it).
    QTRY_VERIFY_WITH_TIMEOUT(simulation.checker().hasFired() || finished.size() > 0, 30'000);
    QVERIFY(finished.size() > 0 || finished.wait(60'000));
    const SimulationStatistics stats = simulation.statistics();
    QVERIFY(stats.checkerFired());
    QVERIFY(stats.lost + stats.duplicated > 0);
    QVERIFY(!simulation.checker().findings().isEmpty());
    // The lost records' files are cleaned up like any other: nobody would ever read them.
    QCOMPARE(xmlFilesIn(dir.path()), QStringList());
}

void TestSimulation::deadlockIsCaught()
{
    QTemporaryDir dir;
    SimulationConfig config = fastConfig(dir.path(), u"deadlock"_s);
    config.capacity = 2;
    config.producers = 3;
    config.consumers = 1;
    config.students = 100;
    Simulation simulation;
    QSignalSpy deadlocks(&simulation, &Simulation::deadlockDetected);
    QSignalSpy finished(&simulation, &Simulation::finished);
    // What the buffer had done when the deadlock was seen: the stop that follows must not let any
    // thread it wakes (the consumer getting the lock at last) move another record.
    qint64 operationsAtDeadlock = -1;
    BufferSnapshot bufferAtDeadlock;
    connect(&simulation, &Simulation::deadlockDetected, this, [&] {
        operationsAtDeadlock = simulation.syncSnapshot().operations;
        bufferAtDeadlock = simulation.bufferSnapshot();
    });
    QCOMPARE(simulation.start(config), QStringList());
    QVERIFY(deadlocks.wait(10'000));
    const DeadlockReport report = deadlocks.first().first().value<DeadlockReport>();
    QCOMPARE(report.kind, DeadlockReport::Kind::Deadlock);
    // The cycle: a producer holding the mutex and waiting for a slot, and the consumer waiting for the mutex.
    QCOMPARE(report.cycle.size(), 2);
    QCOMPARE(simulation.workerRole(report.cycle.at(0)), WorkerRole::Producer);
    QCOMPARE(simulation.workerRole(report.cycle.at(1)), WorkerRole::Consumer);
    QVERIFY(report.steps.first().contains(u"holds the mutex"_s));
    // The detector stops the run, and every thread ends.
    QVERIFY(finished.size() > 0 || finished.wait(1000));
    QCOMPARE(simulation.status(), Simulation::Status::Stopped);
    const SimulationStatistics stats = simulation.statistics();
    QVERIFY(stats.deadlock);
    QVERIFY(stats.checkerFired());
    QCOMPARE(stats.deadlockSteps, report.steps);
    QVERIFY(operationsAtDeadlock > 0);
    QCOMPARE(simulation.syncSnapshot().operations, operationsAtDeadlock);
    QCOMPARE(simulation.bufferSnapshot().slots, bufferAtDeadlock.slots);
}

void TestSimulation::stepMovesExactlyOneRecord()
{
    QFETCH(QString, strategy);
    QTemporaryDir dir;
    SimulationConfig config = fastConfig(dir.path(), strategy);
    config.producers = 2;
    config.consumers = 2;
    config.capacity = 4;
    config.students = 1000;
    Simulation simulation;
    QCOMPARE(simulation.start(config), QStringList());
    simulation.pause();
    auto settled = [&] {
        return allWorkersIn(simulation,
                            {WorkerState::Paused, WorkerState::WaitingForSlot, WorkerState::WaitingForItem,
                             WorkerState::Done});
    };
    QTRY_VERIFY_WITH_TIMEOUT(settled(), 10'000);
    for (int step = 0; step < 3; ++step) {
        const qint64 before = simulation.syncSnapshot().operations;
        simulation.step();
        QTRY_COMPARE_WITH_TIMEOUT(simulation.syncSnapshot().operations, before + 1, 10'000);
        // Everyone has come to rest again, and no second operation slipped through.
        QTRY_VERIFY_WITH_TIMEOUT(settled(), 10'000);
        QCOMPARE(simulation.syncSnapshot().operations, before + 1);
    }
    simulation.resume();
    QTRY_VERIFY_WITH_TIMEOUT(simulation.syncSnapshot().operations > 10, 10'000);
    simulation.stop();
    QVERIFY(simulation.waitForFinished(1000));
}

void TestSimulation::syncSnapshotShowsWaitersInOrder()
{
    QTemporaryDir dir;
    SimulationConfig config = fastConfig(dir.path(), u"semaphore"_s);
    config.capacity = 1;
    config.producers = 3;
    config.consumers = 1;
    config.students = 100;
    config.consumerDelay = {3000, 3000};
    Simulation simulation;
    QCOMPARE(simulation.start(config), QStringList());
    // The consumer sleeps after its first record; the buffer fills; the other producers wait on "empty".
    QTRY_VERIFY_WITH_TIMEOUT(countWorkersIn(simulation, WorkerRole::Consumer, WorkerState::Sleeping) == 1
                                 && simulation.syncSnapshot().objects.value(0).waiters.size() == 3,
                             10'000);
    const SyncSnapshot sync = simulation.syncSnapshot();
    QCOMPARE(sync.strategy, u"semaphore"_s);
    QCOMPARE(sync.objects.size(), 3);
    QCOMPARE(sync.objects.at(0).name, u"empty"_s);
    QCOMPARE(sync.objects.at(0).value, 0);
    QCOMPARE(sync.objects.at(1).name, u"full"_s);
    QCOMPARE(sync.objects.at(1).value, 1);
    QCOMPARE(sync.objects.at(2).name, u"mutex"_s);
    QCOMPARE(sync.objects.at(2).holder, -1);
    for (const int waiter : sync.objects.at(0).waiters)
        QCOMPARE(simulation.workerRole(waiter), WorkerRole::Producer);
    QCOMPARE(sync.waitedOnBy(sync.objects.at(0).waiters.first()), &sync.objects.at(0));
    simulation.stop();
    QVERIFY(simulation.waitForFinished(1000));
}

void TestSimulation::runsBackToBack()
{
    // Each run starts as soon as the last one has finished, while its threads may still be winding
    // down: Start destroys those later instead of waiting for them. Every run is whole.
    QTemporaryDir dir;
    SimulationConfig config = fastConfig(dir.path());
    config.students = 300;
    Simulation simulation;
    QSignalSpy finished(&simulation, &Simulation::finished);
    for (int run = 1; run <= 3; ++run) {
        QCOMPARE(simulation.start(config), QStringList());
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), run, 60'000);
        const SimulationStatistics stats = simulation.statistics();
        QCOMPARE(stats.produced, 300);
        QCOMPARE(stats.consumed, 300);
        QVERIFY(stats.finished);
    }
}

QTEST_GUILESS_MAIN(TestSimulation)
#include "tst_simulation.moc"
