#pragma once

#include <QString>
#include <QStringList>

#include <optional>

// A range of delays in milliseconds; each wait draws uniformly from [minMs, maxMs].
struct DelayRange
{
    int minMs = 0;
    int maxMs = 0;

    bool isValid() const { return minMs >= 0 && maxMs >= minMs; }
    bool isZero() const { return maxMs == 0; }
    // "0.3-1.0", as typed on the command line.
    QString toSecondsText() const;
    // Parses "MIN-MAX" or "X" in seconds ("0.3-1.0", "0", "0.5"). On error returns nothing and
    // sets *error to what is wrong.
    static std::optional<DelayRange> parseSeconds(const QString &text, QString *error);

    friend bool operator==(const DelayRange &, const DelayRange &) = default;
};

// Everything that defines one simulation run. Defaults are the original program's.
struct SimulationConfig
{
    static constexpr int MaxWorkers = 8;
    static constexpr int MaxStudents = 1'000'000'000;
    static constexpr int MaxDelayMs = 60'000;
    static constexpr double MinSpeed = 0.1;
    static constexpr double MaxSpeed = 10.0;

    int producers = 1;
    int consumers = 1;
    int capacity = 10;
    int students = 10;
    DelayRange producerDelay {300, 1000};
    DelayRange consumerDelay {500, 1500};
    double speed = 1.0; // every delay is divided by this
    QString strategy = QStringLiteral("semaphore");
    QString xmlDir; // empty: defaultXmlDir()
    bool keepXml = false;
    std::optional<quint64> seed; // empty: a random one, reported in the statistics

    // One message per invalid value; empty when the configuration can run.
    QStringList validate() const;

    // Under the user's data location, never the current directory.
    static QString defaultXmlDir();
};
