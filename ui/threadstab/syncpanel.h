#pragma once

#include "deadlockdetector.h"
#include "syncsnapshot.h"
#include "workerstate.h"

#include <QList>
#include <QRectF>
#include <QStringList>
#include <QWidget>

class QPainter;

// The buffer's synchronization objects as they are now, drawn under the buffer view: each
// semaphore with its count in big digits, the mutex free or held by a named worker, each
// condition, and the workers waiting on each as chips in the order they arrived. For the
// strategy without any lock it says so. The owner hands it the latest SyncSnapshot once a frame
// (never a backlog); it repaints only when what it shows has changed. After a deadlock it marks
// the objects and the workers of the cycle.
class SyncPanel : public QWidget
{
    Q_OBJECT
public:
    explicit SyncPanel(QWidget *parent = nullptr);

    // Names and roles of the run's workers, indexed like SyncObject::holder and ::waiters.
    void setWorkers(const QStringList &names, const QList<WorkerRole> &roles);
    // Shows this snapshot. Returns false, and repaints nothing, when it shows the same as before.
    bool setSnapshot(const SyncSnapshot &snapshot);
    const SyncSnapshot &snapshot() const { return m_snapshot; }
    // Marks the objects the deadlock's workers hold or wait on, and their chips.
    void setDeadlock(const DeadlockReport &report);
    void clearDeadlock();
    bool hasDeadlock() const { return !m_deadlockWorkers.isEmpty(); }

    // What the panel shows, in words.
    int objectCount() const { return int(m_snapshot.objects.size()); }
    // "3" for a semaphore, "free" or "held by Producer 2" for a mutex, "count 4" for a busy-wait,
    // empty for a condition variable.
    QString valueText(int object) const;
    // The waiters' names, first to arrive first.
    QStringList waiterNames(int object) const;
    bool isHighlighted(int object) const;
    // The warning for a strategy with no lock at all; empty otherwise.
    QString warning() const;

    // Paint geometry, kept apart so it can be tested: `count` cards of equal width side by side,
    // and chips of the given widths flowed left to right and wrapped; chips that would overflow
    // the area are left out (the result is shorter).
    static QList<QRectF> cardRects(const QRectF &bounds, int count, qreal gap);
    static QList<QRectF> flowRects(const QRectF &area, const QList<qreal> &widths, qreal height, qreal gap);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QString workerName(int worker) const;
    WorkerRole workerRole(int worker) const;
    void drawCard(QPainter &painter, const QRectF &rect, int object) const;
    void drawWarning(QPainter &painter, const QRectF &rect) const;
    void drawChip(QPainter &painter, const QRectF &rect, int worker, const QString &text) const;
    void drawWaiters(QPainter &painter, const QRectF &area, const QList<int> &waiters,
                     qreal chipHeight) const;

    SyncSnapshot m_snapshot;
    QStringList m_names;
    QList<WorkerRole> m_roles;
    QList<int> m_deadlockWorkers;
};
