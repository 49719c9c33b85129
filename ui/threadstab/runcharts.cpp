#include "runcharts.h"

#include "colorscheme.h"
#include "viewhelpers.h"

#include <QAreaSeries>
#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QEvent>
#include <QGraphicsLayout>
#include <QGridLayout>
#include <QHorizontalStackedBarSeries>
#include <QLegend>
#include <QLineSeries>
#include <QPainter>
#include <QThread>
#include <QValueAxis>

#include <cmath>

using namespace Qt::StringLiterals;

namespace {

QColor occupancyColor(const QPalette &palette)
{
    return ColorScheme::inMarker(palette);
}

QColor capacityColor(const QPalette &palette)
{
    return ColorScheme::failed(palette);
}

QColor throughputColor(const QPalette &palette)
{
    return ColorScheme::passed(palette);
}

QColor producerColor(const QPalette &palette)
{
    return ColorScheme::inMarker(palette);
}

QColor consumerColor(const QPalette &palette)
{
    return ColorScheme::outMarker(palette);
}

QColor withAlpha(QColor color, int alpha)
{
    color.setAlpha(alpha);
    return color;
}

// 1, 2 or 5 times a power of ten: the smallest at least `wanted`.
double niceStep(double wanted)
{
    if (wanted <= 0.0)
        return 1.0;
    const double power = std::pow(10.0, std::floor(std::log10(wanted)));
    for (const double factor : {1.0, 2.0, 5.0, 10.0}) {
        if (factor * power >= wanted * (1.0 - 1e-9))
            return factor * power;
    }
    return 10.0 * power;
}

// Ticks about `count` to an axis of this length, at round numbers.
void setNiceTicks(QValueAxis *axis, double min, double max, int count, double minimumStep = 0.0)
{
    const double step = qMax(minimumStep, niceStep((max - min) / qMax(1, count)));
    axis->setTickType(QValueAxis::TicksDynamic);
    axis->setTickAnchor(0.0);
    // The axis makes a label for every tick at once: never let it see a wide range with a
    // narrow interval (or the reverse) in between, or it builds thousands of labels.
    if (step >= axis->tickInterval()) {
        axis->setTickInterval(step);
        axis->setRange(min, max);
    } else {
        axis->setRange(min, max);
        axis->setTickInterval(step);
    }
    axis->setLabelFormat(step >= 1.0 ? u"%.0f"_s : step >= 0.1 ? u"%.1f"_s : u"%.2f"_s);
}

// "Producer 3" -> "P3", as the buffer view abbreviates lanes.
QString abbreviated(const QString &name)
{
    QString result;
    const QStringList words = name.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    for (const QString &word : words)
        result += word.front().isDigit() ? word : word.left(1);
    return result;
}

QString formatRate(double perSecond)
{
    return QString::number(perSecond, 'f', perSecond < 10.0 ? 1 : 0);
}

} // namespace

RunCharts::RunCharts(Mode mode, QWidget *parent)
    : QWidget(parent)
    , m_mode(mode)
    , m_liveOccupancy(OccupancyBucketNs, int(LiveWindowNs / OccupancyBucketNs) + 40,
                      TimeBuckets::Overflow::DropOldest)
    , m_runOccupancy(OccupancyBucketNs, MaxRunBuckets, TimeBuckets::Overflow::Coarsen)
    , m_throughput(ThroughputBucketNs, 3600, TimeBuckets::Overflow::Coarsen)
{
    QFont base = font();
    const qreal pointSize = m_mode == Mode::Full ? ViewHelpers::MinimumPointSize : 9.5;
    if (base.pointSizeF() > 0.0 && (m_mode == Mode::Compact || base.pointSizeF() < pointSize)) {
        base.setPointSizeF(pointSize);
        setFont(base);
    }

    // Occupancy: the band between the lowest and highest level of each bucket (a crisp step
    // line when they agree, as they do at a calm speed), and the capacity, dashed.
    QChart *occupancy = createChart(tr("Items in the buffer"));
    m_occupancyUpper = new QLineSeries(this);
    m_occupancyLower = new QLineSeries(this);
    m_occupancyArea = new QAreaSeries(m_occupancyUpper, m_occupancyLower);
    m_occupancyArea->setName(tr("items in the buffer"));
    m_capacityLine = new QLineSeries;
    m_capacityLine->setName(tr("capacity"));
    occupancy->addSeries(m_occupancyArea);
    occupancy->addSeries(m_capacityLine);
    const QString timeTitle = m_mode == Mode::Full ? tr("seconds since the run began") : tr("seconds");
    m_occupancyTime = createAxis(timeTitle, Qt::AlignBottom, occupancy);
    m_occupancyValue = createAxis(tr("items"), Qt::AlignLeft, occupancy);
    for (QAbstractSeries *series : occupancy->series()) {
        series->attachAxis(m_occupancyTime);
        series->attachAxis(m_occupancyValue);
    }
    m_occupancyView = new QChartView(occupancy);

    // Throughput: students finished per second, a filled step line like a bar chart.
    QChart *throughput = createChart(tr("Students processed per second"));
    m_throughputLine = new QLineSeries(this);
    m_throughputBase = new QLineSeries(this);
    m_throughputArea = new QAreaSeries(m_throughputLine, m_throughputBase);
    m_throughputArea->setName(tr("students per second"));
    throughput->addSeries(m_throughputArea);
    m_throughputTime = createAxis(timeTitle, Qt::AlignBottom, throughput);
    m_throughputValue = createAxis(tr("students/s"), Qt::AlignLeft, throughput);
    m_throughputArea->attachAxis(m_throughputTime);
    m_throughputArea->attachAxis(m_throughputValue);
    throughput->legend()->setVisible(false); // one series: the title says what it is
    m_throughputView = new QChartView(throughput);

    // Blocked: one bar per worker; two stacked sets only to colour producers and consumers apart.
    QChart *blocked = createChart(tr("Time blocked, per worker"));
    m_blockedSeries = new QHorizontalStackedBarSeries;
    m_producerBlocked = new QBarSet(tr("producers"));
    m_consumerBlocked = new QBarSet(tr("consumers"));
    m_blockedSeries->append(m_producerBlocked);
    m_blockedSeries->append(m_consumerBlocked);
    m_blockedSeries->setBarWidth(0.6);
    blocked->addSeries(m_blockedSeries);
    m_blockedCategories = new QBarCategoryAxis;
    blocked->addAxis(m_blockedCategories, Qt::AlignLeft);
    m_blockedValue = createAxis(m_mode == Mode::Full ? tr("seconds waiting for a slot, an item or the lock")
                                                     : tr("seconds blocked"),
                                Qt::AlignBottom, blocked);
    m_blockedSeries->attachAxis(m_blockedCategories);
    m_blockedSeries->attachAxis(m_blockedValue);
    applyFonts(blocked);
    m_blockedView = new QChartView(blocked);

    for (QChartView *view : {m_occupancyView, m_throughputView, m_blockedView}) {
        view->setRenderHint(QPainter::Antialiasing);
        view->setMinimumSize(m_mode == Mode::Full ? QSize(320, 170) : QSize(140, 150));
        view->setFrameShape(QFrame::NoFrame);
    }
    applyFonts(occupancy);
    applyFonts(throughput);

    auto *layout = new QGridLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(m_mode == Mode::Full ? 4 : 2);
    if (m_mode == Mode::Full) {
        layout->addWidget(m_occupancyView, 0, 0);
        layout->addWidget(m_throughputView, 1, 0);
        layout->addWidget(m_blockedView, 0, 1, 2, 1);
        layout->setColumnStretch(0, 3);
    } else {
        layout->addWidget(m_occupancyView, 0, 0);
        layout->addWidget(m_throughputView, 0, 1);
        layout->addWidget(m_blockedView, 0, 2);
        for (QChartView *view : {m_occupancyView, m_throughputView, m_blockedView})
            view->chart()->legend()->setVisible(false);
    }
    m_layout = layout;
    applyPalette();
    showBlockedChart(false);
    reset(0);
}

RunCharts::~RunCharts() = default;

QChart *RunCharts::createChart(const QString &title)
{
    auto *chart = new QChart;
    chart->setTitle(title);
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->setBackgroundRoundness(0);
    chart->setMargins(m_mode == Mode::Full ? QMargins(6, 4, 10, 4) : QMargins(2, 2, 4, 2));
    chart->legend()->setAlignment(Qt::AlignTop);
    return chart;
}

QValueAxis *RunCharts::createAxis(const QString &title, Qt::Alignment alignment, QChart *chart)
{
    auto *axis = new QValueAxis;
    axis->setTitleText(title);
    axis->setMinorGridLineVisible(false);
    chart->addAxis(axis, alignment);
    return axis;
}

void RunCharts::applyFonts(QChart *chart)
{
    // Big enough for the back of a lecture hall in Full mode; the statistics panel's size in Compact.
    const QFont base = font();
    QFont title = base;
    title.setBold(true);
    title.setPointSizeF(base.pointSizeF() * (m_mode == Mode::Full ? 1.25 : 1.05));
    chart->setTitleFont(title);
    QFont labels = base;
    QFont axisTitle = base;
    axisTitle.setPointSizeF(base.pointSizeF() * (m_mode == Mode::Full ? 1.0 : 0.95));
    const QList<QAbstractAxis *> axes = chart->axes();
    for (QAbstractAxis *axis : axes) {
        axis->setLabelsFont(labels);
        axis->setTitleFont(axisTitle);
        axis->setTitleVisible(m_mode == Mode::Full || axis->orientation() == Qt::Horizontal);
    }
    chart->legend()->setFont(labels);
}

void RunCharts::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::ApplicationPaletteChange)
        applyPalette();
    QWidget::changeEvent(event);
}

void RunCharts::applyPalette()
{
    const QPalette palette = this->palette();
    const QColor ground = palette.color(QPalette::Base);
    const QColor text = palette.color(QPalette::Text);
    const QColor grid
        = ColorScheme::isDark(palette) ? ColorScheme::mix(ground, text, 0.16) : QColor(0xE3, 0xE7, 0xEB);
    const QColor axisLine = ColorScheme::mix(ground, text, 0.45);
    for (QChartView *view : {m_occupancyView, m_throughputView, m_blockedView}) {
        view->setBackgroundBrush(ground);
        QChart *chart = view->chart();
        chart->setBackgroundBrush(ground);
        chart->setBackgroundPen(Qt::NoPen);
        chart->setPlotAreaBackgroundVisible(false);
        chart->setTitleBrush(text);
        chart->legend()->setLabelColor(text);
        const QList<QAbstractAxis *> axes = chart->axes();
        for (QAbstractAxis *axis : axes) {
            axis->setLabelsColor(text);
            axis->setTitleBrush(text);
            axis->setLinePenColor(axisLine);
            axis->setGridLineColor(grid);
        }
    }
    const qreal width = m_mode == Mode::Full ? 2.5 : 1.8;
    m_occupancyArea->setPen(QPen(occupancyColor(palette), width));
    m_occupancyArea->setBrush(withAlpha(occupancyColor(palette), 70));
    m_capacityLine->setPen(QPen(capacityColor(palette), width, Qt::DashLine));
    m_throughputArea->setPen(QPen(throughputColor(palette), width));
    m_throughputArea->setBrush(withAlpha(throughputColor(palette), 60));
    m_producerBlocked->setColor(producerColor(palette));
    m_producerBlocked->setBorderColor(producerColor(palette));
    m_consumerBlocked->setColor(consumerColor(palette));
    m_consumerBlocked->setBorderColor(consumerColor(palette));
}

QChartView *RunCharts::chartView(Chart chart) const
{
    switch (chart) {
    case Chart::Occupancy:
        return m_occupancyView;
    case Chart::Throughput:
        return m_throughputView;
    case Chart::Blocked:
        return m_blockedView;
    }
    return nullptr;
}

QValueAxis *RunCharts::timeAxis(Chart chart) const
{
    switch (chart) {
    case Chart::Occupancy:
        return m_occupancyTime;
    case Chart::Throughput:
        return m_throughputTime;
    case Chart::Blocked:
        return nullptr;
    }
    return nullptr;
}

QValueAxis *RunCharts::valueAxis(Chart chart) const
{
    switch (chart) {
    case Chart::Occupancy:
        return m_occupancyValue;
    case Chart::Throughput:
        return m_throughputValue;
    case Chart::Blocked:
        return m_blockedValue;
    }
    return nullptr;
}

void RunCharts::reset(int capacity)
{
    Q_ASSERT(QThread::currentThread() == thread());
    m_liveOccupancy.clear();
    m_runOccupancy.clear();
    m_throughput.clear();
    m_capacitySteps.clear();
    m_capacitySteps.emplace_back(0, qMax(0, capacity));
    m_nowNs = 0;
    m_endNs = -1;
    m_finished = false;
    m_maxLevel = 0;
    m_hasBlocked = false;
    m_blocked = {};
    m_producerBlocked->remove(0, m_producerBlocked->count());
    m_consumerBlocked->remove(0, m_consumerBlocked->count());
    m_blockedCategories->clear();
    showBlockedChart(false);
    m_refreshClock.invalidate();
    refresh();
}

void RunCharts::setCapacity(int capacity)
{
    capacity = qMax(0, capacity);
    if (capacity == this->capacity())
        return;
    if (m_capacitySteps.back().first >= m_nowNs)
        m_capacitySteps.back().second = capacity;
    else
        m_capacitySteps.emplace_back(m_nowNs, capacity);
    refresh();
}

void RunCharts::apply(const std::vector<JournalEvent> &events)
{
    Q_ASSERT(QThread::currentThread() == thread());
    for (const JournalEvent &event : events) {
        const qint64 time = qMax<qint64>(0, event.timeNs);
        switch (event.kind) {
        case JournalEvent::Kind::Inserted:
        case JournalEvent::Kind::Removed:
            m_liveOccupancy.addLevel(time, event.size);
            m_runOccupancy.addLevel(time, event.size);
            m_maxLevel = qMax(m_maxLevel, int(event.size));
            break;
        case JournalEvent::Kind::Processed:
        case JournalEvent::Kind::Failed:
            m_throughput.addCount(time);
            break;
        case JournalEvent::Kind::StateChanged:
            break;
        }
        m_nowNs = qMax(m_nowNs, time);
    }
    if (!m_refreshClock.isValid() || m_refreshClock.elapsed() >= RefreshIntervalMs)
        refresh();
}

void RunCharts::setNow(qint64 nowNs)
{
    m_nowNs = qMax(m_nowNs, nowNs);
}

void RunCharts::finish(qint64 endNs)
{
    m_endNs = endNs >= 0 ? qMax(endNs, m_nowNs) : m_nowNs;
    m_nowNs = m_endNs;
    m_finished = true;
    refresh();
}

double RunCharts::averageThroughput() const
{
    return m_nowNs > 0 ? double(m_throughput.totalCount()) / (double(m_nowNs) / 1e9) : 0.0;
}

void RunCharts::refresh()
{
    m_refreshClock.start();
    const qint64 now = m_nowNs;
    m_liveOccupancy.advanceTo(now);
    m_runOccupancy.advanceTo(now);
    m_throughput.advanceTo(now);

    // Live: the last minute (a young run fills 10 s from the left); finished: all of it.
    const qint64 windowEnd = m_finished ? qMax<qint64>(now, 1'000'000'000) : qMax(now, MinimumWindowNs);
    const qint64 windowStart = m_finished ? 0 : qMax<qint64>(0, windowEnd - LiveWindowNs);
    const TimeBuckets &occupancy
        = m_finished || windowStart < m_liveOccupancy.at(0).startNs ? m_runOccupancy : m_liveOccupancy;
    m_occupancyUpper->replace(stepPoints(occupancy, windowStart, now,
                                         [](const TimeBuckets::Bucket &b, qint64) { return double(b.max); }));
    m_occupancyLower->replace(stepPoints(occupancy, windowStart, now,
                                         [](const TimeBuckets::Bucket &b, qint64) { return double(b.min); }));

    QList<QPointF> capacity;
    int maxCapacity = 0;
    for (std::size_t i = 0; i < m_capacitySteps.size(); ++i) {
        const double x = double(m_capacitySteps[i].first) / 1e9;
        if (i > 0)
            capacity.append(QPointF(x, m_capacitySteps[i - 1].second));
        capacity.append(QPointF(x, m_capacitySteps[i].second));
        maxCapacity = qMax(maxCapacity, m_capacitySteps[i].second);
    }
    capacity.append(QPointF(double(windowEnd) / 1e9, this->capacity()));
    m_capacityLine->replace(capacity);

    // Only whole buckets while running: the one in progress would always look like a drop.
    const qint64 width = m_throughput.widthNs();
    const qint64 throughputEnd = m_finished ? now : now / width * width;
    const auto rate = [](const TimeBuckets::Bucket &bucket, qint64 coveredNs) {
        return double(bucket.count) / (double(coveredNs) / 1e9);
    };
    const qint64 minimumCover = width / 4; // a last sliver of a bucket would exaggerate its rate
    QList<QPointF> throughput
        = stepPoints(m_throughput, windowStart, throughputEnd,
                     [&rate, minimumCover](const TimeBuckets::Bucket &b, qint64 covered) {
                         return rate(b, qMax(covered, minimumCover));
                     });
    double maxRate = 0.0;
    QList<QPointF> base;
    for (const QPointF &point : throughput) {
        maxRate = qMax(maxRate, point.y());
        base.append(QPointF(point.x(), 0.0));
    }
    m_throughputLine->replace(throughput);
    m_throughputBase->replace(base);

    const double fromS = double(windowStart) / 1e9;
    const double toS = double(windowEnd) / 1e9;
    const int timeTicks = m_mode == Mode::Full ? 10 : 5;
    setNiceTicks(m_occupancyTime, fromS, toS, timeTicks, 1.0);
    setNiceTicks(m_throughputTime, fromS, toS, timeTicks, 1.0);
    // Room above the capacity line, so it never hides in the chart's top edge.
    const int top = qMax(1, qMax(maxCapacity, m_maxLevel));
    setNiceTicks(m_occupancyValue, 0.0, top + qMax(0.5, top * 0.12), m_mode == Mode::Full ? 6 : 4, 1.0);
    const double rateTop = qMax(1.0, maxRate * 1.15);
    setNiceTicks(m_throughputValue, 0.0, rateTop, m_mode == Mode::Full ? 5 : 3);
    updateTitles();
}

void RunCharts::updateTitles()
{
    // Side by side, each chart has a third of the width: shorter titles, nothing elided.
    const bool full = m_mode == Mode::Full;
    const bool narrow = !full || m_inOneRow;
    const int capacity = this->capacity();
    m_occupancyView->chart()->setTitle(full && !narrow ? tr("Items in the buffer (capacity %1)").arg(capacity)
                                                       : tr("Items in the buffer"));
    const double average = averageThroughput();
    QString throughput = narrow ? tr("Students per second") : tr("Students processed per second");
    if (m_throughput.totalCount() > 0 && full && !narrow)
        throughput += tr(" (average %1)").arg(formatRate(average));
    // Side by side, the average goes on its own line under the title.
    if (m_throughput.totalCount() > 0 && full && narrow)
        throughput += tr("<br><small>average %1</small>").arg(formatRate(average));
    m_throughputView->chart()->setTitle(throughput);
    m_blockedValue->setTitleText(narrow ? tr("seconds blocked")
                                        : tr("seconds waiting for a slot, an item or the lock"));
}

void RunCharts::showRun(const RunCharts &other)
{
    m_liveOccupancy = other.m_liveOccupancy;
    m_runOccupancy = other.m_runOccupancy;
    m_throughput = other.m_throughput;
    m_capacitySteps = other.m_capacitySteps;
    m_maxLevel = other.m_maxLevel;
    m_nowNs = other.m_nowNs;
    m_endNs = other.m_endNs;
    m_finished = false;
    finish(other.m_endNs >= 0 ? other.m_endNs : other.m_nowNs);
    if (other.m_hasBlocked)
        showBlocked(other.m_blocked);
}

void RunCharts::showBlocked(const SimulationStatistics &statistics)
{
    m_blocked = statistics;
    m_hasBlocked = true;
    m_producerBlocked->remove(0, m_producerBlocked->count());
    m_consumerBlocked->remove(0, m_consumerBlocked->count());
    m_blockedCategories->clear();
    // Horizontal bar charts draw the first category at the bottom: append backwards, so the list
    // reads top to bottom like the worker table.
    QStringList categories;
    double most = 0.0;
    for (qsizetype i = statistics.workers.size() - 1; i >= 0; --i) {
        const WorkerStatistics &worker = statistics.workers.at(i);
        const double seconds = double(worker.blockedNs) / 1e9;
        most = qMax(most, seconds);
        const bool producer = worker.role == WorkerRole::Producer;
        m_producerBlocked->append(producer ? seconds : 0.0);
        m_consumerBlocked->append(producer ? 0.0 : seconds);
        // Compact or side by side: "P1: 8.4 s", so the labels fit a narrow chart.
        const QString name = m_mode == Mode::Full && !m_inOneRow ? worker.name : abbreviated(worker.name);
        categories.append(u"%1: %2 s"_s.arg(name).arg(seconds, 0, 'f', seconds < 10.0 ? 2 : 1));
    }
    m_blockedCategories->append(categories);
    setNiceTicks(m_blockedValue, 0.0, qMax(0.1, most * 1.1), m_mode == Mode::Full && !m_inOneRow ? 6 : 3);
    showBlockedChart(true);
}

void RunCharts::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    // Two stacked charts need about 2 x 200 pixels of height to keep their axes readable.
    if (m_mode == Mode::Full)
        arrange(height() < 420 && width() >= 2 * height());
}

void RunCharts::arrange(bool inOneRow)
{
    if (inOneRow == m_inOneRow && m_layout->count() == 3)
        return;
    m_inOneRow = inOneRow;
    for (QChartView *view : {m_occupancyView, m_throughputView, m_blockedView})
        m_layout->removeWidget(view);
    for (int i = 0; i < 3; ++i) {
        m_layout->setColumnStretch(i, 0);
        m_layout->setRowStretch(i, 0);
    }
    if (inOneRow) {
        m_layout->addWidget(m_occupancyView, 0, 0);
        m_layout->addWidget(m_throughputView, 0, 1);
        m_layout->addWidget(m_blockedView, 0, 2);
        m_layout->setColumnStretch(0, 3);
        m_layout->setColumnStretch(1, 3);
    } else {
        m_layout->addWidget(m_occupancyView, 0, 0);
        m_layout->addWidget(m_throughputView, 1, 0);
        m_layout->addWidget(m_blockedView, 0, 1, 2, 1);
        m_layout->setColumnStretch(0, 3);
    }
    showBlockedChart(m_blockedView->isVisibleTo(this));
    updateTitles();
    if (m_hasBlocked)
        showBlocked(m_blocked); // the names' length depends on the arrangement
}

void RunCharts::showBlockedChart(bool show)
{
    m_blockedView->setVisible(show);
    // A hidden chart leaves no empty column behind.
    if (m_mode == Mode::Full)
        m_layout->setColumnStretch(m_inOneRow ? 2 : 1, show ? (m_inOneRow ? 3 : 2) : 0);
    else
        m_layout->setColumnStretch(2, show ? 1 : 0);
}

QImage RunCharts::renderSheet(const QSize &chartSize)
{
    QList<Chart> charts = {Chart::Occupancy, Chart::Throughput};
    if (m_hasBlocked)
        charts.append(Chart::Blocked);
    QImage sheet(QSize(chartSize.width() * int(charts.size()), chartSize.height()), QImage::Format_RGB32);
    sheet.fill(palette().color(QPalette::Base));
    QPainter painter(&sheet);
    for (int i = 0; i < charts.size(); ++i)
        painter.drawPixmap(QRect(QPoint(i * chartSize.width(), 0), chartSize),
                           renderChart(charts.at(i), chartSize));
    return sheet;
}

QPixmap RunCharts::renderChart(Chart chart, const QSize &size)
{
    QChartView *view = chartView(chart);
    if (!size.isValid() || size.isEmpty() || size == view->size())
        return view->grab();
    // Lay the chart out at the size asked for and draw its scene, leaving the view (which its
    // layout sizes) alone.
    QChart *shown = view->chart();
    const QRectF previous = shown->geometry();
    shown->setGeometry(QRectF(QPointF(0, 0), QSizeF(size)));
    if (QGraphicsLayout *layout = shown->layout())
        layout->activate();
    QPixmap pixmap(size * devicePixelRatio());
    pixmap.setDevicePixelRatio(devicePixelRatio());
    pixmap.fill(palette().color(QPalette::Base));
    {
        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.setRenderHint(QPainter::TextAntialiasing);
        view->scene()->render(&painter, QRectF(QPointF(0, 0), QSizeF(size)),
                              QRectF(QPointF(0, 0), QSizeF(size)));
    }
    shown->setGeometry(previous);
    if (QGraphicsLayout *layout = shown->layout())
        layout->activate();
    return pixmap;
}
