#pragma once

#include <QStringList>

// `bufferlab launch`: a server and P producers and C consumers (in this process or as child
// processes), until every client is done; then per-client and total statistics and the check that
// nothing was lost or duplicated.
int runLaunchCommand(const QStringList &arguments);
