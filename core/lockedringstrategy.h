#pragma once

#include "bufferstrategy.h"

#include <QMutex>
#include <QThread>

#include <array>
#include <atomic>
#include <mutex>

// What the lock-based strategies share: the ring, the mutex that guards it, the stop flag, and
// reporting "waiting for the lock" only when the lock really is taken by someone else.
class LockedRingStrategy : public BufferStrategy
{
public:
    explicit LockedRingStrategy(int capacity);

    // Both as of the last operation, read without the lock.
    int capacity() const override;
    int size() const override;
    BufferSnapshot snapshot() const override;
    std::optional<BufferSnapshot> trySnapshot() const override;
    SyncSnapshot syncSnapshot() const override;
    std::optional<SyncSnapshot> trySyncSnapshot() const override;
    bool trySetCapacity(int capacity) override;

protected:
    static constexpr int MaxObjects = 4;
    // The waiters of each synchronization object, in arrival order, copied at one moment.
    using Waiters = std::array<QList<int>, MaxObjects>;

    // Locks m_mutex, which guards the ring; tells the observer it waits only when the lock is
    // contended, and records the holder and the waiters for syncSnapshot(). Gives up (false) once
    // the strategy is stopped, so that even a thread stuck behind a deadlocked holder ends.
    bool lock(BufferObserver *observer) { return lock(m_mutex, observer); }
    void unlock() { unlock(m_mutex); }
    // The same with another mutex as the strategy's reported lock (see SemaphoreBuffer's wrong
    // order, where the lock students see is not the one that guards the ring).
    bool lock(QMutex &mutex, BufferObserver *observer);
    void unlock(QMutex &mutex);
    // The index of the lock among the strategy's synchronization objects.
    virtual int lockObject() const = 0;

    // Bookkeeping for the synchronization panel and the deadlock detector. Cheap on the fast
    // path: the lock's holder is one relaxed store; waiters are only recorded when a thread
    // really is about to block.
    void waitBegins(int object, BufferObserver *observer);
    void waitEnds(int object, BufferObserver *observer);
    void setLockHolder(BufferObserver *observer);
    int lockHolder() const { return m_lockHolder.load(std::memory_order_relaxed); }
    // The strategy's synchronization objects, given their waiters.
    virtual SyncSnapshot describeSync(const Waiters &waiters) const = 0;
    // Changes the capacity; m_mutex is held.
    virtual void setCapacityLocked(int capacity) = 0;
    qint64 operations() const { return m_operations.load(std::memory_order_relaxed); }
    int insertLocked(int item, BufferObserver *observer);
    int removeLocked(BufferObserver *observer);
    bool isStopped() const { return m_stopped.load(std::memory_order_acquire); }
    // Read without the lock, so only a hint: good enough to decide whether to keep spinning.
    bool looksFull() const
    {
        return m_sizeHint.load(std::memory_order_relaxed) >= m_capacityHint.load(std::memory_order_relaxed);
    }
    bool looksEmpty() const { return m_sizeHint.load(std::memory_order_relaxed) == 0; }
    // Call with m_mutex held after the ring's size or capacity changed.
    void updateHints();

    // Polls ready() for a short while before a thread goes to sleep. In producer-consumer traffic
    // the slot or item a thread waits for usually turns up within microseconds, and waking a
    // sleeping thread costs more than that (far more on a virtual machine). Yields now and then,
    // so that a spinning thread never keeps a runnable one off its core for long. Returns whether
    // ready() became true.
    template<typename Ready> static bool spinUntil(Ready ready)
    {
        for (int round = 0; round < SpinRounds; ++round) {
            if (ready())
                return true;
            if (round % 16 == 15)
                QThread::yieldCurrentThread();
            else
                relax();
        }
        return false;
    }

    mutable QMutex m_mutex;
    RingBuffer m_ring; // guarded by m_mutex
    std::atomic<bool> m_stopped = false;

private:
    static constexpr int SpinRounds = 512;
    // How often a thread blocked on the lock looks whether the strategy was stopped.
    static constexpr int StopCheckMs = 20;
    static void relax()
    {
#if defined(__x86_64__) || defined(__i386__)
        __builtin_ia32_pause();
#elif defined(__aarch64__)
        asm volatile("yield");
#endif
    }

    std::atomic<int> m_sizeHint = 0;
    std::atomic<int> m_capacityHint = 0;
    std::atomic<int> m_lockHolder = -1;
    std::atomic<qint64> m_operations = 0;
    // A std::mutex, unlike QMutex, is fully visible to ThreadSanitizer, also when contended (a
    // contended QMutex hands over inside QtCore, which is not built with it).
    mutable std::mutex m_bookMutex;
    Waiters m_waiters; // guarded by m_bookMutex
};
