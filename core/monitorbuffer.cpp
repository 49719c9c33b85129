#include "monitorbuffer.h"

#include "conditionwait.h"

#include <mutex>

using namespace Qt::StringLiterals;

MonitorBuffer::MonitorBuffer(int capacity) : LockedRingStrategy(capacity) { }

QString MonitorBuffer::name() const
{
    return u"monitor"_s;
}

bool MonitorBuffer::put(int item, BufferObserver *observer)
{
    lock(observer);
    if (m_ring.isFull() && !isStopped()) {
        // Spin outside the monitor first: a slot usually frees up within microseconds.
        m_mutex.unlock();
        spinUntil([this] { return !looksFull() || isStopped(); });
        lock(observer);
    }
    const std::unique_lock<QMutex> locker(m_mutex, std::adopt_lock);
    while (m_ring.isFull() && !isStopped()) {
        if (observer)
            observer->stateChanged(WorkerState::WaitingForSlot);
        waitOn(m_notFull, m_mutex);
    }
    if (isStopped())
        return false;
    insertLocked(item, observer);
    m_notEmpty.wakeOne();
    return true;
}

std::optional<int> MonitorBuffer::take(BufferObserver *observer)
{
    lock(observer);
    if (m_ring.isEmpty() && !isStopped()) {
        m_mutex.unlock();
        spinUntil([this] { return !looksEmpty() || isStopped(); });
        lock(observer);
    }
    const std::unique_lock<QMutex> locker(m_mutex, std::adopt_lock);
    while (m_ring.isEmpty() && !isStopped()) {
        if (observer)
            observer->stateChanged(WorkerState::WaitingForItem);
        waitOn(m_notEmpty, m_mutex);
    }
    if (isStopped())
        return std::nullopt;
    const int item = removeLocked(observer);
    m_ring.compact();
    m_notFull.wakeOne();
    return item;
}

void MonitorBuffer::setCapacity(int capacity)
{
    QMutexLocker locker(&m_mutex);
    m_ring.setCapacity(qBound(MinCapacity, capacity, MaxCapacity));
    m_ring.compact();
    updateHints();
    m_notFull.wakeAll();
}

void MonitorBuffer::stop()
{
    QMutexLocker locker(&m_mutex);
    m_stopped.store(true, std::memory_order_release);
    m_notFull.wakeAll();
    m_notEmpty.wakeAll();
}
