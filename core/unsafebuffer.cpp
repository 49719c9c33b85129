#include "unsafebuffer.h"

#include "ringbuffer.h"

#include <QThread>

using namespace Qt::StringLiterals;

UnsafeBuffer::UnsafeBuffer(int capacity) : m_capacity(qBound(MinCapacity, capacity, MaxCapacity))
{
    for (std::atomic<int> &slot : m_slots)
        slot.store(RingBuffer::EmptySlot);
}

QString UnsafeBuffer::name() const
{
    return u"unsafe"_s;
}

void UnsafeBuffer::widenTheRace()
{
    // Gives another thread the chance to run between this thread's read and its write.
    QThread::yieldCurrentThread();
}

template<typename Ready>
bool UnsafeBuffer::busyWait(Ready ready, Object object, WorkerState waiting, BufferObserver *observer)
{
    if (ready())
        return true;
    const int worker = observer ? observer->workerIndex() : -1;
    if (observer)
        observer->stateChanged(waiting);
    if (worker >= 0) {
        const std::lock_guard locker(m_bookMutex);
        m_spinners[object].append(worker);
    }
    while (!ready() && !isStopped())
        QThread::yieldCurrentThread();
    if (worker >= 0) {
        const std::lock_guard locker(m_bookMutex);
        m_spinners[object].removeOne(worker);
    }
    return !isStopped();
}

bool UnsafeBuffer::put(int item, BufferObserver *observer)
{
    // Check, then act, with nothing to stop another thread acting in between.
    if (!busyWait([this] { return m_count.load() < m_capacity.load(); }, Slots, WorkerState::WaitingForSlot,
                  observer)
        || !admit(observer))
        return false;
    const int capacity = m_capacity.load();
    const int in = m_in.load() % capacity;
    widenTheRace();
    m_slots[in].store(item);
    m_in.store((in + 1) % capacity);
    const int count = m_count.load();
    widenTheRace();
    m_count.store(count + 1);
    m_operations.fetch_add(1);
    if (observer) {
        observer->stateChanged(WorkerState::Inserting);
        observer->inserted(item, in, count + 1);
    }
    return true;
}

std::optional<int> UnsafeBuffer::take(BufferObserver *observer)
{
    if (!busyWait([this] { return m_count.load() > 0; }, Items, WorkerState::WaitingForItem, observer)
        || !admit(observer))
        return std::nullopt;
    const int capacity = m_capacity.load();
    const int out = m_out.load() % capacity;
    widenTheRace();
    const int item = m_slots[out].load();
    m_slots[out].store(RingBuffer::EmptySlot);
    m_out.store((out + 1) % capacity);
    const int count = m_count.load();
    widenTheRace();
    m_count.store(count - 1);
    m_operations.fetch_add(1);
    if (observer) {
        observer->stateChanged(WorkerState::Removing);
        observer->removed(item, out, qMax(0, count - 1));
    }
    return item;
}

void UnsafeBuffer::setCapacity(int capacity)
{
    // As unguarded as everything else here; positions wrap within the slots either way.
    m_capacity.store(qBound(MinCapacity, capacity, MaxCapacity));
}

void UnsafeBuffer::stop()
{
    m_stopped.store(true, std::memory_order_release);
}

int UnsafeBuffer::capacity() const
{
    return m_capacity.load();
}

int UnsafeBuffer::size() const
{
    return qBound(0, m_count.load(), m_capacity.load());
}

BufferSnapshot UnsafeBuffer::snapshot() const
{
    BufferSnapshot snapshot;
    snapshot.capacity = m_capacity.load();
    for (int i = 0; i < snapshot.capacity; ++i)
        snapshot.slots.append(m_slots[i].load());
    snapshot.size = int(std::count_if(snapshot.slots.cbegin(), snapshot.slots.cend(),
                                      [](int record) { return record != RingBuffer::EmptySlot; }));
    snapshot.inPosition = m_in.load() % snapshot.capacity;
    snapshot.outPosition = m_out.load() % snapshot.capacity;
    return snapshot;
}

SyncSnapshot UnsafeBuffer::syncSnapshot() const
{
    const std::lock_guard locker(m_bookMutex);
    return syncSnapshotLocked();
}

std::optional<SyncSnapshot> UnsafeBuffer::trySyncSnapshot() const
{
    const std::unique_lock locker(m_bookMutex, std::try_to_lock);
    if (!locker.owns_lock())
        return std::nullopt;
    return syncSnapshotLocked();
}

SyncSnapshot UnsafeBuffer::syncSnapshotLocked() const
{
    SyncSnapshot sync;
    sync.strategy = name();
    sync.operations = m_operations.load();
    // The spinners are deep-copied: an implicitly shared list would stay shared with the workers.
    const QList<int> &slotSpinners = m_spinners[Slots];
    const QList<int> &itemSpinners = m_spinners[Items];
    sync.objects = {
        SyncObject {u"count < capacity"_s, u"busy-waiting for a free slot, no lock"_s,
                    SyncObject::Kind::Condition, SyncObject::FreedBy::Consumers, m_count.load(), -1,
                    QList<int>(slotSpinners.cbegin(), slotSpinners.cend())},
        SyncObject {u"count > 0"_s, u"busy-waiting for an item, no lock"_s, SyncObject::Kind::Condition,
                    SyncObject::FreedBy::Producers, m_count.load(), -1,
                    QList<int>(itemSpinners.cbegin(), itemSpinners.cend())},
    };
    return sync;
}
