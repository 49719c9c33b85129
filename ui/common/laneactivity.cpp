#include "laneactivity.h"

LaneActivity laneActivity(WorkerState state)
{
    switch (state) {
    case WorkerState::Idle:
        return LaneActivity::Idle;
    case WorkerState::Generating:
    case WorkerState::WritingXml:
    case WorkerState::Inserting:
    case WorkerState::Removing:
    case WorkerState::ReadingXml:
        return LaneActivity::Working;
    case WorkerState::Sleeping:
        return LaneActivity::Sleeping;
    case WorkerState::WaitingForSlot:
        return LaneActivity::WaitingForSlot;
    case WorkerState::WaitingForItem:
        return LaneActivity::WaitingForItem;
    case WorkerState::WaitingForLock:
        return LaneActivity::WaitingForLock;
    case WorkerState::Paused:
        return LaneActivity::Paused;
    case WorkerState::Done:
        return LaneActivity::Done;
    }
    return LaneActivity::Idle;
}
