#include "simulation.h"

#include "consumer.h"
#include "producer.h"
#include "runcontext.h"
#include "safefile.h"
#include "studentxml.h"

#include <QDeadlineTimer>
#include <QTimer>

using namespace Qt::StringLiterals;

Simulation::Simulation(QObject *parent) : QObject(parent), m_checkTimer(new QTimer(this))
{
    connect(m_checkTimer, &QTimer::timeout, this, &Simulation::check);
}

Simulation::~Simulation()
{
    stop();
    // The threads must end before they are destroyed: a blocked one gets its wake-up even if that
    // means waiting for the strategy's lock.
    if (m_stopWakePending)
        m_context->buffer().stop();
    destroyWorkers(true);
    m_runDirectory.release(m_config.keepXml);
}

void Simulation::destroyWorkers(bool waitForAll)
{
    // A retired worker's finished() may still arrive: finishIfDone() then looks at the run in
    // progress, and finds it still running or done, as it would anyway.
    for (std::unique_ptr<Worker> &worker : m_workers)
        m_retired.push_back(std::move(worker));
    m_workers.clear();
    // QThread::wait() synchronizes inside QtCore, where ThreadSanitizer cannot see it; the tsan
    // preset's suppression file names this function for that reason. It also takes the thread's
    // own mutex, which a thread still winding down holds: Start does not wait for such a thread
    // (at a low priority on a busy machine it may not run for a while), a later Start destroys it.
    std::erase_if(m_retired, [waitForAll](const std::unique_ptr<Worker> &worker) {
        if (!waitForAll && !worker->hasExited())
            return false;
        worker->wait();
        worker->hasRunToEnd();
        return true;
    });
}

QStringList Simulation::start(const SimulationConfig &config)
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (isActive())
        return {u"a run is already in progress"_s};
    QStringList errors = config.validate();
    if (!errors.isEmpty())
        return errors;
    m_runDirectory.release(m_config.keepXml); // the last run's, if it never finished
    if (const QString error = m_runDirectory.claim(config.xmlDir, SimulationConfig::defaultXmlDir());
        !error.isEmpty())
        return {error};

    destroyWorkers(false);

    m_config = config;
    m_seed = config.seed.value_or(StudentGenerator::randomSeed());
    // The workers see the run's own directory; m_config keeps what was asked for, so that it can
    // start the next run as it was.
    SimulationConfig effective = config;
    effective.xmlDir = m_runDirectory.path();
    m_context = std::make_unique<RunContext>(
        effective, BufferStrategy::create(effective.strategy, effective.capacity), m_seed);
    m_context->setCollectResults(m_collectResults);
    m_stopRequested = false;
    m_stopWakePending = false;
    m_pendingCapacity.reset();
    m_endNs = -1;
    m_checker.clear();
    m_pendingEvents.clear();
    m_deadlock.reset();
    m_suspect.reset();

    for (int i = 0; i < effective.producers; ++i)
        m_workers.push_back(std::make_unique<Producer>(i + 1, int(m_workers.size()), *m_context));
    for (int i = 0; i < effective.consumers; ++i)
        m_workers.push_back(std::make_unique<Consumer>(i + 1, int(m_workers.size()), *m_context));
    for (const auto &worker : m_workers)
        connect(worker.get(), &QThread::finished, this, &Simulation::finishIfDone);

    m_context->journal().restartClock();
    setStatus(Status::Running);
    for (const auto &worker : m_workers) {
        worker->setInBackground(m_workerPriority == WorkerPriority::Background);
        worker->start();
    }
    m_checkTimer->start(CheckIntervalMs);
    return {};
}

QString Simulation::xmlDir() const
{
    return m_context ? m_context->config().xmlDir : QString();
}

void Simulation::pause()
{
    if (m_status != Status::Running)
        return;
    m_context->control().pause();
    setStatus(Status::Paused);
}

void Simulation::resume()
{
    if (m_status != Status::Paused)
        return;
    m_context->control().resume();
    setStatus(Status::Running);
}

void Simulation::stop()
{
    if (!isActive())
        return;
    m_stopRequested = true;
    m_context->control().stop();
    // From here on no thread starts a wait; one already blocked may need a wake-up that takes the
    // strategy's lock, which a worker may hold: retryPending() tries again.
    m_stopWakePending = !m_context->buffer().tryStop();
}

void Simulation::retryPending()
{
    if (!isActive())
        return;
    if (m_stopWakePending)
        m_stopWakePending = !m_context->buffer().tryStop();
    if (m_pendingCapacity && m_context->buffer().trySetCapacity(*m_pendingCapacity))
        m_pendingCapacity.reset();
}

bool Simulation::waitForFinished(int timeoutMs)
{
    if (m_stopWakePending) {
        m_context->buffer().stop();
        m_stopWakePending = false;
    }
    const QDeadlineTimer deadline(timeoutMs);
    for (const auto &worker : m_workers) {
        if (!worker->wait(deadline))
            return false;
    }
    finishIfDone();
    return true;
}

void Simulation::finishIfDone()
{
    if (!isActive())
        return;
    for (const auto &worker : m_workers) {
        if (!worker->hasRunToEnd())
            return;
    }
    m_endNs = m_context->journal().now();
    m_checkTimer->stop();
    // Every worker has ended: nobody holds a lock any more, so waiting for one is safe.
    if (m_pendingCapacity) {
        m_context->buffer().setCapacity(*m_pendingCapacity);
        m_pendingCapacity.reset();
    }
    m_stopWakePending = false;
    drainJournal(true);
    m_checker.finish(m_context->buffer().snapshot(), m_endNs);
    if (!m_config.keepXml)
        removeLeftoverFiles();
    m_runDirectory.release(m_config.keepXml);
    setStatus(m_stopRequested ? Status::Stopped : Status::Finished);
    Q_EMIT finished();
}

void Simulation::removeLeftoverFiles()
{
    // A stopped run leaves records behind: in the buffer, or held by a worker; a broken strategy
    // also loses some (written over in their slot), whose files nobody will read either.
    const BufferSnapshot snapshot = m_context->buffer().snapshot();
    for (const int record : snapshot.slots) {
        if (record != RingBuffer::EmptySlot)
            SafeFile::remove(m_context->xmlPath(record));
    }
    for (const qint32 record : m_checker.neverRemoved())
        SafeFile::remove(m_context->xmlPath(record));
    for (const auto &worker : m_workers) {
        if (worker->heldRecord() > 0)
            SafeFile::remove(m_context->xmlPath(worker->heldRecord()));
    }
}

void Simulation::setStatus(Status status)
{
    if (m_status == status)
        return;
    m_status = status;
    Q_EMIT statusChanged(status);
}

void Simulation::setCapacity(int capacity)
{
    m_config.capacity = qBound(BufferStrategy::MinCapacity, capacity, BufferStrategy::MaxCapacity);
    if (!m_context)
        return;
    if (!isActive()) {
        m_context->buffer().setCapacity(m_config.capacity); // no worker left to hold its lock
        return;
    }
    if (m_context->buffer().trySetCapacity(m_config.capacity))
        m_pendingCapacity.reset();
    else
        m_pendingCapacity = m_config.capacity;
}

void Simulation::setDelay(WorkerRole role, DelayRange range)
{
    (role == WorkerRole::Producer ? m_config.producerDelay : m_config.consumerDelay) = range;
    if (m_context)
        m_context->setDelay(role, range);
}

void Simulation::setSpeed(double speed)
{
    m_config.speed = qBound(SimulationConfig::MinSpeed, speed, SimulationConfig::MaxSpeed);
    if (m_context)
        m_context->setSpeed(m_config.speed);
}

void Simulation::setCollectResults(bool collect)
{
    m_collectResults = collect;
    if (m_context)
        m_context->setCollectResults(collect);
}

bool Simulation::drainJournal(bool mayWait)
{
    bool complete = true;
    std::vector<JournalEvent> events
        = mayWait ? m_context->journal().drain() : m_context->journal().tryDrain(&complete);
    m_checker.apply(events);
    m_pendingEvents.insert(m_pendingEvents.end(), events.begin(), events.end());
    return complete;
}

std::vector<JournalEvent> Simulation::takeEvents()
{
    if (!m_context)
        return {};
    // Until the run has ended a worker may hold the journal's lock; after, none can.
    drainJournal(!isActive());
    // After the drain: the events from before a capacity change come first.
    retryPending();
    std::vector<JournalEvent> events;
    events.swap(m_pendingEvents);
    return events;
}

std::vector<CheckerFinding> Simulation::takeFindings()
{
    return m_checker.takeNewFindings();
}

SyncSnapshot Simulation::syncSnapshot() const
{
    return m_context ? m_context->buffer().syncSnapshot() : SyncSnapshot {};
}

std::optional<SyncSnapshot> Simulation::trySyncSnapshot() const
{
    return m_context ? m_context->buffer().trySyncSnapshot() : SyncSnapshot {};
}

void Simulation::step()
{
    if (m_status == Status::Paused)
        m_context->control().step();
}

void Simulation::check()
{
    if (!isActive())
        return;
    retryPending();
    // The journal up to now, then the buffer, then what was journaled meanwhile: a record the
    // journal says is in the buffer, which the buffer does not hold and nobody removed meanwhile,
    // has vanished. None of it waits for a worker: a check that cannot have the buffer, or every
    // event since, is skipped (the next one is 100 ms away).
    drainJournal(false);
    const std::optional<BufferSnapshot> snapshot = m_context->buffer().trySnapshot();
    bool complete = false;
    std::vector<JournalEvent> later = m_context->journal().tryDrain(&complete);
    if (snapshot && complete)
        m_checker.checkAgainst(*snapshot, later, m_context->journal().now());
    m_checker.apply(later);
    m_pendingEvents.insert(m_pendingEvents.end(), later.begin(), later.end());

    if (m_status != Status::Running)
        return;
    QList<WorkerStatistics> workers;
    for (const auto &worker : m_workers)
        workers.append(worker->statistics());
    const std::optional<SyncSnapshot> tried = m_context->buffer().trySyncSnapshot();
    if (!tried)
        return; // a suspected deadlock stays suspected until the next check sees it
    const SyncSnapshot &sync = *tried;
    std::optional<DeadlockReport> report = DeadlockDetector::find(sync, workers);
    if (!report) {
        m_suspect.reset();
        return;
    }
    if (!m_suspect || m_suspectOperations != sync.operations || m_suspect->summary != report->summary) {
        m_suspect = report;
        m_suspectOperations = sync.operations;
        return;
    }
    // The same standstill twice, with nothing moving in between: it will not go on by itself.
    m_deadlock = std::move(report);
    m_suspect.reset();
    Q_EMIT deadlockDetected(*m_deadlock);
    stop();
}

std::vector<ProcessedRecord> Simulation::takeResults()
{
    if (!m_context)
        return {};
    return isActive() ? m_context->results().tryDrain() : m_context->results().drain();
}

BufferSnapshot Simulation::bufferSnapshot() const
{
    if (!m_context)
        return BufferSnapshot {QList<int>(m_config.capacity, RingBuffer::EmptySlot), m_config.capacity, 0, 0,
                               0};
    return m_context->buffer().snapshot();
}

std::optional<BufferSnapshot> Simulation::tryBufferSnapshot() const
{
    return m_context ? m_context->buffer().trySnapshot() : bufferSnapshot();
}

QString Simulation::workerName(int index) const
{
    return index >= 0 && index < workerCount() ? m_workers.at(index)->name() : QString();
}

WorkerRole Simulation::workerRole(int index) const
{
    return index >= 0 && index < workerCount() ? m_workers.at(index)->role() : WorkerRole::Producer;
}

SimulationStatistics Simulation::statistics() const
{
    SimulationStatistics stats;
    stats.strategy = m_config.strategy;
    stats.seed = m_seed;
    stats.students = m_config.students;
    stats.capacity = m_config.capacity;
    if (!m_context)
        return stats;
    stats.xmlDir = m_context->config().xmlDir;
    stats.xmlKept = m_config.keepXml;
    double markSum = 0.0;
    for (const auto &worker : m_workers) {
        const WorkerStatistics ws = worker->statistics();
        stats.failed += ws.failed;
        if (ws.role == WorkerRole::Producer) {
            stats.produced += ws.items;
            stats.writeFailed += ws.failed;
        } else {
            stats.consumed += ws.items;
            stats.valid += ws.valid;
            stats.passed += ws.passed;
            markSum += ws.markSum;
        }
        stats.workers.append(ws);
    }
    stats.failures = m_context->failures();
    stats.averageMark = stats.valid > 0 ? markSum / double(stats.valid) : 0.0;
    stats.inBuffer = m_context->buffer().size();
    stats.inFlight = qMax<qint64>(0, stats.produced - stats.consumed);
    const qint64 endNs = m_endNs >= 0 ? m_endNs : m_context->journal().now();
    stats.elapsedS = double(endNs) / 1e9;
    stats.finished = m_status == Status::Finished;
    stats.stopped = m_status == Status::Stopped;
    stats.lost = m_checker.lost();
    stats.overwritten = m_checker.overwritten();
    stats.duplicated = m_checker.duplicated();
    stats.phantom = m_checker.phantom();
    if (m_deadlock) {
        stats.deadlock = m_deadlock->kind == DeadlockReport::Kind::Deadlock;
        stats.stalled = m_deadlock->kind == DeadlockReport::Kind::Stall;
        stats.deadlockSummary = m_deadlock->summary;
        stats.deadlockSteps = m_deadlock->steps;
    }
    return stats;
}
