#pragma once

#include "bufferstrategy.h"
#include "journal.h"

#include <QList>
#include <QString>

#include <unordered_map>
#include <vector>

// Something the checker found wrong with one record.
struct CheckerFinding
{
    enum class Kind {
        Duplicated, // removed from the buffer more than once
        Overwritten, // its slot was given to another record before it was removed: lost
        Lost, // inserted, never removed, and no longer in the buffer
        Phantom, // a removal that took no record at all (an empty slot)
    };
    Kind kind = Kind::Lost;
    qint32 record = -1;
    qint16 worker = -1; // who removed it (duplicated, phantom), or -1
    qint16 slot = -1;
    qint64 timeNs = 0;

    QString describe(const QString &workerName = {}) const; // "student 17 was removed twice (Consumer 2)"
    static QString name(Kind kind); // "duplicated", "overwritten", ...
};

// Checks, record by record, that what goes into the buffer comes out exactly once: produced =
// consumed + in the buffer + in flight. Fed the journal in order (the Simulation does this as it
// drains it) and, now and then, the buffer itself, which is how it sees records that vanished.
// It runs for every strategy: with a correct one it never fires.
class ConservationChecker
{
public:
    // Inserts and removes; other events are ignored.
    void apply(const std::vector<JournalEvent> &events);
    // Compares with the buffer: `snapshot` was taken after every event applied so far, and `later`
    // holds what was journaled between the snapshot and now (not applied yet). A record inserted
    // and not removed that is neither in the snapshot nor removed in `later` has been lost.
    // nowNs stamps what is found.
    void checkAgainst(const BufferSnapshot &snapshot, const std::vector<JournalEvent> &later, qint64 nowNs);
    // At the end of a run: everything still outstanding and not in the buffer is lost.
    void finish(const BufferSnapshot &finalSnapshot, qint64 nowNs);

    // Findings since the last call, for views that show them as they come.
    std::vector<CheckerFinding> takeNewFindings();
    // All findings so far (the first MaxFindings).
    const QList<CheckerFinding> &findings() const { return m_findings; }
    bool hasFired() const { return m_lost + m_duplicated + m_phantom > 0; }
    qint64 lost() const { return m_lost; } // overwritten ones included
    qint64 overwritten() const { return m_overwritten; }
    qint64 duplicated() const { return m_duplicated; }
    qint64 phantom() const { return m_phantom; }
    // Records whose removal is still outstanding.
    qint64 outstanding() const { return qint64(m_outstanding.size()); }
    // Every record inserted and never removed (still in the buffer, or lost), in number order.
    std::vector<qint32> neverRemoved() const;
    void clear();

    static constexpr int MaxFindings = 10'000;

private:
    enum Flags : quint8 { Inserted = 1, Removed = 2, RemovedTwice = 4, Reported = 8 };
    quint8 &flagsOf(qint32 record);
    void report(CheckerFinding finding);

    std::vector<quint8> m_flags; // by record number
    std::unordered_map<qint32, qint16> m_outstanding; // inserted, not removed: record -> slot
    QList<CheckerFinding> m_findings;
    std::vector<CheckerFinding> m_new;
    qint64 m_lost = 0;
    qint64 m_overwritten = 0;
    qint64 m_duplicated = 0;
    qint64 m_phantom = 0;
};
