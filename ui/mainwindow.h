#pragma once

#include <QMainWindow>

class QTabWidget;

// The application window: one tab per way of running the producer-consumer problem.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(QWidget *parent = nullptr);

private:
    QTabWidget *m_tabs = nullptr;
};
