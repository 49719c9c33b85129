#include "mainwindow.h"

#include "networkpage.h"
#include "threadspage.h"

#include <QAction>
#include <QApplication>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
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
    setWindowTitle(u"BufferLab"_s);
    setWindowIcon(QIcon(u":/bufferlab/icons/bufferlab.png"_s));
    m_tabs->addTab(m_threadsPage, u"Threads"_s);
    m_tabs->addTab(m_networkPage, u"Network"_s);
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
    QMenu *file = menuBar()->addMenu(u"&File"_s);
    QAction *quit = file->addAction(u"&Quit"_s);
    quit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
    quit->setShortcutContext(Qt::ApplicationShortcut);
    quit->setMenuRole(QAction::QuitRole);
    connect(quit, &QAction::triggered, this, &QWidget::close);

    QMenu *help = menuBar()->addMenu(u"&Help"_s);
    QAction *about = help->addAction(u"&About BufferLab"_s);
    about->setMenuRole(QAction::AboutRole);
    connect(about, &QAction::triggered, this, &MainWindow::showAbout);
}

void MainWindow::showAbout()
{
    QMessageBox::about(
        this, u"About BufferLab"_s,
        u"<h3>BufferLab %1</h3>"
        "<p>The producer-consumer problem, made visible.</p>"
        "<p>Producer threads generate student records and put them into a bounded buffer; "
        "consumer threads take them out and grade them. Watch the buffer fill and drain, see "
        "who waits for whom, and change the buffer size and the delays while it runs.</p>"
        "<p>The Network tab runs the buffer as a TCP server: producer and consumer clients connect "
        "to it, from this program, another terminal or another machine.</p>"_s.arg(
            QCoreApplication::applicationVersion()));
}
