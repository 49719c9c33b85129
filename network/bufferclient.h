#pragma once

#include "clientconfig.h"
#include "drainqueue.h"
#include "logentry.h"
#include "nativeprotocol.h"

#include <QElapsedTimer>
#include <QJsonValue>
#include <QMutex>
#include <QObject>
#include <QRandomGenerator>
#include <QTimer>

class QTcpSocket;

// A client's numbers, readable from any thread.
struct ClientRunStatistics
{
    QString id;
    QString role;
    QString state;
    int total = 0;
    int done = 0; // items put (producer) or processed and acknowledged (consumer)
    int failed = 0; // items given up (original format: still full/empty after every retry)
    int retries = 0; // original format: requests repeated because the buffer was full/empty
    int reconnects = 0;
    int passed = 0; // consumer: records with an average of 50 or more
    qint64 requests = 0; // put or take requests answered
    qint64 waitNs = 0; // time from sending a put/take to its answer
    double elapsedS = 0.0;
    QString error; // why the client failed, if it did
    QStringList itemDigests; // a short digest of each item done, to check for loss and duplicates

    double meanWaitMs() const { return requests > 0 ? double(waitNs) / 1e6 / double(requests) : 0.0; }
    double itemsPerSecond() const { return elapsedS > 0.0 ? done / elapsedS : 0.0; }
    QJsonObject toJson(bool withDigests = false) const;
};

// What producers and consumers share: the connection (native or the original format), hello,
// reconnecting with backoff, the interval between items, the state, the statistics and a log.
// Asynchronous throughout: it never blocks the thread it lives in. Subclasses say what to send
// and what to do with a reply.
class BufferClient : public QObject
{
    Q_OBJECT
public:
    enum class State {
        Idle,
        Connecting,
        Sending,
        WaitingForRoom,
        WaitingForItem,
        Processing,
        Sleeping,
        Retrying,
        Done,
        Failed
    };
    Q_ENUM(State)

    ~BufferClient() override;

    NativeProtocol::Role role() const { return m_role; }
    const ClientConfig &config() const { return m_config; }
    QString name() const; // "Producer P1"
    // "127.0.0.1:5555", "[::1]:5555": where the client connects, for messages.
    QString serverAddress() const;
    State state() const;
    // English (a key the window compares), marked for translation in the context "BufferClient".
    static QString describe(State state);
    bool isFinished() const;

    void start();
    // Ends at once, as failed ("stopped before the end").
    void stop();
    // The same, but a put or acknowledgement already sent first gets a moment (StopWaitMs) for its
    // reply, so that this client's count agrees with the server's. For a command-line client
    // interrupted with Ctrl+C.
    void stopAfterReply();
    static constexpr int StopWaitMs = 500;
    // Drops the connection abruptly, as a crash would; the client reconnects and goes on. An
    // item it held unacknowledged goes back to the server's buffer.
    void dropConnection();

    ClientRunStatistics statistics() const;
    std::vector<LogEntry> takeLog();

    // Digest used in itemDigests: the first 16 hex digits of SHA-1 of the item's JSON text.
    static QString digest(const QJsonValue &item);

Q_SIGNALS:
    void stateChanged(BufferClient::State state);
    // Done or failed; statistics() is final.
    void finished();

protected:
    BufferClient(NativeProtocol::Role role, const ClientConfig &config, QObject *parent);

    // Native: the next request line, or nothing when this client has no more to do.
    virtual std::optional<NativeProtocol::Request> nextRequest() = 0;
    // Native: the reply to the request sent last.
    virtual void handleReply(const NativeProtocol::Reply &reply) = 0;
    // Native: the connection was lost; a request in flight will be sent again after reconnecting.
    virtual void connectionLost() { }
    // The original format: the request for the current item.
    virtual QByteArray legacyRequest() = 0;
    // The original format: a success reply for the current item.
    virtual void handleLegacySuccess(const QJsonValue &item) = 0;

    // For subclasses.
    void sendNative(const NativeProtocol::Request &request);
    // Stays in `state` for the interval, then sends the request (a consumer working on an item
    // before acknowledging it).
    void sendAfterInterval(State state, const NativeProtocol::Request &request);
    // Goes on with the next item at once.
    void proceedNow() { proceed(); }
    void itemDone(const QJsonValue &item, bool passed = false);
    void itemFailed(const QString &why);
    void afterItem(); // sleep the interval, then go on
    void log(const QString &text, bool error = false);
    void setState(State state);
    int itemsDone() const;
    QRandomGenerator &random() { return m_random; }

private:
    void connectToServer();
    void onConnected();
    void onReadyRead();
    void onDisconnected();
    void onSocketError();
    void proceed();
    void sendLegacy();
    void handleLegacyReply(const QByteArray &received);
    void scheduleReconnect(const QString &why);
    void fail(const QString &why);
    void finish(State state);
    int drawMs(DelayRange range);

    const NativeProtocol::Role m_role;
    const ClientConfig m_config;
    QTcpSocket *m_socket = nullptr;
    // Children of the client, so that moveToThread() takes them along.
    QTimer m_nextTimer {this}; // the interval between items, and the original format's retry delay
    QTimer m_reconnectTimer {this}; // backoff after a lost connection
    QTimer m_waitingTimer {this}; // turns "sending" into "waiting for room/item" when the reply is slow
    QTimer m_holdTimer {this}; // sendAfterInterval()
    QTimer m_stopTimer {this}; // stop() waits this long for a reply in flight
    NativeProtocol::Request m_heldRequest;
    QRandomGenerator m_random;
    QByteArray m_legacyReply;
    bool m_helloDone = false;
    bool m_awaitingReply = false;
    NativeProtocol::Op m_sentOp = NativeProtocol::Op::Hello; // the request awaiting its reply
    bool m_stopping = false;
    bool m_everConnected = false; // a failed connect before any is not a lost connection
    int m_reconnectAttempt = 0;
    int m_legacyRetry = 0;
    QElapsedTimer m_requestClock;
    QElapsedTimer m_runClock;

    mutable QMutex m_mutex; // guards the statistics for readers in other threads
    State m_state = State::Idle;
    ClientRunStatistics m_stats;
    DrainQueue<LogEntry> m_log {100'000};
};
