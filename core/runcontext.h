#pragma once

#include "bufferstrategy.h"
#include "drainqueue.h"
#include "journal.h"
#include "processedrecord.h"
#include "recordfailure.h"
#include "runcontrol.h"
#include "simulationconfig.h"
#include "studentgenerator.h"

#include <QList>
#include <QMutex>

#include <array>
#include <atomic>
#include <memory>
#include <unordered_set>

// What the workers of one run share: the buffer, the journal, the results, the run control, the
// record counters and the settings that may change while the run goes on. Owned by Simulation,
// outlives every worker of the run.
class RunContext
{
public:
    RunContext(const SimulationConfig &config, std::unique_ptr<BufferStrategy> buffer, quint64 seed);

    const SimulationConfig &config() const { return m_config; }
    BufferStrategy &buffer() { return *m_buffer; }
    const BufferStrategy &buffer() const { return *m_buffer; }
    const StudentGenerator &generator() const { return m_generator; }
    Journal &journal() { return m_journal; }
    DrainQueue<ProcessedRecord> &results() { return m_results; }
    RunControl &control() { return m_control; }

    bool collectsResults() const { return m_collectResults.load(std::memory_order_relaxed); }
    void setCollectResults(bool collect) { m_collectResults.store(collect, std::memory_order_relaxed); }

    QString xmlPath(qint64 record) const;

    // Record numbers are global across producers and start at 1. Returns -1 when all are taken.
    int claimRecord();
    // A consumer takes one of the `students` removals; false when all are spoken for.
    bool claimRemoval();
    int recordsClaimed() const;

    // A record whose file could not be written still goes through the buffer, so that every view
    // and count sees each record exactly once: the checker finds it inserted and removed (not lost),
    // the animation moves it, and produced and consumed both count it. It travels with this mark:
    // the producer reports the failure with the system's reason when it happens (that is where the
    // reason is), marks the record, then inserts it; the consumer that takes it sees the mark and
    // neither reads nor deletes the file (there is none of ours to read: reading whatever is there
    // would turn the real reason into a confusing parse error), and does not report it twice.
    void markWriteFailed(int record);
    // True, once, for a record marked by markWriteFailed(). Called after take(), which ordered the
    // producer's mark before it.
    bool takeWriteFailed(int record);
    // Keeps the first MaxKeptFailures failures' reasons for the summaries; counts are the workers'.
    void keepFailure(int record, const QString &error);
    // Never waits for the lock (the GUI reads it for its statistics): a kept failure is never
    // changed again, and each is published with the count.
    QList<RecordFailure> failures() const;

    static constexpr int MaxKeptFailures = 20;

    // Live settings: a new value applies from the next wait.
    DelayRange delay(WorkerRole role) const;
    void setDelay(WorkerRole role, DelayRange range);
    double speed() const;
    void setSpeed(double speed);

private:
    const SimulationConfig m_config;
    std::unique_ptr<BufferStrategy> m_buffer;
    StudentGenerator m_generator;
    Journal m_journal;
    DrainQueue<ProcessedRecord> m_results {200'000};
    RunControl m_control;
    std::atomic<bool> m_collectResults = true;
    std::atomic<int> m_recordsClaimed = 0;
    std::atomic<int> m_removalsClaimed = 0;

    // Rare (only on failures), so one lock for both; the counter keeps the lock off the fast path.
    mutable QMutex m_failureMutex;
    std::unordered_set<int> m_writeFailed;
    std::atomic<int> m_writeFailedCount = 0;
    std::array<RecordFailure, MaxKeptFailures> m_failures; // each written once, under m_failureMutex
    std::atomic<int> m_keptFailures = 0;

    // Atomics, not a lock: the GUI thread sets them while low-priority workers read them.
    std::atomic<DelayRange> m_producerDelay;
    std::atomic<DelayRange> m_consumerDelay;
    std::atomic<double> m_speed = 1.0;
    static_assert(std::atomic<DelayRange>::is_always_lock_free && std::atomic<double>::is_always_lock_free);
};
