#pragma once

#include "workerstate.h"

// What a lane (a producer or consumer box in the buffer view) is doing, in the few categories
// that get their own colour. Finer than this the colours stop meaning anything; the words
// (describe(WorkerState)) carry the detail.
enum class LaneActivity : quint8 {
    Idle,
    Working,
    Sleeping,
    WaitingForSlot,
    WaitingForItem,
    WaitingForLock,
    Paused,
    Done,
};

LaneActivity laneActivity(WorkerState state);
// Waiting on the buffer or its lock: the states a teacher wants the class to notice.
constexpr bool isWaiting(LaneActivity activity)
{
    return activity == LaneActivity::WaitingForSlot || activity == LaneActivity::WaitingForItem
        || activity == LaneActivity::WaitingForLock;
}
