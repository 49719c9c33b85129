#include "mainwindow.h"

#include "bufferview.h"
#include "networkpage.h"
#include "settingsvalue.h"
#include "shortcutsdialog.h"
#include "theme.h"
#include "threadspage.h"
#include "viewhelpers.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QLayout>
#include <QMenuBar>
#include <QMessageBox>
#include <QScreen>
#include <QSettings>
#include <QSplitter>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabBar>
#include <QTableView>
#include <QTabWidget>
#include <QTimer>

using namespace Qt::StringLiterals;

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_tabs(new QTabWidget(this))
    , m_threadsPage(new ThreadsPage)
    , m_networkPage(new NetworkPage)
    , m_status(new QLabel)
{
    setWindowTitle(tr("BufferLab"));
    QIcon icon; // the sizes of the installed hicolor icon, compiled in so the build tree has them too
    for (const int size : {16, 32, 48, 64, 128, 256})
        icon.addFile(u":/bufferlab/icons/hicolor/%1x%1/org.bufferlab.BufferLab.png"_s.arg(size),
                     QSize(size, size));
    setWindowIcon(icon);
    m_tabs->addTab(m_threadsPage, tr("Threads"));
    m_tabs->addTab(m_networkPage, tr("Network"));
    m_tabs->tabBar()->setAccessibleName(tr("Pages"));
    m_tabs->setTabToolTip(0, tr("Producers and consumers as threads in this program"));
    m_tabs->setTabToolTip(1, tr("A buffer server and its clients over TCP"));
    setCentralWidget(m_tabs);
    createMenus();

    m_status->setContentsMargins(6, 0, 6, 0);
    // A long status must not widen the window past a small screen: it is cut at the right instead.
    m_status->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_status->setMinimumWidth(1);
    statusBar()->addWidget(m_status, 1);
    // The status bar speaks for the tab on show.
    showCurrentStatus();
    connect(m_tabs, &QTabWidget::currentChanged, this, &MainWindow::showCurrentStatus);
    connect(m_threadsPage, &ThreadsPage::statusTextChanged, this, &MainWindow::showCurrentStatus);
    // One settings switch for both tabs (View > Settings panel).
    connect(m_threadsPage, &ThreadsPage::settingsVisibleChanged, m_networkPage,
            &NetworkPage::setSettingsVisible);
    connect(m_networkPage, &NetworkPage::statusTextChanged, this, &MainWindow::showCurrentStatus);
    createTabActions();
    connect(m_tabs, &QTabWidget::currentChanged, this, &MainWindow::focusCurrentPage);
    // Each page's keys work as soon as it is shown: the focus starts in its main view (the
    // Network tab's, set while hidden, is where its page takes it back from when first shown).
    m_networkPage->clientView()->setFocus();
    m_threadsPage->bufferView()->setFocus();

    restoreLayout();
}

void MainWindow::fitToScreen()
{
    const QScreen *screen = this->screen();
    if (!screen)
        return;
    const QRect available = screen->availableGeometry();
    // Short or narrow screens (a laptop at 125 %, a projector at 200 %) get the two-row layout and
    // the whole width for the buffer; the settings panel is one key away (F9).
    m_threadsPage->setCompact(available.height() < CompactBelowHeight);
    if (available.width() < NarrowBelowWidth)
        m_threadsPage->setSettingsVisible(false);
}

void MainWindow::restoreLayout()
{
    fitToScreen();

    const QSettings settings;
    // restoreGeometry() itself moves and shrinks a window saved on a screen that is gone or larger.
    m_savedGeometry = settings.value(u"window/geometry"_s).toByteArray();
    const bool restored = restoreGeometry(m_savedGeometry);
    if (!restored) {
        m_savedGeometry.clear();
        // A first start: the preferred size if it fits with room to spare, else the whole screen.
        const QRect available = screen() ? screen()->availableGeometry() : QRect(0, 0, 1360, 860);
        const QSize preferred(1360, 860);
        if (preferred.width() + 40 <= available.width() && preferred.height() + 60 <= available.height()) {
            resize(preferred);
            move(available.center() - QPoint(preferred.width() / 2, preferred.height() / 2));
        } else {
            // The whole screen now, maximized once shown: a window manager that ignores the
            // maximized state (or none at all) still gets a window that fits.
            resize(available.size());
            move(available.topLeft());
            m_maximizeWhenShown = true;
        }
    }
    const QList<QSplitter *> splitters = findChildren<QSplitter *>();
    for (QSplitter *splitter : splitters) {
        if (!splitter->objectName().isEmpty())
            splitter->restoreState(
                settings.value(u"window/splitters/"_s + splitter->objectName()).toByteArray());
    }
    if (settings.contains(u"window/settingsPanel"_s))
        m_threadsPage->setSettingsVisible(SettingsValue::boolean(settings, u"window/settingsPanel"_s, true));
    m_tabs->setCurrentIndex(SettingsValue::integer(settings, u"window/tab"_s, 0, 0, m_tabs->count() - 1));
    if (m_settingsPanelAction)
        m_settingsPanelAction->setChecked(m_threadsPage->isSettingsVisible());
}

void MainWindow::saveLayout() const
{
    QSettings settings;
    if (!isFullScreen()) // presentation mode is not where the window lives
        settings.setValue(u"window/geometry"_s, saveGeometry());
    const QList<QSplitter *> splitters = findChildren<QSplitter *>();
    for (const QSplitter *splitter : splitters) {
        if (!splitter->objectName().isEmpty())
            settings.setValue(u"window/splitters/"_s + splitter->objectName(), splitter->saveState());
    }
    if (!m_presenting)
        settings.setValue(u"window/settingsPanel"_s, m_threadsPage->isSettingsVisible());
    settings.setValue(u"window/tab"_s, m_tabs->currentIndex());
}

void MainWindow::showEvent(QShowEvent *event)
{
    QMainWindow::showEvent(event);
    if (m_firstShow) {
        m_firstShow = false;
        // Until the widgets are polished and laid out the window's minimum is that of a roomier
        // layout, and show() may have grown the window to it, past a small screen: once they are,
        // the geometry is applied again (restored, or fitted and maximized).
        QTimer::singleShot(0, this, [this] {
            if (!m_savedGeometry.isEmpty()) {
                restoreGeometry(m_savedGeometry);
            } else if (m_maximizeWhenShown) {
                if (screen())
                    resize(size().boundedTo(screen()->availableGeometry().size()));
                setWindowState(windowState() | Qt::WindowMaximized);
            }
        });
    }
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveLayout();
    QMainWindow::closeEvent(event);
}

void MainWindow::setPresentationMode(bool on)
{
    if (on == m_presenting)
        return;
    m_presenting = on;
    // For the projector: the whole screen, no settings; the buffer, its semaphores and the numbers.
    if (on) {
        m_settingsBeforePresenting = m_threadsPage->isSettingsVisible();
        m_threadsPage->setSettingsVisible(false);
        showFullScreen();
    } else {
        m_threadsPage->setSettingsVisible(m_settingsBeforePresenting);
        showNormal();
    }
    m_settingsPanelAction->setChecked(m_threadsPage->isSettingsVisible());
    m_presentationAction->setChecked(on);
}

void MainWindow::showCurrentStatus()
{
    m_status->setText(m_tabs->currentWidget() == m_networkPage ? m_networkPage->statusText()
                                                               : m_threadsPage->statusText());
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *open = file->addAction(tr("&Open scenario…"));
    open->setShortcut(QKeySequence::Open);
    open->setToolTip(tr("Load a run's settings from a scenario file"));
    connect(open, &QAction::triggered, this, &MainWindow::openScenario);
    QAction *save = file->addAction(tr("&Save scenario…"));
    save->setShortcut(QKeySequence::Save);
    save->setToolTip(tr("Save the Threads tab's settings as a scenario file to hand out"));
    connect(save, &QAction::triggered, this, &MainWindow::saveScenario);
    QMenu *examples = file->addMenu(tr("&Examples"));
    const QList<std::pair<QString, QString>> scenarios = ThreadsPage::exampleScenarios();
    QString mnemonics;
    for (const auto &[path, title] : scenarios) {
        QAction *example = examples->addAction(ViewHelpers::withMnemonic(title, &mnemonics));
        example->setData(path);
        connect(example, &QAction::triggered, this, [this, path] { openScenarioFile(path); });
    }
    examples->setEnabled(!scenarios.isEmpty());
    file->addSeparator();
    m_exportMenu = file->addMenu(tr("E&xport run"));
    m_exportMenu->setToolTipsVisible(true);
    const std::pair<ThreadsPage::Export, QString> exports[] = {
        {ThreadsPage::Export::JournalCsv, tr("Journal as &CSV…")},
        {ThreadsPage::Export::JournalJson, tr("Journal and statistics as &JSON…")},
        {ThreadsPage::Export::StatisticsCsv, tr("&Statistics as CSV…")},
        {ThreadsPage::Export::StatisticsJson, tr("Statistics as JS&ON…")},
        {ThreadsPage::Export::TimelinePng, tr("&Timeline as PNG…")},
        {ThreadsPage::Export::ChartsPng, tr("C&harts as PNG…")},
    };
    for (const auto &[what, text] : exports) {
        QAction *action = m_exportMenu->addAction(text);
        connect(action, &QAction::triggered, this, [this, what] { exportRun(what); });
    }
    // Something to export once the Threads tab has a run (going on or ended).
    connect(m_exportMenu, &QMenu::aboutToShow, this, [this] {
        const bool hasRun = m_threadsPage->hasRun();
        const QList<QAction *> actions = m_exportMenu->actions();
        for (QAction *action : actions) {
            action->setEnabled(hasRun);
            action->setToolTip(hasRun ? QString() : tr("Start a run in the Threads tab first"));
        }
    });
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"));
    quit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
    quit->setShortcutContext(Qt::ApplicationShortcut);
    quit->setMenuRole(QAction::QuitRole);
    connect(quit, &QAction::triggered, this, &QWidget::close);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->addMenu(Theme::createMenu(view));
    view->addSeparator();
    m_settingsPanelAction = view->addAction(tr("&Settings panel"));
    m_settingsPanelAction->setCheckable(true);
    m_settingsPanelAction->setChecked(m_threadsPage->isSettingsVisible());
    m_settingsPanelAction->setShortcut(QKeySequence(Qt::Key_F9));
    m_settingsPanelAction->setToolTip(tr("Show or hide the Threads tab's settings (F9)"));
    connect(m_settingsPanelAction, &QAction::toggled, m_threadsPage, &ThreadsPage::setSettingsVisible);
    m_presentationAction = view->addAction(tr("&Presentation mode"));
    m_presentationAction->setCheckable(true);
    m_presentationAction->setShortcut(QKeySequence(Qt::Key_F11));
    m_presentationAction->setToolTip(tr("Full screen without the settings panel, for a projector (F11)"));
    connect(m_presentationAction, &QAction::toggled, this, &MainWindow::setPresentationMode);

    createRunMenu();
    createNetworkMenu();
    createHelpMenu();
}

void MainWindow::createRunMenu()
{
    // The Threads tab's actions; chosen from the menu on the Network tab, they show their tab.
    QMenu *run = menuBar()->addMenu(tr("&Run"));
    run->setToolTipsVisible(true);
    run->addAction(m_threadsPage->startAction());
    run->addAction(m_threadsPage->pauseAction());
    run->addAction(m_threadsPage->stepAction());
    run->addAction(m_threadsPage->stopAction());
    run->addSeparator();
    run->addAction(m_threadsPage->resetAction());
    connect(run, &QMenu::triggered, this, [this] { m_tabs->setCurrentWidget(m_threadsPage); });
}

void MainWindow::createNetworkMenu()
{
    QMenu *network = menuBar()->addMenu(tr("&Network"));
    network->setToolTipsVisible(true);
    QAction *startServer = network->addAction(tr("Start &server"));
    startServer->setToolTip(tr("Listen with the Network tab's host, port and buffer size"));
    connect(startServer, &QAction::triggered, m_networkPage, &NetworkPage::startServer);
    QAction *stopServer = network->addAction(tr("S&top server"));
    stopServer->setToolTip(tr("Stop this tab's clients, close every connection and stop listening"));
    connect(stopServer, &QAction::triggered, m_networkPage, &NetworkPage::stopServer);
    connect(network, &QMenu::aboutToShow, this, [this, startServer, stopServer] {
        startServer->setEnabled(!m_networkPage->isServerListening());
        stopServer->setEnabled(m_networkPage->isServerListening());
    });
    network->addSeparator();
    network->addAction(m_networkPage->addProducerAction());
    network->addAction(m_networkPage->addConsumerAction());
    network->addAction(m_networkPage->launchAction());
    network->addSeparator();
    network->addAction(m_networkPage->disconnectAction());
    network->addAction(m_networkPage->stopAllAction());
    connect(network, &QMenu::triggered, this, [this] { m_tabs->setCurrentWidget(m_networkPage); });
}

void MainWindow::createHelpMenu()
{
    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QAction *shortcuts = help->addAction(tr("&Keyboard shortcuts"));
    shortcuts->setShortcut(QKeySequence::HelpContents);
    connect(shortcuts, &QAction::triggered, this, &MainWindow::showShortcuts);
    help->addSeparator();
    QAction *about = help->addAction(tr("&About BufferLab"));
    about->setMenuRole(QAction::AboutRole);
    connect(about, &QAction::triggered, this, &MainWindow::showAbout);
    QAction *aboutQt = help->addAction(tr("About &Qt"));
    aboutQt->setMenuRole(QAction::AboutQtRole);
    connect(aboutQt, &QAction::triggered, qApp, &QApplication::aboutQt);
}

void MainWindow::createTabActions()
{
    for (int index = 0; index < m_tabs->count(); ++index) {
        auto *action = new QAction(tr("Show the %1 tab").arg(m_tabs->tabText(index)), this);
        action->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + index)));
        connect(action, &QAction::triggered, this, [this, index] { m_tabs->setCurrentIndex(index); });
        addAction(action);
        m_tabs->setTabToolTip(
            index, u"%1 (%2)"_s.arg(action->text(), action->shortcut().toString(QKeySequence::NativeText)));
        m_tabActions.append(action);
    }
}

void MainWindow::focusCurrentPage()
{
    QWidget *page = m_tabs->currentWidget();
    if (!page || page->isAncestorOf(QApplication::focusWidget()))
        return;
    // Where the focus was when the page was last shown, else the page's main view.
    if (QWidget *last = page->focusWidget())
        last->setFocus(Qt::OtherFocusReason);
    else if (page == m_threadsPage)
        m_threadsPage->bufferView()->setFocus(Qt::OtherFocusReason);
    else
        m_networkPage->clientView()->setFocus(Qt::OtherFocusReason);
}

void MainWindow::showShortcuts()
{
    if (!m_shortcutsDialog)
        m_shortcutsDialog = new ShortcutsDialog(this);
    // Read again each time: the actions' texts follow the run (Pause, Resume).
    m_shortcutsDialog->setEntries(ShortcutsDialog::entries(menuBar(), m_tabActions));
    m_shortcutsDialog->show();
    m_shortcutsDialog->raise();
    m_shortcutsDialog->activateWindow();
}

void MainWindow::showAbout()
{
    QMessageBox::about(
        this, tr("About BufferLab"),
        tr("<h3>BufferLab %1</h3>"
           "<p>The producer-consumer problem, made visible.</p>"
           "<p>Producer threads generate student records and put them into a bounded buffer; "
           "consumer threads take them out and grade them. Watch the buffer fill and drain, see "
           "who waits for whom, and change the buffer size and the delays while it runs.</p>"
           "<p>The Network tab runs the buffer as a TCP server: producer and consumer clients connect "
           "to it, from this program, another terminal or another machine.</p>")
            .arg(QCoreApplication::applicationVersion()));
}

namespace {

QString scenarioFilter()
{
    return MainWindow::tr("BufferLab scenarios (*.blscenario *.json);;All files (*)");
}

QString scenarioDirectory()
{
    const QString remembered = QSettings().value(u"scenarios/directory"_s).toString();
    return remembered.isEmpty() ? QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation)
                                : remembered;
}

void rememberDirectory(const QString &file)
{
    QSettings().setValue(u"scenarios/directory"_s, QFileInfo(file).absolutePath());
}

} // namespace

void MainWindow::exportRun(ThreadsPage::Export what)
{
    const bool image = what == ThreadsPage::Export::TimelinePng || what == ThreadsPage::Export::ChartsPng;
    const bool csv = what == ThreadsPage::Export::JournalCsv || what == ThreadsPage::Export::StatisticsCsv;
    const QString filter = image ? tr("PNG images (*.png)")
        : csv                    ? tr("CSV files (*.csv)")
                                 : tr("JSON files (*.json)");
    const QString remembered = QSettings().value(u"export/directory"_s).toString();
    const QString directory = remembered.isEmpty()
        ? QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation)
        : remembered;
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export run"), QDir(directory).filePath(m_threadsPage->suggestedExportName(what)),
        filter + u";;"_s + tr("All files (*)"));
    if (path.isEmpty())
        return;
    QSettings().setValue(u"export/directory"_s, QFileInfo(path).absolutePath());
    const QString error = m_threadsPage->exportRun(what, path);
    if (!error.isEmpty()) {
        QMessageBox::warning(this, tr("Cannot export the run"), error);
        return;
    }
    QString message = tr("Saved %1").arg(QFileInfo(path).fileName());
    if (m_threadsPage->isJournalTruncated()
        && (what == ThreadsPage::Export::JournalCsv || what == ThreadsPage::Export::JournalJson))
        message += tr(" (the first %L1 events of the run)").arg(qulonglong(ThreadsPage::MaxJournalEvents));
    statusBar()->showMessage(message, 8000);
}

void MainWindow::openScenario()
{
    const QString path
        = QFileDialog::getOpenFileName(this, tr("Open scenario"), scenarioDirectory(), scenarioFilter());
    if (path.isEmpty())
        return;
    rememberDirectory(path);
    openScenarioFile(path);
}

void MainWindow::openScenarioFile(const QString &path)
{
    const QString error = m_threadsPage->loadScenario(path);
    if (!error.isEmpty()) {
        QMessageBox::warning(this, tr("Cannot open the scenario"),
                             tr("This scenario cannot be used:\n\n%1").arg(error));
        return;
    }
    m_tabs->setCurrentWidget(m_threadsPage);
}

void MainWindow::saveScenario()
{
    const QString title = m_threadsPage->scenarioTitle();
    const QString suggested
        = QDir(scenarioDirectory())
              .filePath((title.isEmpty() ? u"scenario"_s : title.simplified()) + u".blscenario"_s);
    QString path = QFileDialog::getSaveFileName(this, tr("Save scenario"), suggested, scenarioFilter());
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += u".blscenario"_s;
    rememberDirectory(path);
    const QString error
        = m_threadsPage->saveScenario(path, title.isEmpty() ? QFileInfo(path).completeBaseName() : title);
    if (!error.isEmpty())
        QMessageBox::warning(this, tr("Cannot save the scenario"), error);
    else
        statusBar()->showMessage(tr("Saved the settings as %1").arg(QFileInfo(path).fileName()), 5000);
}
