#pragma once

#include "drainqueue.h"
#include "workerstate.h"

#include <QElapsedTimer>

// One thing that happened in a run, stamped with the time since the run started.
struct JournalEvent
{
    enum class Kind : quint8 {
        StateChanged, // a worker's state changed; record = the record it is handling, or -1
        Inserted, // record went into slot; size = items in the buffer after
        Removed, // record came out of slot; size = items in the buffer after
        Processed, // a consumer finished a record that read back valid
        Failed, // a consumer could not read or validate the record's file
    };

    qint64 timeNs = 0;
    qint32 record = -1;
    qint16 worker = -1; // index into Simulation::workers()
    qint16 slot = -1;
    qint16 size = -1;
    Kind kind = Kind::StateChanged;
    WorkerState state = WorkerState::Idle;
    qint8 programme = -1; // ITStudent::programmes() index, for colouring tokens; -1 unknown
};

// The thread-safe record of a run: workers append, the GUI drains it once per frame and the
// command line on its print timer. Nobody gets one queued signal per event.
class Journal : public DrainQueue<JournalEvent>
{
public:
    Journal() { m_clock.start(); }

    void restartClock() { m_clock.restart(); }
    qint64 now() const { return m_clock.nsecsElapsed(); }

private:
    QElapsedTimer m_clock;
};
