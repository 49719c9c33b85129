#include "workerstate.h"

using namespace Qt::StringLiterals;

QString describe(WorkerState state)
{
    switch (state) {
    case WorkerState::Idle:
        return u"idle"_s;
    case WorkerState::Generating:
        return u"generating a student"_s;
    case WorkerState::WritingXml:
        return u"writing XML"_s;
    case WorkerState::WaitingForSlot:
        return u"waiting for a free slot"_s;
    case WorkerState::WaitingForLock:
        return u"waiting for the lock"_s;
    case WorkerState::Inserting:
        return u"inserting"_s;
    case WorkerState::Sleeping:
        return u"sleeping"_s;
    case WorkerState::WaitingForItem:
        return u"waiting for an item"_s;
    case WorkerState::Removing:
        return u"removing"_s;
    case WorkerState::ReadingXml:
        return u"reading XML"_s;
    case WorkerState::Paused:
        return u"paused"_s;
    case WorkerState::Done:
        return u"done"_s;
    }
    return {};
}

QString describe(WorkerRole role)
{
    return role == WorkerRole::Producer ? u"Producer"_s : u"Consumer"_s;
}

QString workerName(WorkerRole role, int number)
{
    return describe(role) + QLatin1Char(' ') + QString::number(number);
}
