#include "drainqueue.h"
#include "testthread.h"

#include <QDeadlineTimer>
#include <QSemaphore>
#include <QTest>
#include <QThread>

#include <atomic>
#include <functional>
#include <memory>
#include <vector>

namespace {

// Where a writer stops while it holds the queue's lock: copying an entry that carries a gate
// (append() copies it in under the lock) waits until the test opens it. The copy in the queue
// carries none, so nothing else ever waits.
class Gate
{
public:
    bool reached() { return m_reached.tryAcquire(1, 10'000); }
    void open() { m_opened.release(); }
    void hold()
    {
        m_reached.release();
        m_opened.tryAcquire(1, 60'000);
    }

private:
    QSemaphore m_reached;
    QSemaphore m_opened;
};

struct Entry
{
    int value = 0;
    Gate *gate = nullptr;

    Entry(int number, Gate *stopAt = nullptr) : value(number), gate(stopAt) { }
    Entry(const Entry &other) : value(other.value)
    {
        if (other.gate)
            other.gate->hold();
    }
    Entry(Entry &&other) noexcept = default;
    Entry &operator=(const Entry &other) = delete;
    Entry &operator=(Entry &&other) noexcept = default;
};

std::vector<int> valuesOf(const std::vector<Entry> &entries)
{
    std::vector<int> values;
    for (const Entry &entry : entries)
        values.push_back(entry.value);
    return values;
}

} // namespace

class TestDrainQueue : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void drainsInOrder();
    void boundedCountsWhatItDrops();
    void tryDrainNeverWaitsForAWriter();
    void handedOverWhileTheLockIsHeld();
    void nothingLostOrRepeatedUnderLoad();
};

void TestDrainQueue::drainsInOrder()
{
    DrainQueue<int> queue;
    for (int i = 0; i < 5; ++i)
        queue.append(i);
    QCOMPARE(queue.drain(), std::vector<int>({0, 1, 2, 3, 4}));
    QVERIFY(queue.drain().empty());
    queue.append(5);
    bool complete = false;
    QCOMPARE(queue.tryDrain(&complete), std::vector<int>({5}));
    QVERIFY(complete); // nobody held the lock
}

void TestDrainQueue::boundedCountsWhatItDrops()
{
    DrainQueue<int> queue(3);
    for (int i = 0; i < 5; ++i)
        queue.append(i);
    QCOMPARE(queue.dropped(), quint64(2));
    QCOMPARE(queue.tryDrain(), std::vector<int>({0, 1, 2}));
    queue.clear();
    QCOMPARE(queue.dropped(), quint64(0));
}

void TestDrainQueue::tryDrainNeverWaitsForAWriter()
{
    // A writer holds the lock (in the GUI: a low-priority worker the scheduler has set aside).
    // The reader's tryDrain() returns all the same, and the entries arrive on a later call.
    DrainQueue<Entry> queue;
    queue.append(Entry(1));
    Gate gate;
    const Entry gated(2, &gate);
    TestThread writer([&] { queue.append(gated); });
    QVERIFY(gate.reached());

    std::vector<Entry> got;
    bool complete = true;
    TestThread reader([&] { got = queue.tryDrain(&complete); });
    const bool returned = reader.finishedWithin(5000);
    gate.open();
    const bool ended = reader.finishedWithin(60'000) && writer.finishedWithin(60'000);
    QVERIFY2(returned, "tryDrain() waited for a writer that holds the lock");
    QVERIFY(ended);
    QVERIFY(!complete);
    QVERIFY(got.empty()); // nobody has appended since the reader asked

    got = queue.tryDrain(&complete);
    QVERIFY(complete);
    QCOMPARE(valuesOf(got), std::vector<int>({1, 2}));
}

void TestDrainQueue::handedOverWhileTheLockIsHeld()
{
    // The reader finds the lock taken and asks for a hand-over; the next append publishes what
    // is queued, and the reader gets it even though another writer holds the lock by then.
    DrainQueue<Entry> queue;
    queue.append(Entry(1));
    Gate first;
    const Entry gatedFirst(2, &first);
    TestThread writer1([&] { queue.append(gatedFirst); });
    QVERIFY(first.reached());
    bool complete = true;
    QVERIFY(queue.tryDrain(&complete).empty());
    QVERIFY(!complete);
    first.open(); // writer 1's append completes and hands entries 1 and 2 over
    QVERIFY(writer1.finishedWithin(60'000));

    Gate second;
    const Entry gatedSecond(3, &second);
    TestThread writer2([&] { queue.append(gatedSecond); });
    QVERIFY(second.reached()); // writer 2 holds the lock now
    std::vector<Entry> got;
    TestThread reader([&] { got = queue.tryDrain(&complete); });
    const bool returned = reader.finishedWithin(5000);
    second.open();
    const bool ended = reader.finishedWithin(60'000) && writer2.finishedWithin(60'000);
    QVERIFY2(returned, "tryDrain() waited for a writer that holds the lock");
    QVERIFY(ended);
    QVERIFY(!complete);
    QCOMPARE(valuesOf(got), std::vector<int>({1, 2}));

    got = queue.tryDrain(&complete);
    QVERIFY(complete);
    QCOMPARE(valuesOf(got), std::vector<int>({3}));
}

void TestDrainQueue::nothingLostOrRepeatedUnderLoad()
{
    // Four writers append as fast as they can while a reader uses nothing but tryDrain(): every
    // entry arrives exactly once, and each writer's entries in the order it appended them.
    constexpr int Writers = 4;
    constexpr int PerWriter = 200'000;
    DrainQueue<int> queue(std::size_t(Writers) * PerWriter);
    std::vector<std::unique_ptr<TestThread>> writers;
    std::atomic<int> done = 0;
    for (int w = 0; w < Writers; ++w) {
        writers.push_back(std::make_unique<TestThread>([&queue, &done, w] {
            for (int i = 0; i < PerWriter; ++i)
                queue.append(w * PerWriter + i);
            done.fetch_add(1, std::memory_order_release);
        }));
    }
    std::vector<int> last(Writers, -1);
    qint64 received = 0;
    int partial = 0;
    const QDeadlineTimer deadline(240'000);
    for (;;) {
        // Writers that were done before a complete drain have nothing left in the queue.
        const bool allDone = done.load(std::memory_order_acquire) == Writers;
        bool complete = false;
        const std::vector<int> batch = queue.tryDrain(&complete);
        partial += complete ? 0 : 1;
        for (const int value : batch) {
            const int writer = value / PerWriter;
            QVERIFY(value > last[std::size_t(writer)]);
            last[std::size_t(writer)] = value;
        }
        received += qint64(batch.size());
        if ((allDone && complete) || deadline.hasExpired())
            break;
        QThread::yieldCurrentThread();
    }
    for (const auto &writer : writers)
        QVERIFY(writer->finishedWithin(60'000));
    const std::vector<int> rest = queue.drain();
    QVERIFY(rest.empty());
    QCOMPARE(received, qint64(Writers) * PerWriter);
    QCOMPARE(queue.dropped(), quint64(0));
    qDebug("%d of the reader's calls found the lock taken", partial);
}

QTEST_GUILESS_MAIN(TestDrainQueue)
#include "tst_drainqueue.moc"
