#pragma once

#include "bufferstrategy.h"
#include "itstudent.h"
#include "journal.h"
#include "workerstate.h"

#include <QRandomGenerator>
#include <QThread>

#include <atomic>
#include <memory>

class RunContext;

// A statistics snapshot of one worker, readable from any thread.
struct WorkerStatistics
{
    QString name;
    WorkerRole role = WorkerRole::Producer;
    int number = 0;
    WorkerState state = WorkerState::Idle;
    qint64 items = 0; // inserted (producer) or removed and handled (consumer)
    // Records that failed here: a producer's whose file could not be written, a consumer's whose
    // file could not be read or validated. Each failed record is counted once, by one of them.
    qint64 failed = 0;
    qint64 valid = 0; // consumer: records read back valid
    qint64 passed = 0; // consumer: records with average >= 50
    double markSum = 0.0;
    qint64 blockedNs = 0; // time in waiting-for-slot, waiting-for-item and waiting-for-lock
};

// What producers and consumers share: a thread with a role, a number, a state that is journaled
// on every change, and counters that any thread may read. Subclasses only write work().
class Worker : public QThread, public BufferObserver
{
    Q_OBJECT
public:
    Worker(WorkerRole role, int number, int index, RunContext &context, QObject *parent = nullptr);

    WorkerRole role() const { return m_role; }
    int number() const { return m_number; }
    int index() const { return m_index; }
    QString name() const;
    WorkerState state() const { return m_state.load(std::memory_order_relaxed); }
    // The record this worker holds outside the buffer (generated, not yet inserted; or removed, not
    // yet processed), -1 if none. Used to clean up files after a stop.
    int heldRecord() const { return m_heldRecord.load(std::memory_order_relaxed); }
    WorkerStatistics statistics() const;
    // True once run() has returned. Read with acquire order: everything the thread did in run()
    // happened before, which also tells ThreadSanitizer what QThread::wait() cannot.
    bool hasRunToEnd() const { return m_ranToEnd.load(std::memory_order_acquire); }
    // True once the thread has exited, QThread's own wind-down after run() included: wait() then
    // returns at once. Until then the thread (at a low priority in the GUI, so perhaps not
    // scheduled for a moment on a busy machine) may hold its QThread's internal mutex, which
    // wait() takes.
    bool hasExited() const { return m_exited->load(std::memory_order_acquire); }
    // Before start(): the thread lowers its own priority below the starting thread's (see
    // Simulation::WorkerPriority).
    void setInBackground(bool background) { m_inBackground = background; }

protected:
    void run() final;
    void lowerOwnPriority();
    virtual void work() = 0;

    void setState(WorkerState state);
    void setHeldRecord(int record);
    // Passes the pause gate; false once the run is stopped.
    bool passGate();
    // Sleeps the role's current delay (scaled by the run's speed); false once the run is stopped.
    bool sleepBetweenItems();
    // Counts a failed record and reports it: a Failed journal event (the views count and colour
    // it), the reason in the results (the log, the students table, the record card) and in the
    // run's first failures (the summaries). record is -1 for an empty slot taken.
    void reportFailure(int record, WorkerState state, QString error, ITStudent student = {},
                       bool writeFailed = false);

    int workerIndex() const override { return m_index; }
    void stateChanged(WorkerState state) override { setState(state); }
    void inserted(int item, int slot, int sizeAfter) override;
    void removed(int item, int slot, int sizeAfter) override;

    RunContext &m_context;
    bool m_inBackground = false;
    std::atomic<qint64> m_items = 0;
    std::atomic<qint64> m_failed = 0;
    std::atomic<qint64> m_valid = 0;
    std::atomic<qint64> m_passed = 0;
    std::atomic<double> m_markSum = 0.0;
    qint8 m_programme = -1; // of the held record, for the journal's colours

private:
    void journalBufferEvent(JournalEvent::Kind kind, int item, int slot, int sizeAfter);

    const WorkerRole m_role;
    const int m_number;
    const int m_index;
    QRandomGenerator m_random;
    std::atomic<WorkerState> m_state = WorkerState::Idle;
    std::atomic<int> m_heldRecord = -1;
    std::atomic<qint64> m_blockedNs = 0;
    std::atomic<qint64> m_stateSinceNs = 0;
    std::atomic<bool> m_ranToEnd = false;
    // Set by a thread_local of the worker's thread when it is destroyed, as the thread exits.
    const std::shared_ptr<std::atomic<bool>> m_exited = std::make_shared<std::atomic<bool>>(false);
};
