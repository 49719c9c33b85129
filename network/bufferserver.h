#pragma once

#include "bufferstrategy.h"
#include "journal.h"
#include "logentry.h"
#include "nativeprotocol.h"
#include "ringbuffer.h"
#include "serverstatistics.h"

#include <QHash>
#include <QHostAddress>
#include <QMutex>
#include <QObject>

#include <deque>
#include <memory>
#include <unordered_map>

class QTimer;
class SocketPoller;

// The bounded buffer as a TCP server. It speaks both wire formats on one port (see
// MessageReader, NativeProtocol and LegacyProtocol): the original program's one request per
// connection, and BufferLab's persistent connections where a put waits while the buffer is full
// and a take waits while it is empty (first come, first served), and a delivered item that is
// never acknowledged goes back to the head of the buffer.
//
// Single-threaded: it lives in the thread that created it (or was moved to), and every socket is
// handled there by the event loop, never blocking. The bufferSnapshot(), statistics(),
// takeEvents() and takeLog() readers are thread-safe, so a GUI can watch a server that runs in
// another thread.
class BufferServer : public QObject
{
    Q_OBJECT
public:
    static constexpr quint16 DefaultPort = 5555;
    static constexpr int DefaultCapacity = 15;
    static constexpr int MinCapacity = 1;
    static constexpr int MaxCapacity = 256;
    static constexpr int DefaultHelloTimeoutMs = 30'000;

    explicit BufferServer(QObject *parent = nullptr);
    ~BufferServer() override;

    // Port 0 picks a free port. On failure returns false and sets *error to a sentence.
    bool listen(const QHostAddress &address, quint16 port, QString *error);
    // Stops listening and drops every connection.
    void close();
    bool isListening() const;
    QHostAddress serverAddress() const;
    quint16 serverPort() const;

    void setCapacity(int capacity);
    int capacity() const;
    // Connections that have not said hello (native) or sent their request (original format)
    // within this time are closed.
    void setHelloTimeout(int ms);

    // Thread-safe readers.
    BufferSnapshot bufferSnapshot() const;
    ServerStatistics statistics() const;
    std::vector<JournalEvent> takeEvents();
    std::vector<LogEntry> takeLog();
    // BufferClient::digest() of every item still in the server: in the buffer or unacknowledged.
    QStringList remainingDigests() const;
    // The client a journal event or log entry names (JournalEvent::worker, LogEntry::source).
    QString clientName(int index) const;
    NativeProtocol::Role clientRole(int index) const;

Q_SIGNALS:
    // After a client connected, disconnected or said hello: the client list changed.
    void clientsChanged();

private:
    struct Item;
    struct Pending;
    struct Connection;
    class Listener;
    struct Client
    {
        ClientStatistics stats;
        int open = 0; // connections open now (after hello)
        qint64 openSinceNs = 0; // when the first of them opened
    };

    void onNewConnection(int descriptor);
    void onSocketEvent(int descriptor, unsigned events);
    void readFrom(Connection *connection);
    // Writes what the connection's replies left in its outbox; false if that dropped it.
    bool writeOutbox(Connection *connection);
    void updateWatch(Connection *connection);
    void sweep();
    void processMessages(Connection *connection);
    void handleNative(Connection *connection, const QByteArray &line);
    void handleLegacy(Connection *connection, const QByteArray &data);
    void hello(Connection *connection, const NativeProtocol::Request &request);
    void put(Connection *connection, const NativeProtocol::Request &request);
    void take(Connection *connection, const NativeProtocol::Request &request);
    void ack(Connection *connection, const NativeProtocol::Request &request);
    void status(Connection *connection);

    // Buffer operations (m_mutex held by the caller).
    void insertLocked(Connection *producer, int serial);
    void deliverLocked(Connection *consumer);
    void admitWaitingLocked();
    void serveWaitingConsumersLocked();
    // A held request is being answered: stop waiting, count the time waited.
    Pending releaseLocked(Connection *waiter);
    void journalTransfer(JournalEvent::Kind kind, int client, int serial, int slot, qint8 programme);

    // Replies are queued on the socket under the lock and flushed by afterEvent(), outside it.
    void send(Connection *connection, const QByteArray &bytes);
    // The connection's held request was answered: its next requests may be handled now.
    void finishRequest(Connection *connection);
    // Ends every entry point: flushes replies and handles requests that were waiting their turn.
    void afterEvent();
    void reset();
    void sendError(Connection *connection, const QString &error,
                   std::optional<NativeProtocol::Op> op = std::nullopt);
    void expireTimeouts();
    void scheduleTimeouts();
    void dropConnection(Connection *connection);
    Connection *findConnection(quint64 id) const;
    int clientIndex(const QString &role, const QString &id, bool legacy);
    void setClientState(Connection *connection, WorkerState state);
    void log(int source, const QString &text, bool error = false);
    static qint8 programmeOf(QByteArrayView itemJson);

    Listener *m_server = nullptr;
    SocketPoller *m_poller = nullptr;
    QTimer *m_timeoutTimer = nullptr;
    QTimer *m_sweepTimer = nullptr; // hello timeouts and lingering closes
    int m_helloTimeoutMs = DefaultHelloTimeoutMs;
    std::unordered_map<quint64, std::unique_ptr<Connection>> m_connections;
    std::unordered_map<int, quint64> m_byDescriptor;
    quint64 m_nextConnectionId = 1;
    std::vector<quint64> m_resume; // connections whose next request may run
    std::vector<quint64> m_dirty; // connections with replies to write
    bool m_inAfterEvent = false;

    // Everything below is guarded by m_mutex: the event-loop thread writes, readers copy.
    mutable QMutex m_mutex;
    RingBuffer m_ring {DefaultCapacity}; // item serials
    QHash<int, Item> m_items; // serial -> item, for every item in the ring or unacked
    int m_nextSerial = 1;
    qint64 m_nextTag = 1;
    std::deque<Connection *> m_waitingProducers;
    std::deque<Connection *> m_waitingConsumers;
    QList<Client> m_clients;
    QHash<QString, int> m_clientIndex; // "role id" -> index into m_clients
    ServerStatistics m_totals; // counters, address and port; the rest is filled in statistics()
    Journal m_journal;
    DrainQueue<LogEntry> m_log {200'000};
};
