#include "wheelguard.h"

#include <QAbstractSlider>
#include <QAbstractSpinBox>
#include <QComboBox>
#include <QEvent>
#include <QWidget>

WheelGuard::WheelGuard(QObject *parent) : QObject(parent) { }

WheelGuard *WheelGuard::install(QWidget *root)
{
    auto *guard = new WheelGuard(root);
    const QList<QWidget *> widgets = root->findChildren<QWidget *>();
    for (QWidget *widget : widgets) {
        if (!qobject_cast<QAbstractSlider *>(widget) && !qobject_cast<QAbstractSpinBox *>(widget)
            && !qobject_cast<QComboBox *>(widget))
            continue;
        // Spin boxes and combo boxes default to Qt::WheelFocus: a wheel passing over one would
        // give it the focus, and then the value.
        widget->setFocusPolicy(Qt::StrongFocus);
        widget->installEventFilter(guard);
    }
    return guard;
}

bool WheelGuard::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::Wheel) {
        const auto *widget = static_cast<QWidget *>(watched);
        if (!widget->hasFocus()) {
            // Ignored, the event propagates to the parents: the scroll area scrolls.
            event->ignore();
            return true;
        }
    }
    return QObject::eventFilter(watched, event);
}
