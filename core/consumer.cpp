#include "consumer.h"

#include "runcontext.h"
#include "safefile.h"
#include "studentxml.h"

using namespace Qt::StringLiterals;

Consumer::Consumer(int number, int index, RunContext &context, QObject *parent)
    : Worker(WorkerRole::Consumer, number, index, context, parent)
{ }

void Consumer::work()
{
    while (passGate()) {
        if (!m_context.claimRemoval())
            return;
        m_programme = -1;
        const std::optional<int> record = m_context.buffer().take(this);
        if (!record)
            return;
        if (*record < 0) {
            reportPhantom(); // a broken strategy handed out an empty slot
        } else {
            setHeldRecord(*record);
            process(*record);
        }
        setHeldRecord(-1);
        if (!sleepBetweenItems())
            return;
    }
}

void Consumer::reportPhantom()
{
    m_items.fetch_add(1, std::memory_order_relaxed);
    reportFailure(-1, WorkerState::Removing, u"took an empty slot: there was no record in it"_s);
}

void Consumer::process(int record)
{
    // Its producer could not write the file and has reported why (and counted it as failed): there
    // is nothing of ours to read or delete under its name. It is consumed all the same.
    if (m_context.takeWriteFailed(record)) {
        m_items.fetch_add(1, std::memory_order_relaxed);
        return;
    }
    setState(WorkerState::ReadingXml);
    const QString path = m_context.xmlPath(record);
    StudentXml::ReadResult read = StudentXml::readFile(path);
    // Removes the name (a link itself, never its target), whatever the reading found.
    if (!m_context.config().keepXml)
        SafeFile::remove(path);

    if (!read.ok()) {
        m_items.fetch_add(1, std::memory_order_relaxed);
        reportFailure(record, WorkerState::ReadingXml, std::move(read.error));
        return;
    }
    const double average = read.student.average();
    m_programme = qint8(read.student.programmeIndex());
    m_markSum.fetch_add(average, std::memory_order_relaxed);
    m_valid.fetch_add(1, std::memory_order_relaxed);
    if (read.student.passed())
        m_passed.fetch_add(1, std::memory_order_relaxed);
    m_items.fetch_add(1, std::memory_order_relaxed);

    JournalEvent event;
    event.worker = qint16(index());
    event.record = record;
    event.state = WorkerState::ReadingXml;
    event.kind = JournalEvent::Kind::Processed;
    event.programme = m_programme;
    event.timeNs = m_context.journal().now();
    m_context.journal().append(event);

    if (m_context.collectsResults()) {
        ProcessedRecord processed;
        processed.record = record;
        processed.consumer = qint16(index());
        processed.timeNs = event.timeNs;
        processed.student = std::move(read.student);
        m_context.results().append(std::move(processed));
    }
}
