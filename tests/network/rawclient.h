#pragma once

#include <QByteArray>
#include <QDeadlineTimer>

#include <cerrno>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

// A TCP client on a bare non-blocking socket, for behaving as hostile clients do: writing without
// reading, closing with a reply unread, writing until the kernel will take no more. Every call
// that waits has a timeout.
class RawClient
{
public:
    static constexpr int TimeoutMs = 5000;

    RawClient() = default;
    RawClient(const RawClient &) = delete;
    RawClient &operator=(const RawClient &) = delete;
    ~RawClient() { close(); }

    bool connectTo(quint16 port, int timeoutMs = TimeoutMs)
    {
        m_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        if (m_fd < 0)
            return false;
        sockaddr_in address {};
        address.sin_family = AF_INET;
        address.sin_port = htons(port);
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(m_fd, reinterpret_cast<sockaddr *>(&address), sizeof address) == 0)
            return true;
        if (errno != EINPROGRESS)
            return false;
        return waitConnected(timeoutMs);
    }

    // Starts connecting and returns at once; waitConnected() finishes.
    bool startConnect(quint16 port)
    {
        m_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        sockaddr_in address {};
        address.sin_family = AF_INET;
        address.sin_port = htons(port);
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        return m_fd >= 0
            && (::connect(m_fd, reinterpret_cast<sockaddr *>(&address), sizeof address) == 0
                || errno == EINPROGRESS);
    }

    // The handshake is complete (without error) within the time.
    bool waitConnected(int timeoutMs)
    {
        if (!waitFor(POLLOUT, timeoutMs))
            return false;
        int error = 0;
        socklen_t length = sizeof error;
        return ::getsockopt(m_fd, SOL_SOCKET, SO_ERROR, &error, &length) == 0 && error == 0;
    }

    // Sends everything, waiting for room as needed; false if it could not within the time.
    bool sendAll(const QByteArray &bytes, int timeoutMs = TimeoutMs)
    {
        const QDeadlineTimer deadline(timeoutMs);
        qsizetype done = 0;
        while (done < bytes.size()) {
            const ssize_t sent = ::send(m_fd, bytes.data() + done, size_t(bytes.size() - done), MSG_NOSIGNAL);
            if (sent > 0) {
                done += sent;
                continue;
            }
            if (sent < 0 && errno != EAGAIN && errno != EINTR)
                return false;
            if (!waitFor(POLLOUT, int(qMax<qint64>(0, deadline.remainingTime()))))
                return false;
        }
        return true;
    }

    // Sends as much as the kernel takes without waiting; returns how much that was, or -1 if the
    // connection failed before anything was sent.
    qint64 sendWhatFits(const QByteArray &bytes)
    {
        qint64 done = 0;
        while (done < bytes.size()) {
            const ssize_t sent = ::send(m_fd, bytes.data() + done, size_t(bytes.size() - done), MSG_NOSIGNAL);
            if (sent > 0) {
                done += sent;
                continue;
            }
            if (sent < 0 && errno == EINTR)
                continue;
            if (sent < 0 && errno != EAGAIN && done == 0)
                return -1;
            break;
        }
        return done;
    }

    // The next '\n'-terminated line, without it; empty on timeout or end of stream.
    QByteArray readLine(int timeoutMs = TimeoutMs)
    {
        const QDeadlineTimer deadline(timeoutMs);
        for (;;) {
            const qsizetype newline = m_input.indexOf('\n');
            if (newline >= 0) {
                const QByteArray line = m_input.left(newline);
                m_input.remove(0, newline + 1);
                return line;
            }
            if (!readSome(int(qMax<qint64>(0, deadline.remainingTime()))))
                return {};
        }
    }

    // Reads until the server closes; true if it did within the time. What arrived is in input().
    bool waitForClose(int timeoutMs = TimeoutMs)
    {
        const QDeadlineTimer deadline(timeoutMs);
        while (!m_closed) {
            if (!readSome(int(qMax<qint64>(0, deadline.remainingTime()))) && !m_closed)
                return false;
        }
        return true;
    }

    // Waits until something can be read, without reading it.
    bool waitReadable(int timeoutMs = TimeoutMs) { return waitFor(POLLIN, timeoutMs); }

    void shutdownWrite() { ::shutdown(m_fd, SHUT_WR); }

    void close()
    {
        if (m_fd >= 0)
            ::close(m_fd);
        m_fd = -1;
    }

    QByteArray &input() { return m_input; }
    int descriptor() const { return m_fd; }

private:
    bool waitFor(short events, int timeoutMs)
    {
        pollfd p {m_fd, events, 0};
        const QDeadlineTimer deadline(timeoutMs);
        for (;;) {
            const int ready = ::poll(&p, 1, int(qMax<qint64>(0, deadline.remainingTime())));
            if (ready > 0)
                return true;
            if (ready == 0 || errno != EINTR)
                return false;
        }
    }

    bool readSome(int timeoutMs)
    {
        if (m_closed || !waitFor(POLLIN, timeoutMs))
            return false;
        char chunk[65536];
        const ssize_t got = ::recv(m_fd, chunk, sizeof chunk, 0);
        if (got <= 0) {
            m_closed = true;
            return false;
        }
        m_input.append(chunk, got);
        return true;
    }

    int m_fd = -1;
    QByteArray m_input;
    bool m_closed = false;
};
