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
    return m_capacityHint.load(std::memory_order_relaxed);
}

int LockedRingStrategy::size() const
{
    return m_sizeHint.load(std::memory_order_relaxed);
}

namespace {

BufferSnapshot copyRing(const RingBuffer &ring)
{
    // Copies the slots element by element: an implicitly shared copy would leave the ring's
    // storage shared with another thread, whose release of it is not ordered with the next write.
    const QList<int> &slots = ring.slots();
    return BufferSnapshot {QList<int>(slots.cbegin(), slots.cend()), ring.capacity(), ring.size(),
                           ring.inPosition(), ring.outPosition()};
}

} // namespace

BufferSnapshot LockedRingStrategy::snapshot() const
{
    QMutexLocker locker(&m_mutex);
    return copyRing(m_ring);
}

std::optional<BufferSnapshot> LockedRingStrategy::trySnapshot() const
{
    if (!m_mutex.tryLock())
        return std::nullopt;
    const BufferSnapshot snapshot = copyRing(m_ring);
    m_mutex.unlock();
    return snapshot;
}

SyncSnapshot LockedRingStrategy::syncSnapshot() const
{
    Waiters waiters;
    {
        // Deep copies, for the same reason as in copyRing().
        const std::lock_guard locker(m_bookMutex);
        for (int object = 0; object < MaxObjects; ++object)
            waiters[object] = QList<int>(m_waiters[object].cbegin(), m_waiters[object].cend());
    }
    return describeSync(waiters);
}

std::optional<SyncSnapshot> LockedRingStrategy::trySyncSnapshot() const
{
    Waiters waiters;
    {
        const std::unique_lock locker(m_bookMutex, std::try_to_lock);
        if (!locker.owns_lock())
            return std::nullopt;
        for (int object = 0; object < MaxObjects; ++object)
            waiters[object] = QList<int>(m_waiters[object].cbegin(), m_waiters[object].cend());
    }
    return describeSync(waiters);
}

bool LockedRingStrategy::trySetCapacity(int capacity)
{
    if (!m_mutex.tryLock())
        return false;
    setCapacityLocked(qBound(MinCapacity, capacity, MaxCapacity));
    m_mutex.unlock();
    return true;
}

bool LockedRingStrategy::lock(QMutex &mutex, BufferObserver *observer)
{
    // The lock is held for a handful of instructions: spinning for it beats sleeping.
    if (!mutex.tryLock() && !spinUntil([&mutex] { return mutex.tryLock(); })) {
        if (observer)
            observer->stateChanged(WorkerState::WaitingForLock);
        waitBegins(lockObject(), observer);
        while (!mutex.tryLock(StopCheckMs)) {
            if (isStopped()) {
                waitEnds(lockObject(), observer);
                return false;
            }
        }
        waitEnds(lockObject(), observer);
    }
    setLockHolder(observer);
    return true;
}

void LockedRingStrategy::unlock(QMutex &mutex)
{
    m_lockHolder.store(-1, std::memory_order_relaxed);
    mutex.unlock();
}

void LockedRingStrategy::setLockHolder(BufferObserver *observer)
{
    m_lockHolder.store(observer ? observer->workerIndex() : -1, std::memory_order_relaxed);
}

void LockedRingStrategy::waitBegins(int object, BufferObserver *observer)
{
    if (!observer || observer->workerIndex() < 0)
        return;
    const std::lock_guard locker(m_bookMutex);
    m_waiters[object].append(observer->workerIndex());
}

void LockedRingStrategy::waitEnds(int object, BufferObserver *observer)
{
    if (!observer || observer->workerIndex() < 0)
        return;
    const std::lock_guard locker(m_bookMutex);
    m_waiters[object].removeOne(observer->workerIndex());
}

int LockedRingStrategy::insertLocked(int item, BufferObserver *observer)
{
    const int slot = m_ring.push(item);
    updateHints();
    m_operations.fetch_add(1, std::memory_order_relaxed);
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
    m_operations.fetch_add(1, std::memory_order_relaxed);
    if (observer) {
        observer->stateChanged(WorkerState::Removing);
        observer->removed(item, slot, m_ring.size());
    }
    return item;
}
