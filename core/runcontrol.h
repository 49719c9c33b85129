#pragma once

#include "operationgate.h"

#include <QMutex>
#include <QWaitCondition>

#include <atomic>

// Pause, step, resume and stop for worker threads. Workers pass through waitWhilePaused() between
// operations, sleep through sleep(), and ask admitOperation() right before each insert or remove;
// stop() wakes all three at once, so no thread stays blocked.
//
// A step lets a paused run go on until exactly one buffer operation has happened: the workers
// move until one of them is admitted to its insert or remove, and the next one to ask waits again.
class RunControl final : public OperationGate
{
public:
    void pause();
    void resume();
    void stop();
    // While paused: admit one more buffer operation.
    void step();

    bool isPaused() const;
    bool isStopped() const { return m_stopped.load(std::memory_order_acquire); }

    // Blocks while paused. Returns false once stopped.
    bool waitWhilePaused();
    // Sleeps for ms milliseconds, or less if stopped meanwhile. Returns false once stopped.
    bool sleep(int ms);

    bool admitOperation(BufferObserver *observer) override;
    void refundOperation() override;

private:
    mutable QMutex m_mutex;
    QWaitCondition m_changed;
    std::atomic<bool> m_paused = false; // written under m_mutex; read without it on the fast path
    std::atomic<bool> m_stopped = false;
    int m_steps = 0; // operations granted while paused, guarded by m_mutex
};
