#pragma once

#include <QList>
#include <QString>

// One synchronization object of a buffer strategy at one moment: a semaphore with its count, a
// mutex with its holder, or a condition variable, and the workers waiting on it in the order
// they arrived. Worker numbers are indices as in JournalEvent::worker.
struct SyncObject
{
    enum class Kind { Semaphore, Mutex, Condition };
    // Whose action can end a wait on this object: the mutex's holder releasing it, or any
    // producer (a new item) or consumer (a free slot) signalling it. The deadlock detector follows
    // these edges.
    enum class FreedBy { Holder, Producers, Consumers };

    QString name; // "empty", "full", "mutex", "lock", "not full", "not empty"
    QString meaning; // "free slots", "filled slots", "the ring", ...
    Kind kind = Kind::Semaphore;
    FreedBy freedBy = FreedBy::Holder;
    int value = 0; // a semaphore's count; a mutex: 1 free, 0 held; a condition: unused
    int holder = -1; // a mutex's holder, -1 if free or unknown
    QList<int> waiters; // in arrival order
};

// All of a strategy's synchronization objects at one moment, for the synchronization panel and the
// deadlock detector. Empty for the strategy that has none.
struct SyncSnapshot
{
    QString strategy;
    QList<SyncObject> objects;
    qint64 operations = 0; // inserts and removes so far

    // The object a worker waits on, or nullptr.
    const SyncObject *waitedOnBy(int worker) const;
    // The objects a worker holds (mutexes).
    QList<const SyncObject *> heldBy(int worker) const;
};
