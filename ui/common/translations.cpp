#include "translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

using namespace Qt::StringLiterals;

namespace Translations {

bool install(QCoreApplication *app, const QLocale &locale)
{
    // Parented to the application, so they live exactly as long as it does.
    auto *own = new QTranslator(app);
    const bool found = own->load(locale, u"bufferlab"_s, u"_"_s, u":/i18n"_s);
    // A language without a translation gets the English one, which holds the plural forms
    // ("1 student", "2 students") of the "%n student(s)" source texts.
    if (found || own->load(u"bufferlab_en"_s, u":/i18n"_s))
        QCoreApplication::installTranslator(own);
    else
        delete own;

    auto *qt = new QTranslator(app);
    if (qt->load(locale, u"qtbase"_s, u"_"_s, QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    else
        delete qt;
    return found;
}

QString display(const char *context, const QString &english)
{
    return QCoreApplication::translate(context, english.toUtf8().constData());
}

} // namespace Translations
