#include "syncsnapshot.h"

const SyncObject *SyncSnapshot::waitedOnBy(int worker) const
{
    for (const SyncObject &object : objects) {
        if (object.waiters.contains(worker))
            return &object;
    }
    return nullptr;
}

QList<const SyncObject *> SyncSnapshot::heldBy(int worker) const
{
    QList<const SyncObject *> held;
    for (const SyncObject &object : objects) {
        if (object.kind == SyncObject::Kind::Mutex && object.holder == worker)
            held.append(&object);
    }
    return held;
}
