#pragma once

#include "nativeprotocol.h"

#include <QStringList>

// `bufferlab producer ID` and `bufferlab consumer ID`: one client until its items are done.
int runClientCommand(NativeProtocol::Role role, const QStringList &arguments);
