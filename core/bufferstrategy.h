#pragma once

#include "operationgate.h"
#include "ringbuffer.h"
#include "syncsnapshot.h"
#include "workerstate.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

// Told by a strategy what the calling worker is doing inside put() and take(). Called on the
// worker's own thread; inserted() and removed() are called while the buffer's lock is held, so
// they see operations in the order they happened.
class BufferObserver
{
public:
    // Which worker this is (as in JournalEvent::worker), for the synchronization objects' holders
    // and waiters; -1 if not a worker.
    virtual int workerIndex() const { return -1; }
    virtual void stateChanged(WorkerState state) = 0;
    virtual void inserted(int item, int slot, int sizeAfter) = 0;
    virtual void removed(int item, int slot, int sizeAfter) = 0;

protected:
    ~BufferObserver() = default;
};

// A copy of the buffer's slots at one moment, for views and tests.
struct BufferSnapshot
{
    QList<int> slots; // RingBuffer::EmptySlot where free
    int capacity = 0;
    int size = 0;
    int inPosition = 0;
    int outPosition = 0;
};

// A bounded FIFO of record numbers shared by producer and consumer threads. Each subclass is one
// way of synchronizing it; the simulation, the tests and the benchmark only see this interface,
// so a new strategy (including deliberately broken ones) is one subclass and one line in create().
class BufferStrategy
{
public:
    static constexpr int MinCapacity = 1;
    static constexpr int MaxCapacity = 64;

    virtual ~BufferStrategy() = default;

    virtual QString name() const = 0;

    // Blocks while the buffer is full. Returns false, without inserting, once stop() was called.
    virtual bool put(int item, BufferObserver *observer = nullptr) = 0;
    // Blocks while the buffer is empty. Returns nothing once stop() was called.
    virtual std::optional<int> take(BufferObserver *observer = nullptr) = 0;

    // Growing takes effect at once; shrinking as items drain. Never drops an item.
    virtual void setCapacity(int capacity) = 0;
    // Wakes every thread blocked in put() or take(); from then on both return at once.
    virtual void stop() = 0;

    virtual int capacity() const = 0;
    virtual int size() const = 0;
    virtual BufferSnapshot snapshot() const = 0;
    // The synchronization objects now: values, holders, waiters in arrival order.
    virtual SyncSnapshot syncSnapshot() const = 0;

    // The same four for a thread that must never wait for a worker (the GUI thread: its workers
    // run at a low priority, and one descheduled while it holds a lock may not run again for a
    // while). Each does nothing and says so (false, or nothing) when it would have to wait for a
    // lock; the caller tries again later. capacity() and size() never wait in any strategy.
    virtual bool trySetCapacity(int capacity)
    {
        setCapacity(capacity);
        return true;
    }
    // Marks the strategy stopped at once (put() and take() return from then on) and wakes every
    // thread it can without waiting; false if a blocked thread may still need the wake-up: call
    // again (or stop()) later.
    virtual bool tryStop()
    {
        stop();
        return true;
    }
    virtual std::optional<BufferSnapshot> trySnapshot() const { return snapshot(); }
    virtual std::optional<SyncSnapshot> trySyncSnapshot() const { return syncSnapshot(); }

    // Asked right before every insert and remove (see OperationGate); none by default.
    void setOperationGate(OperationGate *gate) { m_gate = gate; }

    static QStringList names();
    // English, marked for translation in the context "BufferStrategy" for the window.
    static QString describe(const QString &name);
    // Strategies that are wrong on purpose (for teaching): "unsafe", "deadlock".
    static bool isBroken(const QString &name);
    // nullptr for an unknown name.
    static std::unique_ptr<BufferStrategy> create(const QString &name, int capacity);

protected:
    // Passes the gate, if any; false once the run is stopped.
    bool admit(BufferObserver *observer) { return !m_gate || m_gate->admitOperation(observer); }
    void refund()
    {
        if (m_gate)
            m_gate->refundOperation();
    }

private:
    OperationGate *m_gate = nullptr;
};
