#pragma once

#include "statistics.h"
#include "syncsnapshot.h"

#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <optional>

// Why a run can never go on: every live worker waits on a synchronization object, and either the
// waits form a cycle (who holds what, who waits for what) or some wait can only end by the hand
// of a worker that has finished.
struct DeadlockReport
{
    enum class Kind { Deadlock, Stall };
    Kind kind = Kind::Deadlock;
    QList<int> cycle; // worker indices, each waiting for the next (and the last for the first)
    QStringList steps; // "Producer 1 holds the mutex and waits on empty (free slots), which only a consumer
                       // can signal"
    QString summary; // one line

    QString describe() const { return summary + u'\n' + steps.join(u'\n'); }
};

Q_DECLARE_METATYPE(DeadlockReport)

// Looks for a deadlock in one moment of a run. Pure: the Simulation calls it with a snapshot of
// the strategy's synchronization objects and of its workers, and acts only when the answer stays
// the same while no buffer operation happens in between.
class DeadlockDetector
{
public:
    static std::optional<DeadlockReport> find(const SyncSnapshot &sync,
                                              const QList<WorkerStatistics> &workers);
};
