#include "simulatecommand.h"

#include "bufferstrategy.h"
#include "commandline.h"
#include "eventformatter.h"
#include "scenario.h"
#include "simulation.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QTimer>

#include <algorithm>
#include <cstdlib>

using namespace Qt::StringLiterals;

namespace {

// After SIGINT or SIGTERM, how long the workers have to end before the process ends without them.
constexpr qint64 StuckWorkerMs = 3000;

struct Options
{
    SimulationConfig config;
    bool json = false;
    bool quiet = false; // no log lines
};

// Fills options from the parsed command line (over a scenario, if one is named), or returns the
// first thing that is wrong.
QString readOptions(const QCommandLineParser &parser, Options *options)
{
    SimulationConfig &config = options->config;
    QString error;
    if (parser.isSet(u"scenario"_s)) {
        const auto scenario = Scenario::load(CommandLine::absolutePath(parser.value(u"scenario"_s)), &error);
        if (!scenario)
            return u"--scenario: "_s + error;
        config = *scenario;
    }
    const struct
    {
        const char16_t *name;
        int *target;
        qint64 min;
        qint64 max;
    } integers[] = {
        {u"producers", &config.producers, 1, SimulationConfig::MaxWorkers},
        {u"consumers", &config.consumers, 1, SimulationConfig::MaxWorkers},
        {u"buffer", &config.capacity, BufferStrategy::MinCapacity, BufferStrategy::MaxCapacity},
        {u"students", &config.students, 1, SimulationConfig::MaxStudents},
    };
    for (const auto &option : integers) {
        const QString name = QString::fromUtf16(option.name);
        if (!parser.isSet(name))
            continue;
        const auto value = CommandLine::intValue(parser, name, option.min, option.max, &error);
        if (!value)
            return error;
        *option.target = int(*value);
    }
    const struct
    {
        const char16_t *name;
        DelayRange *target;
    } delays[] = {{u"producer-delay", &config.producerDelay}, {u"consumer-delay", &config.consumerDelay}};
    for (const auto &option : delays) {
        const QString name = QString::fromUtf16(option.name);
        if (!parser.isSet(name))
            continue;
        const auto range = DelayRange::parseSeconds(parser.value(name), &error);
        if (!range)
            return u"--%1: %2"_s.arg(name, error);
        *option.target = *range;
    }
    if (parser.isSet(u"no-delay"_s)) {
        if (parser.isSet(u"producer-delay"_s) || parser.isSet(u"consumer-delay"_s))
            return u"--no-delay cannot be combined with --producer-delay or --consumer-delay"_s;
        config.producerDelay = {};
        config.consumerDelay = {};
    }
    if (parser.isSet(u"strategy"_s)) {
        config.strategy = parser.value(u"strategy"_s);
        if (!BufferStrategy::names().contains(config.strategy))
            return u"--strategy: unknown strategy \"%1\" (choose %2)"_s.arg(
                config.strategy, BufferStrategy::names().join(u", "_s));
    }
    if (parser.isSet(u"speed"_s)) {
        bool ok = false;
        const double speed = parser.value(u"speed"_s).trimmed().toDouble(&ok);
        // Written so that NaN fails too.
        if (!ok || !(speed >= SimulationConfig::MinSpeed && speed <= SimulationConfig::MaxSpeed))
            return u"--speed: \"%1\" is not a number from %2 to %3"_s.arg(parser.value(u"speed"_s))
                .arg(SimulationConfig::MinSpeed)
                .arg(SimulationConfig::MaxSpeed);
        config.speed = speed;
    }
    if (parser.isSet(u"seed"_s)) {
        // Digits only, and toULongLong() refuses anything past 2^64 - 1 rather than wrapping.
        const QString text = parser.value(u"seed"_s).trimmed();
        bool ok
            = !text.isEmpty() && std::all_of(text.begin(), text.end(), [](QChar c) { return c.isDigit(); });
        const quint64 seed = ok ? text.toULongLong(&ok) : 0;
        if (!ok)
            return u"--seed: \"%1\" is not a whole number from 0 to 18446744073709551615"_s.arg(
                parser.value(u"seed"_s));
        config.seed = seed;
    }
    if (parser.isSet(u"xml-dir"_s)) {
        config.xmlDir = parser.value(u"xml-dir"_s);
        if (config.xmlDir.isEmpty())
            return u"--xml-dir: an empty directory name"_s;
    }
    if (parser.isSet(u"keep-xml"_s))
        config.keepXml = true;
    if (parser.isSet(u"quiet"_s) && parser.isSet(u"verbose"_s))
        return u"--quiet and --verbose contradict each other"_s;
    options->json = parser.isSet(u"json"_s);
    // With --json, stdout is for the JSON: log lines only if asked for.
    options->quiet = parser.isSet(u"quiet"_s) || (options->json && !parser.isSet(u"verbose"_s));
    return {};
}

// The most memory this process has had resident (VmHWM), in MB; 0 where the system does not say.
double peakMemoryMb()
{
    QFile status(u"/proc/self/status"_s);
    if (!status.open(QIODevice::ReadOnly))
        return 0.0;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').value(0).toDouble() / 1024.0;
    }
    return 0.0;
}

// Drains the journal and results and prints them as log lines (unless quiet).
class ConsoleLog
{
public:
    ConsoleLog(Simulation &simulation, bool quiet) : m_simulation(simulation), m_quiet(quiet) { }

    void drain()
    {
        if (m_quiet) {
            m_simulation.takeEvents(); // keep the journal from growing; nobody reads it
            return;
        }
        // Journal events and processed records come from two queues; print them in time order.
        std::vector<std::pair<qint64, QString>> lines;
        const int capacity = m_simulation.config().capacity;
        for (const JournalEvent &event : m_simulation.takeEvents()) {
            QString line = EventFormatter::describe(event, m_simulation.workerName(event.worker), capacity);
            if (!line.isEmpty())
                lines.emplace_back(event.timeNs, std::move(line));
        }
        for (const ProcessedRecord &record : m_simulation.takeResults())
            lines.emplace_back(record.timeNs,
                               EventFormatter::describe(record, m_simulation.workerName(record.consumer)));
        std::stable_sort(lines.begin(), lines.end(),
                         [](const auto &a, const auto &b) { return a.first < b.first; });
        QTextStream &out = CommandLine::out();
        for (const auto &[timeNs, line] : lines)
            out << EventFormatter::timestamp(timeNs) << line << '\n';
        out.flush();
    }

private:
    Simulation &m_simulation;
    bool m_quiet;
};

} // namespace

int runSimulateCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Run one producer-consumer simulation with threads: producers write students as XML files and put "
        "their numbers into a bounded buffer, consumers take them out, read and grade them."_s);
    const SimulationConfig defaults;
    parser.addOptions({
        {u"producers"_s, u"Producer threads, 1 to 8 (default %1)."_s.arg(defaults.producers), u"N"_s},
        {u"consumers"_s, u"Consumer threads, 1 to 8 (default %1)."_s.arg(defaults.consumers), u"N"_s},
        {u"buffer"_s, u"Buffer slots, 1 to 64 (default %1)."_s.arg(defaults.capacity), u"N"_s},
        {u"students"_s, u"Records to move through the buffer (default %1)."_s.arg(defaults.students), u"N"_s},
        {u"producer-delay"_s,
         u"Seconds a producer sleeps after each insert, drawn from MIN-MAX (default %1)."_s.arg(
             defaults.producerDelay.toSecondsText()),
         u"MIN-MAX"_s},
        {u"consumer-delay"_s,
         u"Seconds a consumer sleeps after each record, drawn from MIN-MAX (default %1)."_s.arg(
             defaults.consumerDelay.toSecondsText()),
         u"MIN-MAX"_s},
        {u"no-delay"_s, u"No sleeping at all: run at full speed."_s},
        {u"strategy"_s,
         u"Synchronization: %1 (default %2)."_s.arg(BufferStrategy::names().join(u", "_s), defaults.strategy),
         u"NAME"_s},
        {u"xml-dir"_s,
         u"Write the studentN.xml files straight into DIR, locked for this run: a second run there is "
         "refused. Default: a new folder of its own for each run under %1."_s.arg(
             SimulationConfig::defaultXmlDir()),
         u"DIR"_s},
        {u"keep-xml"_s,
         u"Keep each XML file after it was consumed (and the run's folder); the summary and the JSON "
         "(xml_dir) say where."_s},
        {u"seed"_s, u"Seed for the student generator, to repeat a run exactly."_s, u"S"_s},
        {u"json"_s,
         u"Print one JSON object of statistics (and nothing else, unless --verbose) on standard output."_s},
        {u"quiet"_s, u"Print no log lines, only the summary."_s},
        {u"verbose"_s, u"Print the log lines and the summary even with --json (the JSON comes last)."_s},
        {u"speed"_s, u"Divide every delay by this, 0.1 to 10 (default 1)."_s, u"X"_s},
        {u"scenario"_s, u"Start from the settings in a scenario file; options given here override them."_s,
         u"FILE"_s},
    });
    if (const auto exit = CommandLine::parse(parser, u"simulate"_s, arguments))
        return *exit;
    if (!parser.positionalArguments().isEmpty())
        return CommandLine::usageError(
            u"simulate"_s, u"unexpected argument \"%1\""_s.arg(parser.positionalArguments().first()));

    Options options;
    if (const QString error = readOptions(parser, &options); !error.isEmpty())
        return CommandLine::usageError(u"simulate"_s, error);

    Simulation simulation;
    simulation.setCollectResults(!options.quiet);
    if (const QStringList errors = simulation.start(options.config); !errors.isEmpty())
        return CommandLine::usageError(u"simulate"_s, errors.join(u"; "_s));

    QTextStream &out = CommandLine::out();
    if (!options.quiet) {
        const SimulationConfig &c = simulation.config();
        out << "Simulating " << c.students << " students: " << c.producers << " producer(s), " << c.consumers
            << " consumer(s), buffer " << c.capacity << ", " << c.strategy << " strategy, seed "
            << simulation.seed() << '\n'
            << "XML files in " << simulation.xmlDir() << '\n';
        out.flush();
    }

    CommandLine::installInterruptHandler();
    ConsoleLog log(simulation, options.quiet);
    QTimer printTimer;
    QElapsedTimer sinceInterrupt;
    QObject::connect(&printTimer, &QTimer::timeout, &simulation, [&] {
        if (CommandLine::interrupted()) {
            if (!sinceInterrupt.isValid()) {
                sinceInterrupt.start();
                simulation.stop();
            } else if (sinceInterrupt.elapsed() > StuckWorkerMs) {
                // Every wait in a run wakes on stop and every file is opened without blocking, so
                // this is a thread stuck in the system (a dead network file system, say): say so
                // and end without waiting for it, rather than ignore the signal.
                log.drain();
                CommandLine::err() << "bufferlab simulate: a worker did not stop within "
                                   << StuckWorkerMs / 1000 << " s (stuck in a system call); exiting\n";
                CommandLine::err().flush();
                std::_Exit(CommandLine::Failure);
            }
        }
        log.drain();
    });
    printTimer.start(50);
    QObject::connect(&simulation, &Simulation::finished, QCoreApplication::instance(),
                     &QCoreApplication::quit, Qt::QueuedConnection);
    QCoreApplication::exec();
    printTimer.stop();
    log.drain();

    const SimulationStatistics stats = simulation.statistics();
    if (!options.json || !options.quiet)
        out << stats.toText();
    if (options.json) {
        QJsonObject json = stats.toJson();
        if (const double peak = peakMemoryMb(); peak > 0.0)
            json.insert(u"peak_memory_mb"_s, peak);
        out << QJsonDocument(json).toJson(QJsonDocument::Compact) << '\n';
    }
    out.flush();
    if (stats.checkerFired())
        return CommandLine::CheckerFired;
    if (stats.stopped)
        return CommandLine::Failure;
    if (stats.failed > 0) {
        if (options.json) { // the JSON line says why; stderr says that it failed
            CommandLine::err() << "bufferlab simulate: " << stats.failed
                               << " record(s) failed: " << stats.failures.value(0).error << '\n';
            CommandLine::err().flush();
        }
        return CommandLine::RecordsFailed;
    }
    return CommandLine::Success;
}
