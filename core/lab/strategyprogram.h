#pragma once

// A synchronization strategy written as a short program (a .blstrategy file), compiled: the shared
// objects it declares, and one instruction list for producers and one for consumers.
//
// One instruction is one atomic step: the unit a scheduler admits, the explorer branches on and a
// schedule names. StrategyParser makes a StrategyProgram from text; Explorer runs every
// interleaving of one; the interpreter on real threads (later) runs the same instructions.
//
// How a thread runs its program: it repeats rounds. At the start of each round it claims work in
// one implicit step (a producer the next record number, a consumer one of the records still to be
// taken; with none left the thread finishes). Then it runs its instructions from 0 until End. A
// Jump is not a step: a thread's position always skips straight through jumps to the next real
// instruction (the parser never emits a loop made of jumps alone).
//
// insert and remove are not atomic: each becomes five steps on the ring (read the position, write
// or take the slot, advance the position, read count, write count back), so an unguarded buffer
// really races.

#include <QList>
#include <QString>

#include <cstdint>

namespace Lab {

// An integer expression in reverse Polish notation, evaluated in one step. Comparisons and the
// logical operators give 0 or 1.
struct Expression
{
    enum class Op : uint8_t {
        Constant, // value
        Capacity, // N, the buffer's capacity
        Count, // count, the buffer's shared count of records (what insert and remove update)
        Integer, // the shared integer object number `value`
        Add,
        Subtract,
        Negate,
        Equal,
        NotEqual,
        Less,
        LessEqual,
        Greater,
        GreaterEqual,
        And,
        Or,
        Not,
    };
    struct Token
    {
        Op op = Op::Constant;
        int value = 0;
        friend bool operator==(const Token &, const Token &) = default;
    };
    QList<Token> tokens; // empty: no expression

    bool isEmpty() const { return tokens.isEmpty(); }
    friend bool operator==(const Expression &, const Expression &) = default;
};

struct SharedObject
{
    enum class Kind : uint8_t { Semaphore, Mutex, Condition, Integer };
    Kind kind = Kind::Mutex;
    QString name;
    Expression initial; // semaphores and integers: a constant expression (numbers and N only)
    int line = 0;

    friend bool operator==(const SharedObject &, const SharedObject &) = default;
};

enum class OpCode : uint8_t {
    Wait, // semaphore `object`: blocked while its value is 0, then value - 1
    Signal, // semaphore `object`: value + 1
    Lock, // mutex `object`: blocked while it has an owner (also when the owner is this thread)
    Unlock, // mutex `object`: a thread that does not own it is a finding (unlock_not_owner)
    ConditionWait, // releases mutex `object2` (a finding if not its owner) and joins the wait set
                   // of condition `object`; the thread is then waiting until a notify picks it
    ConditionReacquire, // follows every ConditionWait, same line: blocked while mutex `object2`
                        // has an owner, then owns it
    Notify, // condition `object`: one waiter (any of them: each choice is its own transition)
            // leaves the wait set; with none waiting, nothing happens (the notify is lost)
    NotifyAll, // condition `object`: every waiter leaves the wait set
    Assign, // shared integer `object` = expression
    JumpIfFalse, // evaluates expression (one step); if 0, continues at `target`
    Jump, // not a step: continues at `target`
    Pass, // a step that changes nothing (the body of a busy-wait loop)
    InsertReadIn, // position = in
    InsertWrite, // slot[position] = this thread's record (a finding if it still holds one: overwritten)
    InsertAdvance, // in = (position + 1) % N
    InsertReadCount, // register = count
    InsertWriteCount, // count = register + 1
    RemoveReadOut, // position = out
    RemoveTake, // record = slot[position], slot emptied (findings: remove_from_empty, duplicated)
    RemoveAdvance, // out = (position + 1) % N
    RemoveReadCount, // register = count
    RemoveWriteCount, // count = register - 1
    End, // the round is over
};

struct Instruction
{
    OpCode op = OpCode::Pass;
    int object = -1; // index into StrategyProgram::objects
    int object2 = -1; // ConditionWait and ConditionReacquire: the mutex
    int target = -1; // Jump and JumpIfFalse: instruction index
    Expression expression; // Assign, JumpIfFalse
    int line = 0; // 1-based line and column of the statement it comes from
    int column = 0;
    QString
        text; // that statement as a student reads it in a schedule: "wait(empty)", "insert: write the slot"

    friend bool operator==(const Instruction &, const Instruction &) = default;
};

struct ThreadProgram
{
    QList<Instruction> code; // ends with End
    int line = 0; // the line of "producer:" or "consumer:"

    friend bool operator==(const ThreadProgram &, const ThreadProgram &) = default;
};

struct StrategyProgram
{
    QString name; // from the `strategy` line, else the file's base name
    QString description; // the comment lines before the first declaration, without "# "
    QList<SharedObject> objects;
    ThreadProgram producer;
    ThreadProgram consumer;

    int objectIndex(const QString &objectName) const
    {
        for (int i = 0; i < objects.size(); ++i) {
            if (objects.at(i).name == objectName)
                return i;
        }
        return -1;
    }
    // Structural equality: the same objects and instructions (name and description included).
    friend bool operator==(const StrategyProgram &, const StrategyProgram &) = default;
};

} // namespace Lab
