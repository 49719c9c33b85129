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
    double elapsedS = 0.0;
    QList<ClientStatistics> clients;

    qint64 lost() const { return accepted - acked - legacyTaken - size - unacked; }
    double itemsPerSecond() const { return elapsedS > 0.0 ? double(acked + legacyTaken) / elapsedS : 0.0; }
    QJsonObject toJson() const;
    QString toText() const;
};
