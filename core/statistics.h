#pragma once

#include "recordfailure.h"
#include "worker.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

// The numbers of one run at one moment: what the statistics panel, the command-line summary and
// the --json line show.
struct SimulationStatistics
{
    QString strategy;
    quint64 seed = 0;
    int students = 0;
    int capacity = 0;
    QString xmlDir; // the run's own (see RunDirectory)
    bool xmlKept = false; // its files stay there after the run
    qint64 produced = 0; // inserted into the buffer
    qint64 consumed = 0; // removed from the buffer and handled (valid or not)
    // Records whose file could not be written (a producer's failure), or read back and validated
    // (a consumer's), each counted once; writeFailed of them at the producer. Such a record still
    // goes through the buffer (see RunContext::markWriteFailed()), so produced and consumed count it.
    qint64 failed = 0;
    qint64 writeFailed = 0;
    QList<RecordFailure> failures; // the first few, in the order they happened
    qint64 valid = 0; // consumed records read back valid
    qint64 passed = 0; // valid records with an average of 50 or more
    double averageMark = 0.0; // mean of the valid records' averages
    qint64 inBuffer = 0;
    qint64 inFlight = 0; // produced but not yet consumed: in the buffer or in a consumer's hands
    double elapsedS = 0.0;
    bool finished = false; // every record was produced and consumed
    bool stopped = false; // the run was stopped before that
    // The conservation checker's counts, and whether (and why) the run could not go on.
    qint64 lost = 0; // overwritten ones included
    qint64 overwritten = 0;
    qint64 duplicated = 0;
    qint64 phantom = 0; // removals that took no record at all
    bool deadlock = false; // a cycle of waits
    bool stalled = false; // waits no live worker could ever end
    QString deadlockSummary;
    QStringList deadlockSteps;
    QList<WorkerStatistics> workers;

    bool checkerFired() const { return lost + duplicated + phantom > 0 || deadlock || stalled; }
    double studentsPerSecond() const { return elapsedS > 0.0 ? double(consumed) / elapsedS : 0.0; }

    // How many of failures the summary text and the JSON list.
    static constexpr int ReportedFailures = 10;

    QJsonObject toJson() const;
    // The multi-line summary printed at the end of a command-line run.
    QString toText() const;
};
