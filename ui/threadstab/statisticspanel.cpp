#include "statisticspanel.h"

#include "runcharts.h"
#include "theme.h"
#include "viewhelpers.h"

#include <QEvent>
#include <QGridLayout>
#include <QLabel>
#include <QLocale>
#include <QScrollArea>
#include <QStyle>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

constexpr int FourColumnWidth = 500; // the live cards in four columns from this width
constexpr int WorkerColumns = 3; // worker, items, time blocked (and its share of the run)

QLocale displayLocale()
{
    const QLocale system;
    return system.language() == QLocale::C ? QLocale(QLocale::English, QLocale::UnitedStates) : system;
}

QString studentsText(qint64 students)
{
    return StatisticsPanel::tr("%1 student(s)", nullptr, int(students))
        .arg(StatisticsPanel::formatCount(students));
}

QLabel *heading(const QString &text)
{
    auto *label = new QLabel(text);
    QFont font = label->font();
    font.setBold(true);
    label->setFont(font);
    return label;
}

} // namespace

StatisticsPanel::StatisticsPanel(QWidget *parent) : QWidget(parent)
{
    m_title = new QLabel;
    m_title->setWordWrap(true); // a long title must not widen the panel past its scroll area

    const std::array<QString, std::size_t(Field::Count)> names = {
        tr("Produced"),     tr("Consumed"), tr("Failed"),     tr("In buffer"),
        tr("In flight"),    tr("Elapsed"),  tr("Students/s"), tr("Passed"),
        tr("Average mark"), tr("Lost"),     tr("Duplicated"),
    };
    const std::array<QString, std::size_t(Field::Count)> tips = {
        tr("Records inserted into the buffer"),
        tr("Records removed from the buffer and processed"),
        tr("Records whose XML file could not be written (by their producer) or read back and validated (by "
           "their consumer)"),
        tr("Records in the buffer right now"),
        tr("Produced but not yet consumed: in the buffer or in a consumer's hands"),
        tr("Time since the run started"),
        tr("Consumed records per second"),
        tr("Valid records with an average of 50 or more"),
        tr("Mean of the valid records' averages"),
        tr("Records that went into the buffer and never came out (written over, or vanished), as the "
           "conservation checker counts them"),
        tr("Records taken out of the buffer more than once, as the conservation checker counts them"),
    };
    // Small cards: the name above, the number below, big enough for the back row.
    m_cards = new QWidget;
    m_cardGrid = new QGridLayout(m_cards);
    m_cardGrid->setContentsMargins(0, 0, 0, 0);
    m_cardGrid->setHorizontalSpacing(14);
    m_cardGrid->setVerticalSpacing(8);
    for (int i = 0; i < int(Field::Count); ++i) {
        auto *name = new QLabel(names.at(std::size_t(i)));
        name->setForegroundRole(QPalette::PlaceholderText);
        name->setToolTip(tips.at(std::size_t(i)));
        auto *value = new QLabel;
        name->setBuddy(value); // read together: "Lost: 0"
        value->setToolTip(tips.at(std::size_t(i)));
        value->setTextInteractionFlags(Qt::TextSelectableByMouse);
        m_values.at(std::size_t(i)) = value;
        auto *card = new QWidget;
        auto *cardLayout = new QVBoxLayout(card);
        cardLayout->setContentsMargins(0, 0, 0, 0);
        cardLayout->setSpacing(0);
        cardLayout->addWidget(name);
        cardLayout->addWidget(value);
        m_cardWidgets.at(std::size_t(i)) = card;
    }

    // The final per-worker grid, and under it a sentence on who waited for whom.
    m_workerGridWidget = new QWidget;
    m_workerGrid = new QGridLayout(m_workerGridWidget);
    m_workerGrid->setContentsMargins(0, 0, 0, 0);
    m_workerGrid->setHorizontalSpacing(14);
    m_workerGrid->setVerticalSpacing(2);
    m_conclusion = new QLabel;
    m_conclusion->setWordWrap(true);
    m_conclusion->setVisible(false);
    m_workerBox = new QWidget;
    auto *workerLayout = new QVBoxLayout(m_workerBox);
    workerLayout->setContentsMargins(0, 2, 0, 0);
    workerLayout->setSpacing(8);
    workerLayout->addWidget(m_workerGridWidget);
    workerLayout->addWidget(m_conclusion);
    workerLayout->addStretch(1);
    m_workerBox->setVisible(false);

    m_deadlock = new QLabel;
    m_deadlock->setWordWrap(true);
    m_deadlock->setTextFormat(Qt::RichText);
    m_deadlock->setTextInteractionFlags(Qt::TextSelectableByMouse);
    Theme::setTone(m_deadlock, Theme::Tone::AlarmBox);
    m_deadlock->setVisible(false);

    // Why records failed: the first reason, in the alarm colour of the numbers.
    m_failures = new QLabel;
    m_failures->setWordWrap(true);
    m_failures->setTextInteractionFlags(Qt::TextSelectableByMouse);
    Theme::setTone(m_failures, Theme::Tone::Failed);
    m_failures->setVisible(false);

    auto *content = new QWidget;
    auto *contentLayout = new QVBoxLayout(content);
    contentLayout->setContentsMargins(10, 6, 10, 6);
    contentLayout->setSpacing(6);
    contentLayout->addWidget(m_title);
    contentLayout->addWidget(m_deadlock);
    // The final per-worker grid goes beside the cards when the panel is wide enough, else below.
    m_body = new QBoxLayout(QBoxLayout::TopToBottom);
    m_body->setSpacing(20);
    m_body->addWidget(m_cards, 0, Qt::AlignTop);
    m_body->addWidget(m_workerBox, 1, Qt::AlignTop);
    contentLayout->addLayout(m_body);
    contentLayout->addWidget(m_failures);
    contentLayout->addStretch(1);
    m_contentLayout = contentLayout;

    // The final table can outgrow a short panel; it scrolls rather than squeezing the numbers.
    auto *scroll = new QScrollArea;
    scroll->setWidget(content);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(scroll);

    updateFonts();
    clear();
}

void StatisticsPanel::arrangeCards(int columns, bool hideBufferCards)
{
    if (columns == m_cardColumns && hideBufferCards == m_bufferCardsHidden)
        return;
    m_cardColumns = columns;
    m_bufferCardsHidden = hideBufferCards;
    for (QWidget *card : m_cardWidgets)
        m_cardGrid->removeWidget(card);
    int position = 0;
    for (int i = 0; i < int(Field::Count); ++i) {
        QWidget *card = m_cardWidgets.at(std::size_t(i));
        const bool hidden = hideBufferCards && (Field(i) == Field::InBuffer || Field(i) == Field::InFlight);
        if (hidden) {
            card->setVisible(false);
            continue;
        }
        // Into the grid before it is shown: a card without a parent would show as a window.
        m_cardGrid->addWidget(card, position / columns, position % columns);
        card->setVisible(true);
        ++position;
    }
    for (int column = 0; column < 4; ++column)
        m_cardGrid->setColumnStretch(column, column < columns ? 1 : 0);
    updateGeometry(); // the cards' rows are the panel's minimum height
}

QSize StatisticsPanel::minimumSizeHint() const
{
    // The numbers are the lesson: the panel is never shorter than the title and the cards, so a
    // splitter cannot hide Lost or Duplicated below the fold (the final per-worker grid, the
    // deadlock box and the failure line may scroll).
    const QMargins margins = m_contentLayout->contentsMargins();
    const int height = margins.top() + m_title->sizeHint().height() + m_contentLayout->spacing()
        + m_cards->minimumSizeHint().height() + margins.bottom() + 2;
    // As wide as the cards: the panel does not scroll sideways, so a narrower one would cut them.
    // (The final per-worker grid counts too once it is shown below the cards.)
    // Wide enough for four columns, so the live numbers take three rows, not four.
    const int width
        = m_contentLayout->minimumSize().width() + style()->pixelMetric(QStyle::PM_ScrollBarExtent) + 2;
    return QSize(std::max({width, FourColumnWidth, QWidget::minimumSizeHint().width()}), height);
}

void StatisticsPanel::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    updateLayout();
}

void StatisticsPanel::updateLayout()
{
    // Four columns keep the live numbers to three rows when the panel is wide enough.
    const int wide = width() >= FourColumnWidth ? 4 : 3;
    if (!m_final) {
        arrangeCards(wide, false);
        m_body->setDirection(QBoxLayout::TopToBottom);
        return;
    }
    // Final: the buffer's two numbers are zero after a finished run and make room, and fewer
    // columns of cards leave space beside them for the per-worker grid, if the panel is wide
    // enough; otherwise the cards span the width with the grid below.
    const bool hideBufferCards = m_statistics.inBuffer == 0 && m_statistics.inFlight == 0;
    arrangeCards(3, hideBufferCards);
    const int side
        = m_cards->sizeHint().width() + m_body->spacing() + m_workerGridWidget->sizeHint().width() + 24;
    const bool sideBySide = width() >= side;
    if (!sideBySide)
        arrangeCards(wide, hideBufferCards);
    m_body->setDirection(sideBySide ? QBoxLayout::LeftToRight : QBoxLayout::TopToBottom);
}

void StatisticsPanel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::FontChange)
        updateFonts();
    QWidget::changeEvent(event);
}

void StatisticsPanel::updateFonts()
{
    // Derived from whatever font the page gives the panel, so they grow with it.
    QFont titleFont = font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(font().pointSizeF() * 1.2);
    m_title->setFont(titleFont);
    QFont valueFont = font();
    valueFont.setBold(true);
    valueFont.setPointSizeF(font().pointSizeF() * 1.35);
    for (QLabel *value : m_values)
        value->setFont(valueFont);
}

QString StatisticsPanel::formatCount(qint64 value)
{
    return displayLocale().toString(value);
}

QString StatisticsPanel::formatNumber(double value, int decimals)
{
    return displayLocale().toString(value, 'f', decimals);
}

void StatisticsPanel::clear()
{
    m_statistics = SimulationStatistics();
    m_final = false;
    m_title->setText(tr("Statistics"));
    for (QLabel *value : m_values)
        ViewHelpers::setValueText(value, u"\u2013"_s);
    showWorkers({});
    m_workerBox->setVisible(false);
    m_conclusion->setVisible(false);
    showDeadlock(m_statistics);
    if (m_charts)
        m_charts->setVisible(false);
    setAlarm(Field::Failed, false);
    setAlarm(Field::Lost, false);
    setAlarm(Field::Duplicated, false);
    showFailures(m_statistics);
    updateLayout();
}

void StatisticsPanel::showLive(const SimulationStatistics &statistics)
{
    m_title->setText(tr("Live statistics — %1").arg(studentsText(statistics.students)));
    showNumbers(statistics);
    m_workerBox->setVisible(false);
    m_conclusion->setVisible(false);
    if (m_charts)
        m_charts->setVisible(false);
    if (m_final) {
        m_final = false;
        updateLayout();
    }
}

void StatisticsPanel::showFinal(const SimulationStatistics &statistics)
{
    m_final = true;
    m_title->setText(tr("Final statistics — %1%2")
                         .arg(studentsText(statistics.students),
                              statistics.stopped ? tr(", stopped before the end") : QString()));
    showNumbers(statistics);
    showWorkers(statistics);
    m_workerBox->setVisible(true);
    const QString reading = conclusion(statistics);
    m_conclusion->setText(reading);
    m_conclusion->setVisible(!reading.isEmpty());
    updateLayout();
}

void StatisticsPanel::showCharts(const RunCharts &run)
{
    if (!m_charts) {
        m_charts = new RunCharts(RunCharts::Mode::Compact);
        m_charts->setMinimumHeight(190);
        // Before the stretch at the end: the charts follow the numbers and the worker grid.
        m_contentLayout->insertWidget(m_contentLayout->count() - 1, m_charts);
    }
    m_charts->showRun(run);
    m_charts->setVisible(true);
}

void StatisticsPanel::showNumbers(const SimulationStatistics &s)
{
    m_statistics = s;
    const auto set = [this](Field field, const QString &text) {
        ViewHelpers::setValueText(m_values.at(std::size_t(field)), text);
    };
    set(Field::Produced, formatCount(s.produced));
    set(Field::Consumed, formatCount(s.consumed));
    set(Field::Failed, formatCount(s.failed));
    set(Field::InBuffer, formatCount(s.inBuffer));
    set(Field::InFlight, formatCount(s.inFlight));
    set(Field::Elapsed, formatNumber(s.elapsedS, 1) + u" s"_s);
    set(Field::Rate, formatNumber(s.studentsPerSecond(), s.studentsPerSecond() < 10.0 ? 1 : 0));
    const QString share
        = s.valid > 0 ? u" (%1%)"_s.arg(qRound(100.0 * double(s.passed) / double(s.valid))) : QString();
    set(Field::Passed, formatCount(s.passed) + share);
    set(Field::AverageMark, s.valid > 0 ? formatNumber(s.averageMark, 2) : u"\u2013"_s);
    set(Field::Lost, formatCount(s.lost));
    set(Field::Duplicated, formatCount(s.duplicated));
    setAlarm(Field::Failed, s.failed > 0);
    setAlarm(Field::Lost, s.lost > 0);
    setAlarm(Field::Duplicated, s.duplicated > 0);
    showFailures(s);
    showDeadlock(s);
}

void StatisticsPanel::setAlarm(Field field, bool alarm)
{
    bool &current = m_alarms.at(std::size_t(field));
    if (current == alarm)
        return;
    current = alarm;
    Theme::setTone(m_values.at(std::size_t(field)), alarm ? Theme::Tone::Failed : Theme::Tone::Plain);
}

bool StatisticsPanel::isAlarm(Field field) const
{
    return m_alarms.at(std::size_t(field));
}

void StatisticsPanel::showDeadlock(const SimulationStatistics &s)
{
    const bool shown = (s.deadlock || s.stalled) && !s.deadlockSummary.isEmpty();
    m_deadlock->setVisible(shown);
    if (!shown) {
        m_deadlock->clear();
        return;
    }
    QString html = u"<b>%1</b>"_s.arg(s.deadlockSummary.toHtmlEscaped());
    for (const QString &step : s.deadlockSteps)
        html += u"<br>\u2022 "_s + step.toHtmlEscaped();
    html += s.deadlock
        ? tr("<br><i>Each waits for the next, so none can ever go on: the run was stopped.</i>")
        : tr("<br><i>No one left can end these waits: the run was stopped.</i>");
    if (m_deadlock->text() != html)
        m_deadlock->setText(html);
}

void StatisticsPanel::showFailures(const SimulationStatistics &s)
{
    const bool shown = s.failed > 0 && !s.failures.isEmpty();
    m_failures->setVisible(shown);
    if (!shown) {
        m_failures->clear();
        return;
    }
    const QString text = s.failed == 1
        ? tr("1 record failed: %1").arg(s.failures.first().error)
        : tr("%1 records failed; the first: %2").arg(formatCount(s.failed), s.failures.first().error);
    if (m_failures->text() != text)
        m_failures->setText(text);
    // The next few reasons, for a run whose failures differ (a full disk, then a directory gone).
    QStringList reasons;
    for (const RecordFailure &failure : s.failures.first(qMin<qsizetype>(s.failures.size(), 5)))
        reasons << failure.error;
    m_failures->setToolTip(reasons.join(u'\n'));
}

QString StatisticsPanel::failureText() const
{
    return m_failures->isVisibleTo(this) ? m_failures->text() : QString();
}

QString StatisticsPanel::deadlockText() const
{
    const SimulationStatistics &s = m_statistics;
    if (!(s.deadlock || s.stalled))
        return {};
    return (QStringList {s.deadlockSummary} + s.deadlockSteps).join(u'\n');
}

void StatisticsPanel::showWorkers(const SimulationStatistics &statistics)
{
    while (QLayoutItem *item = m_workerGrid->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    if (statistics.workers.isEmpty())
        return;
    const QStringList headers = {tr("Worker"), tr("Items"), tr("Blocked")};
    for (int column = 0; column < WorkerColumns; ++column)
        m_workerGrid->addWidget(heading(headers.at(column)), 0, column,
                                column == 0 ? Qt::AlignLeft : Qt::AlignRight);
    for (int i = 0; i < statistics.workers.size(); ++i) {
        const WorkerStatistics &worker = statistics.workers.at(i);
        const double blocked = double(worker.blockedNs) / 1e9;
        const double share = statistics.elapsedS > 0.0 ? 100.0 * blocked / statistics.elapsedS : 0.0;
        const QStringList cells = {
            worker.name,
            formatCount(worker.items),
            u"%1 s (%2%)"_s.arg(formatNumber(blocked, 2), formatNumber(qBound(0.0, share, 100.0), 0)),
        };
        for (int column = 0; column < WorkerColumns; ++column)
            m_workerGrid->addWidget(new QLabel(cells.at(column)), i + 1, column,
                                    column == 0 ? Qt::AlignLeft : Qt::AlignRight);
    }
    m_workerGrid->setColumnStretch(WorkerColumns, 1);
}

QString StatisticsPanel::workerText(int worker, int column) const
{
    QLayoutItem *item = m_workerGrid->itemAtPosition(worker + 1, column);
    const auto *label = item ? qobject_cast<QLabel *>(item->widget()) : nullptr;
    return label ? label->text() : QString();
}

QString StatisticsPanel::conclusion(const SimulationStatistics &statistics) const
{
    // Average share of the run each side spent blocked: the side that waited more is the faster one.
    double producerShare = 0.0;
    double consumerShare = 0.0;
    int producers = 0;
    int consumers = 0;
    for (const WorkerStatistics &worker : statistics.workers) {
        const double share
            = statistics.elapsedS > 0.0 ? double(worker.blockedNs) / 1e9 / statistics.elapsedS : 0.0;
        if (worker.role == WorkerRole::Producer) {
            producerShare += share;
            ++producers;
        } else {
            consumerShare += share;
            ++consumers;
        }
    }
    if (producers == 0 || consumers == 0)
        return {};
    producerShare /= producers;
    consumerShare /= consumers;
    if (qMax(producerShare, consumerShare) < 0.05)
        return tr("Neither side waited much: the buffer kept both producers and consumers busy.");
    const int p = qRound(producerShare * 100.0);
    const int c = qRound(consumerShare * 100.0);
    if (producerShare > consumerShare)
        return tr("Producers were blocked %1% of the time, consumers %2%: the buffer was often full, so the "
                  "consumers were the bottleneck.")
            .arg(p)
            .arg(c);
    return tr("Consumers were blocked %1% of the time, producers %2%: the buffer was often empty, so the "
              "producers were the bottleneck.")
        .arg(c)
        .arg(p);
}

QString StatisticsPanel::title() const
{
    return m_title->text();
}

QString StatisticsPanel::valueText(Field field) const
{
    return m_values.at(std::size_t(field))->text();
}
