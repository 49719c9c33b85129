#pragma once

#include "simulationconfig.h"

#include <QByteArray>
#include <QString>

#include <optional>

// A run's settings as a small file a teacher can hand out: producers, consumers, buffer size,
// students, delays, speed, strategy and seed. JSON, for example:
//
//   {"bufferlab_scenario":1,"strategy":"deadlock","producers":3,"consumers":1,"buffer":2,
//    "students":100,"producer_delay":"0-0","consumer_delay":"0.5-1.5","speed":1,"seed":"42",
//    "keep_xml":false,"title":"Lock before you wait: watch it stick"}
//
// Missing keys take the defaults; unknown keys are an error (a typo should not pass silently).
class Scenario
{
public:
    static constexpr int Version = 1;

    static QByteArray toJson(const SimulationConfig &config, const QString &title = {});
    // On failure returns nothing and sets *error ("line 3: ...", "\"buffer\": 0 is out of range").
    static std::optional<SimulationConfig> fromJson(const QByteArray &json, QString *error,
                                                    QString *title = nullptr);

    static QString save(const QString &path, const SimulationConfig &config, const QString &title = {});
    static std::optional<SimulationConfig> load(const QString &path, QString *error,
                                                QString *title = nullptr);
};
