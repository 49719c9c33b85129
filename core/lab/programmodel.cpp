#include "programmodel.h"

#include <QStringList>

#include <algorithm>
#include <cstring>

using namespace Qt::StringLiterals;

namespace Lab {

namespace {

// Where a thread really goes when it continues at `index`: through jumps, and to the next round
// when it reaches End. Validation made sure that jumps alone never loop.
uint8_t resolve(const QList<Instruction> &code, int index, uint8_t claim)
{
    for (qsizetype guard = 0; guard <= code.size(); ++guard) {
        if (index < 0 || index >= code.size())
            return claim;
        const Instruction &instruction = code.at(index);
        if (instruction.op == OpCode::Jump) {
            index = instruction.target;
            continue;
        }
        return instruction.op == OpCode::End ? claim : uint8_t(index);
    }
    return claim;
}

constexpr uint8_t PositionBit = 1;
constexpr uint8_t RegisterBit = 2;
constexpr uint8_t RecordBit = 4;

uint8_t registersRead(OpCode op)
{
    switch (op) {
    case OpCode::InsertWrite:
        return PositionBit | RecordBit;
    case OpCode::InsertAdvance:
    case OpCode::RemoveTake:
    case OpCode::RemoveAdvance:
        return PositionBit;
    case OpCode::InsertWriteCount:
    case OpCode::RemoveWriteCount:
        return RegisterBit;
    default:
        return 0;
    }
}

uint8_t registersWritten(OpCode op)
{
    switch (op) {
    case OpCode::InsertReadIn:
    case OpCode::RemoveReadOut:
        return PositionBit;
    case OpCode::InsertReadCount:
    case OpCode::RemoveReadCount:
        return RegisterBit;
    case OpCode::RemoveTake:
        return RecordBit;
    default:
        return 0;
    }
}

int8_t signedByte(uint8_t byte)
{
    return int8_t(byte);
}

int apply(Expression::Op op, int a, int b)
{
    using Op = Expression::Op;
    switch (op) {
    case Op::Add:
        return a + b;
    case Op::Subtract:
        return a - b;
    case Op::Equal:
        return a == b;
    case Op::NotEqual:
        return a != b;
    case Op::Less:
        return a < b;
    case Op::LessEqual:
        return a <= b;
    case Op::Greater:
        return a > b;
    case Op::GreaterEqual:
        return a >= b;
    case Op::And:
        return a != 0 && b != 0;
    case Op::Or:
        return a != 0 || b != 0;
    default:
        return 0;
    }
}

constexpr int MaxStack = 32; // validation keeps every expression within it

} // namespace

bool ProgramModel::constantValue(const Expression &expression, int capacity, int *value)
{
    using Op = Expression::Op;
    int stack[MaxStack];
    int top = 0;
    for (const Expression::Token &token : expression.tokens) {
        switch (token.op) {
        case Op::Constant:
        case Op::Capacity:
            if (top == MaxStack)
                return false;
            stack[top++] = token.op == Op::Constant ? token.value : capacity;
            break;
        case Op::Count:
        case Op::Integer:
            return false;
        case Op::Negate:
        case Op::Not:
            if (top < 1)
                return false;
            stack[top - 1] = token.op == Op::Negate ? -stack[top - 1] : int(stack[top - 1] == 0);
            break;
        default:
            if (top < 2)
                return false;
            stack[top - 2] = apply(token.op, stack[top - 2], stack[top - 1]);
            --top;
        }
    }
    if (top != 1)
        return false;
    *value = stack[0];
    return true;
}

ProgramModel::ProgramModel(const StrategyProgram &program, const ExploreConfig &config)
    : m_program(program), m_config(config), m_threads(config.producers + config.consumers)
{
    int offset = m_threads * ThreadBytes;
    m_objectOffset.assign(program.objects.size(), -1);
    for (qsizetype i = 0; i < program.objects.size(); ++i) {
        const SharedObject::Kind kind = program.objects.at(i).kind;
        if (kind == SharedObject::Kind::Condition)
            continue;
        if (kind == SharedObject::Kind::Mutex)
            m_mutexOffsets.push_back(offset);
        m_objectOffset[i] = offset++;
    }
    m_in = offset++;
    m_out = offset++;
    m_count = offset++;
    m_slots = offset;
    offset += config.capacity;
    m_order = offset;
    offset += config.capacity;
    if (!config.forever) {
        m_claimed = offset++;
        m_takes = offset++;
        m_taken = offset;
        offset += (config.items + 7) / 8;
    }
    m_size = (offset + 7) / 8 * 8;

    const ThreadProgram *programs[2] = {&program.producer, &program.consumer};
    for (int r = 0; r < 2; ++r) {
        const QList<Instruction> &code = programs[r]->code;
        Role &role = m_roles[r];
        role.line = programs[r]->line;
        role.first = resolve(code, 0, Claim);
        role.code.resize(code.size());
        for (qsizetype i = 0; i < code.size(); ++i) {
            const Instruction &instruction = code.at(i);
            Code &c = role.code[i];
            c.op = instruction.op;
            c.line = instruction.line;
            c.text = instruction.text;
            c.next = resolve(code, int(i) + 1, Claim);
            if (instruction.op == OpCode::JumpIfFalse)
                c.target = resolve(code, instruction.target, Claim);
            switch (instruction.op) {
            case OpCode::Wait:
            case OpCode::Signal:
            case OpCode::Lock:
            case OpCode::Unlock:
            case OpCode::Assign:
                c.objectIndex = instruction.object;
                c.object = int16_t(m_objectOffset[instruction.object]);
                break;
            case OpCode::ConditionWait:
            case OpCode::ConditionReacquire:
                // The condition of a reacquire is its wait's (the instruction before it).
                c.objectIndex
                    = instruction.op == OpCode::ConditionWait ? instruction.object : code.at(i - 1).object;
                c.condition = uint8_t(c.objectIndex + 1);
                c.mutexIndex = instruction.object2;
                c.mutex = int16_t(m_objectOffset[instruction.object2]);
                break;
            case OpCode::Notify:
            case OpCode::NotifyAll:
                c.objectIndex = instruction.object;
                c.condition = uint8_t(instruction.object + 1);
                break;
            default:
                break;
            }
            if (!instruction.expression.isEmpty()) {
                std::vector<Token> tokens;
                for (const Expression::Token &token : instruction.expression.tokens) {
                    const int value
                        = token.op == Expression::Op::Integer ? m_objectOffset[token.value] : token.value;
                    tokens.push_back({token.op, value});
                }
                c.expression = int(m_expressions.size());
                m_expressions.push_back(std::move(tokens));
            }
        }
        // Which registers are still to be read, from each instruction on: a backward fixpoint over
        // the round (a claim sets all of them, so nothing is live across rounds).
        const auto liveAt = [&role](uint8_t pc) { return pc == Claim ? uint8_t(0) : role.code[pc].liveIn; };
        for (bool changed = true; changed;) {
            changed = false;
            for (auto c = role.code.rbegin(); c != role.code.rend(); ++c) {
                if (c->op == OpCode::Jump || c->op == OpCode::End)
                    continue;
                uint8_t after = liveAt(c->next);
                if (c->op == OpCode::JumpIfFalse)
                    after |= liveAt(c->target);
                const uint8_t live = registersRead(c->op) | (after & ~registersWritten(c->op));
                if (live != c->liveIn) {
                    c->liveIn = live;
                    changed = true;
                }
            }
        }
    }
}

void ProgramModel::initialState(uint8_t *state) const
{
    std::memset(state, 0, size_t(m_size));
    for (int t = 0; t < m_threads; ++t)
        state[t * ThreadBytes + Pc] = Claim;
    for (qsizetype i = 0; i < m_program.objects.size(); ++i) {
        const SharedObject &object = m_program.objects.at(i);
        int value = 0;
        if (object.kind == SharedObject::Kind::Semaphore || object.kind == SharedObject::Kind::Integer) {
            if (!object.initial.isEmpty())
                constantValue(object.initial, m_config.capacity, &value);
            state[m_objectOffset[i]] = uint8_t(value); // validated: 0..255, or -128..127 for integers
        }
    }
}

bool ProgramModel::canStep(const uint8_t *state, int thread) const
{
    const uint8_t *th = state + thread * ThreadBytes;
    const uint8_t pc = th[Pc];
    if (pc == Finished || th[Waiting] != 0)
        return false;
    if (pc == Claim)
        return true;
    const Code &code = roleOf(thread).code[pc];
    switch (code.op) {
    case OpCode::Wait:
        return state[code.object] > 0;
    case OpCode::Lock:
        return state[code.object] == 0;
    case OpCode::ConditionReacquire:
        return state[code.mutex] == 0;
    default:
        return true;
    }
}

bool ProgramModel::anyCanStep(const uint8_t *state) const
{
    for (int t = 0; t < m_threads; ++t) {
        if (canStep(state, t))
            return true;
    }
    return false;
}

bool ProgramModel::allFinished(const uint8_t *state) const
{
    for (int t = 0; t < m_threads; ++t) {
        if (state[t * ThreadBytes + Pc] != Finished)
            return false;
    }
    return true;
}

int ProgramModel::waiterCount(const uint8_t *state, uint8_t condition) const
{
    int waiters = 0;
    for (int t = 0; t < m_threads; ++t)
        waiters += state[t * ThreadBytes + Waiting] == condition;
    return waiters;
}

int ProgramModel::choiceCount(const uint8_t *state, int thread) const
{
    const uint8_t pc = state[thread * ThreadBytes + Pc];
    if (pc >= Claim)
        return 1;
    const Code &code = roleOf(thread).code[pc];
    return code.op == OpCode::Notify ? qMax(1, waiterCount(state, code.condition)) : 1;
}

bool ProgramModel::taken(const uint8_t *state, int record) const
{
    return (state[m_taken + (record - 1) / 8] >> ((record - 1) % 8)) & 1;
}

bool ProgramModel::allTaken(const uint8_t *state) const
{
    for (int record = 1; record <= m_config.items; ++record) {
        if (!taken(state, record))
            return false;
    }
    return true;
}

int ProgramModel::evaluate(const uint8_t *state, int expression) const
{
    using Op = Expression::Op;
    int stack[MaxStack];
    int top = 0;
    for (const Token &token : m_expressions[size_t(expression)]) {
        switch (token.op) {
        case Op::Constant:
            stack[top++] = token.value;
            break;
        case Op::Capacity:
            stack[top++] = m_config.capacity;
            break;
        case Op::Count:
            stack[top++] = signedByte(state[m_count]);
            break;
        case Op::Integer:
            stack[top++] = signedByte(state[token.value]);
            break;
        case Op::Negate:
            stack[top - 1] = -stack[top - 1];
            break;
        case Op::Not:
            stack[top - 1] = stack[top - 1] == 0;
            break;
        default:
            stack[top - 2] = apply(token.op, stack[top - 2], stack[top - 1]);
            --top;
        }
    }
    return stack[0];
}

void ProgramModel::moveTo(uint8_t *thread, const Role &role, uint8_t pc) const
{
    thread[Pc] = pc;
    const uint8_t live = pc >= Claim ? uint8_t(0) : role.code[pc].liveIn;
    if (!(live & PositionBit))
        thread[Position] = 0;
    if (!(live & RegisterBit))
        thread[Register] = 0;
    if (!(live & RecordBit))
        thread[Record] = 0;
}

ProgramModel::Outcome ProgramModel::step(const uint8_t *state, int thread, int choice, uint8_t *next) const
{
    std::memcpy(next, state, size_t(m_size));
    uint8_t *th = next + thread * ThreadBytes;
    const Role &role = roleOf(thread);
    Outcome outcome;
    const uint8_t pc = th[Pc];
    if (pc == Claim) {
        th[Position] = th[Register] = th[Record] = 0;
        bool finished = false;
        if (isProducer(thread)) {
            if (m_config.forever)
                th[Record] = 1;
            else if (next[m_claimed] < m_config.items)
                th[Record] = ++next[m_claimed];
            else
                finished = true;
        } else if (!m_config.forever) {
            if (next[m_takes] < m_config.items)
                ++next[m_takes];
            else
                finished = true;
        }
        if (finished) {
            moveTo(th, role, Finished);
            if (allFinished(next) && !allTaken(next))
                outcome.finding = Finding::Kind::Incomplete;
        } else {
            moveTo(th, role, role.first);
        }
        return outcome;
    }

    const Code &code = role.code[pc];
    uint8_t to = code.next;
    const uint8_t self = uint8_t(thread + 1);
    switch (code.op) {
    case OpCode::Wait:
        --next[code.object];
        break;
    case OpCode::Signal:
        if (next[code.object] == 255)
            outcome.overflow = true;
        else
            ++next[code.object];
        break;
    case OpCode::Lock:
        next[code.object] = self;
        break;
    case OpCode::Unlock:
        if (next[code.object] != self)
            outcome.finding = Finding::Kind::UnlockNotOwner; // and the mutex stays as it was
        else
            next[code.object] = 0;
        break;
    case OpCode::ConditionWait:
        if (next[code.mutex] != self)
            outcome.finding = Finding::Kind::UnlockNotOwner;
        else
            next[code.mutex] = 0;
        th[Waiting] = code.condition;
        break;
    case OpCode::ConditionReacquire:
        next[code.mutex] = self;
        break;
    case OpCode::Notify:
        for (int t = 0, seen = 0; t < m_threads; ++t) {
            uint8_t &waiting = next[t * ThreadBytes + Waiting];
            if (waiting == code.condition && seen++ == choice) {
                waiting = 0;
                break;
            }
        }
        break;
    case OpCode::NotifyAll:
        for (int t = 0; t < m_threads; ++t) {
            uint8_t &waiting = next[t * ThreadBytes + Waiting];
            if (waiting == code.condition)
                waiting = 0;
        }
        break;
    case OpCode::Assign: {
        const int value = evaluate(state, code.expression);
        if (value < -128 || value > 127)
            outcome.overflow = true;
        else
            next[code.object] = uint8_t(int8_t(value));
        break;
    }
    case OpCode::JumpIfFalse:
        if (evaluate(state, code.expression) == 0)
            to = code.target;
        break;
    case OpCode::Jump:
    case OpCode::End:
    case OpCode::Pass:
        break;
    case OpCode::InsertReadIn:
        th[Position] = next[m_in];
        break;
    case OpCode::InsertWrite: {
        uint8_t &slot = next[m_slots + th[Position]];
        uint8_t *order = next + m_order;
        if (slot & Live) {
            outcome.finding = Finding::Kind::Overwritten;
            // The lost record leaves the order too (only shown: the search stops here).
            uint8_t *lost = std::find(order, order + m_config.capacity, uint8_t(slot & ~Live));
            if (lost != order + m_config.capacity) {
                std::memmove(lost, lost + 1, size_t(order + m_config.capacity - lost - 1));
                order[m_config.capacity - 1] = 0;
            }
        }
        slot = uint8_t(th[Record] | Live);
        *std::find(order, order + m_config.capacity, uint8_t(0)) = th[Record];
        break;
    }
    case OpCode::InsertAdvance:
        next[m_in] = uint8_t((th[Position] + 1) % m_config.capacity);
        break;
    case OpCode::InsertReadCount:
    case OpCode::RemoveReadCount:
        th[Register] = next[m_count];
        break;
    case OpCode::InsertWriteCount:
    case OpCode::RemoveWriteCount: {
        const int value = signedByte(th[Register]) + (code.op == OpCode::InsertWriteCount ? 1 : -1);
        if (value < -128 || value > 127)
            outcome.overflow = true;
        else
            next[m_count] = uint8_t(int8_t(value));
        break;
    }
    case OpCode::RemoveReadOut:
        th[Position] = next[m_out];
        break;
    case OpCode::RemoveTake: {
        uint8_t &slot = next[m_slots + th[Position]];
        const uint8_t record = slot & ~Live;
        th[Record] = record;
        if (!(slot & Live)) {
            // A record that was taken stays in its slot until it is written over: taking it again
            // is a duplicate; a slot nobody ever wrote is simply empty.
            outcome.finding = record != 0 ? Finding::Kind::Duplicated : Finding::Kind::RemoveFromEmpty;
            break;
        }
        uint8_t *order = next + m_order;
        if (!m_config.forever && taken(next, record))
            outcome.finding = Finding::Kind::Duplicated;
        else if (order[0] != record)
            outcome.finding = Finding::Kind::FifoViolation;
        uint8_t *entry = std::find(order, order + m_config.capacity, record);
        if (entry != order + m_config.capacity) {
            std::memmove(entry, entry + 1, size_t(order + m_config.capacity - entry - 1));
            order[m_config.capacity - 1] = 0;
        }
        slot = record;
        if (!m_config.forever)
            next[m_taken + (record - 1) / 8] |= uint8_t(1u << ((record - 1) % 8));
        break;
    }
    case OpCode::RemoveAdvance:
        next[m_out] = uint8_t((th[Position] + 1) % m_config.capacity);
        break;
    }
    moveTo(th, role, to);
    return outcome;
}

void ProgramModel::canonicalize(const uint8_t *state, uint8_t *canonical) const
{
    std::memcpy(canonical, state, size_t(m_size));
    if (!m_config.symmetry || (m_config.producers == 1 && m_config.consumers == 1))
        return;
    // Sort each role's threads by their bytes, with the mutexes they own as the last key, so that
    // two threads with equal keys are interchangeable in every way.
    uint64_t keys[2 * ExploreConfig::MaxThreadsPerRole];
    int order[2 * ExploreConfig::MaxThreadsPerRole];
    for (int t = 0; t < m_threads; ++t) {
        // Any order that depends on the five bytes alone makes the representative unique; this one
        // reads them at once (the state always has bytes after the last thread's).
        uint64_t bytes = 0;
        std::memcpy(&bytes, state + t * ThreadBytes, sizeof bytes);
        keys[t] = (bytes & 0xFF'FFFF'FFFFull) << 24;
        order[t] = t;
    }
    for (size_t m = 0; m < m_mutexOffsets.size(); ++m) {
        if (const uint8_t owner = state[m_mutexOffsets[m]])
            keys[owner - 1] |= uint64_t(1) << qMin<size_t>(m, 23);
    }
    const int ranges[3] = {0, m_config.producers, m_threads};
    bool moved = false;
    for (int r = 0; r < 2; ++r) {
        for (int i = ranges[r] + 1; i < ranges[r + 1]; ++i) {
            const int t = order[i];
            int j = i;
            for (; j > ranges[r] && keys[order[j - 1]] > keys[t]; --j)
                order[j] = order[j - 1];
            order[j] = t;
            moved |= j != i;
        }
    }
    if (!moved)
        return;
    uint8_t renamed[2 * ExploreConfig::MaxThreadsPerRole];
    for (int position = 0; position < m_threads; ++position) {
        std::memcpy(canonical + position * ThreadBytes, state + order[position] * ThreadBytes, ThreadBytes);
        renamed[order[position]] = uint8_t(position + 1);
    }
    for (const int offset : m_mutexOffsets) {
        if (const uint8_t owner = state[offset])
            canonical[offset] = renamed[owner - 1];
    }
}

// --- What a student reads ------------------------------------------------------------------------

QString ProgramModel::threadName(int thread) const
{
    return isProducer(thread) ? u"Producer %1"_s.arg(thread + 1)
                              : u"Consumer %1"_s.arg(thread - m_config.producers + 1);
}

QString ProgramModel::objectName(int index) const
{
    return index >= 0 && index < m_program.objects.size() ? m_program.objects.at(index).name : QString();
}

QString ProgramModel::ownerText(const uint8_t *state, int mutexOffset) const
{
    const uint8_t owner = state[mutexOffset];
    return owner == 0 ? u"nobody holds it"_s : threadName(owner - 1) + u" holds it"_s;
}

StepState ProgramModel::snapshot(const uint8_t *state) const
{
    StepState snapshot;
    for (int i = 0; i < m_config.capacity; ++i) {
        const uint8_t slot = state[m_slots + i];
        snapshot.slots.append({slot & ~Live, (slot & Live) != 0});
        if (const uint8_t record = state[m_order + i])
            snapshot.order.append(record);
    }
    snapshot.in = state[m_in];
    snapshot.out = state[m_out];
    snapshot.count = signedByte(state[m_count]);
    for (qsizetype i = 0; i < m_program.objects.size(); ++i) {
        const SharedObject &object = m_program.objects.at(i);
        StepState::Object shown;
        shown.name = object.name;
        shown.kind = object.kind;
        switch (object.kind) {
        case SharedObject::Kind::Semaphore:
            shown.value = state[m_objectOffset[i]];
            break;
        case SharedObject::Kind::Integer:
            shown.value = signedByte(state[m_objectOffset[i]]);
            break;
        case SharedObject::Kind::Mutex:
            shown.owner = int(state[m_objectOffset[i]]) - 1;
            break;
        case SharedObject::Kind::Condition:
            for (int t = 0; t < m_threads; ++t) {
                if (state[t * ThreadBytes + Waiting] == i + 1)
                    shown.waiting.append(t);
            }
            break;
        }
        snapshot.objects.append(shown);
    }
    for (int t = 0; t < m_threads; ++t) {
        const uint8_t *th = state + t * ThreadBytes;
        const Role &role = roleOf(t);
        StepState::Thread shown;
        shown.name = threadName(t);
        shown.record = th[Record];
        using Status = StepState::Thread::Status;
        if (th[Pc] == Finished) {
            shown.status = Status::Finished;
        } else if (th[Pc] == Claim) {
            shown.line = role.line;
        } else {
            const Code &code = role.code[th[Pc]];
            shown.line = code.line;
            if (th[Waiting] != 0) {
                shown.status = Status::Waiting;
                shown.object = objectName(th[Waiting] - 1);
            } else if (!canStep(state, t)) {
                shown.status = Status::Blocked;
                shown.object
                    = objectName(code.op == OpCode::ConditionReacquire ? code.mutexIndex : code.objectIndex);
            }
        }
        snapshot.threads.append(shown);
    }
    return snapshot;
}

QString ProgramModel::instructionText(const Code &code) const
{
    if (!code.text.isEmpty())
        return code.text;
    // A program made without texts: say what the step does.
    const QString object = objectName(code.objectIndex);
    switch (code.op) {
    case OpCode::Wait:
        return u"wait(%1)"_s.arg(object);
    case OpCode::Signal:
        return u"signal(%1)"_s.arg(object);
    case OpCode::Lock:
        return u"lock(%1)"_s.arg(object);
    case OpCode::Unlock:
        return u"unlock(%1)"_s.arg(object);
    case OpCode::ConditionWait:
        return u"wait(%1, %2)"_s.arg(object, objectName(code.mutexIndex));
    case OpCode::ConditionReacquire:
        return u"wait(%1, %2): lock %2 again"_s.arg(object, objectName(code.mutexIndex));
    case OpCode::Notify:
        return u"notify(%1)"_s.arg(object);
    case OpCode::NotifyAll:
        return u"notify_all(%1)"_s.arg(object);
    case OpCode::Assign:
        return u"%1 = ..."_s.arg(object);
    case OpCode::JumpIfFalse:
        return u"test"_s;
    case OpCode::Jump:
    case OpCode::End:
    case OpCode::Pass:
        return u"pass"_s;
    case OpCode::InsertReadIn:
        return u"insert: read in"_s;
    case OpCode::InsertWrite:
        return u"insert: write slot[in]"_s;
    case OpCode::InsertAdvance:
        return u"insert: in = (in + 1) % N"_s;
    case OpCode::InsertReadCount:
        return u"insert: read count"_s;
    case OpCode::InsertWriteCount:
        return u"insert: count = count + 1"_s;
    case OpCode::RemoveReadOut:
        return u"remove: read out"_s;
    case OpCode::RemoveTake:
        return u"remove: take slot[out]"_s;
    case OpCode::RemoveAdvance:
        return u"remove: out = (out + 1) % N"_s;
    case OpCode::RemoveReadCount:
        return u"remove: read count"_s;
    case OpCode::RemoveWriteCount:
        return u"remove: count = count - 1"_s;
    }
    return {};
}

ScheduleStep ProgramModel::describeStep(const uint8_t *before, int thread, const uint8_t *after) const
{
    ScheduleStep step;
    step.thread = thread;
    step.threadName = threadName(thread);
    step.after = snapshot(after);
    const Role &role = roleOf(thread);
    const uint8_t *th = before + thread * ThreadBytes;
    const uint8_t *thAfter = after + thread * ThreadBytes;
    if (th[Pc] == Claim) {
        step.line = role.line;
        const bool finished = thAfter[Pc] == Finished;
        if (isProducer(thread)) {
            step.text = u"claim the next record"_s;
            if (finished)
                step.note = u"none left: finished"_s;
            else if (!m_config.forever)
                step.note = u"record %1"_s.arg(thAfter[Record] != 0 ? thAfter[Record] : after[m_claimed]);
        } else {
            step.text = u"claim a record to take"_s;
            if (finished)
                step.note = u"none left: finished"_s;
            else if (!m_config.forever)
                step.note = u"take %1 of %2"_s.arg(after[m_takes]).arg(m_config.items);
        }
        return step;
    }
    const Code &code = role.code[th[Pc]];
    step.line = code.line;
    step.text = instructionText(code);
    switch (code.op) {
    case OpCode::Notify:
    case OpCode::NotifyAll: {
        QStringList woken;
        for (int t = 0; t < m_threads; ++t) {
            if (before[t * ThreadBytes + Waiting] == code.condition && after[t * ThreadBytes + Waiting] == 0)
                woken.append(threadName(t));
        }
        step.note
            = woken.isEmpty() ? u"nobody waits: the notify is lost"_s : u"wakes "_s + woken.join(u", "_s);
        break;
    }
    case OpCode::JumpIfFalse:
        step.note = evaluate(before, code.expression) != 0 ? u"true"_s : u"false"_s;
        break;
    case OpCode::InsertReadIn:
        step.note = u"in is %1"_s.arg(before[m_in]);
        break;
    case OpCode::RemoveReadOut:
        step.note = u"out is %1"_s.arg(before[m_out]);
        break;
    case OpCode::InsertWrite:
        step.note = u"record %1 into slot %2"_s.arg(th[Record]).arg(th[Position]);
        break;
    case OpCode::RemoveTake: {
        const uint8_t slot = before[m_slots + th[Position]];
        step.note = (slot & Live) ? u"record %1 from slot %2"_s.arg(slot & ~Live).arg(th[Position])
                                  : u"slot %1, which is empty"_s.arg(th[Position]);
        break;
    }
    case OpCode::InsertAdvance:
        step.note = u"in = %1"_s.arg(after[m_in]);
        break;
    case OpCode::RemoveAdvance:
        step.note = u"out = %1"_s.arg(after[m_out]);
        break;
    case OpCode::InsertReadCount:
    case OpCode::RemoveReadCount:
        step.note = u"reads count %1"_s.arg(signedByte(before[m_count]));
        break;
    case OpCode::InsertWriteCount:
    case OpCode::RemoveWriteCount:
        step.note = u"writes count %1"_s.arg(signedByte(after[m_count]));
        break;
    case OpCode::Assign:
        step.note = u"%1 = %2"_s.arg(objectName(code.objectIndex)).arg(signedByte(after[code.object]));
        break;
    case OpCode::ConditionWait:
        step.note = u"releases %1"_s.arg(objectName(code.mutexIndex));
        break;
    case OpCode::ConditionReacquire:
        step.note = u"locks %1 again"_s.arg(objectName(code.mutexIndex));
        break;
    default:
        break;
    }
    return step;
}

QString ProgramModel::findingMessage(Finding::Kind kind, const uint8_t *before, int thread,
                                     const uint8_t *after) const
{
    if (kind == Finding::Kind::Deadlock)
        return deadlockMessage(after);
    if (kind == Finding::Kind::CannotFinish)
        return cannotFinishMessage(after);
    if (thread < 0 || thread >= m_threads)
        return {};
    const QString name = threadName(thread);
    const uint8_t *th = before + thread * ThreadBytes;
    const int position = th[Position];
    const uint8_t slot = before[m_slots + position];
    const int held = slot & ~Live;
    const Code *code = th[Pc] < Claim ? &roleOf(thread).code[th[Pc]] : nullptr;
    switch (kind) {
    case Finding::Kind::Overwritten:
        return u"%1 wrote record %2 into slot %3, which still held record %4: record %4 is lost."_s.arg(name)
            .arg(th[Record])
            .arg(position)
            .arg(held);
    case Finding::Kind::RemoveFromEmpty:
        return u"%1 took from slot %2, which is empty: nothing was ever written there."_s.arg(name).arg(
            position);
    case Finding::Kind::Duplicated:
        return u"%1 took record %2 from slot %3, but record %2 had already been taken: it is consumed twice."_s
            .arg(name)
            .arg(held)
            .arg(position);
    case Finding::Kind::FifoViolation:
        return u"%1 took record %2 from slot %3 while record %4, written before it, is still in the buffer: "
               "the buffer is not first in, first out."_s.arg(name)
                   .arg(held)
                   .arg(position)
                   .arg(before[m_order]);
    case Finding::Kind::UnlockNotOwner:
        if (code && code->op == OpCode::ConditionWait)
            return u"%1 waited on %2, which releases %3, without holding %3 (%4)."_s.arg(
                name, objectName(code->objectIndex), objectName(code->mutexIndex),
                ownerText(before, code->mutex));
        return u"%1 unlocked %2, but %3."_s.arg(name, code ? objectName(code->objectIndex) : QString(),
                                                code ? ownerText(before, code->object) : QString());
    case Finding::Kind::Incomplete: {
        QStringList missing;
        for (int record = 1; record <= m_config.items; ++record) {
            if (taken(after, record))
                continue;
            int where = -1;
            for (int i = 0; i < m_config.capacity; ++i) {
                if (after[m_slots + i] == (record | Live))
                    where = i;
            }
            missing.append(where >= 0 ? u"record %1 is still in slot %2"_s.arg(record).arg(where)
                                      : u"record %1 never reached the buffer"_s.arg(record));
        }
        return u"Every thread finished, but not every record was taken: %1."_s.arg(missing.join(u"; "_s));
    }
    case Finding::Kind::Deadlock:
    case Finding::Kind::CannotFinish:
    case Finding::Kind::None:
        break;
    }
    return {};
}

QString ProgramModel::situation(const uint8_t *state, int thread) const
{
    const QString name = threadName(thread);
    const uint8_t *th = state + thread * ThreadBytes;
    if (th[Pc] == Finished)
        return name + u" has finished"_s;
    if (th[Waiting] != 0)
        return u"%1 waits on %2"_s.arg(name, objectName(th[Waiting] - 1));
    if (th[Pc] == Claim)
        return u"%1 is about to claim work (line %2)"_s.arg(name).arg(roleOf(thread).line);
    const Code &code = roleOf(thread).code[th[Pc]];
    if (!canStep(state, thread)) {
        if (code.op == OpCode::Wait)
            return u"%1 is blocked on %2 (0) at line %3"_s.arg(name, objectName(code.objectIndex))
                .arg(code.line);
        const int mutex = code.op == OpCode::Lock ? code.object : code.mutex;
        const uint8_t owner = state[mutex];
        const QString holder = owner == thread + 1 ? u"itself"_s : threadName(owner - 1);
        return u"%1 is blocked on %2, held by %3, at line %4"_s
            .arg(name, objectName(code.op == OpCode::Lock ? code.objectIndex : code.mutexIndex), holder)
            .arg(code.line);
    }
    QStringList holds;
    for (qsizetype i = 0; i < m_program.objects.size(); ++i) {
        if (m_program.objects.at(i).kind == SharedObject::Kind::Mutex
            && state[m_objectOffset[i]] == thread + 1)
            holds.append(m_program.objects.at(i).name);
    }
    return u"%1 is at line %2%3"_s.arg(name).arg(code.line).arg(
        holds.isEmpty() ? QString() : u", holding "_s + holds.join(u", "_s));
}

QString ProgramModel::deadlockMessage(const uint8_t *state) const
{
    QStringList situations;
    for (int t = 0; t < m_threads; ++t)
        situations.append(situation(state, t));
    return u"No thread can move, and not all have finished: %1."_s.arg(situations.join(u"; "_s));
}

QString ProgramModel::cannotFinishMessage(const uint8_t *state) const
{
    QStringList situations;
    for (int t = 0; t < m_threads; ++t)
        situations.append(situation(state, t));
    return u"From here on, no schedule lets every thread finish: the threads can still take steps, but "
           "only round in circles (a busy-wait that never ends, or a wait nobody will end). Now %1."_s.arg(
               situations.join(u"; "_s));
}

QString ProgramModel::overflowMessage(const uint8_t *state, int thread) const
{
    const uint8_t pc = state[thread * ThreadBytes + Pc];
    const QString where = pc < Claim ? u" at line %1 (%2)"_s.arg(roleOf(thread).code[pc].line)
                                           .arg(instructionText(roleOf(thread).code[pc]))
                                     : QString();
    return u"%1's step%2 takes a value past what the explorer holds (semaphores 0 to 255, count and "
           "integers -128 to 127): the strategy's states have no bound."_s.arg(threadName(thread), where);
}

} // namespace Lab
