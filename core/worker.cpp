#include "worker.h"

#include "runcontext.h"

#include <cerrno>
#include <cmath>

#ifdef Q_OS_LINUX
#include <sched.h>
#include <sys/resource.h>
#include <unistd.h>
#endif

Worker::Worker(WorkerRole role, int number, int index, RunContext &context, QObject *parent)
    : QThread(parent)
    , m_context(context)
    , m_role(role)
    , m_number(number)
    , m_index(index)
    , m_random(quint32(context.generator().seed() ^ (quint64(index + 1) * 0x9E3779B97F4A7C15ull)))
{
    setObjectName(name());
}

QString Worker::name() const
{
    return workerName(m_role, m_number);
}

WorkerStatistics Worker::statistics() const
{
    WorkerStatistics stats;
    stats.name = name();
    stats.role = m_role;
    stats.number = m_number;
    stats.state = state();
    stats.items = m_items.load(std::memory_order_relaxed);
    stats.failed = m_failed.load(std::memory_order_relaxed);
    stats.valid = m_valid.load(std::memory_order_relaxed);
    stats.passed = m_passed.load(std::memory_order_relaxed);
    stats.markSum = m_markSum.load(std::memory_order_relaxed);
    stats.blockedNs = m_blockedNs.load(std::memory_order_relaxed);
    // Include the wait in progress, so a worker blocked right now shows its blocked time. Not
    // QThread::isRunning(): it takes the thread's own mutex, which the thread holds (at idle
    // priority) while it winds down.
    if (isBlocked(stats.state) && !hasRunToEnd())
        stats.blockedNs
            += qMax<qint64>(0, m_context.journal().now() - m_stateSinceNs.load(std::memory_order_relaxed));
    return stats;
}

namespace {

// Marks a worker's thread as exited. A thread_local is destroyed as its thread exits, after the
// thread's start routine has returned, and QThread runs its wind-down (QThreadPrivate::finish())
// before that: once the mark is set, nothing of the thread holds anything any more.
struct ExitMark
{
    std::shared_ptr<std::atomic<bool>> exited;
    ~ExitMark()
    {
        if (exited)
            exited->store(true, std::memory_order_release);
    }
};

} // namespace

void Worker::run()
{
    if (m_inBackground)
        lowerOwnPriority();
    static thread_local ExitMark mark;
    mark.exited = m_exited;
    m_stateSinceNs.store(m_context.journal().now(), std::memory_order_relaxed);
    work();
    // heldRecord() stays set if the run was stopped mid-record, so its file can be cleaned up.
    setState(WorkerState::Done);
    m_ranToEnd.store(true, std::memory_order_release);
}

void Worker::lowerOwnPriority()
{
#ifdef Q_OS_LINUX
    // Threads are tasks of their own to the Linux scheduler: both apply to this one alone.
    // SCHED_BATCH: a worker that wakes up (a semaphore released by another) never preempts the
    // running GUI thread; it waits for the next tick. Nice 10: a tenth of the GUI's share when
    // both want the CPU, yet a share that other busy processes cannot take away (as they can from
    // SCHED_IDLE).
    const sched_param parameters {};
    ::sched_setscheduler(0, SCHED_BATCH, &parameters);
    constexpr int BackgroundNice = 10;
    errno = 0;
    const int current = ::getpriority(PRIO_PROCESS, id_t(::gettid()));
    if (errno == 0)
        ::setpriority(PRIO_PROCESS, id_t(::gettid()), qMin(19, current + BackgroundNice));
#else
    setPriority(QThread::LowestPriority);
#endif
}

void Worker::setState(WorkerState state)
{
    const WorkerState previous = m_state.load(std::memory_order_relaxed);
    if (previous == state)
        return;
    const qint64 now = m_context.journal().now();
    if (isBlocked(previous))
        m_blockedNs.fetch_add(now - m_stateSinceNs.load(std::memory_order_relaxed),
                              std::memory_order_relaxed);
    m_stateSinceNs.store(now, std::memory_order_relaxed);
    m_state.store(state, std::memory_order_relaxed);

    JournalEvent event;
    event.timeNs = now;
    event.kind = JournalEvent::Kind::StateChanged;
    event.worker = qint16(m_index);
    event.state = state;
    event.record = m_heldRecord.load(std::memory_order_relaxed);
    event.programme = m_programme;
    m_context.journal().append(event);
}

void Worker::setHeldRecord(int record)
{
    m_heldRecord.store(record, std::memory_order_relaxed);
}

bool Worker::passGate()
{
    RunControl &control = m_context.control();
    if (control.isPaused()) {
        const WorkerState before = state();
        setState(WorkerState::Paused);
        const bool running = control.waitWhilePaused();
        if (running)
            setState(before);
        return running;
    }
    return !control.isStopped();
}

bool Worker::sleepBetweenItems()
{
    const DelayRange range = m_context.delay(m_role);
    if (range.isZero())
        return !m_context.control().isStopped();
    const int drawn = range.minMs + int(m_random.bounded(range.maxMs - range.minMs + 1));
    const int ms = int(std::lround(drawn / m_context.speed()));
    setState(WorkerState::Sleeping);
    return m_context.control().sleep(ms);
}

void Worker::reportFailure(int record, WorkerState state, QString error, ITStudent student, bool writeFailed)
{
    JournalEvent event;
    event.worker = qint16(m_index);
    event.record = record;
    event.kind = JournalEvent::Kind::Failed;
    event.state = state;
    event.programme = m_programme;
    event.timeNs = m_context.journal().now();
    m_failed.fetch_add(1, std::memory_order_relaxed);
    m_context.journal().append(event);
    m_context.keepFailure(record, error);
    if (m_context.collectsResults()) {
        ProcessedRecord processed;
        processed.record = record;
        processed.consumer = qint16(m_index);
        processed.timeNs = event.timeNs;
        processed.student = std::move(student);
        processed.error = std::move(error);
        processed.writeFailed = writeFailed;
        m_context.results().append(std::move(processed));
    }
}

void Worker::inserted(int item, int slot, int sizeAfter)
{
    journalBufferEvent(JournalEvent::Kind::Inserted, item, slot, sizeAfter);
}

void Worker::removed(int item, int slot, int sizeAfter)
{
    journalBufferEvent(JournalEvent::Kind::Removed, item, slot, sizeAfter);
}

void Worker::journalBufferEvent(JournalEvent::Kind kind, int item, int slot, int sizeAfter)
{
    JournalEvent event;
    event.timeNs = m_context.journal().now();
    event.kind = kind;
    event.worker = qint16(m_index);
    event.record = item;
    event.slot = qint16(slot);
    event.size = qint16(sizeAfter);
    event.state = state();
    event.programme = m_programme;
    m_context.journal().append(event);
}
