#include "bufferstrategy.h"
#include "eventcount.h"
#include "runcontrol.h"
#include "testthread.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QSemaphore>
#include <QTest>
#include <QThread>

#include <atomic>
#include <functional>
#include <memory>
#include <vector>

namespace {

// Counts the workers told they are paused; with a gate, the first one stays in stateChanged()
// until the test opens it (the run control used to call it with its own lock held).
class PauseProbe final : public BufferObserver
{
public:
    explicit PauseProbe(bool gated = false) : m_gated(gated) { }

    void stateChanged(WorkerState state) override
    {
        if (state != WorkerState::Paused)
            return;
        paused.fetch_add(1);
        if (m_gated && !m_held.exchange(true)) {
            m_reached.release();
            m_opened.tryAcquire(1, 60'000);
        }
    }
    void inserted(int, int, int) override { }
    void removed(int, int, int) override { }

    bool reached() { return m_reached.tryAcquire(1, 10'000); }
    void open() { m_opened.release(); }

    std::atomic<int> paused = 0;

private:
    const bool m_gated;
    std::atomic<bool> m_held = false;
    QSemaphore m_reached;
    QSemaphore m_opened;
};

} // namespace

class TestRunControl : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void guiCallsNeverWaitForAWorker();
    void stepAdmitsExactlyOneOperation();
    void resumeReleasesEveryoneWaitingWhilePaused();
    void stopEndsEveryWait();
    void sleepLastsItsTime();
    void eventCountWakesMoreWaitersThanItHasSlots();
    void eventCountWaitEndsAtItsDeadline();
};

void TestRunControl::guiCallsNeverWaitForAWorker()
{
    // A paused worker is being told so (and the scheduler may leave it there for a second, at idle
    // priority on a busy machine). Step, resume and stop from the GUI return all the same.
    RunControl control;
    control.pause();
    PauseProbe probe(true);
    std::atomic<int> admitted = -1;
    TestThread worker([&] { admitted = control.admitOperation(&probe) ? 1 : 0; });
    QVERIFY(probe.reached());

    TestThread gui([&] {
        control.step();
        control.resume();
        control.pause();
        control.stop();
    });
    const bool returned = gui.finishedWithin(5000);
    probe.open();
    const bool ended = gui.finishedWithin(60'000) && worker.finishedWithin(60'000);
    QVERIFY2(returned, "a call the GUI makes waited for a worker");
    QVERIFY(ended);
    QCOMPARE(admitted.load(), 0); // stopped by the time it looked again
}

void TestRunControl::stepAdmitsExactlyOneOperation()
{
    RunControl control;
    control.pause();
    PauseProbe probe;
    std::atomic<int> operations = 0;
    std::vector<std::unique_ptr<TestThread>> workers;
    constexpr int Workers = 4;
    for (int i = 0; i < Workers; ++i) {
        workers.push_back(std::make_unique<TestThread>([&] {
            while (control.admitOperation(&probe))
                operations.fetch_add(1);
        }));
    }
    QTRY_COMPARE_WITH_TIMEOUT(probe.paused.load(), Workers, 10'000);
    for (int step = 1; step <= 3; ++step) {
        control.step();
        // The admitted worker comes back to the gate and waits again; nobody else got through.
        QTRY_COMPARE_WITH_TIMEOUT(probe.paused.load(), Workers + step, 10'000);
        QCOMPARE(operations.load(), step);
    }
    control.resume();
    QTRY_VERIFY_WITH_TIMEOUT(operations.load() > 1000, 10'000);
    control.stop();
    for (const auto &worker : workers)
        QVERIFY(worker->finishedWithin(5000));
}

void TestRunControl::resumeReleasesEveryoneWaitingWhilePaused()
{
    RunControl control;
    control.pause();
    std::atomic<int> released = 0;
    std::vector<std::unique_ptr<TestThread>> workers;
    for (int i = 0; i < 3; ++i) {
        workers.push_back(std::make_unique<TestThread>([&] {
            if (control.waitWhilePaused())
                released.fetch_add(1);
        }));
    }
    control.resume();
    for (const auto &worker : workers)
        QVERIFY(worker->finishedWithin(5000));
    QCOMPARE(released.load(), 3);
    QVERIFY(!control.isPaused());
}

void TestRunControl::stopEndsEveryWait()
{
    RunControl control;
    control.pause();
    std::atomic<int> refused = 0;
    std::vector<std::unique_ptr<TestThread>> workers;
    for (int i = 0; i < 2; ++i) {
        workers.push_back(std::make_unique<TestThread>([&] {
            if (!control.sleep(600'000))
                refused.fetch_add(1);
        }));
        workers.push_back(std::make_unique<TestThread>([&] {
            if (!control.waitWhilePaused())
                refused.fetch_add(1);
        }));
        workers.push_back(std::make_unique<TestThread>([&] {
            if (!control.admitOperation(nullptr))
                refused.fetch_add(1);
        }));
    }
    control.stop();
    for (const auto &worker : workers)
        QVERIFY(worker->finishedWithin(5000));
    QCOMPARE(refused.load(), 6);
    QVERIFY(!control.sleep(10));
}

void TestRunControl::sleepLastsItsTime()
{
    RunControl control;
    QElapsedTimer clock;
    clock.start();
    QVERIFY(control.sleep(30));
    QVERIFY(clock.elapsed() >= 29);
    // A step or a resume wakes sleepers too; they go back to sleep until their time is up.
    control.pause();
    std::atomic<bool> slept = false;
    std::atomic<qint64> sleptMs = 0;
    TestThread sleeper([&] {
        QElapsedTimer sleeping;
        sleeping.start();
        slept = control.sleep(50);
        sleptMs = sleeping.elapsed();
    });
    control.step();
    control.resume();
    QVERIFY(sleeper.finishedWithin(10'000));
    QVERIFY(slept.load());
    QVERIFY(sleptMs.load() >= 49);
}

void TestRunControl::eventCountWakesMoreWaitersThanItHasSlots()
{
    EventCount changes;
    std::atomic<bool> changed = false;
    std::atomic<int> woken = 0;
    const int waiters = EventCount::MaxWaiters + 16;
    std::vector<std::unique_ptr<TestThread>> threads;
    for (int i = 0; i < waiters; ++i) {
        threads.push_back(std::make_unique<TestThread>([&] {
            for (;;) {
                const quint32 epoch = changes.epoch();
                if (changed.load())
                    break;
                changes.wait(epoch, QDeadlineTimer(60'000));
            }
            woken.fetch_add(1);
        }));
    }
    changed.store(true);
    changes.notifyAll();
    for (const auto &thread : threads)
        QVERIFY(thread->finishedWithin(10'000));
    QCOMPARE(woken.load(), waiters);
}

void TestRunControl::eventCountWaitEndsAtItsDeadline()
{
    EventCount changes;
    QVERIFY(!changes.wait(changes.epoch(), QDeadlineTimer(20)));
    const quint32 before = changes.epoch();
    changes.notifyAll();
    QVERIFY(changes.wait(before)); // an older epoch: returns at once
}

QTEST_GUILESS_MAIN(TestRunControl)
#include "tst_runcontrol.moc"
