#pragma once

#include <QString>
#include <QtGlobal>

enum class WorkerRole : quint8 { Producer, Consumer };

// What a producer or consumer thread is doing right now. The journal records every change.
enum class WorkerState : quint8 {
    Idle,
    Generating,
    WritingXml,
    WaitingForSlot,
    WaitingForLock,
    Inserting,
    Sleeping,
    WaitingForItem,
    Removing,
    ReadingXml,
    Paused,
    Done,
};

inline constexpr int WorkerStateCount = int(WorkerState::Done) + 1;

// "waiting for a free slot": the words the log, the worker list and the CLI use. English, marked
// for translation in the context "WorkerState": the window shows them translated.
QString describe(WorkerState state);
QString describe(WorkerRole role);
QString workerName(WorkerRole role, int number); // "Producer 2"

// Blocked on a synchronization object (rather than working, sleeping or done).
constexpr bool isBlocked(WorkerState state)
{
    return state == WorkerState::WaitingForSlot || state == WorkerState::WaitingForLock
        || state == WorkerState::WaitingForItem;
}
