#pragma once

#include <QObject>

class QWidget;

// Keeps the mouse wheel from changing a value by accident: a slider, spin box or combo box under
// it changes only while it has the keyboard focus; otherwise the wheel event goes on to the
// scroll area around it, so scrolling a settings panel never edits (and applies, and saves)
// whatever passes under the pointer. Such controls no longer take the focus from the wheel.
class WheelGuard : public QObject
{
    Q_OBJECT
public:
    // Guards every slider, spin box and combo box inside root (as it is now); the guard is a child
    // of root.
    static WheelGuard *install(QWidget *root);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    explicit WheelGuard(QObject *parent);
};
