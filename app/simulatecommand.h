#pragma once

#include <QStringList>

// `bufferlab simulate [options]`: one threads simulation, headless, logging like the original and
// ending with a summary (and with --json, one JSON object as the last line).
int runSimulateCommand(const QStringList &arguments);
