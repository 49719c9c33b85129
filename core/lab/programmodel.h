#pragma once

#include "explorer.h"

#include <array>
#include <cstdint>
#include <vector>

namespace Lab {

// One strategy program under one configuration, as the explorer runs it. A state is a fixed
// number of bytes (stateSize()); a step of one thread turns one state into the next. The search,
// the replay that names a counterexample's threads, and the snapshots a student reads all go
// through this class, so they cannot disagree.
//
// The bytes of a state, in order:
//   per thread (producers, then consumers), 5 bytes: the next instruction (or "claim" or
//   "finished"), the condition it waits on (its object index + 1, 0 for none), its position
//   register, its count register, the record it holds;
//   one byte per semaphore, mutex (its owner + 1, 0 if free) and integer, none per condition (a
//   condition's wait set is in the threads' bytes);
//   in, out, count; the N slots (a record number, the top bit set while it is live); the live
//   records in the order they were written (N bytes); unless forever: the records claimed, the
//   takes claimed and a bit per record taken;
//   zeros up to a multiple of 8.
// Registers that no later instruction of the round reads before writing them are kept at 0 (a
// round starts with them at 0), so states that differ only in values nobody will read are one.
class ProgramModel
{
public:
    // The program and the configuration must have passed Explorer::validate().
    ProgramModel(const StrategyProgram &program, const ExploreConfig &config);

    // The value of a constant expression (numbers and N only) for this capacity; false if it is
    // not one.
    static bool constantValue(const Expression &expression, int capacity, int *value);

    int stateSize() const { return m_size; }
    int threadCount() const { return m_threads; }
    void initialState(uint8_t *state) const;

    bool canStep(const uint8_t *state, int thread) const;
    bool anyCanStep(const uint8_t *state) const;
    bool allFinished(const uint8_t *state) const;
    // How many different steps the thread can take here: the waiters a notify may pick, else 1.
    int choiceCount(const uint8_t *state, int thread) const;

    struct Outcome
    {
        Finding::Kind finding = Finding::Kind::None;
        bool overflow = false; // a value left what a state can hold: the search cannot go on
    };
    // The thread's step (canStep() must be true) into next. next is filled in even when the step
    // is a finding, to show what it did.
    Outcome step(const uint8_t *state, int thread, int choice, uint8_t *next) const;

    // The representative of the state's symmetry class: producers' bytes sorted, consumers' bytes
    // sorted, mutex owners renumbered to match. A plain copy with symmetry off.
    void canonicalize(const uint8_t *state, uint8_t *canonical) const;

    QString threadName(int thread) const;
    StepState snapshot(const uint8_t *state) const;
    ScheduleStep describeStep(const uint8_t *before, int thread, const uint8_t *after) const;
    QString findingMessage(Finding::Kind kind, const uint8_t *before, int thread, const uint8_t *after) const;
    QString deadlockMessage(const uint8_t *state) const;
    QString cannotFinishMessage(const uint8_t *state) const;
    QString overflowMessage(const uint8_t *state, int thread) const;

private:
    enum ThreadField { Pc, Waiting, Position, Register, Record, ThreadBytes };
    static constexpr uint8_t Claim = 254; // at the start of a round: the next step is the claim
    static constexpr uint8_t Finished = 255;
    static constexpr uint8_t Live = 0x80;
    enum Registers : uint8_t { LivePosition = 1, LiveRegister = 2, LiveRecord = 4 };

    struct Token
    {
        Expression::Op op = Expression::Op::Constant;
        int value = 0; // Constant: the number; Integer: the object's byte offset
    };
    struct Code
    {
        OpCode op = OpCode::Pass;
        uint8_t next = Claim; // where the thread goes after this step, through jumps
        uint8_t target = Claim; // JumpIfFalse when false, through jumps
        int16_t object = -1; // byte offset of the semaphore, mutex or integer
        int16_t mutex = -1; // ConditionWait, ConditionReacquire: byte offset of the mutex
        uint8_t condition = 0; // ConditionWait, ConditionReacquire, Notify(All): object index + 1
        uint8_t liveIn = 0; // registers read from here on before they are written
        int objectIndex = -1; // the objects as the program lists them, for names
        int mutexIndex = -1;
        int expression = -1; // index into m_expressions
        int line = 0;
        QString text;
    };
    struct Role
    {
        std::vector<Code> code;
        uint8_t first = Claim; // where a round starts, through jumps
        int line = 0;
    };

    const Role &roleOf(int thread) const { return thread < m_config.producers ? m_roles[0] : m_roles[1]; }
    bool isProducer(int thread) const { return thread < m_config.producers; }
    int evaluate(const uint8_t *state, int expression) const;
    void moveTo(uint8_t *thread, const Role &role, uint8_t pc) const;
    bool taken(const uint8_t *state, int record) const;
    bool allTaken(const uint8_t *state) const;
    int waiterCount(const uint8_t *state, uint8_t condition) const;
    QString objectName(int index) const;
    QString ownerText(const uint8_t *state, int mutexOffset) const;
    QString situation(const uint8_t *state, int thread) const;
    QString instructionText(const Code &code) const;

    StrategyProgram m_program;
    ExploreConfig m_config;
    int m_threads = 0;
    std::array<Role, 2> m_roles;
    std::vector<std::vector<Token>> m_expressions;
    std::vector<int> m_objectOffset; // per object, -1 for conditions
    std::vector<int> m_mutexOffsets;
    int m_in = 0;
    int m_out = 0;
    int m_count = 0;
    int m_slots = 0;
    int m_order = 0;
    int m_claimed = 0;
    int m_takes = 0;
    int m_taken = 0;
    int m_size = 0;
};

} // namespace Lab
