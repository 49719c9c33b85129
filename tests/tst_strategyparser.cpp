#include "fifovalve.h"
#include "strategyparser.h"
#include "strategyprinter.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace Qt::StringLiterals;
using namespace Lab;

namespace {

const QString StrategiesDirectory = QStringLiteral(BUFFERLAB_STRATEGIES);

// The source of a test, written as a raw string that starts on the line after R"(.
QString source(const char *text)
{
    QString result = QString::fromUtf8(text);
    if (result.startsWith(u'\n'))
        result.remove(0, 1);
    return result;
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

QString errorsText(const ParseResult &result, const QString &fileName = {})
{
    QStringList lines;
    for (const ParseError &error : result.errors)
        lines.append(error.toString(fileName));
    return lines.join(u'\n');
}

QString opName(OpCode op)
{
    switch (op) {
    case OpCode::Wait:
        return u"Wait"_s;
    case OpCode::Signal:
        return u"Signal"_s;
    case OpCode::Lock:
        return u"Lock"_s;
    case OpCode::Unlock:
        return u"Unlock"_s;
    case OpCode::ConditionWait:
        return u"ConditionWait"_s;
    case OpCode::ConditionReacquire:
        return u"ConditionReacquire"_s;
    case OpCode::Notify:
        return u"Notify"_s;
    case OpCode::NotifyAll:
        return u"NotifyAll"_s;
    case OpCode::Assign:
        return u"Assign"_s;
    case OpCode::JumpIfFalse:
        return u"JumpIfFalse"_s;
    case OpCode::Jump:
        return u"Jump"_s;
    case OpCode::Pass:
        return u"Pass"_s;
    case OpCode::InsertReadIn:
        return u"InsertReadIn"_s;
    case OpCode::InsertWrite:
        return u"InsertWrite"_s;
    case OpCode::InsertAdvance:
        return u"InsertAdvance"_s;
    case OpCode::InsertReadCount:
        return u"InsertReadCount"_s;
    case OpCode::InsertWriteCount:
        return u"InsertWriteCount"_s;
    case OpCode::RemoveReadOut:
        return u"RemoveReadOut"_s;
    case OpCode::RemoveTake:
        return u"RemoveTake"_s;
    case OpCode::RemoveAdvance:
        return u"RemoveAdvance"_s;
    case OpCode::RemoveReadCount:
        return u"RemoveReadCount"_s;
    case OpCode::RemoveWriteCount:
        return u"RemoveWriteCount"_s;
    case OpCode::End:
        return u"End"_s;
    }
    return u"?"_s;
}

// An expression in reverse Polish notation, one word a token: "count N == x 1 > and".
QString rpn(const Expression &expression, const QList<SharedObject> &objects)
{
    QStringList words;
    for (const Expression::Token &token : expression.tokens) {
        switch (token.op) {
        case Expression::Op::Constant:
            words.append(QString::number(token.value));
            break;
        case Expression::Op::Capacity:
            words.append(u"N"_s);
            break;
        case Expression::Op::Count:
            words.append(u"count"_s);
            break;
        case Expression::Op::Integer:
            words.append(token.value >= 0 && token.value < objects.size() ? objects.at(token.value).name
                                                                          : u"?"_s);
            break;
        case Expression::Op::Add:
            words.append(u"+"_s);
            break;
        case Expression::Op::Subtract:
            words.append(u"-"_s);
            break;
        case Expression::Op::Negate:
            words.append(u"neg"_s);
            break;
        case Expression::Op::Equal:
            words.append(u"=="_s);
            break;
        case Expression::Op::NotEqual:
            words.append(u"!="_s);
            break;
        case Expression::Op::Less:
            words.append(u"<"_s);
            break;
        case Expression::Op::LessEqual:
            words.append(u"<="_s);
            break;
        case Expression::Op::Greater:
            words.append(u">"_s);
            break;
        case Expression::Op::GreaterEqual:
            words.append(u">="_s);
            break;
        case Expression::Op::And:
            words.append(u"and"_s);
            break;
        case Expression::Op::Or:
            words.append(u"or"_s);
            break;
        case Expression::Op::Not:
            words.append(u"not"_s);
            break;
        }
    }
    return words.join(u' ');
}

// One thread program, an instruction a line: "1 JumpIfFalse ->5 [count N ==]", "2 ConditionWait notFull m".
QStringList steps(const ThreadProgram &thread, const QList<SharedObject> &objects)
{
    QStringList lines;
    for (qsizetype i = 0; i < thread.code.size(); ++i) {
        const Instruction &instruction = thread.code.at(i);
        QString line = QString::number(i) + u' ' + opName(instruction.op);
        if (instruction.object >= 0)
            line += u' ' + objects.value(instruction.object).name;
        if (instruction.object2 >= 0)
            line += u' ' + objects.value(instruction.object2).name;
        if (instruction.op == OpCode::Jump || instruction.op == OpCode::JumpIfFalse)
            line += u" ->"_s + QString::number(instruction.target);
        if (!instruction.expression.isEmpty())
            line += u" ["_s + rpn(instruction.expression, objects) + u']';
        lines.append(line);
    }
    return lines;
}

// Everything in a program, positions and texts included, for messages that show what differs.
QString dump(const StrategyProgram &program)
{
    QStringList lines {u"name "_s + program.name, u"description "_s + program.description};
    for (const SharedObject &object : program.objects)
        lines.append(u"object %1 kind %2 [%3] line %4"_s.arg(object.name)
                         .arg(int(object.kind))
                         .arg(rpn(object.initial, program.objects))
                         .arg(object.line));
    for (const ThreadProgram *thread : {&program.producer, &program.consumer}) {
        lines.append(u"thread line %1"_s.arg(thread->line));
        const QStringList code = steps(*thread, program.objects);
        for (qsizetype i = 0; i < code.size(); ++i) {
            const Instruction &instruction = thread->code.at(i);
            lines.append(u"  %1 @%2:%3 \"%4\""_s.arg(code.at(i))
                             .arg(instruction.line)
                             .arg(instruction.column)
                             .arg(instruction.text));
        }
    }
    return lines.join(u'\n');
}

// The program without what belongs to the text it was read from: lines, columns, statement texts.
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

QStringList shippedFiles()
{
    return QDir(StrategiesDirectory).entryList({u"*.blstrategy"_s}, QDir::Files, QDir::Name);
}

const StrategyProgram &failed()
{
    static const StrategyProgram none;
    return none;
}

ParseResult parseShipped(const QString &name)
{
    return StrategyParser::parseFile(QDir(StrategiesDirectory).filePath(name));
}

// The JumpIfFalse in front of the first instruction with this opcode, if there is one right there.
const Instruction *guardOf(const ThreadProgram &thread, OpCode op, int *guardIndex = nullptr)
{
    for (qsizetype i = 1; i < thread.code.size(); ++i) {
        if (thread.code.at(i).op == op && thread.code.at(i - 1).op == OpCode::JumpIfFalse) {
            if (guardIndex)
                *guardIndex = int(i - 1);
            return &thread.code.at(i - 1);
        }
    }
    return nullptr;
}

int indexOf(const ThreadProgram &thread, OpCode op, int object = -1, int from = 0)
{
    for (qsizetype i = from; i < thread.code.size(); ++i) {
        if (thread.code.at(i).op == op && (object < 0 || thread.code.at(i).object == object))
            return int(i);
    }
    return -1;
}

} // namespace

class TestStrategyParser : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void shippedStrategiesParse_data();
    void shippedStrategiesParse();
    void shippedStrategiesRoundTrip_data();
    void shippedStrategiesRoundTrip();
    void shippedStrategiesAreCompiledIn();
    void semaphoreCompilesExactly();
    void monitorCompilesExactly();
    void brokenStrategiesHaveTheirFlaw();
    void exercisesHaveTheirAnswer();
    void nameAndDescription();
    void whileIfElseJumps();
    void printsCanonicalText();
    void roundTripOfEveryConstruct();
    void printerSurvivesHandMadePrograms();
    void expressions_data();
    void expressions();
    void errors_data();
    void errors();
    void collectsEveryError();
    void stopsAfterFiftyErrors();
    void errorToString();
    void readsCrLfAndByteOrderMark();
    void refusesBinaryFiles_data();
    void refusesBinaryFiles();
    void refusesTooLargeFiles();
    void survivesDeepNesting();
    void survivesAVeryLongLine();
    void refusesASymlink();
    void refusesAFifoWithoutBlocking();
    void refusesADirectoryAndAMissingFile();
};

void TestStrategyParser::shippedStrategiesParse_data()
{
    QTest::addColumn<QString>("file");
    const QStringList files = shippedFiles();
    for (const QString &file : files)
        QTest::addRow("%s", qPrintable(file)) << file;
}

void TestStrategyParser::shippedStrategiesParse()
{
    QFETCH(QString, file);
    const ParseResult result = parseShipped(file);
    QVERIFY2(result.ok(), qPrintable(errorsText(result, file)));
    QCOMPARE(result.program.name, QFileInfo(file).completeBaseName());
    // A teacher's header says what to look for (or what the exercise is).
    QVERIFY2(result.program.description.count(u'\n') >= 1, qPrintable(result.program.description));
    QVERIFY(result.program.producer.line > 0);
    QVERIFY(result.program.consumer.line > 0);
    QCOMPARE(result.program.producer.code.last().op, OpCode::End);
    QCOMPARE(result.program.consumer.code.last().op, OpCode::End);
    // Every record goes in once and comes out once per round.
    QCOMPARE(indexOf(result.program.producer, OpCode::InsertReadIn) >= 0, true);
    QCOMPARE(indexOf(result.program.consumer, OpCode::RemoveReadOut) >= 0, true);
}

void TestStrategyParser::shippedStrategiesRoundTrip_data()
{
    shippedStrategiesParse_data();
}

void TestStrategyParser::shippedStrategiesRoundTrip()
{
    QFETCH(QString, file);
    const ParseResult original = parseShipped(file);
    QVERIFY2(original.ok(), qPrintable(errorsText(original, file)));

    const QString printed = StrategyPrinter::print(original.program);
    const ParseResult again = StrategyParser::parse(printed, file);
    QVERIFY2(again.ok(), qPrintable(errorsText(again, file) + u"\n"_s + printed));
    QVERIFY2(withoutPositions(again.program) == withoutPositions(original.program),
             qPrintable(dump(withoutPositions(again.program)) + u"\n---\n"_s
                        + dump(withoutPositions(original.program))));

    // Printed text is a fixed point, positions and texts included.
    QCOMPARE(StrategyPrinter::print(again.program), printed);
    const ParseResult third = StrategyParser::parse(StrategyPrinter::print(again.program), file);
    QVERIFY2(third.program == again.program,
             qPrintable(dump(third.program) + u"\n---\n"_s + dump(again.program)));
}

void TestStrategyParser::shippedStrategiesAreCompiledIn()
{
    const QStringList files = shippedFiles();
    QCOMPARE(files,
             (QStringList {u"deadlock.blstrategy"_s, u"exercise-find-the-bug-1.blstrategy"_s,
                           u"exercise-find-the-bug-2.blstrategy"_s, u"missing-unlock.blstrategy"_s,
                           u"monitor-one-condition.blstrategy"_s, u"monitor.blstrategy"_s,
                           u"semaphore.blstrategy"_s, u"signal-before-insert.blstrategy"_s,
                           u"unsafe.blstrategy"_s}));
    for (const QString &file : files) {
        const QString resource = u":/bufferlab/strategies/"_s + file;
        QVERIFY2(QFileInfo::exists(resource), qPrintable(resource + u" is not in the resources"_s));
        const ParseResult compiled = StrategyParser::parseFile(resource);
        QVERIFY2(compiled.ok(), qPrintable(errorsText(compiled, resource)));
        QVERIFY(compiled.program == parseShipped(file).program);
    }
}

void TestStrategyParser::semaphoreCompilesExactly()
{
    const ParseResult result = parseShipped(u"semaphore.blstrategy"_s);
    QVERIFY2(result.ok(), qPrintable(errorsText(result)));
    const StrategyProgram &program = result.program;
    QCOMPARE(program.name, u"semaphore"_s);
    QCOMPARE(program.description.section(u'\n', 0, 1),
             u"The semaphore strategy: the original program's.\n"
             "Free slots and filled slots are counted by two semaphores; a mutex guards the ring itself."_s);
    QCOMPARE(program.objects.size(), 3);
    QCOMPARE(program.objects.at(0).name, u"empty"_s);
    QCOMPARE(program.objects.at(0).kind, SharedObject::Kind::Semaphore);
    QCOMPARE(rpn(program.objects.at(0).initial, program.objects), u"N"_s);
    QCOMPARE(program.objects.at(0).line, 7);
    QCOMPARE(program.objects.at(1).name, u"full"_s);
    QCOMPARE(rpn(program.objects.at(1).initial, program.objects), u"0"_s);
    QCOMPARE(program.objects.at(2).name, u"ring"_s);
    QCOMPARE(program.objects.at(2).kind, SharedObject::Kind::Mutex);
    QVERIFY(program.objects.at(2).initial.isEmpty());

    QCOMPARE(steps(program.producer, program.objects),
             (QStringList {u"0 Wait empty"_s, u"1 Lock ring"_s, u"2 InsertReadIn"_s, u"3 InsertWrite"_s,
                           u"4 InsertAdvance"_s, u"5 InsertReadCount"_s, u"6 InsertWriteCount"_s,
                           u"7 Unlock ring"_s, u"8 Signal full"_s, u"9 End"_s}));
    QCOMPARE(steps(program.consumer, program.objects),
             (QStringList {u"0 Wait full"_s, u"1 Lock ring"_s, u"2 RemoveReadOut"_s, u"3 RemoveTake"_s,
                           u"4 RemoveAdvance"_s, u"5 RemoveReadCount"_s, u"6 RemoveWriteCount"_s,
                           u"7 Unlock ring"_s, u"8 Signal empty"_s, u"9 End"_s}));

    // Positions and texts, as a schedule shows them.
    QCOMPARE(program.producer.line, 11);
    const Instruction &wait = program.producer.code.at(0);
    QCOMPARE(wait.line, 12);
    QCOMPARE(wait.column, 5);
    QCOMPARE(wait.text, u"wait(empty)"_s);
    QStringList insertTexts;
    for (int i = 2; i <= 6; ++i) {
        QCOMPARE(program.producer.code.at(i).line, 14);
        QCOMPARE(program.producer.code.at(i).column, 5);
        insertTexts.append(program.producer.code.at(i).text);
    }
    QCOMPARE(insertTexts,
             (QStringList {u"insert: read in"_s, u"insert: write slot[in]"_s, u"insert: in = in + 1"_s,
                           u"insert: read count"_s, u"insert: count = count + 1"_s}));
    QStringList removeTexts;
    for (int i = 2; i <= 6; ++i)
        removeTexts.append(program.consumer.code.at(i).text);
    QCOMPARE(removeTexts,
             (QStringList {u"remove: read out"_s, u"remove: take slot[out]"_s, u"remove: out = out + 1"_s,
                           u"remove: read count"_s, u"remove: count = count - 1"_s}));
    QCOMPARE(program.producer.code.last().line, 16); // End: the section's last line
    QCOMPARE(program.consumer.line, 18);
    QCOMPARE(program.consumer.code.last().line, 23);
}

void TestStrategyParser::monitorCompilesExactly()
{
    const ParseResult result = parseShipped(u"monitor.blstrategy"_s);
    QVERIFY2(result.ok(), qPrintable(errorsText(result)));
    const StrategyProgram &program = result.program;
    QCOMPARE(program.name, u"monitor"_s);
    QCOMPARE(program.objects.size(), 3);
    QCOMPARE(program.objectIndex(u"m"_s), 0);
    QCOMPARE(program.objects.at(0).kind, SharedObject::Kind::Mutex);
    QCOMPARE(program.objectIndex(u"notFull"_s), 1);
    QCOMPARE(program.objects.at(1).kind, SharedObject::Kind::Condition);
    QCOMPARE(program.objectIndex(u"notEmpty"_s), 2);

    QCOMPARE(steps(program.producer, program.objects),
             (QStringList {u"0 Lock m"_s, u"1 JumpIfFalse ->5 [count N ==]"_s, u"2 ConditionWait notFull m"_s,
                           u"3 ConditionReacquire notFull m"_s, u"4 Jump ->1"_s, u"5 InsertReadIn"_s,
                           u"6 InsertWrite"_s, u"7 InsertAdvance"_s, u"8 InsertReadCount"_s,
                           u"9 InsertWriteCount"_s, u"10 Notify notEmpty"_s, u"11 Unlock m"_s, u"12 End"_s}));
    QCOMPARE(
        steps(program.consumer, program.objects),
        (QStringList {u"0 Lock m"_s, u"1 JumpIfFalse ->5 [count 0 ==]"_s, u"2 ConditionWait notEmpty m"_s,
                      u"3 ConditionReacquire notEmpty m"_s, u"4 Jump ->1"_s, u"5 RemoveReadOut"_s,
                      u"6 RemoveTake"_s, u"7 RemoveAdvance"_s, u"8 RemoveReadCount"_s,
                      u"9 RemoveWriteCount"_s, u"10 Notify notFull"_s, u"11 Unlock m"_s, u"12 End"_s}));
    const Instruction &check = program.producer.code.at(1);
    QCOMPARE(check.text, u"while count == N"_s);
    QCOMPARE(check.line, 13);
    QCOMPARE(check.column, 5);
    const Instruction &conditionWait = program.producer.code.at(2);
    const Instruction &reacquire = program.producer.code.at(3);
    QCOMPARE(conditionWait.text, u"wait(notFull, m)"_s);
    QCOMPARE(reacquire.text, conditionWait.text);
    QCOMPARE(reacquire.line, conditionWait.line);
    QCOMPARE(conditionWait.line, 13);
    QCOMPARE(conditionWait.column, 23);
}

void TestStrategyParser::brokenStrategiesHaveTheirFlaw()
{
    // deadlock: the C++ strategy's producer order, lock before the wait for a free slot.
    {
        const ParseResult result = parseShipped(u"deadlock.blstrategy"_s);
        QVERIFY2(result.ok(), qPrintable(errorsText(result)));
        const StrategyProgram &p = result.program;
        const int ring = p.objectIndex(u"ring"_s);
        const int empty = p.objectIndex(u"empty"_s);
        QVERIFY(indexOf(p.producer, OpCode::Lock, ring) < indexOf(p.producer, OpCode::Wait, empty));
        QVERIFY(indexOf(p.consumer, OpCode::Wait) < indexOf(p.consumer, OpCode::Lock, ring));
    }
    // unsafe: busy-waits on count, then inserts with nothing held.
    {
        const ParseResult result = parseShipped(u"unsafe.blstrategy"_s);
        QVERIFY2(result.ok(), qPrintable(errorsText(result)));
        QVERIFY(result.program.objects.isEmpty());
        QCOMPARE(steps(result.program.producer, result.program.objects),
                 (QStringList {u"0 JumpIfFalse ->3 [count N ==]"_s, u"1 Pass"_s, u"2 Jump ->0"_s,
                               u"3 InsertReadIn"_s, u"4 InsertWrite"_s, u"5 InsertAdvance"_s,
                               u"6 InsertReadCount"_s, u"7 InsertWriteCount"_s, u"8 End"_s}));
        QCOMPARE(steps(result.program.consumer, result.program.objects).at(0),
                 u"0 JumpIfFalse ->3 [count 0 ==]"_s);
    }
    // monitor-one-condition: one condition for both sides, woken with notify (one waiter).
    {
        const ParseResult result = parseShipped(u"monitor-one-condition.blstrategy"_s);
        QVERIFY2(result.ok(), qPrintable(errorsText(result)));
        const StrategyProgram &p = result.program;
        const int changed = p.objectIndex(u"changed"_s);
        QVERIFY(changed >= 0);
        for (const ThreadProgram *thread : {&p.producer, &p.consumer}) {
            QCOMPARE(thread->code.at(indexOf(*thread, OpCode::ConditionWait)).object, changed);
            QCOMPARE(thread->code.at(indexOf(*thread, OpCode::Notify)).object, changed);
            QCOMPARE(indexOf(*thread, OpCode::NotifyAll), -1);
        }
    }
    // signal-before-insert: full is raised before the record is in its slot.
    {
        const ParseResult result = parseShipped(u"signal-before-insert.blstrategy"_s);
        QVERIFY2(result.ok(), qPrintable(errorsText(result)));
        const StrategyProgram &p = result.program;
        QVERIFY(indexOf(p.producer, OpCode::Signal, p.objectIndex(u"full"_s))
                < indexOf(p.producer, OpCode::InsertWrite));
    }
    // missing-unlock: the producer's one unlock sits inside an if without an else.
    {
        const ParseResult result = parseShipped(u"missing-unlock.blstrategy"_s);
        QVERIFY2(result.ok(), qPrintable(errorsText(result)));
        const StrategyProgram &p = result.program;
        const int unlock = indexOf(p.producer, OpCode::Unlock);
        QVERIFY(unlock > 0);
        QCOMPARE(indexOf(p.producer, OpCode::Unlock, -1, unlock + 1), -1);
        const Instruction &guard = p.producer.code.at(unlock - 1);
        QCOMPARE(guard.op, OpCode::JumpIfFalse);
        QCOMPARE(guard.target, unlock + 1); // when false, the unlock is skipped
        QCOMPARE(guard.text, u"if count < N"_s);
    }
}

void TestStrategyParser::exercisesHaveTheirAnswer()
{
    // Exercise 1: "if" instead of "while" around the condition waits. With notify_all and two
    // consumers, both wake after one insert; the first takes the record, the second does not check
    // count again and removes from an empty buffer. The fix: "while".
    {
        const ParseResult result = parseShipped(u"exercise-find-the-bug-1.blstrategy"_s);
        QVERIFY2(result.ok(), qPrintable(errorsText(result)));
        const StrategyProgram &p = result.program;
        QVERIFY2(!p.description.contains(u"while"_s) && !p.description.contains(u" if"_s),
                 "the exercise must not give its answer away");
        for (const ThreadProgram *thread : {&p.producer, &p.consumer}) {
            int guardIndex = -1;
            const Instruction *guard = guardOf(*thread, OpCode::ConditionWait, &guardIndex);
            QVERIFY(guard);
            QVERIFY(guard->text.startsWith(u"if "_s));
            // No jump leads back to the check: after the wait, count is never looked at again.
            for (const Instruction &instruction : thread->code)
                QVERIFY(instruction.op != OpCode::Jump || instruction.target != guardIndex);
            QVERIFY(indexOf(*thread, OpCode::NotifyAll) >= 0);
        }
        // The fix is that one word: with "while", it is the monitor strategy with notify_all.
        QString fixed = QString::fromUtf8([] {
            QFile file(QDir(StrategiesDirectory).filePath(u"exercise-find-the-bug-1.blstrategy"_s));
            return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
        }());
        fixed.replace(u"    if count"_s, u"    while count"_s);
        const ParseResult repaired = StrategyParser::parse(fixed);
        QVERIFY2(repaired.ok(), qPrintable(errorsText(repaired)));
        int guardIndex = -1;
        QVERIFY(guardOf(repaired.program.consumer, OpCode::ConditionWait, &guardIndex));
        QCOMPARE(repaired.program.consumer.code.at(guardIndex + 3).op, OpCode::Jump);
        QCOMPARE(repaired.program.consumer.code.at(guardIndex + 3).target, guardIndex);
    }
    // Exercise 2: two mutexes taken in opposite orders. The producer holds slots and waits for
    // counter, the consumer holds counter and waits for slots: a deadlock as soon as one record is
    // in the buffer and one slot is free (hence a buffer of two). The fix: one order for both.
    {
        const ParseResult result = parseShipped(u"exercise-find-the-bug-2.blstrategy"_s);
        QVERIFY2(result.ok(), qPrintable(errorsText(result)));
        const StrategyProgram &p = result.program;
        QVERIFY2(!p.description.contains(u"order"_s), "the exercise must not give its answer away");
        const int slots = p.objectIndex(u"slots"_s);
        const int counter = p.objectIndex(u"counter"_s);
        QVERIFY(slots >= 0 && counter >= 0);
        QVERIFY(indexOf(p.producer, OpCode::Lock, slots) < indexOf(p.producer, OpCode::Lock, counter));
        QVERIFY(indexOf(p.consumer, OpCode::Lock, counter) < indexOf(p.consumer, OpCode::Lock, slots));
    }
}

void TestStrategyParser::nameAndDescription()
{
    // Trailing blanks on a description line are dropped; one space after "#" is, the rest is kept.
    const QString text = u"# First line.\n"
                         "#\n"
                         "#   indented, kept as it is\n"
                         "# Last line. \t \n"
                         "#Still part of it, up to the blank line.\n"
                         "\n"
                         "# After a blank line: an ordinary comment.\n"
                         "mutex m\n"
                         "producer:\n"
                         "    insert\n"
                         "consumer:\n"
                         "    remove\n"_s;
    const ParseResult result = StrategyParser::parse(text, u"/somewhere/my-own.strategy.blstrategy"_s);
    QVERIFY2(result.ok(), qPrintable(errorsText(result)));
    QCOMPARE(result.program.name, u"my-own.strategy"_s);
    QCOMPARE(
        result.program.description,
        u"First line.\n\n  indented, kept as it is\nLast line.\nStill part of it, up to the blank line."_s);

    const ParseResult named = StrategyParser::parse(
        u"strategy fancy_1\nproducer:\n    insert\nconsumer:\n    remove\n"_s, u"other.blstrategy"_s);
    QVERIFY2(named.ok(), qPrintable(errorsText(named)));
    QCOMPARE(named.program.name, u"fancy_1"_s);
    QCOMPARE(named.program.description, QString());

    // Consumer first is fine; the roles are what counts.
    const ParseResult swapped = StrategyParser::parse(u"consumer:\n    remove\nproducer:\n    insert\n"_s);
    QVERIFY2(swapped.ok(), qPrintable(errorsText(swapped)));
    QCOMPARE(swapped.program.producer.line, 3);
    QCOMPARE(swapped.program.consumer.line, 1);
    QCOMPARE(swapped.program.producer.code.first().op, OpCode::InsertReadIn);
}

void TestStrategyParser::whileIfElseJumps()
{
    const QString text = source(R"(
int x = 0
mutex m
producer:
    while x < 3:
        if count == N:
            x = x + 1
        else:
            pass
        if x == 2: unlock(m)
        else: lock(m)
    if x > 0:
        while count == 0: pass
    insert
consumer:
    if x == 1:
        x = 0
    remove
)");
    const ParseResult result = StrategyParser::parse(text);
    QVERIFY2(result.ok(), qPrintable(errorsText(result)));
    const StrategyProgram &p = result.program;
    QCOMPARE(steps(p.producer, p.objects),
             (QStringList {u"0 JumpIfFalse ->10 [x 3 <]"_s, // while x < 3
                           u"1 JumpIfFalse ->4 [count N ==]"_s, // if count == N
                           u"2 Assign x [x 1 +]"_s, //   x = x + 1
                           u"3 Jump ->5"_s, // else
                           u"4 Pass"_s, //   pass
                           u"5 JumpIfFalse ->8 [x 2 ==]"_s, // if x == 2
                           u"6 Unlock m"_s, //   unlock(m)
                           u"7 Jump ->9"_s, // else: skips past the lock
                           u"8 Lock m"_s, //   lock(m)
                           u"9 Jump ->0"_s, // back to the while's check
                           u"10 JumpIfFalse ->14 [x 0 >]"_s, // if x > 0
                           u"11 JumpIfFalse ->14 [count 0 ==]"_s, //   while count == 0
                           u"12 Pass"_s, //     pass
                           u"13 Jump ->11"_s, //   back
                           u"14 InsertReadIn"_s,
                           u"15 InsertWrite"_s,
                           u"16 InsertAdvance"_s,
                           u"17 InsertReadCount"_s,
                           u"18 InsertWriteCount"_s,
                           u"19 End"_s}));
    QCOMPARE(p.producer.code.at(0).text, u"while x < 3"_s);
    QCOMPARE(p.producer.code.at(2).text, u"x = x + 1"_s);
    QCOMPARE(p.producer.code.at(19).line, 13);
    QCOMPARE(steps(p.consumer, p.objects),
             (QStringList {u"0 JumpIfFalse ->2 [x 1 ==]"_s, u"1 Assign x [0]"_s, u"2 RemoveReadOut"_s,
                           u"3 RemoveTake"_s, u"4 RemoveAdvance"_s, u"5 RemoveReadCount"_s,
                           u"6 RemoveWriteCount"_s, u"7 End"_s}));
    // The while's check jumps past the loop's jump back, which points at the check itself.
    QCOMPARE(p.producer.code.at(0).target, 10);
}

void TestStrategyParser::printsCanonicalText()
{
    const ParseResult result = StrategyParser::parse(source(R"(
#   A description line.
strategy   tidy    # comment
semaphore   empty=N-1
mutex m
int x = -(2)
consumer:
  remove
producer:
  lock( m )
  while (count==N) : wait(empty)
  if not(x<1 or x>2) and x!=0:
      x=( x+1 )-( 2-x )
  else : pass
  unlock(m)
)"),
                                                     u"tidy.blstrategy"_s);
    QVERIFY2(result.ok(), qPrintable(errorsText(result)));
    // Texts as written, whitespace normalised.
    QCOMPARE(result.program.producer.code.at(1).text, u"while (count == N)"_s);
    QCOMPARE(result.program.producer.code.at(4).text, u"if not (x < 1 or x > 2) and x != 0"_s);
    QCOMPARE(result.program.producer.code.at(5).text, u"x = (x + 1) - (2 - x)"_s);
    QCOMPARE(StrategyPrinter::print(result.program), source(R"(
#   A description line.

strategy tidy

semaphore empty = N - 1
mutex m
int x = -2

producer:
    lock(m)
    while count == N: wait(empty)
    if not (x < 1 or x > 2) and x != 0: x = x + 1 - (2 - x)
    else: pass
    unlock(m)

consumer:
    remove
)"));
}

void TestStrategyParser::roundTripOfEveryConstruct()
{
    const QString text = source(R"(
# Every statement and block form, nested.
strategy everything
semaphore s = N + 1 - 1
mutex m
mutex other
condition c
int x = 0
int y = -(N - 2)
producer:
    while x < 10 and not y == 0:
        if count == N:
            while count == N:
                wait(c, m)
                x = x + 1
        else:
            if x == 1: notify(c)
            else:
                notify_all(c)
                pass
        y = -(-y)
    wait(s)
    lock(other)
    insert
    unlock(other)
    signal(s)
    if y >= 1 or x <= -1:
        while count > 0: pass
consumer:
    while count == 0 or (x != 0 and y != 0): wait(c, m)
    remove
    x = x - (y - 1)
)");
    const ParseResult result = StrategyParser::parse(text);
    QVERIFY2(result.ok(), qPrintable(errorsText(result)));
    const QString printed = StrategyPrinter::print(result.program);
    const ParseResult again = StrategyParser::parse(printed);
    QVERIFY2(again.ok(), qPrintable(errorsText(again) + u"\n"_s + printed));
    QVERIFY2(withoutPositions(again.program) == withoutPositions(result.program),
             qPrintable(printed + u"\n"_s + dump(withoutPositions(again.program)) + u"\n---\n"_s
                        + dump(withoutPositions(result.program))));
    QCOMPARE(StrategyPrinter::print(again.program), printed);
    // Without positions cleared, the two differ: the printed text has its own lines.
    QVERIFY(again.program != result.program);
}

void TestStrategyParser::printerSurvivesHandMadePrograms()
{
    StrategyProgram program;
    program.name = u"not a name"_s;
    program.objects.append({SharedObject::Kind::Mutex, u"m"_s, {}, 0});
    Instruction stray;
    stray.op = OpCode::InsertWrite; // a lone step of an insert
    stray.text = u"insert: write slot[in]"_s;
    Instruction badJump;
    badJump.op = OpCode::JumpIfFalse;
    badJump.target = 99; // outside the program
    badJump.expression.tokens = {{Expression::Op::Add, 0}}; // an operator without operands
    Instruction lock;
    lock.op = OpCode::Lock;
    lock.object = 7; // no such object
    Instruction end;
    end.op = OpCode::End;
    program.producer.code = {stray, badJump, lock, end};
    const QString printed = StrategyPrinter::print(program);
    QVERIFY2(!printed.contains(u"strategy "_s), qPrintable(printed));
    QVERIFY2(printed.contains(u"# cannot be written in the language: insert: write slot[in]"_s),
             qPrintable(printed));
    QVERIFY2(printed.contains(u"lock(?)"_s), qPrintable(printed));
    // The consumer has no code at all: its section still is one.
    QVERIFY2(printed.endsWith(u"consumer:\n    pass\n"_s), qPrintable(printed));
}

void TestStrategyParser::expressions_data()
{
    QTest::addColumn<QString>("expression");
    QTest::addColumn<QString>("expectedRpn");
    QTest::addColumn<QString>("printed");

    QTest::addRow("sum is left-associative") << u"1 + 2 - 3"_s << u"1 2 + 3 -"_s << u"1 + 2 - 3"_s;
    QTest::addRow("parentheses on the right") << u"1 - (2 - 3)"_s << u"1 2 3 - -"_s << u"1 - (2 - 3)"_s;
    QTest::addRow("redundant parentheses") << u"((1) + (2))"_s << u"1 2 +"_s << u"1 + 2"_s;
    QTest::addRow("unary minus binds tightest") << u"-x + 1"_s << u"x neg 1 +"_s << u"-x + 1"_s;
    QTest::addRow("double minus") << u"- -1"_s << u"1 neg neg"_s << u"-(-1)"_s;
    QTest::addRow("negated sum") << u"-(x + 1)"_s << u"x 1 + neg"_s << u"-(x + 1)"_s;
    QTest::addRow("and before or") << u"count == N or count == 0 and x > 1"_s
                                   << u"count N == count 0 == x 1 > and or"_s
                                   << u"count == N or count == 0 and x > 1"_s;
    QTest::addRow("or in parentheses")
        << u"(count == N or count == 0) and x > 1"_s << u"count N == count 0 == or x 1 > and"_s
        << u"(count == N or count == 0) and x > 1"_s;
    QTest::addRow("not over a comparison")
        << u"not count < N and y"_s << u"count N < not y and"_s << u"not count < N and y"_s;
    QTest::addRow("not over or") << u"not (x or y)"_s << u"x y or not"_s << u"not (x or y)"_s;
    QTest::addRow("not not") << u"not not x"_s << u"x not not"_s << u"not not x"_s;
    QTest::addRow("comparison of sums")
        << u"(count + 1) >= N - 2"_s << u"count 1 + N 2 - >="_s << u"count + 1 >= N - 2"_s;
    QTest::addRow("comparison of a comparison") << u"(x < y) == 1"_s << u"x y < 1 =="_s << u"(x < y) == 1"_s;
    QTest::addRow("smallest literal") << u"x != -1000"_s << u"x 1000 neg !="_s << u"x != -1000"_s;
    QTest::addRow("and is left-associative")
        << u"x and y and x"_s << u"x y and x and"_s << u"x and y and x"_s;
    QTest::addRow("and on the right") << u"x and (y and x)"_s << u"x y x and and"_s << u"x and (y and x)"_s;
    QTest::addRow("every comparison") << u"x == 1 or x != 2 or x < 3 or x <= 4 or x > 5 or x >= 6"_s
                                      << u"x 1 == x 2 != or x 3 < or x 4 <= or x 5 > or x 6 >= or"_s
                                      << u"x == 1 or x != 2 or x < 3 or x <= 4 or x > 5 or x >= 6"_s;
    QTest::addRow("no spaces") << u"count==N-1"_s << u"count N 1 - =="_s << u"count == N - 1"_s;
}

void TestStrategyParser::expressions()
{
    QFETCH(QString, expression);
    QFETCH(QString, expectedRpn);
    QFETCH(QString, printed);
    const QString text
        = u"int x = 0\nint y = 1\nproducer:\n    x = %1\nconsumer:\n    remove\n"_s.arg(expression);
    const ParseResult result = StrategyParser::parse(text);
    QVERIFY2(result.ok(), qPrintable(errorsText(result)));
    const Instruction &assign = result.program.producer.code.first();
    QCOMPARE(assign.op, OpCode::Assign);
    QCOMPARE(rpn(assign.expression, result.program.objects), expectedRpn);
    const QString written = StrategyPrinter::printExpression(assign.expression, result.program.objects);
    QCOMPARE(written, printed);
    // What the printer writes means the same.
    const ParseResult again = StrategyParser::parse(
        u"int x = 0\nint y = 1\nproducer:\n    x = %1\nconsumer:\n    remove\n"_s.arg(written));
    QVERIFY2(again.ok(), qPrintable(errorsText(again)));
    QCOMPARE(rpn(again.program.producer.code.first().expression, again.program.objects), expectedRpn);
}

void TestStrategyParser::errors_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("message"); // a part of it

    // A correct program to break one line of: declarations on lines 1-5, producer: on 6.
    const QString head
        = u"semaphore empty = N\nsemaphore full = 0\nmutex ring\ncondition notFull\nint x = 0\n"_s;
    const QString consumer = u"consumer:\n    wait(full)\n"_s;
    const auto producer = [&](const QString &statement) -> QString {
        return head + u"producer:\n"_s + statement + u'\n' + consumer;
    };

    QTest::addRow("unknown character") << u"semaphore empty = N * 2\n"_s + consumer << 1 << 21
                                       << u"unknown character \"*\": expressions use only + and -"_s;
    QTest::addRow("unknown character, not ASCII")
        << producer(u"    wait(\u00e9mpty)"_s) << 7 << 10 << u"unknown character \"\u00e9\""_s;
    QTest::addRow("unknown character, control")
        << producer(u"    wait(empty)\u0007"_s) << 7 << 16 << u"unknown character U+0007"_s;
    QTest::addRow("&& for and") << producer(u"    while count == 0 && x == 1: pass"_s) << 7 << 22
                                << u"write \"and\""_s;
    QTest::addRow("unknown statement")
        << producer(u"    jump(empty)"_s) << 7 << 5 << u"unknown statement \"jump\""_s;
    QTest::addRow("misspelt statement") << producer(u"    wiat(empty)"_s) << 7 << 5
                                        << u"unknown statement \"wiat\"; did you mean \"wait\"?"_s;
    QTest::addRow("upper-case keyword")
        << producer(u"    Wait(empty)"_s) << 7 << 5 << u"did you mean \"wait\"? (keywords are lower case)"_s;
    QTest::addRow("a name alone") << producer(u"    empty"_s) << 7 << 5
                                  << u"did you mean wait(empty) or signal(empty)?"_s;
    QTest::addRow("not a statement") << producer(u"    (x)"_s) << 7 << 5
                                     << u"unknown statement: a statement begins"_s;
    QTest::addRow("missing )") << producer(u"    wait(empty"_s) << 7 << 15
                               << u"missing \")\" after wait(empty"_s;
    QTest::addRow("missing (") << producer(u"    wait empty"_s) << 7 << 10 << u"missing \"(\" after wait"_s;
    QTest::addRow("missing ) in an expression")
        << producer(u"    x = (1 + 2"_s) << 7 << 15 << u"missing \")\" to close the \"(\" at column 9"_s;
    QTest::addRow("missing : after a section")
        << head + u"producer\n    wait(empty)\n"_s + consumer << 6 << 9 << u"missing \":\" after producer"_s;
    QTest::addRow("missing : after while") << producer(u"    while count == N pass"_s) << 7 << 22
                                           << u"missing \":\" after \"while count == N\""_s;
    QTest::addRow("missing : after if")
        << producer(u"    if count == 0"_s) << 7 << 18 << u"missing \":\" after \"if count == 0\""_s;
    QTest::addRow("missing : after else")
        << producer(u"    if x == 1: pass\n    else pass"_s) << 8 << 10 << u"missing \":\" after else"_s;
    QTest::addRow("statement on the section line") << head + u"producer: wait(empty)\n"_s
            + consumer << 6 << 11 << u"the statements of producer: go on the lines below it"_s;
    QTest::addRow("too many arguments")
        << producer(u"    signal(full, empty)"_s) << 7 << 18
        << u"signal(full, empty): wrong number of arguments: signal takes one semaphore: "
           "signal(empty)"_s;
    QTest::addRow("no argument")
        << producer(u"    wait()"_s) << 7 << 5
        << u"wait(): wrong number of arguments: wait takes a semaphore, or a condition and a "
           "mutex"_s;
    QTest::addRow("two mutexes for lock")
        << producer(u"    lock(ring, ring)"_s) << 7 << 16 << u"lock takes one mutex: lock(ring)"_s;
    QTest::addRow("three for wait") << producer(u"    wait(notFull, ring, x)"_s) << 7 << 25
                                    << u"wrong number of arguments"_s;
    QTest::addRow("a number as argument")
        << producer(u"    wait(1)"_s) << 7 << 10 << u"expected a name here, not \"1\""_s;
    QTest::addRow("wait on a mutex")
        << producer(u"    wait(ring)"_s) << 7 << 10
        << u"wait(ring): \"ring\" is a mutex; wait takes a semaphore, or a condition and a "
           "mutex: wait(notFull, ring)"_s;
    QTest::addRow("wait on a condition alone")
        << producer(u"    wait(notFull)"_s) << 7 << 10
        << u"\"notFull\" is a condition; waiting on it needs the mutex it "
           "releases as well: wait(notFull, ring)"_s;
    QTest::addRow("wait on an int") << producer(u"    wait(x)"_s) << 7 << 10 << u"wait(x): \"x\" is an int"_s;
    QTest::addRow("wait with a semaphore and a mutex")
        << producer(u"    wait(empty, ring)"_s) << 7 << 10
        << u"with a semaphore, wait takes nothing else: wait(empty)"_s;
    QTest::addRow("wait with a mutex first")
        << producer(u"    wait(ring, ring)"_s) << 7 << 10
        << u"\"ring\" is a mutex; with two arguments, the first is a condition"_s;
    QTest::addRow("wait releasing a semaphore")
        << producer(u"    wait(notFull, empty)"_s) << 7 << 19
        << u"\"empty\" is a semaphore; the second argument is the mutex"_s;
    QTest::addRow("signal a condition")
        << producer(u"    signal(notFull)"_s) << 7 << 12
        << u"\"notFull\" is a condition; wake its waiters with notify(notFull)"_s;
    QTest::addRow("signal a mutex")
        << producer(u"    signal(ring)"_s) << 7 << 12
        << u"\"ring\" is a mutex; signal takes one semaphore (a mutex is released with "
           "unlock(ring))"_s;
    QTest::addRow("lock a semaphore")
        << producer(u"    lock(empty)"_s) << 7 << 10
        << u"\"empty\" is a semaphore; lock takes one mutex (a semaphore is taken with "
           "wait(empty))"_s;
    QTest::addRow("unlock a condition") << producer(u"    unlock(notFull)"_s) << 7 << 12
                                        << u"\"notFull\" is a condition; unlock takes one mutex"_s;
    QTest::addRow("notify a semaphore")
        << producer(u"    notify(full)"_s) << 7 << 12
        << u"\"full\" is a semaphore; notify takes one condition (a semaphore is "
           "raised with signal(full))"_s;
    QTest::addRow("notify_all a mutex") << producer(u"    notify_all(ring)"_s) << 7 << 16
                                        << u"\"ring\" is a mutex; notify_all takes one condition"_s;
    QTest::addRow("a semaphore in an expression")
        << producer(u"    x = empty + 1"_s) << 7 << 9
        << u"\"empty\" is a semaphore; an expression reads only numbers, N, "
           "count and ints"_s;
    QTest::addRow("not declared, close") << producer(u"    wait(emtpy)"_s) << 7 << 10
                                         << u"\"emtpy\" is not declared; did you mean \"empty\"?"_s;
    QTest::addRow("not declared, close in another kind")
        << producer(u"    lock(rign)"_s) << 7 << 10 << u"did you mean \"ring\"?"_s;
    QTest::addRow("not declared, nothing close")
        << producer(u"    wait(zzzz)"_s) << 7 << 10 << u"\"zzzz\" is not declared"_s;
    QTest::addRow("not declared in an expression")
        << producer(u"    while cuont == N: pass"_s) << 7 << 11 << u"\"cuont\" is not declared"_s;
    QTest::addRow("duplicate") << u"semaphore empty = N\nsemaphore empty = 0\n"_s + consumer << 2 << 11
                               << u"\"empty\" is already declared on line 1"_s;
    QTest::addRow("keyword as a name")
        << u"mutex while\n"_s + consumer << 1 << 7 << u"\"while\" is a keyword and cannot be a name"_s;
    QTest::addRow("count as a name") << u"int count = 0\n"_s + consumer << 1 << 5
                                     << u"\"count\" is a keyword and cannot be a name"_s;
    QTest::addRow("keyword as an argument")
        << producer(u"    wait(N)"_s) << 7 << 10
        << u"\"N\" is a keyword (the buffer's capacity), not a declared name"_s;
    QTest::addRow("assign a semaphore") << producer(u"    empty = 1"_s) << 7 << 5
                                        << u"\"empty\" is a semaphore: only an int can be assigned"_s;
    QTest::addRow("assign a condition") << producer(u"    notFull = 1"_s) << 7 << 5
                                        << u"\"notFull\" is a condition: only an int can be assigned"_s;
    QTest::addRow("assign count") << producer(u"    count = 0"_s) << 7 << 5
                                  << u"count is the buffer's own: only insert and remove change it"_s;
    QTest::addRow("assign N") << producer(u"    N = 3"_s) << 7 << 5 << u"N is the buffer's capacity"_s;
    QTest::addRow("assign nothing") << producer(u"    x ="_s) << 7 << 8
                                    << u"missing the value after \"x =\""_s;
    QTest::addRow("declaration after a section") << head + u"producer:\n    wait(empty)\nmutex late\n"_s
            + consumer << 8 << 1 << u"declaration after a section: declare \"late\" at the top"_s;
    QTest::addRow("declaration inside a block")
        << producer(u"    mutex late"_s) << 7 << 5 << u"a declaration cannot be inside a block"_s;
    QTest::addRow("statement outside any section")
        << head + u"insert\nproducer:\n    insert\n"_s + consumer << 6 << 1
        << u"\"insert\" is outside any section: indent it under producer: or "
           "consumer:"_s;
    QTest::addRow("statement after a section")
        << head + u"producer:\n    insert\nsignal(full)\n"_s + consumer << 8 << 1 << u"outside any section"_s;
    QTest::addRow("unknown top-level word") << u"semaphor empty = N\n"_s + consumer << 1 << 1
                                            << u"unknown word \"semaphor\"; did you mean \"semaphore\"?"_s;
    QTest::addRow("section missing") << head + u"producer:\n    wait(empty)\n"_s << 7 << 1
                                     << u"the consumer: section is missing"_s;
    QTest::addRow("both sections missing")
        << u"# nothing here\n"_s << 1 << 1 << u"the producer: section is missing"_s;
    QTest::addRow("section repeated") << producer(u"    insert"_s) + u"producer:\n    insert\n"_s << 10 << 1
                                      << u"a second producer: section (the first is on line 6)"_s;
    QTest::addRow("section empty") << head + u"producer:\n"_s + consumer << 6 << 1
                                   << u"the producer: section is empty: indent its statements under it"_s;
    QTest::addRow("section inside a block")
        << producer(u"    producer:"_s) << 7 << 5 << u"producer: must start at the beginning of a line"_s;
    QTest::addRow("empty while")
        << producer(u"    while count == N:\n    signal(full)"_s) << 7 << 5
        << u"empty block after \"while count == N:\": indent at least one statement under "
           "it (pass does nothing)"_s;
    QTest::addRow("empty if at the end")
        << producer(u"    if count == 0:"_s) << 7 << 5 << u"empty block after \"if count == 0:\""_s;
    QTest::addRow("empty else") << producer(u"    if x == 0: pass\n    else:"_s) << 8 << 5
                                << u"empty block after \"else:\""_s;
    QTest::addRow("else without if") << producer(u"    else: pass"_s) << 7 << 5
                                     << u"else without if: else follows the block of an if"_s;
    QTest::addRow("else after another statement")
        << producer(u"    if x == 0: pass\n    pass\n    else: pass"_s) << 9 << 5 << u"else without if"_s;
    QTest::addRow("else indented under its if")
        << producer(u"    if x == 0:\n        pass\n        else: pass"_s) << 9 << 9 << u"else without if"_s;
    QTest::addRow("while without a condition")
        << producer(u"    while: pass"_s) << 7 << 10 << u"while needs a condition: while count == N:"_s;
    QTest::addRow("unexpected indentation")
        << producer(u"    wait(empty)\n      signal(full)"_s) << 8 << 1 << u"unexpected indentation"_s;
    QTest::addRow("indented declaration")
        << u"  mutex m\n"_s + consumer << 1 << 1 << u"unexpected indentation"_s;
    QTest::addRow("dedent to a level never opened")
        << producer(u"    while count == N:\n        pass\n  signal(full)"_s) << 9 << 1
        << u"this line is indented by 2, which matches no open block: line it up with a block around it "
           u"(indented "
           "by 0, 4 or 8)"_s;
    QTest::addRow("mixed tabs and spaces")
        << head + u"producer:\n    wait(empty)\nconsumer:\n\twait(full)\n"_s << 9 << 1
        << u"mixed tabs and spaces in indentation: this line indents with tabs, line "
           "7 with spaces"_s;
    QTest::addRow("tabs and spaces in one line")
        << producer(u" \twait(empty)"_s) << 7 << 2
        << u"mixed tabs and spaces in indentation: this line has both"_s;
    QTest::addRow("initial value uses count")
        << u"semaphore empty = N - count\n"_s + consumer << 1 << 23 << u"an initial value cannot use count"_s;
    QTest::addRow("initial value uses an int") << u"int x = 0\nsemaphore s = x + 1\n"_s + consumer << 2 << 15
                                               << u"an initial value cannot use the int \"x\""_s;
    QTest::addRow("initial value compares") << u"int y = N == 1\n"_s
            + consumer << 1 << 11 << u"an initial value can use only numbers, N, + and -, not \"==\""_s;
    QTest::addRow("missing initial value") << u"semaphore empty\n"_s + consumer << 1 << 16
                                           << u"a semaphore needs an initial value: semaphore empty = N"_s;
    QTest::addRow("initial value for a mutex")
        << u"mutex m = 1\n"_s + consumer << 1 << 9 << u"a mutex has no initial value: mutex ring"_s;
    QTest::addRow("missing name") << u"mutex\n"_s + consumer << 1 << 6
                                  << u"a mutex needs a name: mutex ring"_s;
    QTest::addRow("literal too large") << u"int big = 1001\n"_s + consumer << 1 << 11
                                       << u"the number 1001 is out of range: numbers go from -1000 to 1000"_s;
    QTest::addRow("literal too small")
        << producer(u"    x = -1001"_s) << 7 << 10 << u"the number 1001 is out of range"_s;
    QTest::addRow("literal far too large") << producer(u"    x = 99999999999999999999"_s) << 7 << 9
                                           << u"the number 99999999999999999999 is out of range"_s;
    QTest::addRow("name too long") << u"mutex "_s + QString(33, u'a') + u'\n' + consumer << 1 << 7
                                   << u"name too long: 33 characters, at most 32"_s;
    QTest::addRow("strategy name too long") << u"strategy "_s + QString(33, u'b') + u'\n' + consumer << 1
                                            << 10 << u"name too long: 33 characters, at most 32"_s;
    QTest::addRow("strategy line late")
        << u"mutex m\nstrategy late\n"_s + consumer << 2 << 1 << u"the strategy line must come first"_s;
    QTest::addRow("strategy line twice") << u"strategy a\nstrategy b\n"_s + consumer << 2 << 1
                                         << u"a second strategy line (the first is on line 1)"_s;
    QTest::addRow("strategy without a name")
        << u"strategy\n"_s + consumer << 1 << 9 << u"missing the strategy's name"_s;
    QTest::addRow("= for ==") << producer(u"    while count = N: pass"_s) << 7 << 17
                              << u"\"=\" assigns; to compare, write \"==\""_s;
    QTest::addRow("chained comparison")
        << producer(u"    x = 1 < 2 < 3"_s) << 7 << 15 << u"comparisons cannot be chained"_s;
    QTest::addRow("two statements on a line")
        << producer(u"    insert remove"_s) << 7 << 12
        << u"unexpected \"remove\" after insert: one statement per line"_s;
    QTest::addRow("parentheses after remove")
        << producer(u"    remove()"_s) << 7 << 11 << u"remove takes no parentheses: write remove alone"_s;
    QTest::addRow("expression ends early")
        << producer(u"    x = 1 +"_s) << 7 << 12 << u"the expression ends too early"_s;
    QTest::addRow("expression nested too deeply")
        << producer(u"    x = "_s + QString(40, u'(') + u'1' + QString(40, u')')) << 7 << 41
        << u"expression nested too deeply: at most 32"_s;
    QTest::addRow("not nested too deeply")
        << producer(u"    x = "_s + QString(40, u'-') + u'1') << 7 << 41 << u"expression nested too deeply"_s;
    QTest::addRow("line too long") << head + u"# "_s + QString(299, u'x') + u'\n'
            + u"producer:\n    insert\n"_s
            + consumer << 6 << 301 << u"line too long: 301 characters, at most 300"_s;

    QString nested = head + u"producer:\n"_s;
    for (int depth = 1; depth <= 9; ++depth)
        nested += QString(4 * depth, u' ') + u"while count == N:\n"_s;
    nested += QString(40, u' ') + u"pass\n"_s + consumer;
    QTest::addRow("blocks nested too deeply")
        << nested << 15 << 37 << u"blocks nested too deeply: at most 8 inside one another"_s;

    QString longProgram = head + u"producer:\n"_s;
    for (int i = 0; i < 52; ++i)
        longProgram += u"    insert\n"_s; // 5 steps each: the 52nd passes 256
    QTest::addRow("too many instructions")
        << longProgram + consumer << 58 << 5 << u"the producer's program is too long: more than 256 steps"_s;

    QString manyObjects;
    for (int i = 0; i < 33; ++i)
        manyObjects += u"mutex m%1\n"_s.arg(i);
    QTest::addRow("too many objects")
        << manyObjects + consumer << 33 << 1 << u"too many declarations: at most 32"_s;
}

void TestStrategyParser::errors()
{
    QFETCH(QString, text);
    QFETCH(int, line);
    QFETCH(int, column);
    QFETCH(QString, message);
    const ParseResult result = StrategyParser::parse(text);
    QVERIFY2(!result.ok(), "no error");
    const ParseError &first = result.errors.first();
    QVERIFY2(first.message.contains(message), qPrintable(errorsText(result)));
    QCOMPARE(first.line, line);
    QCOMPARE(first.column, column);
    QCOMPARE(result.program, failed()); // nothing half-compiled escapes
}

void TestStrategyParser::collectsEveryError()
{
    const QString text = source(R"(
semaphore empty = N
mutex ring
producer:
    wait(emtpy)
    lock(ring)
    insret
    unlock(ring, ring)
consumer:
    while count == 0 pass
        remove
    signal(ful)
)");
    const ParseResult result = StrategyParser::parse(text, u"broken.blstrategy"_s);
    QCOMPARE(errorsText(result, u"broken.blstrategy"_s),
             u"broken.blstrategy:4:10: \"emtpy\" is not declared; did you mean \"empty\"?\n"
             "broken.blstrategy:6:5: unknown statement \"insret\"; did you mean \"insert\"?\n"
             "broken.blstrategy:7:18: unlock(ring, ring): wrong number of arguments: unlock takes one mutex: "
             "unlock(ring)\n"
             "broken.blstrategy:9:22: missing \":\" after \"while count == 0\"\n"
             "broken.blstrategy:11:12: \"ful\" is not declared"_s);
    // The block under the broken while was still read, and the line after it too.
}

void TestStrategyParser::stopsAfterFiftyErrors()
{
    QString text = u"producer:\n"_s;
    for (int i = 0; i < 200; ++i)
        text += u"    jump\n"_s;
    const ParseResult result = StrategyParser::parse(text);
    QCOMPARE(result.errors.size(), StrategyParser::MaxErrors);
    QCOMPARE(result.errors.last().line, StrategyParser::MaxErrors + 1);
}

void TestStrategyParser::errorToString()
{
    const ParseError error {3, 9, u"\"emtpy\" is not declared; did you mean \"empty\"?"_s};
    QCOMPARE(error.toString(u"lab/my.blstrategy"_s),
             u"lab/my.blstrategy:3:9: \"emtpy\" is not declared; did you mean \"empty\"?"_s);
    QCOMPARE(error.toString({}), u"3:9: \"emtpy\" is not declared; did you mean \"empty\"?"_s);
    const ParseError whole {0, 0, u"not a regular file (a FIFO)"_s};
    QCOMPARE(whole.toString(u"x.blstrategy"_s), u"x.blstrategy: not a regular file (a FIFO)"_s);
    QCOMPARE(whole.toString({}), u"not a regular file (a FIFO)"_s);
}

void TestStrategyParser::readsCrLfAndByteOrderMark()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"windows.blstrategy"_s);
    QVERIFY(
        writeFile(path,
                  "\xEF\xBB\xBF# Saved on Windows.\r\nmutex m\r\nproducer:\r\n    lock(m)\r\n    insert\r\n"
                  "    unlock(m)\r\nconsumer:\r\n    remove\r\n"));
    const ParseResult result = StrategyParser::parseFile(path);
    QVERIFY2(result.ok(), qPrintable(errorsText(result, path)));
    QCOMPARE(result.program.name, u"windows"_s);
    QCOMPARE(result.program.description, u"Saved on Windows."_s);
    QCOMPARE(result.program.producer.code.first().text, u"lock(m)"_s);
    QCOMPARE(result.program.producer.code.first().line, 4);
}

void TestStrategyParser::refusesBinaryFiles_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("offset");
    QTest::addRow("an image") << QByteArray("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16) << 0;
    QTest::addRow("a NUL in the text") << QByteArray("producer:\n\0    insert\n", 22) << 10;
    QTest::addRow("cut UTF-8") << QByteArray("# caf\xC3") << 5;
    QTest::addRow("Latin-1") << QByteArray("# Gr\xFC\xDF"
                                           "e\nproducer:\n")
                             << 4;
    QTest::addRow("overlong") << QByteArray("mutex \xC0\xAF") << 6;
    QTest::addRow("surrogate") << QByteArray("# \xED\xA0\x80") << 2;
}

void TestStrategyParser::refusesBinaryFiles()
{
    QFETCH(QByteArray, bytes);
    QFETCH(int, offset);
    QTemporaryDir dir;
    const QString path = dir.filePath(u"binary.blstrategy"_s);
    QVERIFY(writeFile(path, bytes));
    const ParseResult result = StrategyParser::parseFile(path);
    QCOMPARE(errorsText(result, path), path + u": not a text file (binary data at byte %1)"_s.arg(offset));
    QCOMPARE(result.errors.first().line, 0);

    // Good UTF-8 beyond ASCII is text: in a comment it is fine.
    QVERIFY(writeFile(path,
                      "# Gr\xC3\xBC\xC3\x9F"
                      "e \xE2\x86\x92 \xF0\x9F\x98\x80\nproducer:\n    insert\nconsumer:\n    remove\n"));
    const ParseResult text = StrategyParser::parseFile(path);
    QVERIFY2(text.ok(), qPrintable(errorsText(text, path)));
    QCOMPARE(text.program.description, u"Gr\u00fc\u00dfe \u2192 \U0001F600"_s);
}

void TestStrategyParser::refusesTooLargeFiles()
{
    QTemporaryDir dir;
    const QByteArray program = "producer:\n    insert\nconsumer:\n    remove\n";
    const QString path = dir.filePath(u"large.blstrategy"_s);

    // Exactly the limit: read (a program padded with comments).
    QByteArray exact = program;
    while (exact.size() < StrategyParser::MaxFileBytes) {
        const qsizetype room = StrategyParser::MaxFileBytes - exact.size();
        exact += room >= 3 ? QByteArray("#") + QByteArray(std::min<qsizetype>(room - 2, 200), 'x') + '\n'
                           : QByteArray(room, '\n');
    }
    QCOMPARE(exact.size(), StrategyParser::MaxFileBytes);
    QVERIFY(writeFile(path, exact));
    const ParseResult read = StrategyParser::parseFile(path);
    QVERIFY2(read.ok(), qPrintable(errorsText(read, path)));

    // One byte more: refused, saying how large it is.
    QVERIFY(writeFile(path, exact + '\n'));
    const ParseResult refused = StrategyParser::parseFile(path);
    QCOMPARE(errorsText(refused, path), path + u": file too large: 65537 bytes, at most 65536"_s);
    QCOMPARE(refused.program, failed());
}

void TestStrategyParser::survivesDeepNesting()
{
    // 1000 blocks inside one another, one space deeper each: over the file limit, and the text
    // (half a million characters) is still parsed without recursion: one error at the ninth block,
    // and the rest, lines of up to a thousand characters, skipped as part of the block reported.
    QString text = u"producer:\n"_s;
    for (int depth = 1; depth <= 1000; ++depth)
        text += QString(depth, u' ') + u"while count == N:\n"_s;
    text += QString(1001, u' ') + u"pass\n"_s;
    text += u"consumer:\n    remove\n"_s;
    QVERIFY(text.size() > StrategyParser::MaxFileBytes);
    const ParseResult result = StrategyParser::parse(text);
    QCOMPARE(errorsText(result), u"10:10: blocks nested too deeply: at most 8 inside one another"_s);

    QTemporaryDir dir;
    const QString path = dir.filePath(u"deep.blstrategy"_s);
    QVERIFY(writeFile(path, text.toUtf8()));
    const ParseResult file = StrategyParser::parseFile(path);
    QCOMPARE(file.errors.size(), 1);
    QVERIFY2(file.errors.first().message.startsWith(u"file too large: "_s), qPrintable(errorsText(file)));

    // As deep as lines allow in a file within the limit (each line at most 300 characters).
    QString fits = u"int x = 0\nproducer:\n"_s;
    for (int depth = 1; depth <= 280; ++depth)
        fits += QString(depth, u'\t') + u"if x == 1:\n"_s;
    fits += u"consumer:\n\tremove\n"_s;
    QVERIFY(fits.size() < StrategyParser::MaxFileBytes);
    QVERIFY(writeFile(path, fits.toUtf8()));
    QCOMPARE(errorsText(StrategyParser::parseFile(path)),
             u"11:10: blocks nested too deeply: at most 8 inside one another"_s);

    // Parentheses: as many as a line holds, each one level deeper.
    const QString parens = u"int x = 0\nproducer:\n    x = "_s + QString(140, u'(') + u'1'
        + QString(140, u')') + u"\nconsumer:\n    remove\n"_s;
    QCOMPARE(
        errorsText(StrategyParser::parse(parens)),
        u"3:41: expression nested too deeply: at most 32 parentheses, \"not\" and \"-\" inside one another"_s);
    const QString nots = u"int x = 0\nproducer:\n    x = "_s + QString(u"not "_s).repeated(70)
        + u"x\nconsumer:\n    remove\n"_s;
    QCOMPARE(StrategyParser::parse(nots).errors.size(), 1);
}

void TestStrategyParser::survivesAVeryLongLine()
{
    const QString text
        = u"producer:\n    insert  # "_s + QString(100'000 - 14, u'x') + u"\nconsumer:\n    remove\n"_s;
    const ParseResult result = StrategyParser::parse(text);
    QCOMPARE(errorsText(result), u"2:301: line too long: 100000 characters, at most 300"_s);

    // In a file: the longest line that fits in 64 KiB is still refused as a line.
    QTemporaryDir dir;
    const QString path = dir.filePath(u"long.blstrategy"_s);
    const QByteArray line = "    remove " + QByteArray(65'000, 'y');
    QVERIFY(writeFile(path, "producer:\n    insert\nconsumer:\n" + line + '\n'));
    QCOMPARE(errorsText(StrategyParser::parseFile(path)),
             u"4:301: line too long: 65011 characters, at most 300"_s);
    // A longer line does not fit in a file: the file is refused before a line is read.
    const QByteArray tooLong
        = "producer:\n    insert\nconsumer:\n    remove\n# " + QByteArray(100'000, 'z') + '\n';
    QVERIFY(writeFile(path, tooLong));
    QCOMPARE(errorsText(StrategyParser::parseFile(path)),
             u"file too large: %1 bytes, at most 65536"_s.arg(tooLong.size()));
}

void TestStrategyParser::refusesASymlink()
{
    QTemporaryDir dir;
    const QString target = dir.filePath(u"real.blstrategy"_s);
    QVERIFY(writeFile(target, "producer:\n    insert\nconsumer:\n    remove\n"));
    QVERIFY2(StrategyParser::parseFile(target).ok(), "the target itself is fine");
    const QString link = dir.filePath(u"link.blstrategy"_s);
    QVERIFY(QFile::link(target, link));
    const ParseResult result = StrategyParser::parseFile(link);
    QCOMPARE(errorsText(result, link), link + u": not a regular file (a symbolic link)"_s);
}

void TestStrategyParser::refusesAFifoWithoutBlocking()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"pipe.blstrategy"_s);
    QCOMPARE(::mkfifo(QFile::encodeName(path).constData(), 0644), 0);
    const FifoValve valve(path); // a blocking open would wait for a writer: the valve ends that
    const ParseResult result = StrategyParser::parseFile(path);
    QCOMPARE(errorsText(result), u"not a regular file (a FIFO)"_s);
}

void TestStrategyParser::refusesADirectoryAndAMissingFile()
{
    QTemporaryDir dir;
    QCOMPARE(errorsText(StrategyParser::parseFile(dir.path())), u"not a regular file (a directory)"_s);
    QCOMPARE(errorsText(StrategyParser::parseFile(dir.filePath(u"none.blstrategy"_s))),
             u"cannot open (No such file or directory)"_s);
}

QTEST_GUILESS_MAIN(TestStrategyParser)
#include "tst_strategyparser.moc"
