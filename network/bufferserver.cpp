#include "bufferserver.h"

#include "bufferclient.h"
#include "itstudent.h"
#include "legacyprotocol.h"
#include "messagereader.h"

#include "socketpoller.h"

#include <QDeadlineTimer>
#include <QTcpServer>
#include <QTimer>

#include <algorithm>
#include <cerrno>

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

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
    Role role = Role::Producer;
    std::optional<Pending> pending;
    std::vector<std::pair<qint64, int>> unacked; // (tag, serial) in delivery order
    bool closing = false;
    // Replies of this event, written with one system call when the event is done.
    QByteArray outbox;
    bool flushQueued = false;
    bool closeAfterFlush = false;
    bool watchingRead = true;
    bool watchingWrite = false;
    bool peerClosed = false;
    // Our side is shut down after the last reply; the peer has a moment to read it and close.
    bool lingering = false;
    QDeadlineTimer lingerDeadline;
};

// The listening socket. Qt accepts; the accepted descriptor goes straight to the server, which
// reads and writes it itself (see SocketPoller) instead of wrapping it in a QTcpSocket: that
// saves several system calls and event-loop wake-ups per request.
class BufferServer::Listener : public QTcpServer
{
public:
    Listener(std::function<void(qintptr)> accepted, QObject *parent)
        : QTcpServer(parent), m_accepted(std::move(accepted))
    { }

protected:
    void incomingConnection(qintptr descriptor) override { m_accepted(descriptor); }

private:
    std::function<void(qintptr)> m_accepted;
};

namespace {

// How long a closing connection may take to read its last reply and hang up.
constexpr int LingerMs = 5000;
// How much is read from a socket at a time.
constexpr qsizetype ReadChunk = 64 * 1024;

QString peerOf(int descriptor)
{
    sockaddr_storage address {};
    socklen_t length = sizeof address;
    if (::getpeername(descriptor, reinterpret_cast<sockaddr *>(&address), &length) != 0)
        return u"unknown peer"_s;
    const QHostAddress host(reinterpret_cast<const sockaddr *>(&address));
    const quint16 port = address.ss_family == AF_INET6
        ? ntohs(reinterpret_cast<const sockaddr_in6 *>(&address)->sin6_port)
        : ntohs(reinterpret_cast<const sockaddr_in *>(&address)->sin_port);
    return u"%1 port %2"_s.arg(host.toString()).arg(port);
}

} // namespace

BufferServer::BufferServer(QObject *parent)
    : QObject(parent)
    , m_server(new Listener([this](qintptr descriptor) { onNewConnection(int(descriptor)); }, this))
    , m_poller(new SocketPoller(
          [this](int descriptor, unsigned events) { onSocketEvent(descriptor, events); }, this))
    , m_timeoutTimer(new QTimer(this))
    , m_sweepTimer(new QTimer(this))
{
    m_timeoutTimer->setSingleShot(true);
    connect(m_timeoutTimer, &QTimer::timeout, this, &BufferServer::expireTimeouts);
    connect(m_sweepTimer, &QTimer::timeout, this, &BufferServer::sweep);
    m_totals.capacity = DefaultCapacity;
}

BufferServer::~BufferServer()
{
    close();
}

bool BufferServer::listen(const QHostAddress &address, quint16 port, QString *error)
{
    close();
    if (!m_server->listen(address, port)) {
        *error = u"cannot listen on %1 port %2: %3"_s.arg(address.toString())
                     .arg(port)
                     .arg(m_server->errorString());
        return false;
    }
    reset();
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
    m_server->close();
    while (!m_connections.empty())
        dropConnection(m_connections.begin()->second.get());
    afterEvent();
    if (wasListening)
        log(-1, u"stopped"_s);
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

void BufferServer::sweep()
{
    // Connections that never said anything, and closing ones that never hung up.
    std::vector<Connection *> expired;
    for (const auto &[id, connection] : m_connections) {
        if (connection->lingering
                ? connection->lingerDeadline.hasExpired()
                : !connection->helloDone && !connection->closing && connection->helloDeadline.hasExpired())
            expired.push_back(connection.get());
    }
    for (Connection *connection : expired) {
        if (!connection->lingering)
            log(-1,
                u"closing the connection from %1: nothing said within %2 s"_s.arg(connection->peer)
                    .arg(m_helloTimeoutMs / 1000.0));
        dropConnection(connection);
    }
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

BufferServer::Connection *BufferServer::findConnection(quint64 id) const
{
    const auto found = m_connections.find(id);
    return found == m_connections.end() ? nullptr : found->second.get();
}

void BufferServer::onNewConnection(int descriptor)
{
    ::fcntl(descriptor, F_SETFL, ::fcntl(descriptor, F_GETFL) | O_NONBLOCK);
    const int one = 1;
    ::setsockopt(descriptor, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (!m_poller->add(descriptor)) {
        ::close(descriptor);
        return;
    }
    auto connection = std::make_unique<Connection>();
    connection->id = m_nextConnectionId++;
    connection->descriptor = descriptor;
    connection->peer = peerOf(descriptor);
    connection->helloDeadline = QDeadlineTimer(m_helloTimeoutMs);
    m_byDescriptor[descriptor] = connection->id;
    m_connections.emplace(connection->id, std::move(connection));
    if (!m_sweepTimer->isActive())
        m_sweepTimer->start(qBound(10, m_helloTimeoutMs / 4, 250));
}

void BufferServer::onSocketEvent(int descriptor, unsigned events)
{
    const auto found = m_byDescriptor.find(descriptor);
    if (found == m_byDescriptor.end())
        return;
    Connection *connection = findConnection(found->second);
    if (events & SocketPoller::Writable) {
        if (!writeOutbox(connection))
            connection = nullptr; // dropped
    }
    if (connection && (events & (SocketPoller::Readable | SocketPoller::Closed)))
        readFrom(connection);
    afterEvent();
}

void BufferServer::readFrom(Connection *connection)
{
    char chunk[ReadChunk];
    for (;;) {
        // While a request is held, a client that keeps sending fills its reader: then stop
        // reading it (TCP backpressure) until the held request is answered.
        const qsizetype room = connection->lingering ? qsizetype(sizeof chunk) : connection->reader.room();
        if (room <= 0) {
            updateWatch(connection);
            return;
        }
        const ssize_t got
            = ::recv(connection->descriptor, chunk, size_t(qMin<qsizetype>(room, sizeof chunk)), 0);
        if (got > 0) {
            if (!connection->lingering)
                connection->reader.feed(QByteArrayView(chunk, got));
            if (got < qMin<qsizetype>(room, sizeof chunk))
                break;
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
        dropConnection(connection); // reset by the peer, or worse
        return;
    }
    if (connection->lingering) {
        if (connection->peerClosed)
            dropConnection(connection);
        return;
    }
    processMessages(connection);
    if (connection->peerClosed) {
        // Answer what it sent before hanging up, then let it go.
        if (writeOutbox(connection))
            dropConnection(connection);
    }
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
        dropConnection(connection);
        return false;
    }
    connection->outbox.remove(0, written);
    if (connection->outbox.isEmpty() && connection->closeAfterFlush && !connection->lingering) {
        // The last reply is on its way: stop sending, and give the peer a moment to read it and
        // hang up. Closing at once could turn into a reset that throws the reply away.
        ::shutdown(connection->descriptor, SHUT_WR);
        connection->lingering = true;
        connection->lingerDeadline = QDeadlineTimer(LingerMs);
    }
    updateWatch(connection);
    return true;
}

void BufferServer::updateWatch(Connection *connection)
{
    const bool read = connection->lingering || connection->reader.room() > 0;
    const bool write = !connection->outbox.isEmpty();
    if (read == connection->watchingRead && write == connection->watchingWrite)
        return;
    connection->watchingRead = read;
    connection->watchingWrite = write;
    m_poller->setWatch(connection->descriptor, read, write);
}

void BufferServer::processMessages(Connection *connection)
{
    // One request at a time: while a put or take is held back, later requests wait their turn.
    while (!connection->closing && !connection->pending && connection->reader.canReadMessage()) {
        const MessageReader::Message message = connection->reader.readMessage();
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
            return;
        }
        if (connection->reader.framing() == MessageReader::Framing::Legacy)
            handleLegacy(connection, message.data);
        else
            handleNative(connection, message.data);
    }
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
    send(connection,
         NativeProtocol::okReply(Op::Status,
                                 {
                                     {"size"_L1, stats.size},
                                     {"capacity"_L1, stats.capacity},
                                     {"producers"_L1, stats.producers},
                                     {"consumers"_L1, stats.consumers},
                                     {"waiting_producers"_L1, stats.waitingProducers},
                                     {"waiting_consumers"_L1, stats.waitingConsumers},
                                     {"unacked"_L1, stats.unacked},
                                 }));
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
            // The original consumer never acknowledges: the item leaves the server with the reply.
            const auto [serial, slot] = m_ring.pop();
            const Item item = m_items.take(serial);
            m_ring.compact();
            client.stats.taken += 1;
            m_totals.legacyTaken += 1;
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
    connection->outbox += bytes;
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
            if (Connection *connection = findConnection(id))
                processMessages(connection);
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

void BufferServer::dropConnection(Connection *connection)
{
    const auto owned = m_connections.find(connection->id);
    if (owned == m_connections.end())
        return;
    const std::unique_ptr<Connection> keep = std::move(owned->second);
    m_connections.erase(owned);

    int returned = 0;
    {
        QMutexLocker locker(&m_mutex);
        std::erase(m_waitingProducers, connection);
        std::erase(m_waitingConsumers, connection);
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

int BufferServer::clientIndex(const QString &role, const QString &id, bool legacy)
{
    const QString key = role + QLatin1Char(' ') + id;
    QMutexLocker locker(&m_mutex);
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
    m_log.append(LogEntry {m_journal.now(), source, text, error});
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
