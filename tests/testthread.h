#pragma once

#include <QDeadlineTimer>
#include <QThread>

#include <atomic>
#include <functional>
#include <memory>

// A thread running body; finishedWithin() waits for it with a timeout. The done flag has release
// order, so ThreadSanitizer (which cannot see inside QThread::wait()) sees the thread's writes.
class TestThread
{
public:
    explicit TestThread(std::function<void()> body)
        : m_thread(QThread::create([this, body = std::move(body)] {
            body();
            m_done.store(true, std::memory_order_release);
        }))
    {
        m_thread->start();
    }

    bool finishedWithin(int ms)
    {
        return m_thread->wait(QDeadlineTimer(ms)) && m_done.load(std::memory_order_acquire);
    }

private:
    std::atomic<bool> m_done = false;
    std::unique_ptr<QThread> m_thread;
};
