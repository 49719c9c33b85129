#pragma once

#include "bufferstrategy.h"
#include "conservationchecker.h"
#include "deadlockdetector.h"
#include "journal.h"
#include "processedrecord.h"
#include "simulationconfig.h"
#include "statistics.h"
#include "syncsnapshot.h"

#include <QObject>
#include <QThread>

#include <memory>
#include <vector>

class QTimer;
class RunContext;
class Worker;

// One producer-consumer run: P producer and C consumer threads around one buffer strategy.
// Lives in the thread that started it (the GUI thread or the command line's main thread); the
// workers report through the journal and the results queue, which the owner drains on a timer.
class Simulation : public QObject
{
    Q_OBJECT
public:
    enum class Status { Idle, Running, Paused, Finished, Stopped };
    Q_ENUM(Status)

    static constexpr int CheckIntervalMs = 100;

    explicit Simulation(QObject *parent = nullptr);
    ~Simulation() override;

    // Checks the configuration and the XML directory, then starts the threads. Returns what is
    // wrong instead of starting, or an empty list. A previous run must have ended.
    QStringList start(const SimulationConfig &config);
    void pause();
    void resume();
    // While paused: lets exactly one buffer operation (one insert or one remove) happen; the run
    // is paused again right after it. The journal shows the operation as usual.
    void step();
    // Wakes every thread wherever it is blocked; finished() follows once all have ended.
    void stop();
    // Blocks until every worker has ended (finished() has then been emitted), or the timeout.
    bool waitForFinished(int timeoutMs);

    Status status() const { return m_status; }
    bool isActive() const { return m_status == Status::Running || m_status == Status::Paused; }
    const SimulationConfig &config() const { return m_config; }
    quint64 seed() const { return m_seed; }

    // Changes that apply to the run in progress (and are remembered for the next one).
    void setCapacity(int capacity);
    void setDelay(WorkerRole role, DelayRange range);
    void setSpeed(double speed);
    // Off for headless runs that never look at the records: saves their memory.
    void setCollectResults(bool collect);
    // The priority the threads of the next run start with; by default they inherit the caller's.
    // The GUI starts them at IdlePriority, so that a run with more busy threads than cores cannot
    // starve its event loop.
    void setWorkerPriority(QThread::Priority priority) { m_workerPriority = priority; }
    QThread::Priority workerPriority() const { return m_workerPriority; }

    // Everything journaled since the last call. The conservation checker sees every event first.
    std::vector<JournalEvent> takeEvents();
    // What the checker found since the last call (also in statistics()).
    std::vector<CheckerFinding> takeFindings();
    const ConservationChecker &checker() const { return m_checker; }
    // The synchronization objects of the running strategy, now.
    SyncSnapshot syncSnapshot() const;
    // Set when the run was stopped because it could never go on.
    const std::optional<DeadlockReport> &deadlock() const { return m_deadlock; }
    std::vector<ProcessedRecord> takeResults();
    BufferSnapshot bufferSnapshot() const;
    SimulationStatistics statistics() const;
    int workerCount() const { return int(m_workers.size()); }
    // Index as in JournalEvent::worker.
    QString workerName(int index) const;
    WorkerRole workerRole(int index) const;

Q_SIGNALS:
    void statusChanged(Simulation::Status status);
    // Every worker has ended, by itself or after stop().
    void finished();
    // The run can never go on (see DeadlockReport); it is being stopped. finished() follows.
    void deadlockDetected(const DeadlockReport &report);

private:
    void setStatus(Status status);
    void finishIfDone();
    // Every CheckIntervalMs while active: looks for vanished records and for deadlocks.
    void check();
    // Drains the journal through the checker into m_pendingEvents.
    std::vector<JournalEvent> drainJournal();
    void removeLeftoverFiles();
    void destroyWorkers();

    SimulationConfig m_config;
    quint64 m_seed = 0;
    bool m_collectResults = true;
    QThread::Priority m_workerPriority = QThread::InheritPriority;
    std::unique_ptr<RunContext> m_context;
    std::vector<std::unique_ptr<Worker>> m_workers;
    Status m_status = Status::Idle;
    bool m_stopRequested = false;
    qint64 m_endNs = -1; // journal time when the run ended
    QTimer *m_checkTimer = nullptr;
    ConservationChecker m_checker;
    std::vector<JournalEvent> m_pendingEvents; // drained by check(), not yet taken
    std::optional<DeadlockReport> m_deadlock;
    // A deadlock is acted on only when seen twice in a row with no buffer operation in between.
    std::optional<DeadlockReport> m_suspect;
    qint64 m_suspectOperations = -1;
};
