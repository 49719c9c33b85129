#include "networkstatisticspanel.h"

#include "statisticspanel.h"
#include "theme.h"
#include "viewhelpers.h"

#include <QEvent>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {

QString dash()
{
    return u"\u2013"_s;
}

QString count(qint64 value)
{
    return StatisticsPanel::formatCount(value);
}

QString number(double value, int decimals)
{
    return StatisticsPanel::formatNumber(value, decimals);
}

QString rate(double perSecond)
{
    return number(perSecond, perSecond < 10.0 ? 1 : 0);
}

// A small card: the name above, the number below, big enough for the back row.
QWidget *card(const QString &name, const QString &tip, QLabel *value)
{
    auto *nameLabel = new QLabel(name);
    nameLabel->setForegroundRole(QPalette::PlaceholderText);
    nameLabel->setToolTip(tip);
    nameLabel->setBuddy(value); // read together: "Put: 12"
    value->setToolTip(tip);
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *widget = new QWidget;
    auto *layout = new QVBoxLayout(widget);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(nameLabel);
    layout->addWidget(value);
    ViewHelpers::setValueText(value, value->text());
    return widget;
}

} // namespace

NetworkStatisticsPanel::NetworkStatisticsPanel(QWidget *parent) : QWidget(parent)
{
    m_title = new QLabel;
    m_check = new QLabel;
    m_check->setWordWrap(true);
    m_checkDetail = new QLabel;
    m_checkDetail->setWordWrap(true);

    const std::array<QString, std::size_t(Field::Count)> names = {
        tr("In buffer"), tr("Put"),       tr("Taken"),   tr("Acknowledged"), tr("Redelivered"),
        tr("Held back"), tr("Connected"), tr("Elapsed"), tr("Items/s"),
    };
    const std::array<QString, std::size_t(Field::Count)> tips = {
        tr("Items in the server's buffer now, of its slots"),
        tr("Items producers put into the buffer"),
        tr("Items consumers took out (redeliveries included)"),
        tr("Items consumers processed and acknowledged, so the server forgot them"),
        tr("Items taken again after the consumer that had them went away without acknowledging"),
        tr("Producers waiting for room / consumers waiting for an item, now"),
        tr("Producers / consumers connected now"),
        tr("Time since the server started"),
        tr("Acknowledged items per second"),
    };
    // One row under the buffer: numbers read from the back of the room at a glance.
    m_liveCards = new QWidget;
    m_liveGrid = new QGridLayout(m_liveCards);
    m_liveGrid->setContentsMargins(0, 0, 0, 0);
    m_liveGrid->setHorizontalSpacing(14);
    m_liveGrid->setVerticalSpacing(6);
    for (int i = 0; i < int(Field::Count); ++i) {
        auto *value = new QLabel(dash());
        m_values.at(std::size_t(i)) = value;
        m_liveCardWidgets.at(std::size_t(i)) = card(names.at(std::size_t(i)), tips.at(std::size_t(i)), value);
    }
    arrangeLiveCards(int(Field::Count));

    const std::array<QString, std::size_t(Total::Count)> totalNames
        = {tr("Items"), tr("Elapsed"), tr("Items/s"), tr("Redelivered")};
    const std::array<QString, std::size_t(Total::Count)> totalTips = {
        tr("Items this run's consumers processed and acknowledged"),
        tr("From the first client of the run to the last one finishing"),
        tr("Throughput: items per second over the run"),
        tr("Items that went back to the buffer and were delivered again"),
    };
    m_finalCards = new QWidget;
    auto *finalGrid = new QGridLayout(m_finalCards);
    finalGrid->setContentsMargins(0, 0, 0, 0);
    finalGrid->setHorizontalSpacing(14);
    for (int i = 0; i < int(Total::Count); ++i) {
        auto *value = new QLabel(dash());
        m_totals.at(std::size_t(i)) = value;
        finalGrid->addWidget(card(totalNames.at(std::size_t(i)), totalTips.at(std::size_t(i)), value), 0, i);
        finalGrid->setColumnStretch(i, 1);
    }

    // Once a run ends: the check in large type on the left, the totals beside it.
    m_checkBox = new QWidget;
    auto *checkLayout = new QVBoxLayout(m_checkBox);
    checkLayout->setContentsMargins(0, 0, 0, 0);
    checkLayout->setSpacing(0);
    checkLayout->addWidget(m_title);
    checkLayout->addWidget(m_check);
    checkLayout->addWidget(m_checkDetail);

    auto *layout = new QBoxLayout(QBoxLayout::LeftToRight, this);
    m_layout = layout;
    layout->setContentsMargins(10, 6, 10, 6);
    layout->setSpacing(28);
    layout->addWidget(m_checkBox, 3);
    layout->addWidget(m_liveCards, 1);
    layout->addWidget(m_finalCards, 2);
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);

    updateFonts();
    clear();
}

void NetworkStatisticsPanel::arrangeLiveCards(int columns)
{
    if (columns == m_liveColumns)
        return;
    m_liveColumns = columns;
    for (QWidget *card : m_liveCardWidgets)
        m_liveGrid->removeWidget(card);
    for (int i = 0; i < int(Field::Count); ++i) {
        m_liveGrid->addWidget(m_liveCardWidgets.at(std::size_t(i)), i / columns, i % columns);
        m_liveCardWidgets.at(std::size_t(i))->setVisible(true);
    }
    for (int column = 0; column < int(Field::Count); ++column)
        m_liveGrid->setColumnStretch(column, column < columns ? 1 : 0);
    updateGeometry();
}

void NetworkStatisticsPanel::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    // One row of numbers when the panel is wide enough, else two; and once a run has ended, the
    // check above the totals instead of beside them on a narrow window.
    int wanted = 0;
    for (const QWidget *card : m_liveCardWidgets)
        wanted += card->sizeHint().width() + m_liveGrid->horizontalSpacing();
    const QMargins margins = m_layout->contentsMargins();
    const int room = width() - margins.left() - margins.right();
    arrangeLiveCards(room >= wanted ? int(Field::Count) : (int(Field::Count) + 1) / 2);
    const bool narrow
        = room < m_checkBox->sizeHint().width() + m_layout->spacing() + m_finalCards->sizeHint().width();
    m_layout->setDirection(narrow ? QBoxLayout::TopToBottom : QBoxLayout::LeftToRight);
}

QSize NetworkStatisticsPanel::minimumSizeHint() const
{
    // Two rows of live numbers (the narrowest arrangement resizeEvent() makes) must fit.
    int widest = 0;
    for (const QWidget *card : m_liveCardWidgets)
        widest = qMax(widest, card->minimumSizeHint().width());
    const int columns = (int(Field::Count) + 1) / 2;
    const QMargins margins = m_layout->contentsMargins();
    const int width = margins.left() + columns * widest + (columns - 1) * m_liveGrid->horizontalSpacing()
        + margins.right();
    return QSize(width, QWidget::minimumSizeHint().height());
}

void NetworkStatisticsPanel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::FontChange)
        updateFonts();
    QWidget::changeEvent(event);
}

void NetworkStatisticsPanel::updateFonts()
{
    // Derived from whatever font the page gives the panel, so they grow with it.
    QFont titleFont = font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(font().pointSizeF() * 1.2);
    m_title->setFont(titleFont);
    QFont checkFont = font();
    checkFont.setBold(true);
    checkFont.setPointSizeF(font().pointSizeF() * 1.6);
    m_check->setFont(checkFont);
    QFont valueFont = font();
    valueFont.setBold(true);
    valueFont.setPointSizeF(font().pointSizeF() * 1.35);
    for (QLabel *value : m_values)
        value->setFont(valueFont);
    for (QLabel *value : m_totals)
        value->setFont(valueFont);
}

void NetworkStatisticsPanel::setCardsShown(bool live)
{
    m_liveCards->setVisible(live);
    m_finalCards->setVisible(!live);
    m_checkBox->setVisible(!live);
}

void NetworkStatisticsPanel::clear()
{
    m_summary = NetworkRunSummary();
    m_final = false;
    m_title->setText(tr("Statistics"));
    for (QLabel *value : m_values)
        ViewHelpers::setValueText(value, dash());
    m_check->clear();
    m_checkDetail->clear();
    setCardsShown(true);
}

void NetworkStatisticsPanel::showLive(const ServerStatistics &s)
{
    m_final = false;
    m_title->setText(s.port > 0 ? tr("Live — server %1:%2").arg(s.address).arg(s.port)
                                : tr("Live statistics"));
    const auto set = [this](Field field, const QString &text) {
        ViewHelpers::setValueText(m_values.at(std::size_t(field)), text);
    };
    set(Field::InBuffer,
        s.overCapacity() > 0
            ? tr("%1 / %2 (%3 over: put back)").arg(count(s.size), count(s.capacity), count(s.overCapacity()))
            : u"%1 / %2"_s.arg(count(s.size), count(s.capacity)));
    set(Field::Put, count(s.accepted));
    set(Field::Taken, count(s.delivered));
    set(Field::Acknowledged, count(s.acked + s.legacyTaken));
    set(Field::Redelivered, count(s.redelivered));
    set(Field::HeldBack, u"%1 / %2"_s.arg(s.waitingProducers).arg(s.waitingConsumers));
    set(Field::Connected, u"%1 / %2"_s.arg(s.producers).arg(s.consumers));
    set(Field::Elapsed, number(s.elapsedS, 1) + u" s"_s);
    set(Field::Rate, rate(s.itemsPerSecond()));
    setCardsShown(true);
}

QString NetworkStatisticsPanel::outcome(const NetworkRunSummary &summary)
{
    QString text;
    if (summary.externalItems) {
        const qint64 lost = summary.server.lost();
        text = lost == 0 ? tr("nothing lost (by the server's count)")
                         : tr("%1 lost (by the server's count)").arg(count(lost));
    } else if (summary.check.ok()) {
        text = tr("nothing lost or duplicated");
    } else {
        const DeliveryCheck &check = summary.check;
        QStringList what;
        if (check.lost > 0)
            what.append(tr("%1 lost").arg(count(check.lost)));
        if (check.duplicated > 0)
            what.append(tr("%1 duplicated").arg(count(check.duplicated)));
        text = what.join(u", "_s);
    }
    // Items the server still held when it stopped are gone too, even if no client lost one.
    const qint64 dropped = summary.server.droppedAtShutdown;
    if (dropped > 0)
        text += tr(", but %Ln item(s) dropped when the server stopped", nullptr, int(dropped));
    return text;
}

QString NetworkStatisticsPanel::headline(const NetworkRunSummary &summary)
{
    const QString text = outcome(summary);
    return (summary.ok() ? u"\u2714 "_s : u"\u2718 "_s) + text.front().toUpper() + text.mid(1);
}

void NetworkStatisticsPanel::showFinal(const NetworkRunSummary &summary)
{
    m_summary = summary;
    m_final = true;
    const int clients = summary.clients;
    m_title->setText(tr("Final statistics — %Ln client(s)%1", nullptr, clients)
                         .arg(summary.stopped ? tr(", stopped before the end") : QString()));

    const DeliveryCheck &check = summary.check;
    m_check->setText(headline(summary));
    Theme::setTone(m_check, summary.ok() ? Theme::Tone::Passed : Theme::Tone::Failed);
    QString detail;
    if (summary.externalItems) {
        // Their items are not this tab's to see one by one; the server counts everyone's.
        const ServerStatistics &server = summary.server;
        detail = tr("External clients moved items too, so the server counts for everyone: put %1, "
                    "acknowledged %2, %3 still in it. Duplicates can only be checked item by item for "
                    "this tab's own clients.")
                     .arg(count(server.accepted), count(server.acked + server.legacyTaken),
                          count(server.size + server.unacked));
    } else {
        detail = tr("Put %1, acknowledged %2, left in the server %3")
                     .arg(count(check.produced), count(check.consumed), count(check.leftOver));
        if (summary.earlierRuns)
            detail += tr(", counting every run since the server started");
        detail += u"."_s;
        if (summary.stopped && !check.ok())
            detail += tr(" Stopped mid-run: an item whose acknowledgement was on its way counts as lost.");
    }
    const ServerStatistics &server = summary.server;
    if (server.droppedAtShutdown > 0)
        detail += tr(" %Ln item(s) were still in the buffer when the server stopped, and dropped with it.",
                     nullptr, int(server.droppedAtShutdown));
    if (!server.stateError.isEmpty())
        detail += tr(" The buffer could not be saved to %1: %2.").arg(server.stateFile, server.stateError);
    if (server.undeliveredReplies > 0)
        detail
            += tr(" %Ln original-format consumer(s) closed without reading their reply (the original format "
                  "has no acknowledgement): their items went back to the buffer.",
                  nullptr, int(server.undeliveredReplies));
    m_checkDetail->setText(detail);

    ViewHelpers::setValueText(m_totals.at(0), count(summary.items));
    ViewHelpers::setValueText(m_totals.at(1), number(summary.elapsedS, 1) + u" s"_s);
    ViewHelpers::setValueText(m_totals.at(2), rate(summary.itemsPerSecond()));
    ViewHelpers::setValueText(m_totals.at(3), count(summary.redelivered));
    setCardsShown(false);
}

QString NetworkStatisticsPanel::title() const
{
    return m_title->text();
}

QString NetworkStatisticsPanel::valueText(Field field) const
{
    return m_values.at(std::size_t(field))->text();
}

QString NetworkStatisticsPanel::checkText() const
{
    return m_final ? m_check->text() : QString();
}

QString NetworkStatisticsPanel::checkDetailText() const
{
    return m_final ? m_checkDetail->text() : QString();
}

QString NetworkStatisticsPanel::totalText(Total total) const
{
    return m_final ? m_totals.at(std::size_t(total))->text() : QString();
}
