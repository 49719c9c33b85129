#pragma once

#include "explorer.h"

#include <QJsonObject>
#include <QString>

namespace Lab {

// An explorer's result as the command line prints it: a few lines of text, or one JSON object.
// The window can show or copy the same.
class ExploreReport
{
public:
    // "Exploring semaphore: 2 producer(s), 2 consumer(s), buffer 2, 4 item(s), symmetry reduction on, ..."
    static QString header(const QString &strategy, const ExploreConfig &config);
    // The verdict in one sentence, with states, transitions, seconds and states/s.
    static QString verdict(const ExploreResult &result, const ExploreConfig &config);
    // "Shortest schedule, N step(s):", then per step a line naming the thread, the line and the
    // instruction (and what it did), and under it the state after it in one line.
    static QString schedule(const QList<ScheduleStep> &schedule);
    // The header (unless left out), the verdict and, for a counterexample, the schedule.
    static QString text(const QString &strategy, const ExploreConfig &config, const ExploreResult &result);

    // {verdict, finding: {kind, message}, states, transitions, seconds, states_per_s, cancelled,
    //  reason (inconclusive only), config: {...}, schedule: [{step, thread, line, text, note, state}]}
    static QJsonObject json(const QString &strategy, const ExploreConfig &config,
                            const ExploreResult &result);
    static QJsonObject stateJson(const StepState &state);
};

} // namespace Lab
