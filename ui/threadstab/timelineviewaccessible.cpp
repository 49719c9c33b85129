#include "timelineviewaccessible.h"

#include "timelineview.h"

using namespace Qt::StringLiterals;

namespace {

QAccessibleInterface *timelineViewFactory(const QString &className, QObject *object)
{
    auto *view = qobject_cast<TimelineView *>(object);
    if (view && className == QLatin1StringView(TimelineView::staticMetaObject.className()))
        return new TimelineViewAccessible(view);
    return nullptr;
}

} // namespace

TimelineViewAccessible::TimelineViewAccessible(TimelineView *view)
    : PaintedListAccessible(view, QAccessible::List, QAccessible::ListItem)
{ }

void TimelineViewAccessible::install()
{
    static bool installed = false;
    if (installed)
        return;
    installed = true;
    QAccessible::installFactory(timelineViewFactory);
}

const TimelineView *TimelineViewAccessible::view() const
{
    return static_cast<const TimelineView *>(widget());
}

int TimelineViewAccessible::itemCount() const
{
    return int(view()->workerNames().size());
}

QString TimelineViewAccessible::itemText(int index) const
{
    const QStringList names = view()->workerNames();
    if (index < 0 || index >= names.size())
        return {};
    const WorkerTimeline &timeline = view()->timeline();
    QString state = tr("not started");
    int record = -1;
    if (index < timeline.laneCount() && timeline.intervalCount(index) > 0) {
        const WorkerTimeline::Interval &now = timeline.interval(index, timeline.intervalCount(index) - 1);
        state = TimelineView::describe(now.activity);
        record = now.lastRecord;
    }
    QString text = u"%1: %2"_s.arg(names.at(index), state);
    if (record >= 0)
        text += u", "_s + tr("student %1").arg(record);
    const int moved = view()->transfers(index);
    const bool producer = view()->workerRoles().value(index, WorkerRole::Producer) == WorkerRole::Producer;
    text += u", "_s + (producer ? tr("%1 produced").arg(moved) : tr("%1 consumed").arg(moved));
    return text;
}

QRect TimelineViewAccessible::itemRect(int index) const
{
    const TimelineGeometry geometry = view()->geometryFor(QRectF(view()->rect()));
    return geometry.laneBand(index).united(geometry.laneLabel(index)).toAlignedRect();
}

QString TimelineViewAccessible::defaultName() const
{
    return tr("Timeline");
}

QString TimelineViewAccessible::summary() const
{
    const TimelineView *v = view();
    QString text
        = tr("%n thread(s), from %1 to %2.", nullptr, itemCount())
              .arg(TimelineView::formatTime(v->windowStartNs()), TimelineView::formatTime(v->windowEndNs()));
    text += u' '
        + (v->isFollowing() ? tr("Follows the run.") : tr("Looking back: press End to follow the run."));
    return text;
}
