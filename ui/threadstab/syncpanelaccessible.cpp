#include "syncpanelaccessible.h"

#include "syncpanel.h"

using namespace Qt::StringLiterals;

namespace {

QAccessibleInterface *syncPanelFactory(const QString &className, QObject *object)
{
    auto *panel = qobject_cast<SyncPanel *>(object);
    if (panel && className == QLatin1StringView(SyncPanel::staticMetaObject.className()))
        return new SyncPanelAccessible(panel);
    return nullptr;
}

QString kindWords(SyncObject::Kind kind, bool unsafe)
{
    if (unsafe)
        return SyncPanelAccessible::tr("busy-wait count");
    switch (kind) {
    case SyncObject::Kind::Semaphore:
        return SyncPanelAccessible::tr("semaphore");
    case SyncObject::Kind::Mutex:
        return SyncPanelAccessible::tr("mutex");
    case SyncObject::Kind::Condition:
        return SyncPanelAccessible::tr("condition");
    }
    return {};
}

} // namespace

SyncPanelAccessible::SyncPanelAccessible(SyncPanel *panel)
    : PaintedListAccessible(panel, QAccessible::List, QAccessible::ListItem)
{ }

void SyncPanelAccessible::install()
{
    static bool installed = false;
    if (installed)
        return;
    installed = true;
    QAccessible::installFactory(syncPanelFactory);
}

const SyncPanel *SyncPanelAccessible::panel() const
{
    return static_cast<const SyncPanel *>(widget());
}

int SyncPanelAccessible::itemCount() const
{
    return panel()->objectCount();
}

QString SyncPanelAccessible::itemText(int index) const
{
    if (index < 0 || index >= panel()->objectCount())
        return {};
    const SyncSnapshot &snapshot = panel()->snapshot();
    const SyncObject &object = snapshot.objects.at(index);
    const bool unsafe = !panel()->warning().isEmpty();
    QString text = object.meaning.isEmpty() ? object.name : u"%1 (%2)"_s.arg(object.name, object.meaning);
    text += u", "_s + kindWords(object.kind, unsafe);
    const QString value = panel()->valueText(index);
    if (!value.isEmpty())
        text += u": "_s + value;
    const QStringList waiters = panel()->waiterNames(index);
    text
        += u", "_s + (waiters.isEmpty() ? tr("no one waiting") : tr("waiting %1").arg(waiters.join(u", "_s)));
    if (panel()->isHighlighted(index))
        text += u", "_s + tr("part of the deadlock");
    return text;
}

QRect SyncPanelAccessible::itemRect(int index) const
{
    // The panel's margins and card gap (see SyncPanel::paintEvent); one more card for the warning.
    const QRectF bounds = QRectF(panel()->rect()).adjusted(10.0, 6.0, -10.0, -8.0);
    const int cards = itemCount() + (panel()->warning().isEmpty() ? 0 : 1);
    const QList<QRectF> rects = SyncPanel::cardRects(bounds, cards, 12.0);
    return index >= 0 && index < rects.size() ? rects.at(index).toAlignedRect() : QRect();
}

QString SyncPanelAccessible::defaultName() const
{
    return tr("Synchronization objects");
}

QString SyncPanelAccessible::summary() const
{
    const SyncSnapshot &snapshot = panel()->snapshot();
    if (snapshot.objects.isEmpty())
        return tr("This strategy has no synchronization objects.");
    QStringList parts;
    for (int i = 0; i < panel()->objectCount(); ++i) {
        const SyncObject &object = snapshot.objects.at(i);
        const QString value = panel()->valueText(i);
        QString part = value.isEmpty() ? object.name : u"%1 %2"_s.arg(object.name, value);
        if (!object.waiters.isEmpty())
            part += u' ' + tr("(%n waiting)", nullptr, int(object.waiters.size()));
        parts.append(part);
    }
    QString text = tr("Strategy %1: %2.").arg(snapshot.strategy, parts.join(u", "_s));
    if (!panel()->warning().isEmpty())
        text += u' ' + panel()->warning();
    if (panel()->hasDeadlock())
        text += u' ' + tr("The objects of the deadlock are marked.");
    return text;
}
