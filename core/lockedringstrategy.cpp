#include "lockedringstrategy.h"

LockedRingStrategy::LockedRingStrategy(int capacity) : m_ring(capacity)
{
    updateHints();
}

void LockedRingStrategy::updateHints()
{
    m_sizeHint.store(m_ring.size(), std::memory_order_relaxed);
    m_capacityHint.store(m_ring.capacity(), std::memory_order_relaxed);
}

int LockedRingStrategy::capacity() const
{
    QMutexLocker locker(&m_mutex);
    return m_ring.capacity();
}

int LockedRingStrategy::size() const
{
    QMutexLocker locker(&m_mutex);
    return m_ring.size();
}

BufferSnapshot LockedRingStrategy::snapshot() const
{
    QMutexLocker locker(&m_mutex);
    return BufferSnapshot {m_ring.slots(), m_ring.capacity(), m_ring.size(), m_ring.inPosition(),
                           m_ring.outPosition()};
}

void LockedRingStrategy::lock(BufferObserver *observer)
{
    // The lock is held for a handful of instructions: spinning for it beats sleeping.
    if (m_mutex.tryLock() || spinUntil([this] { return m_mutex.tryLock(); }))
        return;
    if (observer)
        observer->stateChanged(WorkerState::WaitingForLock);
    m_mutex.lock();
}

int LockedRingStrategy::insertLocked(int item, BufferObserver *observer)
{
    const int slot = m_ring.push(item);
    updateHints();
    if (observer) {
        observer->stateChanged(WorkerState::Inserting);
        observer->inserted(item, slot, m_ring.size());
    }
    return slot;
}

int LockedRingStrategy::removeLocked(BufferObserver *observer)
{
    const auto [item, slot] = m_ring.pop();
    updateHints();
    if (observer) {
        observer->stateChanged(WorkerState::Removing);
        observer->removed(item, slot, m_ring.size());
    }
    return item;
}
