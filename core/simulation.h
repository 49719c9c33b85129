#pragma once

#include "bufferstrategy.h"
#include "conservationchecker.h"
#include "deadlockdetector.h"
#include "journal.h"
#include "processedrecord.h"
#include "rundirectory.h"
#include "simulationconfig.h"
#include "statistics.h"
#include "syncsnapshot.h"

#include <QObject>
#include <QThread>

#include <memory>
#include <optional>
#include <vector>

class QTimer;
class RunContext;
class Worker;

// One producer-consumer run: P producer and C consumer threads around one buffer strategy.
// Lives in the thread that started it (the GUI thread or the command line's main thread); the
// workers report through the journal and the results queue, which the owner drains on a timer.
//
// Nothing the owner calls while the run goes on waits for a lock a worker can hold, except
// syncSnapshot(), bufferSnapshot(), waitForFinished() and the destructor: the GUI's workers run at
// a low priority, and on a busy machine one descheduled while it holds a lock may not run again for
// a while. What cannot be had at once comes with a later call (events, results), is tried again
// on the next call and check (a capacity change, waking the threads a stop left blocked), or is
// offered as a try*() that returns nothing this time.
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
    // Not for the GUI thread.
    bool waitForFinished(int timeoutMs);

    Status status() const { return m_status; }
    bool isActive() const { return m_status == Status::Running || m_status == Status::Paused; }
    const SimulationConfig &config() const { return m_config; }
    quint64 seed() const { return m_seed; }
    // Where this run's studentN.xml files are (see RunDirectory): a folder of its own under the
    // default XML folder, or the directory config().xmlDir names. Set by start(); stays set after
    // the run, although a run folder whose files were not kept is gone by then.
    QString xmlDir() const;

    // Changes that apply to the run in progress (and are remembered for the next one). A new
    // capacity that cannot be applied at once (a worker holds the buffer's lock) is applied by a
    // later takeEvents() or check; isCapacityPending() says so meanwhile.
    void setCapacity(int capacity);
    bool isCapacityPending() const { return m_pendingCapacity.has_value(); }
    void setDelay(WorkerRole role, DelayRange range);
    void setSpeed(double speed);
    // Off for headless runs that never look at the records: saves their memory.
    void setCollectResults(bool collect);
    // The priority the threads of the next run get. Background: below the caller's (on Linux
    // the batch class, nice 10 more), so that a run with more busy threads than cores cannot
    // starve a window's event loop; but never idle priority, which a busy machine starves
    // outright, and a starved thread that holds anything the window needs (a lock, malloc's
    // arena) freezes the window.
    enum class WorkerPriority { Inherit, Background };
    void setWorkerPriority(WorkerPriority priority) { m_workerPriority = priority; }
    WorkerPriority workerPriority() const { return m_workerPriority; }

    // What was journaled since the last call, in order: everything, unless a worker held the
    // journal's lock (then the rest comes with a later call; once the run has ended, all of it).
    // The conservation checker sees every event first.
    std::vector<JournalEvent> takeEvents();
    // What the checker found since the last call (also in statistics()).
    std::vector<CheckerFinding> takeFindings();
    const ConservationChecker &checker() const { return m_checker; }
    // The synchronization objects of the running strategy, now. Waits for the strategy's
    // bookkeeping lock; the GUI uses trySyncSnapshot(), which gives nothing instead.
    SyncSnapshot syncSnapshot() const;
    std::optional<SyncSnapshot> trySyncSnapshot() const;
    // Set when the run was stopped because it could never go on.
    const std::optional<DeadlockReport> &deadlock() const { return m_deadlock; }
    // Like takeEvents(): what can be had now, the rest later.
    std::vector<ProcessedRecord> takeResults();
    // The buffer's slots now. Waits for the buffer's lock; the GUI uses tryBufferSnapshot().
    BufferSnapshot bufferSnapshot() const;
    std::optional<BufferSnapshot> tryBufferSnapshot() const;
    // Never waits: counters and states the workers keep in atomics.
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
    // Drains the journal through the checker into m_pendingEvents; waits for its lock only if
    // mayWait (when the workers have ended). Returns whether it got everything.
    bool drainJournal(bool mayWait);
    // Applies what could not be applied without waiting: a capacity, a stop's wake-up.
    void retryPending();
    void removeLeftoverFiles();
    // Retires the workers of the last run and destroys those whose threads have exited; the others
    // go when they have (see Worker::hasExited()), or at once if waitForAll (it waits for them).
    // Never inlined: the tsan preset's suppression file names it, since QThread::wait() and the
    // thread's wind-down synchronize inside QtCore, where ThreadSanitizer cannot see them.
    Q_NEVER_INLINE void destroyWorkers(bool waitForAll);

    SimulationConfig m_config;
    RunDirectory m_runDirectory;
    quint64 m_seed = 0;
    bool m_collectResults = true;
    WorkerPriority m_workerPriority = WorkerPriority::Inherit;
    std::unique_ptr<RunContext> m_context;
    std::vector<std::unique_ptr<Worker>> m_workers;
    std::vector<std::unique_ptr<Worker>> m_retired; // of earlier runs, threads still winding down
    Status m_status = Status::Idle;
    bool m_stopRequested = false;
    bool m_stopWakePending = false; // the strategy still has to wake threads blocked in it
    std::optional<int> m_pendingCapacity;
    qint64 m_endNs = -1; // journal time when the run ended
    QTimer *m_checkTimer = nullptr;
    ConservationChecker m_checker;
    std::vector<JournalEvent> m_pendingEvents; // drained by check(), not yet taken
    std::optional<DeadlockReport> m_deadlock;
    // A deadlock is acted on only when seen twice in a row with no buffer operation in between.
    std::optional<DeadlockReport> m_suspect;
    qint64 m_suspectOperations = -1;
};
