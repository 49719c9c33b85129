#pragma once

#include <QString>

// One line of a log, as the GUI and the command line show it: when, who (an index the owner
// can name, -1 for the owner itself) and what.
struct LogEntry
{
    qint64 timeNs = 0;
    int source = -1;
    QString text;
    bool error = false;
};
