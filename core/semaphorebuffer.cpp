#include "semaphorebuffer.h"

#include <limits>

using namespace Qt::StringLiterals;

namespace {
// After stop() every acquire must succeed at once, however many threads are waiting.
constexpr int StopPermits = std::numeric_limits<int>::max() / 4;
} // namespace

SemaphoreBuffer::SemaphoreBuffer(int capacity, Order producerOrder)
    : LockedRingStrategy(capacity), m_producerOrder(producerOrder), m_empty(m_ring.capacity())
{ }

QString SemaphoreBuffer::name() const
{
    return m_producerOrder == Order::SlotThenLock ? u"semaphore"_s : u"deadlock"_s;
}

void SemaphoreBuffer::acquire(QSemaphore &semaphore, Object object, WorkerState waiting,
                              BufferObserver *observer)
{
    if (spinUntil([&semaphore] { return semaphore.tryAcquire(); }))
        return;
    if (observer)
        observer->stateChanged(waiting);
    waitBegins(object, observer);
    semaphore.acquire();
    waitEnds(object, observer);
}

bool SemaphoreBuffer::put(int item, BufferObserver *observer)
{
    if (isStopped())
        return false;
    if (m_producerOrder == Order::LockThenSlot) {
        // The mistake: the mutex first, then wait for a free slot while holding it.
        if (!lock(m_outerLock, observer))
            return false;
        acquire(m_empty, Empty, WorkerState::WaitingForSlot, observer);
        if (isStopped() || !admit(observer)) {
            unlock(m_outerLock);
            return false;
        }
        {
            QMutexLocker ring(&m_mutex);
            insertLocked(item, observer);
        }
        unlock(m_outerLock);
        m_full.release();
        return true;
    }
    acquire(m_empty, Empty, WorkerState::WaitingForSlot, observer);
    if (isStopped() || !admit(observer) || !lock(observer))
        return false;
    // The lock may have come free only because the run was stopped: nothing moves after a stop.
    if (isStopped()) {
        unlock();
        return false;
    }
    insertLocked(item, observer);
    unlock();
    m_full.release();
    return true;
}

std::optional<int> SemaphoreBuffer::take(BufferObserver *observer)
{
    if (isStopped())
        return std::nullopt;
    acquire(m_full, Full, WorkerState::WaitingForItem, observer);
    if (isStopped() || !admit(observer))
        return std::nullopt;
    QMutex &reported = m_producerOrder == Order::LockThenSlot ? m_outerLock : m_mutex;
    if (!lock(reported, observer))
        return std::nullopt;
    // The lock may have come free only because the run was stopped (the wrong order's producer
    // giving it up): nothing moves after a stop.
    if (isStopped()) {
        unlock(reported);
        return std::nullopt;
    }
    if (&reported != &m_mutex)
        m_mutex.lock();
    const int item = removeLocked(observer);
    bool releaseSlot = true;
    if (m_shrinkDebt > 0) {
        --m_shrinkDebt;
        releaseSlot = false;
    }
    if (m_shrinkDebt == 0)
        m_ring.compact();
    if (&reported != &m_mutex)
        m_mutex.unlock();
    unlock(reported);
    if (releaseSlot)
        m_empty.release();
    return item;
}

void SemaphoreBuffer::setCapacity(int capacity)
{
    QMutexLocker locker(&m_mutex);
    setCapacityLocked(qBound(MinCapacity, capacity, MaxCapacity));
}

void SemaphoreBuffer::setCapacityLocked(int capacity)
{
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

SyncSnapshot SemaphoreBuffer::describeSync(const Waiters &waiters) const
{
    SyncSnapshot sync;
    sync.strategy = name();
    sync.operations = operations();
    const int holder = lockHolder();
    sync.objects = {
        SyncObject {u"empty"_s, u"free slots"_s, SyncObject::Kind::Semaphore, SyncObject::FreedBy::Consumers,
                    isStopped() ? 0 : m_empty.available(), -1, waiters[Empty]},
        SyncObject {u"full"_s, u"filled slots"_s, SyncObject::Kind::Semaphore, SyncObject::FreedBy::Producers,
                    isStopped() ? 0 : m_full.available(), -1, waiters[Full]},
        SyncObject {u"mutex"_s, u"the ring of slots"_s, SyncObject::Kind::Mutex, SyncObject::FreedBy::Holder,
                    holder < 0 ? 1 : 0, holder, waiters[Mutex]},
    };
    return sync;
}
