#pragma once

#include <QList>
#include <QRectF>
#include <QString>
#include <QtGlobal>

#include <vector>

// Where the worker timeline draws what: a header row (title, the Follow button), the lane labels
// on the left, one horizontal band per worker in the plot area, the time axis under it and the
// legend along the bottom; and the mapping between journal time (ns since the run began) and x.
// Computed from the widget's rectangle, the visible time window and the lane count, so
// paintEvent() only draws and the mapping has its own unit test. Every rectangle lies inside
// bounds and has no negative size, however small the widget; an empty window maps every time to
// the plot's left edge.
struct TimelineGeometry
{
    static constexpr qreal MaxLaneHeight = 56.0;
    static constexpr qreal LaneGap = 6.0; // between two bands, so neighbours never touch
    static constexpr qreal RoleGap = 12.0; // extra room between the last producer and the first consumer

    QRectF bounds;
    QRectF headerRect; // the top row: title on the left, Follow on the right
    QRectF labelRect; // the column of lane names left of the plot
    QRectF plotRect; // where the bands are; x maps to time here
    QRectF axisRect; // under the plot: tick labels
    QRectF legendRect; // along the bottom
    qint64 startNs = 0;
    qint64 endNs = 0;
    int laneCount = 0;
    int producerCount = 0; // the first lanes are producers; a gap separates them from the consumers
    qreal laneHeight = 0.0; // the height of one band
    qreal laneGap = 0.0; // LaneGap and RoleGap, shrunk when the widget is too small for them
    qreal roleGap = 0.0;

    // lineHeight is the height of a line of label text, labelWidth the room for the widest name,
    // legendRows the lines the legend needs at this width.
    static TimelineGeometry compute(const QRectF &bounds, qint64 startNs, qint64 endNs, int laneCount,
                                    int producerCount, qreal lineHeight, qreal labelWidth,
                                    int legendRows = 1);

    qint64 durationNs() const { return qMax<qint64>(0, endNs - startNs); }
    // Nanoseconds one pixel of the plot stands for (0 for an empty window or plot).
    double nsPerPixel() const;
    // Clamped to nothing: times outside the window map outside the plot.
    qreal xForTime(qint64 timeNs) const;
    qint64 timeForX(qreal x) const;
    // The band of a lane inside the plot (empty for a lane that does not exist).
    QRectF laneBand(int lane) const;
    // The lane's name, left of its band.
    QRectF laneLabel(int lane) const;
    // The lane whose band (or label) covers y, or -1 (in a gap, above or below every lane).
    int laneAt(qreal y) const;

    // How many rows items of these widths need in a legend this wide, spacing apart (at least 1).
    static int legendRows(const QList<qreal> &itemWidths, qreal width, qreal spacing);
    // The items laid out left to right in legendRect, wrapping into rows of itemHeight.
    QList<QRectF> legendItems(const QList<qreal> &itemWidths, qreal itemHeight, qreal spacing) const;

    // The distance between two time ticks: 1, 2 or 5 times a power of ten nanoseconds, the smallest
    // that keeps ticks at least minPixels apart. 0 if the window or the plot is empty.
    qint64 tickStepNs(qreal minPixels) const;
    // The tick times inside the window, multiples of tickStepNs(minPixels).
    std::vector<qint64> ticks(qreal minPixels) const;
    // "12 s", "12.5 s", "12.25 s", "0.125 s": as many decimals as the step needs.
    static QString tickLabel(qint64 timeNs, qint64 stepNs);
};
