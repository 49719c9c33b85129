#pragma once

#include "bufferserver.h"

#include <QDeadlineTimer>
#include <QHostAddress>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QThread>

#include <csignal>

#include <memory>

// A BufferServer on an ephemeral port in a thread of its own, so a test can talk to it with
// blocking socket calls (each with a timeout) without starving the server's event loop.
class ServerThread
{
public:
    explicit ServerThread(int capacity = BufferServer::DefaultCapacity, int helloTimeoutMs = 30'000)
    {
        m_thread.start();
        m_server = new BufferServer;
        m_server->moveToThread(&m_thread);
        QMetaObject::invokeMethod(
            m_server,
            [&] {
                m_server->setCapacity(capacity);
                m_server->setHelloTimeout(helloTimeoutMs);
                QString error;
                m_listening = m_server->listen(QHostAddress::LocalHost, 0, &error);
                m_port = m_server->serverPort();
            },
            Qt::BlockingQueuedConnection);
    }

    ~ServerThread()
    {
        QMetaObject::invokeMethod(
            m_server, [this] { delete m_server; }, Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait(10'000);
    }

    bool isListening() const { return m_listening; }
    quint16 port() const { return m_port; }
    BufferServer *server() const { return m_server; } // thread-safe readers only from the test

    // Runs f in the server's thread and waits for it.
    template<typename F> void run(F f)
    {
        QMetaObject::invokeMethod(m_server, f, Qt::BlockingQueuedConnection);
    }

private:
    QThread m_thread;
    BufferServer *m_server = nullptr;
    bool m_listening = false;
    quint16 m_port = 0;
};

// A bare TCP client for protocol tests: every call waits at most timeoutMs.
class TestConnection
{
public:
    static constexpr int TimeoutMs = 5000;

    bool connectTo(quint16 port)
    {
        m_socket.connectToHost(QHostAddress::LocalHost, port);
        return m_socket.waitForConnected(TimeoutMs);
    }

    void send(const QByteArray &bytes)
    {
        m_socket.write(bytes);
        m_socket.waitForBytesWritten(TimeoutMs);
    }

    // The next '\n'-terminated line without the newline; empty on timeout.
    QByteArray readLine(int timeoutMs = TimeoutMs)
    {
        while (!m_socket.canReadLine()) {
            if (!m_socket.waitForReadyRead(timeoutMs))
                return {};
        }
        return m_socket.readLine().chopped(1);
    }

    // Everything until the server closes the connection (the original format's single reply).
    QByteArray readUntilClosed(int timeoutMs = TimeoutMs)
    {
        QByteArray data;
        while (m_socket.state() == QAbstractSocket::ConnectedState && m_socket.waitForReadyRead(timeoutMs))
            data += m_socket.readAll();
        data += m_socket.readAll();
        return data;
    }

    bool waitForClosed(int timeoutMs = TimeoutMs)
    {
        if (m_socket.state() == QAbstractSocket::UnconnectedState)
            return true;
        return m_socket.waitForDisconnected(timeoutMs);
    }

    // Sends a line and returns the reply line.
    QByteArray request(const QByteArray &line)
    {
        send(line + '\n');
        return readLine();
    }

    void abort() { m_socket.abort(); }
    QTcpSocket &socket() { return m_socket; }

private:
    QTcpSocket m_socket;
};

// `bufferlab server` as a child process on an ephemeral port: a real server that a test can kill,
// interrupt or restart. Every wait has a timeout.
class ServerProcess
{
public:
    static constexpr int TimeoutMs = 10'000;

    ~ServerProcess()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(TimeoutMs);
        }
    }

    // Starts the server with these extra arguments and waits until it listens. Always --quiet:
    // a log nobody reads would fill the pipe and block the server.
    bool start(const QStringList &arguments = {})
    {
        m_process.setProcessChannelMode(QProcess::SeparateChannels);
        m_process.setReadChannel(QProcess::StandardError);
        m_process.start(QStringLiteral(BUFFERLAB_EXECUTABLE),
                        QStringList {QStringLiteral("server"), QStringLiteral("--port"), QStringLiteral("0"),
                                     QStringLiteral("--quiet")}
                            + arguments);
        if (!m_process.waitForStarted(TimeoutMs))
            return false;
        static const QRegularExpression listening(QStringLiteral("listening on \\S+ port (\\d+)"));
        const QDeadlineTimer deadline(TimeoutMs);
        while (!deadline.hasExpired()) {
            const QRegularExpressionMatch match = listening.match(QString::fromUtf8(m_output));
            if (match.hasMatch()) {
                m_port = quint16(match.captured(1).toUInt());
                return true;
            }
            if (m_process.state() == QProcess::NotRunning)
                return false;
            m_process.waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime())));
            m_output += m_process.readAllStandardError();
        }
        return false;
    }

    quint16 port() const { return m_port; }
    qint64 pid() const { return m_process.processId(); }
    QProcess &process() { return m_process; }

    // Sends a signal and waits for the process to end; false if it did not within timeoutMs.
    bool signalAndWait(int signal, int timeoutMs = TimeoutMs)
    {
        ::kill(pid_t(m_process.processId()), signal);
        return m_process.waitForFinished(timeoutMs);
    }

    // What it printed on stdout so far (the statistics, once it ended).
    QByteArray output() { return m_process.readAllStandardOutput(); }
    // Everything it printed on stderr so far.
    QByteArray errorOutput()
    {
        m_output += m_process.readAllStandardError();
        return m_output;
    }

private:
    QProcess m_process;
    QByteArray m_output;
    quint16 m_port = 0;
};
