#include "runcharts.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChartView>
#include <QHorizontalStackedBarSeries>
#include <QLineSeries>
#include <QTest>
#include <QValueAxis>

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 Ms = 1'000'000;
constexpr qint64 Second = 1'000'000'000;

JournalEvent bufferEvent(JournalEvent::Kind kind, qint64 timeNs, int size)
{
    JournalEvent event;
    event.kind = kind;
    event.timeNs = timeNs;
    event.worker = 0;
    event.record = 1;
    event.slot = 0;
    event.size = qint16(size);
    return event;
}

JournalEvent processed(qint64 timeNs, JournalEvent::Kind kind = JournalEvent::Kind::Processed)
{
    JournalEvent event;
    event.kind = kind;
    event.timeNs = timeNs;
    event.worker = 1;
    event.record = 1;
    return event;
}

JournalEvent stateChanged(qint64 timeNs)
{
    JournalEvent event;
    event.timeNs = timeNs;
    event.worker = 1;
    event.state = WorkerState::Sleeping;
    return event;
}

QList<QPointF> points(std::initializer_list<std::pair<double, double>> list)
{
    QList<QPointF> result;
    for (const auto &[x, y] : list)
        result.append(QPointF(x, y));
    return result;
}

// Exact up to the rounding of ns to seconds.
bool samePoints(const QList<QPointF> &actual, const QList<QPointF> &expected)
{
    if (actual.size() != expected.size())
        return false;
    for (qsizetype i = 0; i < actual.size(); ++i) {
        if (std::abs(actual.at(i).x() - expected.at(i).x()) > 1e-9
            || std::abs(actual.at(i).y() - expected.at(i).y()) > 1e-9)
            return false;
    }
    return true;
}

QString describe(const QList<QPointF> &points)
{
    QStringList parts;
    for (const QPointF &point : points)
        parts.append(u"(%1, %2)"_s.arg(point.x()).arg(point.y()));
    return parts.join(u' ');
}

WorkerStatistics worker(const QString &name, WorkerRole role, qint64 blockedNs)
{
    WorkerStatistics statistics;
    statistics.name = name;
    statistics.role = role;
    statistics.blockedNs = blockedNs;
    return statistics;
}

} // namespace

#define COMPARE_POINTS(actual, expected)                                                                     \
    QVERIFY2(samePoints(actual, expected),                                                                   \
             qPrintable(u"actual %1, expected %2"_s.arg(describe(actual), describe(expected))))

class TestRunCharts : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void occupancyIsAStepLinePerBucket();
    void capacityLineFollowsChanges();
    void throughputCountsPerSecond_data();
    void throughputCountsPerSecond();
    void liveWindowSlidesAndFinishShowsTheRun();
    void staysBoundedAtFullSpeed();
    void blockedBars();
    void compactCopyShowsTheSameRun();
    void renderChartAtASize();
    void resetForgetsTheRun();
};

void TestRunCharts::occupancyIsAStepLinePerBucket()
{
    RunCharts charts;
    charts.reset(4);
    // 50 ms buckets: [0, 50) goes 0 -> 1 -> 2, [50, 100) stays 2, [100, 150) drops to 1.
    charts.apply({bufferEvent(JournalEvent::Kind::Inserted, 10 * Ms, 1),
                  bufferEvent(JournalEvent::Kind::Inserted, 20 * Ms, 2), stateChanged(60 * Ms),
                  bufferEvent(JournalEvent::Kind::Removed, 120 * Ms, 1)});
    charts.finish(300 * Ms);
    QVERIFY(charts.isFinished());
    COMPARE_POINTS(charts.occupancyUpperSeries()->points(), points({{0, 2}, {0.15, 2}, {0.15, 1}, {0.3, 1}}));
    COMPARE_POINTS(charts.occupancyLowerSeries()->points(),
                   points({{0, 0}, {0.05, 0}, {0.05, 2}, {0.1, 2}, {0.1, 1}, {0.3, 1}}));
    // Room above the capacity, integer ticks.
    QVERIFY(charts.valueAxis(RunCharts::Chart::Occupancy)->max() > 4.0);
    QCOMPARE(charts.valueAxis(RunCharts::Chart::Occupancy)->min(), 0.0);
    QCOMPARE(charts.valueAxis(RunCharts::Chart::Occupancy)->tickInterval(), 1.0);
}

void TestRunCharts::capacityLineFollowsChanges()
{
    RunCharts charts;
    charts.reset(4);
    COMPARE_POINTS(charts.capacitySeries()->points(), points({{0, 4}, {10, 4}})); // a young run shows 10 s
    QCOMPARE(charts.capacitySeries()->pen().style(), Qt::DashLine);
    charts.apply({bufferEvent(JournalEvent::Kind::Inserted, 2 * Second, 1)});
    charts.setCapacity(6);
    QCOMPARE(charts.capacity(), 6);
    charts.finish(3 * Second);
    COMPARE_POINTS(charts.capacitySeries()->points(), points({{0, 4}, {2, 4}, {2, 6}, {3, 6}}));
    QVERIFY(charts.valueAxis(RunCharts::Chart::Occupancy)->max() > 6.0);
}

void TestRunCharts::throughputCountsPerSecond_data()
{
    QTest::addColumn<bool>("finished");
    QTest::addColumn<QList<QPointF>>("expected");
    // While running only whole seconds show: the one in progress would look like a drop.
    QTest::addRow("running, at 2.7 s") << false << points({{0, 3}, {1, 3}, {1, 1}, {2, 1}});
    QTest::addRow("finished at 3 s") << true << points({{0, 3}, {1, 3}, {1, 1}, {3, 1}});
}

void TestRunCharts::throughputCountsPerSecond()
{
    QFETCH(bool, finished);
    QFETCH(QList<QPointF>, expected);
    RunCharts charts;
    charts.reset(4);
    charts.apply({processed(100 * Ms), processed(500 * Ms), stateChanged(700 * Ms),
                  processed(900 * Ms, JournalEvent::Kind::Failed), processed(1200 * Ms),
                  bufferEvent(JournalEvent::Kind::Inserted, 2 * Second, 1), processed(2500 * Ms)});
    charts.setNow(2700 * Ms);
    if (finished)
        charts.finish(3 * Second);
    else
        charts.refresh();
    COMPARE_POINTS(charts.throughputSeries()->points(), expected);
    QCOMPARE(charts.throughput().totalCount(), qint64(5));
    QCOMPARE(charts.averageThroughput(), 5.0 / (finished ? 3.0 : 2.7));
    QVERIFY(charts.valueAxis(RunCharts::Chart::Throughput)->max() >= 3.0);
    QVERIFY(charts.chartView(RunCharts::Chart::Throughput)->chart()->title().contains(u"average"_s));
}

void TestRunCharts::liveWindowSlidesAndFinishShowsTheRun()
{
    RunCharts charts;
    charts.reset(4);
    std::vector<JournalEvent> events;
    for (qint64 t = 0; t < 100 * Second; t += 100 * Ms)
        events.push_back(bufferEvent(JournalEvent::Kind::Inserted, t, int(t / (100 * Ms) % 5)));
    charts.apply(events);
    charts.refresh();
    // Running: the last minute, for both charts.
    for (const RunCharts::Chart chart : {RunCharts::Chart::Occupancy, RunCharts::Chart::Throughput}) {
        QVERIFY(std::abs(charts.timeAxis(chart)->min() - 39.9) < 1e-6);
        QVERIFY(std::abs(charts.timeAxis(chart)->max() - 99.9) < 1e-6);
    }
    QVERIFY(charts.occupancyUpperSeries()->points().front().x() >= 39.9 - 1e-6);
    charts.finish();
    QCOMPARE(charts.timeAxis(RunCharts::Chart::Occupancy)->min(), 0.0);
    QVERIFY(std::abs(charts.timeAxis(RunCharts::Chart::Occupancy)->max() - 99.9) < 1e-6);
    QCOMPARE(charts.occupancyUpperSeries()->points().front().x(), 0.0);
}

void TestRunCharts::staysBoundedAtFullSpeed()
{
    // Half an hour at 100,000 buffer events a second would be 180 million points; the charts keep
    // a few per bucket.
    RunCharts charts;
    charts.reset(8);
    std::vector<JournalEvent> batch;
    for (qint64 second = 0; second < 1800; ++second) {
        batch.clear();
        for (int i = 0; i < 100; ++i) {
            const qint64 t = second * Second + i * 10 * Ms;
            batch.push_back(
                bufferEvent(i % 2 ? JournalEvent::Kind::Removed : JournalEvent::Kind::Inserted, t, i % 9));
            batch.push_back(processed(t));
        }
        charts.apply(batch);
    }
    charts.refresh();
    QVERIFY(charts.liveOccupancy().size() <= charts.liveOccupancy().maxBuckets());
    QVERIFY(charts.runOccupancy().size() <= RunCharts::MaxRunBuckets);
    QVERIFY(charts.occupancyUpperSeries()->count() <= 2 * charts.liveOccupancy().size());
    charts.finish();
    QVERIFY(charts.occupancyUpperSeries()->count() <= 2 * RunCharts::MaxRunBuckets);
    QVERIFY(charts.throughputSeries()->count() <= 2 * charts.throughput().size());
    QCOMPARE(charts.throughput().totalCount(), qint64(180'000));
    QCOMPARE(charts.valueAxis(RunCharts::Chart::Occupancy)->tickInterval(), 2.0);
}

void TestRunCharts::blockedBars()
{
    RunCharts charts;
    QVERIFY(!charts.chartView(RunCharts::Chart::Blocked)->isVisibleTo(&charts));
    SimulationStatistics statistics;
    statistics.workers = {worker(u"Producer 1"_s, WorkerRole::Producer, 1500 * Ms),
                          worker(u"Producer 2"_s, WorkerRole::Producer, 250 * Ms),
                          worker(u"Consumer 1"_s, WorkerRole::Consumer, 12 * Second)};
    charts.showBlocked(statistics);
    QVERIFY(charts.chartView(RunCharts::Chart::Blocked)->isVisibleTo(&charts));
    // Bottom to top, so that the chart reads top to bottom in worker order.
    QCOMPARE(charts.blockedCategoryAxis()->categories(),
             (QStringList {u"Consumer 1: 12.0 s"_s, u"Producer 2: 0.25 s"_s, u"Producer 1: 1.50 s"_s}));
    QCOMPARE(charts.producerBlockedSet()->count(), 3);
    QCOMPARE(charts.producerBlockedSet()->at(0), 0.0);
    QCOMPARE(charts.producerBlockedSet()->at(1), 0.25);
    QCOMPARE(charts.producerBlockedSet()->at(2), 1.5);
    QCOMPARE(charts.consumerBlockedSet()->at(0), 12.0);
    QCOMPARE(charts.consumerBlockedSet()->at(1), 0.0);
    QCOMPARE(charts.consumerBlockedSet()->at(2), 0.0);
    QVERIFY(charts.valueAxis(RunCharts::Chart::Blocked)->max() >= 12.0);
    QVERIFY(charts.producerBlockedSet()->color() != charts.consumerBlockedSet()->color());
    // Shown again for the same run: replaced, not appended.
    charts.showBlocked(statistics);
    QCOMPARE(charts.producerBlockedSet()->count(), 3);
}

void TestRunCharts::compactCopyShowsTheSameRun()
{
    RunCharts live;
    live.reset(4);
    live.apply({bufferEvent(JournalEvent::Kind::Inserted, 10 * Ms, 1), processed(400 * Ms),
                bufferEvent(JournalEvent::Kind::Removed, 1200 * Ms, 0)});
    live.finish(2 * Second);
    SimulationStatistics statistics;
    statistics.workers = {worker(u"Producer 1"_s, WorkerRole::Producer, 1500 * Ms)};
    live.showBlocked(statistics);

    RunCharts compact(RunCharts::Mode::Compact);
    compact.showRun(live);
    QVERIFY(compact.isFinished());
    QCOMPARE(compact.mode(), RunCharts::Mode::Compact);
    COMPARE_POINTS(compact.occupancyUpperSeries()->points(), live.occupancyUpperSeries()->points());
    COMPARE_POINTS(compact.throughputSeries()->points(), live.throughputSeries()->points());
    COMPARE_POINTS(compact.capacitySeries()->points(), live.capacitySeries()->points());
    QCOMPARE(compact.blockedCategoryAxis()->categories(), QStringList {u"P1: 1.50 s"_s});
    QVERIFY(compact.font().pointSizeF() < live.font().pointSizeF());
}

void TestRunCharts::renderChartAtASize()
{
    RunCharts charts;
    charts.resize(900, 600);
    charts.reset(4);
    charts.apply({bufferEvent(JournalEvent::Kind::Inserted, 10 * Ms, 1)});
    charts.finish(2 * Second);
    const QSize before = charts.chartView(RunCharts::Chart::Occupancy)->size();
    const QPixmap pixmap = charts.renderChart(RunCharts::Chart::Occupancy, QSize(640, 360));
    QCOMPARE(pixmap.deviceIndependentSize().toSize(), QSize(640, 360));
    QCOMPARE(charts.chartView(RunCharts::Chart::Occupancy)->size(), before);
    QVERIFY(!charts.renderChart(RunCharts::Chart::Throughput).isNull());
}

void TestRunCharts::resetForgetsTheRun()
{
    RunCharts charts;
    charts.reset(4);
    charts.apply({bufferEvent(JournalEvent::Kind::Inserted, 10 * Ms, 1), processed(400 * Ms)});
    charts.finish(2 * Second);
    SimulationStatistics statistics;
    statistics.workers = {worker(u"Producer 1"_s, WorkerRole::Producer, 1500 * Ms)};
    charts.showBlocked(statistics);
    charts.reset(10);
    QVERIFY(!charts.isFinished());
    QCOMPARE(charts.now(), qint64(0));
    QCOMPARE(charts.capacity(), 10);
    QCOMPARE(charts.throughput().totalCount(), qint64(0));
    QCOMPARE(charts.throughputSeries()->count(), 0);
    QVERIFY(!charts.chartView(RunCharts::Chart::Blocked)->isVisibleTo(&charts));
    QCOMPARE(charts.producerBlockedSet()->count(), 0);
}

QTEST_MAIN(TestRunCharts)
#include "tst_runcharts.moc"
