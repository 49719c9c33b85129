#include "deadlockdetector.h"

#include <QTest>

using namespace Qt::StringLiterals;

namespace {

WorkerStatistics worker(WorkerRole role, int number, WorkerState state)
{
    WorkerStatistics stats;
    stats.role = role;
    stats.number = number;
    stats.name = workerName(role, number);
    stats.state = state;
    return stats;
}

// The semaphore strategy's objects: empty, full, mutex.
SyncSnapshot semaphores(QList<int> emptyWaiters, QList<int> fullWaiters, int mutexHolder,
                        QList<int> mutexWaiters)
{
    SyncSnapshot sync;
    sync.strategy = u"deadlock"_s;
    sync.objects = {
        SyncObject {u"empty"_s, u"free slots"_s, SyncObject::Kind::Semaphore, SyncObject::FreedBy::Consumers,
                    0, -1, emptyWaiters},
        SyncObject {u"full"_s, u"filled slots"_s, SyncObject::Kind::Semaphore, SyncObject::FreedBy::Producers,
                    2, -1, fullWaiters},
        SyncObject {u"mutex"_s, u"the ring of slots"_s, SyncObject::Kind::Mutex, SyncObject::FreedBy::Holder,
                    mutexHolder < 0 ? 1 : 0, mutexHolder, mutexWaiters},
    };
    return sync;
}

} // namespace

class TestDeadlockDetector : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void lockBeforeSlotIsACycle();
    void someoneFreeMeansNoDeadlock();
    void pausedWorkersAreNotStuck();
    void finishedWorkersAreIgnored();
    void nobodyLeftToSignalIsAStall();
    void noObjectsNoDeadlock();
};

void TestDeadlockDetector::lockBeforeSlotIsACycle()
{
    // Producer 1 holds the mutex and waits for a free slot; Producer 2 and Consumer 1 wait for the mutex.
    const QList<WorkerStatistics> workers = {worker(WorkerRole::Producer, 1, WorkerState::WaitingForSlot),
                                             worker(WorkerRole::Producer, 2, WorkerState::WaitingForLock),
                                             worker(WorkerRole::Consumer, 1, WorkerState::WaitingForLock)};
    const auto report = DeadlockDetector::find(semaphores({0}, {}, 0, {1, 2}), workers);
    QVERIFY(report);
    QCOMPARE(report->kind, DeadlockReport::Kind::Deadlock);
    QCOMPARE(report->cycle, QList<int>({0, 2}));
    QCOMPARE(report->summary, u"Deadlock: Producer 1 \u2192 Consumer 1 \u2192 Producer 1"_s);
    QCOMPARE(report->steps.size(), 2);
    QCOMPARE(
        report->steps.at(0),
        u"Producer 1 holds the mutex and waits on empty (free slots), which only a consumer can signal"_s);
    QCOMPARE(report->steps.at(1), u"Consumer 1 waits on mutex (the ring of slots), held by Producer 1"_s);
}

void TestDeadlockDetector::someoneFreeMeansNoDeadlock()
{
    const QList<WorkerStatistics> workers = {worker(WorkerRole::Producer, 1, WorkerState::WaitingForSlot),
                                             worker(WorkerRole::Consumer, 1, WorkerState::Sleeping)};
    QVERIFY(!DeadlockDetector::find(semaphores({0}, {}, -1, {}), workers));
}

void TestDeadlockDetector::pausedWorkersAreNotStuck()
{
    // A consumer paused by the teacher is not waiting on any object: no deadlock.
    const QList<WorkerStatistics> workers = {worker(WorkerRole::Producer, 1, WorkerState::WaitingForSlot),
                                             worker(WorkerRole::Consumer, 1, WorkerState::Paused)};
    QVERIFY(!DeadlockDetector::find(semaphores({0}, {}, 0, {}), workers));
}

void TestDeadlockDetector::finishedWorkersAreIgnored()
{
    // Everyone left waits on everyone left: finished workers are not part of it.
    const QList<WorkerStatistics> workers = {worker(WorkerRole::Producer, 1, WorkerState::Done),
                                             worker(WorkerRole::Producer, 2, WorkerState::WaitingForSlot),
                                             worker(WorkerRole::Consumer, 1, WorkerState::WaitingForLock)};
    const auto report = DeadlockDetector::find(semaphores({1}, {}, 1, {2}), workers);
    QVERIFY(report);
    QCOMPARE(report->cycle, QList<int>({1, 2}));
}

void TestDeadlockDetector::nobodyLeftToSignalIsAStall()
{
    // Consumers wait for items, and every producer has finished.
    const QList<WorkerStatistics> workers = {worker(WorkerRole::Producer, 1, WorkerState::Done),
                                             worker(WorkerRole::Consumer, 1, WorkerState::WaitingForItem),
                                             worker(WorkerRole::Consumer, 2, WorkerState::WaitingForItem)};
    const auto report = DeadlockDetector::find(semaphores({}, {1, 2}, -1, {}), workers);
    QVERIFY(report);
    QCOMPARE(report->kind, DeadlockReport::Kind::Stall);
    QVERIFY(report->summary.startsWith(u"Stalled: Consumer 1 waits on full"_s));
    QCOMPARE(report->steps.size(), 2);
}

void TestDeadlockDetector::noObjectsNoDeadlock()
{
    const QList<WorkerStatistics> workers = {worker(WorkerRole::Producer, 1, WorkerState::WaitingForSlot)};
    QVERIFY(!DeadlockDetector::find(SyncSnapshot {}, workers));
    QVERIFY(!DeadlockDetector::find(semaphores({}, {}, -1, {}), {}));
}

QTEST_GUILESS_MAIN(TestDeadlockDetector)
#include "tst_deadlockdetector.moc"
