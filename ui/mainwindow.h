#pragma once

#include <QMainWindow>

class NetworkPage;
class QLabel;
class QTabWidget;
class ThreadsPage;

// The application window: one tab per way of running the producer-consumer problem, a menu and
// a status bar that says what the run is doing.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);

    QTabWidget *tabs() const { return m_tabs; }
    ThreadsPage *threadsPage() const { return m_threadsPage; }
    NetworkPage *networkPage() const { return m_networkPage; }

private:
    void createMenus();
    void showAbout();
    void showCurrentStatus();

    QTabWidget *m_tabs = nullptr;
    ThreadsPage *m_threadsPage = nullptr;
    NetworkPage *m_networkPage = nullptr;
    QLabel *m_status = nullptr;
};
