#include "eventcount.h"

#include <QThread>

#include <limits>

int EventCount::claimSlot()
{
    for (int slot = 0; slot < MaxWaiters; ++slot) {
        bool expected = false;
        if (!m_occupied[slot].load(std::memory_order_relaxed)
            && m_occupied[slot].compare_exchange_strong(expected, true, std::memory_order_seq_cst))
            return slot;
    }
    return -1;
}

bool EventCount::wait(quint32 epoch, QDeadlineTimer deadline)
{
    const int slot = claimSlot();
    if (slot < 0) {
        while (m_epoch.load(std::memory_order_seq_cst) == epoch) {
            if (deadline.hasExpired())
                return false;
            QThread::msleep(1);
        }
        return true;
    }
    QSemaphore &wakeup = m_wakeups[std::size_t(slot)];
    // Wake-ups that reached the slot after its last occupant had left. One that is meant for this
    // thread has moved the epoch on, which the loop below sees.
    while (wakeup.tryAcquire()) { }
    // The slot is claimed before the epoch is compared: notifyAll() moves the epoch before it
    // looks at the slots, so either this thread sees the new epoch or notifyAll() sees the slot.
    bool notified = true;
    while (m_epoch.load(std::memory_order_seq_cst) == epoch) {
        const qint64 remaining = deadline.remainingTime(); // -1: forever
        const int timeoutMs = int(qMin<qint64>(remaining, std::numeric_limits<int>::max()));
        if (!wakeup.tryAcquire(1, timeoutMs) && deadline.hasExpired()) {
            notified = m_epoch.load(std::memory_order_seq_cst) != epoch;
            break;
        }
    }
    m_occupied[std::size_t(slot)].store(false, std::memory_order_release);
    return notified;
}

void EventCount::notifyAll()
{
    m_epoch.fetch_add(1, std::memory_order_seq_cst);
    for (int slot = 0; slot < MaxWaiters; ++slot) {
        if (m_occupied[std::size_t(slot)].load(std::memory_order_seq_cst))
            m_wakeups[std::size_t(slot)].release();
    }
}
