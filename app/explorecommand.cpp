#include "explorecommand.h"

#include "commandline.h"
#include "explorer.h"
#include "explorereport.h"
#include "strategyparser.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
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
using Lab::StrategyProgram;

// --- Loading a strategy ----------------------------------------------------------------------

namespace {

const QString BuiltInStrategies = u":/bufferlab/strategies"_s;

QStringList builtInNames()
{
    QStringList names = QDir(BuiltInStrategies).entryList({u"*.blstrategy"_s}, QDir::Files, QDir::Name);
    for (QString &name : names)
        name.chop(int(qstrlen(".blstrategy")));
    return names;
}

// A .blstrategy file, or the name of one shipped with BufferLab (compiled in). What is wrong with
// it comes back as one line per error, each naming the file, line and column.
StrategyProgram loadStrategy(const QString &fileOrName, QString *error)
{
    Lab::ParseResult result;
    QString fileName;
    if (builtInNames().contains(fileOrName)) {
        fileName = fileOrName + u".blstrategy"_s;
        QFile file(BuiltInStrategies + u'/' + fileName);
        if (!file.open(QIODevice::ReadOnly)) { // compiled in: cannot fail short of a broken build
            *error = u"%1: %2"_s.arg(fileName, file.errorString());
            return {};
        }
        result = Lab::StrategyParser::parse(QString::fromUtf8(file.readAll()), fileName);
    } else {
        fileName = CommandLine::absolutePath(fileOrName);
        if (!QFileInfo::exists(fileName) && !fileOrName.contains(u'/')
            && !fileOrName.endsWith(u".blstrategy"_s)) {
            *error = u"no strategy file or built-in strategy named \"%1\" (built in: %2)"_s.arg(
                fileOrName, builtInNames().join(u", "_s));
            return {};
        }
        result = Lab::StrategyParser::parseFile(fileName);
    }
    if (!result.ok()) {
        QStringList lines;
        for (const Lab::ParseError &parseError : std::as_const(result.errors))
            lines += parseError.toString(fileName);
        *error = lines.join(u'\n');
        return {};
    }
    return result.program;
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
