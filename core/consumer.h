#pragma once

#include "worker.h"

// Removes a record number from the buffer, reads and validates studentN.xml, deletes it (unless
// the run keeps XML), and hands the processed record to the results; then sleeps.
class Consumer final : public Worker
{
    Q_OBJECT
public:
    Consumer(int number, int index, RunContext &context, QObject *parent = nullptr);

protected:
    void work() override;

private:
    void process(int record);
    void reportPhantom();
};
