#include "buffergeometry.h"

#include <QTest>

using namespace Qt::StringLiterals;

namespace {

bool hasNoNegativeSize(const QRectF &rect)
{
    return rect.width() >= 0.0 && rect.height() >= 0.0;
}

// Inside, allowing for floating-point rounding at the edges.
bool liesInside(const QRectF &inner, const QRectF &outer)
{
    return inner.left() >= outer.left() - 1e-6 && inner.top() >= outer.top() - 1e-6
        && inner.right() <= outer.right() + 1e-6 && inner.bottom() <= outer.bottom() + 1e-6;
}

} // namespace

class TestBufferGeometry : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void slotsDoNotOverlapAndStayInside_data();
    void slotsDoNotOverlapAndStayInside();
    void wrapsAtSixteenPerRow_data();
    void wrapsAtSixteenPerRow();
    void lanesFlankTheSlots_data();
    void lanesFlankTheSlots();
    void markersAboveAndBelowTheSlot();
    void tokenPosition_data();
    void tokenPosition();
    void easingIsSymmetricAndClamped();
    void curvedTokenPath();
    void degenerateSizes_data();
    void degenerateSizes();
};

void TestBufferGeometry::slotsDoNotOverlapAndStayInside_data()
{
    QTest::addColumn<QRectF>("bounds");
    QTest::addColumn<int>("capacity");
    QTest::addRow("1 slot") << QRectF(0, 0, 1000, 420) << 1;
    QTest::addRow("10 slots") << QRectF(0, 0, 1000, 420) << 10;
    QTest::addRow("16 slots") << QRectF(0, 0, 1000, 420) << 16;
    QTest::addRow("17 slots") << QRectF(0, 0, 1000, 420) << 17;
    QTest::addRow("64 slots") << QRectF(0, 0, 1000, 420) << 64;
    QTest::addRow("64 slots, offset widget") << QRectF(30, 50, 700, 300) << 64;
    QTest::addRow("10 slots, tall") << QRectF(0, 0, 500, 1200) << 10;
}

void TestBufferGeometry::slotsDoNotOverlapAndStayInside()
{
    QFETCH(QRectF, bounds);
    QFETCH(int, capacity);
    const BufferGeometry g = BufferGeometry::compute(bounds, capacity, 2, 3);
    QCOMPARE(g.slotRects.size(), capacity);
    for (int i = 0; i < capacity; ++i) {
        const QRectF slot = g.slotRects.at(i);
        QVERIFY2(slot.width() > 0.0 && slot.height() > 0.0, qPrintable(u"slot %1 is empty"_s.arg(i)));
        QVERIFY2(liesInside(slot, bounds), qPrintable(u"slot %1 leaves the widget"_s.arg(i)));
        QVERIFY(liesInside(g.inMarkerRect(i), bounds));
        QVERIFY(liesInside(g.outMarkerRect(i), bounds));
        for (int j = i + 1; j < capacity; ++j)
            QVERIFY2(!slot.intersects(g.slotRects.at(j)),
                     qPrintable(u"slots %1 and %2 overlap"_s.arg(i).arg(j)));
    }
    // The slots are above the legend and below the caption.
    for (const QRectF &slot : g.slotRects) {
        QVERIFY(slot.bottom() <= g.legendRect.top());
        QVERIFY(slot.top() >= g.captionRect.bottom());
    }
    QVERIFY(liesInside(g.legendRect, bounds));
    QVERIFY(liesInside(g.captionRect, bounds));
}

void TestBufferGeometry::wrapsAtSixteenPerRow_data()
{
    QTest::addColumn<int>("capacity");
    QTest::addColumn<int>("rows");
    QTest::addColumn<int>("columns");
    QTest::addRow("1") << 1 << 1 << 1;
    QTest::addRow("10") << 10 << 1 << 10;
    QTest::addRow("16") << 16 << 1 << 16;
    QTest::addRow("17") << 17 << 2 << 16;
    QTest::addRow("33") << 33 << 3 << 16;
    QTest::addRow("64") << 64 << 4 << 16;
}

void TestBufferGeometry::wrapsAtSixteenPerRow()
{
    QFETCH(int, capacity);
    QFETCH(int, rows);
    QFETCH(int, columns);
    const BufferGeometry g = BufferGeometry::compute(QRectF(0, 0, 1100, 480), capacity, 1, 1);
    QCOMPARE(g.rows, rows);
    QCOMPARE(g.columns, columns);
    for (int i = 0; i < capacity; ++i) {
        const QRectF slot = g.slotRects.at(i);
        const int row = i / BufferGeometry::MaxSlotsPerRow;
        const int column = i % BufferGeometry::MaxSlotsPerRow;
        // Same row: same top; same column: same left; reading order left to right, top to bottom.
        QCOMPARE(slot.top(), g.slotRects.at(row * BufferGeometry::MaxSlotsPerRow).top());
        QCOMPARE(slot.left(), g.slotRects.at(column).left());
        if (column > 0)
            QVERIFY(slot.left() > g.slotRects.at(i - 1).right());
        if (row > 0)
            QVERIFY(slot.top() > g.outMarkerRect(i - BufferGeometry::MaxSlotsPerRow).bottom());
    }
}

void TestBufferGeometry::lanesFlankTheSlots_data()
{
    QTest::addColumn<int>("producers");
    QTest::addColumn<int>("consumers");
    QTest::addRow("1 and 1") << 1 << 1;
    QTest::addRow("3 and 2") << 3 << 2;
    QTest::addRow("8 and 8") << 8 << 8;
}

void TestBufferGeometry::lanesFlankTheSlots()
{
    QFETCH(int, producers);
    QFETCH(int, consumers);
    const QRectF bounds(0, 0, 1000, 420);
    const BufferGeometry g = BufferGeometry::compute(bounds, 10, producers, consumers);
    QCOMPARE(g.producerLanes.size(), producers);
    QCOMPARE(g.consumerLanes.size(), consumers);
    qreal slotsLeft = bounds.right();
    qreal slotsRight = bounds.left();
    for (const QRectF &slot : g.slotRects) {
        slotsLeft = qMin(slotsLeft, slot.left());
        slotsRight = qMax(slotsRight, slot.right());
    }
    const auto checkColumn = [&](const QList<QRectF> &lanes, bool left) {
        for (int i = 0; i < lanes.size(); ++i) {
            const QRectF lane = lanes.at(i);
            QVERIFY(lane.width() > 0.0 && lane.height() > 0.0);
            QVERIFY(liesInside(lane, bounds));
            if (left)
                QVERIFY(lane.right() < slotsLeft);
            else
                QVERIFY(lane.left() > slotsRight);
            if (i > 0)
                QVERIFY(lane.top() >= lanes.at(i - 1).bottom());
        }
    };
    checkColumn(g.producerLanes, true);
    checkColumn(g.consumerLanes, false);
    // Each column has its heading right above its first lane.
    QCOMPARE(g.producerHeading.bottom(), g.producerLanes.first().top());
    QCOMPARE(g.consumerHeading.bottom(), g.consumerLanes.first().top());
    QVERIFY(g.producerHeading.height() > 0.0);
    QVERIFY(liesInside(g.producerHeading, bounds));
    QVERIFY(liesInside(g.consumerHeading, bounds));
    // Tokens leave a lane on the side facing the buffer.
    QCOMPARE(g.producerAnchor(0).x(), g.producerLanes.first().right());
    QCOMPARE(g.consumerAnchor(0).x(), g.consumerLanes.first().left());
}

void TestBufferGeometry::markersAboveAndBelowTheSlot()
{
    const BufferGeometry g = BufferGeometry::compute(QRectF(0, 0, 1000, 420), 10, 1, 1);
    for (int i = 0; i < 10; ++i) {
        QCOMPARE(g.inMarkerRect(i).bottom(), g.slotRects.at(i).top());
        QCOMPARE(g.outMarkerRect(i).top(), g.slotRects.at(i).bottom());
        QVERIFY(g.inMarkerRect(i).height() > 0.0);
    }
    QVERIFY(!g.inMarkerRect(10).isValid());
    QVERIFY(!g.outMarkerRect(-1).isValid());
}

void TestBufferGeometry::tokenPosition_data()
{
    QTest::addColumn<qreal>("progress");
    QTest::addColumn<QPointF>("expected");
    const QPointF from(100, 200);
    const QPointF to(500, 100);
    QTest::addRow("start") << 0.0 << from;
    QTest::addRow("half way") << 0.5 << QPointF(300, 150);
    QTest::addRow("end") << 1.0 << to;
    QTest::addRow("before the start") << -0.5 << from;
    QTest::addRow("past the end") << 1.7 << to;
}

void TestBufferGeometry::tokenPosition()
{
    QFETCH(qreal, progress);
    QFETCH(QPointF, expected);
    const QPointF at = BufferGeometry::tokenPosition(QPointF(100, 200), QPointF(500, 100), progress);
    QCOMPARE(at, expected);
}

void TestBufferGeometry::easingIsSymmetricAndClamped()
{
    QCOMPARE(BufferGeometry::easeInOut(0.0), 0.0);
    QCOMPARE(BufferGeometry::easeInOut(1.0), 1.0);
    QCOMPARE(BufferGeometry::easeInOut(0.5), 0.5);
    for (qreal t = 0.05; t < 0.5; t += 0.05) {
        QVERIFY(BufferGeometry::easeInOut(t) < t); // slow start
        QVERIFY(qAbs(BufferGeometry::easeInOut(t) + BufferGeometry::easeInOut(1.0 - t) - 1.0) < 1e-9);
        QVERIFY(BufferGeometry::easeInOut(t) < BufferGeometry::easeInOut(t + 0.05));
    }
}

void TestBufferGeometry::curvedTokenPath()
{
    const QPointF from(100, 300);
    const QPointF to(500, 300);
    QCOMPARE(BufferGeometry::tokenPosition(from, 100.0, to, 0.0), from);
    QCOMPARE(BufferGeometry::tokenPosition(from, 100.0, to, 1.0), to);
    // Half way: three quarters of the way up to the cruising height, horizontally in the middle.
    QCOMPARE(BufferGeometry::tokenPosition(from, 100.0, to, 0.5), QPointF(300, 150));
    // Cruising at the height of both ends is the straight line's height.
    QCOMPARE(BufferGeometry::tokenPosition(from, 300.0, to, 0.3).y(), 300.0);

    // Records come in from above a slot's row and leave below it.
    const BufferGeometry g = BufferGeometry::compute(QRectF(0, 0, 1000, 420), 10, 1, 1);
    for (int slot = 0; slot < 10; ++slot) {
        QVERIFY(g.inboundCruiseY(slot) + g.tokenSize.height() / 2.0 < g.inMarkerRect(slot).top());
        QVERIFY(g.outboundCruiseY(slot) - g.tokenSize.height() / 2.0 > g.outMarkerRect(slot).bottom());
        // With room to spare, incoming records fly under the caption, not through it.
        QVERIFY(g.inboundCruiseY(slot) - g.tokenSize.height() / 2.0 >= g.captionRect.bottom());
    }
}

void TestBufferGeometry::degenerateSizes_data()
{
    QTest::addColumn<QRectF>("bounds");
    QTest::addColumn<int>("capacity");
    QTest::addColumn<int>("producers");
    QTest::addColumn<int>("consumers");
    QTest::addRow("tiny, 1 slot") << QRectF(0, 0, 10, 8) << 1 << 1 << 1;
    QTest::addRow("tiny, 64 slots") << QRectF(0, 0, 12, 12) << 64 << 8 << 8;
    QTest::addRow("empty widget") << QRectF(0, 0, 0, 0) << 10 << 1 << 1;
    QTest::addRow("one pixel high") << QRectF(0, 0, 900, 1) << 64 << 2 << 2;
    QTest::addRow("one pixel wide") << QRectF(0, 0, 1, 600) << 64 << 2 << 2;
    QTest::addRow("no slots, no lanes") << QRectF(0, 0, 800, 400) << 0 << 0 << 0;
    QTest::addRow("negative counts") << QRectF(0, 0, 800, 400) << -3 << -1 << -1;
    QTest::addRow("upside-down rectangle") << QRectF(100, 100, -80, -60) << 10 << 1 << 1;
}

void TestBufferGeometry::degenerateSizes()
{
    QFETCH(QRectF, bounds);
    QFETCH(int, capacity);
    QFETCH(int, producers);
    QFETCH(int, consumers);
    const BufferGeometry g = BufferGeometry::compute(bounds, capacity, producers, consumers);
    const QRectF normalized = bounds.normalized();
    QCOMPARE(g.slotRects.size(), qMax(0, capacity));
    QCOMPARE(g.producerLanes.size(), qMax(0, producers));
    QCOMPARE(g.consumerLanes.size(), qMax(0, consumers));
    QVERIFY(g.slotSize >= 0.0);
    QVERIFY(g.markerHeight >= 0.0);
    QVERIFY(g.tokenSize.width() >= 0.0 && g.tokenSize.height() >= 0.0);
    QList<QRectF> all = g.slotRects + g.producerLanes + g.consumerLanes;
    all << g.captionRect << g.legendRect << g.slotArea << g.producerHeading << g.consumerHeading;
    for (const QRectF &rect : std::as_const(all)) {
        QVERIFY2(hasNoNegativeSize(rect),
                 qPrintable(u"negative size %1 x %2"_s.arg(rect.width()).arg(rect.height())));
        QVERIFY(liesInside(rect, normalized));
    }
    // Asking for what is not there gives something harmless rather than a crash.
    g.slotCentre(capacity + 5);
    g.producerAnchor(99);
    g.consumerAnchor(-1);
}

QTEST_APPLESS_MAIN(TestBufferGeometry)
#include "tst_buffergeometry.moc"
