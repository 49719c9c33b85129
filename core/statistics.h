#pragma once

#include "worker.h"

#include <QJsonObject>
#include <QList>
#include <QString>

// The numbers of one run at one moment: what the statistics panel, the command-line summary and
// the --json line show.
struct SimulationStatistics
{
    QString strategy;
    quint64 seed = 0;
    int students = 0;
    int capacity = 0;
    qint64 produced = 0; // inserted into the buffer
    qint64 consumed = 0; // removed from the buffer and handled (valid or not)
    qint64 failed = 0; // consumed records whose XML could not be read or validated
    qint64 passed = 0; // valid records with an average of 50 or more
    double averageMark = 0.0; // mean of the valid records' averages
    qint64 inBuffer = 0;
    qint64 inFlight = 0; // produced but not yet consumed: in the buffer or in a consumer's hands
    double elapsedS = 0.0;
    bool finished = false; // every record was produced and consumed
    bool stopped = false; // the run was stopped before that
    QList<WorkerStatistics> workers;

    double studentsPerSecond() const { return elapsedS > 0.0 ? double(consumed) / elapsedS : 0.0; }
    qint64 valid() const { return consumed - failed; }

    QJsonObject toJson() const;
    // The multi-line summary printed at the end of a command-line run.
    QString toText() const;
};
