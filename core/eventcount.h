#pragma once

#include <QDeadlineTimer>
#include <QSemaphore>

#include <array>
#include <atomic>

// Lets threads wait for a change of state that lives in atomics, and lets any thread announce the
// change without ever waiting for one of them: on Linux, QSemaphore::release() is an atomic add and
// a futex wake, with no lock inside. RunControl waits on it, so the GUI thread's pause, step,
// resume and stop never wait for a worker (a low-priority worker descheduled while it holds a
// lock may not run again for a while on a busy machine).
//
//     const quint32 epoch = changes.epoch();   // first the epoch,
//     if (mustWait())                           // then the condition,
//         changes.wait(epoch);                  // returns once notifyAll() came after epoch()
//
//     changeTheState();                         // on the other side
//     changes.notifyAll();
//
// Each waiter sleeps on a semaphore of its own (one of MaxWaiters slots), so no thread can take a
// wake-up meant for another.
class EventCount
{
public:
    // More waiters than this at once still work, polling every millisecond.
    static constexpr int MaxWaiters = 64;

    quint32 epoch() const { return m_epoch.load(std::memory_order_seq_cst); }
    // Blocks until notifyAll() is called after epoch was read (true), or the deadline (false).
    bool wait(quint32 epoch, QDeadlineTimer deadline = QDeadlineTimer(QDeadlineTimer::Forever));
    // Wakes every thread in wait(), and makes any wait() with an older epoch return at once.
    void notifyAll();

private:
    int claimSlot();

    std::atomic<quint32> m_epoch = 0;
    std::array<std::atomic<bool>, MaxWaiters> m_occupied {};
    std::array<QSemaphore, MaxWaiters> m_wakeups;
};
