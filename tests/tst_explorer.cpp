#include "explorer.h"
#include "explorereport.h"
#include "strategyparser.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>

#include <algorithm>
#include <atomic>
#include <functional>
#include <map>
#include <set>
#include <vector>

using namespace Qt::StringLiterals;
using namespace Lab;

using Kind = Finding::Kind;
using Verdict = ExploreResult::Verdict;
using Op = Expression::Op;

Q_DECLARE_METATYPE(Lab::StrategyProgram)
Q_DECLARE_METATYPE(Lab::ExploreConfig)
Q_DECLARE_METATYPE(Lab::Finding::Kind)

// A helper's failed QCOMPARE returns from the helper only: stop the test there too.
#define EXPLORE_BOTH(result, program, config)                                                                \
    const ExploreResult result = exploreBoth(program, config);                                               \
    if (QTest::currentTestFailed())                                                                          \
        return;

namespace {

// --- Programs, built as the strategy language's parser will build them -----------------------

Expression constant(int value)
{
    return Expression {{{Op::Constant, value}}};
}

Expression capacity()
{
    return Expression {{{Op::Capacity, 0}}};
}

Expression countEquals(Expression right)
{
    Expression e {{{Op::Count, 0}}};
    e.tokens += right.tokens;
    e.tokens.append({Op::Equal, 0});
    return e;
}

// Writes one role's instructions, one statement per line.
class RoleBuilder
{
public:
    RoleBuilder(StrategyProgram *program, ThreadProgram *role, int line) : m_program(program), m_role(role)
    {
        m_role->line = line;
        m_line = line;
    }

    int here() const { return int(m_role->code.size()); }
    RoleBuilder &wait(const QString &semaphore) { return add(OpCode::Wait, semaphore, u"wait(%1)"_s); }
    RoleBuilder &signal(const QString &semaphore) { return add(OpCode::Signal, semaphore, u"signal(%1)"_s); }
    RoleBuilder &lock(const QString &mutex) { return add(OpCode::Lock, mutex, u"lock(%1)"_s); }
    RoleBuilder &unlock(const QString &mutex) { return add(OpCode::Unlock, mutex, u"unlock(%1)"_s); }
    RoleBuilder &notify(const QString &condition) { return add(OpCode::Notify, condition, u"notify(%1)"_s); }
    RoleBuilder &notifyAll(const QString &condition)
    {
        return add(OpCode::NotifyAll, condition, u"notify_all(%1)"_s);
    }
    RoleBuilder &assign(const QString &integer, const Expression &value, const QString &text)
    {
        ++m_line;
        append({OpCode::Assign, m_program->objectIndex(integer), -1, -1, value, m_line, 1, text});
        return *this;
    }
    RoleBuilder &pass()
    {
        ++m_line;
        append({OpCode::Pass, -1, -1, -1, {}, m_line, 1, u"pass"_s});
        return *this;
    }
    RoleBuilder &conditionWait(const QString &condition, const QString &mutex)
    {
        ++m_line;
        const int c = m_program->objectIndex(condition);
        const int m = m_program->objectIndex(mutex);
        const QString text = u"wait(%1, %2)"_s.arg(condition, mutex);
        append({OpCode::ConditionWait, c, m, -1, {}, m_line, 1, text});
        append({OpCode::ConditionReacquire, c, m, -1, {}, m_line, 1, text});
        return *this;
    }
    RoleBuilder &insert()
    {
        ++m_line;
        for (const auto &[op, text] : {std::pair {OpCode::InsertReadIn, u"insert: read in"_s},
                                       {OpCode::InsertWrite, u"insert: write slot[in]"_s},
                                       {OpCode::InsertAdvance, u"insert: in = (in + 1) % N"_s},
                                       {OpCode::InsertReadCount, u"insert: read count"_s},
                                       {OpCode::InsertWriteCount, u"insert: count = count + 1"_s}})
            append({op, -1, -1, -1, {}, m_line, 1, text});
        return *this;
    }
    RoleBuilder &remove()
    {
        ++m_line;
        for (const auto &[op, text] : {std::pair {OpCode::RemoveReadOut, u"remove: read out"_s},
                                       {OpCode::RemoveTake, u"remove: take slot[out]"_s},
                                       {OpCode::RemoveAdvance, u"remove: out = (out + 1) % N"_s},
                                       {OpCode::RemoveReadCount, u"remove: read count"_s},
                                       {OpCode::RemoveWriteCount, u"remove: count = count - 1"_s}})
            append({op, -1, -1, -1, {}, m_line, 1, text});
        return *this;
    }
    // "while EXPRESSION:" opens a loop; the body follows; endWhile() closes it.
    RoleBuilder &whileTrue(const Expression &condition, const QString &text)
    {
        ++m_line;
        m_loops.append({here(), m_line});
        append({OpCode::JumpIfFalse, -1, -1, -1, condition, m_line, 1, u"while "_s + text});
        return *this;
    }
    RoleBuilder &endWhile()
    {
        const auto [start, line] = m_loops.takeLast();
        append({OpCode::Jump, -1, -1, start, {}, line, 1, QString()});
        m_role->code[start].target = here();
        return *this;
    }
    int end()
    {
        ++m_line;
        append({OpCode::End, -1, -1, -1, {}, m_line, 1, QString()});
        return m_line;
    }

private:
    RoleBuilder &add(OpCode op, const QString &object, const QString &format)
    {
        ++m_line;
        append({op, m_program->objectIndex(object), -1, -1, {}, m_line, 1, format.arg(object)});
        return *this;
    }
    void append(const Instruction &instruction) { m_role->code.append(instruction); }

    StrategyProgram *m_program;
    ThreadProgram *m_role;
    int m_line = 0;
    QList<std::pair<int, int>> m_loops;
};

class ProgramBuilder
{
public:
    explicit ProgramBuilder(const QString &name) { m_program.name = name; }
    ProgramBuilder &semaphore(const QString &name, const Expression &initial)
    {
        m_program.objects.append({SharedObject::Kind::Semaphore, name, initial, ++m_line});
        return *this;
    }
    ProgramBuilder &mutex(const QString &name)
    {
        m_program.objects.append({SharedObject::Kind::Mutex, name, {}, ++m_line});
        return *this;
    }
    ProgramBuilder &integer(const QString &name, int initial)
    {
        m_program.objects.append({SharedObject::Kind::Integer, name, constant(initial), ++m_line});
        return *this;
    }
    ProgramBuilder &condition(const QString &name)
    {
        m_program.objects.append({SharedObject::Kind::Condition, name, {}, ++m_line});
        return *this;
    }
    StrategyProgram build(const std::function<void(RoleBuilder &)> &producer,
                          const std::function<void(RoleBuilder &)> &consumer)
    {
        RoleBuilder p(&m_program, &m_program.producer, ++m_line);
        producer(p);
        m_line = p.end();
        RoleBuilder c(&m_program, &m_program.consumer, ++m_line);
        consumer(c);
        c.end();
        return m_program;
    }

private:
    StrategyProgram m_program;
    int m_line = 1; // the "strategy" line
};

// wait(empty), lock(ring), insert, unlock(ring), signal(full) and the consumer's mirror: the
// original program's strategy.
StrategyProgram semaphoreProgram()
{
    return ProgramBuilder(u"semaphore"_s)
        .semaphore(u"empty"_s, capacity())
        .semaphore(u"full"_s, constant(0))
        .mutex(u"ring"_s)
        .build(
            [](RoleBuilder &p) {
                p.wait(u"empty"_s).lock(u"ring"_s).insert().unlock(u"ring"_s).signal(u"full"_s);
            },
            [](RoleBuilder &c) {
                c.wait(u"full"_s).lock(u"ring"_s).remove().unlock(u"ring"_s).signal(u"empty"_s);
            });
}

// One mutex, two conditions, while loops: the monitor.
StrategyProgram monitorProgram()
{
    return ProgramBuilder(u"monitor"_s)
        .mutex(u"m"_s)
        .condition(u"notFull"_s)
        .condition(u"notEmpty"_s)
        .build(
            [](RoleBuilder &p) {
                p.lock(u"m"_s)
                    .whileTrue(countEquals(capacity()), u"count == N"_s)
                    .conditionWait(u"notFull"_s, u"m"_s)
                    .endWhile()
                    .insert()
                    .notify(u"notEmpty"_s)
                    .unlock(u"m"_s);
            },
            [](RoleBuilder &c) {
                c.lock(u"m"_s)
                    .whileTrue(countEquals(constant(0)), u"count == 0"_s)
                    .conditionWait(u"notEmpty"_s, u"m"_s)
                    .endWhile()
                    .remove()
                    .notify(u"notFull"_s)
                    .unlock(u"m"_s);
            });
}

// The same monitor with one condition for both kinds of waits: a notify can wake the wrong kind.
StrategyProgram oneConditionProgram()
{
    return ProgramBuilder(u"one-condition"_s)
        .mutex(u"m"_s)
        .condition(u"changed"_s)
        .build(
            [](RoleBuilder &p) {
                p.lock(u"m"_s)
                    .whileTrue(countEquals(capacity()), u"count == N"_s)
                    .conditionWait(u"changed"_s, u"m"_s)
                    .endWhile()
                    .insert()
                    .notify(u"changed"_s)
                    .unlock(u"m"_s);
            },
            [](RoleBuilder &c) {
                c.lock(u"m"_s)
                    .whileTrue(countEquals(constant(0)), u"count == 0"_s)
                    .conditionWait(u"changed"_s, u"m"_s)
                    .endWhile()
                    .remove()
                    .notify(u"changed"_s)
                    .unlock(u"m"_s);
            });
}

// The one-condition monitor, its notify made notify_all: every waiter wakes and tests again.
StrategyProgram oneConditionNotifyAllProgram()
{
    StrategyProgram program = oneConditionProgram();
    for (ThreadProgram *role : {&program.producer, &program.consumer}) {
        for (Instruction &instruction : role->code) {
            if (instruction.op == OpCode::Notify) {
                instruction.op = OpCode::NotifyAll;
                instruction.text = u"notify_all(changed)"_s;
            }
        }
    }
    return program;
}

// The monitor keeping its own count in an integer, updated under the lock (or, when late, after
// unlocking it: then two producers can both see room for one record).
StrategyProgram integerMonitorProgram(bool late)
{
    const Expression items {{{Op::Integer, 3}}};
    const auto compare = [&items](Expression right) {
        Expression e = items;
        e.tokens += right.tokens;
        e.tokens.append({Op::Equal, 0});
        return e;
    };
    const auto add = [&items](int delta) {
        Expression e = items;
        e.tokens += {{Op::Constant, delta}, {Op::Add, 0}};
        return e;
    };
    return ProgramBuilder(late ? u"late-count"_s : u"own-count"_s)
        .mutex(u"m"_s)
        .condition(u"notFull"_s)
        .condition(u"notEmpty"_s)
        .integer(u"items"_s, 0)
        .build(
            [&](RoleBuilder &p) {
                p.lock(u"m"_s)
                    .whileTrue(compare(capacity()), u"items == N"_s)
                    .conditionWait(u"notFull"_s, u"m"_s)
                    .endWhile()
                    .insert();
                if (late)
                    p.unlock(u"m"_s);
                p.assign(u"items"_s, add(1), u"items = items + 1"_s).notify(u"notEmpty"_s);
                if (!late)
                    p.unlock(u"m"_s);
            },
            [&](RoleBuilder &c) {
                c.lock(u"m"_s)
                    .whileTrue(compare(constant(0)), u"items == 0"_s)
                    .conditionWait(u"notEmpty"_s, u"m"_s)
                    .endWhile()
                    .remove()
                    .assign(u"items"_s, add(-1), u"items = items - 1"_s)
                    .notify(u"notFull"_s)
                    .unlock(u"m"_s);
            });
}

// No synchronization: busy-wait on count, then insert or remove.
StrategyProgram unsafeProgram()
{
    return ProgramBuilder(u"unsafe"_s)
        .build(
            [](RoleBuilder &p) {
                p.whileTrue(countEquals(capacity()), u"count == N"_s).pass().endWhile().insert();
            },
            [](RoleBuilder &c) {
                c.whileTrue(countEquals(constant(0)), u"count == 0"_s).pass().endWhile().remove();
            });
}

// Busy-waiting while holding the lock: never a deadlock (the spinning thread always moves), but a
// consumer that spins on an empty buffer keeps every producer out for ever.
StrategyProgram spinUnderLockProgram()
{
    return ProgramBuilder(u"spin-under-lock"_s)
        .mutex(u"m"_s)
        .build(
            [](RoleBuilder &p) {
                p.lock(u"m"_s)
                    .whileTrue(countEquals(capacity()), u"count == N"_s)
                    .pass()
                    .endWhile()
                    .insert()
                    .unlock(u"m"_s);
            },
            [](RoleBuilder &c) {
                c.lock(u"m"_s)
                    .whileTrue(countEquals(constant(0)), u"count == 0"_s)
                    .pass()
                    .endWhile()
                    .remove()
                    .unlock(u"m"_s);
            });
}

// The semaphore strategy with the producer changed (and the consumer, if given).
StrategyProgram semaphoreVariant(const QString &name, const std::function<void(RoleBuilder &)> &producer,
                                 const std::function<void(RoleBuilder &)> &consumer = {})
{
    return ProgramBuilder(name)
        .semaphore(u"empty"_s, capacity())
        .semaphore(u"full"_s, constant(0))
        .mutex(u"ring"_s)
        .build(
            producer, consumer ? consumer : [](RoleBuilder &c) {
                c.wait(u"full"_s).lock(u"ring"_s).remove().unlock(u"ring"_s).signal(u"empty"_s);
            });
}

StrategyProgram lockBeforeWaitProgram()
{
    return semaphoreVariant(u"deadlock"_s, [](RoleBuilder &p) {
        p.lock(u"ring"_s).wait(u"empty"_s).insert().unlock(u"ring"_s).signal(u"full"_s);
    });
}

StrategyProgram signalBeforeInsertProgram()
{
    return semaphoreVariant(u"signal-before-insert"_s, [](RoleBuilder &p) {
        p.wait(u"empty"_s).signal(u"full"_s).lock(u"ring"_s).insert().unlock(u"ring"_s);
    });
}

StrategyProgram missingUnlockProgram()
{
    return semaphoreVariant(u"missing-unlock"_s, [](RoleBuilder &p) {
        p.wait(u"empty"_s).lock(u"ring"_s).insert().signal(u"full"_s);
    });
}

StrategyProgram foreignUnlockProgram()
{
    return semaphoreVariant(
        u"foreign-unlock"_s,
        [](RoleBuilder &p) {
            p.wait(u"empty"_s).lock(u"ring"_s).insert().unlock(u"ring"_s).signal(u"full"_s);
        },
        [](RoleBuilder &c) { c.unlock(u"ring"_s).wait(u"full"_s).remove().signal(u"empty"_s); });
}

// A monitor whose consumer forgot to lock before it waits.
StrategyProgram waitWithoutLockProgram()
{
    StrategyProgram program = monitorProgram();
    program.name = u"wait-without-lock"_s;
    program.consumer.code.removeFirst(); // lock(m)
    for (Instruction &instruction : program.consumer.code) {
        if (instruction.op == OpCode::Jump || instruction.op == OpCode::JumpIfFalse)
            --instruction.target;
    }
    return program;
}

// The consumer locks, unlocks and signals, but never removes.
StrategyProgram forgetfulConsumerProgram()
{
    return semaphoreVariant(
        u"forgetful"_s,
        [](RoleBuilder &p) {
            p.wait(u"empty"_s).lock(u"ring"_s).insert().unlock(u"ring"_s).signal(u"full"_s);
        },
        [](RoleBuilder &c) { c.wait(u"full"_s).lock(u"ring"_s).unlock(u"ring"_s).signal(u"empty"_s); });
}

ExploreConfig config(int producers, int consumers, int capacity, int items, bool forever = false)
{
    ExploreConfig c;
    c.producers = producers;
    c.consumers = consumers;
    c.capacity = capacity;
    c.items = items;
    c.forever = forever;
    return c;
}

// --- A reference interpreter: the same semantics, written plainly and separately -------------

namespace Reference {

struct Thread
{
    int pc = -1; // -1: at the claim
    bool finished = false;
    int waiting = -1; // the condition's object index
    int position = 0;
    int reg = 0;
    int record = 0;
    auto operator<=>(const Thread &) const = default;
};

struct State
{
    std::vector<Thread> threads;
    std::vector<int> values; // semaphore and integer values, mutex owners (-1: free)
    std::vector<int> slots; // the record written last
    std::vector<int> live;
    int in = 0;
    int out = 0;
    int count = 0;
    std::vector<int> order;
    int claimed = 0;
    int takes = 0;
    std::vector<int> taken; // by record - 1
    auto operator<=>(const State &) const = default;
};

class Machine
{
public:
    Machine(const StrategyProgram &program, const ExploreConfig &config)
        : m_program(program), m_config(config)
    { }

    State initial() const
    {
        State s;
        s.threads.resize(size_t(m_config.producers + m_config.consumers));
        for (const SharedObject &object : m_program.objects) {
            if (object.kind == SharedObject::Kind::Mutex)
                s.values.push_back(-1);
            else if (object.initial.isEmpty())
                s.values.push_back(0);
            else
                s.values.push_back(evaluate(object.initial, s));
        }
        s.slots.assign(size_t(m_config.capacity), 0);
        s.live.assign(size_t(m_config.capacity), 0);
        s.taken.assign(size_t(m_config.items), 0);
        return s;
    }

    bool producer(int t) const { return t < m_config.producers; }
    const QList<Instruction> &code(int t) const
    {
        return producer(t) ? m_program.producer.code : m_program.consumer.code;
    }
    int roleLine(int t) const { return producer(t) ? m_program.producer.line : m_program.consumer.line; }

    bool enabled(const State &s, int t) const
    {
        const Thread &th = s.threads[size_t(t)];
        if (th.finished || th.waiting >= 0)
            return false;
        if (th.pc < 0)
            return true;
        const Instruction &i = code(t).at(th.pc);
        switch (i.op) {
        case OpCode::Wait:
            return s.values[size_t(i.object)] > 0;
        case OpCode::Lock:
            return s.values[size_t(i.object)] < 0;
        case OpCode::ConditionReacquire:
            return s.values[size_t(i.object2)] < 0;
        default:
            return true;
        }
    }

    std::vector<int> waiters(const State &s, int condition) const
    {
        std::vector<int> result;
        for (size_t t = 0; t < s.threads.size(); ++t) {
            if (s.threads[t].waiting == condition)
                result.push_back(int(t));
        }
        return result;
    }

    int choices(const State &s, int t) const
    {
        const Thread &th = s.threads[size_t(t)];
        if (th.pc >= 0 && code(t).at(th.pc).op == OpCode::Notify)
            return std::max<int>(1, int(waiters(s, code(t).at(th.pc).object).size()));
        return 1;
    }

    bool deadlocked(const State &s) const
    {
        bool unfinished = false;
        for (size_t t = 0; t < s.threads.size(); ++t) {
            if (enabled(s, int(t)))
                return false;
            unfinished |= !s.threads[t].finished;
        }
        return unfinished;
    }

    Kind step(const State &s, int t, int choice, State *nextState) const
    {
        State &n = *nextState;
        n = s;
        Thread &th = n.threads[size_t(t)];
        const int N = m_config.capacity;
        if (th.pc < 0) {
            th.position = th.reg = th.record = 0;
            bool finish = false;
            if (producer(t)) {
                if (m_config.forever)
                    th.record = 1;
                else if (n.claimed < m_config.items)
                    th.record = ++n.claimed;
                else
                    finish = true;
            } else if (!m_config.forever) {
                if (n.takes < m_config.items)
                    ++n.takes;
                else
                    finish = true;
            }
            if (!finish) {
                th.pc = settle(t, 0);
                return Kind::None;
            }
            th.finished = true;
            th.record = 0;
            const bool everyoneDone = std::all_of(n.threads.begin(), n.threads.end(),
                                                  [](const Thread &other) { return other.finished; });
            if (everyoneDone && !m_config.forever && std::count(n.taken.begin(), n.taken.end(), 0) > 0)
                return Kind::Incomplete;
            return Kind::None;
        }
        const Instruction &i = code(t).at(th.pc);
        int next = th.pc + 1;
        Kind kind = Kind::None;
        switch (i.op) {
        case OpCode::Wait:
            --n.values[size_t(i.object)];
            break;
        case OpCode::Signal:
            ++n.values[size_t(i.object)];
            break;
        case OpCode::Lock:
            n.values[size_t(i.object)] = t;
            break;
        case OpCode::Unlock:
            if (n.values[size_t(i.object)] != t)
                kind = Kind::UnlockNotOwner;
            else
                n.values[size_t(i.object)] = -1;
            break;
        case OpCode::ConditionWait:
            if (n.values[size_t(i.object2)] != t)
                kind = Kind::UnlockNotOwner;
            else
                n.values[size_t(i.object2)] = -1;
            th.waiting = i.object;
            break;
        case OpCode::ConditionReacquire:
            n.values[size_t(i.object2)] = t;
            break;
        case OpCode::Notify: {
            const std::vector<int> w = waiters(n, i.object);
            if (!w.empty())
                n.threads[size_t(w[size_t(choice)])].waiting = -1;
            break;
        }
        case OpCode::NotifyAll:
            for (const int w : waiters(n, i.object))
                n.threads[size_t(w)].waiting = -1;
            break;
        case OpCode::Assign:
            n.values[size_t(i.object)] = evaluate(i.expression, s);
            break;
        case OpCode::JumpIfFalse:
            if (evaluate(i.expression, s) == 0)
                next = i.target;
            break;
        case OpCode::Jump:
        case OpCode::End:
        case OpCode::Pass:
            break;
        case OpCode::InsertReadIn:
            th.position = n.in;
            break;
        case OpCode::InsertWrite:
            if (n.live[size_t(th.position)]) {
                kind = Kind::Overwritten; // the record written over leaves the buffer
                n.order.erase(std::find(n.order.begin(), n.order.end(), n.slots[size_t(th.position)]));
            }
            n.slots[size_t(th.position)] = th.record;
            n.live[size_t(th.position)] = 1;
            n.order.push_back(th.record);
            break;
        case OpCode::InsertAdvance:
            n.in = (th.position + 1) % N;
            break;
        case OpCode::InsertReadCount:
        case OpCode::RemoveReadCount:
            th.reg = n.count;
            break;
        case OpCode::InsertWriteCount:
            n.count = th.reg + 1;
            break;
        case OpCode::RemoveWriteCount:
            n.count = th.reg - 1;
            break;
        case OpCode::RemoveReadOut:
            th.position = n.out;
            break;
        case OpCode::RemoveTake: {
            const int record = n.slots[size_t(th.position)];
            th.record = record;
            if (!n.live[size_t(th.position)]) {
                kind = record ? Kind::Duplicated : Kind::RemoveFromEmpty;
                break;
            }
            if (!m_config.forever && n.taken[size_t(record - 1)])
                kind = Kind::Duplicated;
            else if (n.order.front() != record)
                kind = Kind::FifoViolation;
            n.order.erase(std::find(n.order.begin(), n.order.end(), record));
            n.live[size_t(th.position)] = 0;
            if (!m_config.forever)
                n.taken[size_t(record - 1)] = 1;
            break;
        }
        case OpCode::RemoveAdvance:
            n.out = (th.position + 1) % N;
            break;
        }
        th.pc = settle(t, next);
        return kind;
    }

private:
    int settle(int t, int pc) const
    {
        while (code(t).at(pc).op == OpCode::Jump)
            pc = code(t).at(pc).target;
        return code(t).at(pc).op == OpCode::End ? -1 : pc;
    }

    int evaluate(const Expression &expression, const State &s) const
    {
        std::vector<int> stack;
        const auto pop = [&stack] {
            const int v = stack.back();
            stack.pop_back();
            return v;
        };
        for (const Expression::Token &token : expression.tokens) {
            switch (token.op) {
            case Op::Constant:
                stack.push_back(token.value);
                break;
            case Op::Capacity:
                stack.push_back(m_config.capacity);
                break;
            case Op::Count:
                stack.push_back(s.count);
                break;
            case Op::Integer:
                stack.push_back(s.values[size_t(token.value)]);
                break;
            case Op::Negate:
                stack.push_back(-pop());
                break;
            case Op::Not:
                stack.push_back(!pop());
                break;
            default: {
                const int b = pop();
                const int a = pop();
                static const std::map<Op, std::function<int(int, int)>> binary = {
                    {Op::Add, std::plus<int>()},
                    {Op::Subtract, std::minus<int>()},
                    {Op::Equal, std::equal_to<int>()},
                    {Op::NotEqual, std::not_equal_to<int>()},
                    {Op::Less, std::less<int>()},
                    {Op::LessEqual, std::less_equal<int>()},
                    {Op::Greater, std::greater<int>()},
                    {Op::GreaterEqual, std::greater_equal<int>()},
                    {Op::And, [](int x, int y) { return x && y; }},
                    {Op::Or, [](int x, int y) { return x || y; }},
                };
                stack.push_back(binary.at(token.op)(a, b));
            }
            }
        }
        return stack.back();
    }

    StrategyProgram m_program;
    ExploreConfig m_config;
};

// Does the explorer's snapshot show this reference state? *why says what differs.
bool matches(const Machine &machine, const StrategyProgram &program, const State &s, const StepState &shown,
             QString *why)
{
    for (qsizetype i = 0; i < shown.slots.size(); ++i) {
        if (shown.slots[i].live != bool(s.live[size_t(i)])
            || (s.live[size_t(i)] && shown.slots[i].record != s.slots[size_t(i)])) {
            *why = u"slot %1"_s.arg(i);
            return false;
        }
    }
    if (shown.in != s.in || shown.out != s.out || shown.count != s.count) {
        *why = u"in, out or count"_s;
        return false;
    }
    if (std::vector<int>(shown.order.begin(), shown.order.end()) != s.order) {
        *why = u"the order of the live records"_s;
        return false;
    }
    for (qsizetype i = 0; i < program.objects.size(); ++i) {
        const StepState::Object &object = shown.objects[i];
        switch (object.kind) {
        case SharedObject::Kind::Mutex:
            if (object.owner != s.values[size_t(i)]) {
                *why = u"the owner of "_s + object.name;
                return false;
            }
            break;
        case SharedObject::Kind::Condition:
            if (std::vector<int>(object.waiting.begin(), object.waiting.end())
                != machine.waiters(s, int(i))) {
                *why = u"the wait set of "_s + object.name;
                return false;
            }
            break;
        default:
            if (object.value != s.values[size_t(i)]) {
                *why = u"the value of "_s + object.name;
                return false;
            }
        }
    }
    for (size_t t = 0; t < s.threads.size(); ++t) {
        const Thread &th = s.threads[t];
        const StepState::Thread &thread = shown.threads[qsizetype(t)];
        using Status = StepState::Thread::Status;
        const Status status = th.finished             ? Status::Finished
            : th.waiting >= 0                         ? Status::Waiting
            : th.pc < 0 || machine.enabled(s, int(t)) ? Status::Running
                                                      : Status::Blocked;
        const int line = th.finished ? 0
            : th.pc < 0              ? machine.roleLine(int(t))
                                     : machine.code(int(t)).at(th.pc).line;
        if (thread.status != status || thread.line != line) {
            *why = u"the status or line of "_s + thread.name;
            return false;
        }
    }
    return true;
}

struct Shortest
{
    int steps = -1; // -1: no finding anywhere
    std::set<Kind> kinds; // every finding at that many steps
    qint64 states = 0;
};

// Breadth first over plain states: the fewest steps to any finding (deadlock, or a step's error),
// and which findings are possible at that depth.
Shortest shortestFinding(const StrategyProgram &program, const ExploreConfig &config)
{
    const Machine machine(program, config);
    std::set<State> seen {machine.initial()};
    std::vector<State> frontier {machine.initial()};
    Shortest result;
    for (int depth = 0; !frontier.empty(); ++depth) {
        std::vector<State> next;
        for (const State &s : frontier) {
            for (int t = 0; t < int(s.threads.size()); ++t) {
                if (!machine.enabled(s, t))
                    continue;
                for (int c = 0; c < machine.choices(s, t); ++c) {
                    State n;
                    const Kind kind = machine.step(s, t, c, &n);
                    if (kind != Kind::None) {
                        result.kinds.insert(kind);
                        continue;
                    }
                    if (seen.insert(n).second) {
                        if (machine.deadlocked(n))
                            result.kinds.insert(Kind::Deadlock);
                        next.push_back(n);
                    }
                }
            }
        }
        if (!result.kinds.empty()) {
            result.steps = depth + 1;
            break;
        }
        frontier.swap(next);
    }
    result.states = qint64(seen.size());
    return result;
}

// Every schedule of at most `depth` steps, one by one: true if none of them meets a finding.
bool noFindingWithin(const Machine &machine, const State &s, int depth)
{
    if (depth == 0)
        return true;
    for (int t = 0; t < int(s.threads.size()); ++t) {
        if (!machine.enabled(s, t))
            continue;
        for (int c = 0; c < machine.choices(s, t); ++c) {
            State n;
            if (machine.step(s, t, c, &n) != Kind::None || machine.deadlocked(n)
                || !noFindingWithin(machine, n, depth - 1))
                return false;
        }
    }
    return true;
}

} // namespace Reference

// Replays a counterexample on the reference interpreter: each step by its thread leads to the
// state the explorer shows, no earlier step is a finding, and the last one is the finding reported.
void checkReplay(const StrategyProgram &program, const ExploreConfig &config, const ExploreResult &result)
{
    QCOMPARE(result.verdict, Verdict::Counterexample);
    QVERIFY(!result.schedule.isEmpty());
    const Reference::Machine machine(program, config);
    Reference::State s = machine.initial();
    for (qsizetype i = 0; i < result.schedule.size(); ++i) {
        const ScheduleStep &step = result.schedule.at(i);
        QVERIFY2(machine.enabled(s, step.thread),
                 qPrintable(u"step %1: %2 cannot move"_s.arg(i + 1).arg(step.threadName)));
        QString why;
        bool matched = false;
        Kind kind = Kind::None;
        Reference::State next;
        for (int c = 0; c < machine.choices(s, step.thread) && !matched; ++c) {
            kind = machine.step(s, step.thread, c, &next);
            matched = Reference::matches(machine, program, next, step.after, &why);
        }
        QVERIFY2(matched,
                 qPrintable(u"step %1 (%2, line %3): %4 differs"_s.arg(i + 1)
                                .arg(step.threadName)
                                .arg(step.line)
                                .arg(why)));
        const bool last = i + 1 == result.schedule.size();
        const bool stepFinding
            = result.finding.kind != Kind::Deadlock && result.finding.kind != Kind::CannotFinish;
        QCOMPARE(kind, last && stepFinding ? result.finding.kind : Kind::None);
        s = next;
    }
    if (result.finding.kind == Kind::Deadlock)
        QVERIFY(machine.deadlocked(s));
}

// Explores with symmetry on and off; both must agree on the verdict and on the counterexample's
// length, with no more states with it than without. Returns the run with symmetry on.
ExploreResult exploreBoth(const StrategyProgram &program, ExploreConfig c)
{
    c.symmetry = true;
    const ExploreResult on = Explorer::explore(program, c);
    c.symmetry = false;
    const ExploreResult off = Explorer::explore(program, c);
    [&] {
        QCOMPARE(on.verdict, off.verdict);
        QCOMPARE(on.schedule.size(), off.schedule.size());
        if (on.verdict == Verdict::Correct)
            QVERIFY2(on.states <= off.states, qPrintable(u"%1 > %2"_s.arg(on.states).arg(off.states)));
        if (on.verdict == Verdict::Counterexample) {
            checkReplay(program, c, off);
            c.symmetry = true;
            checkReplay(program, c, on);
        }
    }();
    return on;
}

QStringList describe(const ExploreResult &result)
{
    QStringList lines {Finding::kindName(result.finding.kind) + u": "_s + result.finding.message};
    for (const ScheduleStep &step : result.schedule)
        lines << u"%1 line %2 %3 (%4) -> %5"_s.arg(step.threadName)
                     .arg(step.line)
                     .arg(step.text, step.note, step.after.summary());
    return lines;
}

} // namespace

class TestExplorer : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void correctStrategies_data();
    void correctStrategies();
    void correctAgreesWithReference();
    void unsafeShortestOverwrite();
    void unsafeRaces_data();
    void unsafeRaces();
    void lockBeforeWaitDeadlocks();
    void foreverFindsTheDeadlock();
    void oneConditionMonitor_data();
    void oneConditionMonitor();
    void signalBeforeInsert();
    void missingUnlock();
    void unlockByNonOwner();
    void conditionWaitWithoutTheLock();
    void fifoViolation();
    void incomplete();
    void cannotFinish();
    void budgetIsNeverCorrect_data();
    void budgetIsNeverCorrect();
    void cancelReturnsPromptly();
    void progressIsReported();
    void validate_data();
    void validate();
    void notifyAllFixesTheOneConditionMonitor();
    void integers();
    void unboundedValueIsInconclusive();
    void stepStateSummary();
    void reportText();
    void reportJson();
    void shippedStrategies_data();
    void shippedStrategies();
    void shippedTwinsOfTheBuiltPrograms();
};

void TestExplorer::correctStrategies_data()
{
    QTest::addColumn<QString>("strategy");
    QTest::addColumn<int>("producers");
    QTest::addColumn<int>("consumers");
    QTest::addColumn<int>("capacity");
    QTest::addColumn<int>("items");
    for (const QString &strategy : {u"semaphore"_s, u"monitor"_s}) {
        for (int p = 1; p <= 2; ++p) {
            for (int c = 1; c <= 2; ++c) {
                for (int n = 1; n <= 3; ++n) {
                    for (int k = 1; k <= 4; ++k)
                        QTest::addRow("%s %d+%d N=%d K=%d", qPrintable(strategy), p, c, n, k)
                            << strategy << p << c << n << k;
                }
            }
        }
    }
}

void TestExplorer::correctStrategies()
{
    QFETCH(QString, strategy);
    QFETCH(int, producers);
    QFETCH(int, consumers);
    QFETCH(int, capacity);
    QFETCH(int, items);
    const StrategyProgram program = strategy == u"semaphore"_s ? semaphoreProgram() : monitorProgram();
    QVERIFY(Explorer::validate(program, config(producers, consumers, capacity, items)).isEmpty());
    EXPLORE_BOTH(result, program, config(producers, consumers, capacity, items))
    QVERIFY2(result.verdict == Verdict::Correct, qPrintable(describe(result).join(u'\n') + result.reason));
    QVERIFY(result.states > 0);
    QVERIFY(result.transitions >= result.states - 1);
    QVERIFY(!result.cancelled);
    QVERIFY(result.schedule.isEmpty());
}

void TestExplorer::correctAgreesWithReference()
{
    // The reference interpreter, searching plain states, finds nothing either; and forever mode
    // (safety and deadlock only) is correct too.
    for (const StrategyProgram &program : {semaphoreProgram(), monitorProgram()}) {
        for (const ExploreConfig &c : {config(2, 1, 1, 3), config(1, 2, 2, 2), config(2, 2, 1, 2)}) {
            const Reference::Shortest reference = Reference::shortestFinding(program, c);
            QCOMPARE(reference.steps, -1);
            QCOMPARE(Explorer::explore(program, c).verdict, Verdict::Correct);
        }
        EXPLORE_BOTH(endless, program, config(2, 2, 2, 0, true))
        QCOMPARE(endless.verdict, Verdict::Correct);
    }
}

void TestExplorer::unsafeShortestOverwrite()
{
    // 2 producers, 1 consumer, N = 1, K = 2. Each producer needs 4 steps to write its slot: claim,
    // the test of count == N (false: count is still 0), read in, write. The second write lands on
    // the first record, whatever the order of the other steps, so 8 steps. Nothing shorter: a
    // consumer cannot take before a producer has written count (7 steps) and then needs 4 of its
    // own, and nothing can block.
    const StrategyProgram program = unsafeProgram();
    const ExploreConfig c = config(2, 1, 1, 2);
    EXPLORE_BOTH(result, program, c)
    QCOMPARE(result.verdict, Verdict::Counterexample);
    QCOMPARE(result.finding.kind, Kind::Overwritten);
    QCOMPARE(result.schedule.size(), 8);
    QVERIFY2(result.finding.message.contains(u"into slot 0, which still held record"_s),
             qPrintable(result.finding.message));
    const ScheduleStep &last = result.schedule.last();
    QCOMPARE(last.text, u"insert: write slot[in]"_s);
    QVERIFY(last.threadName.startsWith(u"Producer"_s));
    // Both producers took part, by their own names.
    QSet<int> threads;
    for (const ScheduleStep &step : result.schedule)
        threads.insert(step.thread);
    QCOMPARE(threads, (QSet<int> {0, 1}));

    // No schedule of 7 steps or fewer meets any finding: every one of them, tried one by one.
    const Reference::Machine machine(program, c);
    QVERIFY(Reference::noFindingWithin(machine, machine.initial(), 7));
    QVERIFY(!Reference::noFindingWithin(machine, machine.initial(), 8));
}

void TestExplorer::unsafeRaces_data()
{
    QTest::addColumn<int>("producers");
    QTest::addColumn<int>("consumers");
    QTest::addColumn<int>("capacity");
    QTest::addColumn<int>("items");
    QTest::addColumn<int>("steps"); // derived by hand where given, else -1
    QTest::addRow("2+1 N=1") << 2 << 1 << 1 << 2 << 8;
    // One producer: 7 steps to write record 1 and count; the first consumer takes it in 4 (claim,
    // test, read out, take), the second, having read the same count and out, takes it again in 4.
    QTest::addRow("1+2 N=1") << 1 << 2 << 1 << 2 << 15;
    QTest::addRow("2+2 N=2") << 2 << 2 << 2 << 4 << 8;
    QTest::addRow("1+2 N=2") << 1 << 2 << 2 << 2 << -1;
    QTest::addRow("2+1 N=3") << 2 << 1 << 3 << 3 << -1;
}

void TestExplorer::unsafeRaces()
{
    QFETCH(int, producers);
    QFETCH(int, consumers);
    QFETCH(int, capacity);
    QFETCH(int, items);
    QFETCH(int, steps);
    const StrategyProgram program = unsafeProgram();
    const ExploreConfig c = config(producers, consumers, capacity, items);
    EXPLORE_BOTH(result, program, c)
    QCOMPARE(result.verdict, Verdict::Counterexample);
    const QList<Kind> races {Kind::Overwritten, Kind::RemoveFromEmpty, Kind::Duplicated};
    QVERIFY2(races.contains(result.finding.kind), qPrintable(describe(result).join(u'\n')));
    const Reference::Shortest reference = Reference::shortestFinding(program, c);
    QCOMPARE(result.schedule.size(), reference.steps);
    QVERIFY(reference.kinds.count(result.finding.kind));
    if (steps >= 0)
        QCOMPARE(result.schedule.size(), steps);
    if (producers == 1)
        QCOMPARE(result.finding.kind, Kind::Duplicated);
}

void TestExplorer::lockBeforeWaitDeadlocks()
{
    // 1 + 1, N = 1, K = 2. The producer's first round: claim, lock, wait(empty), 5 insert steps,
    // unlock, signal (10); its second: claim, lock (12), and wait(empty) blocks holding the ring.
    // The consumer: claim, wait(full) (14), and lock(ring) blocks. Nothing shorter can leave both
    // stuck: the consumer can only be stopped by the ring, held only by a producer stopped on empty.
    const StrategyProgram program = lockBeforeWaitProgram();
    EXPLORE_BOTH(result, program, config(1, 1, 1, 2))
    QCOMPARE(result.finding.kind, Kind::Deadlock);
    QCOMPARE(result.schedule.size(), 14);
    QVERIFY2(result.finding.message.contains(u"Producer 1 is blocked on empty (0)"_s),
             qPrintable(result.finding.message));
    QVERIFY2(result.finding.message.contains(u"Consumer 1 is blocked on ring, held by Producer 1"_s),
             qPrintable(result.finding.message));
    const StepState &last = result.schedule.last().after;
    QCOMPARE(last.threads.at(0).statusText(), u"blocked on empty"_s);
    QCOMPARE(last.threads.at(1).statusText(), u"blocked on ring"_s);
    QCOMPARE(Reference::shortestFinding(program, config(1, 1, 1, 2)).steps, 14);

    // With one record there is no second round: no deadlock.
    QCOMPARE(exploreBoth(program, config(1, 1, 1, 1)).verdict, Verdict::Correct);
    // With 2 + 2 and more room it still deadlocks.
    EXPLORE_BOTH(bigger, program, config(2, 2, 2, 4))
    QCOMPARE(bigger.finding.kind, Kind::Deadlock);
    QCOMPARE(bigger.schedule.size(), Reference::shortestFinding(program, config(2, 2, 2, 4)).steps);
}

void TestExplorer::foreverFindsTheDeadlock()
{
    const StrategyProgram program = lockBeforeWaitProgram();
    EXPLORE_BOTH(result, program, config(1, 1, 1, 0, true))
    QCOMPARE(result.finding.kind, Kind::Deadlock);
    QCOMPARE(result.schedule.size(), 14);
    // Forever, the claim names no record number.
    QVERIFY(result.schedule.first().note.isEmpty());
    QCOMPARE(exploreBoth(program, config(2, 2, 2, 0, true)).finding.kind, Kind::Deadlock);
}

void TestExplorer::oneConditionMonitor_data()
{
    QTest::addColumn<int>("producers");
    QTest::addColumn<int>("consumers");
    QTest::addColumn<int>("capacity");
    QTest::addColumn<int>("items");
    QTest::addColumn<bool>("deadlocks");
    QTest::addColumn<int>("steps");
    // One producer and one consumer never wait at the same time (one waits on a full buffer, the
    // other on an empty one, and the first is woken before the second can wait), so every notify
    // wakes the right thread.
    for (int n = 1; n <= 2; ++n) {
        for (int k = 1; k <= 4; ++k)
            QTest::addRow("1+1 N=%d K=%d", n, k) << 1 << 1 << n << k << false << -1;
    }
    // The smallest deadlock: 1 producer, 2 consumers, N = 1, K = 2. Both consumers wait on the empty
    // buffer (4 steps each); the producer inserts record 1 and its notify wakes Consumer 1 (10); it
    // claims record 2 and waits on the full buffer (4). Consumer 1 takes record 1 and its notify
    // wakes Consumer 2 instead of the producer; it claims again and finishes (10). Consumer 2 finds
    // the buffer empty and waits again (3): 35 steps, everyone left waits on the one condition.
    QTest::addRow("1+2 N=1 K=2") << 1 << 2 << 1 << 2 << true << 35;
    // With two producers and one consumer, the same needs a third record: with two, the producer
    // that inserted first has finished and nobody is left to wake wrongly.
    QTest::addRow("2+1 N=1 K=2") << 2 << 1 << 1 << 2 << false << -1;
    QTest::addRow("2+1 N=1 K=3") << 2 << 1 << 1 << 3 << true << -1;
}

void TestExplorer::oneConditionMonitor()
{
    QFETCH(int, producers);
    QFETCH(int, consumers);
    QFETCH(int, capacity);
    QFETCH(int, items);
    QFETCH(bool, deadlocks);
    QFETCH(int, steps);
    const StrategyProgram program = oneConditionProgram();
    const ExploreConfig c = config(producers, consumers, capacity, items);
    EXPLORE_BOTH(result, program, c)
    if (!deadlocks) {
        QVERIFY2(result.verdict == Verdict::Correct, qPrintable(describe(result).join(u'\n')));
        return;
    }
    QCOMPARE(result.finding.kind, Kind::Deadlock);
    QVERIFY2(result.finding.message.contains(u"waits on changed"_s), qPrintable(result.finding.message));
    QCOMPARE(result.schedule.size(), Reference::shortestFinding(program, c).steps);
    if (steps >= 0)
        QCOMPARE(result.schedule.size(), steps);
    // Somewhere a notify woke a thread of the same kind as the notifier.
    const bool wrongWake
        = std::any_of(result.schedule.begin(), result.schedule.end(), [](const ScheduleStep &step) {
              return step.text == u"notify(changed)"_s && step.note.startsWith(u"wakes "_s)
                  && step.note.mid(6, 8) == step.threadName.left(8);
          });
    QVERIFY2(wrongWake, qPrintable(describe(result).join(u'\n')));
    // A woken thread's next step takes the mutex back, and says so.
    QVERIFY(std::any_of(result.schedule.begin(), result.schedule.end(),
                        [](const ScheduleStep &step) { return step.note == u"locks m again"_s; }));
}

void TestExplorer::signalBeforeInsert()
{
    // 1 + 1, N = 1, K = 1: the producer claims, waits on empty, signals full (3); the consumer
    // claims, waits on full, locks, reads out and takes slot 0, which nobody wrote (5).
    const StrategyProgram program = signalBeforeInsertProgram();
    EXPLORE_BOTH(result, program, config(1, 1, 1, 1))
    QCOMPARE(result.finding.kind, Kind::RemoveFromEmpty);
    QCOMPARE(result.schedule.size(), 8);
    QCOMPARE(result.finding.message,
             u"Consumer 1 took from slot 0, which is empty: nothing was ever written there."_s);
    QCOMPARE(exploreBoth(program, config(2, 2, 2, 4)).finding.kind, Kind::RemoveFromEmpty);
}

void TestExplorer::missingUnlock()
{
    // 1 + 1, N = 1, K = 1: the producer's round (9 steps, the ring still held), its claim that
    // finds no record left (10); the consumer claims and passes wait(full) (12) and cannot lock.
    EXPLORE_BOTH(result, missingUnlockProgram(), config(1, 1, 1, 1))
    QCOMPARE(result.finding.kind, Kind::Deadlock);
    QCOMPARE(result.schedule.size(), 12);
    QVERIFY2(result.finding.message.contains(u"Producer 1 has finished"_s),
             qPrintable(result.finding.message));
    QVERIFY2(result.finding.message.contains(u"Consumer 1 is blocked on ring, held by Producer 1"_s),
             qPrintable(result.finding.message));
    QCOMPARE(exploreBoth(missingUnlockProgram(), config(2, 2, 2, 3)).finding.kind, Kind::Deadlock);
}

void TestExplorer::unlockByNonOwner()
{
    // The consumer's first instruction unlocks a ring it never locked: claim, unlock.
    EXPLORE_BOTH(result, foreignUnlockProgram(), config(1, 1, 1, 1))
    QCOMPARE(result.finding.kind, Kind::UnlockNotOwner);
    QCOMPARE(result.schedule.size(), 2);
    QCOMPARE(result.finding.message, u"Consumer 1 unlocked ring, but nobody holds it."_s);
    QCOMPARE(result.schedule.at(0).text, u"claim a record to take"_s);
    QCOMPARE(result.schedule.at(0).note, u"take 1 of 1"_s);
}

void TestExplorer::conditionWaitWithoutTheLock()
{
    // The consumer tests count == 0 (true) and waits without holding m: claim, test, wait.
    EXPLORE_BOTH(result, waitWithoutLockProgram(), config(1, 1, 1, 1))
    QCOMPARE(result.finding.kind, Kind::UnlockNotOwner);
    QCOMPARE(result.schedule.size(), 3);
    QVERIFY2(result.finding.message.startsWith(
                 u"Consumer 1 waited on notEmpty, which releases m, without holding m"_s),
             qPrintable(result.finding.message));
}

void TestExplorer::fifoViolation()
{
    // The consumer reads out, moves out past that slot, reads out again and takes: the second
    // record, while the first waits. It waits for two records first (wait(full) twice), so both
    // are there: 2 producer rounds (20 steps), then claim, 2 waits, lock, read out, advance, read
    // out, take (8).
    StrategyProgram program = semaphoreVariant(
        u"skip-slot"_s,
        [](RoleBuilder &p) {
            p.wait(u"empty"_s).lock(u"ring"_s).insert().unlock(u"ring"_s).signal(u"full"_s);
        },
        [](RoleBuilder &c) { c.wait(u"full"_s).wait(u"full"_s).lock(u"ring"_s).remove(); });
    QList<Instruction> &code = program.consumer.code;
    const auto readOut = std::find_if(code.begin(), code.end(),
                                      [](const Instruction &i) { return i.op == OpCode::RemoveReadOut; });
    const qsizetype at = readOut - code.begin();
    const Instruction readOutCopy = code.at(at);
    const Instruction advanceCopy = code.at(at + 2);
    code.insert(at + 1, advanceCopy); // out = position + 1
    code.insert(at + 2, readOutCopy); // position = out
    const ExploreConfig c = config(1, 1, 2, 2);
    QVERIFY(Explorer::validate(program, c).isEmpty());
    EXPLORE_BOTH(result, program, c)
    QCOMPARE(result.finding.kind, Kind::FifoViolation);
    QCOMPARE(result.schedule.size(), 28);
    QCOMPARE(
        result.finding.message,
        u"Consumer 1 took record 2 from slot 1 while record 1, written before it, is still in the buffer: "
        "the buffer is not first in, first out."_s);
    QCOMPARE(Reference::shortestFinding(program, c).steps, 28);
}

void TestExplorer::incomplete()
{
    // The consumer never removes: the producer's round (10) and its final claim (11); the
    // consumer's round (claim, wait, lock, unlock, signal) and its final claim (17).
    EXPLORE_BOTH(result, forgetfulConsumerProgram(), config(1, 1, 1, 1))
    QCOMPARE(result.finding.kind, Kind::Incomplete);
    QCOMPARE(result.schedule.size(), 17);
    QCOMPARE(result.finding.message,
             u"Every thread finished, but not every record was taken: record 1 is still in slot 0."_s);
    for (const StepState::Thread &thread : result.schedule.last().after.threads)
        QCOMPARE(thread.status, StepState::Thread::Status::Finished);
}

void TestExplorer::cannotFinish()
{
    // The consumer locks first and spins on count == 0 holding the lock: the producer can never
    // insert. The first state that cannot finish is after 2 steps: the consumer's claim and lock.
    const StrategyProgram program = spinUnderLockProgram();
    EXPLORE_BOTH(result, program, config(1, 1, 1, 1))
    QCOMPARE(result.finding.kind, Kind::CannotFinish);
    QCOMPARE(result.schedule.size(), 2);
    QCOMPARE(result.schedule.at(1).text, u"lock(m)"_s);
    QVERIFY2(result.finding.message.contains(u"Consumer 1 is at line"_s)
                 && result.finding.message.contains(u"holding m"_s),
             qPrintable(result.finding.message));
    QVERIFY2(result.finding.message.contains(u"Producer 1 is about to claim work"_s),
             qPrintable(result.finding.message));
    // Forever checks only the buffer and deadlocks: spinning is neither.
    QCOMPARE(exploreBoth(program, config(1, 1, 1, 0, true)).verdict, Verdict::Correct);
    QCOMPARE(exploreBoth(program, config(2, 2, 2, 0, true)).verdict, Verdict::Correct);
    // The monitor that waits instead of spinning can always finish.
    QCOMPARE(exploreBoth(monitorProgram(), config(1, 1, 1, 1)).verdict, Verdict::Correct);
}

void TestExplorer::budgetIsNeverCorrect_data()
{
    QTest::addColumn<qint64>("maxStates");
    for (const qint64 max : {1, 2, 10, 100, 999, 5000})
        QTest::addRow("%lld", max) << max;
}

void TestExplorer::budgetIsNeverCorrect()
{
    QFETCH(qint64, maxStates);
    for (const StrategyProgram &program : {semaphoreProgram(), monitorProgram()}) {
        ExploreConfig c = config(2, 2, 2, 4);
        c.maxStates = maxStates;
        const ExploreResult result = Explorer::explore(program, c);
        QCOMPARE(result.verdict, Verdict::Inconclusive);
        QVERIFY(!result.cancelled);
        QVERIFY2(result.reason.contains(u"limit of %1 states"_s.arg(
                     maxStates == 5000 ? u"5,000"_s : QString::number(maxStates))),
                 qPrintable(result.reason));
        QVERIFY(result.states <= maxStates);
    }
    // A finding within the budget is still a counterexample.
    ExploreConfig c = config(2, 1, 1, 2);
    c.maxStates = maxStates;
    const ExploreResult unsafe = Explorer::explore(unsafeProgram(), c);
    QVERIFY(unsafe.verdict != Verdict::Correct);
    if (unsafe.verdict == Verdict::Counterexample)
        QCOMPARE(unsafe.schedule.size(), 8);
}

void TestExplorer::cancelReturnsPromptly()
{
    // Already set: nothing is explored beyond the first state.
    std::atomic_bool cancel = true;
    const ExploreResult before = Explorer::explore(semaphoreProgram(), config(3, 3, 3, 6), &cancel);
    QCOMPARE(before.verdict, Verdict::Inconclusive);
    QVERIFY(before.cancelled);

    // Set in the middle of a long search (from the progress report, ten times a second): the
    // search returns at once.
    cancel = false;
    QElapsedTimer sinceCancel;
    const ExploreResult during
        = Explorer::explore(semaphoreProgram(), config(3, 3, 3, 6), &cancel, [&](qint64) {
              if (!cancel) {
                  cancel = true;
                  sinceCancel.start();
              }
          });
    QVERIFY(sinceCancel.isValid());
    // It checks the flag every few hundred states, well under a millisecond apart; the bound leaves
    // room for a busy machine, and a search that ignored the flag would run for seconds.
    QVERIFY2(sinceCancel.elapsed() < 500, qPrintable(u"%1 ms"_s.arg(sinceCancel.elapsed())));
    QCOMPARE(during.verdict, Verdict::Inconclusive);
    QVERIFY(during.cancelled);
    QVERIFY(during.states > 0);
}

void TestExplorer::progressIsReported()
{
    // About ten reports a second, in order, each no more than the final count.
    QList<qint64> reports;
    const ExploreResult result = Explorer::explore(semaphoreProgram(), config(3, 3, 3, 6), nullptr,
                                                   [&](qint64 states) { reports.append(states); });
    QCOMPARE(result.verdict, Verdict::Correct);
    QVERIFY(result.seconds < 0.2 || !reports.isEmpty());
    QVERIFY(std::is_sorted(reports.begin(), reports.end()));
    for (const qint64 states : reports)
        QVERIFY(states <= result.states);
}

void TestExplorer::validate_data()
{
    QTest::addColumn<StrategyProgram>("program");
    QTest::addColumn<int>("producers");
    QTest::addColumn<int>("capacity");
    QTest::addColumn<QString>("error");
    QTest::addRow("fine") << semaphoreProgram() << 2 << 2 << QString();
    QTest::addRow("no producers") << semaphoreProgram() << 0 << 2
                                  << u"producers: 0 is out of range (1 to 8)"_s;
    QTest::addRow("nine producers") << semaphoreProgram() << 9 << 2
                                    << u"producers: 9 is out of range (1 to 8)"_s;
    QTest::addRow("no buffer") << semaphoreProgram() << 1 << 0 << u"buffer: 0 is out of range (1 to 16)"_s;

    StrategyProgram negative = semaphoreProgram();
    negative.objects[0].initial = Expression {{{Op::Capacity, 0}, {Op::Constant, 3}, {Op::Subtract, 0}}};
    QTest::addRow("negative semaphore")
        << negative << 1 << 2
        << u"semaphore empty (line 2) would start at -1 with a buffer of 2: a "
           "semaphore cannot be negative"_s;
    QTest::addRow("N - 3 with N = 3") << negative << 1 << 3 << QString();

    StrategyProgram counted = semaphoreProgram();
    counted.objects[1].initial = Expression {{{Op::Count, 0}}};
    QTest::addRow("count in an initial value")
        << counted << 1 << 2 << u"full (line 3): its initial value is not a constant (numbers and N only)"_s;

    StrategyProgram wrongKind = semaphoreProgram();
    wrongKind.producer.code[1].object = 0; // lock(empty)
    QTest::addRow("lock a semaphore")
        << wrongKind << 1 << 2
        << u"the producer, line 7: \"lock(ring)\" needs a mutex, but empty is a semaphore"_s;

    StrategyProgram noEnd = semaphoreProgram();
    noEnd.consumer.code.removeLast();
    QTest::addRow("no End") << noEnd << 1 << 2 << u"the consumer's instructions do not end with End"_s;

    StrategyProgram consumerInserts = semaphoreProgram();
    consumerInserts.consumer.code[2].op = OpCode::InsertReadIn;
    QTest::addRow("consumer inserts")
        << consumerInserts << 1 << 2 << u"the consumer, line 15: only producers insert"_s;

    StrategyProgram farJump = unsafeProgram();
    farJump.producer.code[2].target = 99;
    QTest::addRow("jump outside") << farJump << 1 << 2
                                  << u"the producer, line 3: a jump to instruction 99, outside the program"_s;

    StrategyProgram circle = unsafeProgram();
    circle.producer.code[1] = circle.producer.code[2]; // jump 0 ... and 0 jumps to 1
    circle.producer.code[0].op = OpCode::Jump;
    circle.producer.code[0].target = 1;
    circle.producer.code[0].expression = {};
    QTest::addRow("jumps in a circle")
        << circle << 1 << 2 << u"the producer, line 3: jumps that go round in a circle without a step"_s;

    StrategyProgram lonelyWait = monitorProgram();
    lonelyWait.producer.code.removeAt(3); // the reacquire after wait(notFull, m)
    QTest::addRow("wait without reacquire")
        << lonelyWait << 1 << 2
        << u"the producer, line 8: a condition wait is not followed by its reacquire"_s;

    StrategyProgram badExpression = unsafeProgram();
    badExpression.producer.code[0].expression.tokens.removeLast();
    QTest::addRow("expression leaves two values")
        << badExpression << 1 << 2
        << u"the producer, line 3: an expression that leaves 2 values instead of 1"_s;
}

void TestExplorer::validate()
{
    QFETCH(StrategyProgram, program);
    QFETCH(int, producers);
    QFETCH(int, capacity);
    QFETCH(QString, error);
    ExploreConfig c = config(producers, 1, capacity, 2);
    QCOMPARE(Explorer::validate(program, c), error);
    const ExploreResult result = Explorer::explore(program, c);
    if (!error.isEmpty()) {
        QCOMPARE(result.verdict, Verdict::Inconclusive);
        QCOMPARE(result.reason, error);
    }
}

void TestExplorer::notifyAllFixesTheOneConditionMonitor()
{
    // Every waiter wakes and tests its condition again, so the wrong kind never keeps the right
    // kind waiting: no deadlock in the configurations where notify had one.
    const StrategyProgram program = oneConditionNotifyAllProgram();
    for (const ExploreConfig &c : {config(1, 2, 1, 2), config(2, 1, 1, 3), config(2, 2, 2, 4)}) {
        EXPLORE_BOTH(result, program, c)
        QVERIFY2(result.verdict == Verdict::Correct, qPrintable(describe(result).join(u'\n')));
        if (c.producers + c.consumers <= 3) // the reference's plain states take seconds beyond that
            QCOMPARE(Reference::shortestFinding(program, c).steps, -1);
    }
}

void TestExplorer::integers()
{
    // Kept under the lock, an integer count is as good as the buffer's.
    for (const ExploreConfig &c : {config(1, 1, 1, 2), config(2, 2, 2, 4), config(2, 1, 1, 3)}) {
        EXPLORE_BOTH(result, integerMonitorProgram(false), c)
        QVERIFY2(result.verdict == Verdict::Correct, qPrintable(describe(result).join(u'\n')));
    }
    // Counted after the unlock: the second producer sees room that the first has already taken.
    const StrategyProgram late = integerMonitorProgram(true);
    const ExploreConfig c = config(2, 1, 1, 2);
    EXPLORE_BOTH(result, late, c)
    QCOMPARE(result.finding.kind, Kind::Overwritten);
    QCOMPARE(result.schedule.size(), Reference::shortestFinding(late, c).steps);
    // The integer shows in the state, and a step that sets it says to what.
    const auto assigned
        = std::find_if(result.schedule.begin(), result.schedule.end(),
                       [](const ScheduleStep &step) { return step.text == u"items = items + 1"_s; });
    if (assigned != result.schedule.end()) {
        QCOMPARE(assigned->note, u"items = 1"_s);
        QVERIFY(assigned->after.summary().endsWith(u"| items = 1"_s));
    }
    QVERIFY(result.schedule.first().after.summary().endsWith(u"| items = 0"_s));
}

void TestExplorer::unboundedValueIsInconclusive()
{
    // A producer that only signals, for ever: the semaphore grows without bound.
    const StrategyProgram program
        = ProgramBuilder(u"signal-only"_s)
              .semaphore(u"full"_s, constant(0))
              .build([](RoleBuilder &p) { p.signal(u"full"_s); }, [](RoleBuilder &) {});
    const ExploreResult result = Explorer::explore(program, config(1, 1, 1, 0, true));
    QCOMPARE(result.verdict, Verdict::Inconclusive);
    QVERIFY(!result.cancelled);
    QVERIFY2(
        result.reason.startsWith(u"Producer 1's step at line 4 (signal(full)) takes a value past what the "
                                 "explorer holds"_s),
        qPrintable(result.reason));
    // With an end, the same program is a counterexample: nobody takes the records.
    QCOMPARE(Explorer::explore(program, config(1, 1, 1, 3)).finding.kind, Kind::Incomplete);
}

void TestExplorer::stepStateSummary()
{
    // The semaphore strategy, 1 + 1, after the producer's first round.
    const ExploreResult result = Explorer::explore(lockBeforeWaitProgram(), config(1, 1, 1, 2));
    QCOMPARE(result.schedule.size(), 14);
    const ScheduleStep &claim = result.schedule.at(0);
    QCOMPARE(claim.threadName, u"Producer 1"_s);
    QCOMPARE(claim.text, u"claim the next record"_s);
    QCOMPARE(claim.note, u"record 1"_s);
    const auto written
        = std::find_if(result.schedule.begin(), result.schedule.end(),
                       [](const ScheduleStep &step) { return step.text == u"insert: write slot[in]"_s; });
    QVERIFY(written != result.schedule.end());
    QCOMPARE(written->note, u"record 1 into slot 0"_s);
    QCOMPARE(written->after.summary(), u"slots [1] in 0 out 0 count 0 | empty 0 full 0 | ring: Producer 1"_s);
    QCOMPARE(written->after.order, QList<int> {1});
    const StepState &end = result.schedule.last().after;
    QCOMPARE(end.summary(), u"slots [1] in 0 out 0 count 1 | empty 0 full 0 | ring: Producer 1"_s);
    QCOMPARE(end.threads.at(0).line, 7); // wait(empty), after lock(ring) on line 6
    QCOMPARE(end.threads.at(0).record, 2);
    QCOMPARE(end.objects.at(2).owner, 0);

    const ExploreResult monitor = Explorer::explore(oneConditionProgram(), config(1, 2, 1, 2));
    const QString summary = monitor.schedule.last().after.summary();
    QVERIFY2(
        QRegularExpression(
            u"^slots \\[_\\] in 0 out 0 count 0 \\| m: free \\| changed \\[Producer 1, Consumer [12]\\]$"_s)
            .match(summary)
            .hasMatch(),
        qPrintable(summary));
}

void TestExplorer::reportText()
{
    const ExploreConfig c = config(1, 1, 1, 2);
    const ExploreResult result = Explorer::explore(lockBeforeWaitProgram(), c);
    const QStringList lines = ExploreReport::text(u"deadlock"_s, c, result).split(u'\n');
    QCOMPARE(lines.size(), 3 + 2 * 14 + 1); // the text ends with a newline
    QCOMPARE(lines.at(0),
             u"Exploring deadlock: 1 producer(s), 1 consumer(s), buffer 1, 2 item(s), symmetry "
             "reduction on, at most 10,000,000 states"_s);
    QVERIFY2(
        lines.at(1).startsWith(u"Counterexample (deadlock): No thread can move, and not all have finished: "
                               "Producer 1 is blocked on empty (0) at line 7; Consumer 1 is blocked on ring, "
                               "held by Producer 1, at line 14. (found after "_s),
        qPrintable(lines.at(1)));
    QVERIFY(lines.at(1).contains(u" states/s)"_s));
    QCOMPARE(lines.at(2), u"Shortest schedule, 14 step(s):"_s);
    QCOMPARE(lines.at(3), u"   1. Producer 1  line 5   claim the next record  (record 1)"_s);
    QCOMPARE(lines.at(4), u"      slots [_] in 0 out 0 count 0 | empty 1 full 0 | ring: free"_s);
    QCOMPARE(lines.at(11), u"   5. Producer 1  line 8   insert: write slot[in]  (record 1 into slot 0)"_s);
    QCOMPARE(lines.at(12), u"      slots [1] in 0 out 0 count 0 | empty 0 full 0 | ring: Producer 1"_s);
    QCOMPARE(lines.at(29), u"  14. Consumer 1  line 13  wait(full)"_s);

    ExploreConfig budget = config(2, 2, 2, 4);
    budget.maxStates = 10;
    const QString inconclusive
        = ExploreReport::verdict(Explorer::explore(semaphoreProgram(), budget), budget);
    QVERIFY2(inconclusive.startsWith(u"Inconclusive: the search reached its limit of 10 states"_s),
             qPrintable(inconclusive));
    QVERIFY(inconclusive.contains(u"; raise the limit to go further ("_s));
    ExploreConfig endless = config(2, 2, 2, 0, true);
    QVERIFY(ExploreReport::text(u"monitor"_s, endless, Explorer::explore(monitorProgram(), endless))
                .contains(u"\nCorrect: running for ever, "_s));
}

void TestExplorer::reportJson()
{
    const ExploreConfig c = config(1, 1, 1, 2);
    const QJsonObject json
        = ExploreReport::json(u"deadlock"_s, c, Explorer::explore(lockBeforeWaitProgram(), c));
    QCOMPARE(json.value(u"verdict"_s).toString(), u"counterexample"_s);
    QCOMPARE(json.value(u"finding"_s).toObject().value(u"kind"_s).toString(), u"deadlock"_s);
    QVERIFY(json.value(u"states"_s).toDouble() > 0);
    QVERIFY(json.value(u"transitions"_s).toDouble() > 0);
    QVERIFY(json.contains(u"seconds"_s) && json.contains(u"states_per_s"_s));
    QVERIFY(!json.contains(u"reason"_s));
    const QJsonObject configJson = json.value(u"config"_s).toObject();
    QCOMPARE(configJson.value(u"strategy"_s).toString(), u"deadlock"_s);
    QCOMPARE(configJson.value(u"items"_s).toInt(), 2);
    QCOMPARE(configJson.value(u"symmetry"_s).toBool(), true);
    const QJsonArray schedule = json.value(u"schedule"_s).toArray();
    QCOMPARE(schedule.size(), 14);
    const QJsonObject write = schedule.at(4).toObject();
    QCOMPARE(write.value(u"step"_s).toInt(), 5);
    QCOMPARE(write.value(u"thread"_s).toString(), u"Producer 1"_s);
    QCOMPARE(write.value(u"line"_s).toInt(), 8);
    QCOMPARE(write.value(u"text"_s).toString(), u"insert: write slot[in]"_s);
    const QJsonObject state = write.value(u"state"_s).toObject();
    QCOMPARE(state.value(u"slots"_s).toArray(), QJsonArray {1});
    QCOMPARE(state.value(u"objects"_s).toObject(),
             (QJsonObject {{u"empty"_s, 0}, {u"full"_s, 0}, {u"ring"_s, u"Producer 1"_s}}));
    const QJsonObject last = schedule.last().toObject().value(u"state"_s).toObject();
    const QJsonObject producer = last.value(u"threads"_s).toArray().at(0).toObject();
    QCOMPARE(producer.value(u"status"_s).toString(), u"blocked on empty"_s);
    QCOMPARE(producer.value(u"record"_s).toInt(), 2);

    ExploreConfig budget = config(2, 2, 2, 4);
    budget.maxStates = 10;
    const QJsonObject inconclusive
        = ExploreReport::json(u"semaphore"_s, budget, Explorer::explore(semaphoreProgram(), budget));
    QCOMPARE(inconclusive.value(u"verdict"_s).toString(), u"inconclusive"_s);
    QVERIFY(inconclusive.value(u"reason"_s).toString().contains(u"limit of 10 states"_s));
    QCOMPARE(inconclusive.value(u"schedule"_s).toArray().size(), 0);
    const QJsonObject correct
        = ExploreReport::json(u"semaphore"_s, c, Explorer::explore(semaphoreProgram(), c));
    QCOMPARE(correct.value(u"verdict"_s).toString(), u"correct"_s);
    QCOMPARE(correct.value(u"finding"_s).toObject().value(u"kind"_s).toString(), u"none"_s);
}

// --- The strategies BufferLab ships, read by the strategy language's parser -------------------

namespace {

StrategyProgram shipped(const QString &name)
{
    const Lab::ParseResult parsed = Lab::StrategyParser::parseFile(QStringLiteral(BUFFERLAB_STRATEGIES) + u'/'
                                                                   + name + u".blstrategy"_s);
    return parsed.ok() ? parsed.program : StrategyProgram {};
}

} // namespace

void TestExplorer::shippedStrategies_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<ExploreConfig>("configuration");
    QTest::addColumn<Kind>("expected"); // None: correct
    for (const QString &name : {u"semaphore"_s, u"monitor"_s}) {
        QTest::addRow("%s 2+2 N=2 K=4", qPrintable(name)) << name << config(2, 2, 2, 4) << Kind::None;
        QTest::addRow("%s 1+2 N=1 K=3", qPrintable(name)) << name << config(1, 2, 1, 3) << Kind::None;
        QTest::addRow("%s forever", qPrintable(name)) << name << config(2, 2, 2, 0, true) << Kind::None;
    }
    QTest::addRow("unsafe, two producers") << u"unsafe"_s << config(2, 1, 1, 2) << Kind::Overwritten;
    QTest::addRow("unsafe, two consumers") << u"unsafe"_s << config(1, 2, 1, 2) << Kind::Duplicated;
    QTest::addRow("deadlock") << u"deadlock"_s << config(1, 1, 1, 2) << Kind::Deadlock;
    QTest::addRow("deadlock forever") << u"deadlock"_s << config(1, 1, 1, 0, true) << Kind::Deadlock;
    QTest::addRow("one condition, 2+1") << u"monitor-one-condition"_s << config(2, 1, 1, 3) << Kind::Deadlock;
    QTest::addRow("one condition, 1+1") << u"monitor-one-condition"_s << config(1, 1, 1, 3) << Kind::None;
    QTest::addRow("signal before insert")
        << u"signal-before-insert"_s << config(1, 1, 1, 1) << Kind::RemoveFromEmpty;
    QTest::addRow("missing unlock") << u"missing-unlock"_s << config(1, 1, 1, 1) << Kind::Deadlock;
    // The exercises' answers: `if` instead of `while` lets a woken consumer take from a slot
    // another consumer emptied; two mutexes taken in opposite orders deadlock.
    QTest::addRow("exercise 1") << u"exercise-find-the-bug-1"_s << config(1, 2, 1, 2) << Kind::Duplicated;
    QTest::addRow("exercise 1, one consumer")
        << u"exercise-find-the-bug-1"_s << config(1, 1, 1, 2) << Kind::None;
    QTest::addRow("exercise 2") << u"exercise-find-the-bug-2"_s << config(1, 1, 2, 2) << Kind::Deadlock;
}

void TestExplorer::shippedStrategies()
{
    QFETCH(QString, name);
    QFETCH(ExploreConfig, configuration);
    QFETCH(Kind, expected);
    const StrategyProgram program = shipped(name);
    QVERIFY2(!program.producer.code.isEmpty(), qPrintable(name + u" does not parse"_s));
    QCOMPARE(Explorer::validate(program, configuration), QString());
    EXPLORE_BOTH(result, program, configuration) // counterexamples replayed on the reference interpreter
    QCOMPARE(result.finding.kind, expected);
    QCOMPARE(result.verdict, expected == Kind::None ? Verdict::Correct : Verdict::Counterexample);
    if (expected != Kind::None && !configuration.forever) {
        // The shortest: the reference interpreter's own breadth-first search finds nothing shorter.
        const Reference::Shortest reference = Reference::shortestFinding(program, configuration);
        QCOMPARE(reference.steps, int(result.schedule.size()));
    }
}

void TestExplorer::shippedTwinsOfTheBuiltPrograms()
{
    // The shipped semaphore and monitor files compile to the programs built by hand above, step
    // for step: the same states, transitions and verdicts.
    const std::pair<QString, StrategyProgram> twins[]
        = {{u"semaphore"_s, semaphoreProgram()}, {u"monitor"_s, monitorProgram()}};
    for (const auto &[name, built] : twins) {
        const StrategyProgram program = shipped(name);
        for (const ExploreConfig &c : {config(2, 2, 2, 4), config(2, 1, 1, 3), config(1, 2, 3, 2)}) {
            const ExploreResult fromFile = Explorer::explore(program, c);
            const ExploreResult byHand = Explorer::explore(built, c);
            QCOMPARE(fromFile.verdict, Verdict::Correct);
            QCOMPARE(fromFile.states, byHand.states);
            QCOMPARE(fromFile.transitions, byHand.transitions);
        }
    }
}

QTEST_GUILESS_MAIN(TestExplorer)
#include "tst_explorer.moc"
