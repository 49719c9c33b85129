#pragma once

#include "deliverycheck.h"
#include "serverstatistics.h"

#include <QWidget>

#include <array>

class QBoxLayout;
class QGridLayout;
class QLabel;

// What a finished network run adds up to: the totals and the delivery check. Each client's numbers
// are in the client table.
struct NetworkRunSummary
{
    int clients = 0;
    ServerStatistics server;
    DeliveryCheck check;
    qint64 items = 0; // acknowledged by this run's consumers
    double elapsedS = 0.0;
    qint64 redelivered = 0; // during this run
    bool stopped = false; // ended by Stop, not by every client finishing
    bool externalItems = false; // external clients put or took items: the check cannot see theirs
    bool earlierRuns = false; // the check also covers earlier runs since the server started

    double itemsPerSecond() const { return elapsedS > 0.0 ? double(items) / elapsedS : 0.0; }
    // Every item arrived exactly once, item by item; with external clients in the run only the
    // server's count can speak for everyone, and it sees losses, not duplicates.
    bool ok() const
    {
        return (externalItems ? server.lost() == 0 : check.ok()) && server.droppedAtShutdown == 0
            && server.stateError.isEmpty();
    }
};

// The numbers of the Network tab, in one row under the buffer: live from the server while clients
// run (what is in the buffer, put, taken, acknowledged, redelivered, who waits, items per second),
// and once the run ends the delivery check in large type (nothing lost or duplicated, or what was)
// beside the totals: items, time, throughput and redeliveries. The client table under it has each
// client's numbers.
class NetworkStatisticsPanel : public QWidget
{
    Q_OBJECT
public:
    enum class Field {
        InBuffer,
        Put,
        Taken,
        Acknowledged,
        Redelivered,
        HeldBack,
        Connected,
        Elapsed,
        Rate,
        Count
    };
    enum class Total { Items, Elapsed, Rate, Redelivered, Count };

    explicit NetworkStatisticsPanel(QWidget *parent = nullptr);

    void clear();
    void showLive(const ServerStatistics &statistics);
    void showFinal(const NetworkRunSummary &summary);

    bool isFinal() const { return m_final; }
    QString title() const;
    QString valueText(Field field) const;
    // "Nothing lost or duplicated", or what was; empty until a run ends.
    QString checkText() const;
    QString checkDetailText() const;
    QString totalText(Total total) const;
    const NetworkRunSummary &summary() const { return m_summary; }

    // "✔ Nothing lost or duplicated", "✘ 2 lost, 1 duplicated", ...
    static QString headline(const NetworkRunSummary &summary);
    // The headline as part of a sentence: "nothing lost or duplicated".
    static QString outcome(const NetworkRunSummary &summary);

    QSize minimumSizeHint() const override;

protected:
    void changeEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void updateFonts();
    void setCardsShown(bool live);

    QLabel *m_title = nullptr;
    QLabel *m_check = nullptr;
    QLabel *m_checkDetail = nullptr;
    QWidget *m_checkBox = nullptr;
    void arrangeLiveCards(int columns);

    QWidget *m_liveCards = nullptr;
    QGridLayout *m_liveGrid = nullptr;
    QBoxLayout *m_layout = nullptr;
    std::array<QWidget *, std::size_t(Field::Count)> m_liveCardWidgets {};
    int m_liveColumns = 0;
    QWidget *m_finalCards = nullptr;
    std::array<QLabel *, std::size_t(Field::Count)> m_values {};
    std::array<QLabel *, std::size_t(Total::Count)> m_totals {};
    NetworkRunSummary m_summary;
    bool m_final = false;
};
