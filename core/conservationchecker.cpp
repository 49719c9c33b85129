#include "conservationchecker.h"

#include <unordered_set>

using namespace Qt::StringLiterals;

QString CheckerFinding::name(Kind kind)
{
    switch (kind) {
    case Kind::Duplicated:
        return u"duplicated"_s;
    case Kind::Overwritten:
        return u"overwritten"_s;
    case Kind::Lost:
        return u"lost"_s;
    case Kind::Phantom:
        return u"phantom"_s;
    }
    return {};
}

QString CheckerFinding::describe(const QString &workerName) const
{
    const QString by = workerName.isEmpty() ? QString() : u" by %1"_s.arg(workerName);
    switch (kind) {
    case Kind::Duplicated:
        return u"student %1 was taken out of the buffer a second time%2"_s.arg(record).arg(by);
    case Kind::Overwritten:
        return u"student %1 was lost: another record was written over it in slot %2"_s.arg(record).arg(slot);
    case Kind::Lost:
        return u"student %1 was lost: it went into the buffer and never came out"_s.arg(record);
    case Kind::Phantom:
        return u"slot %1 was taken out of the buffer empty%2: there was no record in it"_s.arg(slot).arg(by);
    }
    return {};
}

quint8 &ConservationChecker::flagsOf(qint32 record)
{
    if (std::size_t(record) >= m_flags.size())
        m_flags.resize(std::max<std::size_t>(std::size_t(record) + 1, m_flags.size() * 2), 0);
    return m_flags[std::size_t(record)];
}

void ConservationChecker::report(CheckerFinding finding)
{
    switch (finding.kind) {
    case CheckerFinding::Kind::Duplicated:
        ++m_duplicated;
        break;
    case CheckerFinding::Kind::Overwritten:
        ++m_overwritten;
        ++m_lost;
        break;
    case CheckerFinding::Kind::Lost:
        ++m_lost;
        break;
    case CheckerFinding::Kind::Phantom:
        ++m_phantom;
        break;
    }
    if (m_findings.size() < MaxFindings)
        m_findings.append(finding);
    if (m_new.size() < std::size_t(MaxFindings))
        m_new.push_back(finding);
}

void ConservationChecker::apply(const std::vector<JournalEvent> &events)
{
    for (const JournalEvent &event : events) {
        if (event.kind == JournalEvent::Kind::Inserted) {
            if (event.record < 0)
                continue;
            flagsOf(event.record) |= Inserted;
            m_outstanding[event.record] = event.slot;
        } else if (event.kind == JournalEvent::Kind::Removed) {
            if (event.record < 0) {
                report({CheckerFinding::Kind::Phantom, -1, event.worker, event.slot, event.timeNs});
                continue;
            }
            quint8 &flags = flagsOf(event.record);
            if (flags & Removed) {
                if (!(flags & RemovedTwice)) // one finding per record, however often it comes back
                    report({CheckerFinding::Kind::Duplicated, event.record, event.worker, event.slot,
                            event.timeNs});
                flags |= RemovedTwice;
            }
            flags |= Removed;
            m_outstanding.erase(event.record);
        }
    }
}

void ConservationChecker::checkAgainst(const BufferSnapshot &snapshot, const std::vector<JournalEvent> &later,
                                       qint64 nowNs)
{
    if (m_outstanding.empty())
        return;
    std::unordered_set<qint32> inBuffer;
    for (const int record : snapshot.slots) {
        if (record != RingBuffer::EmptySlot)
            inBuffer.insert(record);
    }
    std::unordered_set<qint32> removedLater;
    for (const JournalEvent &event : later) {
        if (event.kind == JournalEvent::Kind::Removed)
            removedLater.insert(event.record);
    }
    std::vector<std::pair<qint32, qint16>> vanished;
    for (const auto &[record, slot] : m_outstanding) {
        if (!inBuffer.contains(record) && !removedLater.contains(record))
            vanished.emplace_back(record, slot);
    }
    for (const auto &[record, slot] : vanished) {
        m_outstanding.erase(record);
        quint8 &flags = flagsOf(record);
        if (flags & Reported)
            continue;
        flags |= Reported;
        // Its slot holds another record now: something wrote over it.
        const bool overwritten = slot >= 0 && slot < snapshot.slots.size()
            && snapshot.slots.at(slot) != RingBuffer::EmptySlot && snapshot.slots.at(slot) != record;
        report({overwritten ? CheckerFinding::Kind::Overwritten : CheckerFinding::Kind::Lost, record, -1,
                slot, nowNs});
    }
}

void ConservationChecker::finish(const BufferSnapshot &finalSnapshot, qint64 nowNs)
{
    checkAgainst(finalSnapshot, {}, nowNs);
}

std::vector<qint32> ConservationChecker::neverRemoved() const
{
    std::vector<qint32> records;
    for (std::size_t record = 0; record < m_flags.size(); ++record) {
        if ((m_flags[record] & (Inserted | Removed)) == Inserted)
            records.push_back(qint32(record));
    }
    return records;
}

std::vector<CheckerFinding> ConservationChecker::takeNewFindings()
{
    std::vector<CheckerFinding> out;
    out.swap(m_new);
    return out;
}

void ConservationChecker::clear()
{
    *this = ConservationChecker();
}
