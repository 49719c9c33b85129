#include "explorer.h"

#include "programmodel.h"
#include "statestore.h"

#include <QElapsedTimer>
#include <QLocale>
#include <QStringList>

#include <algorithm>
#include <cstring>
#include <memory>
#include <new>
#include <optional>
#include <vector>

using namespace Qt::StringLiterals;

// What is checked, and how.
//
// Every step of every thread is tried from every state reached, breadth first, so states are met
// in order of the fewest steps that reach them. A finding belongs to the step that causes it:
// the step's own errors (a record written over, a take from an empty slot, a record taken twice
// or out of order, an unlock of a mutex the thread does not hold, every thread finished with a
// record never taken) are found when the step is tried; a deadlock when the state it leads to is
// first stored. The first finding is therefore one of those the fewest steps reach, and the
// search stops there. Only a search that covered every state can say Correct; after it (not in
// forever mode) a backward search over the stored steps finds the states from which no
// schedule lets every thread finish, and the first of them is a counterexample too.
//
// With symmetry on, a state is stored as the representative of its class (ProgramModel::
// canonicalize): a producer is any producer, a consumer any consumer. The path of a
// counterexample is rebuilt on concrete states, picking at each step a thread whose move leads to
// the next stored representative, so its threads have their real names.

namespace Lab {

namespace {

QString kindText(SharedObject::Kind kind)
{
    switch (kind) {
    case SharedObject::Kind::Semaphore:
        return u"a semaphore"_s;
    case SharedObject::Kind::Mutex:
        return u"a mutex"_s;
    case SharedObject::Kind::Condition:
        return u"a condition"_s;
    case SharedObject::Kind::Integer:
        return u"an integer"_s;
    }
    return {};
}

// What is wrong with an expression (its stack discipline, the objects it names), or nothing.
QString checkExpression(const Expression &expression, const StrategyProgram &program)
{
    using Op = Expression::Op;
    if (expression.isEmpty())
        return u"an empty expression"_s;
    int depth = 0;
    for (const Expression::Token &token : expression.tokens) {
        switch (token.op) {
        case Op::Integer:
            if (token.value < 0 || token.value >= program.objects.size()
                || program.objects.at(token.value).kind != SharedObject::Kind::Integer)
                return u"an expression names object %1, which is not an integer"_s.arg(token.value);
            Q_FALLTHROUGH();
        case Op::Constant:
        case Op::Capacity:
        case Op::Count:
            if (++depth > 32)
                return u"an expression deeper than 32"_s;
            break;
        case Op::Negate:
        case Op::Not:
            if (depth < 1)
                return u"an expression with an operator short of operands"_s;
            break;
        default:
            if (depth < 2)
                return u"an expression with an operator short of operands"_s;
            --depth;
        }
    }
    if (depth != 1)
        return u"an expression that leaves %1 values instead of 1"_s.arg(depth);
    return {};
}

QString checkCode(const ThreadProgram &thread, const StrategyProgram &program, bool producer)
{
    const QString role = producer ? u"the producer"_s : u"the consumer"_s;
    const QList<Instruction> &code = thread.code;
    if (code.isEmpty() || code.last().op != OpCode::End)
        return u"%1's instructions do not end with End"_s.arg(role);
    if (code.size() > 250)
        return u"%1 has %2 instructions; the explorer takes at most 250"_s.arg(role).arg(code.size());
    const auto objectIs = [&program](int index, SharedObject::Kind kind) {
        return index >= 0 && index < program.objects.size() && program.objects.at(index).kind == kind;
    };
    for (qsizetype i = 0; i < code.size(); ++i) {
        const Instruction &instruction = code.at(i);
        const QString where = u"%1, line %2"_s.arg(role).arg(instruction.line);
        const auto needs = [&](int index, SharedObject::Kind kind) -> QString {
            if (objectIs(index, kind))
                return {};
            if (index < 0 || index >= program.objects.size())
                return u"%1: \"%2\" names no object (index %3)"_s.arg(where, instruction.text).arg(index);
            return u"%1: \"%2\" needs %3, but %4 is %5"_s.arg(where, instruction.text, kindText(kind),
                                                              program.objects.at(index).name,
                                                              kindText(program.objects.at(index).kind));
        };
        QString error;
        switch (instruction.op) {
        case OpCode::Wait:
        case OpCode::Signal:
            error = needs(instruction.object, SharedObject::Kind::Semaphore);
            break;
        case OpCode::Lock:
        case OpCode::Unlock:
            error = needs(instruction.object, SharedObject::Kind::Mutex);
            break;
        case OpCode::ConditionWait:
            error = needs(instruction.object, SharedObject::Kind::Condition);
            if (error.isEmpty())
                error = needs(instruction.object2, SharedObject::Kind::Mutex);
            if (error.isEmpty()
                && (i + 1 >= code.size() || code.at(i + 1).op != OpCode::ConditionReacquire
                    || code.at(i + 1).object2 != instruction.object2))
                error = u"%1: a condition wait is not followed by its reacquire"_s.arg(where);
            break;
        case OpCode::ConditionReacquire:
            error = needs(instruction.object2, SharedObject::Kind::Mutex);
            if (error.isEmpty() && (i == 0 || code.at(i - 1).op != OpCode::ConditionWait))
                error = u"%1: a reacquire that follows no condition wait"_s.arg(where);
            break;
        case OpCode::Notify:
        case OpCode::NotifyAll:
            error = needs(instruction.object, SharedObject::Kind::Condition);
            break;
        case OpCode::Assign:
            error = needs(instruction.object, SharedObject::Kind::Integer);
            if (error.isEmpty() && !(error = checkExpression(instruction.expression, program)).isEmpty())
                error = u"%1: %2"_s.arg(where, error);
            break;
        case OpCode::JumpIfFalse:
            if (!(error = checkExpression(instruction.expression, program)).isEmpty())
                error = u"%1: %2"_s.arg(where, error);
            Q_FALLTHROUGH();
        case OpCode::Jump:
            if (error.isEmpty() && (instruction.target < 0 || instruction.target >= code.size()))
                error = u"%1: a jump to instruction %2, outside the program"_s.arg(where).arg(
                    instruction.target);
            break;
        case OpCode::InsertReadIn:
        case OpCode::InsertWrite:
        case OpCode::InsertAdvance:
        case OpCode::InsertReadCount:
        case OpCode::InsertWriteCount:
            if (!producer)
                error = u"%1: only producers insert"_s.arg(where);
            break;
        case OpCode::RemoveReadOut:
        case OpCode::RemoveTake:
        case OpCode::RemoveAdvance:
        case OpCode::RemoveReadCount:
        case OpCode::RemoveWriteCount:
            if (producer)
                error = u"%1: only consumers remove"_s.arg(where);
            break;
        case OpCode::Pass:
        case OpCode::End:
            break;
        }
        if (!error.isEmpty())
            return error;
    }
    // Jumps alone must not go round in a circle: a thread there would move without ever stepping.
    for (qsizetype i = 0; i < code.size(); ++i) {
        qsizetype at = i;
        for (qsizetype hops = 0; at >= 0 && at < code.size() && code.at(at).op == OpCode::Jump; ++hops) {
            if (hops > code.size())
                return u"%1, line %2: jumps that go round in a circle without a step"_s.arg(role).arg(
                    code.at(i).line);
            at = code.at(at).target;
        }
    }
    return {};
}

struct Stop
{
    enum class Why { Complete, Finding, Budget, Cancelled, Overflow, OutOfMemory };
    Why why = Why::Complete;
    Finding::Kind kind = Finding::Kind::None;
    quint32 state = 0; // a step's finding: the state before it; a deadlock or cannot-finish: the state
    bool byStep = false;
    int thread = -1; // Overflow
};

bool cancelled(const std::atomic_bool *cancel)
{
    return cancel && cancel->load(std::memory_order_relaxed);
}

// The first state (in breadth-first order) from which no state with every thread finished can be
// reached, or nothing. targets holds each state's successors, degree how many.
std::optional<quint32> firstThatCannotFinish(const ProgramModel &model, const StateStore &store,
                                             const std::vector<quint32> &targets,
                                             const std::vector<uint16_t> &degree,
                                             const std::atomic_bool *cancel, bool *stopped)
{
    const auto n = size_t(store.size());
    // Predecessors of each state, from the successor lists.
    std::vector<uint64_t> start(n + 1, 0);
    for (const quint32 target : targets)
        ++start[target + 1];
    for (size_t i = 0; i < n; ++i)
        start[i + 1] += start[i];
    std::vector<quint32> predecessors(targets.size());
    {
        std::vector<uint64_t> cursor(start.begin(), start.end() - 1);
        size_t edge = 0;
        for (size_t from = 0; from < degree.size(); ++from) {
            for (uint16_t k = 0; k < degree[from]; ++k)
                predecessors[cursor[targets[edge++]]++] = quint32(from);
            if ((from & 0xFFFF) == 0 && cancelled(cancel)) {
                *stopped = true;
                return std::nullopt;
            }
        }
    }
    std::vector<uint8_t> canFinish(n, 0);
    std::vector<quint32> queue;
    for (size_t i = 0; i < n; ++i) {
        if (model.allFinished(store.state(quint32(i)))) {
            canFinish[i] = 1;
            queue.push_back(quint32(i));
        }
    }
    for (size_t head = 0; head < queue.size(); ++head) {
        if ((head & 0xFFFF) == 0 && cancelled(cancel)) {
            *stopped = true;
            return std::nullopt;
        }
        const quint32 state = queue[head];
        for (uint64_t p = start[state]; p < start[state + 1]; ++p) {
            if (!canFinish[predecessors[p]]) {
                canFinish[predecessors[p]] = 1;
                queue.push_back(predecessors[p]);
            }
        }
    }
    const auto first = std::find(canFinish.begin(), canFinish.end(), uint8_t(0));
    if (first == canFinish.end())
        return std::nullopt;
    return quint32(first - canFinish.begin());
}

} // namespace

QString Finding::kindName(Kind kind)
{
    switch (kind) {
    case Kind::None:
        return u"none"_s;
    case Kind::Overwritten:
        return u"overwritten"_s;
    case Kind::RemoveFromEmpty:
        return u"remove_from_empty"_s;
    case Kind::Duplicated:
        return u"duplicated"_s;
    case Kind::FifoViolation:
        return u"fifo_violation"_s;
    case Kind::UnlockNotOwner:
        return u"unlock_not_owner"_s;
    case Kind::Deadlock:
        return u"deadlock"_s;
    case Kind::CannotFinish:
        return u"cannot_finish"_s;
    case Kind::Incomplete:
        return u"incomplete"_s;
    }
    return {};
}

QString ExploreResult::verdictName(Verdict verdict)
{
    switch (verdict) {
    case Verdict::Correct:
        return u"correct"_s;
    case Verdict::Counterexample:
        return u"counterexample"_s;
    case Verdict::Inconclusive:
        return u"inconclusive"_s;
    }
    return {};
}

QString StepState::Thread::statusText() const
{
    switch (status) {
    case Status::Running:
        return u"running"_s;
    case Status::Blocked:
        return u"blocked on "_s + object;
    case Status::Waiting:
        return u"waiting on "_s + object;
    case Status::Finished:
        return u"finished"_s;
    }
    return {};
}

QString StepState::summary() const
{
    QStringList cells;
    for (const Slot &slot : slots)
        cells.append(slot.live ? QString::number(slot.record) : u"_"_s);
    QString text = u"slots [%1] in %2 out %3 count %4"_s.arg(cells.join(u' ')).arg(in).arg(out).arg(count);
    QStringList semaphores, mutexes, conditions, integers;
    for (const Object &object : objects) {
        switch (object.kind) {
        case SharedObject::Kind::Semaphore:
            semaphores.append(u"%1 %2"_s.arg(object.name).arg(object.value));
            break;
        case SharedObject::Kind::Mutex:
            mutexes.append(u"%1: %2"_s.arg(object.name,
                                           object.owner >= 0 && object.owner < threads.size()
                                               ? threads.at(object.owner).name
                                               : u"free"_s));
            break;
        case SharedObject::Kind::Condition: {
            QStringList waiting;
            for (const int thread : object.waiting)
                waiting.append(thread >= 0 && thread < threads.size() ? threads.at(thread).name : QString());
            conditions.append(u"%1 [%2]"_s.arg(object.name, waiting.join(u", "_s)));
            break;
        }
        case SharedObject::Kind::Integer:
            integers.append(u"%1 = %2"_s.arg(object.name).arg(object.value));
            break;
        }
    }
    for (const QStringList *group : {&semaphores, &mutexes, &conditions, &integers}) {
        if (!group->isEmpty())
            text += u" | "_s + group->join(u' ');
    }
    return text;
}

QString Explorer::validate(const StrategyProgram &program, const ExploreConfig &config)
{
    const auto range = [](const char16_t *name, qint64 value, qint64 min, qint64 max) -> QString {
        if (value >= min && value <= max)
            return {};
        return u"%1: %2 is out of range (%3 to %4)"_s.arg(QString::fromUtf16(name))
            .arg(value)
            .arg(min)
            .arg(max);
    };
    for (const QString &error :
         {range(u"producers", config.producers, 1, ExploreConfig::MaxThreadsPerRole),
          range(u"consumers", config.consumers, 1, ExploreConfig::MaxThreadsPerRole),
          range(u"buffer", config.capacity, 1, ExploreConfig::MaxCapacity),
          config.forever ? QString() : range(u"items", config.items, 1, ExploreConfig::MaxItems),
          range(u"max states", config.maxStates, 1, ExploreConfig::MaxStateLimit)}) {
        if (!error.isEmpty())
            return error;
    }
    if (program.objects.size() > 200)
        return u"%1 shared objects; the explorer takes at most 200"_s.arg(program.objects.size());
    for (const SharedObject &object : program.objects) {
        if (object.kind != SharedObject::Kind::Semaphore && object.kind != SharedObject::Kind::Integer)
            continue;
        int value = 0;
        if (!object.initial.isEmpty()
            && !ProgramModel::constantValue(object.initial, config.capacity, &value))
            return u"%1 (line %2): its initial value is not a constant (numbers and N only)"_s
                .arg(object.name)
                .arg(object.line);
        if (object.kind == SharedObject::Kind::Semaphore && value < 0)
            return u"semaphore %1 (line %2) would start at %3 with a buffer of %4: a semaphore cannot be negative"_s
                .arg(object.name)
                .arg(object.line)
                .arg(value)
                .arg(config.capacity);
        if (object.kind == SharedObject::Kind::Semaphore && value > 255)
            return u"semaphore %1 (line %2) would start at %3: the explorer holds semaphores up to 255"_s
                .arg(object.name)
                .arg(object.line)
                .arg(value);
        if (object.kind == SharedObject::Kind::Integer && (value < -128 || value > 127))
            return u"integer %1 (line %2) would start at %3: the explorer holds integers from -128 to 127"_s
                .arg(object.name)
                .arg(object.line)
                .arg(value);
    }
    if (QString error = checkCode(program.producer, program, true); !error.isEmpty())
        return error;
    return checkCode(program.consumer, program, false);
}

ExploreResult Explorer::explore(const StrategyProgram &program, const ExploreConfig &config,
                                const std::atomic_bool *cancel,
                                const std::function<void(qint64 states)> &progress)
{
    QElapsedTimer clock;
    clock.start();
    ExploreResult result;
    if (const QString error = validate(program, config); !error.isEmpty()) {
        result.reason = error;
        return result;
    }
    const ProgramModel model(program, config);
    const auto size = size_t(model.stateSize());
    std::vector<uint8_t> buffers(size * 3);
    uint8_t *concrete = buffers.data();
    uint8_t *next = concrete + size;
    uint8_t *canonical = next + size;

    Stop stop;
    std::unique_ptr<StateStore> store;
    try {
        store = std::make_unique<StateStore>(model.stateSize());
        model.initialState(concrete);
        model.canonicalize(concrete, canonical);
        quint32 index = 0;
        store->insert(canonical, StateStore::NoParent, config.maxStates, &index);

        // Each expanded state's successors, for the backward search after a complete search.
        const bool keepEdges = !config.forever;
        std::vector<quint32> targets;
        std::vector<uint16_t> degree;
        QElapsedTimer sinceProgress;
        sinceProgress.start();
        for (quint32 current = 0; current < quint32(store->size()) && stop.why == Stop::Why::Complete;
             ++current) {
            if ((current & 255) == 0) {
                if (cancelled(cancel)) {
                    stop.why = Stop::Why::Cancelled;
                    break;
                }
                if (progress && sinceProgress.elapsed() >= 100) {
                    progress(store->size());
                    sinceProgress.restart();
                }
            }
            const uint8_t *state = store->state(current);
            const size_t edgesBefore = targets.size();
            for (int thread = 0; thread < model.threadCount() && stop.why == Stop::Why::Complete; ++thread) {
                if (!model.canStep(state, thread))
                    continue;
                const int choices = model.choiceCount(state, thread);
                for (int choice = 0; choice < choices; ++choice) {
                    ++result.transitions;
                    const ProgramModel::Outcome outcome = model.step(state, thread, choice, next);
                    if (outcome.overflow) {
                        stop = {Stop::Why::Overflow, Finding::Kind::None, current, true, thread};
                        break;
                    }
                    if (outcome.finding != Finding::Kind::None) {
                        stop = {Stop::Why::Finding, outcome.finding, current, true, thread};
                        break;
                    }
                    model.canonicalize(next, canonical);
                    const StateStore::Insert inserted
                        = store->insert(canonical, current, config.maxStates, &index);
                    if (inserted == StateStore::Insert::Full) {
                        stop.why = Stop::Why::Budget;
                        break;
                    }
                    if (keepEdges)
                        targets.push_back(index);
                    if (inserted == StateStore::Insert::Added && !model.anyCanStep(canonical)
                        && !model.allFinished(canonical)) {
                        stop = {Stop::Why::Finding, Finding::Kind::Deadlock, index, false, -1};
                        break;
                    }
                }
            }
            if (keepEdges)
                degree.push_back(uint16_t(targets.size() - edgesBefore));
        }
        if (stop.why == Stop::Why::Complete && keepEdges) {
            bool interrupted = false;
            const std::optional<quint32> doomed
                = firstThatCannotFinish(model, *store, targets, degree, cancel, &interrupted);
            if (interrupted)
                stop.why = Stop::Why::Cancelled;
            else if (doomed)
                stop = {Stop::Why::Finding, Finding::Kind::CannotFinish, *doomed, false, -1};
        }
    } catch (const std::bad_alloc &) {
        stop.why = Stop::Why::OutOfMemory;
    }
    result.states = store ? store->size() : 0;

    switch (stop.why) {
    case Stop::Why::Complete:
        result.verdict = ExploreResult::Verdict::Correct;
        break;
    case Stop::Why::Cancelled:
        result.cancelled = true;
        result.reason = u"cancelled after %1 states, before every interleaving was covered"_s.arg(
            QLocale(QLocale::English).toString(result.states));
        break;
    case Stop::Why::Budget:
        result.reason = u"the search reached its limit of %1 states before it covered every interleaving; "
                        "nothing wrong was found up to there"_s.arg(
                            QLocale(QLocale::English).toString(config.maxStates));
        break;
    case Stop::Why::OutOfMemory:
        result.reason = u"the search ran out of memory after %1 states"_s.arg(
            QLocale(QLocale::English).toString(result.states));
        break;
    case Stop::Why::Overflow:
        result.reason = model.overflowMessage(store->state(stop.state), stop.thread);
        break;
    case Stop::Why::Finding: {
        result.verdict = ExploreResult::Verdict::Counterexample;
        result.finding.kind = stop.kind;
        // The stored states from the first one to the finding's, then the same path on concrete
        // states: each step by a thread whose move leads to the next stored representative.
        std::vector<quint32> chain;
        for (quint32 at = stop.state; at != StateStore::NoParent; at = store->parent(at))
            chain.push_back(at);
        std::reverse(chain.begin(), chain.end());
        model.initialState(concrete);
        const auto followedBy = [&](const std::function<bool(const ProgramModel::Outcome &)> &accept) {
            for (int thread = 0; thread < model.threadCount(); ++thread) {
                if (!model.canStep(concrete, thread))
                    continue;
                for (int choice = 0; choice < model.choiceCount(concrete, thread); ++choice) {
                    if (accept(model.step(concrete, thread, choice, next)))
                        return thread;
                }
            }
            return -1;
        };
        for (size_t k = 1; k < chain.size(); ++k) {
            const uint8_t *wanted = store->state(chain[k]);
            const int thread = followedBy([&](const ProgramModel::Outcome &outcome) {
                if (outcome.overflow || outcome.finding != Finding::Kind::None)
                    return false;
                model.canonicalize(next, canonical);
                return std::memcmp(canonical, wanted, size) == 0;
            });
            if (thread < 0)
                break;
            result.schedule.append(model.describeStep(concrete, thread, next));
            std::memcpy(concrete, next, size);
        }
        // Neither can fail while canonicalize() only renames threads; said rather than crashed on.
        const auto abandon = [&result](const QString &why) {
            result.verdict = ExploreResult::Verdict::Inconclusive;
            result.finding = {};
            result.schedule.clear();
            result.reason = why;
        };
        if (result.schedule.size() != qsizetype(chain.size() - 1)) {
            abandon(u"the counterexample's path could not be rebuilt"_s);
            break;
        }
        if (stop.byStep) {
            const int thread = followedBy(
                [&](const ProgramModel::Outcome &outcome) { return outcome.finding == stop.kind; });
            if (thread < 0) {
                abandon(u"the counterexample's last step could not be rebuilt"_s);
                break;
            }
            result.schedule.append(model.describeStep(concrete, thread, next));
            result.finding.message = model.findingMessage(stop.kind, concrete, thread, next);
        } else {
            result.finding.message = model.findingMessage(stop.kind, concrete, -1, concrete);
        }
        break;
    }
    }
    result.seconds = double(clock.nsecsElapsed()) / 1e9;
    return result;
}

} // namespace Lab
