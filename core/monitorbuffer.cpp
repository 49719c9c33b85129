#include "monitorbuffer.h"

#include "conditionwait.h"

using namespace Qt::StringLiterals;

MonitorBuffer::MonitorBuffer(int capacity) : LockedRingStrategy(capacity) { }

QString MonitorBuffer::name() const
{
    return u"monitor"_s;
}

void MonitorBuffer::wait(QWaitCondition &condition, Object object, BufferObserver *observer)
{
    waitBegins(object, observer);
    setLockHolder(nullptr); // the wait gives the lock up
    waitOn(condition, m_mutex);
    setLockHolder(observer);
    waitEnds(object, observer);
}

bool MonitorBuffer::put(int item, BufferObserver *observer)
{
    // The gate is asked before the lock, so a paused worker never holds the monitor; if the buffer
    // turns out to be full after all, the step goes back and the worker waits, then asks again.
    for (;;) {
        if (!admit(observer) || !lock(observer))
            return false;
        if (!m_ring.isFull() && !isStopped()) {
            insertLocked(item, observer);
            m_notEmpty.wakeOne();
            unlock();
            return true;
        }
        refund();
        // Spin outside the monitor first: a slot usually frees up within microseconds.
        unlock();
        spinUntil([this] { return !looksFull() || isStopped(); });
        if (!lock(observer))
            return false;
        while (m_ring.isFull() && !isStopped()) {
            if (observer)
                observer->stateChanged(WorkerState::WaitingForSlot);
            wait(m_notFull, NotFull, observer);
        }
        unlock();
        if (isStopped())
            return false;
    }
}

std::optional<int> MonitorBuffer::take(BufferObserver *observer)
{
    for (;;) {
        if (!admit(observer) || !lock(observer))
            return std::nullopt;
        if (!m_ring.isEmpty() && !isStopped()) {
            const int item = removeLocked(observer);
            m_ring.compact();
            m_notFull.wakeOne();
            unlock();
            return item;
        }
        refund();
        unlock();
        spinUntil([this] { return !looksEmpty() || isStopped(); });
        if (!lock(observer))
            return std::nullopt;
        while (m_ring.isEmpty() && !isStopped()) {
            if (observer)
                observer->stateChanged(WorkerState::WaitingForItem);
            wait(m_notEmpty, NotEmpty, observer);
        }
        unlock();
        if (isStopped())
            return std::nullopt;
    }
}

void MonitorBuffer::setCapacity(int capacity)
{
    QMutexLocker locker(&m_mutex);
    setCapacityLocked(qBound(MinCapacity, capacity, MaxCapacity));
}

void MonitorBuffer::setCapacityLocked(int capacity)
{
    m_ring.setCapacity(capacity);
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

bool MonitorBuffer::tryStop()
{
    // From here on nobody starts a wait; one that checked before this store and is on its way
    // into wait() holds the lock until it is inside, so the wake-up needs the lock to reach it.
    m_stopped.store(true, std::memory_order_release);
    if (!m_mutex.tryLock())
        return false;
    m_notFull.wakeAll();
    m_notEmpty.wakeAll();
    m_mutex.unlock();
    return true;
}

SyncSnapshot MonitorBuffer::describeSync(const Waiters &waiters) const
{
    SyncSnapshot sync;
    sync.strategy = name();
    sync.operations = operations();
    const int holder = lockHolder();
    sync.objects = {
        SyncObject {u"lock"_s, u"the monitor (the ring of slots)"_s, SyncObject::Kind::Mutex,
                    SyncObject::FreedBy::Holder, holder < 0 ? 1 : 0, holder, waiters[Lock]},
        SyncObject {u"not full"_s, u"signalled when a slot frees up"_s, SyncObject::Kind::Condition,
                    SyncObject::FreedBy::Consumers, 0, -1, waiters[NotFull]},
        SyncObject {u"not empty"_s, u"signalled when an item arrives"_s, SyncObject::Kind::Condition,
                    SyncObject::FreedBy::Producers, 0, -1, waiters[NotEmpty]},
    };
    return sync;
}
