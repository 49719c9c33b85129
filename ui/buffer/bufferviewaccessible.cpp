#include "bufferviewaccessible.h"

#include "bufferview.h"
#include "itstudent.h"

using namespace Qt::StringLiterals;

namespace {

QAccessibleInterface *bufferViewFactory(const QString &className, QObject *object)
{
    auto *view = qobject_cast<BufferView *>(object);
    if (view && className == QLatin1StringView(BufferView::staticMetaObject.className()))
        return new BufferViewAccessible(view);
    return nullptr;
}

} // namespace

BufferViewAccessible::BufferViewAccessible(BufferView *view)
    : PaintedListAccessible(view, QAccessible::List, QAccessible::ListItem)
{ }

void BufferViewAccessible::install()
{
    static bool installed = false;
    if (installed)
        return;
    installed = true;
    QAccessible::installFactory(bufferViewFactory);
}

const BufferView *BufferViewAccessible::view() const
{
    return static_cast<const BufferView *>(widget());
}

int BufferViewAccessible::itemCount() const
{
    return view()->scene().slotCount();
}

QString BufferViewAccessible::itemText(int index) const
{
    const BufferScene &scene = view()->scene();
    if (index < 0 || index >= scene.slotCount())
        return {};
    const BufferScene::Slot &slot = scene.slots().at(index);
    QString text;
    if (slot.isEmpty()) {
        text = tr("slot %1: empty").arg(index);
    } else {
        const QString programme = ITStudent::programmes().value(slot.programme);
        text = programme.isEmpty() ? tr("slot %1: student %2").arg(index).arg(slot.record)
                                   : tr("slot %1: student %2, %3").arg(index).arg(slot.record).arg(programme);
    }
    if (scene.isSlotFlagged(index) || (!slot.isEmpty() && scene.isFlagged(slot.record)))
        text += tr(", flagged by the checker");
    if (index >= scene.capacity())
        text += tr(", going away (the buffer is shrinking)");
    return text;
}

QString BufferViewAccessible::itemDescription(int index) const
{
    const BufferScene &scene = view()->scene();
    QStringList words;
    if (index == scene.inPosition())
        words.append(tr("the next record goes in here"));
    if (index == scene.outPosition())
        words.append(tr("the next record comes out of here"));
    return words.join(u"; "_s);
}

QRect BufferViewAccessible::itemRect(int index) const
{
    const BufferGeometry geometry = view()->geometryFor(QRectF(view()->rect()));
    if (index < 0 || index >= geometry.slotRects.size())
        return {};
    return geometry.slotRects.at(index).toAlignedRect();
}

QString BufferViewAccessible::defaultName() const
{
    return view()->title();
}

QString BufferViewAccessible::summary() const
{
    const BufferScene &scene = view()->scene();
    QString text = tr("Capacity %1, %2 filled.").arg(scene.capacity()).arg(scene.size());
    if (scene.size() >= scene.capacity())
        text += u' ' + tr("Full: producers must wait.");
    else if (scene.size() == 0)
        text += u' ' + tr("Empty: consumers must wait.");
    if (scene.isDraining())
        text += u' ' + tr("Shrinking: %1 slots are going away.").arg(scene.slotCount() - scene.capacity());
    if (scene.slotCount() > 0)
        text += u' '
            + tr("Next insert at slot %1, next remove at slot %2.")
                  .arg(scene.inPosition())
                  .arg(scene.outPosition());
    if (const int flagged = scene.flaggedRecordCount(); flagged > 0)
        text += u' ' + tr("The checker flagged %n record(s).", nullptr, flagged);
    // A deadlock's banner is also what the page announced: said once is enough.
    if (!view()->banner().isEmpty() && !view()->accessibleDescription().contains(view()->banner()))
        text += u' ' + view()->banner();
    return text;
}
