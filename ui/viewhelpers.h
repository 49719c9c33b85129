#pragma once

#include <QtGlobal>

class QAbstractItemView;
class QObject;

// What the pages and panels share about type and scrolling.
namespace ViewHelpers {

// The smallest point size any text gets: readable from the back of a lecture hall.
constexpr qreal MinimumPointSize = 11.0;

// Keeps *follow true while the view is scrolled to the bottom: once the user scrolls up, new
// rows no longer pull the view down; scrolling back to the bottom follows again. The connections
// live as long as context.
void trackBottom(QAbstractItemView *view, bool *follow, QObject *context);

} // namespace ViewHelpers
