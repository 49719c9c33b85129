#pragma once

#include <QList>
#include <QString>
#include <QtGlobal>

class QAbstractItemView;
class QLabel;
class QAction;
class QKeySequence;
class QObject;
class QScrollArea;
class QToolBar;
class QWidget;

// What the pages and panels share about type and scrolling.
namespace ViewHelpers {

// The smallest point size any text gets: readable from the back of a lecture hall.
constexpr qreal MinimumPointSize = 11.0;
// The smallest text a painted view draws (lane names, legends, slot numbers, captions), in
// pixels: 9 points at 96 dpi. A view too small for its text at this size leaves the text out or
// shortens it rather than shrinking it.
constexpr qreal MinimumPaintPixels = 12.0;

// Keeps *follow true while the view is scrolled to the bottom: once the user scrolls up, new
// rows no longer pull the view down; scrolling back to the bottom follows again. The connections
// live as long as context.
void trackBottom(QAbstractItemView *view, bool *follow, QObject *context);

// Raises the widget's font to MinimumPointSize if it is smaller; children inherit it.
void ensureReadableFont(QWidget *widget);

// A page's settings panel, scrolling vertically when the window is short. Its sliders, spin boxes
// and combo boxes take the wheel only while they have the focus (WheelGuard).
QScrollArea *settingsScrollArea(QWidget *settings);

// A page's toolbar: icons with their text beside them.
QToolBar *pageToolBar(const QString &title);

// A page's frame: the toolbar on top, then the settings (from settingsScrollArea()) beside the
// page's centre in a splitter named splitterName (its sizes are saved with the window).
void layOutPage(QWidget *page, QToolBar *toolBar, QWidget *settings, QWidget *centre,
                const QString &splitterName, int settingsWidth);

// Shows or hides a page's settings and lays the page out again at once: a page on a hidden tab
// would otherwise keep the minimum size of its old layout, and hold the window to it.
void setSettingsVisible(QWidget *page, QWidget *settings, bool visible);

// Shows a number in its value label and names it for screen readers with the label whose buddy
// it is ("Lost: 0"), so the number is never read without what it counts.
void setValueText(QLabel *value, const QString &text);
// Lets Tab reach the toolbar's buttons (QToolBar gives them Qt::NoFocus); call once its actions
// are added.
void letTabReach(QToolBar *toolBar);

// Gives the action its shortcuts, working wherever the focus is inside the widget the action is
// added to (a page), and a tooltip that names them: "Start a new run (F5, Space)".
void setShortcuts(QAction *action, const QList<QKeySequence> &keys, const QString &toolTip);

// The text with an '&' before its first letter or digit not in *used (which is then added to
// *used), so generated menu entries get a mnemonic of their own; '&' in the text is escaped.
QString withMnemonic(const QString &text, QString *used);

} // namespace ViewHelpers
