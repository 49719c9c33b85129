#include "mainwindow.h"

#include <QTabWidget>

using namespace Qt::StringLiterals;

MainWindow::MainWindow(QWidget *parent) : QMainWindow(parent), m_tabs(new QTabWidget(this))
{
    setWindowTitle(u"BufferLab"_s);
    setCentralWidget(m_tabs);
    resize(1280, 800);
}
