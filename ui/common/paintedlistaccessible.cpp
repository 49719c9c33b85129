#include "paintedlistaccessible.h"

#include <QTimer>
#include <QWidget>

using namespace Qt::StringLiterals;

namespace {

// One item of a painted list: everything it says comes from the list, by index, at the time it is
// asked, so it never shows a stale picture.
class PaintedListItemAccessible : public QAccessibleInterface
{
public:
    PaintedListItemAccessible(PaintedListAccessible *list, int index) : m_list(list), m_index(index) { }

    bool isValid() const override { return m_list && m_list->isValid() && m_index < m_list->itemCount(); }
    QObject *object() const override { return nullptr; }
    QWindow *window() const override { return m_list->window(); }
    QAccessibleInterface *focusChild() const override { return nullptr; }
    QAccessibleInterface *childAt(int, int) const override { return nullptr; }
    QAccessibleInterface *parent() const override { return m_list; }
    QAccessibleInterface *child(int) const override { return nullptr; }
    int childCount() const override { return 0; }
    int indexOfChild(const QAccessibleInterface *) const override { return -1; }

    QString text(QAccessible::Text t) const override
    {
        if (!isValid())
            return {};
        switch (t) {
        case QAccessible::Name:
            return m_list->itemText(m_index);
        case QAccessible::Description:
            return m_list->itemDescription(m_index);
        default:
            return {};
        }
    }
    void setText(QAccessible::Text, const QString &) override { }

    QRect rect() const override
    {
        if (!isValid())
            return {};
        const QRect local = m_list->itemRect(m_index);
        if (local.isEmpty())
            return {};
        const auto *widget = static_cast<const QWidget *>(m_list->object());
        return QRect(widget->mapToGlobal(local.topLeft()), local.size());
    }
    QAccessible::Role role() const override { return m_list->itemRole(); }
    QAccessible::State state() const override
    {
        QAccessible::State state;
        state.readOnly = true;
        state.invisible = !isValid() || m_list->state().invisible || m_list->itemRect(m_index).isEmpty();
        return state;
    }

private:
    PaintedListAccessible *m_list;
    int m_index;
};

} // namespace

PaintedListAccessible::PaintedListAccessible(QWidget *widget, QAccessible::Role role,
                                             QAccessible::Role itemRole)
    : QAccessibleWidget(widget, role), m_itemRole(itemRole), m_poll(std::make_unique<QTimer>())
{
    m_poll->setInterval(PollIntervalMs);
    QObject::connect(m_poll.get(), &QTimer::timeout, m_poll.get(), [this] { notifyChanges(); });
    m_poll->start();
}

PaintedListAccessible::~PaintedListAccessible()
{
    for (const QAccessible::Id id : std::as_const(m_children))
        QAccessible::deleteAccessibleInterface(id);
}

void PaintedListAccessible::announce(QWidget *widget, const QString &text)
{
    widget->setAccessibleDescription(text);
    QAccessibleEvent alert(widget, QAccessible::Alert);
    QAccessible::updateAccessibility(&alert);
}

void PaintedListAccessible::clearAnnouncement(QWidget *widget)
{
    if (!widget->accessibleDescription().isEmpty())
        widget->setAccessibleDescription({});
}

QString PaintedListAccessible::itemDescription(int) const
{
    return {};
}

QRect PaintedListAccessible::itemRect(int) const
{
    return {};
}

QString PaintedListAccessible::text(QAccessible::Text t) const
{
    switch (t) {
    case QAccessible::Name: {
        const QString name = widget()->accessibleName();
        return name.isEmpty() ? defaultName() : name;
    }
    case QAccessible::Description: {
        const QString announced = widget()->accessibleDescription();
        const QString now = summary();
        return announced.isEmpty() ? now : announced + u' ' + now;
    }
    default:
        return QAccessibleWidget::text(t);
    }
}

// The items come first, then the widget's own child widgets (a button drawn over the view).
int PaintedListAccessible::childCount() const
{
    return itemCount() + QAccessibleWidget::childCount();
}

QAccessibleInterface *PaintedListAccessible::child(int index) const
{
    const int items = itemCount();
    if (index >= items)
        return QAccessibleWidget::child(index - items);
    if (index < 0)
        return nullptr;
    if (const auto found = m_children.constFind(index); found != m_children.cend())
        return QAccessible::accessibleInterface(*found);
    auto *item = new PaintedListItemAccessible(const_cast<PaintedListAccessible *>(this), index);
    m_children.insert(index, QAccessible::registerAccessibleInterface(item));
    return item;
}

int PaintedListAccessible::indexOfChild(const QAccessibleInterface *child) const
{
    if (!child)
        return -1;
    if (child->object()) {
        const int index = QAccessibleWidget::indexOfChild(child);
        return index < 0 ? -1 : itemCount() + index;
    }
    if (child->parent() != this)
        return -1;
    const QAccessible::Id id = QAccessible::uniqueId(const_cast<QAccessibleInterface *>(child));
    for (auto it = m_children.cbegin(); it != m_children.cend(); ++it) {
        if (it.value() == id)
            return it.key() < itemCount() ? it.key() : -1;
    }
    return -1;
}

QAccessibleInterface *PaintedListAccessible::childAt(int x, int y) const
{
    if (QAccessibleInterface *widgetChild = QAccessibleWidget::childAt(x, y))
        return widgetChild;
    const QPoint local = widget()->mapFromGlobal(QPoint(x, y));
    for (int i = 0; i < itemCount(); ++i) {
        if (itemRect(i).contains(local))
            return child(i);
    }
    return nullptr;
}

void PaintedListAccessible::notifyChanges()
{
    if (!QAccessible::isActive() || !isValid())
        return;
    QStringList items;
    const int count = itemCount();
    items.reserve(count);
    for (int i = 0; i < count; ++i)
        items.append(itemText(i));
    const QString name = text(QAccessible::Name);
    const QString description = summary();
    if (!m_primed) {
        // What the reader asked for first is what it knows: only later changes are news.
        m_primed = true;
    } else {
        QWidget *w = widget();
        if (name != m_lastName) {
            QAccessibleEvent event(w, QAccessible::NameChanged);
            QAccessible::updateAccessibility(&event);
        }
        if (description != m_lastDescription) {
            QAccessibleEvent event(w, QAccessible::DescriptionChanged);
            QAccessible::updateAccessibility(&event);
        }
        if (items.size() != m_lastItems.size()) {
            // Slots came or went (the capacity changed): the reader reads the list again.
            QAccessibleEvent event(w, QAccessible::ObjectReorder);
            QAccessible::updateAccessibility(&event);
        } else {
            QList<int> changed;
            for (int i = 0; i < count; ++i) {
                if (items.at(i) != m_lastItems.at(i))
                    changed.append(i);
            }
            if (changed.size() > MaxItemEvents) {
                QAccessibleEvent event(w, QAccessible::VisibleDataChanged);
                QAccessible::updateAccessibility(&event);
            } else {
                for (const int i : std::as_const(changed)) {
                    QAccessibleEvent event(w, QAccessible::NameChanged);
                    event.setChild(i);
                    QAccessible::updateAccessibility(&event);
                }
            }
        }
    }
    m_lastItems = items;
    m_lastName = name;
    m_lastDescription = description;
}
