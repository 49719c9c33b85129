#include "settingsvalue.h"

#include <QSettings>

#include <algorithm>
#include <cmath>

using namespace Qt::StringLiterals;

namespace {

// The value as a finite number, whatever type the settings backend gave it back as (the INI files
// on Linux give text); nothing for anything else.
std::optional<double> finiteNumber(const QVariant &value)
{
    if (!value.isValid() || value.typeId() == QMetaType::Bool)
        return std::nullopt;
    bool ok = false;
    const double number = value.typeId() == QMetaType::QString ? value.toString().trimmed().toDouble(&ok)
                                                               : value.toDouble(&ok);
    if (!ok || !std::isfinite(number))
        return std::nullopt;
    return number;
}

} // namespace

int SettingsValue::integer(const QSettings &settings, const QString &key, int fallback, int min, int max)
{
    const std::optional<double> number = finiteNumber(settings.value(key));
    if (!number || std::trunc(*number) != *number)
        return fallback;
    return int(std::clamp(*number, double(min), double(max)));
}

double SettingsValue::number(const QSettings &settings, const QString &key, double fallback, double min,
                             double max)
{
    const std::optional<double> number = finiteNumber(settings.value(key));
    return number ? std::clamp(*number, min, max) : fallback;
}

bool SettingsValue::boolean(const QSettings &settings, const QString &key, bool fallback)
{
    const QVariant value = settings.value(key);
    if (value.typeId() == QMetaType::Bool)
        return value.toBool();
    // QVariant would call any text but "", "0" and "false" true: "no" must not mean yes.
    const QString text = value.toString().trimmed();
    if (text == u"true"_s)
        return true;
    if (text == u"false"_s)
        return false;
    return fallback;
}

std::optional<quint64> SettingsValue::seed(const QSettings &settings, const QString &key)
{
    const QString text = settings.value(key).toString().trimmed();
    if (text.isEmpty() || !std::all_of(text.begin(), text.end(), [](QChar c) { return c.isDigit(); }))
        return std::nullopt;
    bool ok = false;
    const quint64 value = text.toULongLong(&ok);
    return ok ? std::optional<quint64>(value) : std::nullopt;
}
