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
// Missing keys take the defaults; unknown keys are an error (a typo should not pass silently), and
// so is a value of the wrong type or out of its range, naming the key: numbers must be whole where
// a count is expected and are checked before they are narrowed, delays and the strategy are text,
// keep_xml is true or false.
class Scenario
{
public:
    static constexpr int Version = 1;
    // A scenario is a few hundred bytes; anything larger than this is not one.
    static constexpr qint64 MaxFileBytes = 1 << 20;

    static QByteArray toJson(const SimulationConfig &config, const QString &title = {});
    // On failure returns nothing and sets *error ("line 3: ...", "\"buffer\": 0 is out of range").
    static std::optional<SimulationConfig> fromJson(const QByteArray &json, QString *error,
                                                    QString *title = nullptr);

    static QString save(const QString &path, const SimulationConfig &config, const QString &title = {});
    // Reads a regular file of at most MaxFileBytes (see SafeFile): "cannot open PATH: not a regular
    // file (a FIFO)"; what is wrong inside it is "PATH: ...".
    static std::optional<SimulationConfig> load(const QString &path, QString *error,
                                                QString *title = nullptr);
};
