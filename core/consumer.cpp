#include "consumer.h"

#include "runcontext.h"
#include "studentxml.h"

#include <QFile>

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
    JournalEvent event;
    event.worker = qint16(index());
    event.kind = JournalEvent::Kind::Failed;
    event.state = WorkerState::Removing;
    event.timeNs = m_context.journal().now();
    m_failed.fetch_add(1, std::memory_order_relaxed);
    m_items.fetch_add(1, std::memory_order_relaxed);
    m_context.journal().append(event);
    if (m_context.collectsResults()) {
        ProcessedRecord processed;
        processed.consumer = qint16(index());
        processed.timeNs = event.timeNs;
        processed.error = u"took an empty slot: there was no record in it"_s;
        m_context.results().append(std::move(processed));
    }
}

void Consumer::process(int record)
{
    setState(WorkerState::ReadingXml);
    const QString path = m_context.xmlPath(record);
    StudentXml::ReadResult read = StudentXml::readFile(path);
    if (!m_context.config().keepXml)
        QFile::remove(path);

    JournalEvent event;
    event.worker = qint16(index());
    event.record = record;
    event.state = WorkerState::ReadingXml;
    if (read.ok()) {
        const double average = read.student.average();
        m_programme = qint8(read.student.programmeIndex());
        m_markSum.fetch_add(average, std::memory_order_relaxed);
        if (read.student.passed())
            m_passed.fetch_add(1, std::memory_order_relaxed);
        event.kind = JournalEvent::Kind::Processed;
    } else {
        m_failed.fetch_add(1, std::memory_order_relaxed);
        event.kind = JournalEvent::Kind::Failed;
    }
    event.programme = m_programme;
    event.timeNs = m_context.journal().now();
    m_items.fetch_add(1, std::memory_order_relaxed);
    m_context.journal().append(event);

    if (m_context.collectsResults()) {
        ProcessedRecord processed;
        processed.record = record;
        processed.consumer = qint16(index());
        processed.timeNs = event.timeNs;
        processed.student = std::move(read.student);
        processed.error = std::move(read.error);
        m_context.results().append(std::move(processed));
    }
}
