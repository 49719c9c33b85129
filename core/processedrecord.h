#pragma once

#include "itstudent.h"

// A record as a consumer handed it to the results: the student read back from its XML file, or
// why that failed.
struct ProcessedRecord
{
    qint32 record = -1;
    qint16 consumer = -1; // worker index
    qint64 timeNs = 0;
    ITStudent student;
    QString error;

    bool ok() const { return error.isEmpty(); }
};
