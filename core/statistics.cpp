#include "statistics.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace {

constexpr int TextFailures = 5;

QString role(WorkerRole role)
{
    return role == WorkerRole::Producer ? u"producer"_s : u"consumer"_s;
}

} // namespace

QJsonObject SimulationStatistics::toJson() const
{
    QJsonArray workerArray;
    for (const WorkerStatistics &worker : workers) {
        QJsonObject object {
            {u"name"_s, worker.name},
            {u"role"_s, role(worker.role)},
            {u"items"_s, worker.items},
            {u"blocked_s"_s, double(worker.blockedNs) / 1e9},
            {u"state"_s, describe(worker.state)},
        };
        object.insert(u"failed"_s, worker.failed);
        if (worker.role == WorkerRole::Consumer)
            object.insert(u"passed"_s, worker.passed);
        workerArray.append(object);
    }
    QJsonArray failureArray;
    for (const RecordFailure &failure : failures.first(qMin(failures.size(), qsizetype(ReportedFailures))))
        failureArray.append(QJsonObject {{u"record"_s, failure.record}, {u"error"_s, failure.error}});
    QJsonObject object {
        {u"strategy"_s, strategy},
        {u"seed"_s, QString::number(seed)},
        {u"students"_s, students},
        {u"buffer"_s, capacity},
        {u"xml_dir"_s, xmlDir},
        {u"xml_kept"_s, xmlKept},
        {u"produced"_s, produced},
        {u"consumed"_s, consumed},
        {u"failed"_s, failed},
        {u"write_failed"_s, writeFailed},
        {u"failures"_s, failureArray},
        {u"passed"_s, passed},
        {u"average_mark"_s, averageMark},
        {u"in_buffer"_s, inBuffer},
        {u"in_flight"_s, inFlight},
        {u"elapsed_s"_s, elapsedS},
        {u"students_per_s"_s, studentsPerSecond()},
        {u"finished"_s, finished},
        {u"stopped"_s, stopped},
        {u"lost"_s, lost},
        {u"overwritten"_s, overwritten},
        {u"duplicated"_s, duplicated},
        {u"phantom"_s, phantom},
        {u"deadlock"_s, deadlock},
        {u"stalled"_s, stalled},
        {u"checker_fired"_s, checkerFired()},
        {u"workers"_s, workerArray},
    };
    if (deadlock || stalled) {
        object.insert(u"deadlock_summary"_s, deadlockSummary);
        object.insert(u"cycle"_s, QJsonArray::fromStringList(deadlockSteps));
    }
    return object;
}

QString SimulationStatistics::toText() const
{
    QString text;
    text += u"Summary (%1 strategy, seed %2)\n"_s.arg(strategy).arg(seed);
    text += u"  produced %1, consumed %2, failed %3, in flight %4\n"_s.arg(produced)
                .arg(consumed)
                .arg(failed)
                .arg(inFlight);
    text += u"  passed %1 of %2 valid records, average mark %3\n"_s.arg(passed).arg(valid).arg(averageMark, 0,
                                                                                               'f', 2);
    text += u"  elapsed %1 s, %2 students/s\n"_s.arg(elapsedS, 0, 'f', 3).arg(studentsPerSecond(), 0, 'f', 1);
    if (xmlKept && !xmlDir.isEmpty())
        text += u"  XML files kept in %1\n"_s.arg(xmlDir);
    for (const WorkerStatistics &worker : workers) {
        text += u"  %1: %2 %3, blocked %4 s\n"_s.arg(worker.name)
                    .arg(worker.items)
                    .arg(worker.role == WorkerRole::Producer ? u"inserted"_s : u"consumed"_s)
                    .arg(double(worker.blockedNs) / 1e9, 0, 'f', 3);
    }
    if (failed > 0) {
        text += u"  FAILED: %1 record(s): %2 could not be written, %3 could not be read or were not valid\n"_s
                    .arg(failed)
                    .arg(writeFailed)
                    .arg(failed - writeFailed);
        const qsizetype shown = qMin(failures.size(), qsizetype(TextFailures));
        for (qsizetype i = 0; i < shown; ++i)
            text += u"    "_s + failures.at(i).error + u'\n';
        if (failed > shown)
            text += u"    (and %1 more)\n"_s.arg(failed - shown);
    }
    if (lost + duplicated + phantom > 0)
        text += u"  CHECKER: %1 lost (%2 overwritten), %3 duplicated, %4 empty slots taken\n"_s.arg(lost)
                    .arg(overwritten)
                    .arg(duplicated)
                    .arg(phantom);
    if (deadlock || stalled) {
        text += u"  "_s + deadlockSummary + u'\n';
        for (const QString &step : deadlockSteps)
            text += u"    "_s + step + u'\n';
    }
    if (stopped)
        text += u"  stopped before the end\n"_s;
    return text;
}
