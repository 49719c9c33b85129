#include "buffergeometry.h"

#include <QtMath>

namespace {

constexpr qreal SpacingRatio = 0.12; // between slots in a row, relative to the slot size
constexpr qreal MarkerRatio = 0.42; // in/out marker room above and below a row
constexpr qreal RowGapRatio = 0.16;
constexpr qreal MaxMarkerHeight = 34.0;
constexpr qreal TokenHeightRatio = 0.62;

qreal nonNegative(qreal value)
{
    return qMax<qreal>(0.0, value);
}

// A rectangle of the given size centred in area, shrunk to fit inside it.
QRectF centredIn(const QRectF &area, qreal width, qreal height)
{
    width = qMin(nonNegative(width), area.width());
    height = qMin(nonNegative(height), area.height());
    return QRectF(area.center().x() - width / 2.0, area.center().y() - height / 2.0, width, height);
}

QList<QRectF> stackLanes(const QRectF &column, int count, qreal centreY)
{
    QList<QRectF> lanes;
    if (count <= 0 || column.width() <= 0.0)
        return QList<QRectF>(qMax(0, count), QRectF(column.topLeft(), QSizeF(0.0, 0.0)));
    const qreal gap = qMin<qreal>(10.0, column.height() * 0.02);
    const qreal height
        = qMin(BufferGeometry::MaxLaneHeight, nonNegative(column.height() - gap * (count - 1)) / count);
    const qreal total = height * count + gap * (count - 1);
    qreal top = qMin(centreY - total / 2.0, column.bottom() - total);
    top = qMax(top, column.top());
    for (int i = 0; i < count; ++i)
        lanes.append(QRectF(column.left(), top + i * (height + gap), column.width(), height));
    return lanes;
}

} // namespace

BufferGeometry BufferGeometry::compute(const QRectF &bounds, int slotCount, int producers, int consumers)
{
    BufferGeometry g;
    g.bounds = bounds.normalized();
    const QRectF b = g.bounds;
    slotCount = qMax(0, slotCount);

    const qreal margin = qMin<qreal>(12.0, qMin(b.width(), b.height()) * 0.03);
    const QRectF inner = centredIn(b, b.width() - 2.0 * margin, b.height() - 2.0 * margin);

    // Room for at least one line of the legend at the smallest readable size (12 px text).
    const qreal legendHeight
        = qMin<qreal>(46.0, qMax(inner.height() * 0.12, qMin<qreal>(18.0, inner.height() * 0.2)));
    const qreal legendGap = qMin<qreal>(8.0, inner.height() * 0.02);
    g.legendRect = QRectF(inner.left(), inner.bottom() - legendHeight, inner.width(), legendHeight);
    const QRectF body(inner.left(), inner.top(), inner.width(),
                      nonNegative(inner.height() - legendHeight - legendGap));

    const qreal laneWidth = qMin(MaxLaneWidth, body.width() * 0.17);
    const qreal laneGap = qMin<qreal>(48.0, body.width() * 0.05);
    const qreal headingHeight = qMin<qreal>(26.0, body.height() * 0.1);
    const QRectF producerColumn(body.left(), body.top() + headingHeight, laneWidth,
                                nonNegative(body.height() - headingHeight));
    const QRectF consumerColumn(body.right() - laneWidth, body.top() + headingHeight, laneWidth,
                                nonNegative(body.height() - headingHeight));
    const QRectF centre(body.left() + laneWidth + laneGap, body.top(),
                        nonNegative(body.width() - 2.0 * (laneWidth + laneGap)), body.height());

    // The caption sits right above the slot grid, and the two are centred together.
    const qreal captionHeight = qMin<qreal>(40.0, centre.height() * 0.14);
    g.slotArea = QRectF(centre.left(), centre.top() + captionHeight, centre.width(),
                        nonNegative(centre.height() - captionHeight));
    qreal gridHeight = 0.0;
    if (slotCount > 0) {
        g.columns = qMin(MaxSlotsPerRow, slotCount);
        g.rows = (slotCount + g.columns - 1) / g.columns;
        const qreal byWidth = g.slotArea.width() / (g.columns + SpacingRatio * (g.columns - 1));
        const qreal byHeight
            = g.slotArea.height() / (g.rows * (1.0 + 2.0 * MarkerRatio) + RowGapRatio * (g.rows - 1));
        g.slotSize = nonNegative(qMin(qMin(byWidth, byHeight), MaxSlotSize));
        const qreal rowGap = g.slotSize * RowGapRatio;
        // Markers get the room the slots leave, up to a readable maximum.
        const qreal spare = nonNegative(g.slotArea.height() / g.rows - g.slotSize - rowGap) / 2.0;
        g.markerHeight = qMin(qMax(g.slotSize * MarkerRatio, qMin(spare, g.slotSize)), MaxMarkerHeight);
        gridHeight = g.rows * (g.slotSize + 2.0 * g.markerHeight + rowGap) - rowGap;
    }
    // Room between the caption and the slots for the records that fly in above them.
    const qreal flightGap = qMin(g.slotSize * TokenHeightRatio * 1.3,
                                 nonNegative(centre.height() - captionHeight - gridHeight));
    const qreal blockHeight = qMin(captionHeight + flightGap + gridHeight, centre.height());
    const qreal blockTop = qMax(centre.top(), centre.center().y() - blockHeight / 2.0);
    g.captionRect = QRectF(centre.left(), blockTop, centre.width(), captionHeight);
    if (slotCount > 0) {
        const qreal spacing = g.slotSize * SpacingRatio;
        const qreal rowGap = g.slotSize * RowGapRatio;
        const qreal rowPitch = g.slotSize + 2.0 * g.markerHeight + rowGap;
        const qreal gridWidth = g.columns * g.slotSize + (g.columns - 1) * spacing;
        const qreal left = qMax(g.slotArea.left(), g.slotArea.center().x() - gridWidth / 2.0);
        const qreal top = blockTop + captionHeight + flightGap;
        for (int i = 0; i < slotCount; ++i) {
            const int row = i / g.columns;
            const int column = i % g.columns;
            g.slotRects.append(QRectF(left + column * (g.slotSize + spacing),
                                      top + row * rowPitch + g.markerHeight, g.slotSize, g.slotSize));
        }
    }

    const qreal centreY
        = gridHeight > 0.0 ? blockTop + captionHeight + flightGap + gridHeight / 2.0 : body.center().y();
    g.producerLanes = stackLanes(producerColumn, producers, centreY);
    g.consumerLanes = stackLanes(consumerColumn, consumers, centreY);
    const auto headingAbove = [headingHeight](const QList<QRectF> &lanes, const QRectF &column) {
        const qreal top = lanes.isEmpty() ? column.top() : lanes.first().top();
        return QRectF(column.left(), top - headingHeight, column.width(), headingHeight);
    };
    g.producerHeading = headingAbove(g.producerLanes, producerColumn);
    g.consumerHeading = headingAbove(g.consumerLanes, consumerColumn);
    g.tokenSize = QSizeF(g.slotSize * 0.9, g.slotSize * TokenHeightRatio);
    return g;
}

QRectF BufferGeometry::inMarkerRect(int slot) const
{
    if (slot < 0 || slot >= slotRects.size())
        return {};
    const QRectF r = slotRects.at(slot);
    return QRectF(r.left(), r.top() - markerHeight, r.width(), markerHeight);
}

QRectF BufferGeometry::outMarkerRect(int slot) const
{
    if (slot < 0 || slot >= slotRects.size())
        return {};
    const QRectF r = slotRects.at(slot);
    return QRectF(r.left(), r.bottom(), r.width(), markerHeight);
}

QPointF BufferGeometry::slotCentre(int slot) const
{
    return slot >= 0 && slot < slotRects.size() ? slotRects.at(slot).center() : slotArea.center();
}

QPointF BufferGeometry::producerAnchor(int index) const
{
    if (index < 0 || index >= producerLanes.size())
        return QPointF(bounds.left(), slotArea.center().y());
    const QRectF r = producerLanes.at(index);
    return QPointF(r.right(), r.center().y());
}

QPointF BufferGeometry::consumerAnchor(int index) const
{
    if (index < 0 || index >= consumerLanes.size())
        return QPointF(bounds.right(), slotArea.center().y());
    const QRectF r = consumerLanes.at(index);
    return QPointF(r.left(), r.center().y());
}

QRectF BufferGeometry::tokenRect(const QPointF &centre) const
{
    return QRectF(centre.x() - tokenSize.width() / 2.0, centre.y() - tokenSize.height() / 2.0,
                  tokenSize.width(), tokenSize.height());
}

qreal BufferGeometry::easeInOut(qreal progress)
{
    const qreal t = qBound<qreal>(0.0, progress, 1.0);
    return t < 0.5 ? 2.0 * t * t : 1.0 - qPow(-2.0 * t + 2.0, 2.0) / 2.0;
}

QPointF BufferGeometry::tokenPosition(const QPointF &from, const QPointF &to, qreal progress)
{
    return from + (to - from) * easeInOut(progress);
}

QPointF BufferGeometry::tokenPosition(const QPointF &from, qreal cruiseY, const QPointF &to, qreal progress)
{
    const qreal t = easeInOut(progress);
    const qreal dx = to.x() - from.x();
    const QPointF c1(from.x() + 0.2 * dx, cruiseY);
    const QPointF c2(to.x() - 0.2 * dx, cruiseY);
    const qreal u = 1.0 - t;
    return u * u * u * from + 3.0 * u * u * t * c1 + 3.0 * u * t * t * c2 + t * t * t * to;
}

qreal BufferGeometry::inboundCruiseY(int slot) const
{
    return inMarkerRect(slot).top() - tokenSize.height() * 0.6;
}

qreal BufferGeometry::outboundCruiseY(int slot) const
{
    return outMarkerRect(slot).bottom() + tokenSize.height() * 0.6;
}
