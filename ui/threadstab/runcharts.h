#pragma once

#include "journal.h"
#include "statistics.h"
#include "timebuckets.h"

#include <QElapsedTimer>
#include <QImage>
#include <QList>
#include <QPixmap>
#include <QPointF>
#include <QWidget>

#include <optional>
#include <vector>

class QAreaSeries;
class QBarCategoryAxis;
class QBarSet;
class QChart;
class QChartView;
class QGridLayout;
class QHorizontalStackedBarSeries;
class QLineSeries;
class QValueAxis;

// Two charts of a run, as it goes: how full the buffer is (with its capacity as a dashed line)
// and how many students the consumers finish per second; and, once there are statistics, how
// long each worker was blocked. Fed the same journal batches as the rest of the Threads tab: the
// occupancy is kept as the lowest and highest level per 50 ms bucket, the throughput as a count
// per 1 s bucket (TimeBuckets), so a run at full speed costs a few points per bucket, not one
// per event; the series are rebuilt at most RefreshIntervalMs apart. While running the charts show
// the last LiveWindowNs; finish() shows the whole run (coarser, if it was long).
class RunCharts : public QWidget
{
    Q_OBJECT
public:
    enum class Mode {
        Full, // stacked, big type: for the Threads tab on a projector
        Compact, // side by side, smaller type, no chart legends: for a statistics panel
    };
    enum class Chart { Occupancy, Throughput, Blocked };

    static constexpr qint64 OccupancyBucketNs = 50'000'000; // 50 ms
    static constexpr qint64 ThroughputBucketNs = 1'000'000'000; // 1 s
    static constexpr qint64 LiveWindowNs = 60'000'000'000; // the last minute
    static constexpr qint64 MinimumWindowNs = 10'000'000'000; // a young run fills 10 s, left to right
    static constexpr int MaxRunBuckets = 2'000; // whole-run buckets before they double in width
    static constexpr int RefreshIntervalMs = 200;

    explicit RunCharts(Mode mode = Mode::Full, QWidget *parent = nullptr);
    ~RunCharts() override;

    Mode mode() const { return m_mode; }

    // A new run with a buffer of this capacity: forgets the previous one (the blocked chart too).
    void reset(int capacity);
    // The capacity changed during the run (drawn as a step in the dashed line), at the newest
    // event's time.
    void setCapacity(int capacity);
    int capacity() const { return m_capacitySteps.empty() ? 0 : m_capacitySteps.back().second; }
    // Takes one frame's journal batch: Inserted and Removed give the occupancy (their size),
    // Processed and Failed the throughput. Cheap; the charts follow at most every RefreshIntervalMs.
    void apply(const std::vector<JournalEvent> &events);
    // The journal time now, when known (events also move it on): the charts reach it even when
    // nothing happens, e.g. while every worker waits.
    void setNow(qint64 nowNs);
    qint64 now() const { return m_nowNs; }
    // The run has ended (at endNs, or at the newest event): the charts show the whole run.
    void finish(qint64 endNs = -1);
    bool isFinished() const { return m_finished; }
    // Rebuilds the series from the buckets now (apply() does it when the interval has passed).
    void refresh();
    // Shows another RunCharts' run, finished: e.g. a compact copy in the statistics panel.
    void showRun(const RunCharts &other);

    // Per worker, the time spent waiting for a slot, an item or the lock, as horizontal bars
    // (producers blue, consumers orange). The bar chart is hidden until this is called.
    void showBlocked(const SimulationStatistics &statistics);

    // One chart at the given size (its current size if invalid), e.g. for a report or a file.
    QPixmap renderChart(Chart chart, const QSize &size = QSize());
    // The charts shown (occupancy, throughput and, once shown, the blocked time) side by side,
    // each drawn at chartSize, on white: one picture for a report or a slide.
    QImage renderSheet(const QSize &chartSize = QSize(720, 480));

    QChartView *chartView(Chart chart) const;
    const TimeBuckets &liveOccupancy() const { return m_liveOccupancy; }
    const TimeBuckets &runOccupancy() const { return m_runOccupancy; }
    const TimeBuckets &throughput() const { return m_throughput; }

    // The series as plotted, x in seconds since the run began. Occupancy: a step line per bucket
    // (upper: highest level, lower: lowest; the area between them is filled).
    QLineSeries *occupancyUpperSeries() const { return m_occupancyUpper; }
    QLineSeries *occupancyLowerSeries() const { return m_occupancyLower; }
    QLineSeries *capacitySeries() const { return m_capacityLine; }
    // Throughput: a step line, students per second per bucket (complete buckets only while running).
    QLineSeries *throughputSeries() const { return m_throughputLine; }
    QValueAxis *timeAxis(Chart chart) const;
    QValueAxis *valueAxis(Chart chart) const;
    // Blocked: one category per worker, top to bottom in worker order, "Producer 1: 0.42 s".
    QHorizontalStackedBarSeries *blockedSeries() const { return m_blockedSeries; }
    QBarSet *producerBlockedSet() const { return m_producerBlocked; }
    QBarSet *consumerBlockedSet() const { return m_consumerBlocked; }
    QBarCategoryAxis *blockedCategoryAxis() const { return m_blockedCategories; }

    // Students per second over the run so far (or the whole run, once finished).
    double averageThroughput() const;

    // The points of a step line through the buckets [first, last) of `buckets`, clipped at endNs:
    // value(bucket) per bucket, equal neighbours joined. Public for the tests.
    template<typename Value>
    static QList<QPointF> stepPoints(const TimeBuckets &buckets, qint64 fromNs, qint64 endNs, Value value);

protected:
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    // Full mode: the charts side by side in a wide, low space (under the Threads tab's numbers),
    // else the two time charts stacked with the blocked chart beside them.
    void arrange(bool inOneRow);
    QChart *createChart(const QString &title);
    QValueAxis *createAxis(const QString &title, Qt::Alignment alignment, QChart *chart);
    void applyFonts(QChart *chart);
    // QtCharts keeps its colours in the scene: they are set again from palette() when it changes.
    void applyPalette();
    void updateTitles();
    void showBlockedChart(bool show);

    Mode m_mode;
    TimeBuckets m_liveOccupancy;
    TimeBuckets m_runOccupancy;
    TimeBuckets m_throughput;
    std::vector<std::pair<qint64, int>> m_capacitySteps; // (time, capacity from then on)
    qint64 m_nowNs = 0;
    qint64 m_endNs = -1;
    bool m_finished = false;
    int m_maxLevel = 0;
    QElapsedTimer m_refreshClock;
    SimulationStatistics m_blocked;
    bool m_hasBlocked = false;

    QGridLayout *m_layout = nullptr;
    bool m_inOneRow = false;
    QChartView *m_occupancyView = nullptr;
    QChartView *m_throughputView = nullptr;
    QChartView *m_blockedView = nullptr;
    QLineSeries *m_occupancyUpper = nullptr;
    QLineSeries *m_occupancyLower = nullptr;
    QAreaSeries *m_occupancyArea = nullptr;
    QLineSeries *m_capacityLine = nullptr;
    QLineSeries *m_throughputLine = nullptr;
    QLineSeries *m_throughputBase = nullptr;
    QAreaSeries *m_throughputArea = nullptr;
    QValueAxis *m_occupancyTime = nullptr;
    QValueAxis *m_occupancyValue = nullptr;
    QValueAxis *m_throughputTime = nullptr;
    QValueAxis *m_throughputValue = nullptr;
    QHorizontalStackedBarSeries *m_blockedSeries = nullptr;
    QBarSet *m_producerBlocked = nullptr;
    QBarSet *m_consumerBlocked = nullptr;
    QBarCategoryAxis *m_blockedCategories = nullptr;
    QValueAxis *m_blockedValue = nullptr;
};

template<typename Value>
QList<QPointF> RunCharts::stepPoints(const TimeBuckets &buckets, qint64 fromNs, qint64 endNs, Value value)
{
    QList<QPointF> points;
    std::optional<double> current;
    qint64 runStart = 0;
    qint64 runEnd = 0;
    auto flush = [&] {
        if (!current)
            return;
        points.append(QPointF(double(runStart) / 1e9, *current));
        points.append(QPointF(double(runEnd) / 1e9, *current));
    };
    for (int i = qMax(0, buckets.indexOf(fromNs)); i < buckets.size(); ++i) {
        const TimeBuckets::Bucket &bucket = buckets.at(i);
        if (bucket.startNs >= endNs)
            break;
        const qint64 start = qMax(bucket.startNs, fromNs);
        const qint64 end = qMin(buckets.endNs(i), endNs);
        if (end <= start)
            continue;
        const double v = value(bucket, end - bucket.startNs);
        if (current && *current == v && runEnd == start) {
            runEnd = end;
            continue;
        }
        flush();
        current = v;
        runStart = start;
        runEnd = end;
    }
    flush();
    return points;
}
