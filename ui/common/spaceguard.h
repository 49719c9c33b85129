#pragma once

#include <QObject>

class QWidget;

// Lets a focused control keep the keys it acts on when a page shortcut uses the same key: Space
// ticks a check box, presses a button and opens a combo box's list instead of starting a run.
// The guard accepts the ShortcutOverride for those keys, so the key press reaches the control.
class SpaceGuard : public QObject
{
    Q_OBJECT
public:
    // Guards every button (push, tool, check, radio) and non-editable combo box inside root (as it
    // is now); the guard is a child of root.
    static SpaceGuard *install(QWidget *root);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    explicit SpaceGuard(QObject *parent);
};
