#include "recordhistory.h"

using namespace Qt::StringLiterals;

QString RecordStep::name(Kind kind)
{
    switch (kind) {
    case Kind::Generated:
        return u"generated"_s;
    case Kind::FileWritten:
        return u"file written"_s;
    case Kind::Inserted:
        return u"inserted"_s;
    case Kind::Removed:
        return u"removed"_s;
    case Kind::FileRead:
        return u"file read"_s;
    case Kind::Processed:
        return u"processed"_s;
    case Kind::Failed:
        return u"failed"_s;
    case Kind::Flagged:
        return u"flagged"_s;
    }
    return {};
}

namespace {

RecordStep makeStep(RecordStep::Kind kind, const JournalEvent &event, bool withSlot = false)
{
    RecordStep step;
    step.kind = kind;
    step.timeNs = event.timeNs;
    step.worker = event.worker;
    step.slot = withSlot ? event.slot : -1;
    return step;
}

} // namespace

QList<RecordStep> &RecordHistory::stepsOf(qint32 record)
{
    auto found = m_steps.find(record);
    if (found != m_steps.end())
        return found->second;
    m_order.push_back(record);
    // Forget the oldest records when there are too many.
    while (m_order.size() - m_dropped > std::size_t(MaxRecords)) {
        m_steps.erase(m_order[m_dropped]);
        ++m_dropped;
    }
    if (m_dropped > m_order.size() / 2) {
        m_order.erase(m_order.begin(), m_order.begin() + std::ptrdiff_t(m_dropped));
        m_dropped = 0;
    }
    return m_steps[record];
}

void RecordHistory::apply(const std::vector<JournalEvent> &events)
{
    using Kind = RecordStep::Kind;
    for (const JournalEvent &event : events) {
        switch (event.kind) {
        case JournalEvent::Kind::StateChanged: {
            auto &last = m_lastState[event.worker];
            // A producer that stops writing has written its record's file.
            if (last.first == WorkerState::WritingXml && last.second >= 0)
                stepsOf(last.second).append(makeStep(Kind::FileWritten, event));
            if (event.record >= 0 && event.state == WorkerState::Generating)
                stepsOf(event.record).append(makeStep(Kind::Generated, event));
            else if (event.record >= 0 && event.state == WorkerState::ReadingXml)
                stepsOf(event.record).append(makeStep(Kind::FileRead, event));
            last = {event.state, event.record};
            break;
        }
        case JournalEvent::Kind::Inserted:
            if (event.record >= 0)
                stepsOf(event.record).append(makeStep(Kind::Inserted, event, true));
            break;
        case JournalEvent::Kind::Removed:
            if (event.record >= 0)
                stepsOf(event.record).append(makeStep(Kind::Removed, event, true));
            break;
        case JournalEvent::Kind::Processed:
            if (event.record >= 0)
                stepsOf(event.record).append(makeStep(Kind::Processed, event));
            break;
        case JournalEvent::Kind::Failed:
            if (event.record >= 0)
                stepsOf(event.record).append(makeStep(Kind::Failed, event));
            // A producer that failed to write: leaving WritingXml did not write the file.
            if (auto last = m_lastState.find(event.worker); last != m_lastState.end()
                && last->second.first == WorkerState::WritingXml && last->second.second == event.record)
                last->second.second = -1;
            break;
        }
    }
}

void RecordHistory::apply(const std::vector<ProcessedRecord> &records)
{
    // The journal says a record failed; the result says why.
    for (const ProcessedRecord &record : records) {
        if (record.ok() || record.record < 0 || !contains(record.record))
            continue;
        QList<RecordStep> &steps = stepsOf(record.record);
        for (auto it = steps.rbegin(); it != steps.rend(); ++it) {
            if (it->kind == RecordStep::Kind::Failed && it->detail.isEmpty()) {
                it->detail = record.error;
                break;
            }
        }
    }
}

void RecordHistory::apply(const std::vector<CheckerFinding> &findings)
{
    for (const CheckerFinding &finding : findings) {
        if (finding.record >= 0)
            stepsOf(finding.record)
                .append(RecordStep {RecordStep::Kind::Flagged, finding.timeNs, finding.worker, finding.slot,
                                    finding.describe()});
    }
}

QList<RecordStep> RecordHistory::journey(qint32 record) const
{
    const auto found = m_steps.find(record);
    return found == m_steps.end() ? QList<RecordStep>() : found->second;
}

bool RecordHistory::contains(qint32 record) const
{
    return m_steps.find(record) != m_steps.end();
}

void RecordHistory::clear()
{
    m_steps.clear();
    m_order.clear();
    m_dropped = 0;
    m_lastState.clear();
}
