#include "bufferstrategy.h"
#include "testthread.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QSemaphore>
#include <QTest>
#include <QThread>

#include <algorithm>
#include <atomic>
#include <memory>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

// Lets a test see, without sleeping, that a thread is blocked inside put() or take().
class StateProbe final : public BufferObserver
{
public:
    void stateChanged(WorkerState state) override
    {
        if (state == WorkerState::WaitingForSlot)
            waitingForSlot.fetch_add(1);
        else if (state == WorkerState::WaitingForItem)
            waitingForItem.fetch_add(1);
    }
    void inserted(int, int, int) override { inserts.fetch_add(1); }
    void removed(int, int, int) override { removes.fetch_add(1); }

    std::atomic<int> waitingForSlot = 0;
    std::atomic<int> waitingForItem = 0;
    std::atomic<int> inserts = 0;
    std::atomic<int> removes = 0;
};

std::unique_ptr<TestThread> startThread(std::function<void()> body)
{
    return std::make_unique<TestThread>(std::move(body));
}

// Stops a worker thread inside a strategy until the test opens the gate: in inserted() (called
// with the buffer's lock held) or when it is told it waits for a slot (in the monitor, also with
// the lock held, right before the wait). A real thread holding the real lock; no mock.
class Gate final : public BufferObserver
{
public:
    enum class At { Inserted, WaitingForSlot };
    explicit Gate(At at) : m_at(at) { }

    void stateChanged(WorkerState state) override
    {
        if (m_at == At::WaitingForSlot && state == WorkerState::WaitingForSlot)
            hold();
    }
    void inserted(int, int, int) override
    {
        if (m_at == At::Inserted)
            hold();
    }
    void removed(int, int, int) override { }

    // True once a thread stands at the gate (within a generous timeout).
    bool reached() { return m_reached.tryAcquire(1, 10'000); }
    void open() { m_opened.release(); }

private:
    void hold()
    {
        if (m_held.exchange(true))
            return; // only the first time
        m_reached.release();
        m_opened.tryAcquire(1, 60'000);
    }

    const At m_at;
    std::atomic<bool> m_held = false;
    QSemaphore m_reached;
    QSemaphore m_opened;
};

} // namespace

class TestBufferStrategy : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void strategies_data();
    void createsEveryNamedStrategy_data() { strategies_data(); }
    void createsEveryNamedStrategy();
    void unknownNameGivesNothing();
    void fifoOrder_data() { strategies_data(); }
    void fifoOrder();
    void blocksWhenFull_data() { strategies_data(); }
    void blocksWhenFull();
    void blocksWhenEmpty_data() { strategies_data(); }
    void blocksWhenEmpty();
    void conservationUnderLoad_data() { strategies_data(); }
    void conservationUnderLoad();
    void stopWakesBlockedProducers_data() { strategies_data(); }
    void stopWakesBlockedProducers();
    void stopWakesBlockedConsumers_data() { strategies_data(); }
    void stopWakesBlockedConsumers();
    void growingUnblocksAtOnce_data() { strategies_data(); }
    void growingUnblocksAtOnce();
    void shrinkingTakesEffectAsSlotsDrain_data() { strategies_data(); }
    void shrinkingTakesEffectAsSlotsDrain();
    void resizeWhileRunningLosesNothing_data() { strategies_data(); }
    void resizeWhileRunningLosesNothing();
    void guiCallsNeverWaitForAWorkersLock_data() { strategies_data(); }
    void guiCallsNeverWaitForAWorkersLock();
    void tryStopWakesAThreadOnItsWayIntoAWait_data() { strategies_data(); }
    void tryStopWakesAThreadOnItsWayIntoAWait();
};

void TestBufferStrategy::strategies_data()
{
    QTest::addColumn<QString>("strategy");
    QTest::addRow("semaphore") << u"semaphore"_s;
    QTest::addRow("monitor") << u"monitor"_s;
}

void TestBufferStrategy::createsEveryNamedStrategy()
{
    QFETCH(QString, strategy);
    const auto buffer = BufferStrategy::create(strategy, 7);
    QVERIFY(buffer);
    QCOMPARE(buffer->name(), strategy);
    QCOMPARE(buffer->capacity(), 7);
    QCOMPARE(buffer->size(), 0);
    QVERIFY(!BufferStrategy::describe(strategy).isEmpty());
    QVERIFY(BufferStrategy::names().contains(strategy));
}

void TestBufferStrategy::unknownNameGivesNothing()
{
    QVERIFY(!BufferStrategy::create(u"optimistic"_s, 3));
}

void TestBufferStrategy::fifoOrder()
{
    QFETCH(QString, strategy);
    const auto buffer = BufferStrategy::create(strategy, 5);
    for (int round = 0; round < 3; ++round) { // wraps around the ring
        for (int i = 0; i < 5; ++i)
            QVERIFY(buffer->put(round * 10 + i));
        QCOMPARE(buffer->size(), 5);
        for (int i = 0; i < 5; ++i)
            QCOMPARE(buffer->take(), std::optional<int>(round * 10 + i));
    }
    QCOMPARE(buffer->size(), 0);
}

void TestBufferStrategy::blocksWhenFull()
{
    QFETCH(QString, strategy);
    const auto buffer = BufferStrategy::create(strategy, 2);
    QVERIFY(buffer->put(1));
    QVERIFY(buffer->put(2));

    StateProbe probe;
    std::atomic<bool> returned = false;
    auto producer = startThread([&] {
        buffer->put(3, &probe);
        returned = true;
    });
    QTRY_COMPARE_WITH_TIMEOUT(probe.waitingForSlot.load(), 1, 5000);
    QVERIFY(!returned.load());
    QCOMPARE(buffer->size(), 2);
    QCOMPARE(probe.inserts.load(), 0);

    QCOMPARE(buffer->take(), std::optional<int>(1)); // frees a slot
    QVERIFY(producer->finishedWithin(5000));
    QVERIFY(returned.load());
    QCOMPARE(probe.inserts.load(), 1);
    QCOMPARE(buffer->take(), std::optional<int>(2));
    QCOMPARE(buffer->take(), std::optional<int>(3));
}

void TestBufferStrategy::blocksWhenEmpty()
{
    QFETCH(QString, strategy);
    const auto buffer = BufferStrategy::create(strategy, 2);
    StateProbe probe;
    std::atomic<int> taken = -1;
    auto consumer = startThread([&] { taken = buffer->take(&probe).value_or(-2); });
    QTRY_COMPARE_WITH_TIMEOUT(probe.waitingForItem.load(), 1, 5000);
    QCOMPARE(taken.load(), -1);

    QVERIFY(buffer->put(42));
    QVERIFY(consumer->finishedWithin(5000));
    QCOMPARE(taken.load(), 42);
    QCOMPARE(probe.removes.load(), 1);
    QCOMPARE(buffer->size(), 0);
}

void TestBufferStrategy::conservationUnderLoad()
{
    // 8 producers and 8 consumers; every item is taken exactly once, and the items of one producer
    // reach any one consumer in the order they were put (the buffer is FIFO).
    QFETCH(QString, strategy);
    const int perProducer = 100'000;
    constexpr int Workers = 8;
    const int total = perProducer * Workers;
    const auto buffer = BufferStrategy::create(strategy, 10);

    std::vector<std::vector<int>> takenBy(Workers);
    std::vector<std::unique_ptr<TestThread>> threads;
    for (int p = 0; p < Workers; ++p) {
        threads.push_back(startThread([&buffer, p, perProducer] {
            for (int i = 0; i < perProducer; ++i)
                buffer->put(p * perProducer + i);
        }));
    }
    for (int c = 0; c < Workers; ++c) {
        threads.push_back(startThread([&buffer, &takenBy, c, total] {
            std::vector<int> &mine = takenBy[c];
            mine.reserve(total / Workers);
            for (int i = 0; i < total / Workers; ++i)
                mine.push_back(buffer->take().value_or(-1));
        }));
    }
    for (const auto &thread : threads)
        QVERIFY2(thread->finishedWithin(240'000), "a worker did not finish");

    std::vector<int> seen(total, 0);
    for (const auto &mine : takenBy) {
        std::vector<int> lastOfProducer(Workers, -1);
        for (const int item : mine) {
            QVERIFY(item >= 0 && item < total);
            ++seen[item];
            const int producer = item / perProducer;
            QVERIFY2(item > lastOfProducer[producer], "one producer's items arrived out of order");
            lastOfProducer[producer] = item;
        }
    }
    QCOMPARE(std::count(seen.begin(), seen.end(), 1), qsizetype(total));
    QCOMPARE(buffer->size(), 0);
}

void TestBufferStrategy::stopWakesBlockedProducers()
{
    QFETCH(QString, strategy);
    const auto buffer = BufferStrategy::create(strategy, 1);
    QVERIFY(buffer->put(0));
    StateProbe probe;
    std::atomic<int> refused = 0;
    std::vector<std::unique_ptr<TestThread>> threads;
    for (int i = 0; i < 4; ++i) {
        threads.push_back(startThread([&] {
            if (!buffer->put(1, &probe))
                refused.fetch_add(1);
        }));
    }
    QTRY_COMPARE_WITH_TIMEOUT(probe.waitingForSlot.load(), 4, 5000);

    QElapsedTimer clock;
    clock.start();
    buffer->stop();
    for (const auto &thread : threads)
        QVERIFY(thread->finishedWithin(1000));
    QVERIFY(clock.elapsed() < 1000);
    QCOMPARE(refused.load(), 4);
    QCOMPARE(probe.inserts.load(), 0);
    QVERIFY(!buffer->put(2)); // stays stopped
}

void TestBufferStrategy::stopWakesBlockedConsumers()
{
    QFETCH(QString, strategy);
    const auto buffer = BufferStrategy::create(strategy, 3);
    StateProbe probe;
    std::atomic<int> refused = 0;
    std::vector<std::unique_ptr<TestThread>> threads;
    for (int i = 0; i < 4; ++i) {
        threads.push_back(startThread([&] {
            if (!buffer->take(&probe))
                refused.fetch_add(1);
        }));
    }
    QTRY_COMPARE_WITH_TIMEOUT(probe.waitingForItem.load(), 4, 5000);

    QElapsedTimer clock;
    clock.start();
    buffer->stop();
    for (const auto &thread : threads)
        QVERIFY(thread->finishedWithin(1000));
    QVERIFY(clock.elapsed() < 1000);
    QCOMPARE(refused.load(), 4);
    QVERIFY(!buffer->take());
}

void TestBufferStrategy::growingUnblocksAtOnce()
{
    QFETCH(QString, strategy);
    const auto buffer = BufferStrategy::create(strategy, 2);
    QVERIFY(buffer->put(1));
    QVERIFY(buffer->put(2));
    StateProbe probe;
    auto producer = startThread([&] { buffer->put(3, &probe); });
    QTRY_COMPARE_WITH_TIMEOUT(probe.waitingForSlot.load(), 1, 5000);

    buffer->setCapacity(4);
    QVERIFY(producer->finishedWithin(5000));
    QCOMPARE(buffer->capacity(), 4);
    QCOMPARE(buffer->size(), 3);
    QVERIFY(buffer->put(4));
    for (const int expected : {1, 2, 3, 4})
        QCOMPARE(buffer->take(), std::optional<int>(expected));
}

void TestBufferStrategy::shrinkingTakesEffectAsSlotsDrain()
{
    QFETCH(QString, strategy);
    const auto buffer = BufferStrategy::create(strategy, 4);
    for (int i = 1; i <= 4; ++i)
        QVERIFY(buffer->put(i));
    buffer->setCapacity(2);
    QCOMPARE(buffer->capacity(), 2);
    QCOMPARE(buffer->size(), 4); // nothing lost

    StateProbe probe;
    auto producer = startThread([&] { buffer->put(5, &probe); });
    QTRY_COMPARE_WITH_TIMEOUT(probe.waitingForSlot.load(), 1, 5000);

    QCOMPARE(buffer->take(), std::optional<int>(1));
    QCOMPARE(buffer->take(), std::optional<int>(2));
    QCOMPARE(buffer->size(), 2); // at the new capacity: the producer still waits
    QCOMPARE(probe.inserts.load(), 0);
    QCOMPARE(buffer->take(), std::optional<int>(3)); // now there is room
    QVERIFY(producer->finishedWithin(5000));
    QCOMPARE(buffer->size(), 2);
    QCOMPARE(buffer->snapshot().slots.size(), 2); // compacted to the new capacity
    QCOMPARE(buffer->take(), std::optional<int>(4));
    QCOMPARE(buffer->take(), std::optional<int>(5));
}

void TestBufferStrategy::resizeWhileRunningLosesNothing()
{
    QFETCH(QString, strategy);
    const int perProducer = 25'000;
    constexpr int Workers = 4;
    const int total = perProducer * Workers;
    const auto buffer = BufferStrategy::create(strategy, 8);

    std::atomic<int> producersDone = 0;
    std::vector<std::vector<int>> takenBy(Workers);
    std::vector<std::unique_ptr<TestThread>> threads;
    for (int p = 0; p < Workers; ++p) {
        threads.push_back(startThread([&, p] {
            for (int i = 0; i < perProducer; ++i)
                buffer->put(p * perProducer + i);
            producersDone.fetch_add(1);
        }));
    }
    for (int c = 0; c < Workers; ++c) {
        threads.push_back(startThread([&, c] {
            for (int i = 0; i < total / Workers; ++i)
                takenBy[c].push_back(buffer->take().value_or(-1));
        }));
    }
    // Resize up and down while items flow; the sizes cycle through 1 and 64.
    const int sizes[] = {1, 64, 3, 17, 2, 40, 1, 8};
    int resizes = 0;
    while (producersDone.load() < Workers) {
        buffer->setCapacity(sizes[resizes % 8]);
        const BufferSnapshot snapshot = buffer->snapshot();
        QVERIFY(snapshot.size <= snapshot.slots.size());
        ++resizes;
        QThread::yieldCurrentThread();
    }
    buffer->setCapacity(10);
    for (const auto &thread : threads)
        QVERIFY2(thread->finishedWithin(240'000), "a worker did not finish");
    QVERIFY(resizes > 8);

    std::vector<int> seen(total, 0);
    for (const auto &mine : takenBy)
        for (const int item : mine) {
            QVERIFY(item >= 0 && item < total);
            ++seen[item];
        }
    QCOMPARE(std::count(seen.begin(), seen.end(), 1), qsizetype(total));
    QCOMPARE(buffer->size(), 0);
    QCOMPARE(buffer->capacity(), 10);
}

void TestBufferStrategy::guiCallsNeverWaitForAWorkersLock()
{
    // The GUI's workers run at a low priority: one descheduled while it holds the buffer's lock may
    // not run again for a while. What the GUI calls each frame must return all the same, and get
    // through once the lock is free.
    QFETCH(QString, strategy);
    const auto buffer = BufferStrategy::create(strategy, 4);
    QVERIFY(buffer->put(1));
    Gate gate(Gate::At::Inserted);
    auto worker = startThread([&] { buffer->put(2, &gate); });
    QVERIFY(gate.reached()); // the worker holds the lock now

    // The GUI's calls run in a thread of their own, watched with a deadline: one that waits for
    // the lock fails the test instead of hanging it.
    int size = -1;
    int capacity = -1;
    std::optional<BufferSnapshot> snapshot = BufferSnapshot {};
    bool resized = true;
    std::optional<SyncSnapshot> sync;
    auto gui = startThread([&] {
        size = buffer->size();
        capacity = buffer->capacity();
        snapshot = buffer->trySnapshot();
        resized = buffer->trySetCapacity(6);
        sync = buffer->trySyncSnapshot();
    });
    const bool returned = gui->finishedWithin(5000);
    gate.open();
    const bool ended = gui->finishedWithin(60'000) && worker->finishedWithin(60'000);
    QVERIFY2(returned, "a call the GUI makes waited for the lock a worker holds");
    QVERIFY(ended);
    QCOMPARE(capacity, 4);
    QVERIFY(size == 1 || size == 2); // the insert is under way
    QVERIFY(!snapshot);
    QVERIFY(!resized);
    QVERIFY(sync); // the synchronization objects' bookkeeping has a lock of its own
    QCOMPARE(sync->strategy, strategy);

    // The lock is free again: the same calls get through.
    snapshot = buffer->trySnapshot();
    QVERIFY(snapshot);
    QCOMPARE(snapshot->size, 2);
    QCOMPARE(snapshot->slots.mid(0, 2), QList<int>({1, 2}));
    QVERIFY(buffer->trySetCapacity(6));
    QCOMPARE(buffer->capacity(), 6);
    QCOMPARE(buffer->size(), 2);
    QCOMPARE(buffer->take(), std::optional<int>(1));
    QCOMPARE(buffer->take(), std::optional<int>(2));
}

void TestBufferStrategy::tryStopWakesAThreadOnItsWayIntoAWait()
{
    // A producer has found the buffer full and is about to wait (in the monitor, with the lock
    // held). tryStop() returns at once all the same; once it says it got through, the producer
    // is woken wherever it waits.
    QFETCH(QString, strategy);
    const auto buffer = BufferStrategy::create(strategy, 1);
    QVERIFY(buffer->put(0));
    Gate gate(Gate::At::WaitingForSlot);
    std::atomic<int> put = -1;
    auto producer = startThread([&] { put = buffer->put(1, &gate) ? 1 : 0; });
    QVERIFY(gate.reached());

    std::atomic<bool> stopped = false;
    auto gui = startThread([&] { stopped = buffer->tryStop(); });
    const bool returned = gui->finishedWithin(5000);
    gate.open();
    QVERIFY(gui->finishedWithin(60'000));
    QVERIFY2(returned, "tryStop() waited for the lock a worker holds");
    // As the simulation does: try again until the wake-up got through.
    QTRY_VERIFY_WITH_TIMEOUT(stopped.load() || buffer->tryStop(), 5000);
    QVERIFY(producer->finishedWithin(5000));
    QCOMPARE(put.load(), 0);
    QVERIFY(!buffer->put(2));
    QVERIFY(!buffer->take());
}

QTEST_GUILESS_MAIN(TestBufferStrategy)
#include "tst_bufferstrategy.moc"
