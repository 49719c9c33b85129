#include "mainwindow.h"
#include "networkpage.h"
#include "settingspanel.h"
#include "threadspage.h"
#include "translations.h"

#include <QAction>
#include <QFile>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

class TestMainWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void window();
    void menus();
    void statusBarFollowsThePage();
    void examplesFromTheFileMenu();

private:
    QTemporaryDir m_settingsDir;
};

void TestMainWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_settingsDir.isValid());
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settingsDir.path());
    QCoreApplication::setOrganizationName(u"BufferLab"_s);
    QCoreApplication::setApplicationName(u"tst_uimainwindow"_s);
    // "1 student", "20 students": English plural forms come from the English translation, as in the program.
    QVERIFY(Translations::install(qApp, QLocale(QLocale::English, QLocale::UnitedStates)));
}

void TestMainWindow::window()
{
    MainWindow window;
    QCOMPARE(window.windowTitle(), u"BufferLab"_s);
    QVERIFY(QFile::exists(u":/bufferlab/icons/bufferlab.png"_s)); // compiled in
    QVERIFY(!window.windowIcon().isNull());
    QCOMPARE(window.tabs()->count(), 2);
    QCOMPARE(window.tabs()->tabText(0), u"Threads"_s);
    QCOMPARE(window.tabs()->widget(0), window.threadsPage());
    QCOMPARE(window.tabs()->tabText(1), u"Network"_s);
    QCOMPARE(window.tabs()->widget(1), window.networkPage());
    // Fits a 1400 x 900 projector with room for the window frame.
    QVERIFY(window.width() <= 1400 && window.width() >= 1200);
    QVERIFY(window.height() <= 900 && window.height() >= 760);
}

void TestMainWindow::menus()
{
    MainWindow window;
    QStringList menus;
    QAction *quit = nullptr;
    QAction *about = nullptr;
    const QList<QAction *> topLevel = window.menuBar()->actions();
    for (QAction *menu : topLevel) {
        menus.append(menu->text());
        const QList<QAction *> items = menu->menu()->actions();
        for (QAction *item : items) {
            if (item->text() == u"&Quit"_s)
                quit = item;
            if (item->text() == u"&About BufferLab"_s)
                about = item;
        }
    }
    QCOMPARE(menus, QStringList({u"&File"_s, u"&Help"_s}));
    QVERIFY(quit);
    QVERIFY(about);
    QCOMPARE(quit->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_Q));

    // File > Export run: six ways to save a run, offered once there is one.
    QMenu *exportMenu = window.exportMenu();
    QVERIFY(exportMenu);
    QCOMPARE(exportMenu->actions().size(), 6);
    QMetaObject::invokeMethod(exportMenu, "aboutToShow");
    for (QAction *action : exportMenu->actions())
        QVERIFY(!action->isEnabled());

    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    quit->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(!window.isVisible(), 2000);
}

void TestMainWindow::statusBarFollowsThePage()
{
    MainWindow window;
    const QList<QLabel *> labels = window.statusBar()->findChildren<QLabel *>();
    QCOMPARE(labels.size(), 1);
    QLabel *status = labels.first();
    QVERIFY(status->text().startsWith(u"Ready"_s));
    QCOMPARE(status->text(), window.threadsPage()->statusText());
    SimulationConfig config = window.threadsPage()->settingsPanel()->config();
    config.students = 1234;
    window.threadsPage()->settingsPanel()->setConfig(config);
    QVERIFY(status->text().contains(u"1,234 students"_s));

    // Each tab speaks for itself while it is shown.
    window.tabs()->setCurrentWidget(window.networkPage());
    QCOMPARE(status->text(), window.networkPage()->statusText());
    QVERIFY(status->text().startsWith(u"Server stopped"_s));
    config.students = 4321;
    window.threadsPage()->settingsPanel()->setConfig(config);
    QCOMPARE(status->text(), window.networkPage()->statusText());
    window.tabs()->setCurrentWidget(window.threadsPage());
    QVERIFY(status->text().contains(u"4,321 students"_s));
}

void TestMainWindow::examplesFromTheFileMenu()
{
    MainWindow window;
    QMenu *file = window.menuBar()->actions().first()->menu();
    QStringList items;
    QMenu *examples = nullptr;
    const QList<QAction *> actions = file->actions();
    for (QAction *action : actions) {
        items.append(action->text());
        if (action->text() == u"&Examples"_s)
            examples = action->menu();
    }
    QCOMPARE(items,
             QStringList({u"&Open scenario\u2026"_s, u"&Save scenario\u2026"_s, u"&Examples"_s, QString(),
                          u"&Export run"_s, QString(), u"&Quit"_s}));
    QVERIFY(examples);
    const QList<QAction *> scenarios = examples->actions();
    QCOMPARE(scenarios.size(), 3);
    window.tabs()->setCurrentWidget(window.networkPage());
    // An example puts its settings in the Threads tab, shows it, and names it in the status bar.
    scenarios.at(2)->trigger();
    QCOMPARE(window.tabs()->currentWidget(), window.threadsPage());
    QCOMPARE(window.threadsPage()->settingsPanel()->config().strategy, u"deadlock"_s);
    const QLabel *status = window.statusBar()->findChildren<QLabel *>().first();
    QVERIFY2(status->text().contains(scenarios.at(2)->text()), qPrintable(status->text()));
}

QTEST_MAIN(TestMainWindow)
#include "tst_uimainwindow.moc"
