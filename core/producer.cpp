#include "producer.h"

#include "runcontext.h"
#include "studentxml.h"

Producer::Producer(int number, int index, RunContext &context, QObject *parent)
    : Worker(WorkerRole::Producer, number, index, context, parent)
{ }

void Producer::work()
{
    while (passGate()) {
        const int record = m_context.claimRecord();
        if (record < 0)
            return;
        setHeldRecord(record);
        setState(WorkerState::Generating);
        ITStudent student = m_context.generator().generate(record);
        m_programme = qint8(student.programmeIndex());

        setState(WorkerState::WritingXml);
        // A record whose file cannot be written fails here, with the system's reason; it still
        // goes through the buffer, marked, so that it is counted once and never lost (see
        // RunContext::markWriteFailed()). The run goes on: the next file may well be written.
        QString error = StudentXml::writeFile(m_context.xmlPath(record), student);
        if (!error.isEmpty()) {
            m_context.markWriteFailed(record);
            reportFailure(record, WorkerState::WritingXml, std::move(error), std::move(student), true);
        }

        if (!passGate() || !m_context.buffer().put(record, this))
            return;
        setHeldRecord(-1);
        m_items.fetch_add(1, std::memory_order_relaxed);
        if (!sleepBetweenItems())
            return;
    }
}
