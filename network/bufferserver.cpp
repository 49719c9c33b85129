#include "bufferserver.h"

#include "bufferclient.h"
#include "itstudent.h"
#include "legacyprotocol.h"
#include "messagereader.h"

#include <QDeadlineTimer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <algorithm>

using namespace Qt::StringLiterals;
using Op = NativeProtocol::Op;
using Role = NativeProtocol::Role;

struct BufferServer::Item
{
    QJsonValue value;
    // The item exactly as sent (5.0 stays a float, keys keep their order), for original-format
    // replies, which must match what the original server would have said.
    QCborValue exact;
    int producer = -1; // client index
    qint8 programme = -1;
    int deliveries = 0;
};

// A put or take the server holds back until there is room or an item (or its timeout).
struct BufferServer::Pending
{
    Op op = Op::Put;
    QJsonValue item;
    QCborValue exactItem;
    bool hasDeadline = false;
    QDeadlineTimer deadline;
    qint64 sinceNs = 0;
};

struct BufferServer::Connection
{
    quint64 id = 0;
    QTcpSocket *socket = nullptr;
    std::unique_ptr<MessageReader> reader;
    int client = -1; // index into m_clients once known
    bool helloDone = false;
    Role role = Role::Producer;
    std::optional<Pending> pending;
    std::vector<std::pair<qint64, int>> unacked; // (tag, serial) in delivery order
    bool closing = false;
};

namespace {

// Past this many unread bytes a socket stops reading: TCP backpressure for a client that sends
// requests faster than they are answered.
constexpr qint64 ReadBufferLimit = 2 * MessageReader::MaxMessageSize;

} // namespace

BufferServer::BufferServer(QObject *parent)
    : QObject(parent), m_server(new QTcpServer(this)), m_timeoutTimer(new QTimer(this))
{
    m_timeoutTimer->setSingleShot(true);
    connect(m_timeoutTimer, &QTimer::timeout, this, &BufferServer::expireTimeouts);
    connect(m_server, &QTcpServer::newConnection, this, &BufferServer::onNewConnection);
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
        digests.append(BufferClient::digest(item.value));
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

void BufferServer::onNewConnection()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        auto connection = std::make_unique<Connection>();
        Connection *c = connection.get();
        c->id = m_nextConnectionId++;
        c->socket = socket;
        c->reader = std::make_unique<MessageReader>(socket);
        socket->setReadBufferSize(ReadBufferLimit);
        socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        connect(socket, &QTcpSocket::readyRead, this, [this, c] { onReadyRead(c); });
        connect(socket, &QTcpSocket::disconnected, this, [this, c] { onDisconnected(c); });
        // Close connections that never say anything. The socket is the timer's context, and the
        // connection is looked up again by id, so a connection that is gone is never touched.
        QTimer::singleShot(m_helloTimeoutMs, socket, [this, id = c->id] {
            Connection *silent = findConnection(id);
            if (!silent || silent->helloDone || silent->closing)
                return;
            log(-1,
                u"closing the connection from %1 port %2: nothing said within %3 s"_s
                    .arg(silent->socket->peerAddress().toString())
                    .arg(silent->socket->peerPort())
                    .arg(m_helloTimeoutMs / 1000.0));
            dropConnection(silent);
            afterEvent();
        });
        m_connections.emplace(c->id, std::move(connection));
        if (socket->bytesAvailable() > 0)
            processMessages(c);
    }
    afterEvent();
}

void BufferServer::onReadyRead(Connection *connection)
{
    processMessages(connection);
    afterEvent();
}

void BufferServer::processMessages(Connection *connection)
{
    // One request at a time: while a put or take is held back, later requests wait their turn.
    while (!connection->closing && !connection->pending && connection->reader->canReadMessage()) {
        const MessageReader::Message message = connection->reader->readMessage();
        if (message.status == MessageReader::Status::Oversized) {
            log(connection->client,
                u"sent more than %1 bytes without a complete message; closing"_s.arg(
                    MessageReader::MaxMessageSize),
                true);
            send(connection,
                 NativeProtocol::errorReply(u"message longer than %1 bytes; closing the connection"_s.arg(
                     MessageReader::MaxMessageSize)));
            connection->closing = true;
            connection->socket->disconnectFromHost();
            return;
        }
        if (connection->reader->framing() == MessageReader::Framing::Legacy)
            handleLegacy(connection, message.data);
        else
            handleNative(connection, message.data);
    }
}

void BufferServer::handleNative(Connection *connection, const QByteArray &line)
{
    QString error;
    std::optional<Op> op;
    const std::optional<NativeProtocol::Request> request = NativeProtocol::parseRequest(line, &error, &op);
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
    log(connection->client,
        u"connected from %1 port %2"_s.arg(connection->socket->peerAddress().toString())
            .arg(connection->socket->peerPort()));
    Q_EMIT clientsChanged();
}

void BufferServer::put(Connection *connection, const NativeProtocol::Request &request)
{
    QMutexLocker locker(&m_mutex);
    if (!m_ring.isFull()) {
        const int serial = m_nextSerial++;
        m_items.insert(
            serial, Item {request.item, request.exactItem, connection->client, programmeOf(request.item), 0});
        insertLocked(connection, serial);
        send(connection, NativeProtocol::okReply(Op::Put, {{"size"_L1, m_ring.size()}}));
        serveWaitingConsumersLocked();
        return;
    }
    Client &client = m_clients[connection->client];
    if (request.timeoutMs == 0) {
        client.stats.timeouts += 1;
        send(connection, NativeProtocol::errorReply(u"timeout"_s, Op::Put));
        return;
    }
    connection->pending = Pending {Op::Put,
                                   request.item,
                                   request.exactItem,
                                   request.timeoutMs > 0,
                                   QDeadlineTimer(qMax(0, request.timeoutMs)),
                                   m_journal.now()};
    m_waitingProducers.push_back(connection);
    client.stats.waits += 1;
    client.stats.state = u"waiting for room"_s;
    locker.unlock();
    setClientState(connection, WorkerState::WaitingForSlot);
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
        Op::Take, {}, {}, request.timeoutMs > 0, QDeadlineTimer(qMax(0, request.timeoutMs)), m_journal.now()};
    m_waitingConsumers.push_back(connection);
    client.stats.waits += 1;
    client.stats.state = u"waiting for an item"_s;
    locker.unlock();
    setClientState(connection, WorkerState::WaitingForItem);
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
    send(connection, NativeProtocol::okReply(Op::Ack));
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
            const QJsonValue item = request->hasItem ? request->item : QJsonValue(QJsonValue::Null);
            const QCborValue exact = request->hasItem ? request->exactItem : QCborValue(QCborValue::Null);
            const int serial = m_nextSerial++;
            m_items.insert(serial, Item {item, exact, index, programmeOf(item), 0});
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
            reply = LegacyProtocol::consumerSuccess(item.exact, m_ring.size());
            admitWaitingLocked();
        }
    }
    log(index, u"original format: %1"_s.arg(QString::fromUtf8(reply)), reply.contains("\"error\""));
    send(connection, reply);
    connection->socket->disconnectFromHost();
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

    send(consumer,
         NativeProtocol::okReply(Op::Take,
                                 {{"item"_L1, item.value}, {"tag"_L1, tag}, {"size"_L1, m_ring.size()}}));
}

void BufferServer::admitWaitingLocked()
{
    // Room appeared: the longest-waiting producers get in first.
    while (!m_ring.isFull() && !m_waitingProducers.empty()) {
        Connection *producer = m_waitingProducers.front();
        m_waitingProducers.pop_front();
        const Pending pending = releaseLocked(producer);
        const int serial = m_nextSerial++;
        m_items.insert(
            serial, Item {pending.item, pending.exactItem, producer->client, programmeOf(pending.item), 0});
        insertLocked(producer, serial);
        send(producer, NativeProtocol::okReply(Op::Put, {{"size"_L1, m_ring.size()}}));
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
    // QTcpSocket::write only buffers (no signals, no system call), so it is safe under m_mutex.
    connection->socket->write(bytes);
    m_dirty.emplace_back(connection->socket);
}

void BufferServer::afterEvent()
{
    if (m_inAfterEvent)
        return;
    m_inAfterEvent = true;
    while (!m_resume.empty() || !m_dirty.empty()) {
        // Flushing may report a broken connection, which drops it and may serve others.
        std::vector<QPointer<QTcpSocket>> dirty;
        dirty.swap(m_dirty);
        for (const QPointer<QTcpSocket> &socket : dirty) {
            if (socket)
                socket->flush();
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
    qint64 earliest = -1;
    for (const auto &[id, connection] : m_connections) {
        if (connection->pending && connection->pending->hasDeadline) {
            const qint64 left = qMax<qint64>(0, connection->pending->deadline.remainingTime());
            earliest = earliest < 0 ? left : qMin(earliest, left);
        }
    }
    if (earliest >= 0)
        m_timeoutTimer->start(int(earliest));
    else
        m_timeoutTimer->stop();
}

void BufferServer::expireTimeouts()
{
    for (const auto &[id, connection] : m_connections) {
        if (!connection->pending || !connection->pending->hasDeadline
            || !connection->pending->deadline.hasExpired())
            continue;
        const Op op = connection->pending->op;
        {
            QMutexLocker locker(&m_mutex);
            std::erase(op == Op::Put ? m_waitingProducers : m_waitingConsumers, connection.get());
            ClientStatistics &client = m_clients[connection->client].stats;
            client.waitNs += m_journal.now() - connection->pending->sinceNs;
            client.timeouts += 1;
            client.state = u"connected"_s;
            connection->pending.reset();
            send(connection.get(), NativeProtocol::errorReply(u"timeout"_s, op));
        }
        log(connection->client, u"%1 timed out"_s.arg(NativeProtocol::opName(op)));
        finishRequest(connection.get());
    }
    scheduleTimeouts();
    afterEvent();
}

void BufferServer::onDisconnected(Connection *connection)
{
    dropConnection(connection);
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
    connection->socket->disconnect(this);
    connection->socket->abort();
    connection->socket->deleteLater();
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

qint8 BufferServer::programmeOf(const QJsonValue &item) const
{
    // Records travel as their XML text; colour them by programme as the Threads tab does.
    if (!item.isString())
        return -1;
    const QString text = item.toString();
    static const QString open = u"<Programme>"_s;
    const qsizetype start = text.indexOf(open);
    if (start < 0)
        return -1;
    const qsizetype from = start + open.size();
    const qsizetype end = text.indexOf(u"</Programme>"_s, from);
    return end < 0 ? qint8(-1) : qint8(ITStudent::programmes().indexOf(text.mid(from, end - from)));
}
