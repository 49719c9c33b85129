#include "shortcutsdialog.h"

#include <QAction>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QMenu>
#include <QMenuBar>
#include <QTreeWidget>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {

QString keysOf(const QAction *action)
{
    QStringList keys;
    const QList<QKeySequence> shortcuts = action->shortcuts();
    for (const QKeySequence &shortcut : shortcuts)
        keys.append(shortcut.toString(QKeySequence::NativeText));
    return keys.join(u", "_s);
}

QString plainText(const QAction *action)
{
    // iconText() is the text without its mnemonic and its trailing ellipsis.
    return action->iconText();
}

void collect(const QMenu *menu, const QString &group, QList<ShortcutsDialog::Entry> *entries)
{
    const QList<QAction *> actions = menu->actions();
    for (const QAction *action : actions) {
        if (action->menu())
            collect(action->menu(), group, entries);
        else if (!action->shortcuts().isEmpty())
            entries->append({group, keysOf(action), plainText(action)});
    }
}

} // namespace

ShortcutsDialog::ShortcutsDialog(QWidget *parent) : QDialog(parent), m_tree(new QTreeWidget)
{
    setWindowTitle(tr("Keyboard shortcuts"));
    m_tree->setColumnCount(2);
    m_tree->setHeaderLabels({tr("Keys"), tr("What they do")});
    m_tree->setRootIsDecorated(false);
    m_tree->setItemsExpandable(false);
    m_tree->setAlternatingRowColors(true);
    m_tree->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_tree);
    layout->addWidget(buttons);
    resize(640, 560);
}

QList<ShortcutsDialog::Entry> ShortcutsDialog::entries(const QMenuBar *menuBar, const QList<QAction *> &extra)
{
    QList<Entry> entries;
    const QList<QAction *> menus = menuBar->actions();
    for (const QAction *menu : menus) {
        if (menu->menu())
            collect(menu->menu(), plainText(menu), &entries);
    }
    for (const QAction *action : extra) {
        if (!action->shortcuts().isEmpty())
            entries.append({tr("Window"), keysOf(action), plainText(action)});
    }
    const QString anywhere = tr("Anywhere");
    entries.append(
        {anywhere, tr("Tab, Shift+Tab"), tr("Move to the next or previous control, toolbars included")});
    entries.append({anywhere, tr("Alt+underlined letter"), tr("Open that menu")});
    entries.append({anywhere, tr("Space on a button, check box or combo box"),
                    tr("Acts on that control (a run starts with F5 there)")});
    entries.append({anywhere, tr("Mouse wheel"),
                    tr("Scrolls the settings; changes a value only in the control with the focus")});
    const QString buffer = tr("Buffer view");
    entries.append({buffer, tr("Left, Right, Up, Down, Home, End"), tr("Move between the slots")});
    entries.append({buffer, tr("Enter"), tr("Open the record card of the record in the slot")});
    entries.append({tr("Processed students"), tr("Enter"), tr("Open the student's record card")});
    entries.append(
        {tr("Record card"), tr("Space, ."), tr("Pause or resume, and step, while the card has the focus")});
    return entries;
}

void ShortcutsDialog::setEntries(const QList<Entry> &entries)
{
    m_entries = entries;
    m_tree->clear();
    QTreeWidgetItem *group = nullptr;
    for (const Entry &entry : entries) {
        if (!group || group->text(0) != entry.group) {
            group = new QTreeWidgetItem(m_tree, {entry.group});
            group->setFirstColumnSpanned(true);
            QFont bold = group->font(0);
            bold.setBold(true);
            group->setFont(0, bold);
            group->setFlags(Qt::ItemIsEnabled);
        }
        new QTreeWidgetItem(group, {entry.keys, entry.what});
    }
    m_tree->expandAll();
}
