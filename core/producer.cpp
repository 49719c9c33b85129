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
        const ITStudent student = m_context.generator().generate(record);
        m_programme = qint8(student.programmeIndex());

        setState(WorkerState::WritingXml);
        // A file that cannot be written still goes through the buffer: the consumer finds it
        // missing, and the record is counted as failed rather than silently lost.
        StudentXml::writeFile(m_context.xmlPath(record), student);

        if (!passGate() || !m_context.buffer().put(record, this))
            return;
        setHeldRecord(-1);
        m_items.fetch_add(1, std::memory_order_relaxed);
        if (!sleepBetweenItems())
            return;
    }
}
