#pragma once

#include "simulationconfig.h"

#include <QString>

// How a producer or consumer client behaves. Defaults are the original program's clients.
struct ClientConfig
{
    static constexpr int MaxItems = 1'000'000;

    QString id = QStringLiteral("1");
    QString host = QStringLiteral("127.0.0.1");
    quint16 port = 5555;
    int items = 15;
    DelayRange interval {500, 2000}; // between items
    bool legacy = false; // speak the original format, with its retry policy
    bool itemsText = false; // producers: send "P<id>-Item-<n>" instead of student XML
    quint64 seed = 0; // producers: students are StudentGenerator(seed ^ hash(id))
    // The original format's retry policy when the buffer is full or empty.
    int maxRetries = 5;
    DelayRange retryDelay {1000, 3000};
    // A lost server: reconnect after 250 ms, doubling up to 4 s, at most this many times in a row.
    int reconnectAttempts = 6;
};
