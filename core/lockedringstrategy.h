#pragma once

#include "bufferstrategy.h"

#include <QMutex>

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

    mutable QMutex m_mutex;
    RingBuffer m_ring; // guarded by m_mutex
    std::atomic<bool> m_stopped = false;
};
