#include "deliverycheck.h"

#include <QHash>

using namespace Qt::StringLiterals;

QJsonObject DeliveryCheck::toJson() const
{
    return QJsonObject {
        {u"produced"_s, produced}, {u"consumed"_s, consumed},     {u"left_over"_s, leftOver},
        {u"lost"_s, lost},         {u"duplicated"_s, duplicated}, {u"ok"_s, ok()},
    };
}

QString DeliveryCheck::toText() const
{
    return u"produced %1, consumed %2, left in the server %3, lost %4, duplicated %5: %6"_s.arg(produced)
        .arg(consumed)
        .arg(leftOver)
        .arg(lost)
        .arg(duplicated)
        .arg(ok() ? u"nothing lost or duplicated"_s : u"CHECK FAILED"_s);
}

DeliveryCheck DeliveryCheck::compute(const QStringList &produced, const QStringList &consumed,
                                     const QStringList &remaining)
{
    QHash<QString, qint64> balance; // produced minus (consumed + remaining), per digest
    for (const QString &digest : produced)
        ++balance[digest];
    for (const QString &digest : consumed)
        --balance[digest];
    for (const QString &digest : remaining)
        --balance[digest];
    DeliveryCheck check;
    check.produced = produced.size();
    check.consumed = consumed.size();
    check.leftOver = remaining.size();
    for (const qint64 left : std::as_const(balance)) {
        if (left > 0)
            check.lost += left;
        else
            check.duplicated -= left;
    }
    return check;
}
