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
#include <QSplitter>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

using namespace Qt::StringLiterals;

class TestMainWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void window();
    void layoutIsRestored();
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
    QVERIFY(
        !window.windowIcon().isNull()); // compiled in, in the sizes a title bar and a task switcher ask for
    QVERIFY(window.windowIcon().availableSizes().contains(QSize(16, 16)));
    QVERIFY(window.windowIcon().availableSizes().contains(QSize(256, 256)));
    QCOMPARE(window.tabs()->count(), 2);
    QCOMPARE(window.tabs()->tabText(0), u"Threads"_s);
    QCOMPARE(window.tabs()->widget(0), window.threadsPage());
    QCOMPARE(window.tabs()->tabText(1), u"Network"_s);
    QCOMPARE(window.tabs()->widget(1), window.networkPage());
    // The first window fits the screen it opens on (tst_screens tries the common ones).
    QSettings().remove(u"window"_s);
    MainWindow shown;
    shown.show();
    QVERIFY(QTest::qWaitForWindowExposed(&shown));
    const QRect available = shown.screen()->availableGeometry();
    QTRY_VERIFY_WITH_TIMEOUT(shown.width() <= available.width() && shown.height() <= available.height(),
                             5000);
}

void TestMainWindow::layoutIsRestored()
{
    QSettings().remove(u"window"_s);
    QByteArray centre;
    QSize wanted;
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.setWindowState(Qt::WindowNoState);
        wanted = window.minimumSizeHint() + QSize(23, 17);
        window.resize(wanted);
        window.threadsPage()->setSettingsVisible(false);
        window.tabs()->setCurrentIndex(1);
        auto *splitter = window.threadsPage()->findChild<QSplitter *>(u"threadsCentreSplitter"_s);
        QVERIFY(splitter);
        QList<int> sizes = splitter->sizes();
        sizes[0] += 40;
        sizes[1] -= 40;
        splitter->setSizes(sizes);
        centre = splitter->saveState();
        QVERIFY(window.close());
    }
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTRY_COMPARE_WITH_TIMEOUT(window.size(), wanted, 5000);
    QCOMPARE(window.tabs()->currentIndex(), 1);
    QVERIFY(!window.threadsPage()->isSettingsVisible());
    QCOMPARE(window.threadsPage()->findChild<QSplitter *>(u"threadsCentreSplitter"_s)->saveState(), centre);

    // A settings file edited by hand (or by an older version) cannot break the window.
    QSettings().setValue(u"window/geometry"_s, QByteArray("not a geometry"));
    QSettings().setValue(u"window/tab"_s, 99);
    QSettings().setValue(u"window/splitters/threadsCentreSplitter"_s, u"garbage"_s);
    MainWindow edited;
    QCOMPARE(edited.tabs()->currentIndex(), 1); // clamped to the last tab
    const QRect available = edited.screen()->availableGeometry();
    QVERIFY(edited.width() <= available.width() && edited.height() <= available.height());
    QSettings().remove(u"window"_s);
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
    // View > Theme: System, Light, Dark, one of them checked.
    const QList<QAction *> viewItems = topLevel.at(1)->menu()->actions();
    QCOMPARE(viewItems.size(), 4); // Theme, a separator, Settings panel, Presentation mode
    QVERIFY(viewItems.first()->menu());
    const QList<QAction *> themes = viewItems.first()->menu()->actions();
    QCOMPARE(themes.size(), 3);
    QCOMPARE(std::count_if(themes.begin(), themes.end(), [](const QAction *a) { return a->isChecked(); }), 1);
    QCOMPARE(menus, QStringList({u"&File"_s, u"&View"_s, u"&Run"_s, u"&Network"_s, u"&Help"_s}));
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
                          u"E&xport run"_s, QString(), u"&Quit"_s}));
    QVERIFY(examples);
    const QList<QAction *> scenarios = examples->actions();
    QCOMPARE(scenarios.size(), 3);
    window.tabs()->setCurrentWidget(window.networkPage());
    // An example puts its settings in the Threads tab, shows it, and names it in the status bar.
    scenarios.at(2)->trigger();
    QCOMPARE(window.tabs()->currentWidget(), window.threadsPage());
    QCOMPARE(window.threadsPage()->settingsPanel()->config().strategy, u"deadlock"_s);
    const QLabel *status = window.statusBar()->findChildren<QLabel *>().first();
    // The entry is the scenario's title with a mnemonic of its own.
    QVERIFY2(status->text().contains(scenarios.at(2)->text().remove(u'&')), qPrintable(status->text()));
}

QTEST_MAIN(TestMainWindow)
#include "tst_uimainwindow.moc"
