#include "workerstate.h"

using namespace Qt::StringLiterals;

QString describe(WorkerState state)
{
    switch (state) {
    case WorkerState::Idle:
        return QStringLiteral(QT_TRANSLATE_NOOP("WorkerState", "idle"));
    case WorkerState::Generating:
        return QStringLiteral(QT_TRANSLATE_NOOP("WorkerState", "generating a student"));
    case WorkerState::WritingXml:
        return QStringLiteral(QT_TRANSLATE_NOOP("WorkerState", "writing XML"));
    case WorkerState::WaitingForSlot:
        return QStringLiteral(QT_TRANSLATE_NOOP("WorkerState", "waiting for a free slot"));
    case WorkerState::WaitingForLock:
        return QStringLiteral(QT_TRANSLATE_NOOP("WorkerState", "waiting for the lock"));
    case WorkerState::Inserting:
        return QStringLiteral(QT_TRANSLATE_NOOP("WorkerState", "inserting"));
    case WorkerState::Sleeping:
        return QStringLiteral(QT_TRANSLATE_NOOP("WorkerState", "sleeping"));
    case WorkerState::WaitingForItem:
        return QStringLiteral(QT_TRANSLATE_NOOP("WorkerState", "waiting for an item"));
    case WorkerState::Removing:
        return QStringLiteral(QT_TRANSLATE_NOOP("WorkerState", "removing"));
    case WorkerState::ReadingXml:
        return QStringLiteral(QT_TRANSLATE_NOOP("WorkerState", "reading XML"));
    case WorkerState::Paused:
        return QStringLiteral(QT_TRANSLATE_NOOP("WorkerState", "paused"));
    case WorkerState::Done:
        return QStringLiteral(QT_TRANSLATE_NOOP("WorkerState", "done"));
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
