#pragma once

#include <QJsonObject>
#include <QStringList>

// Did every item that producers put arrive at a consumer exactly once? Compares item digests
// (BufferClient::digest) of what producers had accepted, what consumers acknowledged, and what
// is still in the server (in the buffer or delivered and unacknowledged).
struct DeliveryCheck
{
    qint64 produced = 0;
    qint64 consumed = 0;
    qint64 leftOver = 0; // still in the server
    qint64 lost = 0; // produced, but neither consumed nor left over
    qint64 duplicated = 0; // consumed (or left over) more often than produced

    bool ok() const { return lost == 0 && duplicated == 0; }
    QJsonObject toJson() const;
    QString toText() const;

    static DeliveryCheck compute(const QStringList &produced, const QStringList &consumed,
                                 const QStringList &remaining);
};
