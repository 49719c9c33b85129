#pragma once

#include "bufferstrategy.h"
#include "drainqueue.h"
#include "journal.h"
#include "processedrecord.h"
#include "runcontrol.h"
#include "simulationconfig.h"
#include "studentgenerator.h"

#include <QMutex>

#include <atomic>
#include <memory>

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

    mutable QMutex m_settingsMutex;
    DelayRange m_producerDelay;
    DelayRange m_consumerDelay;
    double m_speed = 1.0;
};
