#include "explorecommand.h"

#include "commandline.h"
#include "explorer.h"
#include "explorereport.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonDocument>
#include <QLocale>
#include <QThread>
#include <QTimer>

#include <atomic>
#include <memory>

#include <unistd.h>

using namespace Qt::StringLiterals;
using Lab::ExploreConfig;
using Lab::ExploreResult;
using Lab::Expression;
using Lab::Instruction;
using Lab::OpCode;
using Lab::SharedObject;
using Lab::StrategyProgram;

// --- Loading a strategy ----------------------------------------------------------------------
// For now only the two built-in strategies that work, built here instruction by instruction as
// the strategy language's parser will build them from their files.

namespace {

Instruction instruction(OpCode op, int line, const QString &text, int object = -1, int object2 = -1)
{
    return {op, object, object2, -1, {}, line, 5, text};
}

// insert or remove: five steps on one line.
QList<Instruction> ringSteps(bool insert, int line)
{
    if (insert)
        return {instruction(OpCode::InsertReadIn, line, u"insert: read in"_s),
                instruction(OpCode::InsertWrite, line, u"insert: write slot[in]"_s),
                instruction(OpCode::InsertAdvance, line, u"insert: in = (in + 1) % N"_s),
                instruction(OpCode::InsertReadCount, line, u"insert: read count"_s),
                instruction(OpCode::InsertWriteCount, line, u"insert: count = count + 1"_s)};
    return {instruction(OpCode::RemoveReadOut, line, u"remove: read out"_s),
            instruction(OpCode::RemoveTake, line, u"remove: take slot[out]"_s),
            instruction(OpCode::RemoveAdvance, line, u"remove: out = (out + 1) % N"_s),
            instruction(OpCode::RemoveReadCount, line, u"remove: read count"_s),
            instruction(OpCode::RemoveWriteCount, line, u"remove: count = count - 1"_s)};
}

// semaphore empty = N; semaphore full = 0; mutex ring; a producer: wait(empty), lock(ring),
// insert, unlock(ring), signal(full); a consumer the mirror image.
StrategyProgram semaphoreStrategy()
{
    StrategyProgram p;
    p.name = u"semaphore"_s;
    p.objects = {{SharedObject::Kind::Semaphore, u"empty"_s, {{{Expression::Op::Capacity, 0}}}, 2},
                 {SharedObject::Kind::Semaphore, u"full"_s, {{{Expression::Op::Constant, 0}}}, 3},
                 {SharedObject::Kind::Mutex, u"ring"_s, {}, 4}};
    const auto role = [](int line, bool producer) {
        const int mine = producer ? 0 : 1; // the semaphore it waits on; signals the other
        Lab::ThreadProgram t;
        t.line = line;
        t.code = {instruction(OpCode::Wait, line + 1, producer ? u"wait(empty)"_s : u"wait(full)"_s, mine),
                  instruction(OpCode::Lock, line + 2, u"lock(ring)"_s, 2)};
        t.code += ringSteps(producer, line + 3);
        t.code += {instruction(OpCode::Unlock, line + 4, u"unlock(ring)"_s, 2),
                   instruction(OpCode::Signal, line + 5, producer ? u"signal(full)"_s : u"signal(empty)"_s,
                               1 - mine),
                   instruction(OpCode::End, line + 6, {})};
        return t;
    };
    p.producer = role(5, true);
    p.consumer = role(12, false);
    return p;
}

// mutex m; condition notFull, notEmpty; a producer: lock(m), while count == N: wait(notFull, m),
// insert, notify(notEmpty), unlock(m); a consumer the mirror image.
StrategyProgram monitorStrategy()
{
    StrategyProgram p;
    p.name = u"monitor"_s;
    p.objects = {{SharedObject::Kind::Mutex, u"m"_s, {}, 2},
                 {SharedObject::Kind::Condition, u"notFull"_s, {}, 3},
                 {SharedObject::Kind::Condition, u"notEmpty"_s, {}, 4}};
    const auto role = [](int line, bool producer) {
        const int waitsOn = producer ? 1 : 2;
        const QString waitText = producer ? u"wait(notFull, m)"_s : u"wait(notEmpty, m)"_s;
        Instruction test = instruction(OpCode::JumpIfFalse, line + 2,
                                       producer ? u"while count == N"_s : u"while count == 0"_s);
        test.expression = {{{Expression::Op::Count, 0},
                            producer ? Expression::Token {Expression::Op::Capacity, 0}
                                     : Expression::Token {Expression::Op::Constant, 0},
                            {Expression::Op::Equal, 0}}};
        test.target = 5;
        Instruction back = instruction(OpCode::Jump, line + 2, {});
        back.target = 1;
        Lab::ThreadProgram t;
        t.line = line;
        t.code = {instruction(OpCode::Lock, line + 1, u"lock(m)"_s, 0), test,
                  instruction(OpCode::ConditionWait, line + 3, waitText, waitsOn, 0),
                  instruction(OpCode::ConditionReacquire, line + 3, waitText, waitsOn, 0), back};
        t.code += ringSteps(producer, line + 4);
        t.code += {instruction(OpCode::Notify, line + 5,
                               producer ? u"notify(notEmpty)"_s : u"notify(notFull)"_s, 3 - waitsOn),
                   instruction(OpCode::Unlock, line + 6, u"unlock(m)"_s, 0),
                   instruction(OpCode::End, line + 7, {})};
        return t;
    };
    p.producer = role(5, true);
    p.consumer = role(13, false);
    return p;
}

Lab::StrategyProgram loadStrategy(const QString &fileOrName, QString *error)
{
    if (fileOrName == u"semaphore"_s)
        return semaphoreStrategy();
    if (fileOrName == u"monitor"_s)
        return monitorStrategy();
    *error = u"%1: strategy files need the strategy language parser (built in: semaphore, monitor)"_s.arg(
        fileOrName);
    return {};
}

} // namespace

// --- The command --------------------------------------------------------------------------------

namespace {

// Reads the options into config, or returns the first thing that is wrong.
QString readOptions(const QCommandLineParser &parser, ExploreConfig *config)
{
    const struct
    {
        const char16_t *name;
        int *target;
        qint64 max;
    } integers[] = {
        {u"producers", &config->producers, ExploreConfig::MaxThreadsPerRole},
        {u"consumers", &config->consumers, ExploreConfig::MaxThreadsPerRole},
        {u"buffer", &config->capacity, ExploreConfig::MaxCapacity},
        {u"items", &config->items, ExploreConfig::MaxItems},
    };
    QString error;
    for (const auto &option : integers) {
        const QString name = QString::fromUtf16(option.name);
        if (!parser.isSet(name))
            continue;
        const auto value = CommandLine::intValue(parser, name, 1, option.max, &error);
        if (!value)
            return error;
        *option.target = int(*value);
    }
    if (parser.isSet(u"max-states"_s)) {
        const auto value
            = CommandLine::intValue(parser, u"max-states"_s, 1, ExploreConfig::MaxStateLimit, &error);
        if (!value)
            return error;
        config->maxStates = *value;
    }
    config->forever = parser.isSet(u"forever"_s);
    if (config->forever && parser.isSet(u"items"_s))
        return u"--items and --forever contradict each other (running for ever has no last record)"_s;
    config->symmetry = !parser.isSet(u"no-symmetry"_s);
    return {};
}

} // namespace

int runExploreCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Try every interleaving of a strategy's producer and consumer threads, step by step, and check "
        "that no record is lost, taken twice or out of order, that no thread unlocks a mutex it does not "
        "hold, that the threads never deadlock, and that they can always finish. An error comes with the "
        "shortest schedule that reaches it."_s);
    parser.addPositionalArgument(u"strategy"_s, u"A strategy file, or the name of a built-in strategy."_s,
                                 u"FILE|NAME"_s);
    const ExploreConfig defaults;
    parser.addOptions({
        {u"producers"_s,
         u"Producer threads, 1 to %1 (default %2)."_s.arg(ExploreConfig::MaxThreadsPerRole)
             .arg(defaults.producers),
         u"P"_s},
        {u"consumers"_s,
         u"Consumer threads, 1 to %1 (default %2)."_s.arg(ExploreConfig::MaxThreadsPerRole)
             .arg(defaults.consumers),
         u"C"_s},
        {u"buffer"_s,
         u"Buffer slots, 1 to %1 (default %2)."_s.arg(ExploreConfig::MaxCapacity).arg(defaults.capacity),
         u"N"_s},
        {u"items"_s,
         u"Records to move through the buffer, 1 to %1 (default %2)."_s.arg(ExploreConfig::MaxItems)
             .arg(defaults.items),
         u"K"_s},
        {u"forever"_s,
         u"Threads never finish and every record is the same: check only that the buffer stays right and "
         "nothing deadlocks."_s},
        {u"max-states"_s,
         u"Stop, inconclusive, after this many states, 1 to %1 (default %2)."_s
             .arg(ExploreConfig::MaxStateLimit)
             .arg(defaults.maxStates),
         u"S"_s},
        {u"no-symmetry"_s,
         u"Explore producers (and consumers) as distinct threads instead of interchangeable ones."_s},
        {u"json"_s,
         u"Print one JSON object with the verdict, the numbers and the schedule, and nothing else."_s},
    });
    if (const auto exit = CommandLine::parse(parser, u"explore"_s, arguments))
        return *exit;
    const QStringList positional = parser.positionalArguments();
    if (positional.isEmpty())
        return CommandLine::usageError(u"explore"_s, u"name a strategy file or a built-in strategy"_s);
    if (positional.size() > 1)
        return CommandLine::usageError(u"explore"_s, u"unexpected argument \"%1\""_s.arg(positional.at(1)));

    ExploreConfig config;
    if (const QString error = readOptions(parser, &config); !error.isEmpty())
        return CommandLine::usageError(u"explore"_s, error);
    QString error;
    const StrategyProgram program = loadStrategy(positional.first(), &error);
    if (!error.isEmpty())
        return CommandLine::usageError(u"explore"_s, error);
    if (const QString invalid = Lab::Explorer::validate(program, config); !invalid.isEmpty())
        return CommandLine::usageError(u"explore"_s, invalid);
    const QString strategy = program.name.isEmpty() ? positional.first() : program.name;
    const bool json = parser.isSet(u"json"_s);

    // From here on SIGINT and SIGTERM stop the search instead of the process; the search runs in a
    // thread of its own, and this one tells it to stop, which it does within milliseconds.
    CommandLine::installInterruptHandler();
    QTextStream &out = CommandLine::out();
    if (!json) {
        out << Lab::ExploreReport::header(strategy, config) << '\n';
        out.flush();
    }

    std::atomic_bool cancel = false;
    std::atomic<qint64> progress = 0;
    ExploreResult result;
    std::unique_ptr<QThread> worker(QThread::create([&] {
        result = Lab::Explorer::explore(program, config, &cancel,
                                        [&progress](qint64 states) { progress = states; });
    }));
    QEventLoop loop;
    QObject::connect(worker.get(), &QThread::finished, &loop, &QEventLoop::quit);
    const bool showProgress = !json && ::isatty(STDERR_FILENO);
    bool progressShown = false;
    QElapsedTimer sinceProgress;
    sinceProgress.start();
    QTimer watch;
    QObject::connect(&watch, &QTimer::timeout, &loop, [&] {
        if (CommandLine::interrupted())
            cancel = true;
        if (showProgress && sinceProgress.elapsed() >= 1000) {
            CommandLine::err() << "\r  " << QLocale(QLocale::English).toString(progress.load())
                               << " states..." << Qt::flush;
            progressShown = true;
            sinceProgress.restart();
        }
    });
    watch.start(20);
    worker->start();
    loop.exec();
    worker->wait();
    watch.stop();
    if (progressShown)
        CommandLine::err() << '\r' << QString(40, u' ') << '\r' << Qt::flush;

    if (json) {
        out << QJsonDocument(Lab::ExploreReport::json(strategy, config, result))
                   .toJson(QJsonDocument::Compact)
            << '\n';
    } else {
        out << Lab::ExploreReport::verdict(result, config) << '\n';
        if (result.verdict == ExploreResult::Verdict::Counterexample)
            out << Lab::ExploreReport::schedule(result.schedule);
    }
    out.flush();
    switch (result.verdict) {
    case ExploreResult::Verdict::Correct:
        return CommandLine::Success;
    case ExploreResult::Verdict::Counterexample:
        return CommandLine::CheckerFired;
    case ExploreResult::Verdict::Inconclusive:
        break;
    }
    return CommandLine::Failure;
}
