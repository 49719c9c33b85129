#pragma once

#include <QStringList>

// `bufferlab explore FILE|NAME [options]`: every interleaving of a strategy program's threads,
// checked; prints the verdict and, for an error, the shortest schedule that reaches it (and with
// --json, one JSON object instead).
int runExploreCommand(const QStringList &arguments);
