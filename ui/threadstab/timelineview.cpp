#include "timelineview.h"

#include "colorscheme.h"
#include "timelineviewaccessible.h"
#include "translations.h"
#include "viewhelpers.h"

#include <QHelpEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QThread>
#include <QToolButton>
#include <QToolTip>
#include <QWheelEvent>

#include <cmath>

using namespace Qt::StringLiterals;

namespace {

constexpr qreal MinTickPixels = 90.0;
constexpr qreal LegendSpacing = 22.0;
constexpr qreal DragThreshold = 3.0;

// The ground and its greys from the palette: light ones as they always were, dark ones a shade
// off the dark Base.
QColor shade(const QPalette &palette, double amount, QRgb light)
{
    return ColorScheme::isDark(palette)
        ? ColorScheme::mix(palette.color(QPalette::Base), palette.color(QPalette::Text), amount)
        : QColor::fromRgb(light);
}

QColor bandColor(const QPalette &palette)
{
    return shade(palette, 0.03, 0xFAFBFC);
}

QColor bandOutline(const QPalette &palette)
{
    return shade(palette, 0.16, 0xE3E7EB);
}

// Done is hatched, so that it reads as "over" even on a projector that washes greys out.
void fillActivity(QPainter &painter, const QRectF &rect, LaneActivity activity, const QPalette &palette)
{
    painter.fillRect(rect, TimelineView::barColor(activity, palette));
    if (activity == LaneActivity::Done) {
        const QColor border = ColorScheme::laneBorder(activity, palette);
        painter.fillRect(
            rect, QBrush(ColorScheme::isDark(palette) ? border : border.darker(115), Qt::BDiagPattern));
    }
}

QColor gridColor(const QPalette &palette)
{
    return shade(palette, 0.14, 0xDDE2E7);
}

QColor textColor(const QPalette &palette)
{
    return ColorScheme::isDark(palette) ? palette.color(QPalette::Text) : QColor(0x21, 0x21, 0x21);
}

QColor mutedTextColor(const QPalette &palette)
{
    return ColorScheme::readableOn(ColorScheme::isDark(palette) ? palette.color(QPalette::PlaceholderText)
                                                                : QColor(0x5F, 0x6B, 0x76),
                                   palette.color(QPalette::Base), 4.5);
}

QColor nowColor(const QPalette &palette)
{
    return ColorScheme::isDark(palette) ? palette.color(QPalette::Text) : QColor(0x26, 0x32, 0x38);
}

// "working: generating a student, writing XML" for an interval that went through several states
// of one colour; the state's own words otherwise.
QString stateWords(const WorkerTimeline::Interval &interval)
{
    QStringList words;
    for (int state = 0; state < WorkerStateCount; ++state) {
        if (interval.states & (1u << unsigned(state)))
            words.append(Translations::display("WorkerState", describe(WorkerState(state))));
    }
    if (words.size() <= 1)
        return Translations::display("WorkerState", describe(interval.state));
    return TimelineView::tr("%1: %2").arg(TimelineView::describe(interval.activity), words.join(u", "_s));
}

QString recordWords(const WorkerTimeline::Interval &interval)
{
    if (interval.recordCount <= 0 || interval.firstRecord < 0)
        return {};
    if (interval.recordCount == 1 || interval.firstRecord == interval.lastRecord)
        return TimelineView::tr("student %1").arg(interval.firstRecord);
    return TimelineView::tr("%1 students, from student %2 to student %3")
        .arg(interval.recordCount)
        .arg(interval.firstRecord)
        .arg(interval.lastRecord);
}

// "working 79%, waiting for the lock 21%": the activities by their share of the time, most first.
QString shareWords(const WorkerTimeline::Mix &mix)
{
    const qint64 total = mix.totalNs();
    QList<std::pair<qint64, int>> shares;
    for (int activity = 0; activity < WorkerTimeline::ActivityCount; ++activity) {
        if (mix.activityNs[std::size_t(activity)] > 0)
            shares.append({mix.activityNs[std::size_t(activity)], activity});
    }
    std::sort(shares.begin(), shares.end(), std::greater<>());
    QStringList words;
    for (const auto &[ns, activity] : shares) {
        const int percent = qRound(100.0 * double(ns) / double(qMax<qint64>(1, total)));
        if (percent > 0)
            words.append(u"%1 %2%"_s.arg(TimelineView::describe(LaneActivity(activity))).arg(percent));
    }
    return words.join(u", "_s);
}

WorkerTimeline::Mix mixOf(const WorkerTimeline::Interval &interval)
{
    WorkerTimeline::Mix mix;
    for (int activity = 0; activity < WorkerTimeline::ActivityCount; ++activity)
        mix.activityNs[std::size_t(activity)] = interval.share(LaneActivity(activity));
    mix.intervals = interval.merged;
    return mix;
}

} // namespace

TimelineView::TimelineView(QWidget *parent) : QWidget(parent)
{
    setAttribute(Qt::WA_OpaquePaintEvent);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    setFocusPolicy(Qt::WheelFocus);
    setMouseTracking(true);
    ViewHelpers::ensureReadableFont(this);
    TimelineViewAccessible::install();

    m_followButton = new QToolButton(this);
    m_followButton->setText(tr("Follow"));
    m_followButton->setCheckable(true);
    m_followButton->setChecked(true);
    m_followButton->setToolTip(
        tr("Keep showing the newest moment (End). Drag the lanes to look back in time; "
           "the mouse wheel zooms."));
    m_followButton->setFocusPolicy(Qt::NoFocus);
    connect(m_followButton, &QToolButton::toggled, this, &TimelineView::setFollowing);
    placeFollowButton();
}

void TimelineView::setWorkers(const QStringList &names, const QList<WorkerRole> &roles)
{
    Q_ASSERT(QThread::currentThread() == thread());
    m_names = names;
    m_roles = roles;
    m_producers = 0;
    while (m_producers < m_names.size() && m_producers < m_roles.size()
           && m_roles.at(m_producers) == WorkerRole::Producer)
        ++m_producers;
    m_timeline.reset(int(m_names.size()));
    m_transfers.fill(0, m_names.size());
    m_clockBaseNs = 0;
    m_clock.start();
    m_running = true;
    setFollowing(true);
    update();
}

void TimelineView::apply(const std::vector<JournalEvent> &events)
{
    Q_ASSERT(QThread::currentThread() == thread());
    m_timeline.apply(events);
    for (const JournalEvent &event : events) {
        if ((event.kind == JournalEvent::Kind::Inserted || event.kind == JournalEvent::Kind::Removed)
            && event.worker >= 0 && event.worker < m_transfers.size())
            ++m_transfers[event.worker];
    }
    m_timeline.setNow(now());
    // While following, the window moves with now even when nothing happened.
    if (!events.empty() || (m_following && m_running))
        update();
}

void TimelineView::setNow(qint64 nowNs)
{
    m_clockBaseNs = nowNs;
    if (m_running)
        m_clock.start();
    m_timeline.setNow(nowNs);
    update();
}

qint64 TimelineView::now() const
{
    qint64 clockNs = m_clockBaseNs;
    if (m_running && m_clock.isValid())
        clockNs += m_clock.nsecsElapsed();
    return qMax(m_timeline.now(), clockNs);
}

void TimelineView::finish(qint64 endNs)
{
    m_running = false;
    m_clockBaseNs = endNs;
    m_timeline.setNow(endNs);
    update();
}

void TimelineView::clear()
{
    m_timeline.clear();
    m_transfers.fill(0);
    m_clockBaseNs = 0;
    m_running = false;
    m_clock.invalidate();
    m_spanNs = DefaultSpanNs;
    setFollowing(true);
    update();
}

void TimelineView::setFollowing(bool following)
{
    if (!following && m_following)
        m_viewEndNs = windowEndNs(); // stay where the window is now
    const bool changed = following != m_following;
    m_following = following;
    {
        const QSignalBlocker blocker(m_followButton);
        m_followButton->setChecked(following);
    }
    update();
    if (changed)
        Q_EMIT followingChanged(following);
}

void TimelineView::setSpanNs(qint64 spanNs)
{
    const qint64 end = windowEndNs();
    m_spanNs = qBound(MinSpanNs, spanNs, MaxSpanNs);
    if (!m_following)
        m_viewEndNs = clampedEnd(end);
    update();
}

qint64 TimelineView::clampedEnd(qint64 endNs) const
{
    // Never past now, never before the run began (unless the window is wider than the run).
    return qMax(m_spanNs, qMin(endNs, now()));
}

qint64 TimelineView::windowEndNs() const
{
    if (m_following)
        return qMax(now(), m_spanNs);
    return m_viewEndNs;
}

qint64 TimelineView::windowStartNs() const
{
    return windowEndNs() - m_spanNs;
}

void TimelineView::scrollTo(qint64 endNs)
{
    setFollowing(false);
    m_viewEndNs = clampedEnd(endNs);
    update();
}

void TimelineView::showAll()
{
    setSpanNs(qMax(now(), MinSpanNs));
    setFollowing(true);
}

void TimelineView::zoom(double factor, qreal x)
{
    const TimelineGeometry g = geometryFor(QRectF(rect()));
    const qint64 newSpan = qBound(MinSpanNs, qint64(std::llround(double(m_spanNs) * factor)), MaxSpanNs);
    if (m_following || g.plotRect.width() <= 0.0) {
        m_spanNs = newSpan;
        update();
        return;
    }
    // Keep the moment under the mouse under the mouse.
    const double fraction = qBound(0.0, (x - g.plotRect.left()) / g.plotRect.width(), 1.0);
    const qint64 anchor = g.timeForX(x);
    const qint64 start = anchor - qint64(std::llround(fraction * double(newSpan)));
    m_spanNs = newSpan;
    m_viewEndNs = clampedEnd(start + newSpan);
    update();
}

TimelineGeometry TimelineView::geometryFor(const QRectF &bounds) const
{
    const QFontMetricsF metrics(labelFont());
    qreal labelWidth = 0.0;
    for (const QString &name : m_names)
        labelWidth = qMax(labelWidth, metrics.horizontalAdvance(name));
    const qreal margin = 16.0; // the legend starts at the bounds' margin (see TimelineGeometry)
    const int rows = TimelineGeometry::legendRows(legendWidths(), bounds.width() - margin, LegendSpacing);
    return TimelineGeometry::compute(bounds, windowStartNs(), windowEndNs(), int(m_names.size()), m_producers,
                                     metrics.height(), labelWidth, rows);
}

QFont TimelineView::labelFont() const
{
    return font();
}

QList<qreal> TimelineView::legendWidths() const
{
    const QFontMetricsF metrics(font());
    QList<qreal> widths;
    const QList<LaneActivity> activities = legendActivities();
    for (const LaneActivity activity : activities)
        widths.append(metrics.height() * 1.6 + 6.0 + metrics.horizontalAdvance(describe(activity)));
    return widths;
}

QList<LaneActivity> TimelineView::legendActivities()
{
    return {LaneActivity::Working,
            LaneActivity::WaitingForSlot,
            LaneActivity::WaitingForItem,
            LaneActivity::WaitingForLock,
            LaneActivity::Sleeping,
            LaneActivity::Paused,
            LaneActivity::Done};
}

QString TimelineView::describe(LaneActivity activity)
{
    switch (activity) {
    case LaneActivity::Idle:
        return tr("idle");
    case LaneActivity::Working:
        return tr("working");
    case LaneActivity::Sleeping:
        return tr("sleeping");
    case LaneActivity::WaitingForSlot:
        return Translations::display("WorkerState", ::describe(WorkerState::WaitingForSlot));
    case LaneActivity::WaitingForItem:
        return Translations::display("WorkerState", ::describe(WorkerState::WaitingForItem));
    case LaneActivity::WaitingForLock:
        return Translations::display("WorkerState", ::describe(WorkerState::WaitingForLock));
    case LaneActivity::Paused:
        return tr("paused");
    case LaneActivity::Done:
        return tr("done");
    }
    return {};
}

QColor TimelineView::barColor(LaneActivity activity, const QPalette &palette)
{
    // Between the buffer view's lane fill and its border: the same hue as the lanes, but strong
    // enough for a bar one pixel wide to show on a projector.
    const QColor fill = ColorScheme::laneFill(activity, palette);
    const QColor border = ColorScheme::laneBorder(activity, palette);
    constexpr double Mix = 0.5;
    return QColor::fromRgbF(float(fill.redF() * (1 - Mix) + border.redF() * Mix),
                            float(fill.greenF() * (1 - Mix) + border.greenF() * Mix),
                            float(fill.blueF() * (1 - Mix) + border.blueF() * Mix));
}

QString TimelineView::formatDuration(qint64 ns)
{
    const double seconds = double(ns) / 1e9;
    if (ns >= 1'000'000'000)
        return u"%1 s"_s.arg(seconds, 0, 'f', 3);
    if (ns >= 1'000'000)
        return tr("%1 ms").arg(double(ns) / 1e6, 0, 'f', ns >= 100'000'000 ? 0 : 1);
    return u"%1 \u00B5s"_s.arg(double(ns) / 1e3, 0, 'f', 0);
}

QString TimelineView::formatTime(qint64 ns, qint64 precisionNs)
{
    int decimals = 3;
    for (qint64 step = 100'000'000; decimals < 6 && precisionNs < step; step /= 10)
        ++decimals;
    return u"%1 s"_s.arg(double(ns) / 1e9, 0, 'f', decimals);
}

QString TimelineView::toolTipAt(QPoint pos) const
{
    const TimelineGeometry g = geometryFor(QRectF(rect()));
    const int lane = g.laneAt(pos.y());
    if (lane < 0 || lane >= m_names.size() || pos.x() < g.plotRect.left() || pos.x() > g.plotRect.right())
        return {};
    const qint64 nowNs = m_timeline.now();
    const qint64 time = g.timeForX(pos.x());
    const QString &name = m_names.at(lane);
    if (time > nowNs || time < 0)
        return {};
    const std::optional<WorkerTimeline::Interval> interval = m_timeline.intervalAt(lane, time);
    if (!interval)
        return {};

    const double pixelNs = qMax(1.0, g.nsPerPixel());
    const qint64 start = interval->startNs;
    const qint64 end = interval->endOr(nowNs);
    QStringList lines {name};
    if (double(end - start) < 2.0 * pixelNs) {
        // Too short to see: several states share this pixel. Tell their mix instead.
        const qint64 from = qMax<qint64>(0, time - qint64(pixelNs));
        const qint64 to = qMin(nowNs, time + qint64(pixelNs));
        const WorkerTimeline::Mix mix = m_timeline.mixIn(lane, from, to);
        const qint64 total = mix.totalNs();
        if (mix.intervals > 1 && total > 0) {
            lines.append(tr("%1 short states in %2").arg(mix.intervals).arg(formatDuration(to - from)));
            lines.append(shareWords(mix));
            lines.append(tr("around %1 (zoom in to see each)").arg(formatTime(time, to - from)));
            return lines.join(QLatin1Char('\n'));
        }
    }
    if (interval->isMixed()) {
        // An old stretch compacted to keep memory bounded: say what it was mostly.
        lines.append(tr("mostly %1").arg(shareWords(mixOf(*interval))));
        lines.append(tr("%1 short states merged").arg(interval->merged));
        const QString records = recordWords(*interval);
        if (!records.isEmpty())
            lines.append(records);
        lines.append(tr("from %1 to %2 (%3)")
                         .arg(formatTime(start, end - start), formatTime(end, end - start),
                              formatDuration(end - start)));
        return lines.join(QLatin1Char('\n'));
    }
    lines.append(stateWords(*interval));
    const QString records = recordWords(*interval);
    if (!records.isEmpty())
        lines.append(records);
    if (interval->isOpen() && m_running)
        lines.append(tr("since %1, still going (%2 so far)")
                         .arg(formatTime(start, end - start), formatDuration(end - start)));
    else
        lines.append(tr("from %1 to %2 (%3)")
                         .arg(formatTime(start, end - start), formatTime(end, end - start),
                              formatDuration(end - start)));
    return lines.join(QLatin1Char('\n'));
}

QSize TimelineView::sizeHint() const
{
    return QSize(900, 360);
}

QSize TimelineView::minimumSizeHint() const
{
    return QSize(240, 110);
}

bool TimelineView::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        const auto *help = static_cast<QHelpEvent *>(event);
        const QString text = toolTipAt(help->pos());
        if (text.isEmpty()) {
            QToolTip::hideText();
            event->ignore();
        } else {
            // Rich text only for the size: the default tooltip type is too small for a projector.
            QStringList lines = text.split(QLatin1Char('\n'));
            for (QString &line : lines)
                line = line.toHtmlEscaped();
            lines.front() = u"<b>%1</b>"_s.arg(lines.front());
            const qreal points = qMax(font().pointSizeF(), ViewHelpers::MinimumPointSize) * 1.1;
            QToolTip::showText(help->globalPos(),
                               u"<div style=\"font-size:%1pt; white-space:pre\">%2</div>"_s.arg(points).arg(
                                   lines.join(u"<br>"_s)),
                               this);
        }
        return true;
    }
    return QWidget::event(event);
}

void TimelineView::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    placeFollowButton();
}

void TimelineView::placeFollowButton()
{
    const TimelineGeometry g = geometryFor(QRectF(rect()));
    const QSize hint = m_followButton->sizeHint();
    const int height = qMin(hint.height(), qMax(0, int(g.headerRect.height())));
    m_followButton->setGeometry(int(g.headerRect.right()) - hint.width(),
                                int(g.headerRect.center().y()) - height / 2, hint.width(), height);
}

QString TimelineView::headerText() const
{
    if (m_following && m_running && windowStartNs() > 0)
        return tr("last %1 s").arg(double(m_spanNs) / 1e9, 0, 'g', 3);
    const TimelineGeometry g = geometryFor(QRectF(rect()));
    const qint64 step = g.tickStepNs(MinTickPixels);
    return tr("%1 to %2")
        .arg(TimelineGeometry::tickLabel(windowStartNs(), step / 10 > 0 ? step / 10 : step),
             TimelineGeometry::tickLabel(windowEndNs(), step / 10 > 0 ? step / 10 : step));
}

void TimelineView::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.fillRect(rect(), palette().color(QPalette::Base));
    const TimelineGeometry g = geometryFor(QRectF(rect()));

    // Header: what this is and which stretch of time it shows.
    QFont titleFont = font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(font().pointSizeF() * 1.15);
    painter.setFont(titleFont);
    painter.setPen(textColor(palette()));
    const QString title = tr("What each worker did, over time");
    QRectF titleRect = g.headerRect;
    titleRect.setRight(m_followButton->geometry().left() - 12.0);
    painter.drawText(titleRect, Qt::AlignLeft | Qt::AlignVCenter, title);
    const qreal titleWidth = QFontMetricsF(titleFont).horizontalAdvance(title);
    painter.setFont(font());
    painter.setPen(mutedTextColor(palette()));
    const QString hint = m_following ? tr("wheel: zoom · drag: look back") : tr("End or Follow: back to now");
    painter.drawText(titleRect.adjusted(titleWidth + 14.0, 0, 0, 0), Qt::AlignLeft | Qt::AlignVCenter,
                     u"(%1)"_s.arg(headerText()));
    painter.drawText(titleRect, Qt::AlignRight | Qt::AlignVCenter, hint);

    drawLanes(painter, g);
    drawAxis(painter, g);
    drawLegend(painter, g);
}

void TimelineView::drawLanes(QPainter &painter, const TimelineGeometry &g) const
{
    const std::vector<qint64> ticks = g.ticks(MinTickPixels);
    const double pixelNs = g.nsPerPixel();
    const qint64 nowNs = m_timeline.now();
    const QFontMetricsF metrics(labelFont());
    for (int lane = 0; lane < g.laneCount; ++lane) {
        const QRectF band = g.laneBand(lane);
        painter.setRenderHint(QPainter::Antialiasing, false);
        painter.fillRect(band, bandColor(palette()));
        painter.setPen(bandOutline(palette()));
        painter.drawRect(band.adjusted(0, 0, -1, -1));
        painter.setPen(gridColor(palette()));
        for (const qint64 tick : ticks) {
            const qreal x = std::round(g.xForTime(tick));
            painter.drawLine(QPointF(x, band.top()), QPointF(x, band.bottom()));
        }
        if (pixelNs > 0.0) {
            const std::vector<WorkerTimeline::Segment> segments
                = m_timeline.segments(lane, g.startNs, g.endNs, qint64(std::ceil(pixelNs)));
            // Whole pixels: crisp edges, no seams, and a one-pixel state (a consumer taking a
            // record between two sleeps) is not painted over by the next one.
            std::vector<std::pair<qreal, qreal>> columns;
            columns.reserve(segments.size());
            qreal drawnTo = g.plotRect.left();
            for (const WorkerTimeline::Segment &segment : segments) {
                const qreal left = qMax(drawnTo, std::round(g.xForTime(segment.startNs)));
                const qreal right = qMax(left + 1.0, std::round(g.xForTime(segment.endNs)));
                columns.emplace_back(left, right);
                drawnTo = right;
            }
            const auto width = [&columns](std::size_t i) {
                return i < columns.size() ? columns[i].second - columns[i].first : 1e9;
            };
            for (std::size_t i = 0; i < segments.size(); ++i) {
                const QRectF rect(columns[i].first, band.top(), width(i), band.height());
                const LaneActivity activity = segments[i].activity;
                // A lone state too short to have a width, between wide ones, is a line in the
                // lane's border colour, or the pale fill would vanish next to its neighbours. Where
                // many are side by side (full speed) they keep their fill, as the legend shows.
                const bool lone = width(i) <= 1.0 && (i == 0 || width(i - 1) >= 3.0) && width(i + 1) >= 3.0;
                if (lone && activity != LaneActivity::Done)
                    painter.fillRect(rect, ColorScheme::laneBorder(activity, palette()));
                else
                    fillActivity(painter, rect, activity, palette());
            }
        }
        painter.setRenderHint(QPainter::Antialiasing, true);
        const QRectF label = g.laneLabel(lane);
        painter.setPen(textColor(palette()));
        painter.setFont(labelFont());
        painter.drawText(label, Qt::AlignRight | Qt::AlignVCenter,
                         metrics.elidedText(m_names.value(lane), Qt::ElideRight, label.width()));
    }
    // Now, when it is in view: where the lanes are still growing.
    if (g.laneCount > 0 && nowNs >= g.startNs && nowNs <= g.endNs) {
        const qreal x = std::round(g.xForTime(nowNs));
        painter.setRenderHint(QPainter::Antialiasing, false);
        painter.setPen(QPen(nowColor(palette()), 2.0));
        painter.drawLine(QPointF(x, g.plotRect.top() - 3.0), QPointF(x, g.plotRect.bottom() + 3.0));
    }
}

void TimelineView::drawAxis(QPainter &painter, const TimelineGeometry &g) const
{
    if (g.laneCount <= 0)
        return;
    const qint64 step = g.tickStepNs(MinTickPixels);
    const std::vector<qint64> ticks = g.ticks(MinTickPixels);
    const QFontMetricsF metrics(font());
    painter.setFont(font());
    painter.setPen(mutedTextColor(palette()));
    for (const qint64 tick : ticks) {
        const QString text = TimelineGeometry::tickLabel(tick, step);
        const qreal width = metrics.horizontalAdvance(text);
        const qreal x = g.xForTime(tick);
        // Labels at the very edges shift inwards rather than get cut off.
        const qreal left = qBound(g.axisRect.left() - 8.0, x - width / 2.0, g.axisRect.right() - width);
        painter.drawLine(QPointF(x, g.axisRect.top()), QPointF(x, g.axisRect.top() + 4.0));
        painter.drawText(QRectF(left, g.axisRect.top() + 4.0, width, g.axisRect.height() - 4.0),
                         Qt::AlignHCenter | Qt::AlignTop, text);
    }
}

void TimelineView::drawLegend(QPainter &painter, const TimelineGeometry &g) const
{
    const QFontMetricsF metrics(font());
    const QList<LaneActivity> activities = legendActivities();
    const QList<QRectF> items = g.legendItems(legendWidths(), metrics.height() * 1.5, LegendSpacing);
    painter.setFont(font());
    for (int i = 0; i < activities.size() && i < items.size(); ++i) {
        const QRectF item = items.at(i);
        if (item.width() <= 0.0)
            continue;
        const qreal swatchSize = metrics.height();
        const QRectF swatch(item.left(), item.center().y() - swatchSize / 2.0, swatchSize * 1.6, swatchSize);
        fillActivity(painter, swatch, activities.at(i), palette());
        painter.setPen(ColorScheme::laneBorder(activities.at(i), palette()));
        painter.setBrush(Qt::NoBrush);
        painter.drawRect(swatch);
        painter.setPen(textColor(palette()));
        painter.drawText(item.adjusted(swatch.width() + 6.0, 0, 0, 0), Qt::AlignLeft | Qt::AlignVCenter,
                         describe(activities.at(i)));
    }
    painter.setBrush(Qt::NoBrush);
}

void TimelineView::wheelEvent(QWheelEvent *event)
{
    const double steps = event->angleDelta().y() / 120.0;
    if (steps == 0.0) {
        event->ignore();
        return;
    }
    zoom(std::pow(0.8, steps), event->position().x());
    event->accept();
}

void TimelineView::mousePressEvent(QMouseEvent *event)
{
    const TimelineGeometry g = geometryFor(QRectF(rect()));
    if (event->button() != Qt::LeftButton || !g.plotRect.contains(event->position())) {
        QWidget::mousePressEvent(event);
        return;
    }
    m_dragging = true;
    m_dragStartX = event->position().x();
    m_dragStartEndNs = windowEndNs();
    event->accept();
}

void TimelineView::mouseMoveEvent(QMouseEvent *event)
{
    if (!m_dragging) {
        QWidget::mouseMoveEvent(event);
        return;
    }
    const qreal dx = event->position().x() - m_dragStartX;
    if (m_following && std::abs(dx) < DragThreshold)
        return;
    const TimelineGeometry g = geometryFor(QRectF(rect()));
    setCursor(Qt::ClosedHandCursor);
    // Dragging the lanes to the right brings earlier moments into view.
    scrollTo(m_dragStartEndNs - qint64(std::llround(dx * g.nsPerPixel())));
    event->accept();
}

void TimelineView::mouseReleaseEvent(QMouseEvent *event)
{
    if (m_dragging && event->button() == Qt::LeftButton) {
        m_dragging = false;
        unsetCursor();
        event->accept();
        return;
    }
    QWidget::mouseReleaseEvent(event);
}

void TimelineView::keyPressEvent(QKeyEvent *event)
{
    switch (event->key()) {
    case Qt::Key_End:
        setFollowing(true);
        break;
    case Qt::Key_Home:
        scrollTo(0);
        break;
    case Qt::Key_A:
        showAll();
        break;
    case Qt::Key_0:
        setSpanNs(DefaultSpanNs);
        break;
    case Qt::Key_Left:
        scrollTo(windowEndNs() - m_spanNs / 5);
        break;
    case Qt::Key_Right:
        scrollTo(windowEndNs() + m_spanNs / 5);
        break;
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        zoom(0.8, geometryFor(QRectF(rect())).plotRect.center().x());
        break;
    case Qt::Key_Minus:
        zoom(1.25, geometryFor(QRectF(rect())).plotRect.center().x());
        break;
    default:
        QWidget::keyPressEvent(event);
        return;
    }
    event->accept();
}
