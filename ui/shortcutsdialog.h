#pragma once

#include <QDialog>
#include <QList>
#include <QString>

class QAction;
class QMenuBar;
class QTreeWidget;

// Help > Keyboard shortcuts: every shortcut, read from the actions themselves (the menu bar's
// menus and the window's own actions), so the list cannot drift from what the keys do, followed
// by the keys that belong to views rather than actions (the buffer view's arrows, Enter on a
// student, Tab, the wheel).
class ShortcutsDialog : public QDialog
{
    Q_OBJECT
public:
    struct Entry
    {
        QString group; // "Run", "Network", "Buffer view"
        QString keys; // "F5, Space"
        QString what; // "Start"
    };

    explicit ShortcutsDialog(QWidget *parent = nullptr);

    // Every action with a shortcut in the menus (by menu, in menu order, submenus included), then
    // the extra actions under "Window", then the views' keys.
    static QList<Entry> entries(const QMenuBar *menuBar, const QList<QAction *> &extra);
    // Shows these entries (replacing what was shown).
    void setEntries(const QList<Entry> &entries);
    QList<Entry> shownEntries() const { return m_entries; }
    QTreeWidget *tree() const { return m_tree; }

private:
    QTreeWidget *m_tree = nullptr;
    QList<Entry> m_entries;
};
