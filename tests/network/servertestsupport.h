#pragma once

#include "bufferserver.h"

#include <QHostAddress>
#include <QTcpSocket>
#include <QThread>

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
