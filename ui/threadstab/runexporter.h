#pragma once

#include "journal.h"
#include "statistics.h"

#include <QCoreApplication>
#include <QImage>
#include <QSize>
#include <QString>
#include <QStringList>

#include <vector>

class QWidget;

// Writes a run to files a student can open elsewhere: the journal as CSV or JSON, the statistics
// as JSON or CSV, and any widget (the timeline, the charts) as a PNG image. Every function writes
// through QSaveFile, so a failed export never leaves half a file behind, and returns an empty
// string on success or a sentence saying what went wrong.
class RunExporter
{
    Q_DECLARE_TR_FUNCTIONS(RunExporter)

public:
    // time_s,worker,kind,state,record,slot,size — one line per event, the worker by its name
    // (workerNames indexed by JournalEvent::worker); record, slot and size empty where unknown.
    static QString exportJournalCsv(const QString &path, const std::vector<JournalEvent> &events,
                                    const QStringList &workerNames);
    // {"statistics": {...SimulationStatistics::toJson()...}, "events": [{"time_s": ..., "worker":
    // "Producer 1", "kind": "inserted", "state": "inserting", "record": 3, "slot": 0, "size": 1}, ...]}
    // Fields that do not apply (record, slot, size of -1) are left out.
    static QString exportJournalJson(const QString &path, const std::vector<JournalEvent> &events,
                                     const QStringList &workerNames, const SimulationStatistics &statistics);
    // SimulationStatistics::toJson(), indented.
    static QString exportStatisticsJson(const QString &path, const SimulationStatistics &statistics);
    // name,role,items,failed,passed,blocked_s,state — one row per worker, then one total row for
    // the producers and one for the consumers.
    static QString exportStatisticsCsv(const QString &path, const SimulationStatistics &statistics);
    // The widget as it looks, at its current size, or at `size` if valid (resized for the grab and
    // back afterwards).
    static QString exportWidgetPng(const QString &path, QWidget *widget, const QSize &size = QSize());
    static QString exportImagePng(const QString &path, const QImage &image);

    // "inserted", "state", ...: the kind as the files name it.
    static QString kindName(JournalEvent::Kind kind);
    // A CSV field, quoted when it has to be.
    static QString csvField(const QString &text);
};
