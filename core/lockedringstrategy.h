#pragma once

#include "bufferstrategy.h"

#include <QMutex>
#include <QThread>

#include <atomic>

// What the lock-based strategies share: the ring, the mutex that guards it, the stop flag, and
// reporting "waiting for the lock" only when the lock really is taken by someone else.
class LockedRingStrategy : public BufferStrategy
{
public:
    explicit LockedRingStrategy(int capacity);

    int capacity() const override;
    int size() const override;
    BufferSnapshot snapshot() const override;

protected:
    // Locks m_mutex; tells the observer it waits only when the lock is contended.
    void lock(BufferObserver *observer);
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
};
