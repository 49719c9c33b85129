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

#include <atomic>
#include <deque>
#include <memory>
#include <unordered_map>

class QTcpServer;
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
//
// Nothing a client does can hang the server or grow its memory without bound:
//  * a connection holds at most 2 * MessageReader::MaxMessageSize bytes of requests; a line
//    longer than MaxMessageSize gets an error and the connection is closed, however it arrives;
//  * every complete request is answered, in order, but only while fewer than OutboxSoftLimit
//    bytes of replies wait to be read: a client that does not read its replies is not read from
//    either (backpressure), and is closed once it has read nothing for the write timeout;
//  * all connections together hold at most the memory budget of requests and replies: past it,
//    the connection holding the most is closed, with the reason in the log;
//  * at most maxConnections connections are open; more are told so and closed;
//  * each wakeup reads at most ReadBudget bytes from one connection and answers at most
//    MessageBudget of its requests (the rest wait for its next turn, after everyone else's), and
//    returns to the event loop within SocketPoller's time budget, so timers, signals and other
//    clients always run.
class BufferServer : public QObject
{
    Q_OBJECT
public:
    static constexpr quint16 DefaultPort = 5555;
    static constexpr int DefaultCapacity = 15;
    static constexpr int MinCapacity = 1;
    static constexpr int MaxCapacity = 256;
    static constexpr int DefaultHelloTimeoutMs = 30'000;
    static constexpr int DefaultWriteTimeoutMs = 30'000;
    static constexpr int DefaultMaxConnections = 4096;
    static constexpr int ListenBacklog = 4096;
    static constexpr qsizetype OutboxSoftLimit = 256 * 1024;
    static constexpr qsizetype ReadBudget = 256 * 1024;
    // SO_SNDBUF and SO_RCVBUF of every connection (the kernel doubles them for its bookkeeping).
    static constexpr qsizetype KernelSocketBuffer = 256 * 1024;
    // Requests one connection gets answered in a turn; then the others get theirs.
    static constexpr int MessageBudget = 64;
    static constexpr qsizetype DefaultMemoryBudget = 64 * 1024 * 1024;
    // Distinct "role id" pairs kept apart in the statistics; later ones are counted under "*".
    static constexpr int MaxClientIds = 10'000;
    static constexpr int MaxClientIdLength = 64;

    explicit BufferServer(QObject *parent = nullptr);
    ~BufferServer() override;

    // Port 0 picks a free port. On failure returns false and sets *error to a sentence.
    bool listen(const QHostAddress &address, quint16 port, QString *error);
    // Serves an already connected stream socket as if it had been accepted (socket activation,
    // tests). Takes ownership of the descriptor; false if it cannot be watched (it is closed).
    bool adoptConnection(int descriptor);
    // Stops listening, tells every native client "server shutting down", and drops every
    // connection (unacknowledged items go back to the buffer). What is still in the buffer is
    // then saved to the state file, if one is set, or counted as dropped.
    void close();
    bool isListening() const;
    QHostAddress serverAddress() const;
    quint16 serverPort() const;

    void setCapacity(int capacity);
    int capacity() const;
    // Connections that have not said hello (native) or sent their request (original format)
    // within this time are closed.
    void setHelloTimeout(int ms);
    // A connection with replies to read that reads none of them for this long is closed.
    void setWriteTimeout(int ms);
    void setMaxConnections(int count);
    // Bytes of requests and replies all connections may hold together.
    void setMemoryBudget(qsizetype bytes);
    // The buffer survives a restart: listen() loads it from this file (if the file exists; a file
    // that cannot be read makes listen() fail and is left as it is) and close() writes it there
    // atomically. Empty: no state file.
    void setStateFile(const QString &path);
    // Requests and replies held in memory for all connections now (for tests and benchmarks).
    qsizetype heldBytes() const;

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
    struct Client
    {
        ClientStatistics stats;
        int open = 0; // connections open now (after hello)
        qint64 openSinceNs = 0; // when the first of them opened
    };

    // How a connection ended, for an original-format reply that has no acknowledgement.
    enum class End { Normal, Reset };

    void acceptPending();
    bool addConnection(int descriptor);
    void onSocketEvent(int descriptor, unsigned events);
    // Reads (at most ReadBudget bytes) and answers what it can; may drop the connection.
    void readFrom(Connection *connection);
    // Writes what the connection's replies left in its outbox; false if that dropped it.
    bool writeOutbox(Connection *connection);
    // After the peer hung up: drops the connection once everything it asked is answered.
    void finishIfDone(Connection *connection);
    bool wantsInput(const Connection *connection) const;
    void updateWatch(Connection *connection);
    // Keeps m_heldBytes up to date after the connection's reader or outbox changed.
    void account(Connection *connection);
    void enforceMemoryBudget();
    void sweep();
    // Answers at most MessageBudget requests; false if more are waiting (the connection is then
    // in the backlog, continued on a later pass of the event loop).
    bool processMessages(Connection *connection);
    void processBacklog();
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
    void dropConnection(Connection *connection, End end = End::Normal);
    // Whether the peer's TCP has every byte of our replies: the original format's only proof of
    // delivery (a peer that closes with a reply unread resets the connection instead).
    bool peerHasEveryReply(const Connection *connection) const;
    void sayGoodbye(Connection *connection);
    bool loadState(QString *error);
    void saveState();
    Connection *findConnection(quint64 id) const;
    int clientIndex(const QString &role, const QString &id, bool legacy);
    void setClientState(Connection *connection, WorkerState state);
    void log(int source, const QString &text, bool error = false);
    static qint8 programmeOf(QByteArrayView itemJson);

    QTcpServer *m_server = nullptr; // binds and listens; acceptPending() accepts
    SocketPoller *m_poller = nullptr;
    QTimer *m_timeoutTimer = nullptr;
    QTimer *m_sweepTimer = nullptr; // hello timeouts and lingering closes
    int m_helloTimeoutMs = DefaultHelloTimeoutMs;
    int m_writeTimeoutMs = DefaultWriteTimeoutMs;
    int m_maxConnections = DefaultMaxConnections;
    qsizetype m_memoryBudget = DefaultMemoryBudget;
    std::atomic<qsizetype> m_heldBytes = 0;
    int m_listenDescriptor = -1; // accepted from here by acceptPending()
    QTimer *m_acceptTimer = nullptr; // resumes accepting after the process ran out of descriptors
    QString m_statePath;
    qint64 m_lastRejectLogNs = -1;
    qint64 m_rejectedSinceLog = 0;
    std::unordered_map<quint64, std::unique_ptr<Connection>> m_connections;
    std::unordered_map<int, quint64> m_byDescriptor;
    quint64 m_nextConnectionId = 1;
    std::vector<quint64> m_resume; // connections whose next request may run
    std::vector<quint64> m_dirty; // connections with replies to write
    std::vector<quint64> m_backlog; // connections with requests left after their turn
    QTimer *m_backlogTimer = nullptr;
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
