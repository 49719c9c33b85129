#include "runcontrol.h"

#include "bufferstrategy.h"

#include <QDeadlineTimer>

// Every wait below reads the epoch before it looks at the state, so a change made (and notified)
// after the look ends the wait.

void RunControl::pause()
{
    m_paused.store(true, std::memory_order_release);
}

void RunControl::resume()
{
    m_steps.store(0, std::memory_order_relaxed);
    m_paused.store(false, std::memory_order_release);
    m_changed.notifyAll();
}

void RunControl::step()
{
    if (!isPaused())
        return;
    m_steps.store(1, std::memory_order_release);
    m_changed.notifyAll();
}

void RunControl::refundOperation()
{
    if (!isPaused())
        return;
    m_steps.fetch_add(1, std::memory_order_acq_rel);
    m_changed.notifyAll();
}

void RunControl::stop()
{
    m_stopped.store(true, std::memory_order_release);
    m_changed.notifyAll();
}

bool RunControl::takeStep()
{
    int steps = m_steps.load(std::memory_order_acquire);
    while (steps > 0) {
        if (m_steps.compare_exchange_weak(steps, steps - 1, std::memory_order_acq_rel))
            return true;
    }
    return false;
}

bool RunControl::admitOperation(BufferObserver *observer)
{
    if (!isPaused())
        return !isStopped();
    bool told = false;
    for (;;) {
        const quint32 epoch = m_changed.epoch();
        if (isStopped())
            return false;
        if (!isPaused() || takeStep())
            return true;
        if (observer && !told) {
            observer->stateChanged(WorkerState::Paused);
            told = true;
        }
        m_changed.wait(epoch);
    }
}

bool RunControl::waitWhilePaused()
{
    for (;;) {
        const quint32 epoch = m_changed.epoch();
        if (isStopped())
            return false;
        // A granted step lets everyone on towards the next buffer operation.
        if (!isPaused() || m_steps.load(std::memory_order_acquire) > 0)
            return true;
        m_changed.wait(epoch);
    }
}

bool RunControl::sleep(int ms)
{
    if (ms <= 0)
        return !isStopped();
    const QDeadlineTimer deadline(ms);
    for (;;) {
        const quint32 epoch = m_changed.epoch();
        if (isStopped())
            return false;
        if (deadline.hasExpired())
            return true;
        m_changed.wait(epoch, deadline);
    }
}
