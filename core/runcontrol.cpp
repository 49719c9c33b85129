#include "runcontrol.h"

#include "bufferstrategy.h"
#include "conditionwait.h"

#include <QDeadlineTimer>

void RunControl::pause()
{
    QMutexLocker locker(&m_mutex);
    m_paused = true;
}

void RunControl::resume()
{
    QMutexLocker locker(&m_mutex);
    m_paused = false;
    m_steps = 0;
    m_changed.wakeAll();
}

void RunControl::step()
{
    QMutexLocker locker(&m_mutex);
    if (!m_paused)
        return;
    m_steps = 1;
    m_changed.wakeAll();
}

void RunControl::refundOperation()
{
    if (!isPaused())
        return;
    QMutexLocker locker(&m_mutex);
    if (isPaused()) {
        m_steps += 1;
        m_changed.wakeAll();
    }
}

bool RunControl::admitOperation(BufferObserver *observer)
{
    if (!isPaused())
        return !isStopped();
    QMutexLocker locker(&m_mutex);
    bool told = false;
    while (isPaused() && m_steps == 0 && !isStopped()) {
        if (observer && !told) {
            observer->stateChanged(WorkerState::Paused);
            told = true;
        }
        waitOn(m_changed, m_mutex);
    }
    if (isPaused() && m_steps > 0)
        --m_steps;
    return !isStopped();
}

void RunControl::stop()
{
    QMutexLocker locker(&m_mutex);
    m_stopped.store(true, std::memory_order_release);
    m_changed.wakeAll();
}

bool RunControl::isPaused() const
{
    return m_paused.load(std::memory_order_acquire);
}

bool RunControl::waitWhilePaused()
{
    if (!isPaused())
        return !isStopped();
    QMutexLocker locker(&m_mutex);
    // A granted step lets everyone on towards the next buffer operation.
    while (isPaused() && m_steps == 0 && !isStopped())
        waitOn(m_changed, m_mutex);
    return !isStopped();
}

bool RunControl::sleep(int ms)
{
    if (ms <= 0)
        return !isStopped();
    const QDeadlineTimer deadline(ms);
    QMutexLocker locker(&m_mutex);
    while (!isStopped() && !deadline.hasExpired())
        waitOn(m_changed, m_mutex, deadline);
    return !isStopped();
}
