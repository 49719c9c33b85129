#pragma once

#include <QString>

// A record that failed, and why: its file could not be written (by the producer) or read back and
// validated (by the consumer). The first few of a run are kept for the summaries.
struct RecordFailure
{
    qint32 record = -1; // -1: an empty slot taken by a broken strategy
    QString error; // "student7.xml: cannot write (No space left on device)"

    friend bool operator==(const RecordFailure &, const RecordFailure &) = default;
};
