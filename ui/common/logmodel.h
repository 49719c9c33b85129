#pragma once

#include "conservationchecker.h"
#include "journal.h"
#include "logentry.h"
#include "processedrecord.h"

#include <QAbstractListModel>
#include <QList>
#include <QStringList>

#include <vector>

// A run's log as the GUI shows it: LogEntry lines, each time-stamped, in time order. For the
// threads simulation it builds them itself from a frame's journal events and processed records,
// in the command line's words (EventFormatter); other owners append their own entries. Kept to
// a limit in memory: past it the oldest lines go, a tenth of the limit at a time, so a long run
// does not pay for a removal on every frame.
class LogModel : public QAbstractListModel
{
    Q_OBJECT
public:
    static constexpr int DefaultLimit = 10'000;

    enum Role {
        SourceRole = Qt::UserRole + 1, // int: LogEntry::source, here the worker the line is about
        TimeRole, // qint64: nanoseconds since the run started
        ErrorRole, // bool: LogEntry::error, here a record that could not be processed
    };

    explicit LogModel(QObject *parent = nullptr);

    // The lines a frame's events and results make, merged in time order. workerNames is indexed
    // like JournalEvent::worker. With maxLines >= 0 only the newest maxLines are made, after a
    // line that says earlier ones were skipped: at full speed nobody reads 50,000 lines a second,
    // and formatting them all would starve the GUI.
    static QList<LogEntry> linesFor(const std::vector<JournalEvent> &events,
                                    const std::vector<ProcessedRecord> &records,
                                    const QStringList &workerNames, int capacity, int maxLines = -1);
    // What the conservation checker found, as red lines: "CHECKER: student 17 was taken out of the
    // buffer a second time by Consumer 2". With maxLines >= 0 only the first maxLines, then one
    // line that counts the rest.
    static QList<LogEntry> linesFor(const std::vector<CheckerFinding> &findings,
                                    const QStringList &workerNames, int maxLines = -1);
    // Appends with one insertion; drops the oldest lines past the limit first.
    void append(QList<LogEntry> lines);
    void appendFrame(const std::vector<JournalEvent> &events, const std::vector<ProcessedRecord> &records,
                     const QStringList &workerNames, int capacity, int maxLines = -1);
    // The same, with the checker's findings merged in by time. They have a limit of their own
    // (maxFindingLines), so a flood of events never crowds them out.
    void appendFrame(const std::vector<JournalEvent> &events, const std::vector<ProcessedRecord> &records,
                     const std::vector<CheckerFinding> &findings, const QStringList &workerNames,
                     int capacity, int maxLines = -1, int maxFindingLines = -1);
    void clear();

    int limit() const { return m_limit; }
    void setLimit(int limit);
    const LogEntry &line(int row) const { return m_lines.at(row); }

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

private:
    void dropOldest(qsizetype count);

    QList<LogEntry> m_lines;
    int m_limit = DefaultLimit;
};
