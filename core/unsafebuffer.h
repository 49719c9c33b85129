#pragma once

#include "bufferstrategy.h"

#include <QMutex>

#include <array>
#include <atomic>
#include <mutex>

// No synchronization at all, on purpose (the "unsafe" strategy): producers and consumers busy-wait
// on a shared count and then read and write the ring's positions without any lock, with a yield
// between the read and the write to widen the race window. Two producers end up writing the same
// slot (one record is lost), two consumers take the same record (it is processed twice), the count
// drifts. Memory-safe all the same: every shared variable is an atomic, and positions always wrap
// within the slots, so the only damage is to the records, which is what the checker is there to see.
class UnsafeBuffer final : public BufferStrategy
{
public:
    explicit UnsafeBuffer(int capacity);

    QString name() const override;
    bool put(int item, BufferObserver *observer = nullptr) override;
    std::optional<int> take(BufferObserver *observer = nullptr) override;
    void setCapacity(int capacity) override;
    void stop() override;
    int capacity() const override;
    int size() const override;
    BufferSnapshot snapshot() const override;
    SyncSnapshot syncSnapshot() const override;
    std::optional<SyncSnapshot> trySyncSnapshot() const override;

private:
    enum Object { Slots, Items };
    bool isStopped() const { return m_stopped.load(std::memory_order_acquire); }
    // Busy-waits until ready() (or stop); records the worker among the spinners meanwhile.
    template<typename Ready>
    bool busyWait(Ready ready, Object object, WorkerState waiting, BufferObserver *observer);
    static void widenTheRace();
    // The snapshot; m_bookMutex is held.
    SyncSnapshot syncSnapshotLocked() const;

    std::array<std::atomic<int>, MaxCapacity> m_slots;
    std::atomic<int> m_capacity;
    std::atomic<int> m_in = 0;
    std::atomic<int> m_out = 0;
    std::atomic<int> m_count = 0;
    std::atomic<qint64> m_operations = 0;
    std::atomic<bool> m_stopped = false;

    // Only for the list of spinners shown in syncSnapshot(); a std::mutex for ThreadSanitizer's
    // sake, as in LockedRingStrategy.
    mutable std::mutex m_bookMutex;
    QList<int> m_spinners[2];
};
