#pragma once

#include <QString>

class QCoreApplication;
class QLocale;

// The window's languages: BufferLab's own translation (embedded under :/i18n) and Qt's for the
// standard dialogs and buttons. The headless commands never call this, so their output, which
// scripts parse, stays English.
namespace Translations {

// Installs bufferlab_<lang> and qtbase_<lang> for the locale's UI languages; returns whether
// BufferLab's own translation was found (English needs none).
bool install(QCoreApplication *app, const QLocale &locale);

// Translates a string that core or network return in English (marked with QT_TRANSLATE_NOOP in
// that context), for showing in the window; the English stays what the CLI and exports use.
QString display(const char *context, const QString &english);

} // namespace Translations
