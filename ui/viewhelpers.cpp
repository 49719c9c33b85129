#include "viewhelpers.h"

#include <QAbstractItemView>
#include <QScrollBar>
#include <QTimer>

void ViewHelpers::trackBottom(QAbstractItemView *view, bool *follow, QObject *context)
{
    QScrollBar *bar = view->verticalScrollBar();
    QObject::connect(bar, &QAbstractSlider::actionTriggered, context, [bar, follow, context] {
        // The action has not moved the bar yet when this is emitted.
        QTimer::singleShot(0, context, [bar, follow] { *follow = bar->value() >= bar->maximum() - 2; });
    });
    QObject::connect(bar, &QAbstractSlider::sliderReleased, context,
                     [bar, follow] { *follow = bar->value() >= bar->maximum() - 2; });
}
