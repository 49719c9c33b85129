#include "bufferserver.h"

#include "bufferclient.h"
#include "itstudent.h"
#include "legacyprotocol.h"
#include "messagereader.h"

#include "safefile.h"
#include "socketpoller.h"

#include <QDeadlineTimer>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpServer>
#include <QTimer>

#include <algorithm>
#include <cerrno>
#include <cmath>

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#ifdef Q_OS_LINUX
#include <linux/sockios.h>
#endif

using namespace Qt::StringLiterals;
using Op = NativeProtocol::Op;
using Role = NativeProtocol::Role;

struct BufferServer::Item
{
    // The item's JSON text as the producer sent it: spliced into take replies as it is.
    QByteArray json;
    // The item exactly as sent (5.0 stays a float, keys keep their order), for original-format
    // replies, which must match what the original server would have said. Built from json when a
    // client in the original format takes an item a native producer put.
    QCborValue exact;
    int producer = -1; // client index
    qint8 programme = -1;
    int deliveries = 0;
};

// A put or take the server holds back until there is room or an item (or its timeout).
struct BufferServer::Pending
{
    Op op = Op::Put;
    QByteArray itemJson;
    bool hasDeadline = false;
    QDeadlineTimer deadline;
    qint64 sinceNs = 0;
};

struct BufferServer::Connection
{
    quint64 id = 0;
    int descriptor = -1;
    QString peer; // "127.0.0.1 port 40312", for the log
    MessageReader reader;
    QDeadlineTimer helloDeadline;
    int client = -1; // index into m_clients once known
    bool helloDone = false;
    bool spoke = false; // sent a complete message: the hello timeout no longer applies
    Role role = Role::Producer;
    std::optional<Pending> pending;
    std::vector<std::pair<qint64, int>> unacked; // (tag, serial) in delivery order
    // An original-format consumer's item: delivered once the connection ends and the peer has
    // the whole reply (see peerHasEveryReply()), otherwise put back at the head of the buffer.
    int unconfirmedSerial = -1;
    // No more requests are handled; what arrives is read and thrown away.
    bool closing = false;
    // Replies not yet written, and whether the last of them has been (then SHUT_WR follows).
    QByteArray outbox;
    bool flushQueued = false;
    bool closeAfterFlush = false;
    bool watchingRead = true;
    bool watchingWrite = false;
    bool peerClosed = false; // the peer's end of the stream was read
    // Our side is shut down after the last reply; the peer has a moment to read it and close.
    bool lingering = false;
    // The peer hung up before an original-format reply reached it (see finishIfDone()).
    bool awaitingDelivery = false;
    bool inBacklog = false;
    QDeadlineTimer lingerDeadline;
    // When the outbox last made progress (or became non-empty): the write timeout counts from here.
    QDeadlineTimer writeDeadline;
    qsizetype accounted = 0; // bytes of reader and outbox counted in m_heldBytes
    qint64 bytesWritten = 0;
};

namespace {

// How long a closing connection may take to read its last reply and hang up.
constexpr int LingerMs = 5000;
// How much is read from a socket at a time.
constexpr qsizetype ReadChunk = 64 * 1024;
// Connections accepted per wakeup of the listening socket; the rest on the next pass.
constexpr int AcceptBatch = 256;
// A buffer bigger than this is given back to the allocator once it is empty.
constexpr qsizetype KeepCapacity = 16 * 1024;
// Rejected connections are logged at most once a second (a flood must not flood the log).
constexpr qint64 RejectLogIntervalNs = 1'000'000'000;

QString peerOf(int descriptor)
{
    sockaddr_storage address {};
    socklen_t length = sizeof address;
    if (::getpeername(descriptor, reinterpret_cast<sockaddr *>(&address), &length) != 0)
        return u"unknown peer"_s;
    if (address.ss_family != AF_INET && address.ss_family != AF_INET6)
        return u"a local socket"_s;
    const QHostAddress host(reinterpret_cast<const sockaddr *>(&address));
    const quint16 port = address.ss_family == AF_INET6
        ? ntohs(reinterpret_cast<const sockaddr_in6 *>(&address)->sin6_port)
        : ntohs(reinterpret_cast<const sockaddr_in *>(&address)->sin_port);
    return u"%1 port %2"_s.arg(host.toString()).arg(port);
}

// The error a socket reported, or 0; reading it clears it.
int pendingSocketError(int descriptor)
{
    int error = 0;
    socklen_t length = sizeof error;
    if (::getsockopt(descriptor, SOL_SOCKET, SO_ERROR, &error, &length) != 0)
        return errno;
    return error;
}

QString kib(qsizetype bytes)
{
    return u"%1 KiB"_s.arg((bytes + 1023) / 1024);
}

} // namespace

BufferServer::BufferServer(QObject *parent)
    : QObject(parent)
    , m_server(new QTcpServer(this))
    , m_poller(new SocketPoller(
          [this](int descriptor, unsigned events) { onSocketEvent(descriptor, events); }, this))
    , m_timeoutTimer(new QTimer(this))
    , m_sweepTimer(new QTimer(this))
    , m_acceptTimer(new QTimer(this))
    , m_backlogTimer(new QTimer(this))
{
    m_backlogTimer->setSingleShot(true);
    connect(m_backlogTimer, &QTimer::timeout, this, &BufferServer::processBacklog);
    m_timeoutTimer->setSingleShot(true);
    connect(m_timeoutTimer, &QTimer::timeout, this, &BufferServer::expireTimeouts);
    connect(m_sweepTimer, &QTimer::timeout, this, &BufferServer::sweep);
    m_acceptTimer->setSingleShot(true);
    connect(m_acceptTimer, &QTimer::timeout, this, [this] {
        if (m_listenDescriptor >= 0)
            m_poller->setWatch(m_listenDescriptor, true, false);
    });
    m_server->setListenBacklogSize(ListenBacklog);
    m_totals.capacity = DefaultCapacity;
}

BufferServer::~BufferServer()
{
    close();
}

bool BufferServer::listen(const QHostAddress &address, quint16 port, QString *error)
{
    close();
    reset();
    if (!m_statePath.isEmpty() && !loadState(error))
        return false;
    if (!m_server->listen(address, port)) {
        *error = u"cannot listen on %1 port %2: %3"_s.arg(address.toString())
                     .arg(port)
                     .arg(m_server->errorString());
        return false;
    }
    // Qt binds and listens (and words the errors); the server accepts by itself, from its own
    // poller, in bounded batches, and keeps going when the process runs out of descriptors.
    m_server->pauseAccepting();
    m_listenDescriptor = int(m_server->socketDescriptor());
    if (!m_poller->add(m_listenDescriptor)) {
        *error = u"cannot watch the listening socket"_s;
        m_server->close();
        m_listenDescriptor = -1;
        return false;
    }
    {
        QMutexLocker locker(&m_mutex);
        m_totals.address = m_server->serverAddress().toString();
        m_totals.port = m_server->serverPort();
    }
    m_journal.restartClock();
    log(-1,
        u"listening on %1 port %2, buffer of %3"_s.arg(address.toString())
            .arg(m_server->serverPort())
            .arg(capacity()));
    return true;
}

void BufferServer::reset()
{
    QMutexLocker locker(&m_mutex);
    const int keepCapacity = m_ring.capacity();
    m_ring = RingBuffer(keepCapacity);
    m_items.clear();
    m_nextSerial = 1;
    m_nextTag = 1;
    m_waitingProducers.clear();
    m_waitingConsumers.clear();
    m_clients.clear();
    m_clientIndex.clear();
    m_totals = ServerStatistics();
    m_totals.capacity = keepCapacity;
    m_journal.clear();
    m_log.clear();
}

void BufferServer::close()
{
    const bool wasListening = m_server->isListening();
    if (m_listenDescriptor >= 0) {
        m_poller->remove(m_listenDescriptor);
        m_listenDescriptor = -1;
    }
    m_acceptTimer->stop();
    m_server->close();
    if (!wasListening && m_connections.empty())
        return;
    // Whoever is still connected hears why the connection ends, as far as its socket takes it
    // without waiting.
    for (const auto &[id, connection] : m_connections)
        sayGoodbye(connection.get());
    while (!m_connections.empty())
        dropConnection(m_connections.begin()->second.get());
    afterEvent();
    m_sweepTimer->stop();
    if (wasListening) {
        saveState();
        log(-1, u"stopped"_s);
    }
}

void BufferServer::sayGoodbye(Connection *connection)
{
    if (connection->closing || connection->reader.framing() != MessageReader::Framing::Native)
        return;
    const std::optional<Op> op = connection->pending ? std::optional(connection->pending->op) : std::nullopt;
    QByteArray bytes = connection->outbox + NativeProtocol::errorReply(NativeProtocol::ShuttingDown, op);
    // One attempt, without blocking: a client that is not reading does not hold the shutdown up.
    const ssize_t sent = ::send(connection->descriptor, bytes.constData(), size_t(bytes.size()),
                                MSG_NOSIGNAL | MSG_DONTWAIT);
    Q_UNUSED(sent);
    connection->outbox.clear();
    account(connection);
}

bool BufferServer::isListening() const
{
    return m_server->isListening();
}

QHostAddress BufferServer::serverAddress() const
{
    return m_server->serverAddress();
}

quint16 BufferServer::serverPort() const
{
    return m_server->serverPort();
}

void BufferServer::setCapacity(int capacity)
{
    {
        QMutexLocker locker(&m_mutex);
        m_ring.setCapacity(qBound(MinCapacity, capacity, MaxCapacity));
        m_ring.compact();
        m_totals.capacity = m_ring.capacity();
        admitWaitingLocked();
    }
    log(-1, u"buffer capacity set to %1"_s.arg(qBound(MinCapacity, capacity, MaxCapacity)));
    afterEvent();
}

int BufferServer::capacity() const
{
    QMutexLocker locker(&m_mutex);
    return m_ring.capacity();
}

void BufferServer::setHelloTimeout(int ms)
{
    m_helloTimeoutMs = qMax(1, ms);
}

void BufferServer::setWriteTimeout(int ms)
{
    m_writeTimeoutMs = qMax(1, ms);
}

void BufferServer::setMaxConnections(int count)
{
    m_maxConnections = qMax(1, count);
}

void BufferServer::setMemoryBudget(qsizetype bytes)
{
    m_memoryBudget = qMax<qsizetype>(1, bytes);
}

void BufferServer::setStateFile(const QString &path)
{
    m_statePath = path;
}

qsizetype BufferServer::heldBytes() const
{
    return m_heldBytes.load(std::memory_order_relaxed);
}

void BufferServer::sweep()
{
    // Connections that never said anything, closing ones that never hung up, ones that read
    // none of their replies for too long, and original-format replies sent to a peer that had
    // already hung up (delivered once its TCP has them, or put back when it resets).
    std::vector<std::pair<Connection *, End>> expired;
    for (const auto &[id, connection] : m_connections) {
        Connection *c = connection.get();
        if (c->lingering) {
            if (c->lingerDeadline.hasExpired())
                expired.emplace_back(c, End::Normal);
        } else if (c->awaitingDelivery) {
            if (pendingSocketError(c->descriptor) != 0)
                expired.emplace_back(c, End::Reset);
            else if (peerHasEveryReply(c) || c->lingerDeadline.hasExpired())
                expired.emplace_back(c, End::Normal);
        } else if (!c->outbox.isEmpty() && c->writeDeadline.hasExpired()) {
            log(c->client,
                u"closing the connection from %1: it read none of its replies for %2 s (%3 waiting)"_s
                    .arg(c->peer)
                    .arg(m_writeTimeoutMs / 1000.0)
                    .arg(kib(c->outbox.size())),
                true);
            {
                QMutexLocker locker(&m_mutex);
                m_totals.closedNotReading += 1;
            }
            expired.emplace_back(c, End::Normal);
        } else if (!c->spoke && !c->closing && c->helloDeadline.hasExpired()) {
            log(-1,
                u"closing the connection from %1: nothing said within %2 s"_s.arg(c->peer).arg(
                    m_helloTimeoutMs / 1000.0));
            expired.emplace_back(c, End::Normal);
        }
    }
    for (const auto &[connection, end] : expired)
        dropConnection(connection, end);
    if (m_connections.empty())
        m_sweepTimer->stop();
    afterEvent();
}

BufferSnapshot BufferServer::bufferSnapshot() const
{
    QMutexLocker locker(&m_mutex);
    return BufferSnapshot {m_ring.slots(), m_ring.capacity(), m_ring.size(), m_ring.inPosition(),
                           m_ring.outPosition()};
}

ServerStatistics BufferServer::statistics() const
{
    QMutexLocker locker(&m_mutex);
    ServerStatistics stats = m_totals;
    stats.capacity = m_ring.capacity();
    stats.size = m_ring.size();
    stats.unacked = int(m_items.size()) - m_ring.size();
    stats.waitingProducers = int(m_waitingProducers.size());
    stats.waitingConsumers = int(m_waitingConsumers.size());
    const qint64 now = m_journal.now();
    stats.elapsedS = double(now) / 1e9;
    for (const Client &client : m_clients) {
        ClientStatistics c = client.stats;
        if (client.open > 0) {
            c.connectedNs += now - client.openSinceNs;
            (c.role == u"consumer"_s ? stats.consumers : stats.producers) += 1;
            stats.connections += client.open;
        }
        stats.clients.append(c);
    }
    for (const Connection *waiting : m_waitingProducers)
        stats.clients[waiting->client].waitNs += now - waiting->pending->sinceNs;
    for (const Connection *waiting : m_waitingConsumers)
        stats.clients[waiting->client].waitNs += now - waiting->pending->sinceNs;
    return stats;
}

std::vector<JournalEvent> BufferServer::takeEvents()
{
    return m_journal.drain();
}

std::vector<LogEntry> BufferServer::takeLog()
{
    return m_log.drain();
}

QStringList BufferServer::remainingDigests() const
{
    QMutexLocker locker(&m_mutex);
    QStringList digests;
    for (const Item &item : m_items)
        digests.append(
            BufferClient::digest(NativeProtocol::parseJson(item.json).value_or(QCborValue()).toJsonValue()));
    return digests;
}

QString BufferServer::clientName(int index) const
{
    QMutexLocker locker(&m_mutex);
    return index >= 0 && index < m_clients.size() ? m_clients.at(index).stats.name() : u"server"_s;
}

NativeProtocol::Role BufferServer::clientRole(int index) const
{
    QMutexLocker locker(&m_mutex);
    const bool consumer
        = index >= 0 && index < m_clients.size() && m_clients.at(index).stats.role == u"consumer"_s;
    return consumer ? Role::Consumer : Role::Producer;
}

// The state file: one line of JSON saying what it is, then each item's JSON text on a line of
// its own, head of the buffer first. Items keep their exact text (see Item::json).
//   {"bufferlab_server_state":1,"capacity":15,"items":2}
//   "P1-Item-4"
//   {"name":"Ada"}
bool BufferServer::loadState(QString *error)
{
    const QFileInfo info(m_statePath);
    if (!info.exists() && !info.isSymLink()) {
        log(-1, u"state file %1 does not exist yet: starting with an empty buffer"_s.arg(m_statePath));
        return true;
    }
    QString why;
    // Up to a full buffer of the largest items, and as many again delivered and unacknowledged.
    constexpr qint64 MaxStateBytes = 2 * qint64(MaxCapacity) * (MessageReader::MaxMessageSize + 2) + 4096;
    const std::optional<QByteArray> bytes = SafeFile::readRegular(m_statePath, MaxStateBytes, &why);
    auto fail = [&](const QString &what) {
        *error = u"state file %1: %2 (the file was left as it is)"_s.arg(m_statePath, what);
        return false;
    };
    if (!bytes)
        return fail(why);
    const QList<QByteArray> lines = bytes->split('\n');
    const QJsonObject header = QJsonDocument::fromJson(lines.value(0)).object();
    if (header.value(u"bufferlab_server_state"_s).toInt() != 1)
        return fail(u"line 1 is not {\"bufferlab_server_state\":1,...}"_s);
    const double declared = header.value(u"items"_s).toDouble(-1);
    if (declared < 0 || declared != std::floor(declared) || declared > double(MaxStateBytes))
        return fail(u"line 1: \"items\" is not a count"_s);
    std::vector<QByteArray> items;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        if (lines[i].isEmpty() && i == lines.size() - 1)
            break;
        QString itemError;
        if (!NativeProtocol::parseJson(lines[i], &itemError))
            return fail(u"line %1: %2"_s.arg(i + 1).arg(itemError));
        items.push_back(lines[i]);
    }
    if (qint64(items.size()) != qint64(declared))
        return fail(
            u"it says %1 items but holds %2: it is incomplete"_s.arg(qint64(declared)).arg(items.size()));
    {
        QMutexLocker locker(&m_mutex);
        // Last first, each to the head: past the capacity too, since nothing saved may be
        // dropped (see RingBuffer::pushFront()).
        m_nextSerial += int(items.size());
        for (qsizetype i = qsizetype(items.size()) - 1; i >= 0; --i) {
            const int serial = int(i) + 1;
            m_items.insert(serial, Item {items[i], {}, -1, programmeOf(items[i]), 0});
            m_ring.pushFront(serial);
        }
        m_totals.restored = qint64(items.size());
        m_totals.stateFile = m_statePath;
    }
    log(-1, u"restored %1 item(s) from %2"_s.arg(items.size()).arg(m_statePath));
    return true;
}

void BufferServer::saveState()
{
    QByteArray out;
    int count = 0;
    {
        QMutexLocker locker(&m_mutex);
        QByteArray lines;
        RingBuffer ring = m_ring;
        while (!ring.isEmpty()) {
            const int serial = ring.pop().first;
            lines += m_items.value(serial).json;
            lines += '\n';
            ++count;
        }
        out = QJsonDocument(QJsonObject {{u"bufferlab_server_state"_s, 1},
                                         {u"capacity"_s, m_ring.capacity()},
                                         {u"items"_s, count}})
                  .toJson(QJsonDocument::Compact)
            + '\n' + lines;
    }
    if (m_statePath.isEmpty()) {
        {
            QMutexLocker locker(&m_mutex);
            m_totals.droppedAtShutdown = count;
        }
        if (count > 0)
            log(-1, u"%1 item(s) still in the buffer were dropped (a state file keeps them)"_s.arg(count),
                true);
        return;
    }
    QString why;
    const bool saved = SafeFile::writeAtomically(m_statePath, out, &why);
    {
        QMutexLocker locker(&m_mutex);
        m_totals.stateFile = m_statePath;
        if (saved) {
            m_totals.savedAtShutdown = count;
        } else {
            m_totals.droppedAtShutdown = count;
            m_totals.stateError = why;
        }
    }
    if (saved)
        log(-1, u"saved %1 item(s) to %2"_s.arg(count).arg(m_statePath));
    else
        log(-1, u"cannot save the buffer to %1: %2; %3 item(s) dropped"_s.arg(m_statePath, why).arg(count),
            true);
}

BufferServer::Connection *BufferServer::findConnection(quint64 id) const
{
    const auto found = m_connections.find(id);
    return found == m_connections.end() ? nullptr : found->second.get();
}

void BufferServer::acceptPending()
{
    for (int i = 0; i < AcceptBatch; ++i) {
        const int descriptor = ::accept4(m_listenDescriptor, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (descriptor < 0) {
            if (errno == EINTR || errno == ECONNABORTED)
                continue;
            if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
                // Out of descriptors or memory: the pending connections stay queued; stop
                // looking at them for a moment instead of spinning on the error.
                log(-1,
                    u"cannot accept connections: %1; trying again in 100 ms"_s.arg(qt_error_string(errno)),
                    true);
                m_poller->setWatch(m_listenDescriptor, false, false);
                m_acceptTimer->start(100);
            }
            return; // EAGAIN: all accepted
        }
        if (int(m_connections.size()) >= m_maxConnections) {
            {
                QMutexLocker locker(&m_mutex); // counted before the client can hear of it
                m_totals.rejectedConnections += 1;
            }
            static const QByteArray busy
                = NativeProtocol::errorReply(u"server busy: too many connections; try again later"_s);
            const ssize_t sent
                = ::send(descriptor, busy.constData(), size_t(busy.size()), MSG_NOSIGNAL | MSG_DONTWAIT);
            Q_UNUSED(sent);
            ::close(descriptor);
            ++m_rejectedSinceLog;
            const qint64 now = m_journal.now();
            if (m_lastRejectLogNs < 0 || now - m_lastRejectLogNs >= RejectLogIntervalNs) {
                log(-1,
                    u"refused %1 connection(s): %2 are open, the limit"_s.arg(m_rejectedSinceLog)
                        .arg(m_maxConnections),
                    true);
                m_lastRejectLogNs = now;
                m_rejectedSinceLog = 0;
            }
            continue;
        }
        addConnection(descriptor);
    }
}

bool BufferServer::adoptConnection(int descriptor)
{
    ::fcntl(descriptor, F_SETFL, ::fcntl(descriptor, F_GETFL) | O_NONBLOCK);
    const bool added = addConnection(descriptor);
    afterEvent();
    return added;
}

bool BufferServer::addConnection(int descriptor)
{
    const int one = 1;
    ::setsockopt(descriptor, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    // The kernel's buffers would grow to megabytes for a client that sends without reading; a
    // fixed size bounds that memory too, and is plenty for messages of at most 64 KiB.
    const int bufferSize = int(KernelSocketBuffer);
    ::setsockopt(descriptor, SOL_SOCKET, SO_SNDBUF, &bufferSize, sizeof bufferSize);
    ::setsockopt(descriptor, SOL_SOCKET, SO_RCVBUF, &bufferSize, sizeof bufferSize);
    if (!m_poller->add(descriptor)) {
        ::close(descriptor);
        return false;
    }
    auto connection = std::make_unique<Connection>();
    connection->id = m_nextConnectionId++;
    connection->descriptor = descriptor;
    connection->peer = peerOf(descriptor);
    connection->helloDeadline = QDeadlineTimer(m_helloTimeoutMs);
    m_byDescriptor[descriptor] = connection->id;
    m_connections.emplace(connection->id, std::move(connection));
    if (!m_sweepTimer->isActive())
        m_sweepTimer->start(qBound(10, qMin(m_helloTimeoutMs, m_writeTimeoutMs) / 4, 250));
    return true;
}

void BufferServer::onSocketEvent(int descriptor, unsigned events)
{
    if (descriptor == m_listenDescriptor) {
        acceptPending();
        return;
    }
    const auto found = m_byDescriptor.find(descriptor);
    if (found == m_byDescriptor.end())
        return;
    const quint64 id = found->second; // the entry goes when the connection is dropped
    Connection *connection = findConnection(id);
    if (events & SocketPoller::Closed) {
        // Reset, or both directions shut: nothing more will come, and a reset means the peer
        // threw away what it had not read.
        if (pendingSocketError(descriptor) != 0) {
            dropConnection(connection, End::Reset);
            afterEvent();
            return;
        }
    }
    if (events & SocketPoller::Writable) {
        if (!writeOutbox(connection))
            connection = nullptr; // dropped
    }
    if (connection && (events & (SocketPoller::Readable | SocketPoller::Closed))) {
        readFrom(connection);
        connection = findConnection(id);
    }
    if (connection && (events & SocketPoller::Closed) && !connection->peerClosed) {
        // A hang-up without a readable end of stream (both directions shut): the socket is done.
        dropConnection(connection);
    }
    afterEvent();
    enforceMemoryBudget();
}

bool BufferServer::wantsInput(const Connection *connection) const
{
    if (connection->peerClosed)
        return false;
    if (connection->closing || connection->lingering)
        return true; // read and thrown away, so the peer's close can be seen
    if (connection->inBacklog)
        return false; // requests already read wait for their turn
    // While a request is held, or replies pile up unread, stop at a full reader: the peer's
    // sends then block in its kernel (TCP backpressure) instead of in our memory.
    return connection->reader.room() > 0 && connection->outbox.size() < OutboxSoftLimit;
}

void BufferServer::readFrom(Connection *connection)
{
    char chunk[ReadChunk];
    qsizetype budget = ReadBudget;
    const quint64 id = connection->id;
    for (;;) {
        // Answer what is complete before reading more, so a full reader always makes room. A
        // connection that used its turn reads no more until its next one.
        if (!connection->closing && !processMessages(connection))
            break;
        if (budget <= 0 || !wantsInput(connection))
            break;
        const bool discard = connection->closing || connection->lingering;
        const qsizetype want = discard ? ReadChunk : qMin(connection->reader.room(), ReadChunk);
        const ssize_t got = ::recv(connection->descriptor, chunk, size_t(want), 0);
        if (got > 0) {
            budget -= got;
            if (!discard) {
                connection->reader.feed(QByteArrayView(chunk, got));
                account(connection);
            }
            if (got < want) {
                // The kernel had no more: answer what came instead of asking again (a recv that
                // only says EAGAIN costs as much as the request). Anything arriving meanwhile is
                // reported again; events are level-triggered.
                if (!connection->closing)
                    processMessages(connection);
                break;
            }
            continue;
        }
        if (got == 0) {
            connection->peerClosed = true;
            break;
        }
        if (errno == EINTR)
            continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK)
            break;
        dropConnection(connection, End::Reset); // reset by the peer, or worse
        return;
    }
    if (!findConnection(id))
        return;
    if (connection->peerClosed) {
        if (connection->lingering) {
            dropConnection(connection); // it read our last reply and hung up
            return;
        }
        if (!connection->closing)
            processMessages(connection);
        finishIfDone(connection);
        return;
    }
    updateWatch(connection);
}

void BufferServer::finishIfDone(Connection *connection)
{
    // The peer hung up. A request held for it has nobody to go to; whatever else it asked is
    // answered first (in order, as its replies are written), then the connection goes.
    if (connection->pending) {
        dropConnection(connection);
        return;
    }
    const bool moreToAnswer = !connection->closing && connection->reader.canReadMessage();
    if (moreToAnswer || !connection->outbox.isEmpty()) {
        updateWatch(connection);
        return;
    }
    if (connection->unconfirmedSerial >= 0) {
        // An original-format reply went to a peer that had already sent its end of stream: it is
        // delivered if the peer's TCP takes it, and comes back if the peer resets. sweep() and a
        // reset event decide.
        if (!connection->awaitingDelivery) {
            connection->awaitingDelivery = true;
            connection->lingerDeadline = QDeadlineTimer(LingerMs);
        }
        updateWatch(connection);
        return;
    }
    dropConnection(connection);
}

bool BufferServer::writeOutbox(Connection *connection)
{
    connection->flushQueued = false;
    qsizetype written = 0;
    while (written < connection->outbox.size()) {
        const ssize_t sent = ::send(connection->descriptor, connection->outbox.constData() + written,
                                    size_t(connection->outbox.size() - written), MSG_NOSIGNAL | MSG_DONTWAIT);
        if (sent > 0) {
            written += sent;
            continue;
        }
        if (sent < 0 && errno == EINTR)
            continue;
        if (sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            break; // the rest goes when the socket is writable again
        dropConnection(connection, End::Reset);
        return false;
    }
    if (written > 0) {
        const bool wasOverLimit = connection->outbox.size() >= OutboxSoftLimit;
        connection->outbox.remove(0, written);
        connection->bytesWritten += written;
        connection->writeDeadline = QDeadlineTimer(m_writeTimeoutMs);
        if (connection->outbox.isEmpty() && connection->outbox.capacity() > KeepCapacity)
            connection->outbox = QByteArray();
        account(connection);
        // Replies were read: requests that waited for that may be answered now.
        if (wasOverLimit && connection->outbox.size() < OutboxSoftLimit && !connection->pending)
            m_resume.push_back(connection->id);
    }
    const quint64 id = connection->id; // finishIfDone() may drop it
    if (connection->outbox.isEmpty() && connection->closeAfterFlush && !connection->lingering) {
        if (connection->peerClosed) {
            finishIfDone(connection);
            return findConnection(id) != nullptr;
        }
        // The last reply is on its way: stop sending, and give the peer a moment to read it and
        // hang up. Closing at once could turn into a reset that throws the reply away.
        ::shutdown(connection->descriptor, SHUT_WR);
        connection->lingering = true;
        connection->lingerDeadline = QDeadlineTimer(LingerMs);
    }
    if (connection->peerClosed && connection->outbox.isEmpty() && !connection->lingering) {
        finishIfDone(connection);
        return findConnection(id) != nullptr;
    }
    updateWatch(connection);
    return true;
}

void BufferServer::updateWatch(Connection *connection)
{
    // Replies queued now are written before the event loop runs again, and writeOutbox() looks
    // again then: deciding now would often turn writing on and at once off again, two system
    // calls per request for nothing.
    if (connection->flushQueued)
        return;
    const bool read = wantsInput(connection);
    const bool write = !connection->outbox.isEmpty();
    if (read == connection->watchingRead && write == connection->watchingWrite)
        return;
    connection->watchingRead = read;
    connection->watchingWrite = write;
    m_poller->setWatch(connection->descriptor, read, write);
}

void BufferServer::account(Connection *connection)
{
    const qsizetype held = connection->reader.pendingBytes() + connection->outbox.size();
    m_heldBytes.fetch_add(held - connection->accounted, std::memory_order_relaxed);
    connection->accounted = held;
}

void BufferServer::enforceMemoryBudget()
{
    // Past the budget, the connection holding the most goes: a handful of clients that send
    // without reading cannot take the server's memory, or stall everyone else.
    while (m_heldBytes.load(std::memory_order_relaxed) > m_memoryBudget && !m_connections.empty()) {
        Connection *largest = nullptr;
        for (const auto &[id, connection] : m_connections) {
            if (!largest || connection->accounted > largest->accounted)
                largest = connection.get();
        }
        if (!largest || largest->accounted == 0)
            return;
        log(largest->client,
            u"closing the connection from %1: connections hold more than %2 of requests and replies, "
            "and this one the most (%3)"_s.arg(largest->peer, kib(m_memoryBudget), kib(largest->accounted)),
            true);
        {
            QMutexLocker locker(&m_mutex);
            m_totals.closedOverBudget += 1;
        }
        dropConnection(largest);
        afterEvent();
    }
}

bool BufferServer::processMessages(Connection *connection)
{
    // One request at a time: while a put or take is held back, later requests wait their turn;
    // while replies wait to be read past the limit, so do further requests.
    if (connection->inBacklog)
        return false; // it waits for its turn
    auto mayAnswer = [connection] {
        return !connection->closing && !connection->pending && connection->outbox.size() < OutboxSoftLimit;
    };
    bool consumed = false;
    int budget = MessageBudget;
    while (mayAnswer() && connection->reader.canReadMessage()) {
        if (budget-- == 0) {
            // Its turn is over: the others are served before the rest of its requests.
            if (!connection->inBacklog) {
                connection->inBacklog = true;
                m_backlog.push_back(connection->id);
                if (!m_backlogTimer->isActive())
                    m_backlogTimer->start(0);
            }
            break;
        }
        const MessageReader::Message message = connection->reader.readMessage();
        consumed = true;
        connection->spoke = true;
        if (message.status == MessageReader::Status::Oversized) {
            log(connection->client,
                u"sent more than %1 bytes without a complete message; closing"_s.arg(
                    MessageReader::MaxMessageSize),
                true);
            send(connection,
                 NativeProtocol::errorReply(u"message longer than %1 bytes; closing the connection"_s.arg(
                     MessageReader::MaxMessageSize)));
            connection->closing = true;
            connection->closeAfterFlush = true;
            break;
        }
        if (connection->reader.framing() == MessageReader::Framing::Legacy)
            handleLegacy(connection, message.data);
        else
            handleNative(connection, message.data);
    }
    if (consumed) {
        connection->reader.squeeze();
        account(connection);
    }
    return !connection->inBacklog;
}

void BufferServer::processBacklog()
{
    std::vector<quint64> turn;
    turn.swap(m_backlog);
    for (const quint64 id : turn) {
        Connection *connection = findConnection(id);
        if (!connection)
            continue;
        connection->inBacklog = false;
        processMessages(connection);
        if (connection->peerClosed)
            finishIfDone(connection);
        else
            updateWatch(connection);
    }
    afterEvent();
    enforceMemoryBudget();
    if (!m_backlog.empty() && !m_backlogTimer->isActive())
        m_backlogTimer->start(0);
}

void BufferServer::handleNative(Connection *connection, const QByteArray &line)
{
    QString error;
    std::optional<Op> op;
    const std::optional<NativeProtocol::Request> request
        = NativeProtocol::parseRequest(line, &error, &op, NativeProtocol::ItemForm::Raw);
    if (!request) {
        sendError(connection, error, op);
        return;
    }
    if (request->op == Op::Hello) {
        hello(connection, *request);
        return;
    }
    if (request->op == Op::Status) {
        status(connection);
        return;
    }
    if (!connection->helloDone) {
        sendError(connection,
                  u"say hello first, e.g. {\"op\":\"hello\",\"role\":\"producer\",\"id\":\"P1\"}"_s,
                  request->op);
        return;
    }
    if ((request->op == Op::Put) != (connection->role == Role::Producer)) {
        sendError(connection,
                  u"a %1 cannot %2"_s.arg(NativeProtocol::roleName(connection->role),
                                          NativeProtocol::opName(request->op)),
                  request->op);
        return;
    }
    if (request->op == Op::Put)
        put(connection, *request);
    else if (request->op == Op::Take)
        take(connection, *request);
    else
        ack(connection, *request);
}

void BufferServer::hello(Connection *connection, const NativeProtocol::Request &request)
{
    if (connection->helloDone) {
        sendError(connection, u"hello was already said on this connection"_s, Op::Hello);
        return;
    }
    connection->helloDone = true;
    connection->role = request.role;
    connection->client = clientIndex(NativeProtocol::roleName(request.role), request.id, false);
    QByteArray reply;
    {
        QMutexLocker locker(&m_mutex);
        Client &client = m_clients[connection->client];
        if (client.open++ == 0)
            client.openSinceNs = m_journal.now();
        client.stats.connected = true;
        client.stats.connections += 1;
        client.stats.state = u"connected"_s;
        reply = NativeProtocol::okReply(Op::Hello,
                                        {{"capacity"_L1, m_ring.capacity()},
                                         {"size"_L1, m_ring.size()},
                                         {"protocol"_L1, NativeProtocol::Version}});
    }
    send(connection, reply);
    setClientState(connection, WorkerState::Idle);
    log(connection->client, u"connected from %1"_s.arg(connection->peer));
    Q_EMIT clientsChanged();
}

void BufferServer::put(Connection *connection, const NativeProtocol::Request &request)
{
    QMutexLocker locker(&m_mutex);
    if (!m_ring.isFull()) {
        const int serial = m_nextSerial++;
        m_items.insert(serial,
                       Item {request.itemJson, {}, connection->client, programmeOf(request.itemJson), 0});
        insertLocked(connection, serial);
        send(connection, NativeProtocol::putReply(m_ring.size()));
        serveWaitingConsumersLocked();
        return;
    }
    Client &client = m_clients[connection->client];
    if (request.timeoutMs == 0) {
        client.stats.timeouts += 1;
        send(connection, NativeProtocol::errorReply(u"timeout"_s, Op::Put));
        return;
    }
    connection->pending = Pending {Op::Put, request.itemJson, request.timeoutMs > 0,
                                   QDeadlineTimer(qMax(0, request.timeoutMs)), m_journal.now()};
    m_waitingProducers.push_back(connection);
    client.stats.waits += 1;
    client.stats.state = u"waiting for room"_s;
    locker.unlock();
    setClientState(connection, WorkerState::WaitingForSlot);
    if (request.timeoutMs > 0)
        scheduleTimeouts();
}

void BufferServer::take(Connection *connection, const NativeProtocol::Request &request)
{
    QMutexLocker locker(&m_mutex);
    if (!m_ring.isEmpty()) {
        deliverLocked(connection);
        admitWaitingLocked();
        return;
    }
    Client &client = m_clients[connection->client];
    if (request.timeoutMs == 0) {
        client.stats.timeouts += 1;
        send(connection, NativeProtocol::errorReply(u"timeout"_s, Op::Take));
        return;
    }
    connection->pending = Pending {
        Op::Take, {}, request.timeoutMs > 0, QDeadlineTimer(qMax(0, request.timeoutMs)), m_journal.now()};
    m_waitingConsumers.push_back(connection);
    client.stats.waits += 1;
    client.stats.state = u"waiting for an item"_s;
    locker.unlock();
    setClientState(connection, WorkerState::WaitingForItem);
    if (request.timeoutMs > 0)
        scheduleTimeouts();
}

void BufferServer::ack(Connection *connection, const NativeProtocol::Request &request)
{
    const auto found = std::find_if(connection->unacked.begin(), connection->unacked.end(),
                                    [&](const auto &entry) { return entry.first == request.tag; });
    if (found == connection->unacked.end()) {
        sendError(connection,
                  u"unknown tag %1: nothing unacknowledged on this connection has it"_s.arg(request.tag),
                  Op::Ack);
        return;
    }
    QMutexLocker locker(&m_mutex);
    m_items.remove(found->second);
    connection->unacked.erase(found);
    m_clients[connection->client].stats.acked += 1;
    m_totals.acked += 1;
    send(connection, NativeProtocol::ackReply());
}

void BufferServer::status(Connection *connection)
{
    const ServerStatistics stats = statistics();
    QByteArray reply = NativeProtocol::okReply(Op::Status,
                                               {
                                                   {"size"_L1, stats.size},
                                                   {"capacity"_L1, stats.capacity},
                                                   {"producers"_L1, stats.producers},
                                                   {"consumers"_L1, stats.consumers},
                                                   {"waiting_producers"_L1, stats.waitingProducers},
                                                   {"waiting_consumers"_L1, stats.waitingConsumers},
                                                   {"unacked"_L1, stats.unacked},
                                               });
    if (stats.overCapacity() > 0) {
        // Only then, so that the usual reply stays as it was: items put back by consumers that
        // went away may take the buffer past its capacity for a while.
        reply.insert(reply.size() - 2, ",\"over_capacity\":" + QByteArray::number(stats.overCapacity()));
    }
    send(connection, reply);
}

void BufferServer::handleLegacy(Connection *connection, const QByteArray &data)
{
    // The original format: one request, one reply, then the connection closes.
    connection->closing = true;
    QString error;
    const std::optional<LegacyProtocol::Request> request = LegacyProtocol::parseRequest(data, &error);
    QByteArray reply;
    int index = -1;
    if (!request || request->type == LegacyProtocol::Type::Invalid) {
        reply = LegacyProtocol::invalidType();
    } else {
        const bool producer = request->type == LegacyProtocol::Type::Producer;
        index = clientIndex(producer ? u"producer"_s : u"consumer"_s, request->id, true);
        connection->client = index;
        connection->role = producer ? Role::Producer : Role::Consumer;
        QMutexLocker locker(&m_mutex);
        Client &client = m_clients[index];
        client.stats.connections += 1;
        if (producer && m_ring.isFull()) {
            reply = LegacyProtocol::bufferFull();
            client.stats.waits += 1;
        } else if (producer) {
            const QCborValue exact = request->hasItem ? request->exactItem : QCborValue(QCborValue::Null);
            const QByteArray json = NativeProtocol::toJson(exact.toJsonValue());
            const int serial = m_nextSerial++;
            m_items.insert(serial, Item {json, exact, index, programmeOf(json), 0});
            insertLocked(connection, serial);
            reply = LegacyProtocol::producerSuccess(exact, m_ring.size());
            serveWaitingConsumersLocked();
        } else if (m_ring.isEmpty()) {
            reply = LegacyProtocol::bufferEmpty();
            client.stats.waits += 1;
        } else {
            // The original consumer never acknowledges: the item leaves the server when the
            // connection ends with the reply read (see dropConnection()).
            const auto [serial, slot] = m_ring.pop();
            m_ring.compact();
            Item &item = m_items[serial];
            connection->unconfirmedSerial = serial;
            client.stats.taken += 1;
            if (item.deliveries > 0) {
                client.stats.redeliveries += 1;
                m_totals.redelivered += 1;
            }
            item.deliveries += 1;
            m_totals.delivered += 1;
            journalTransfer(JournalEvent::Kind::Removed, index, serial, slot, item.programme);
            const QCborValue exact = item.exact.isUndefined()
                ? NativeProtocol::parseJson(item.json).value_or(QCborValue(QCborValue::Null))
                : item.exact;
            reply = LegacyProtocol::consumerSuccess(exact, m_ring.size());
            admitWaitingLocked();
        }
    }
    log(index, u"original format: %1"_s.arg(QString::fromUtf8(reply)), reply.contains("\"error\""));
    send(connection, reply);
    connection->closeAfterFlush = true;
}

void BufferServer::insertLocked(Connection *producer, int serial)
{
    const int slot = m_ring.push(serial);
    m_clients[producer->client].stats.put += 1;
    m_totals.accepted += 1;
    journalTransfer(JournalEvent::Kind::Inserted, producer->client, serial, slot,
                    m_items.value(serial).programme);
}

void BufferServer::deliverLocked(Connection *consumer)
{
    const auto [serial, slot] = m_ring.pop();
    m_ring.compact();
    Item &item = m_items[serial];
    const qint64 tag = m_nextTag++;
    consumer->unacked.emplace_back(tag, serial);
    ClientStatistics &client = m_clients[consumer->client].stats;
    client.taken += 1;
    if (item.deliveries > 0) {
        client.redeliveries += 1;
        m_totals.redelivered += 1;
    }
    item.deliveries += 1;
    m_totals.delivered += 1;

    journalTransfer(JournalEvent::Kind::Removed, consumer->client, serial, slot, item.programme);

    send(consumer, NativeProtocol::takeReply(item.json, tag, m_ring.size()));
}

void BufferServer::admitWaitingLocked()
{
    // Room appeared: the longest-waiting producers get in first.
    while (!m_ring.isFull() && !m_waitingProducers.empty()) {
        Connection *producer = m_waitingProducers.front();
        m_waitingProducers.pop_front();
        const Pending pending = releaseLocked(producer);
        const int serial = m_nextSerial++;
        m_items.insert(serial,
                       Item {pending.itemJson, {}, producer->client, programmeOf(pending.itemJson), 0});
        insertLocked(producer, serial);
        send(producer, NativeProtocol::putReply(m_ring.size()));
        finishRequest(producer);
    }
    serveWaitingConsumersLocked();
}

BufferServer::Pending BufferServer::releaseLocked(Connection *waiter)
{
    Pending pending = std::move(*waiter->pending);
    waiter->pending.reset();
    ClientStatistics &client = m_clients[waiter->client].stats;
    client.waitNs += m_journal.now() - pending.sinceNs;
    client.state = u"connected"_s;
    return pending;
}

void BufferServer::serveWaitingConsumersLocked()
{
    while (!m_ring.isEmpty() && !m_waitingConsumers.empty()) {
        Connection *consumer = m_waitingConsumers.front();
        m_waitingConsumers.pop_front();
        releaseLocked(consumer);
        deliverLocked(consumer);
        finishRequest(consumer);
    }
}

void BufferServer::finishRequest(Connection *connection)
{
    setClientState(connection, WorkerState::Idle);
    m_resume.push_back(connection->id);
}

void BufferServer::send(Connection *connection, const QByteArray &bytes)
{
    // Only queued here (this may run under m_mutex); afterEvent() writes it.
    if (connection->outbox.isEmpty())
        connection->writeDeadline = QDeadlineTimer(m_writeTimeoutMs);
    connection->outbox += bytes;
    account(connection);
    if (!connection->flushQueued) {
        connection->flushQueued = true;
        m_dirty.push_back(connection->id);
    }
}

void BufferServer::afterEvent()
{
    if (m_inAfterEvent)
        return;
    m_inAfterEvent = true;
    while (!m_resume.empty() || !m_dirty.empty()) {
        std::vector<quint64> dirty;
        dirty.swap(m_dirty);
        for (const quint64 id : dirty) {
            if (Connection *connection = findConnection(id))
                writeOutbox(connection);
        }
        std::vector<quint64> resume;
        resume.swap(m_resume);
        for (const quint64 id : resume) {
            Connection *connection = findConnection(id);
            if (!connection)
                continue;
            processMessages(connection);
            if (connection->peerClosed)
                finishIfDone(connection);
            else
                updateWatch(connection);
        }
    }
    m_inAfterEvent = false;
}

void BufferServer::sendError(Connection *connection, const QString &error, std::optional<Op> op)
{
    if (connection->client >= 0) {
        QMutexLocker locker(&m_mutex);
        m_clients[connection->client].stats.errors += 1;
    }
    log(connection->client, u"bad request: %1"_s.arg(error), true);
    send(connection, NativeProtocol::errorReply(error, op));
}

void BufferServer::scheduleTimeouts()
{
    // Only held requests can time out: look at the waiting lists, not at every connection.
    qint64 earliest = -1;
    for (const auto *queue : {&m_waitingProducers, &m_waitingConsumers}) {
        for (const Connection *waiter : *queue) {
            if (waiter->pending->hasDeadline) {
                const qint64 left = qMax<qint64>(0, waiter->pending->deadline.remainingTime());
                earliest = earliest < 0 ? left : qMin(earliest, left);
            }
        }
    }
    if (earliest >= 0)
        m_timeoutTimer->start(int(earliest));
    else if (m_timeoutTimer->isActive())
        m_timeoutTimer->stop();
}

void BufferServer::expireTimeouts()
{
    std::vector<Connection *> expired;
    for (const auto *queue : {&m_waitingProducers, &m_waitingConsumers}) {
        for (Connection *waiter : *queue) {
            if (waiter->pending->hasDeadline && waiter->pending->deadline.hasExpired())
                expired.push_back(waiter);
        }
    }
    for (Connection *connection : expired) {
        const Op op = connection->pending->op;
        {
            QMutexLocker locker(&m_mutex);
            std::erase(op == Op::Put ? m_waitingProducers : m_waitingConsumers, connection);
            ClientStatistics &client = m_clients[connection->client].stats;
            client.waitNs += m_journal.now() - connection->pending->sinceNs;
            client.timeouts += 1;
            client.state = u"connected"_s;
            connection->pending.reset();
            send(connection, NativeProtocol::errorReply(u"timeout"_s, op));
        }
        log(connection->client, u"%1 timed out"_s.arg(NativeProtocol::opName(op)));
        finishRequest(connection);
    }
    scheduleTimeouts();
    afterEvent();
}

bool BufferServer::peerHasEveryReply(const Connection *connection) const
{
    if (!connection->outbox.isEmpty())
        return false;
#ifdef Q_OS_LINUX
    // SIOCOUTQ: bytes sent and not yet acknowledged by the peer, our FIN counting as one.
    int unacknowledged = 0;
    if (::ioctl(connection->descriptor, SIOCOUTQ, &unacknowledged) != 0)
        return false;
    return unacknowledged <= (connection->lingering ? 1 : 0);
#else
    return true;
#endif
}

void BufferServer::dropConnection(Connection *connection, End end)
{
    const auto owned = m_connections.find(connection->id);
    if (owned == m_connections.end())
        return;
    // An original-format reply counts as delivered only if the peer's TCP took all of it and the
    // connection was not reset: a peer that closes with the reply unread resets instead.
    const bool replyUndelivered
        = connection->unconfirmedSerial >= 0 && (end == End::Reset || !peerHasEveryReply(connection));
    const std::unique_ptr<Connection> keep = std::move(owned->second);
    m_connections.erase(owned);
    m_heldBytes.fetch_sub(connection->accounted, std::memory_order_relaxed);
    connection->accounted = 0;

    int returned = 0;
    {
        QMutexLocker locker(&m_mutex);
        std::erase(m_waitingProducers, connection);
        std::erase(m_waitingConsumers, connection);
        if (connection->unconfirmedSerial >= 0) {
            if (replyUndelivered) {
                connection->unacked.emplace_back(0, connection->unconfirmedSerial);
                m_totals.undeliveredReplies += 1;
            } else {
                m_items.remove(connection->unconfirmedSerial);
                m_totals.legacyTaken += 1;
            }
        }
        // Unacked deliveries go back to the head of the buffer, the earliest ending up first.
        for (auto it = connection->unacked.rbegin(); it != connection->unacked.rend(); ++it) {
            const int serial = it->second;
            const int slot = m_ring.pushFront(serial);
            journalTransfer(JournalEvent::Kind::Inserted, connection->client, serial, slot,
                            m_items.value(serial).programme);
            ++returned;
        }
        if (connection->client >= 0) {
            Client &client = m_clients[connection->client];
            client.stats.returned += returned;
            if (connection->pending)
                client.stats.waitNs += m_journal.now() - connection->pending->sinceNs;
            if (connection->helloDone && --client.open == 0) {
                client.stats.connectedNs += m_journal.now() - client.openSinceNs;
                client.stats.connected = false;
                client.stats.state = u"disconnected"_s;
            }
        }
        connection->pending.reset();
        serveWaitingConsumersLocked();
    }
    if (replyUndelivered)
        log(connection->client,
            u"closed the connection without reading its reply: the item goes back to the head of the buffer"_s,
            true);
    if (connection->client >= 0 && connection->helloDone) {
        setClientState(connection, WorkerState::Done);
        if (returned > 0)
            log(connection->client,
                u"disconnected holding %1 unacknowledged item(s): put back at the head of the buffer"_s.arg(
                    returned));
        else
            log(connection->client, u"disconnected"_s);
    }
    m_poller->remove(connection->descriptor);
    ::close(connection->descriptor);
    m_byDescriptor.erase(connection->descriptor);
    scheduleTimeouts();
    if (connection->helloDone)
        Q_EMIT clientsChanged();
}

int BufferServer::clientIndex(const QString &role, const QString &givenId, bool legacy)
{
    // Ids are the client's to choose (the original format's can be any JSON value): keep each
    // short, and their number bounded, so that ids alone cannot fill the server's memory.
    QString id
        = givenId.size() > MaxClientIdLength ? givenId.left(MaxClientIdLength - 1) + QChar(0x2026) : givenId;
    QMutexLocker locker(&m_mutex);
    if (m_clients.size() >= MaxClientIds && !m_clientIndex.contains(role + QLatin1Char(' ') + id))
        id = u"*"_s;
    const QString key = role + QLatin1Char(' ') + id;
    const auto found = m_clientIndex.constFind(key);
    if (found != m_clientIndex.constEnd()) {
        m_clients[*found].stats.legacy = m_clients[*found].stats.legacy || legacy;
        return *found;
    }
    Client client;
    client.stats.id = id;
    client.stats.role = role;
    client.stats.legacy = legacy;
    client.stats.state = legacy ? u"original format"_s : u"connected"_s;
    m_clients.append(client);
    m_clientIndex.insert(key, int(m_clients.size()) - 1);
    return int(m_clients.size()) - 1;
}

void BufferServer::journalTransfer(JournalEvent::Kind kind, int client, int serial, int slot, qint8 programme)
{
    JournalEvent event;
    event.timeNs = m_journal.now();
    event.kind = kind;
    event.worker = qint16(client);
    event.record = serial;
    event.slot = qint16(slot);
    event.size = qint16(m_ring.size());
    event.programme = programme;
    m_journal.append(event);
}

void BufferServer::setClientState(Connection *connection, WorkerState state)
{
    JournalEvent event;
    event.timeNs = m_journal.now();
    event.kind = JournalEvent::Kind::StateChanged;
    event.worker = qint16(connection->client);
    event.state = state;
    m_journal.append(event);
}

void BufferServer::log(int source, const QString &text, bool error)
{
    // A line may quote what a client sent; a log is for reading, not for 64 KiB items.
    constexpr qsizetype MaxLogText = 400;
    m_log.append(LogEntry {m_journal.now(), source,
                           text.size() > MaxLogText ? text.left(MaxLogText) + u" \u2026"_s : text, error});
}

qint8 BufferServer::programmeOf(QByteArrayView itemJson)
{
    // Records travel as their XML text in a JSON string; colour them by programme as the Threads
    // tab does. The tags hold no characters JSON escapes, except that "/" may be written "\/".
    if (!itemJson.startsWith('"'))
        return -1;
    const qsizetype start = itemJson.indexOf("<Programme>");
    if (start < 0)
        return -1;
    const qsizetype from = start + 11;
    qsizetype end = itemJson.indexOf("</Programme>", from);
    if (end < 0)
        end = itemJson.indexOf("<\\/Programme>", from);
    if (end < 0)
        return -1;
    QString name = QString::fromUtf8(itemJson.sliced(from, end - from));
    name.replace(u"&amp;"_s, u"&"_s); // "AI &amp; Machine Learning" in the XML
    return qint8(ITStudent::programmes().indexOf(name));
}
