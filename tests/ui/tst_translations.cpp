#include "bufferstrategy.h"
#include "mainwindow.h"
#include "statisticspanel.h"
#include "threadspage.h"
#include "translations.h"
#include "workerstate.h"

#include <QAction>
#include <QCoreApplication>
#include <QFile>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QRegularExpression>
#include <QSet>
#include <QSettings>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>
#include <QXmlStreamReader>

#include <algorithm>

using namespace Qt::StringLiterals;

// The window in German, and the translation files themselves: complete, nothing left over from
// strings that are gone, every placeholder kept, and each menu's accelerators unique.
class TestTranslations : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void findsTheTranslationForTheLocale_data();
    void findsTheTranslationForTheLocale();
    void windowInGerman();
    void pluralsInGerman_data();
    void pluralsInGerman();
    void coreTextsShownInGerman();
    void qtsOwnTextsInGerman();
    void tsFileIsComplete_data();
    void tsFileIsComplete();
    void menuAcceleratorsAreUnique();

private:
    QTemporaryDir m_settingsDir;
};

namespace {

struct Message
{
    QString context;
    QString source;
    QStringList translations; // one, or one per plural form
    QString type; // "unfinished", "vanished", "obsolete" or empty
};

QList<Message> readTs(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = file.errorString();
        return {};
    }
    QList<Message> messages;
    QXmlStreamReader xml(&file);
    QString context;
    Message message;
    while (!xml.atEnd()) {
        xml.readNext();
        if (!xml.isStartElement())
            continue;
        const auto name = xml.name();
        if (name == "name"_L1) {
            context = xml.readElementText();
        } else if (name == "message"_L1) {
            message = Message {context, {}, {}, {}};
        } else if (name == "source"_L1) {
            message.source = xml.readElementText();
        } else if (name == "translation"_L1) {
            message.type = xml.attributes().value("type"_L1).toString();
            // Either text, or <numerusform> children.
            while (!xml.atEnd()) {
                xml.readNext();
                if (xml.isCharacters() && !xml.isWhitespace())
                    message.translations.append(xml.text().toString());
                else if (xml.isStartElement() && xml.name() == "numerusform"_L1)
                    message.translations.append(xml.readElementText());
                else if (xml.isEndElement() && xml.name() == "translation"_L1)
                    break;
            }
            messages.append(message);
        }
    }
    if (xml.hasError())
        *error = u"%1:%2: %3"_s.arg(path).arg(xml.lineNumber()).arg(xml.errorString());
    return messages;
}

// %1..%9, also in their %L1 form, and %n / %Ln.
QSet<QString> placeholders(const QString &text)
{
    static const QRegularExpression pattern(u"%L?([1-9]|n)"_s);
    QSet<QString> found;
    for (const QRegularExpressionMatch &match : pattern.globalMatch(text))
        found.insert(match.captured(1));
    return found;
}

QChar accelerator(const QString &text)
{
    for (qsizetype i = 0; i + 1 < text.size(); ++i) {
        if (text.at(i) != QLatin1Char('&'))
            continue;
        if (text.at(i + 1) == QLatin1Char('&')) {
            ++i; // "&&" is a literal ampersand
            continue;
        }
        return text.at(i + 1).toLower();
    }
    return {};
}

QAction *findAction(const QWidget &window, const QString &text)
{
    const QList<QAction *> actions = window.findChildren<QAction *>();
    const auto it = std::find_if(actions.cbegin(), actions.cend(),
                                 [&text](const QAction *action) { return action->text() == text; });
    return it == actions.cend() ? nullptr : *it;
}

} // namespace

void TestTranslations::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_settingsDir.isValid());
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settingsDir.path());
    QCoreApplication::setOrganizationName(u"BufferLab"_s);
    QCoreApplication::setApplicationName(u"tst_translations"_s);
    // What the program does at start for LANG=de_DE.UTF-8.
    QVERIFY(Translations::install(qApp, QLocale(QLocale::German, QLocale::Germany)));
}

void TestTranslations::findsTheTranslationForTheLocale_data()
{
    QTest::addColumn<QString>("locale");
    QTest::addColumn<bool>("found");
    QTest::addRow("de_DE") << u"de_DE"_s << true;
    QTest::addRow("de_AT") << u"de_AT"_s << true;
    QTest::addRow("de_CH") << u"de_CH"_s << true;
    QTest::addRow("en_US") << u"en_US"_s << true; // the plural forms
    QTest::addRow("fr_FR") << u"fr_FR"_s << false;
}

void TestTranslations::findsTheTranslationForTheLocale()
{
    QFETCH(QString, locale);
    QFETCH(bool, found);
    QTranslator translator;
    QCOMPARE(translator.load(QLocale(locale), u"bufferlab"_s, u"_"_s, u":/i18n"_s), found);
}

void TestTranslations::windowInGerman()
{
    MainWindow window;
    QCOMPARE(window.tabs()->tabText(0), u"Threads"_s);
    QCOMPARE(window.tabs()->tabText(1), u"Netzwerk"_s);

    const QList<QAction *> menus = window.menuBar()->actions();
    QCOMPARE(menus.size(), 5);
    QCOMPARE(menus.at(0)->text(), u"&Datei"_s);
    QCOMPARE(menus.at(1)->text(), u"&Ansicht"_s);
    QCOMPARE(menus.at(2)->text(), u"&Lauf"_s);
    QCOMPARE(menus.at(3)->text(), u"&Netzwerk"_s);
    QCOMPARE(menus.at(4)->text(), u"&Hilfe"_s);

    QCOMPARE(window.threadsPage()->startAction()->text(), u"&Starten"_s);
    QVERIFY(findAction(window, u"Szenario ö&ffnen…"_s));
    QVERIFY(findAction(window, u"&Beenden"_s));
    QVERIFY(!findAction(window, u"&Quit"_s));

    QStringList labels;
    for (const QLabel *label : window.threadsPage()->statisticsPanel()->findChildren<QLabel *>())
        labels.append(label->text());
    for (const QString &name : {u"Verloren"_s, u"Doppelt"_s, u"Erzeugt"_s, u"Verbraucht"_s})
        QVERIFY2(labels.contains(name), qPrintable(name));
    QVERIFY(!labels.contains(u"Lost"_s));
    QVERIFY(!labels.contains(u"Duplicated"_s));
    QVERIFY2(window.threadsPage()->statusText().startsWith(u"Bereit"_s),
             qPrintable(window.threadsPage()->statusText()));
}

void TestTranslations::pluralsInGerman_data()
{
    QTest::addColumn<int>("count");
    QTest::addColumn<QString>("expected");
    QTest::addRow("one") << 1 << u"1 Student"_s;
    QTest::addRow("two") << 2 << u"2 Studenten"_s;
    QTest::addRow("zero") << 0 << u"0 Studenten"_s;
    QTest::addRow("thousands") << 12000 << u"12.000 Studenten"_s;
}

void TestTranslations::pluralsInGerman()
{
    QFETCH(int, count);
    QFETCH(QString, expected);
    const QLocale before;
    QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany)); // counts group thousands as German does
    QCOMPARE(ThreadsPage::tr("%1 student(s)", nullptr, count).arg(StatisticsPanel::formatCount(count)),
             expected);
    QLocale::setDefault(before);
}

void TestTranslations::coreTextsShownInGerman()
{
    // core keeps its English (the CLI and exported files use it); the window shows the German.
    QCOMPARE(describe(WorkerState::WaitingForSlot), u"waiting for a free slot"_s);
    QCOMPARE(Translations::display("WorkerState", describe(WorkerState::WaitingForSlot)),
             u"wartet auf einen freien Platz"_s);
    QCOMPARE(Translations::display("BufferClient", u"waiting for room"_s), u"wartet auf Platz"_s);
    QVERIFY(Translations::display("BufferStrategy", BufferStrategy::describe(u"semaphore"_s))
                .startsWith(u"Zwei zählende Semaphore"_s));
    // A text nobody marked for translation comes back unchanged.
    QCOMPARE(Translations::display("WorkerState", u"not a state"_s), u"not a state"_s);
}

void TestTranslations::qtsOwnTextsInGerman()
{
    // Standard buttons come from Qt's own qtbase_de (qt6-translations-l10n).
    QCOMPARE(QCoreApplication::translate("QPlatformTheme", "Cancel"), u"Abbrechen"_s);
}

void TestTranslations::tsFileIsComplete_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<bool>("pluralsOnly");
    QTest::addRow("de") << QStringLiteral(BUFFERLAB_TRANSLATIONS_DIR "/bufferlab_de.ts") << false;
    QTest::addRow("en") << QStringLiteral(BUFFERLAB_TRANSLATIONS_DIR "/bufferlab_en.ts") << true;
}

void TestTranslations::tsFileIsComplete()
{
    QFETCH(QString, path);
    QFETCH(bool, pluralsOnly);
    QString error;
    const QList<Message> messages = readTs(path, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(messages.size() >= (pluralsOnly ? 5 : 300));
    QStringList problems;
    for (const Message &m : messages) {
        const QString where = u"%1: \"%2\""_s.arg(m.context, m.source.left(60));
        if (!m.type.isEmpty())
            problems.append(where + u" is "_s + m.type);
        if (m.translations.isEmpty()
            || std::any_of(m.translations.cbegin(), m.translations.cend(),
                           [](const QString &t) { return t.trimmed().isEmpty(); }))
            problems.append(where + u" has no translation"_s);
        const QSet<QString> wanted = placeholders(m.source);
        for (const QString &translation : m.translations) {
            const QSet<QString> kept = placeholders(translation);
            if (!kept.contains(wanted))
                problems.append(where + u" loses a placeholder in \""_s + translation + u'"');
            if (!wanted.contains(kept))
                problems.append(where + u" adds a placeholder in \""_s + translation + u'"');
        }
        if (accelerator(m.source).isNull() != accelerator(m.translations.value(0)).isNull())
            problems.append(where + u" gains or loses its accelerator"_s);
    }
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
}

void TestTranslations::menuAcceleratorsAreUnique()
{
    MainWindow window;
    QList<const QMenu *> menus;
    QStringList problems;
    const auto checkUnique = [&problems](const QString &where, const QList<QAction *> &actions) {
        QHash<QChar, QString> taken;
        for (const QAction *action : actions) {
            if (action->isSeparator())
                continue;
            const QChar key = accelerator(action->text());
            if (key.isNull())
                continue;
            if (taken.contains(key))
                problems.append(
                    u"%1: \"%2\" and \"%3\" share &%4"_s.arg(where, taken.value(key), action->text(), key));
            taken.insert(key, action->text());
        }
    };
    checkUnique(u"menu bar"_s, window.menuBar()->actions());
    for (const QAction *top : window.menuBar()->actions()) {
        if (top->menu())
            menus.append(top->menu());
    }
    for (qsizetype i = 0; i < menus.size(); ++i) { // submenus are appended as they are found
        checkUnique(menus.at(i)->title(), menus.at(i)->actions());
        for (const QAction *action : menus.at(i)->actions()) {
            if (action->menu())
                menus.append(action->menu());
        }
    }
    QVERIFY(menus.size() >= 8); // File, Examples, Export run, View, Theme, Run, Network, Help
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
}

QTEST_MAIN(TestTranslations)
#include "tst_translations.moc"
