#pragma once

#include <QList>
#include <QPointF>
#include <QRectF>
#include <QSizeF>

// Where the buffer view draws what: the slots (up to 16 a row, wrapping), the producer lanes on
// the left, the consumer lanes on the right, the in/out markers, the caption and the legend.
// Computed from the widget's rectangle and a few counts, so paintEvent() only draws and the
// layout has its own unit test. Every rectangle lies inside bounds and has no negative size,
// however small the widget.
struct BufferGeometry
{
    static constexpr int MaxSlotsPerRow = 16;
    static constexpr qreal MaxSlotSize = 104.0;
    static constexpr qreal MaxLaneWidth = 230.0;
    static constexpr qreal MaxLaneHeight = 92.0;

    QRectF bounds;
    QRectF captionRect; // above the slots: "7 of 10 slots filled"
    QRectF legendRect; // along the bottom: programme colours
    QRectF slotArea; // where the slot grid is centred
    QList<QRectF> slotRects;
    QList<QRectF> producerLanes;
    QList<QRectF> consumerLanes;
    QRectF producerHeading; // "Producers", above the producer lanes
    QRectF consumerHeading;
    int columns = 0;
    int rows = 0;
    qreal slotSize = 0.0;
    qreal markerHeight = 0.0; // room above (in) and below (out) each row of slots
    QSizeF tokenSize;

    static BufferGeometry compute(const QRectF &bounds, int slotCount, int producers, int consumers);

    // Just above the slot, where the "in" arrow points down into it.
    QRectF inMarkerRect(int slot) const;
    // Just below the slot, where the "out" arrow points up out of it.
    QRectF outMarkerRect(int slot) const;
    QPointF slotCentre(int slot) const;
    // The edge of a lane that faces the buffer: where its tokens leave and arrive.
    QPointF producerAnchor(int index) const;
    QPointF consumerAnchor(int index) const;
    QRectF tokenRect(const QPointF &centre) const;

    // 0 -> 0, 0.5 -> 0.5, 1 -> 1; slow at both ends. Clamps progress to [0, 1].
    static qreal easeInOut(qreal progress);
    // Where a token travelling from `from` to `to` is at progress 0..1 (eased), in a straight line.
    static QPointF tokenPosition(const QPointF &from, const QPointF &to, qreal progress);
    // The same along a curve that cruises at height cruiseY (a cubic Bezier): records rise from a
    // lane, fly above the slots and drop into theirs, and leave a slot downwards, flying below the
    // others, like the in and out arrows, instead of sliding over the records in between.
    static QPointF tokenPosition(const QPointF &from, qreal cruiseY, const QPointF &to, qreal progress);
    // The height tokens cruise at on their way into a slot (above its row) and out of it (below).
    qreal inboundCruiseY(int slot) const;
    qreal outboundCruiseY(int slot) const;
};
