#pragma once

#include "itstudent.h"

// A record as a consumer handed it to the results: the student read back from its XML file, or
// why that failed. A record whose file a producer could not write is handed over by that producer
// (writeFailed), with the student it generated and the system's reason.
struct ProcessedRecord
{
    qint32 record = -1;
    qint16 consumer = -1; // worker index: the consumer, or the producer for writeFailed
    qint64 timeNs = 0;
    ITStudent student;
    QString error;
    bool writeFailed = false;

    bool ok() const { return error.isEmpty(); }
};
