#pragma once

#include "worker.h"

// Generates a student, writes studentN.xml, inserts N into the buffer, sleeps; until the run has
// claimed all its record numbers or is stopped.
class Producer final : public Worker
{
    Q_OBJECT
public:
    Producer(int number, int index, RunContext &context, QObject *parent = nullptr);

protected:
    void work() override;
};
