#include "semaphorebuffer.h"

#include <limits>

using namespace Qt::StringLiterals;

namespace {
// After stop() every acquire must succeed at once, however many threads are waiting.
constexpr int StopPermits = std::numeric_limits<int>::max() / 4;
} // namespace

SemaphoreBuffer::SemaphoreBuffer(int capacity) : LockedRingStrategy(capacity), m_empty(m_ring.capacity()) { }

QString SemaphoreBuffer::name() const
{
    return u"semaphore"_s;
}

bool SemaphoreBuffer::put(int item, BufferObserver *observer)
{
    if (isStopped())
        return false;
    if (!spinUntil([this] { return m_empty.tryAcquire(); })) {
        if (observer)
            observer->stateChanged(WorkerState::WaitingForSlot);
        m_empty.acquire();
    }
    if (isStopped())
        return false;
    lock(observer);
    insertLocked(item, observer);
    m_mutex.unlock();
    m_full.release();
    return true;
}

std::optional<int> SemaphoreBuffer::take(BufferObserver *observer)
{
    if (isStopped())
        return std::nullopt;
    if (!spinUntil([this] { return m_full.tryAcquire(); })) {
        if (observer)
            observer->stateChanged(WorkerState::WaitingForItem);
        m_full.acquire();
    }
    if (isStopped())
        return std::nullopt;
    lock(observer);
    const int item = removeLocked(observer);
    bool releaseSlot = true;
    if (m_shrinkDebt > 0) {
        --m_shrinkDebt;
        releaseSlot = false;
    }
    if (m_shrinkDebt == 0)
        m_ring.compact();
    m_mutex.unlock();
    if (releaseSlot)
        m_empty.release();
    return item;
}

void SemaphoreBuffer::setCapacity(int capacity)
{
    capacity = qBound(MinCapacity, capacity, MaxCapacity);
    QMutexLocker locker(&m_mutex);
    const int delta = capacity - m_ring.capacity();
    m_ring.setCapacity(capacity);
    updateHints();
    if (delta > 0) {
        const int repaid = qMin(delta, m_shrinkDebt);
        m_shrinkDebt -= repaid;
        if (delta > repaid)
            m_empty.release(delta - repaid);
    } else {
        // Take back the free permits that exist now; the rest is owed by the next consumers.
        int owed = -delta;
        while (owed > 0 && m_empty.tryAcquire())
            --owed;
        m_shrinkDebt += owed;
    }
    if (m_shrinkDebt == 0)
        m_ring.compact();
}

void SemaphoreBuffer::stop()
{
    if (m_stopped.exchange(true))
        return;
    m_empty.release(StopPermits);
    m_full.release(StopPermits);
}
