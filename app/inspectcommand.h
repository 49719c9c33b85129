#pragma once

#include <QStringList>

// `bufferlab inspect FILE.xml...`: prints each record with its average and verdict, or why the
// file is not a valid record (exit 1).
int runInspectCommand(const QStringList &arguments);
