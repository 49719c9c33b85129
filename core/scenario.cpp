#include "scenario.h"

#include "bufferstrategy.h"
#include "safefile.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace {

// Integers beyond this (2^53) are not all representable as JSON's doubles.
constexpr double MaxExactInteger = 9007199254740992.0;

// A value as it appeared in the file, for error messages: 4294967297, "no", 2.5, true.
QString jsonText(const QJsonValue &value)
{
    if (value.isString())
        return u"\"%1\""_s.arg(value.toString());
    if (value.isDouble()) {
        const double number = value.toDouble();
        return std::trunc(number) == number && std::abs(number) <= MaxExactInteger
            ? QString::number(qint64(number))
            : QString::number(number, 'g', QLocale::FloatingPointShortest);
    }
    if (value.isBool())
        return value.toBool() ? u"true"_s : u"false"_s;
    if (value.isNull())
        return u"null"_s;
    if (value.isArray())
        return u"a list"_s;
    if (value.isObject())
        return u"an object"_s;
    return u"nothing"_s;
}

} // namespace

QByteArray Scenario::toJson(const SimulationConfig &config, const QString &title)
{
    QJsonObject object {
        {u"bufferlab_scenario"_s, Version},
        {u"strategy"_s, config.strategy},
        {u"producers"_s, config.producers},
        {u"consumers"_s, config.consumers},
        {u"buffer"_s, config.capacity},
        {u"students"_s, config.students},
        {u"producer_delay"_s, config.producerDelay.toSecondsText()},
        {u"consumer_delay"_s, config.consumerDelay.toSecondsText()},
        {u"speed"_s, config.speed},
        {u"keep_xml"_s, config.keepXml},
    };
    if (config.seed)
        object.insert(u"seed"_s, QString::number(*config.seed));
    if (!title.isEmpty())
        object.insert(u"title"_s, title);
    return QJsonDocument(object).toJson(QJsonDocument::Indented);
}

std::optional<SimulationConfig> Scenario::fromJson(const QByteArray &json, QString *error, QString *title)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        const int line = int(json.left(parseError.offset).count('\n')) + 1;
        *error = u"line %1: %2"_s.arg(line).arg(parseError.errorString());
        return std::nullopt;
    }
    if (!document.isObject()) {
        *error = u"a scenario is a JSON object"_s;
        return std::nullopt;
    }
    const QJsonObject object = document.object();
    const QJsonValue version = object.value(u"bufferlab_scenario"_s);
    if (!version.isDouble() || version.toDouble() != Version) {
        *error = u"not a BufferLab scenario (\"bufferlab_scenario\": %1 is missing)"_s.arg(Version);
        return std::nullopt;
    }
    static const QStringList known
        = {u"bufferlab_scenario"_s, u"strategy"_s,       u"producers"_s,      u"consumers"_s, u"buffer"_s,
           u"students"_s,           u"producer_delay"_s, u"consumer_delay"_s, u"speed"_s,     u"seed"_s,
           u"keep_xml"_s,           u"title"_s};
    for (const QString &key : object.keys()) {
        if (!known.contains(key)) {
            *error = u"unknown setting \"%1\""_s.arg(key);
            return std::nullopt;
        }
    }

    SimulationConfig config;
    // JSON numbers are doubles: a whole number is checked as one, and against the key's range,
    // before it is narrowed (4294967297 must not become 1).
    auto integer = [&](const QString &key, int *target, int min, int max) {
        if (!object.contains(key))
            return true;
        const QJsonValue value = object.value(key);
        const double number = value.toDouble();
        if (!value.isDouble() || !std::isfinite(number) || std::trunc(number) != number) {
            *error = u"\"%1\" must be a whole number (got %2)"_s.arg(key, jsonText(value));
            return false;
        }
        if (number < min || number > max) {
            *error = u"\"%1\": %2 is out of range (%3 to %4)"_s.arg(key, jsonText(value)).arg(min).arg(max);
            return false;
        }
        *target = int(number);
        return true;
    };
    auto delay = [&](const QString &key, DelayRange *target) {
        if (!object.contains(key))
            return true;
        const QJsonValue value = object.value(key);
        if (!value.isString()) {
            *error = u"\"%1\" must be a text of seconds such as \"0.3-1.0\" (got %2)"_s.arg(key,
                                                                                            jsonText(value));
            return false;
        }
        QString why;
        const auto range = DelayRange::parseSeconds(value.toString(), &why);
        if (!range) {
            *error = u"\"%1\": %2"_s.arg(key, why);
            return false;
        }
        *target = *range;
        return true;
    };
    auto text = [&](const QString &key, QString *target) {
        if (!object.contains(key))
            return true;
        const QJsonValue value = object.value(key);
        if (!value.isString()) {
            *error = u"\"%1\" must be a text (got %2)"_s.arg(key, jsonText(value));
            return false;
        }
        *target = value.toString();
        return true;
    };
    QString titleText;
    if (!integer(u"producers"_s, &config.producers, 1, SimulationConfig::MaxWorkers)
        || !integer(u"consumers"_s, &config.consumers, 1, SimulationConfig::MaxWorkers)
        || !integer(u"buffer"_s, &config.capacity, BufferStrategy::MinCapacity, BufferStrategy::MaxCapacity)
        || !integer(u"students"_s, &config.students, 1, SimulationConfig::MaxStudents)
        || !delay(u"producer_delay"_s, &config.producerDelay)
        || !delay(u"consumer_delay"_s, &config.consumerDelay) || !text(u"strategy"_s, &config.strategy)
        || !text(u"title"_s, &titleText))
        return std::nullopt;
    if (object.contains(u"speed"_s)) {
        const QJsonValue value = object.value(u"speed"_s);
        const double speed = value.toDouble();
        if (!value.isDouble() || !std::isfinite(speed)) {
            *error = u"\"speed\" must be a number (got %1)"_s.arg(jsonText(value));
            return std::nullopt;
        }
        if (speed < SimulationConfig::MinSpeed || speed > SimulationConfig::MaxSpeed) {
            *error = u"\"speed\": %1 is out of range (%2 to %3)"_s.arg(jsonText(value))
                         .arg(SimulationConfig::MinSpeed)
                         .arg(SimulationConfig::MaxSpeed);
            return std::nullopt;
        }
        config.speed = speed;
    }
    if (object.contains(u"keep_xml"_s)) {
        const QJsonValue value = object.value(u"keep_xml"_s);
        if (!value.isBool()) {
            *error = u"\"keep_xml\" must be true or false (got %1)"_s.arg(jsonText(value));
            return std::nullopt;
        }
        config.keepXml = value.toBool();
    }
    if (object.contains(u"seed"_s)) {
        // As text for any 64-bit seed; as a number only while a double holds it exactly.
        const QJsonValue seed = object.value(u"seed"_s);
        const double number = seed.toDouble();
        bool ok = false;
        quint64 value = 0;
        if (seed.isString()) {
            const QString digits = seed.toString();
            const bool onlyDigits = !digits.isEmpty()
                && std::all_of(digits.begin(), digits.end(), [](QChar c) { return c.isDigit(); });
            value = onlyDigits ? digits.toULongLong(&ok) : 0;
        } else if (seed.isDouble() && std::isfinite(number) && std::trunc(number) == number && number >= 0
                   && number <= MaxExactInteger) {
            value = quint64(number);
            ok = true;
        }
        if (!ok) {
            *error = u"\"seed\" must be a whole number from 0 to 18446744073709551615, as text beyond "
                     u"9007199254740992 (got %1)"_s.arg(jsonText(seed));
            return std::nullopt;
        }
        config.seed = value;
    }
    const QStringList problems = config.validate();
    if (!problems.isEmpty()) {
        *error = problems.first();
        return std::nullopt;
    }
    if (title)
        *title = titleText;
    return config;
}

QString Scenario::save(const QString &path, const SimulationConfig &config, const QString &title)
{
    // A path the user chose in a dialog: QSaveFile writes a temporary file and renames it over the
    // name, so a failed save leaves the old file whole, and commit() says what went wrong.
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return u"cannot write %1: %2"_s.arg(path, file.errorString());
    const QByteArray json = toJson(config, title);
    if (file.write(json) != json.size()) {
        const QString why = file.errorString();
        file.cancelWriting();
        return u"cannot write %1: %2"_s.arg(path, why);
    }
    if (!file.commit())
        return u"cannot write %1: %2"_s.arg(path, file.errorString());
    return {};
}

std::optional<SimulationConfig> Scenario::load(const QString &path, QString *error, QString *title)
{
    // Read like any file someone handed out: a regular file only (a FIFO would block for ever).
    const std::optional<QByteArray> bytes = SafeFile::readRegular(path, MaxFileBytes, error);
    if (!bytes) {
        // "cannot open PATH: No such file or directory", "cannot open PATH: not a regular file (a FIFO)"
        static const QString openFailed = u"cannot open ("_s;
        const QString why = error->startsWith(openFailed) ? error->mid(openFailed.size()).chopped(1) : *error;
        *error = u"cannot open %1: %2"_s.arg(path, why);
        return std::nullopt;
    }
    const auto config = fromJson(*bytes, error, title);
    if (!config)
        *error = path + u": "_s + *error;
    return config;
}
