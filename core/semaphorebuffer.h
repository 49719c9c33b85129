#pragma once

#include "lockedringstrategy.h"

#include <QSemaphore>

// The original program's solution and the textbook one: a counting semaphore of free slots
// ("empty"), one of filled slots ("full"), and a mutex around the ring itself.
class SemaphoreBuffer final : public LockedRingStrategy
{
public:
    explicit SemaphoreBuffer(int capacity);

    QString name() const override;
    bool put(int item, BufferObserver *observer = nullptr) override;
    std::optional<int> take(BufferObserver *observer = nullptr) override;
    void setCapacity(int capacity) override;
    void stop() override;

    // Current semaphore values, for the synchronization panel and tests.
    int freeSlots() const { return m_empty.available(); }
    int filledSlots() const { return m_full.available(); }

private:
    QSemaphore m_empty;
    QSemaphore m_full;
    // Free-slot permits still owed after a shrink: paid back by consumers instead of releasing
    // "empty", so a shrink never takes a slot away from an item. Guarded by m_mutex.
    int m_shrinkDebt = 0;
};
