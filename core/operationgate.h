#pragma once

class BufferObserver;

// Where a strategy asks, right before it takes its lock to insert or remove, whether the operation
// may happen now. Lets a paused run take exactly one step: one insert or one remove. Asked outside
// the lock, so a paused worker never holds it (and nobody, a view included, waits behind it).
class OperationGate
{
public:
    // Blocks while the run is paused and no step is granted; consumes the step. The observer is
    // told it is paused while it waits. Returns false once the run is stopped.
    virtual bool admitOperation(BufferObserver *observer) = 0;
    // An admitted worker found it could not operate after all (the buffer filled up meanwhile):
    // the step goes back to whoever operates next.
    virtual void refundOperation() = 0;

protected:
    ~OperationGate() = default;
};
