// Opens the window the way main() does, on whatever screen the platform gives it, and prints as
// JSON what a person in front of that screen would see: the screen, the window's size and minimum
// size, and for each widget a lesson needs whether it is shown whole (not clipped by a scroll area,
// a splitter or the window's edge). Measured before a run and after a finished 4 + 4 run.
// tst_screens starts it under each screen size and scale factor and judges the numbers.
#include "bufferview.h"
#include "mainwindow.h"
#include "networkpage.h"
#include "settingspanel.h"
#include "simulation.h"
#include "statisticspanel.h"
#include "threadspage.h"
#include "translations.h"

#include <QAction>
#include <QApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QScreen>
#include <QTabWidget>
#include <QTest>
#include <QToolBar>
#include <QToolButton>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace {

QJsonObject rectJson(const QRect &rect)
{
    return {{u"x"_s, rect.x()}, {u"y"_s, rect.y()}, {u"width"_s, rect.width()}, {u"height"_s, rect.height()}};
}

// The part of the widget that the screen shows: its rectangle cut by every ancestor's.
QJsonObject shown(const QString &name, QWidget *widget, QWidget *window)
{
    QJsonObject entry {{u"name"_s, name}, {u"found"_s, widget != nullptr}};
    if (!widget)
        return entry;
    QRect visible = widget->rect();
    QPoint offset;
    for (QWidget *w = widget; w && w != window; w = w->parentWidget()) {
        offset += w->pos();
        QWidget *parent = w->parentWidget();
        if (parent)
            visible &= parent->rect().translated(-offset);
    }
    entry[u"visible"_s] = widget->isVisibleTo(window);
    entry[u"rect"_s] = rectJson(QRect(widget->mapTo(window, QPoint(0, 0)), widget->size()));
    entry[u"shownWidth"_s] = visible.width();
    entry[u"shownHeight"_s] = visible.height();
    entry[u"width"_s] = widget->width();
    entry[u"height"_s] = widget->height();
    entry[u"fontPixels"_s] = QFontInfo(widget->font()).pixelSize();
    return entry;
}

QToolButton *buttonFor(QAction *action, QWidget *page)
{
    const QList<QToolBar *> bars = page->findChildren<QToolBar *>();
    for (QToolBar *bar : bars) {
        if (auto *button = qobject_cast<QToolButton *>(bar->widgetForAction(action)))
            return button;
    }
    return nullptr;
}

QJsonArray keyWidgets(MainWindow &window)
{
    ThreadsPage *threads = window.threadsPage();
    auto *statistics = threads->findChild<StatisticsPanel *>();
    QJsonArray widgets;
    widgets.append(shown(u"buffer view"_s, threads->findChild<BufferView *>(), &window));
    // Hidden on narrow screens; shown, it must not be cut at the right (it scrolls only vertically).
    QJsonObject settings = shown(u"settings panel"_s, threads->findChild<SettingsPanel *>(), &window);
    settings[u"optional"_s] = true;
    settings[u"widthOnly"_s] = true;
    widgets.append(settings);
    widgets.append(shown(u"Start"_s, buttonFor(threads->startAction(), threads), &window));
    widgets.append(shown(u"Reset"_s, buttonFor(threads->resetAction(), threads), &window));
    for (const auto &[field, name] : {std::pair {StatisticsPanel::Field::Lost, u"Lost"_s},
                                      std::pair {StatisticsPanel::Field::Duplicated, u"Duplicated"_s},
                                      std::pair {StatisticsPanel::Field::Consumed, u"Consumed"_s},
                                      std::pair {StatisticsPanel::Field::Failed, u"Failed"_s}})
        widgets.append(shown(name, statistics ? statistics->valueWidget(field) : nullptr, &window));
    return widgets;
}

// With SCREENPROBE_TREE set: who asks for how much room (to find what keeps a window from fitting).
void printTree(const QWidget *widget, int depth)
{
    if (!widget->isVisibleTo(widget->window()) && widget != widget->window())
        return;
    const QSize hint = widget->minimumSizeHint().expandedTo(widget->minimumSize());
    std::fprintf(stderr, "%*s%s %s min %dx%d size %dx%d\n", depth * 2, "", widget->metaObject()->className(),
                 qPrintable(widget->objectName()), hint.width(), hint.height(), widget->width(),
                 widget->height());
    const QList<QWidget *> children = widget->findChildren<QWidget *>(Qt::FindDirectChildrenOnly);
    for (const QWidget *child : children)
        printTree(child, depth + 1);
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(u"BufferLab"_s);
    QCoreApplication::setApplicationName(u"bufferlab"_s);
    Translations::install(&app, QLocale()); // as main() does: German labels are longer

    MainWindow window;
    if (qEnvironmentVariableIsSet("SCREENPROBE_TREE"))
        printTree(&window, 0);
    window.show();
    if (!QTest::qWaitForWindowExposed(&window, 10000)) {
        std::fputs("the window was never exposed\n", stderr);
        return 1;
    }
    QCoreApplication::processEvents();

    QJsonObject result;
    const QScreen *screen = window.screen();
    result[u"screen"_s] = rectJson(screen->availableGeometry());
    result[u"devicePixelRatio"_s] = screen->devicePixelRatio();
    result[u"frame"_s] = rectJson(window.frameGeometry());
    result[u"window"_s] = rectJson(window.geometry());
    const QSize minimum = window.minimumSizeHint().expandedTo(window.minimumSize());
    result[u"minimumWidth"_s] = minimum.width();
    result[u"minimumHeight"_s] = minimum.height();
    result[u"before"_s] = keyWidgets(window);
    if (qEnvironmentVariableIsSet("SCREENPROBE_TREE")) {
        window.tabs()->setCurrentIndex(qEnvironmentVariableIntValue("SCREENPROBE_TREE") - 1);
        printTree(&window, 0);
        window.tabs()->setCurrentIndex(0);
    }

    // A finished run: the final numbers, the per-worker grid and the compact charts.
    SimulationConfig config = window.threadsPage()->findChild<SettingsPanel *>()->config();
    config.producers = 4;
    config.consumers = 4;
    config.students = 40;
    config.producerDelay = {0, 0};
    config.consumerDelay = {0, 0};
    config.seed = 7;
    window.threadsPage()->findChild<SettingsPanel *>()->setConfig(config);
    window.threadsPage()->start();
    auto *statistics = window.threadsPage()->findChild<StatisticsPanel *>();
    const bool finished = QTest::qWaitFor([statistics] { return statistics->isFinal(); }, 60000);
    QCoreApplication::processEvents();
    result[u"runFinished"_s] = finished;
    result[u"after"_s] = keyWidgets(window);
    if (qEnvironmentVariableIsSet("SCREENPROBE_TREE_AFTER"))
        printTree(&window, 0);

    std::fputs(QJsonDocument(result).toJson(QJsonDocument::Compact).constData(), stdout);
    std::fputs("\n", stdout);
    return 0;
}
