#pragma once

#include "lockedringstrategy.h"

#include <QSemaphore>

// The original program's solution and the textbook one: a counting semaphore of free slots
// ("empty"), one of filled slots ("full"), and a mutex around the ring itself.
//
// With Order::LockThenSlot it is the classic mistake instead, on purpose (the "deadlock"
// strategy): a producer takes the mutex first and then waits for a free slot while holding it.
// Once the buffer is full, the consumer that would free a slot waits for that mutex for ever.
class SemaphoreBuffer final : public LockedRingStrategy
{
public:
    enum class Order { SlotThenLock, LockThenSlot };

    explicit SemaphoreBuffer(int capacity, Order producerOrder = Order::SlotThenLock);

    QString name() const override;
    bool put(int item, BufferObserver *observer = nullptr) override;
    std::optional<int> take(BufferObserver *observer = nullptr) override;
    void setCapacity(int capacity) override;
    void stop() override;

    // Current semaphore values, for the synchronization panel and tests.
    int freeSlots() const { return m_empty.available(); }
    int filledSlots() const { return m_full.available(); }

private:
    enum Object { Empty, Full, Mutex };
    int lockObject() const override { return Mutex; }
    SyncSnapshot describeSync(const Waiters &waiters) const override;
    void setCapacityLocked(int capacity) override;
    // Acquires, spinning a little first; records the wait if it has to block.
    void acquire(QSemaphore &semaphore, Object object, WorkerState waiting, BufferObserver *observer);

    const Order m_producerOrder;
    // In the wrong order, the mutex students see (held while waiting for a slot) is this one, and
    // m_mutex only guards the ring for a few instructions, so a view can always look at the ring.
    QMutex m_outerLock;
    QSemaphore m_empty;
    QSemaphore m_full;
    // Free-slot permits still owed after a shrink: paid back by consumers instead of releasing
    // "empty", so a shrink never takes a slot away from an item. Guarded by m_mutex.
    int m_shrinkDebt = 0;
};
