#pragma once

#include "journal.h"
#include "processedrecord.h"

#include <QString>

// Turns journal events and processed records into the log lines the command line prints and the
// GUI's log shows, so both tell a run in the same words.
class EventFormatter
{
public:
    // "[   0.512 s] "
    static QString timestamp(qint64 timeNs);
    // "Producer 1 inserted student 3 into slot 2 (buffer 3/10)"; empty for events not worth a line.
    static QString describe(const JournalEvent &event, const QString &workerName, int capacity);
    // "Consumer 1 processed student 3: Abigail Garcia (69742247), Data Science, 4 courses, average 73.26,
    // PASS"
    static QString describe(const ProcessedRecord &record, const QString &consumerName);
    // "Abigail Garcia (69742247), Data Science, 4 courses, average 73.26, PASS"
    static QString describe(const ITStudent &student);
};
