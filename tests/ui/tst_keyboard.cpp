#include "bufferview.h"
#include "mainwindow.h"
#include "networkpage.h"
#include "recordcard.h"
#include "settingspanel.h"
#include "shortcutsdialog.h"
#include "sliderspinbox.h"
#include "studenttablemodel.h"
#include "threadspage.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QMenu>
#include <QMenuBar>
#include <QSettings>
#include <QSlider>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableView>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolBar>
#include <QToolButton>
#include <QTreeWidget>

using namespace Qt::StringLiterals;

namespace {

constexpr int RunTimeoutMs = 60'000;

// A key as the keyboard sends it: to the widget with the focus.
void press(int key, Qt::KeyboardModifiers modifiers = Qt::NoModifier)
{
    QWidget *focus = QApplication::focusWidget();
    QVERIFY2(focus, "nothing has the keyboard focus");
    QTest::keyClick(focus, Qt::Key(key), modifiers);
}

// What follows the single '&' of a menu entry's text, lower-cased; a null QChar if none.
QChar mnemonicOf(const QString &text)
{
    for (qsizetype i = 0; i + 1 < text.size(); ++i) {
        if (text.at(i) != u'&')
            continue;
        if (text.at(i + 1) == u'&') {
            ++i;
            continue;
        }
        return text.at(i + 1).toLower();
    }
    return {};
}

void checkMnemonics(const QString &where, const QList<QAction *> &actions)
{
    QString used;
    for (const QAction *action : actions) {
        if (action->isSeparator())
            continue;
        const QChar mnemonic = mnemonicOf(action->text());
        QVERIFY2(!mnemonic.isNull(), qPrintable(u"%1 > %2 has no mnemonic"_s.arg(where, action->text())));
        QVERIFY2(!used.contains(mnemonic),
                 qPrintable(u"%1 > %2: %3 is taken"_s.arg(where, action->text(), QString(mnemonic))));
        used.append(mnemonic);
        if (action->menu())
            checkMnemonics(where + u" > "_s + action->text(), action->menu()->actions());
    }
}

bool inToolBar(const QWidget *widget, const QWidget *page)
{
    return qobject_cast<const QToolButton *>(widget) && qobject_cast<QToolBar *>(widget->parentWidget())
        && page->isAncestorOf(widget);
}

} // namespace

// The window driven with the keyboard alone: the tabs, the run, the menus, the settings, the
// record cards and the shortcuts list.
class TestKeyboard : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void tabsAndTheRun();
    void eachTabsKeysStayInItsTab();
    void spaceActsOnTheFocusedControl();
    void wheelChangesOnlyTheFocusedControl_data();
    void wheelChangesOnlyTheFocusedControl();
    void enterOpensRecordCards();
    void helpAndMenus();
    void everyMenuEntryHasAUniqueMnemonic();
    void tabReachesTheToolbars();

private:
    // Shown, active, with fast workers; a run of students that takes a while.
    void openWindow();

    QTemporaryDir m_settingsDir;
    std::unique_ptr<QTemporaryDir> m_xmlDir;
    std::unique_ptr<MainWindow> m_window;
};

void TestKeyboard::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_settingsDir.isValid());
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settingsDir.path());
    QCoreApplication::setOrganizationName(u"BufferLab"_s);
    QCoreApplication::setApplicationName(u"tst_keyboard"_s);
}

void TestKeyboard::init()
{
    QSettings().clear();
    m_xmlDir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_xmlDir->isValid());
}

void TestKeyboard::cleanup()
{
    m_window.reset();
}

void TestKeyboard::openWindow()
{
    m_window = std::make_unique<MainWindow>();
    ThreadsPage *page = m_window->threadsPage();
    page->simulation()->setWorkerPriority(Simulation::WorkerPriority::Inherit);
    SimulationConfig config = page->settingsPanel()->config();
    config.xmlDir = m_xmlDir->path();
    config.students = 1000;
    config.producers = 1;
    config.consumers = 1;
    config.capacity = 4;
    config.producerDelay = {0, 0};
    config.consumerDelay = {3000, 3000}; // the buffer fills and stays full
    config.seed = 42;
    page->settingsPanel()->setConfig(config);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
}

void TestKeyboard::tabsAndTheRun()
{
    openWindow();
    MainWindow &window = *m_window;
    ThreadsPage *page = window.threadsPage();
    Simulation *simulation = page->simulation();
    // The run's keys work from the start: the focus is in the Threads tab.
    QVERIFY(page->isAncestorOf(QApplication::focusWidget()));

    press(Qt::Key_2, Qt::ControlModifier);
    QCOMPARE(window.tabs()->currentWidget(), window.networkPage());
    QVERIFY(window.networkPage()->isAncestorOf(QApplication::focusWidget()));
    press(Qt::Key_1, Qt::ControlModifier);
    QCOMPARE(window.tabs()->currentWidget(), page);
    QVERIFY(page->isAncestorOf(QApplication::focusWidget()));

    press(Qt::Key_F5);
    QCOMPARE(simulation->status(), Simulation::Status::Running);
    QTRY_VERIFY_WITH_TIMEOUT(simulation->statistics().produced >= 4, RunTimeoutMs);
    press(Qt::Key_Space);
    QCOMPARE(simulation->status(), Simulation::Status::Paused);
    QCOMPARE(page->pauseAction()->text(), u"Res&ume"_s);
    // Every thread stops at its next buffer operation; then "." lets exactly one happen.
    QTRY_VERIFY_WITH_TIMEOUT(std::all_of(simulation->statistics().workers.cbegin(),
                                         simulation->statistics().workers.cend(),
                                         [](const WorkerStatistics &w) {
                                             return w.state == WorkerState::Paused || isBlocked(w.state);
                                         }),
                             RunTimeoutMs);
    const qint64 before = simulation->syncSnapshot().operations;
    press(Qt::Key_Period);
    QTRY_COMPARE_WITH_TIMEOUT(simulation->syncSnapshot().operations, before + 1, RunTimeoutMs);
    press(Qt::Key_Space);
    QCOMPARE(simulation->status(), Simulation::Status::Running);

    press(Qt::Key_Escape);
    QTRY_COMPARE_WITH_TIMEOUT(simulation->status(), Simulation::Status::Stopped, 2000);
    QVERIFY(page->hasRun());
    press(Qt::Key_R, Qt::ControlModifier);
    QVERIFY(!page->hasRun());
    QVERIFY(page->statusText().startsWith(u"Ready"_s));

    // Space starts a run too, when none is going on.
    press(Qt::Key_Space);
    QCOMPARE(simulation->status(), Simulation::Status::Running);
    press(Qt::Key_Escape);
    QTRY_COMPARE_WITH_TIMEOUT(simulation->status(), Simulation::Status::Stopped, 2000);
}

void TestKeyboard::eachTabsKeysStayInItsTab()
{
    openWindow();
    MainWindow &window = *m_window;
    Simulation *simulation = window.threadsPage()->simulation();

    // On the Network tab, the Threads tab's Space and F5 do nothing...
    press(Qt::Key_2, Qt::ControlModifier);
    QCOMPARE(window.tabs()->currentWidget(), window.networkPage());
    QCOMPARE(QApplication::focusWidget(), window.networkPage()->clientView());
    press(Qt::Key_Space);
    press(Qt::Key_R, Qt::ControlModifier);
    QCOMPARE(simulation->status(), Simulation::Status::Idle);

    // ...and on the Threads tab, the Network tab's F5 (Launch 2 + 2) does not start a server.
    press(Qt::Key_1, Qt::ControlModifier);
    press(Qt::Key_F5);
    QCOMPARE(simulation->status(), Simulation::Status::Running);
    QVERIFY(!window.networkPage()->isServerListening());
    press(Qt::Key_Escape);
    QTRY_COMPARE_WITH_TIMEOUT(simulation->status(), Simulation::Status::Stopped, 2000);
    QCOMPARE(window.networkPage()->clientModel()->rowCount(), 0);
}

void TestKeyboard::spaceActsOnTheFocusedControl()
{
    openWindow();
    ThreadsPage *page = m_window->threadsPage();
    Simulation *simulation = page->simulation();

    QCheckBox *keepXml = page->settingsPanel()->keepXmlCheck();
    const bool kept = keepXml->isChecked();
    keepXml->setFocus(Qt::TabFocusReason);
    QTRY_VERIFY_WITH_TIMEOUT(keepXml->hasFocus(), 2000);
    press(Qt::Key_Space);
    QCOMPARE(keepXml->isChecked(), !kept);
    QCOMPARE(simulation->status(), Simulation::Status::Idle);
    press(Qt::Key_Space);
    QCOMPARE(keepXml->isChecked(), kept);

    // Space opens a combo box's list; Esc closes it and stops nothing.
    QComboBox *strategy = page->settingsPanel()->strategyCombo();
    strategy->setFocus(Qt::TabFocusReason);
    QTRY_VERIFY_WITH_TIMEOUT(strategy->hasFocus(), 2000);
    press(Qt::Key_Space);
    QTRY_VERIFY_WITH_TIMEOUT(QApplication::activePopupWidget(), 2000);
    QCOMPARE(simulation->status(), Simulation::Status::Idle);
    press(Qt::Key_Escape);
    QTRY_VERIFY_WITH_TIMEOUT(!QApplication::activePopupWidget(), 2000);

    // F5 still starts the run from there, and Esc stops it.
    press(Qt::Key_F5);
    QCOMPARE(simulation->status(), Simulation::Status::Running);
    press(Qt::Key_Escape);
    QTRY_COMPARE_WITH_TIMEOUT(simulation->status(), Simulation::Status::Stopped, 2000);
}

void TestKeyboard::wheelChangesOnlyTheFocusedControl_data()
{
    QTest::addColumn<QString>("control");
    QTest::addRow("slider") << u"slider"_s;
    QTest::addRow("spin box") << u"spin box"_s;
    QTest::addRow("combo box") << u"combo box"_s;
}

void TestKeyboard::wheelChangesOnlyTheFocusedControl()
{
    QFETCH(QString, control);
    openWindow();
    SettingsPanel *settings = m_window->threadsPage()->settingsPanel();
    QWidget *widget = nullptr;
    std::function<int()> value;
    if (control == u"slider"_s) {
        QSlider *slider = settings->capacityControl()->slider();
        widget = slider;
        value = [slider] { return slider->value(); };
    } else if (control == u"spin box"_s) {
        QSpinBox *spinBox = settings->studentsControl()->spinBox();
        widget = spinBox;
        value = [spinBox] { return spinBox->value(); };
    } else {
        QComboBox *combo = settings->strategyCombo();
        combo->setCurrentIndex(1);
        widget = combo;
        value = [combo] { return combo->currentIndex(); };
    }
    QCOMPARE(widget->focusPolicy(), Qt::StrongFocus); // the wheel does not give it the focus
    const int before = value();
    const QPointF centre = QRectF(widget->rect()).center();
    const auto wheelUp = [&] {
        QWheelEvent wheel(centre, widget->mapToGlobal(centre), QPoint(), QPoint(0, 120), Qt::NoButton,
                          Qt::NoModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(widget, &wheel);
        return wheel.isAccepted();
    };

    m_window->threadsPage()->bufferView()->setFocus();
    QVERIFY(!widget->hasFocus());
    // Not taken: the settings' scroll area gets it.
    QVERIFY(!wheelUp());
    QCOMPARE(value(), before);

    widget->setFocus(Qt::TabFocusReason);
    QTRY_VERIFY_WITH_TIMEOUT(widget->hasFocus(), 2000);
    wheelUp();
    QVERIFY(value() != before);
}

void TestKeyboard::enterOpensRecordCards()
{
    openWindow();
    ThreadsPage *page = m_window->threadsPage();
    Simulation *simulation = page->simulation();
    BufferView *view = page->bufferView();

    press(Qt::Key_F5);
    QTRY_COMPARE_WITH_TIMEOUT(simulation->bufferSnapshot().size, 4, RunTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(view->scene().slotRecords(), simulation->bufferSnapshot().slots, RunTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(!view->scene().hasTokens(), RunTimeoutMs);

    view->setFocus(Qt::TabFocusReason);
    QTRY_VERIFY_WITH_TIMEOUT(view->hasFocus(), 2000);
    press(Qt::Key_End);
    QCOMPARE(view->currentSlot(), 3);
    press(Qt::Key_Right); // the last slot stays the last
    QCOMPARE(view->currentSlot(), 3);
    press(Qt::Key_Home);
    QCOMPARE(view->currentSlot(), 0);
    press(Qt::Key_Right);
    press(Qt::Key_Right);
    press(Qt::Key_Left);
    QCOMPARE(view->currentSlot(), 1);
    const int record = view->scene().slots().at(1).record;
    QVERIFY(record > 0);
    press(Qt::Key_Return);
    RecordCard *card = page->recordCard();
    QVERIFY(card);
    QVERIFY(card->isVisible());
    QCOMPARE(card->record(), record);
    card->hide();
    m_window->activateWindow(); // the card had it
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));

    // A row of the processed students: Enter opens its card.
    QTRY_VERIFY_WITH_TIMEOUT(simulation->statistics().consumed >= 1, RunTimeoutMs);
    page->flushTables();
    QTRY_VERIFY_WITH_TIMEOUT(page->studentModel()->rowCount() >= 1, RunTimeoutMs);
    press(Qt::Key_Escape);
    QTRY_COMPARE_WITH_TIMEOUT(simulation->status(), Simulation::Status::Stopped, 2000);
    QTableView *students = nullptr;
    const QList<QTableView *> tables = page->findChildren<QTableView *>();
    for (QTableView *table : tables) {
        if (table->model() == page->studentSortModel())
            students = table;
    }
    QVERIFY(students);
    students->setFocus(Qt::TabFocusReason);
    QTRY_VERIFY_WITH_TIMEOUT(students->hasFocus(), 2000);
    press(Qt::Key_Home, Qt::ControlModifier);
    QVERIFY(students->currentIndex().isValid());
    const int student = page->studentSortModel()
                            ->index(students->currentIndex().row(), StudentTableModel::NumberColumn)
                            .data()
                            .toInt();
    press(Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(card->isVisible(), 2000);
    QCOMPARE(card->record(), student);
}

void TestKeyboard::helpAndMenus()
{
    openWindow();
    MainWindow &window = *m_window;

    // F1: the shortcuts, read from the actions.
    QVERIFY(!window.shortcutsDialog());
    press(Qt::Key_F1);
    ShortcutsDialog *dialog = window.shortcutsDialog();
    QVERIFY(dialog);
    QTRY_VERIFY_WITH_TIMEOUT(dialog->isVisible(), 2000);
    QStringList rows;
    for (const ShortcutsDialog::Entry &entry : dialog->shownEntries())
        rows.append(u"%1 | %2 | %3"_s.arg(entry.group, entry.keys, entry.what));
    const auto listed = [&](const QString &row) {
        return rows.contains(row) ? true : (qWarning("missing: %s", qPrintable(row)), false);
    };
    QVERIFY(listed(u"Run | F5, Space | Start"_s));
    QVERIFY(listed(u"Run | Space | Pause"_s));
    QVERIFY(listed(u"Run | . | Step"_s));
    QVERIFY(listed(u"Run | Esc | Stop"_s));
    QVERIFY(listed(u"Run | Ctrl+R | Reset"_s));
    QVERIFY(listed(u"Network | F5 | Launch 2 + 2"_s));
    QVERIFY(listed(u"Network | Esc | Stop all"_s));
    QVERIFY(listed(u"Help | F1 | Keyboard shortcuts"_s));
    QVERIFY(listed(u"Window | Ctrl+1 | Show the Threads tab"_s));
    QVERIFY(listed(u"Window | Ctrl+2 | Show the Network tab"_s));
    QVERIFY(listed(u"Buffer view | Enter | Open the record card of the record in the slot"_s));
    QVERIFY(!dialog->tree()->findItems(u"F5, Space"_s, Qt::MatchExactly | Qt::MatchRecursive, 0).isEmpty());
    QTest::keyClick(dialog, Qt::Key_Escape);
    QTRY_VERIFY_WITH_TIMEOUT(!dialog->isVisible(), 2000);

    // Alt+R opens the Run menu; Esc closes it.
    QTest::keyClick(&window, Qt::Key_R, Qt::AltModifier);
    QTRY_VERIFY_WITH_TIMEOUT(QApplication::activePopupWidget(), 2000);
    auto *run = qobject_cast<QMenu *>(QApplication::activePopupWidget());
    QVERIFY(run);
    QCOMPARE(run->title(), u"&Run"_s);
    QVERIFY(run->actions().contains(window.threadsPage()->startAction()));
    QTest::keyClick(run, Qt::Key_Escape);
    QTRY_VERIFY_WITH_TIMEOUT(!QApplication::activePopupWidget(), 2000);

    QStringList menus;
    for (const QAction *menu : window.menuBar()->actions())
        menus.append(menu->text());
    QCOMPARE(menus.first(), u"&File"_s);
    QVERIFY(menus.indexOf(u"&Run"_s) < menus.indexOf(u"&Network"_s));
    QCOMPARE(menus.last(), u"&Help"_s);
    QStringList help;
    for (const QAction *action : window.menuBar()->actions().last()->menu()->actions())
        help.append(action->text());
    QVERIFY(help.contains(u"About &Qt"_s));
}

void TestKeyboard::everyMenuEntryHasAUniqueMnemonic()
{
    MainWindow window;
    checkMnemonics(u"menu bar"_s, window.menuBar()->actions());
    // Resume takes Pause's place while a run is paused.
    QAction *pause = window.threadsPage()->pauseAction();
    const QString text = pause->text();
    pause->setText(u"Res&ume"_s);
    checkMnemonics(u"menu bar"_s, window.menuBar()->actions());
    pause->setText(text);
}

void TestKeyboard::tabReachesTheToolbars()
{
    openWindow();
    MainWindow &window = *m_window;
    const QList<QWidget *> pages = {window.threadsPage(), window.networkPage()};
    for (QWidget *page : pages) {
        press(page == window.threadsPage() ? Qt::Key_1 : Qt::Key_2, Qt::ControlModifier);
        QCOMPARE(window.tabs()->currentWidget(), page);
        bool reached = false;
        for (int tab = 0; tab < 200 && !reached; ++tab) {
            press(Qt::Key_Tab);
            reached = inToolBar(QApplication::focusWidget(), page);
        }
        QVERIFY2(reached, qPrintable(window.tabs()->tabText(window.tabs()->indexOf(page))));
    }
    // On the Threads tab: Tab to Start and press Space, as with any button.
    press(Qt::Key_1, Qt::ControlModifier);
    for (int tab = 0; tab < 200; ++tab) {
        const auto *button = qobject_cast<QToolButton *>(QApplication::focusWidget());
        if (button && button->defaultAction() == window.threadsPage()->startAction())
            break;
        press(Qt::Key_Tab);
    }
    const auto *start = qobject_cast<QToolButton *>(QApplication::focusWidget());
    QVERIFY(start && start->defaultAction() == window.threadsPage()->startAction());
    press(Qt::Key_Space);
    Simulation *simulation = window.threadsPage()->simulation();
    QCOMPARE(simulation->status(), Simulation::Status::Running);
    press(Qt::Key_Escape);
    QTRY_COMPARE_WITH_TIMEOUT(simulation->status(), Simulation::Status::Stopped, 2000);
}

QTEST_MAIN(TestKeyboard)
#include "tst_keyboard.moc"
