#include "bufferclient.h"

#include "legacyprotocol.h"
#include "messagereader.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QTcpSocket>

#include <cmath>

using namespace Qt::StringLiterals;
using Op = NativeProtocol::Op;

namespace {

// A reply slower than this means the server is holding the request back.
constexpr int HeldBackAfterMs = 50;

} // namespace

QJsonObject ClientRunStatistics::toJson(bool withDigests) const
{
    QJsonObject object {
        {u"id"_s, id},
        {u"role"_s, role},
        {u"state"_s, state},
        {u"total"_s, total},
        {u"done"_s, done},
        {u"failed"_s, failed},
        {u"retries"_s, retries},
        {u"reconnects"_s, reconnects},
        {u"mean_wait_ms"_s, meanWaitMs()},
        {u"elapsed_s"_s, elapsedS},
        {u"items_per_s"_s, itemsPerSecond()},
    };
    if (role == u"consumer"_s)
        object.insert(u"passed"_s, passed);
    if (!error.isEmpty())
        object.insert(u"error"_s, error);
    if (withDigests)
        object.insert(u"items"_s, QJsonArray::fromStringList(itemDigests));
    return object;
}

BufferClient::BufferClient(NativeProtocol::Role role, const ClientConfig &config, QObject *parent)
    : QObject(parent)
    , m_role(role)
    , m_config(config)
    // The role is in the seed too: producer 1 and consumer 1 must not sleep in lockstep.
    , m_random(quint32(qHash(config.id) ^ config.seed ^ (config.seed >> 32)
                       ^ (role == NativeProtocol::Role::Producer ? 0x5bd1e995u : 0x27d4eb2du)))
{
    m_stats.id = config.id;
    m_stats.role = NativeProtocol::roleName(role);
    m_stats.total = config.items;
    m_stats.state = describe(State::Idle);
    m_nextTimer.setSingleShot(true);
    m_reconnectTimer.setSingleShot(true);
    m_waitingTimer.setSingleShot(true);
    m_holdTimer.setSingleShot(true);
    m_stopTimer.setSingleShot(true);
    connect(&m_stopTimer, &QTimer::timeout, this, &BufferClient::stop);
    connect(&m_holdTimer, &QTimer::timeout, this, [this] { sendNative(m_heldRequest); });
    connect(&m_nextTimer, &QTimer::timeout, this, &BufferClient::proceed);
    connect(&m_reconnectTimer, &QTimer::timeout, this, [this] {
        if (m_config.legacy)
            sendLegacy();
        else
            connectToServer();
    });
    connect(&m_waitingTimer, &QTimer::timeout, this, [this] {
        if (m_awaitingReply)
            setState(m_role == NativeProtocol::Role::Producer ? State::WaitingForRoom
                                                              : State::WaitingForItem);
    });
}

BufferClient::~BufferClient() = default;

QString BufferClient::name() const
{
    return (m_role == NativeProtocol::Role::Producer ? u"Producer "_s : u"Consumer "_s) + m_config.id;
}

BufferClient::State BufferClient::state() const
{
    QMutexLocker locker(&m_mutex);
    return m_state;
}

bool BufferClient::isFinished() const
{
    const State current = state();
    return current == State::Done || current == State::Failed;
}

QString BufferClient::describe(State state)
{
    switch (state) {
    case State::Idle:
        return QStringLiteral(QT_TRANSLATE_NOOP("BufferClient", "idle"));
    case State::Connecting:
        return QStringLiteral(QT_TRANSLATE_NOOP("BufferClient", "connecting"));
    case State::Sending:
        return QStringLiteral(QT_TRANSLATE_NOOP("BufferClient", "sending"));
    case State::WaitingForRoom:
        return QStringLiteral(QT_TRANSLATE_NOOP("BufferClient", "waiting for room"));
    case State::WaitingForItem:
        return QStringLiteral(QT_TRANSLATE_NOOP("BufferClient", "waiting for an item"));
    case State::Processing:
        return QStringLiteral(QT_TRANSLATE_NOOP("BufferClient", "processing"));
    case State::Sleeping:
        return QStringLiteral(QT_TRANSLATE_NOOP("BufferClient", "sleeping"));
    case State::Retrying:
        return QStringLiteral(QT_TRANSLATE_NOOP("BufferClient", "retrying"));
    case State::Done:
        return QStringLiteral(QT_TRANSLATE_NOOP("BufferClient", "done"));
    case State::Failed:
        return QStringLiteral(QT_TRANSLATE_NOOP("BufferClient", "failed"));
    }
    return {};
}

ClientRunStatistics BufferClient::statistics() const
{
    QMutexLocker locker(&m_mutex);
    ClientRunStatistics stats = m_stats;
    if (m_state != State::Done && m_state != State::Failed && m_runClock.isValid())
        stats.elapsedS = double(m_runClock.nsecsElapsed()) / 1e9;
    return stats;
}

std::vector<LogEntry> BufferClient::takeLog()
{
    return m_log.drain();
}

QString BufferClient::digest(const QJsonValue &item)
{
    return QString::fromLatin1(
        QCryptographicHash::hash(NativeProtocol::toJson(item), QCryptographicHash::Sha1).toHex().left(16));
}

void BufferClient::start()
{
    m_runClock.start();
    // Who is speaking is the log's business (a prefix, a window title), not each line's.
    log(u"starting: %1 item(s), %2 format, server %3"_s.arg(m_config.items)
            .arg(m_config.legacy ? u"original"_s : u"native"_s)
            .arg(serverAddress()));
    if (m_config.items == 0) {
        finish(State::Done);
        return;
    }
    if (m_config.legacy)
        proceed();
    else
        connectToServer();
}

void BufferClient::stop()
{
    if (isFinished())
        return;
    if (!m_stopping) {
        m_stopping = true;
        QMutexLocker locker(&m_mutex);
        m_stats.error = u"stopped before the end"_s;
    }
    log(u"stopped before the end"_s, true);
    finish(State::Failed);
}

void BufferClient::stopAfterReply()
{
    if (isFinished() || m_stopping)
        return;
    // Only a put or an acknowledgement is worth waiting for: a take's item would be left
    // unacknowledged anyway (the server puts it back), and a held take may wait for ever.
    if (!m_awaitingReply || !m_helloDone || m_config.legacy || !m_socket
        || m_socket->state() != QAbstractSocket::ConnectedState || m_sentOp == Op::Take) {
        stop();
        return;
    }
    m_stopping = true;
    {
        QMutexLocker locker(&m_mutex);
        m_stats.error = u"stopped before the end"_s;
    }
    // Short enough that Ctrl+C still ends the command within a second.
    m_stopTimer.start(StopWaitMs);
}

void BufferClient::dropConnection()
{
    if (!m_socket || isFinished())
        return;
    log(u"connection dropped abruptly"_s, true);
    m_socket->abort(); // usually reports disconnected() at once, which starts reconnecting
    if (!m_reconnectTimer.isActive() && !isFinished())
        onDisconnected();
}

void BufferClient::connectToServer()
{
    if (!m_socket) {
        m_socket = new QTcpSocket(this);
        m_socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        connect(m_socket, &QTcpSocket::connected, this, &BufferClient::onConnected);
        connect(m_socket, &QTcpSocket::readyRead, this, &BufferClient::onReadyRead);
        connect(m_socket, &QTcpSocket::disconnected, this, &BufferClient::onDisconnected);
        connect(m_socket, &QTcpSocket::errorOccurred, this, &BufferClient::onSocketError);
    }
    m_helloDone = false;
    m_awaitingReply = false;
    m_legacyReply.clear();
    setState(State::Connecting);
    m_socket->connectToHost(m_config.host, m_config.port);
}

QString BufferClient::serverAddress() const
{
    const bool ipv6 = m_config.host.contains(QLatin1Char(':'));
    return (ipv6 ? u"[%1]:%2"_s : u"%1:%2"_s).arg(m_config.host).arg(m_config.port);
}

void BufferClient::onConnected()
{
    m_everConnected = true;
    if (m_config.legacy) {
        m_socket->write(legacyRequest());
        m_awaitingReply = true;
        m_requestClock.start();
        return;
    }
    if (m_reconnectAttempt > 0)
        log(u"reconnected"_s);
    m_reconnectAttempt = 0;
    NativeProtocol::Request hello;
    hello.op = Op::Hello;
    hello.role = m_role;
    hello.id = m_config.id;
    m_socket->write(NativeProtocol::encodeRequest(hello));
    m_awaitingReply = true;
}

void BufferClient::onReadyRead()
{
    if (m_config.legacy) {
        m_legacyReply += m_socket->readAll();
        const qsizetype length = MessageReader::completeObjectLength(m_legacyReply);
        if (length > 0 || length < 0 || m_legacyReply.size() > MessageReader::MaxMessageSize)
            handleLegacyReply(m_legacyReply);
        return;
    }
    while (m_socket && m_socket->canReadLine()) {
        const QByteArray line = m_socket->readLine().trimmed();
        if (line.isEmpty())
            continue;
        const std::optional<NativeProtocol::Reply> reply = NativeProtocol::parseReply(line);
        if (!reply) {
            fail(u"the server sent something that is not a reply: %1"_s.arg(
                QString::fromUtf8(line.left(200))));
            return;
        }
        m_awaitingReply = false;
        m_waitingTimer.stop();
        if (!reply->ok && reply->error == NativeProtocol::ShuttingDown) {
            // Said on purpose, unlike a lost connection: reconnecting would only fail slowly.
            if (m_stopping) {
                stop();
                return;
            }
            fail(u"the server is shutting down"_s);
            return;
        }
        if (!m_helloDone) {
            if (!reply->ok) {
                fail(u"the server refused hello: %1"_s.arg(reply->error));
                return;
            }
            m_helloDone = true;
            log(u"connected: buffer %1/%2"_s.arg(reply->object.value(u"size"_s).toInt())
                    .arg(reply->object.value(u"capacity"_s).toInt()));
            proceed();
            continue;
        }
        if (reply->op == u"put"_s || reply->op == u"take"_s) {
            QMutexLocker locker(&m_mutex);
            m_stats.requests += 1;
            m_stats.waitNs += m_requestClock.nsecsElapsed();
        }
        if (m_stopping) {
            // Count a put or an acknowledgement the server confirmed; a taken item is left
            // unacknowledged, so the server puts it back.
            if (reply->op != u"take"_s)
                handleReply(*reply);
            stop();
            return;
        }
        handleReply(*reply);
        if (isFinished())
            return;
    }
    if (m_socket && m_socket->bytesAvailable() > MessageReader::MaxMessageSize)
        fail(u"the server sent a line longer than %1 bytes"_s.arg(MessageReader::MaxMessageSize));
}

void BufferClient::onDisconnected()
{
    if (m_stopping) {
        stop(); // the reply stop() was waiting for will not come
        return;
    }
    if (isFinished())
        return;
    if (m_config.legacy) {
        // The original server closes after its reply; only a missing reply is a problem.
        if (m_awaitingReply && !m_legacyReply.isEmpty())
            handleLegacyReply(m_legacyReply);
        else if (m_awaitingReply)
            scheduleReconnect(u"the server closed the connection without a reply"_s);
        return;
    }
    scheduleReconnect(u"connection lost"_s);
}

void BufferClient::onSocketError()
{
    if (!m_socket || isFinished() || m_stopping)
        return;
    if (m_socket->error() == QAbstractSocket::RemoteHostClosedError)
        return; // onDisconnected() handles it
    if (m_socket->state() == QAbstractSocket::UnconnectedState)
        scheduleReconnect(m_socket->errorString());
}

void BufferClient::scheduleReconnect(const QString &why)
{
    m_waitingTimer.stop();
    m_holdTimer.stop();
    m_awaitingReply = false;
    m_nextTimer.stop();
    if (!m_config.legacy)
        connectionLost();
    if (!m_everConnected) {
        // Nothing was lost, so there is nothing to reconnect to: a wrong port or host, or no server
        // yet. Said at once rather than after half a minute of backoff.
        fail(u"could not reach the server at %1: %2"_s.arg(serverAddress(), why));
        return;
    }
    if (++m_reconnectAttempt > m_config.reconnectAttempts) {
        fail(u"cannot reach the server at %1 port %2 after %3 attempts: %4"_s.arg(m_config.host)
                 .arg(m_config.port)
                 .arg(m_config.reconnectAttempts)
                 .arg(why));
        return;
    }
    const int delayMs = qMin(4000, 250 << qMin(m_reconnectAttempt - 1, 4));
    {
        QMutexLocker locker(&m_mutex);
        m_stats.reconnects += 1;
    }
    log(u"%1; trying again in %2 s (attempt %3 of %4)"_s.arg(why)
            .arg(delayMs / 1000.0)
            .arg(m_reconnectAttempt)
            .arg(m_config.reconnectAttempts),
        true);
    setState(State::Retrying);
    m_reconnectTimer.start(delayMs);
}

void BufferClient::proceed()
{
    if (isFinished() || m_stopping)
        return;
    if (itemsDone() + m_stats.failed >= m_config.items) {
        finish(State::Done);
        return;
    }
    if (m_config.legacy) {
        sendLegacy();
        return;
    }
    if (!m_helloDone) {
        connectToServer();
        return;
    }
    const std::optional<NativeProtocol::Request> request = nextRequest();
    if (!request) {
        finish(State::Done);
        return;
    }
    sendNative(*request);
}

void BufferClient::sendAfterInterval(State state, const NativeProtocol::Request &request)
{
    const int delayMs = drawMs(m_config.interval);
    if (delayMs <= 0) {
        sendNative(request);
        return;
    }
    setState(state);
    m_heldRequest = request;
    m_holdTimer.start(delayMs);
}

void BufferClient::sendNative(const NativeProtocol::Request &request)
{
    if (!m_socket || m_socket->state() != QAbstractSocket::ConnectedState)
        return; // the connection is gone; reconnecting will pick up from here
    m_socket->write(NativeProtocol::encodeRequest(request));
    m_awaitingReply = true;
    m_sentOp = request.op;
    m_requestClock.start();
    if (request.op == Op::Put || request.op == Op::Take) {
        setState(State::Sending);
        m_waitingTimer.start(HeldBackAfterMs);
    }
}

void BufferClient::sendLegacy()
{
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
        m_socket->deleteLater();
        m_socket = nullptr;
    }
    connectToServer();
    setState(State::Sending);
}

void BufferClient::handleLegacyReply(const QByteArray &received)
{
    const QByteArray data = received; // received may be m_legacyReply, which is cleared below
    m_awaitingReply = false;
    {
        QMutexLocker locker(&m_mutex);
        m_stats.requests += 1;
        m_stats.waitNs += m_requestClock.nsecsElapsed();
    }
    m_legacyReply.clear();
    if (m_socket)
        m_socket->disconnect(this); // the server closes now; that is expected
    const std::optional<LegacyProtocol::Reply> reply = LegacyProtocol::parseReply(data);
    if (!reply) {
        fail(u"the server's reply is not one of the original format's: %1"_s.arg(
            QString::fromUtf8(data.left(200))));
        return;
    }
    if (reply->success) {
        m_reconnectAttempt = 0;
        m_legacyRetry = 0;
        handleLegacySuccess(reply->item);
        return;
    }
    if (!reply->message.startsWith(u"Buffer is"_s)) { // "Invalid client type", or something unknown
        fail(u"the server answered: %1"_s.arg(reply->message));
        return;
    }
    // Full or empty: the original clients try again a few times, 1 to 3 s apart.
    if (m_legacyRetry >= m_config.maxRetries) {
        itemFailed(u"%1 (gave up after %2 retries)"_s.arg(reply->message).arg(m_config.maxRetries));
        m_legacyRetry = 0;
        afterItem();
        return;
    }
    ++m_legacyRetry;
    {
        QMutexLocker locker(&m_mutex);
        m_stats.retries += 1;
    }
    const int delayMs = drawMs(m_config.retryDelay);
    log(u"%1 Retrying in %2 s (%3 of %4)"_s.arg(reply->message)
            .arg(delayMs / 1000.0, 0, 'f', 1)
            .arg(m_legacyRetry)
            .arg(m_config.maxRetries));
    setState(State::Retrying);
    m_nextTimer.start(delayMs);
}

void BufferClient::itemDone(const QJsonValue &item, bool passed)
{
    QMutexLocker locker(&m_mutex);
    m_stats.done += 1;
    m_stats.passed += passed ? 1 : 0;
    m_stats.itemDigests.append(digest(item));
}

void BufferClient::itemFailed(const QString &why)
{
    {
        QMutexLocker locker(&m_mutex);
        m_stats.failed += 1;
    }
    log(why, true);
}

void BufferClient::afterItem()
{
    if (isFinished() || m_stopping)
        return;
    if (itemsDone() + m_stats.failed >= m_config.items) {
        finish(State::Done);
        return;
    }
    const int delayMs = drawMs(m_config.interval);
    if (delayMs <= 0) {
        proceed();
        return;
    }
    setState(State::Sleeping);
    m_nextTimer.start(delayMs);
}

int BufferClient::itemsDone() const
{
    QMutexLocker locker(&m_mutex);
    return m_stats.done;
}

int BufferClient::drawMs(DelayRange range)
{
    if (range.maxMs <= 0)
        return 0;
    return range.minMs + int(m_random.bounded(range.maxMs - range.minMs + 1));
}

void BufferClient::fail(const QString &why)
{
    {
        QMutexLocker locker(&m_mutex);
        m_stats.error = why;
    }
    log(why, true);
    finish(State::Failed);
}

void BufferClient::finish(State state)
{
    if (isFinished())
        return;
    m_nextTimer.stop();
    m_reconnectTimer.stop();
    m_waitingTimer.stop();
    m_holdTimer.stop();
    m_stopTimer.stop();
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->disconnectFromHost();
    }
    {
        QMutexLocker locker(&m_mutex);
        m_stats.elapsedS = m_runClock.isValid() ? double(m_runClock.nsecsElapsed()) / 1e9 : 0.0;
    }
    setState(state);
    if (state == State::Done) {
        const ClientRunStatistics stats = statistics();
        log(u"done: %1 of %2 item(s)%3"_s.arg(stats.done)
                .arg(stats.total)
                .arg(stats.failed ? u", %1 given up"_s.arg(stats.failed) : QString()));
    }
    Q_EMIT finished();
}

void BufferClient::log(const QString &text, bool error)
{
    const qint64 now = m_runClock.isValid() ? m_runClock.nsecsElapsed() : 0;
    m_log.append(LogEntry {now, -1, text, error});
}

void BufferClient::setState(State state)
{
    {
        QMutexLocker locker(&m_mutex);
        if (m_state == state)
            return;
        m_state = state;
        m_stats.state = describe(state);
    }
    Q_EMIT stateChanged(state);
}
