#pragma once

#include "timelinegeometry.h"
#include "workertimeline.h"

#include <QElapsedTimer>
#include <QList>
#include <QStringList>
#include <QWidget>

class QToolButton;

// One lane per worker ("Producer 1"), coloured by what it was doing when (the buffer view's
// colours), scrolling with time: by default the last ten seconds, following "now" while the run
// goes on. The wheel zooms, dragging looks back in time and stops following until Follow (or End)
// is pressed. Hovering names the worker, the state, the student and the times.
// Holds no run logic: the owner hands it each frame's journal batch with apply(); it repaints at
// most once per frame. The data lives in timeline(), the layout in TimelineGeometry.
class TimelineView : public QWidget
{
    Q_OBJECT
public:
    static constexpr qint64 DefaultSpanNs = 10'000'000'000; // 10 s
    static constexpr qint64 MinSpanNs = 10'000'000; // 10 ms
    static constexpr qint64 MaxSpanNs = WorkerTimeline::DefaultRetentionNs;

    explicit TimelineView(QWidget *parent = nullptr);

    // A new run: one lane per worker, in journal order (JournalEvent::worker indexes them).
    // Forgets the previous run, starts the clock at 0 and follows.
    void setWorkers(const QStringList &names, const QList<WorkerRole> &roles);
    QStringList workerNames() const { return m_names; }
    QList<WorkerRole> workerRoles() const { return m_roles; }
    // The records a lane's worker put into the buffer (a producer) or took out (a consumer) this run.
    int transfers(int lane) const { return m_transfers.value(lane); }
    // Takes one frame's journal batch (only state changes matter) and schedules one repaint.
    // Call it every frame, even with no events: "now" moves on and the view scrolls with it.
    void apply(const std::vector<JournalEvent> &events);
    // Sets the journal time now, e.g. from Simulation::statistics().elapsedS. Between calls the
    // view's own clock, started by setWorkers(), moves now on, never behind the newest event.
    void setNow(qint64 nowNs);
    qint64 now() const;
    // The run has ended at endNs: now stops there (open intervals end there).
    void finish(qint64 endNs);
    bool isRunning() const { return m_running; }
    // Empties the lanes (keeping the workers), back to time 0, following.
    void clear();

    WorkerTimeline &timeline() { return m_timeline; }
    const WorkerTimeline &timeline() const { return m_timeline; }

    // Following: the window's right edge is now (or the window is [0, span] early in a run).
    bool isFollowing() const { return m_following; }
    void setFollowing(bool following);
    // How much time the window shows; zooming changes it.
    qint64 spanNs() const { return m_spanNs; }
    void setSpanNs(qint64 spanNs);
    qint64 windowStartNs() const;
    qint64 windowEndNs() const;
    // Shows the window ending at endNs (clamped to the run) and stops following.
    void scrollTo(qint64 endNs);
    // The whole run so far in one window (A); 0 goes back to the last ten seconds.
    void showAll();
    // Zooms by factor (< 1 zooms in) keeping the time at x where it is (the right edge if following).
    void zoom(double factor, qreal x);

    // What the tooltip says at pos: the worker, the state in words, the student and the times; or
    // a summary where many short states share a pixel. Empty outside the lanes.
    QString toolTipAt(QPoint pos) const;
    TimelineGeometry geometryFor(const QRectF &bounds) const;

    // "0.625 s", "12.3 ms", "45 µs"
    static QString formatDuration(qint64 ns);
    // "12.345 s"; more decimals (up to microseconds) when precisionNs is below 100 ms.
    static QString formatTime(qint64 ns, qint64 precisionNs = 1'000'000'000);
    // The colour categories and their words, in legend order (idle has no entry).
    static QList<LaneActivity> legendActivities();
    static QString describe(LaneActivity activity);
    // The colour of an activity's bars: the buffer view's lane colours, a little stronger.
    static QColor barColor(LaneActivity activity, const QPalette &palette);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    void followingChanged(bool following);

protected:
    bool event(QEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    qint64 clampedEnd(qint64 endNs) const;
    QList<qreal> legendWidths() const;
    QFont labelFont() const;
    QString headerText() const;
    void placeFollowButton();
    void drawLanes(QPainter &painter, const TimelineGeometry &geometry) const;
    void drawAxis(QPainter &painter, const TimelineGeometry &geometry) const;
    void drawLegend(QPainter &painter, const TimelineGeometry &geometry) const;

    WorkerTimeline m_timeline;
    QStringList m_names;
    QList<WorkerRole> m_roles;
    QList<int> m_transfers; // by lane
    int m_producers = 0; // lanes before the first consumer
    QElapsedTimer m_clock; // journal time since the last setNow(), while running
    qint64 m_clockBaseNs = 0;
    bool m_running = false;
    bool m_following = true;
    qint64 m_spanNs = DefaultSpanNs;
    qint64 m_viewEndNs = DefaultSpanNs; // the window's right edge while not following
    bool m_dragging = false;
    qreal m_dragStartX = 0.0;
    qint64 m_dragStartEndNs = 0;
    QToolButton *m_followButton = nullptr;
};
