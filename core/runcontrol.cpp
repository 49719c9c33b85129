#include "runcontrol.h"

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
    m_changed.wakeAll();
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
    while (isPaused() && !isStopped())
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
