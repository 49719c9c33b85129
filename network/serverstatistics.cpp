#include "serverstatistics.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

QString ClientStatistics::name() const
{
    return role + QLatin1Char(' ') + id;
}

QJsonObject ClientStatistics::toJson() const
{
    return QJsonObject {
        {u"id"_s, id},
        {u"role"_s, role},
        {u"legacy"_s, legacy},
        {u"connected"_s, connected},
        {u"connections"_s, connections},
        {u"put"_s, put},
        {u"taken"_s, taken},
        {u"acked"_s, acked},
        {u"redeliveries"_s, redeliveries},
        {u"returned"_s, returned},
        {u"waits"_s, waits},
        {u"mean_wait_ms"_s, meanWaitMs()},
        {u"timeouts"_s, timeouts},
        {u"errors"_s, errors},
        {u"connected_s"_s, double(connectedNs) / 1e9},
    };
}

QJsonObject ServerStatistics::toJson() const
{
    QJsonArray clientArray;
    for (const ClientStatistics &client : clients)
        clientArray.append(client.toJson());
    QJsonObject object {
        {u"address"_s, address},
        {u"port"_s, port},
        {u"capacity"_s, capacity},
        {u"size"_s, size},
        {u"unacked"_s, unacked},
        {u"accepted"_s, accepted},
        {u"delivered"_s, delivered},
        {u"acked"_s, acked},
        {u"legacy_taken"_s, legacyTaken},
        {u"redelivered"_s, redelivered},
        {u"lost"_s, lost()},
        {u"restored"_s, restored},
        {u"undelivered_replies"_s, undeliveredReplies},
        {u"dropped_at_shutdown"_s, droppedAtShutdown},
        {u"saved_at_shutdown"_s, savedAtShutdown},
        {u"over_capacity"_s, overCapacity()},
        {u"rejected_connections"_s, rejectedConnections},
        {u"closed_not_reading"_s, closedNotReading},
        {u"closed_over_budget"_s, closedOverBudget},
        {u"elapsed_s"_s, elapsedS},
        {u"items_per_s"_s, itemsPerSecond()},
        {u"clients"_s, clientArray},
    };
    if (!stateFile.isEmpty())
        object.insert(u"state_file"_s, stateFile);
    if (!stateError.isEmpty())
        object.insert(u"state_error"_s, stateError);
    return object;
}

QString ServerStatistics::toText() const
{
    QString text;
    text += u"Server %1:%2, buffer %3/%4"_s.arg(address).arg(port).arg(size).arg(capacity);
    if (overCapacity() > 0)
        text += u" (%1 over capacity: items put back by consumers that went away)"_s.arg(overCapacity());
    text += u"\n"_s;
    if (restored > 0)
        text += u"  restored %1 item(s) from %2\n"_s.arg(restored).arg(stateFile);
    text += u"  accepted %1, delivered %2 (%3 redelivered), acked %4, taken by legacy clients %5\n"_s
                .arg(accepted)
                .arg(delivered)
                .arg(redelivered)
                .arg(acked)
                .arg(legacyTaken);
    text += u"  in buffer %1, delivered but not acked %2, lost %3\n"_s.arg(size).arg(unacked).arg(lost());
    if (undeliveredReplies > 0)
        text += u"  %1 original-format repl%2 closed unread: the item went back to the buffer\n"_s
                    .arg(undeliveredReplies)
                    .arg(undeliveredReplies == 1 ? u"y"_s : u"ies"_s);
    if (savedAtShutdown > 0)
        text += u"  saved %1 item(s) to %2 at shutdown\n"_s.arg(savedAtShutdown).arg(stateFile);
    if (!stateError.isEmpty())
        text += u"  ERROR: cannot save the buffer to %1: %2\n"_s.arg(stateFile, stateError);
    if (droppedAtShutdown > 0)
        text += u"  ERROR: %1 item(s) were still in the buffer at shutdown and were dropped%2\n"_s
                    .arg(droppedAtShutdown)
                    .arg(stateFile.isEmpty() ? u" (--state FILE keeps them)"_s : QString());
    if (rejectedConnections + closedNotReading + closedOverBudget > 0)
        text += u"  connections refused over the limit %1, closed for not reading replies %2, closed "
                "over the memory budget %3\n"_s.arg(rejectedConnections)
                    .arg(closedNotReading)
                    .arg(closedOverBudget);
    text += u"  elapsed %1 s, %2 items/s\n"_s.arg(elapsedS, 0, 'f', 3).arg(itemsPerSecond(), 0, 'f', 1);
    for (const ClientStatistics &c : clients) {
        text += u"  %1%2: put %3, taken %4, acked %5, redeliveries %6, waits %7 (mean %8 ms), timeouts %9"_s
                    .arg(c.name(), c.legacy ? u" (original format)"_s : QString())
                    .arg(c.put)
                    .arg(c.taken)
                    .arg(c.acked)
                    .arg(c.redeliveries)
                    .arg(c.waits)
                    .arg(c.meanWaitMs(), 0, 'f', 1)
                    .arg(c.timeouts);
        text += u", errors %1, connected %2 s\n"_s.arg(c.errors).arg(double(c.connectedNs) / 1e9, 0, 'f', 1);
    }
    return text;
}
