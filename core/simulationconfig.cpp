#include "simulationconfig.h"

#include "bufferstrategy.h"

#include <QStandardPaths>

#include <cmath>

using namespace Qt::StringLiterals;

namespace {

std::optional<int> parseSecondsToMs(const QString &text, QString *error)
{
    bool ok = false;
    const double seconds = text.trimmed().toDouble(&ok);
    if (!ok || !std::isfinite(seconds)) {
        *error = u"\"%1\" is not a number of seconds"_s.arg(text);
        return std::nullopt;
    }
    if (seconds < 0.0) {
        *error = u"a delay cannot be negative (%1)"_s.arg(text);
        return std::nullopt;
    }
    if (seconds * 1000.0 > SimulationConfig::MaxDelayMs) {
        *error = u"a delay of %1 s is longer than the %2 s limit"_s.arg(text).arg(SimulationConfig::MaxDelayMs
                                                                                  / 1000);
        return std::nullopt;
    }
    return int(std::lround(seconds * 1000.0));
}

QString formatSeconds(int ms)
{
    return QString::number(ms / 1000.0, 'f', ms % 100 == 0 ? 1 : (ms % 10 == 0 ? 2 : 3));
}

} // namespace

QString DelayRange::toSecondsText() const
{
    return formatSeconds(minMs) + QLatin1Char('-') + formatSeconds(maxMs);
}

std::optional<DelayRange> DelayRange::parseSeconds(const QString &text, QString *error)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty()) {
        *error = u"an empty delay; expected seconds as MIN-MAX, for example 0.3-1.0"_s;
        return std::nullopt;
    }
    // The separator is the first '-' after the first character, so "-1" reads as a negative number.
    const qsizetype dash = trimmed.indexOf(QLatin1Char('-'), 1);
    const QString low = dash < 0 ? trimmed : trimmed.left(dash);
    const QString high = dash < 0 ? trimmed : trimmed.mid(dash + 1);
    const auto minMs = parseSecondsToMs(low, error);
    if (!minMs)
        return std::nullopt;
    const auto maxMs = parseSecondsToMs(high, error);
    if (!maxMs)
        return std::nullopt;
    if (*maxMs < *minMs) {
        *error = u"\"%1\": the minimum is larger than the maximum"_s.arg(text);
        return std::nullopt;
    }
    return DelayRange {*minMs, *maxMs};
}

QStringList SimulationConfig::validate() const
{
    QStringList errors;
    if (producers < 1 || producers > MaxWorkers)
        errors << u"producers must be between 1 and %1 (got %2)"_s.arg(MaxWorkers).arg(producers);
    if (consumers < 1 || consumers > MaxWorkers)
        errors << u"consumers must be between 1 and %1 (got %2)"_s.arg(MaxWorkers).arg(consumers);
    if (capacity < BufferStrategy::MinCapacity || capacity > BufferStrategy::MaxCapacity)
        errors << u"buffer size must be between %1 and %2 (got %3)"_s.arg(BufferStrategy::MinCapacity)
                      .arg(BufferStrategy::MaxCapacity)
                      .arg(capacity);
    if (students < 1 || students > MaxStudents)
        errors << u"students must be between 1 and %1 (got %2)"_s.arg(MaxStudents).arg(students);
    if (!producerDelay.isValid() || producerDelay.maxMs > MaxDelayMs)
        errors << u"the producer delay must be a range within 0 to %1 ms"_s.arg(MaxDelayMs);
    if (!consumerDelay.isValid() || consumerDelay.maxMs > MaxDelayMs)
        errors << u"the consumer delay must be a range within 0 to %1 ms"_s.arg(MaxDelayMs);
    if (!(speed >= MinSpeed && speed <= MaxSpeed))
        errors << u"speed must be between %1 and %2"_s.arg(MinSpeed).arg(MaxSpeed);
    if (!BufferStrategy::names().contains(strategy))
        errors << u"unknown strategy \"%1\" (choose %2)"_s.arg(strategy,
                                                               BufferStrategy::names().join(u" or "_s));
    return errors;
}

QString SimulationConfig::defaultXmlDir()
{
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + u"/bufferlab/xml"_s;
}
