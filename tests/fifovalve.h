#pragma once

#include <QByteArray>
#include <QFile>
#include <QString>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include <fcntl.h>
#include <unistd.h>

// A timeout for a test that reads a FIFO and must not block on it: if the reader is still stuck
// after timeoutMs (the bug under test), a writer opens and closes the FIFO, which releases it, so
// the test fails instead of hanging. Destroyed early (the normal case), it does nothing.
class FifoValve
{
public:
    explicit FifoValve(const QString &fifo, int timeoutMs = 10'000)
        : m_path(QFile::encodeName(fifo)), m_thread([this, timeoutMs] {
            std::unique_lock lock(m_mutex);
            if (m_done.wait_for(lock, std::chrono::milliseconds(timeoutMs), [this] { return m_finished; }))
                return;
            // Non-blocking: succeeds only while a reader is stuck in open(); then at once closed.
            const int fd = ::open(m_path.constData(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
            if (fd >= 0)
                ::close(fd);
        })
    { }

    ~FifoValve()
    {
        {
            std::lock_guard lock(m_mutex);
            m_finished = true;
        }
        m_done.notify_all();
        m_thread.join();
    }

    FifoValve(const FifoValve &) = delete;
    FifoValve &operator=(const FifoValve &) = delete;

private:
    const QByteArray m_path;
    std::mutex m_mutex;
    std::condition_variable m_done;
    bool m_finished = false;
    std::thread m_thread;
};
