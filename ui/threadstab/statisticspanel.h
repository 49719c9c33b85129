#pragma once

#include "statistics.h"

#include <QWidget>

#include <array>

class QBoxLayout;
class QGridLayout;
class QVBoxLayout;
class QLabel;
class RunCharts;

// The numbers of a run: live while it goes on (produced, consumed, failed, in the buffer, in
// flight, elapsed, students per second, passed, average mark, and what the conservation checker
// counted lost and duplicated; failed, lost and duplicated in red once they are not zero, failed
// with the first failure's reason under the numbers), and once it ends the final totals
// with each worker's items and time blocked, plus a one-line reading of who waited for whom. A run
// that could not go on (a deadlock or a stall) gets a red box with the cycle, step by step.
class StatisticsPanel : public QWidget
{
    Q_OBJECT
public:
    enum class Field {
        Produced,
        Consumed,
        Failed,
        InBuffer,
        InFlight,
        Elapsed,
        Rate,
        Passed,
        AverageMark,
        Lost,
        Duplicated,
        Count
    };

    explicit StatisticsPanel(QWidget *parent = nullptr);

    QSize minimumSizeHint() const override;

    void clear();
    void showLive(const SimulationStatistics &statistics);
    void showFinal(const SimulationStatistics &statistics);
    // Under the final numbers: a compact copy of a finished run's charts (occupancy, throughput
    // and, if shown there, the time each worker was blocked). Hidden again by clear() and showLive().
    void showCharts(const RunCharts &run);
    // The compact charts (created by the first showCharts()), or nullptr.
    RunCharts *charts() const { return m_charts; }

    bool isFinal() const { return m_final; }
    QString title() const;
    QString valueText(Field field) const;
    // The label that shows the number (to check where it is on screen).
    QLabel *valueWidget(Field field) const { return m_values.at(std::size_t(field)); }
    // Shown in red: the checker counted something there.
    bool isAlarm(Field field) const;
    // The deadlock box: the summary and its steps, one a line; empty when there was none.
    QString deadlockText() const;
    // The line under the numbers naming the first failed record's reason; empty when none failed.
    QString failureText() const;
    // The text of the per-worker grid's cell, row 0 being the first worker; empty if none.
    QString workerText(int worker, int column) const;
    const SimulationStatistics &statistics() const { return m_statistics; }

    // "2,345": grouped digits, in the user's locale (English when the locale is plain C).
    static QString formatCount(qint64 value);
    static QString formatNumber(double value, int decimals);

protected:
    void changeEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void updateFonts();
    void updateLayout();
    void arrangeCards(int columns, bool hideBufferCards);
    void showNumbers(const SimulationStatistics &statistics);
    void showWorkers(const SimulationStatistics &statistics);
    void showDeadlock(const SimulationStatistics &statistics);
    void showFailures(const SimulationStatistics &statistics);
    void setAlarm(Field field, bool alarm);
    QString conclusion(const SimulationStatistics &statistics) const;

    QLabel *m_title = nullptr;
    QWidget *m_cards = nullptr;
    QGridLayout *m_cardGrid = nullptr;
    std::array<QWidget *, std::size_t(Field::Count)> m_cardWidgets {};
    int m_cardColumns = 0;
    bool m_bufferCardsHidden = false;
    QBoxLayout *m_body = nullptr;
    std::array<QLabel *, std::size_t(Field::Count)> m_values {};
    QWidget *m_workerBox = nullptr;
    QVBoxLayout *m_contentLayout = nullptr;
    RunCharts *m_charts = nullptr;
    QWidget *m_workerGridWidget = nullptr;
    QGridLayout *m_workerGrid = nullptr;
    QLabel *m_conclusion = nullptr;
    QLabel *m_deadlock = nullptr;
    QLabel *m_failures = nullptr;
    std::array<bool, std::size_t(Field::Count)> m_alarms {};
    SimulationStatistics m_statistics;
    bool m_final = false;
};
