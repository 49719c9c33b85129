#pragma once

#include "strategyprogram.h"

#include <QList>
#include <QString>

#include <atomic>
#include <functional>

// The explorer: every interleaving of a strategy program's threads, checked. It runs P producers
// and C consumers over a buffer of N slots, each thread repeating rounds of its program (see
// strategyprogram.h), and tries every order of their steps, breadth first, so the first error it
// meets is one that the fewest steps can reach. What it checks and how is in explorer.cpp.

namespace Lab {

struct ExploreConfig
{
    int producers = 2;
    int consumers = 2;
    int capacity = 2; // N
    int items = 4; // K: records produced and taken (ignored with forever)
    // No K: every claim succeeds, all records are one and the same (so the states stay finite),
    // threads never finish; only the buffer's safety and deadlocks are checked.
    bool forever = false;
    qint64 maxStates = 10'000'000; // then the verdict is Inconclusive, never Correct
    bool symmetry = true; // producers are interchangeable, and so are consumers

    static constexpr int MaxThreadsPerRole = 8;
    static constexpr int MaxCapacity = 16;
    static constexpr int MaxItems = 64;
    static constexpr qint64 MaxStateLimit = 1'000'000'000;
};

struct Finding
{
    enum class Kind {
        None,
        Overwritten, // a record written into a slot that still held one: that one is lost
        RemoveFromEmpty, // a take from a slot nothing was ever written to
        Duplicated, // a record taken a second time
        FifoViolation, // a record taken while an older one is still in the buffer
        UnlockNotOwner, // unlock (or a condition wait) by a thread that does not hold the mutex
        Deadlock, // no thread can move, and not all have finished
        CannotFinish, // threads can move, but no schedule lets them all finish any more
        Incomplete, // every thread finished, but some record was not taken
    };
    Kind kind = Kind::None;
    QString message; // a plain sentence naming the threads, records and slots

    // "overwritten", "remove_from_empty", ... (JSON and the command line use these names)
    static QString kindName(Kind kind);
};

// What a student reads after one step of a schedule.
struct StepState
{
    struct Slot
    {
        int record = 0; // 0: nothing was ever written there
        bool live = false; // false with a record: that record was taken (the slot still shows it)
    };
    struct Object
    {
        QString name;
        SharedObject::Kind kind = SharedObject::Kind::Mutex;
        int value = 0; // a semaphore's or an integer's value
        int owner = -1; // a mutex's owner (a thread index), -1 if free
        QList<int> waiting; // a condition's wait set, by thread index
    };
    struct Thread
    {
        enum class Status { Running, Blocked, Waiting, Finished };
        QString name; // "Producer 1"
        int line = 0; // of the next step (the "producer:" line before a claim); 0 when finished
        Status status = Status::Running;
        QString object; // Blocked: the semaphore or mutex; Waiting: the condition
        int record = 0; // the record it holds and will still write, 0 for none

        QString statusText() const; // "running", "blocked on empty", "waiting on notFull", "finished"
    };

    QList<Slot> slots;
    int in = 0;
    int out = 0;
    int count = 0;
    QList<int> order; // the live records, oldest first
    QList<Object> objects; // as StrategyProgram::objects
    QList<Thread> threads; // producers first, then consumers

    // One line: "slots [1 2] in 0 out 0 count 1 | empty 0 full 1 | ring: free"
    QString summary() const;
};

struct ScheduleStep
{
    int thread = 0; // 0..P-1 producers, then consumers
    QString threadName; // "Producer 1"
    int line = 0; // of the instruction (the "producer:" or "consumer:" line for a claim)
    QString text; // the instruction as the program says it; "claim the next record" for a claim
    QString note; // what this step did, where it is not obvious from the state: "record 3", "wakes
                  // Consumer 1", "false", "reads count 1"; may be empty
    StepState after;
};

struct ExploreResult
{
    enum class Verdict { Correct, Counterexample, Inconclusive };
    Verdict verdict = Verdict::Inconclusive;
    Finding finding; // Counterexample only
    QList<ScheduleStep> schedule; // Counterexample: the shortest one, its last step causes the finding
    qint64 states = 0; // distinct states stored (after symmetry reduction)
    qint64 transitions = 0; // steps tried
    double seconds = 0.0;
    bool cancelled = false;
    QString reason; // Inconclusive: why the search stopped before covering every interleaving

    static QString verdictName(Verdict verdict); // "correct", "counterexample", "inconclusive"
    double statesPerSecond() const { return seconds > 0.0 ? double(states) / seconds : 0.0; }
};

class Explorer
{
public:
    // What makes this program or configuration impossible to explore, or an empty string: an
    // instruction on the wrong kind of object, a jump out of the program, a semaphore that starts
    // negative with this N, a count out of range, ...
    static QString validate(const StrategyProgram &program, const ExploreConfig &config);

    // Explores every interleaving (or stops at the first finding, at maxStates, or when *cancel
    // becomes true: checked often enough to return within a few milliseconds). progress, if set, is
    // called from this thread about ten times a second with the states stored so far.
    static ExploreResult explore(const StrategyProgram &program, const ExploreConfig &config,
                                 const std::atomic_bool *cancel = nullptr,
                                 const std::function<void(qint64 states)> &progress = {});
};

} // namespace Lab
