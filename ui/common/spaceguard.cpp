#include "spaceguard.h"

#include <QAbstractButton>
#include <QComboBox>
#include <QKeyEvent>
#include <QWidget>

SpaceGuard::SpaceGuard(QObject *parent) : QObject(parent) { }

SpaceGuard *SpaceGuard::install(QWidget *root)
{
    auto *guard = new SpaceGuard(root);
    const QList<QWidget *> widgets = root->findChildren<QWidget *>();
    for (QWidget *widget : widgets) {
        if (qobject_cast<QAbstractButton *>(widget) || qobject_cast<QComboBox *>(widget))
            widget->installEventFilter(guard);
    }
    return guard;
}

bool SpaceGuard::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::ShortcutOverride) {
        const auto *key = static_cast<QKeyEvent *>(event);
        const auto *combo = qobject_cast<QComboBox *>(watched);
        // An editable combo box's line edit claims its keys by itself.
        const bool usesSpace = !combo || !combo->isEditable();
        if (usesSpace && key->key() == Qt::Key_Space && key->modifiers() == Qt::NoModifier) {
            event->accept();
            return true;
        }
    }
    return QObject::eventFilter(watched, event);
}
