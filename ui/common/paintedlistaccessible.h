#pragma once

#include <QAccessibleWidget>
#include <QHash>
#include <QStringList>

#include <memory>

class QTimer;

// A painted widget told to screen readers as a list of items in words (a slot, a semaphore, a
// thread's lane): the widget's name, a description that sums it up, and one child per item.
// Subclasses only say what the items are. While an assistive tool holds the interface, it
// compares what it says with what it said at most every PollIntervalMs and reports the
// difference: one event per changed item when few changed, one for the whole list when many did,
// so a run at full speed never floods the reader.
class PaintedListAccessible : public QAccessibleWidget
{
public:
    static constexpr int PollIntervalMs = 100;
    // More changed items than this in one poll: one VisibleDataChanged for the list instead.
    static constexpr int MaxItemEvents = 4;

    PaintedListAccessible(QWidget *widget, QAccessible::Role role, QAccessible::Role itemRole);
    ~PaintedListAccessible() override;

    // Says `text` as an alert on the widget: it becomes the widget's accessible description (read
    // before the live summary) until the next announce() or clearAnnouncement().
    static void announce(QWidget *widget, const QString &text);
    static void clearAnnouncement(QWidget *widget);

    virtual int itemCount() const = 0;
    virtual QString itemText(int index) const = 0;
    virtual QString itemDescription(int index) const;
    // Where the item is drawn, in the widget's coordinates; empty if it is not drawn.
    virtual QRect itemRect(int index) const;
    // The name when the widget has no accessible name of its own.
    virtual QString defaultName() const = 0;
    // The state of the whole view in a sentence or two.
    virtual QString summary() const = 0;

    QAccessible::Role itemRole() const { return m_itemRole; }

    QString text(QAccessible::Text t) const override;
    int childCount() const override;
    QAccessibleInterface *child(int index) const override;
    int indexOfChild(const QAccessibleInterface *child) const override;
    QAccessibleInterface *childAt(int x, int y) const override;

    // Compares with the last poll and sends the events for what changed (the poll timer calls it).
    void notifyChanges();

private:
    QAccessible::Role m_itemRole;
    // Child interfaces, registered with QAccessible (which owns them) and deleted with this one.
    mutable QHash<int, QAccessible::Id> m_children;
    QStringList m_lastItems;
    QString m_lastName;
    QString m_lastDescription;
    bool m_primed = false;
    std::unique_ptr<QTimer> m_poll;
};
