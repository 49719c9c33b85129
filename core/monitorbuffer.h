#pragma once

#include "lockedringstrategy.h"

#include <QWaitCondition>

// The monitor solution: one mutex, and two condition variables producers and consumers wait on
// in a while loop (Qt's waitconditions example).
class MonitorBuffer final : public LockedRingStrategy
{
public:
    explicit MonitorBuffer(int capacity);

    QString name() const override;
    bool put(int item, BufferObserver *observer = nullptr) override;
    std::optional<int> take(BufferObserver *observer = nullptr) override;
    void setCapacity(int capacity) override;
    void stop() override;
    bool tryStop() override;

private:
    enum Object { Lock, NotFull, NotEmpty };
    int lockObject() const override { return Lock; }
    SyncSnapshot describeSync(const Waiters &waiters) const override;
    void setCapacityLocked(int capacity) override;
    // Waits on a condition (the lock is held, and held again on return).
    void wait(QWaitCondition &condition, Object object, BufferObserver *observer);

    QWaitCondition m_notFull;
    QWaitCondition m_notEmpty;
};
