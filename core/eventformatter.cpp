#include "eventformatter.h"

using namespace Qt::StringLiterals;

QString EventFormatter::timestamp(qint64 timeNs)
{
    return u"[%1 s] "_s.arg(double(timeNs) / 1e9, 8, 'f', 3);
}

QString EventFormatter::describe(const JournalEvent &event, const QString &workerName, int capacity)
{
    switch (event.kind) {
    case JournalEvent::Kind::Inserted:
        return u"%1 inserted student %2 into slot %3 (buffer %4/%5)"_s.arg(workerName)
            .arg(event.record)
            .arg(event.slot)
            .arg(event.size)
            .arg(capacity);
    case JournalEvent::Kind::Removed:
        return u"%1 removed student %2 from slot %3 (buffer %4/%5)"_s.arg(workerName)
            .arg(event.record)
            .arg(event.slot)
            .arg(event.size)
            .arg(capacity);
    case JournalEvent::Kind::StateChanged:
        if (event.state == WorkerState::WaitingForSlot)
            return u"%1 is waiting: the buffer is full"_s.arg(workerName);
        if (event.state == WorkerState::WaitingForItem)
            return u"%1 is waiting: the buffer is empty"_s.arg(workerName);
        if (event.state == WorkerState::Done)
            return u"%1 is done"_s.arg(workerName);
        return {};
    case JournalEvent::Kind::Processed:
    case JournalEvent::Kind::Failed:
        return {}; // told by the ProcessedRecord, which has the details
    }
    return {};
}

QString EventFormatter::describe(const ITStudent &student)
{
    return u"%1 (%2), %3, %4 courses, average %5, %6"_s
        .arg(student.name, student.studentId, student.programme)
        .arg(student.courses.size())
        .arg(student.average(), 0, 'f', 2)
        .arg(student.verdict());
}

QString EventFormatter::describe(const ProcessedRecord &record, const QString &consumerName)
{
    // An empty slot taken (a broken strategy) carries no record number.
    if (!record.ok() && record.record < 0)
        return u"%1 had nothing to process: %2"_s.arg(consumerName, record.error);
    if (record.writeFailed)
        return u"%1 could not write student %2: %3"_s.arg(consumerName).arg(record.record).arg(record.error);
    if (!record.ok())
        return u"%1 could not process student %2: %3"_s.arg(consumerName)
            .arg(record.record)
            .arg(record.error);
    return u"%1 processed student %2: %3"_s.arg(consumerName)
        .arg(record.record)
        .arg(describe(record.student));
}
