#pragma once

#include <QString>

#include <optional>

class QSettings;

// Values read back from QSettings, checked before they are used: the settings file is plain text
// that anyone (or an older version) may have edited. A value that is not what the key holds (not a
// number, not a whole number, NaN, not true or false) falls back to the default; a number out of
// range is clamped into it, after it was read whole, so 4294967297 never wraps to 1.
class SettingsValue
{
public:
    static int integer(const QSettings &settings, const QString &key, int fallback, int min, int max);
    static double number(const QSettings &settings, const QString &key, double fallback, double min,
                         double max);
    static bool boolean(const QSettings &settings, const QString &key, bool fallback);
    // A seed saved as its decimal digits; nothing when absent, empty or anything else.
    static std::optional<quint64> seed(const QSettings &settings, const QString &key);
};
