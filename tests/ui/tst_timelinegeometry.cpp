#include "timelinegeometry.h"

#include <QTest>

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 Second = 1'000'000'000;

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

TimelineGeometry typical(qint64 start = 0, qint64 end = 10 * Second)
{
    return TimelineGeometry::compute(QRectF(0, 0, 1000, 400), start, end, 5, 3, 18.0, 90.0);
}

} // namespace

class TestTimelineGeometry : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void roundTrips_data();
    void roundTrips();
    void windowEdgesAreThePlotEdges_data();
    void windowEdgesAreThePlotEdges();
    void timesOutsideTheWindowMapOutsideThePlot();
    void zeroLengthWindow();
    void lanesAreOrderedAndApart();
    void laneAt_data();
    void laneAt();
    void lanesNeverGrowPastTheirMaximum();
    void degenerateSizes_data();
    void degenerateSizes();
    void ticks_data();
    void ticks();
    void tickLabel_data();
    void tickLabel();
    void legendWraps();
};

void TestTimelineGeometry::roundTrips_data()
{
    QTest::addColumn<QRectF>("bounds");
    QTest::addColumn<qint64>("start");
    QTest::addColumn<qint64>("end");
    QTest::addRow("first 10 s") << QRectF(0, 0, 1000, 400) << qint64(0) << 10 * Second;
    QTest::addRow("an hour in") << QRectF(0, 0, 1000, 400) << 3600 * Second << 3610 * Second;
    QTest::addRow("10 ms, offset widget")
        << QRectF(40, 30, 700, 300) << 5 * Second << 5 * Second + 10'000'000;
    QTest::addRow("window starting before 0") << QRectF(0, 0, 800, 300) << -2 * Second << 8 * Second;
    QTest::addRow("narrow") << QRectF(0, 0, 200, 150) << qint64(0) << 30 * Second;
}

void TestTimelineGeometry::roundTrips()
{
    QFETCH(QRectF, bounds);
    QFETCH(qint64, start);
    QFETCH(qint64, end);
    const TimelineGeometry g = TimelineGeometry::compute(bounds, start, end, 4, 2, 16.0, 80.0);
    QVERIFY(g.plotRect.width() > 0.0);
    for (int i = 0; i <= 20; ++i) {
        const qreal x = g.plotRect.left() + g.plotRect.width() * i / 20.0;
        QVERIFY2(std::abs(g.xForTime(g.timeForX(x)) - x) < 1e-3, qPrintable(u"x %1"_s.arg(x)));
        const qint64 t = start + (end - start) * i / 20;
        QVERIFY2(std::abs(g.timeForX(g.xForTime(t)) - t) <= 1, qPrintable(u"t %1"_s.arg(t)));
    }
}

void TestTimelineGeometry::windowEdgesAreThePlotEdges_data()
{
    roundTrips_data();
}

void TestTimelineGeometry::windowEdgesAreThePlotEdges()
{
    QFETCH(QRectF, bounds);
    QFETCH(qint64, start);
    QFETCH(qint64, end);
    const TimelineGeometry g = TimelineGeometry::compute(bounds, start, end, 4, 2, 16.0, 80.0);
    QCOMPARE(g.xForTime(start), g.plotRect.left());
    QCOMPARE(g.xForTime(end), g.plotRect.right());
    QCOMPARE(g.timeForX(g.plotRect.left()), start);
    QCOMPARE(g.timeForX(g.plotRect.right()), end);
    QCOMPARE(g.durationNs(), end - start);
    QCOMPARE(g.nsPerPixel(), double(end - start) / g.plotRect.width());
}

void TestTimelineGeometry::timesOutsideTheWindowMapOutsideThePlot()
{
    const TimelineGeometry g = typical(10 * Second, 20 * Second);
    QVERIFY(g.xForTime(9 * Second) < g.plotRect.left());
    QVERIFY(g.xForTime(21 * Second) > g.plotRect.right());
    QVERIFY(g.timeForX(g.plotRect.left() - 10) < 10 * Second);
    QVERIFY(g.timeForX(g.plotRect.right() + 10) > 20 * Second);
    // The middle of the plot is the middle of the window.
    QCOMPARE(g.timeForX(g.plotRect.center().x()), 15 * Second);
}

void TestTimelineGeometry::zeroLengthWindow()
{
    for (const qint64 end : {5 * Second, 4 * Second}) { // empty, and end before start
        const TimelineGeometry g = typical(5 * Second, end);
        QCOMPARE(g.durationNs(), qint64(0));
        QCOMPARE(g.endNs, g.startNs);
        QCOMPARE(g.nsPerPixel(), 0.0);
        QCOMPARE(g.xForTime(5 * Second), g.plotRect.left());
        QCOMPARE(g.xForTime(100 * Second), g.plotRect.left());
        QCOMPARE(g.timeForX(g.plotRect.right()), 5 * Second);
        QCOMPARE(g.tickStepNs(90.0), qint64(0));
        QVERIFY(g.ticks(90.0).empty());
        QVERIFY(g.plotRect.width() > 0.0); // the lanes still have their room
    }
}

void TestTimelineGeometry::lanesAreOrderedAndApart()
{
    const TimelineGeometry g = typical();
    QCOMPARE(g.laneCount, 5);
    QVERIFY(g.laneHeight > 0.0);
    for (int lane = 0; lane < g.laneCount; ++lane) {
        const QRectF band = g.laneBand(lane);
        QVERIFY(liesInside(band, g.plotRect));
        QCOMPARE(band.left(), g.plotRect.left());
        QCOMPARE(band.width(), g.plotRect.width());
        QCOMPARE(band.height(), g.laneHeight);
        const QRectF label = g.laneLabel(lane);
        QVERIFY(label.right() <= g.plotRect.left());
        QCOMPARE(label.center().y(), band.center().y());
        if (lane > 0) {
            const qreal gap = band.top() - g.laneBand(lane - 1).bottom();
            // The producers (lanes 0-2) are set apart from the consumers (3-4).
            QCOMPARE(gap,
                     lane == 3 ? TimelineGeometry::LaneGap + TimelineGeometry::RoleGap
                               : TimelineGeometry::LaneGap);
        }
    }
    QCOMPARE(g.laneBand(-1), QRectF());
    QCOMPARE(g.laneBand(5), QRectF());
    // The axis is right under the lanes; the legend is at the bottom, under the axis.
    QCOMPARE(g.axisRect.top(), g.plotRect.bottom());
    QVERIFY(g.legendRect.top() >= g.axisRect.bottom());
    QVERIFY(g.headerRect.bottom() <= g.plotRect.top());
}

void TestTimelineGeometry::laneAt_data()
{
    QTest::addColumn<int>("lane");
    QTest::addColumn<qreal>("offset"); // from the band's top, in band heights
    QTest::addColumn<int>("expected");
    for (int lane = 0; lane < 5; ++lane) {
        QTest::addRow("lane %d top", lane) << lane << 0.0 << lane;
        QTest::addRow("lane %d middle", lane) << lane << 0.5 << lane;
        QTest::addRow("lane %d just above the bottom", lane) << lane << 0.99 << lane;
    }
    QTest::addRow("gap after lane 0") << 0 << 1.02 << -1;
    QTest::addRow("role gap after lane 2") << 2 << 1.2 << -1;
    QTest::addRow("above every lane") << 0 << -0.5 << -1;
    QTest::addRow("below every lane") << 4 << 1.5 << -1;
}

void TestTimelineGeometry::laneAt()
{
    QFETCH(int, lane);
    QFETCH(qreal, offset);
    QFETCH(int, expected);
    const TimelineGeometry g = typical();
    const QRectF band = g.laneBand(lane);
    QCOMPARE(g.laneAt(band.top() + offset * band.height()), expected);
}

void TestTimelineGeometry::lanesNeverGrowPastTheirMaximum()
{
    const TimelineGeometry g = TimelineGeometry::compute(QRectF(0, 0, 1200, 2000), 0, Second, 2, 1, 18, 90);
    QCOMPARE(g.laneHeight, TimelineGeometry::MaxLaneHeight);
    QCOMPARE(g.plotRect.height(),
             2 * TimelineGeometry::MaxLaneHeight + TimelineGeometry::LaneGap + TimelineGeometry::RoleGap);
    // Only producers: no role gap.
    const TimelineGeometry producers
        = TimelineGeometry::compute(QRectF(0, 0, 1200, 2000), 0, Second, 3, 3, 18, 90);
    QCOMPARE(producers.roleGap, 0.0);
    QCOMPARE(producers.laneBand(1).top() - producers.laneBand(0).bottom(), TimelineGeometry::LaneGap);
}

void TestTimelineGeometry::degenerateSizes_data()
{
    QTest::addColumn<QRectF>("bounds");
    QTest::addColumn<int>("lanes");
    QTest::addRow("empty widget") << QRectF(0, 0, 0, 0) << 4;
    QTest::addRow("one pixel") << QRectF(0, 0, 1, 1) << 4;
    QTest::addRow("tiny") << QRectF(0, 0, 12, 9) << 4;
    QTest::addRow("short and wide") << QRectF(0, 0, 900, 40) << 8;
    QTest::addRow("tall and thin") << QRectF(0, 0, 30, 900) << 8;
    QTest::addRow("small, offset") << QRectF(50, 70, 120, 80) << 16;
    QTest::addRow("no lanes") << QRectF(0, 0, 800, 300) << 0;
}

void TestTimelineGeometry::degenerateSizes()
{
    QFETCH(QRectF, bounds);
    QFETCH(int, lanes);
    const TimelineGeometry g = TimelineGeometry::compute(bounds, 0, 10 * Second, lanes, lanes / 2, 18, 90, 2);
    for (const QRectF &rect : {g.headerRect, g.labelRect, g.plotRect, g.axisRect, g.legendRect}) {
        QVERIFY(hasNoNegativeSize(rect));
        QVERIFY2(
            liesInside(rect, bounds),
            qPrintable(u"%1,%2 %3x%4"_s.arg(rect.x()).arg(rect.y()).arg(rect.width()).arg(rect.height())));
    }
    QVERIFY(g.laneHeight >= 0.0);
    QVERIFY(g.laneGap >= 0.0);
    for (int lane = 0; lane < lanes; ++lane) {
        QVERIFY(hasNoNegativeSize(g.laneBand(lane)));
        QVERIFY(liesInside(g.laneBand(lane), bounds));
        QVERIFY(liesInside(g.laneLabel(lane), bounds));
        if (g.laneHeight > 1.0)
            QCOMPARE(g.laneAt(g.laneBand(lane).center().y()), lane);
    }
    const QList<QRectF> legend = g.legendItems({100, 120, 80}, 20, 10);
    QCOMPARE(legend.size(), 3);
    for (const QRectF &item : legend)
        QVERIFY(liesInside(item, g.legendRect) && hasNoNegativeSize(item));
    // Mapping stays finite.
    QVERIFY(std::isfinite(g.xForTime(5 * Second)));
    QVERIFY(g.timeForX(g.plotRect.right()) >= 0);
}

void TestTimelineGeometry::ticks_data()
{
    QTest::addColumn<qint64>("start");
    QTest::addColumn<qint64>("end");
    QTest::addColumn<qint64>("step");
    // A plot about 880 px wide and ticks at least 90 px apart: at most 9 or so ticks.
    QTest::addRow("10 s") << qint64(0) << 10 * Second << 2 * Second;
    QTest::addRow("10 s, an hour in") << 3600 * Second << 3610 * Second << 2 * Second;
    QTest::addRow("1 s") << 4 * Second << 5 * Second << Second / 5;
    QTest::addRow("50 ms") << qint64(0) << Second / 20 << Second / 100;
    QTest::addRow("5 minutes") << qint64(0) << 300 * Second << 50 * Second;
}

void TestTimelineGeometry::ticks()
{
    QFETCH(qint64, start);
    QFETCH(qint64, end);
    QFETCH(qint64, step);
    const TimelineGeometry g = typical(start, end);
    QCOMPARE(g.tickStepNs(90.0), step);
    QVERIFY(double(step) / g.nsPerPixel() >= 90.0);
    const std::vector<qint64> ticks = g.ticks(90.0);
    QVERIFY(!ticks.empty());
    for (const qint64 tick : ticks) {
        QCOMPARE(tick % step, qint64(0));
        QVERIFY(tick >= start && tick <= end);
    }
    QVERIFY(ticks.front() - start < step);
    QVERIFY(end - ticks.back() < step);
}

void TestTimelineGeometry::tickLabel_data()
{
    QTest::addColumn<qint64>("time");
    QTest::addColumn<qint64>("step");
    QTest::addColumn<QString>("label");
    QTest::addRow("whole seconds") << 12 * Second << 2 * Second << u"12 s"_s;
    QTest::addRow("half seconds") << 12 * Second + Second / 2 << Second / 2 << u"12.5 s"_s;
    QTest::addRow("tenths, on a whole second") << 12 * Second << Second / 5 << u"12.0 s"_s;
    QTest::addRow("hundredths") << Second / 20 << Second / 100 << u"0.05 s"_s;
    QTest::addRow("milliseconds") << 3 * Second + 2'000'000 << 1'000'000LL << u"3.002 s"_s;
    QTest::addRow("minutes") << 300 * Second << 50 * Second << u"300 s"_s;
}

void TestTimelineGeometry::tickLabel()
{
    QFETCH(qint64, time);
    QFETCH(qint64, step);
    QFETCH(QString, label);
    QCOMPARE(TimelineGeometry::tickLabel(time, step), label);
}

void TestTimelineGeometry::legendWraps()
{
    const QList<qreal> widths {200, 200, 200, 200};
    QCOMPARE(TimelineGeometry::legendRows(widths, 1000, 20), 1);
    QCOMPARE(TimelineGeometry::legendRows(widths, 700, 20), 2);
    QCOMPARE(TimelineGeometry::legendRows(widths, 100, 20), 4);
    QCOMPARE(TimelineGeometry::legendRows({}, 100, 20), 1);

    const TimelineGeometry g = TimelineGeometry::compute(QRectF(0, 0, 716, 400), 0, Second, 2, 1, 20, 90, 2);
    QCOMPARE(g.legendRect.width(), 700.0);
    const QList<QRectF> items = g.legendItems(widths, 30, 20);
    QCOMPARE(items.size(), 4);
    QCOMPARE(items.at(0).topLeft(), g.legendRect.topLeft());
    QCOMPARE(items.at(1).left(), g.legendRect.left() + 220);
    QCOMPARE(items.at(1).top(), items.at(0).top());
    QCOMPARE(items.at(3).left(), g.legendRect.left()); // the fourth wraps to the second row
    QCOMPARE(items.at(3).top(), items.at(0).top() + 30);
}

QTEST_GUILESS_MAIN(TestTimelineGeometry)
#include "tst_timelinegeometry.moc"
