#include "timelinegeometry.h"

#include <cmath>
#include <limits>

using namespace Qt::StringLiterals;

namespace {

constexpr qreal Margin = 8.0;
constexpr qreal LabelPadding = 10.0;

// Takes up to `height` off the top of *remaining and returns it.
QRectF takeTop(QRectF *remaining, qreal height)
{
    const qreal taken = qBound(0.0, height, remaining->height());
    const QRectF top(remaining->left(), remaining->top(), remaining->width(), taken);
    remaining->setTop(remaining->top() + taken);
    return top;
}

QRectF takeBottom(QRectF *remaining, qreal height)
{
    const qreal taken = qBound(0.0, height, remaining->height());
    const QRectF bottom(remaining->left(), remaining->bottom() - taken, remaining->width(), taken);
    remaining->setBottom(remaining->bottom() - taken);
    return bottom;
}

} // namespace

TimelineGeometry TimelineGeometry::compute(const QRectF &bounds, qint64 startNs, qint64 endNs, int laneCount,
                                           int producerCount, qreal lineHeight, qreal labelWidth,
                                           int legendRows)
{
    TimelineGeometry g;
    g.bounds = bounds.normalized();
    g.startNs = startNs;
    g.endNs = qMax(startNs, endNs);
    g.laneCount = qMax(0, laneCount);
    g.producerCount = qBound(0, producerCount, g.laneCount);
    lineHeight = qMax<qreal>(1.0, lineHeight);

    const qreal margin = qMin(Margin, qMin(g.bounds.width(), g.bounds.height()) / 4.0);
    QRectF remaining = g.bounds.adjusted(margin, margin, -margin, -margin);
    g.headerRect = takeTop(&remaining, lineHeight * 1.8);
    g.legendRect = takeBottom(&remaining, lineHeight * 1.5 * qMax(1, legendRows));
    takeBottom(&remaining, lineHeight * 0.3); // air between the axis and the legend
    g.axisRect = takeBottom(&remaining, lineHeight * 1.5);

    // The labels take what they need, but never more than a third of the width.
    const qreal labelColumn = qBound(0.0, labelWidth + LabelPadding, remaining.width() / 3.0);
    g.labelRect = QRectF(remaining.left(), remaining.top(), labelColumn, remaining.height());
    QRectF plot = remaining.adjusted(labelColumn, 0, 0, 0);

    if (g.laneCount > 0) {
        const bool twoRoles = g.producerCount > 0 && g.producerCount < g.laneCount;
        g.laneGap = LaneGap;
        g.roleGap = twoRoles ? RoleGap : 0.0;
        // Gaps may take at most half of the height; in a tiny widget they shrink with the lanes.
        const qreal gaps = (g.laneCount - 1) * g.laneGap + g.roleGap;
        if (gaps > plot.height() / 2.0 && gaps > 0.0) {
            const qreal scale = plot.height() / 2.0 / gaps;
            g.laneGap *= scale;
            g.roleGap *= scale;
        }
        const qreal space = plot.height() - (g.laneCount - 1) * g.laneGap - g.roleGap;
        g.laneHeight = qBound(0.0, space / g.laneCount, MaxLaneHeight);
        const qreal used = g.laneCount * g.laneHeight + (g.laneCount - 1) * g.laneGap + g.roleGap;
        plot.setHeight(qMin(plot.height(), used));
    } else {
        plot.setHeight(0.0);
    }
    g.plotRect = plot;
    g.labelRect.setHeight(plot.height());
    // The axis sits right under the lanes, not at the bottom of a tall widget.
    g.axisRect = QRectF(plot.left(), plot.bottom(), plot.width(), g.axisRect.height());
    return g;
}

double TimelineGeometry::nsPerPixel() const
{
    if (plotRect.width() <= 0.0)
        return 0.0;
    return double(durationNs()) / plotRect.width();
}

qreal TimelineGeometry::xForTime(qint64 timeNs) const
{
    const qint64 duration = durationNs();
    if (duration <= 0)
        return plotRect.left();
    return plotRect.left() + double(timeNs - startNs) / double(duration) * plotRect.width();
}

qint64 TimelineGeometry::timeForX(qreal x) const
{
    if (plotRect.width() <= 0.0)
        return startNs;
    return startNs + qint64(std::llround((x - plotRect.left()) / plotRect.width() * double(durationNs())));
}

QRectF TimelineGeometry::laneBand(int lane) const
{
    if (lane < 0 || lane >= laneCount)
        return {};
    qreal top = plotRect.top() + lane * (laneHeight + laneGap);
    if (lane >= producerCount)
        top += roleGap;
    return QRectF(plotRect.left(), top, plotRect.width(), laneHeight);
}

QRectF TimelineGeometry::laneLabel(int lane) const
{
    const QRectF band = laneBand(lane);
    if (band.isNull())
        return {};
    return QRectF(labelRect.left(), band.top(), qMax(0.0, labelRect.width() - LabelPadding), band.height());
}

int TimelineGeometry::laneAt(qreal y) const
{
    if (laneCount <= 0 || laneHeight <= 0.0 || y < plotRect.top() || y >= plotRect.bottom())
        return -1;
    // Consumers start after the role gap: try the lane on each side of it.
    for (const int first : {0, producerCount}) {
        const qreal top = plotRect.top() + (first > 0 ? roleGap : 0.0);
        const int lane = first + int((y - top - first * (laneHeight + laneGap)) / (laneHeight + laneGap));
        if (lane < 0 || lane >= laneCount)
            continue;
        const QRectF band = laneBand(lane);
        if (y >= band.top() && y < band.bottom())
            return lane;
    }
    return -1;
}

int TimelineGeometry::legendRows(const QList<qreal> &itemWidths, qreal width, qreal spacing)
{
    int rows = 1;
    qreal x = 0.0;
    for (const qreal itemWidth : itemWidths) {
        if (x > 0.0 && x + itemWidth > width) {
            ++rows;
            x = 0.0;
        }
        x += itemWidth + spacing;
    }
    return rows;
}

QList<QRectF> TimelineGeometry::legendItems(const QList<qreal> &itemWidths, qreal itemHeight,
                                            qreal spacing) const
{
    QList<QRectF> items;
    items.reserve(itemWidths.size());
    qreal x = legendRect.left();
    qreal y = legendRect.top();
    for (const qreal itemWidth : itemWidths) {
        if (x > legendRect.left() && x + itemWidth > legendRect.right()) {
            x = legendRect.left();
            y += itemHeight;
        }
        // Clipped to the legend, so a legend too small for its rows still stays inside it.
        const QRectF item(x, y, qMin(itemWidth, legendRect.right() - x), itemHeight);
        items.append(item.intersected(legendRect).isValid() ? item.intersected(legendRect)
                                                            : QRectF(legendRect.topLeft(), QSizeF(0, 0)));
        x += itemWidth + spacing;
    }
    return items;
}

qint64 TimelineGeometry::tickStepNs(qreal minPixels) const
{
    const double perPixel = nsPerPixel();
    if (perPixel <= 0.0)
        return 0;
    const double wanted = qMax(1.0, perPixel * qMax<qreal>(1.0, minPixels));
    qint64 power = 1;
    while (true) {
        for (const qint64 factor : {1, 2, 5}) {
            if (double(factor * power) >= wanted)
                return factor * power;
        }
        if (power > std::numeric_limits<qint64>::max() / 100)
            return power * 10;
        power *= 10;
    }
}

std::vector<qint64> TimelineGeometry::ticks(qreal minPixels) const
{
    std::vector<qint64> result;
    const qint64 step = tickStepNs(minPixels);
    if (step <= 0)
        return result;
    // The first multiple of step at or after startNs (startNs may be negative).
    qint64 tick = startNs / step * step;
    if (tick < startNs)
        tick += step;
    for (; tick <= endNs; tick += step)
        result.push_back(tick);
    return result;
}

QString TimelineGeometry::tickLabel(qint64 timeNs, qint64 stepNs)
{
    int decimals = 9;
    for (qint64 step = qMax<qint64>(1, stepNs); step % 10 == 0 && decimals > 0; step /= 10)
        --decimals;
    return u"%1 s"_s.arg(double(timeNs) / 1e9, 0, 'f', decimals);
}
