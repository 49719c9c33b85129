#pragma once

#include "eventcount.h"
#include "operationgate.h"

#include <atomic>

// Pause, step, resume and stop for worker threads. Workers pass through waitWhilePaused() between
// operations, sleep through sleep(), and ask admitOperation() right before each insert or remove;
// stop() wakes all three at once, so no thread stays blocked.
//
// A step lets a paused run go on until exactly one buffer operation has happened: the workers
// move until one of them is admitted to its insert or remove, and the next one to ask waits again.
//
// The state is atomics and the waits are on an EventCount, so pause(), resume(), step() and stop()
// never wait for anything: the GUI thread calls them, and the workers run at a low priority.
class RunControl final : public OperationGate
{
public:
    void pause();
    void resume();
    void stop();
    // While paused: admit one more buffer operation.
    void step();

    bool isPaused() const { return m_paused.load(std::memory_order_acquire); }
    bool isStopped() const { return m_stopped.load(std::memory_order_acquire); }

    // Blocks while paused. Returns false once stopped.
    bool waitWhilePaused();
    // Sleeps for ms milliseconds, or less if stopped meanwhile. Returns false once stopped.
    bool sleep(int ms);

    bool admitOperation(BufferObserver *observer) override;
    void refundOperation() override;

private:
    // Takes one granted step, if there is one.
    bool takeStep();

    EventCount m_changed;
    std::atomic<bool> m_paused = false;
    std::atomic<bool> m_stopped = false;
    std::atomic<int> m_steps = 0; // operations granted while paused
};
