#pragma once

#include <QMutex>
#include <QWaitCondition>

#include <atomic>

// Pause, resume and stop for worker threads. Workers pass through waitWhilePaused() between
// operations and sleep through sleep(); stop() wakes both at once, so no thread stays blocked.
class RunControl
{
public:
    void pause();
    void resume();
    void stop();

    bool isPaused() const;
    bool isStopped() const { return m_stopped.load(std::memory_order_acquire); }

    // Blocks while paused. Returns false once stopped.
    bool waitWhilePaused();
    // Sleeps for ms milliseconds, or less if stopped meanwhile. Returns false once stopped.
    bool sleep(int ms);

private:
    mutable QMutex m_mutex;
    QWaitCondition m_changed;
    std::atomic<bool> m_paused = false; // written under m_mutex; read without it on the fast path
    std::atomic<bool> m_stopped = false;
};
