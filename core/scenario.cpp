#include "scenario.h"

#include "bufferstrategy.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

using namespace Qt::StringLiterals;

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
    if (object.value(u"bufferlab_scenario"_s).toInt(-1) != Version) {
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
    auto integer = [&](const QString &key, int *target) {
        if (!object.contains(key))
            return true;
        const QJsonValue value = object.value(key);
        if (!value.isDouble() || value.toDouble() != double(value.toInteger())) {
            *error = u"\"%1\" must be a whole number"_s.arg(key);
            return false;
        }
        *target = int(value.toInteger());
        return true;
    };
    auto delay = [&](const QString &key, DelayRange *target) {
        if (!object.contains(key))
            return true;
        QString why;
        const auto range = DelayRange::parseSeconds(object.value(key).toString(), &why);
        if (!range) {
            *error = u"\"%1\": %2"_s.arg(key, why);
            return false;
        }
        *target = *range;
        return true;
    };
    if (!integer(u"producers"_s, &config.producers) || !integer(u"consumers"_s, &config.consumers)
        || !integer(u"buffer"_s, &config.capacity) || !integer(u"students"_s, &config.students)
        || !delay(u"producer_delay"_s, &config.producerDelay)
        || !delay(u"consumer_delay"_s, &config.consumerDelay))
        return std::nullopt;
    if (object.contains(u"strategy"_s))
        config.strategy = object.value(u"strategy"_s).toString();
    if (object.contains(u"speed"_s))
        config.speed = object.value(u"speed"_s).toDouble(-1.0);
    if (object.contains(u"keep_xml"_s))
        config.keepXml = object.value(u"keep_xml"_s).toBool();
    if (object.contains(u"seed"_s)) {
        const QJsonValue seed = object.value(u"seed"_s);
        bool ok = false;
        const quint64 value
            = seed.isString() ? seed.toString().toULongLong(&ok) : quint64(seed.toInteger(-1));
        if ((seed.isString() && !ok) || (!seed.isString() && seed.toInteger(-1) < 0)) {
            *error = u"\"seed\" must be a non-negative whole number"_s;
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
        *title = object.value(u"title"_s).toString();
    return config;
}

QString Scenario::save(const QString &path, const SimulationConfig &config, const QString &title)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return u"cannot write %1: %2"_s.arg(path, file.errorString());
    file.write(toJson(config, title));
    if (!file.commit())
        return u"cannot write %1: %2"_s.arg(path, file.errorString());
    return {};
}

std::optional<SimulationConfig> Scenario::load(const QString &path, QString *error, QString *title)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = u"cannot open %1: %2"_s.arg(path, file.errorString());
        return std::nullopt;
    }
    if (file.size() > 1 << 20) {
        *error = u"%1 is too big to be a scenario"_s.arg(path);
        return std::nullopt;
    }
    const auto config = fromJson(file.readAll(), error, title);
    if (!config)
        *error = path + u": "_s + *error;
    return config;
}
