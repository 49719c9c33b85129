#pragma once

#include <QStringList>

// `bufferlab server`: the buffer server in the foreground until SIGINT/SIGTERM, then its statistics.
int runServerCommand(const QStringList &arguments);
