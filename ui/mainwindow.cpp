#include "mainwindow.h"

#include "networkpage.h"
#include "threadspage.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>

using namespace Qt::StringLiterals;

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_tabs(new QTabWidget(this))
    , m_threadsPage(new ThreadsPage)
    , m_networkPage(new NetworkPage)
    , m_status(new QLabel)
{
    setWindowTitle(tr("BufferLab"));
    setWindowIcon(QIcon(u":/bufferlab/icons/bufferlab.png"_s));
    m_tabs->addTab(m_threadsPage, tr("Threads"));
    m_tabs->addTab(m_networkPage, tr("Network"));
    setCentralWidget(m_tabs);
    createMenus();

    m_status->setContentsMargins(6, 0, 6, 0);
    statusBar()->addWidget(m_status, 1);
    // The status bar speaks for the tab on show.
    showCurrentStatus();
    connect(m_tabs, &QTabWidget::currentChanged, this, &MainWindow::showCurrentStatus);
    connect(m_threadsPage, &ThreadsPage::statusTextChanged, this, &MainWindow::showCurrentStatus);
    connect(m_networkPage, &NetworkPage::statusTextChanged, this, &MainWindow::showCurrentStatus);

    resize(1360, 860);
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
    for (const auto &[path, title] : scenarios) {
        QAction *example = examples->addAction(title);
        example->setData(path);
        connect(example, &QAction::triggered, this, [this, path] { openScenarioFile(path); });
    }
    examples->setEnabled(!scenarios.isEmpty());
    file->addSeparator();
    m_exportMenu = file->addMenu(tr("&Export run"));
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

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QAction *about = help->addAction(tr("&About BufferLab"));
    about->setMenuRole(QAction::AboutRole);
    connect(about, &QAction::triggered, this, &MainWindow::showAbout);
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
