// Feeds arbitrary text to StrategyParser and checks what must hold for any input: no crash, hang or
// undefined behaviour (the sanitizers), at most MaxErrors errors, each placed in the text and
// explained, no program when there is an error; and for every text it accepts, a program the
// explorer can run as it is (every thread program ends with End, within MaxInstructions, jumps
// land inside it and no loop is made of jumps alone, objects are of the kind each step needs) and
// that the printer writes back faithfully: its text parses to the same program, positions and
// statement texts aside, and printing that gives the same text again.
//
// Seeds: resources/strategies/*.blstrategy. Run (see scripts/fuzz.sh):
//   build/fuzz/tests/fuzz/fuzz_strategyparser -dict=tests/fuzz/strategy.dict NEW-CORPUS resources/strategies

#include "strategyparser.h"
#include "strategyprinter.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>

using namespace Qt::StringLiterals;
using namespace Lab;

namespace {

#define FUZZ_CHECK(condition)                                                                                \
    do {                                                                                                     \
        if (!(condition)) {                                                                                  \
            std::fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #condition);               \
            std::abort();                                                                                    \
        }                                                                                                    \
    } while (false)

StrategyProgram withoutPositions(StrategyProgram program)
{
    for (SharedObject &object : program.objects)
        object.line = 0;
    for (ThreadProgram *thread : {&program.producer, &program.consumer}) {
        thread->line = 0;
        for (Instruction &instruction : thread->code) {
            instruction.line = 0;
            instruction.column = 0;
            instruction.text.clear();
        }
    }
    return program;
}

bool isKind(const StrategyProgram &program, int index, SharedObject::Kind kind)
{
    return index >= 0 && index < program.objects.size() && program.objects.at(index).kind == kind;
}

void checkExpression(const StrategyProgram &program, const Expression &expression)
{
    int depth = 0;
    for (const Expression::Token &token : expression.tokens) {
        switch (token.op) {
        case Expression::Op::Constant:
        case Expression::Op::Capacity:
        case Expression::Op::Count:
            ++depth;
            break;
        case Expression::Op::Integer:
            FUZZ_CHECK(isKind(program, token.value, SharedObject::Kind::Integer));
            ++depth;
            break;
        case Expression::Op::Negate:
        case Expression::Op::Not:
            FUZZ_CHECK(depth >= 1);
            break;
        default:
            FUZZ_CHECK(depth >= 2);
            --depth;
            break;
        }
    }
    FUZZ_CHECK(depth == 1);
}

void checkRunnable(const StrategyProgram &program, const ThreadProgram &thread)
{
    using K = SharedObject::Kind;
    const QList<Instruction> &code = thread.code;
    FUZZ_CHECK(!code.isEmpty() && code.size() <= StrategyParser::MaxInstructions);
    FUZZ_CHECK(code.last().op == OpCode::End);
    for (qsizetype i = 0; i < code.size(); ++i) {
        const Instruction &at = code.at(i);
        FUZZ_CHECK(at.line >= 1 && at.column >= 1 && !at.text.isEmpty());
        switch (at.op) {
        case OpCode::Wait:
        case OpCode::Signal:
            FUZZ_CHECK(isKind(program, at.object, K::Semaphore));
            break;
        case OpCode::Lock:
        case OpCode::Unlock:
            FUZZ_CHECK(isKind(program, at.object, K::Mutex));
            break;
        case OpCode::Notify:
        case OpCode::NotifyAll:
            FUZZ_CHECK(isKind(program, at.object, K::Condition));
            break;
        case OpCode::ConditionWait:
            FUZZ_CHECK(i + 1 < code.size() && code.at(i + 1).op == OpCode::ConditionReacquire);
            [[fallthrough]];
        case OpCode::ConditionReacquire:
            FUZZ_CHECK(isKind(program, at.object, K::Condition) && isKind(program, at.object2, K::Mutex));
            break;
        case OpCode::Assign:
            FUZZ_CHECK(isKind(program, at.object, K::Integer));
            checkExpression(program, at.expression);
            break;
        case OpCode::JumpIfFalse:
            checkExpression(program, at.expression);
            [[fallthrough]];
        case OpCode::Jump:
            FUZZ_CHECK(at.target >= 0 && at.target < code.size());
            break;
        case OpCode::End:
            FUZZ_CHECK(i == code.size() - 1);
            break;
        default:
            break;
        }
        // A thread skips through jumps: from anywhere, that ends at a real step.
        qsizetype k = i;
        int hops = 0;
        while (code.at(k).op == OpCode::Jump) {
            k = code.at(k).target;
            FUZZ_CHECK(++hops <= code.size());
        }
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString text = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    const QString fileName = u"fuzz.blstrategy"_s;
    const ParseResult result = StrategyParser::parse(text, fileName);
    FUZZ_CHECK(result.errors.size() <= StrategyParser::MaxErrors);
    const int lines = int(text.count(u'\n')) + 1;
    for (const ParseError &error : result.errors) {
        FUZZ_CHECK(!error.message.isEmpty());
        FUZZ_CHECK(error.line >= 1 && error.line <= lines && error.column >= 1);
    }
    if (!result.ok()) {
        FUZZ_CHECK(result.program == StrategyProgram {});
        return 0;
    }
    FUZZ_CHECK(result.program.objects.size() <= StrategyParser::MaxObjects);
    for (const SharedObject &object : result.program.objects) {
        if (object.kind == SharedObject::Kind::Semaphore || object.kind == SharedObject::Kind::Integer)
            checkExpression(result.program, object.initial);
    }
    checkRunnable(result.program, result.program.producer);
    checkRunnable(result.program, result.program.consumer);

    const QString printed = StrategyPrinter::print(result.program);
    const ParseResult again = StrategyParser::parse(printed, fileName);
    if (!again.ok() || withoutPositions(again.program) != withoutPositions(result.program)) {
        std::fprintf(stderr, "printed:\n%s\nerrors:\n", qPrintable(printed));
        for (const ParseError &error : again.errors)
            std::fprintf(stderr, "%s\n", qPrintable(error.toString(fileName)));
    }
    FUZZ_CHECK(again.ok());
    FUZZ_CHECK(withoutPositions(again.program) == withoutPositions(result.program));
    FUZZ_CHECK(StrategyPrinter::print(again.program) == printed);
    return 0;
}
