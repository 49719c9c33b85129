#pragma once

#include <QtGlobal>

class QAbstractItemView;
class QLabel;
class QObject;
class QScrollArea;
class QToolBar;
class QWidget;

// What the pages and panels share about type and scrolling.
namespace ViewHelpers {

// The smallest point size any text gets: readable from the back of a lecture hall.
constexpr qreal MinimumPointSize = 11.0;

// Keeps *follow true while the view is scrolled to the bottom: once the user scrolls up, new
// rows no longer pull the view down; scrolling back to the bottom follows again. The connections
// live as long as context.
void trackBottom(QAbstractItemView *view, bool *follow, QObject *context);

// Raises the widget's font to MinimumPointSize if it is smaller; children inherit it.
void ensureReadableFont(QWidget *widget);

// A page's settings panel, scrolling vertically when the window is short.
QScrollArea *settingsScrollArea(QWidget *settings);

// A page's toolbar: icons with their text beside them.
QToolBar *pageToolBar(const QString &title);

// Shows a number in its value label and names it for screen readers with the label whose buddy
// it is ("Lost: 0"), so the number is never read without what it counts.
void setValueText(QLabel *value, const QString &text);

} // namespace ViewHelpers
