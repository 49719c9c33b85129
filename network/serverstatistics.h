#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

// What the buffer server knows about one client, identified by role and id ("producer P1").
// A client that reconnects under the same id adds to the same entry.
struct ClientStatistics
{
    QString id;
    QString role; // "producer", "consumer", or "unknown" before a hello
    bool legacy = false; // spoke the original program's one-request-per-connection format
    bool connected = false;
    QString state; // "connected", "waiting for room", "waiting for an item", "disconnected"
    int connections = 0;
    qint64 put = 0; // items accepted from this producer
    qint64 taken = 0; // items delivered to this consumer (redeliveries included)
    qint64 acked = 0;
    qint64 redeliveries = 0; // items this consumer got that an earlier consumer never acked
    qint64 returned = 0; // items this consumer held unacked when it went away
    qint64 waits = 0; // requests held back (buffer full or empty)
    qint64 waitNs = 0; // time spent held back
    qint64 timeouts = 0;
    qint64 errors = 0; // bad requests
    qint64 connectedNs = 0; // total time connected

    double meanWaitMs() const { return waits > 0 ? double(waitNs) / 1e6 / double(waits) : 0.0; }
    QString name() const; // "producer P1"
    QJsonObject toJson() const;
};

// The server's totals. Conservation: every accepted item is acked, taken by a legacy consumer
// (which never acks), in the buffer, or delivered and not yet acked; `lost()` is what is not.
struct ServerStatistics
{
    QString address;
    int port = 0;
    int capacity = 0;
    int size = 0;
    int unacked = 0;
    int waitingProducers = 0;
    int waitingConsumers = 0;
    int producers = 0; // connected now
    int consumers = 0;
    int connections = 0;
    qint64 accepted = 0;
    qint64 delivered = 0;
    qint64 acked = 0;
    qint64 legacyTaken = 0;
    qint64 redelivered = 0;
    qint64 restored = 0; // items loaded from the state file at start
    // Original-format replies the consumer closed without reading: the item went back to the
    // head of the buffer (that protocol has no acknowledgement; see BufferServer).
    qint64 undeliveredReplies = 0;
    qint64 droppedAtShutdown = 0; // in the buffer when the server stopped, and not saved
    qint64 savedAtShutdown = 0; // written to the state file when the server stopped
    QString stateFile;
    QString stateError; // why the state file could not be written
    qint64 rejectedConnections = 0; // over the connection limit
    qint64 closedNotReading = 0; // read none of their replies for the write timeout
    qint64 closedOverBudget = 0; // held the most when all connections held too much
    double elapsedS = 0.0;
    QList<ClientStatistics> clients;

    // Every accepted or restored item is acked, taken by a legacy consumer, in the buffer or
    // delivered and unacknowledged; what is not is lost. Items dropped at shutdown are still in
    // the buffer (size) and counted apart.
    qint64 lost() const { return accepted + restored - acked - legacyTaken - size - unacked; }
    // Redelivered items go back to the head even when the buffer is full, so it can hold more
    // than its capacity for a while; producers wait until it is below again.
    int overCapacity() const { return qMax(0, size - capacity); }
    // Something that was accepted did not make it: say so in the exit code too.
    bool droppedAny() const { return droppedAtShutdown > 0 || lost() != 0 || !stateError.isEmpty(); }
    double itemsPerSecond() const { return elapsedS > 0.0 ? double(acked + legacyTaken) / elapsedS : 0.0; }
    QJsonObject toJson() const;
    QString toText() const;
};
