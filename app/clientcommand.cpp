#include "clientcommand.h"

#include "commandline.h"
#include "consumerclient.h"
#include "eventformatter.h"
#include "producerclient.h"
#include "studentgenerator.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QTimer>

#include <memory>

using namespace Qt::StringLiterals;

int runClientCommand(NativeProtocol::Role role, const QStringList &arguments)
{
    const bool producer = role == NativeProtocol::Role::Producer;
    const QString command = producer ? u"producer"_s : u"consumer"_s;
    const ClientConfig defaults;
    QCommandLineParser parser;
    parser.setApplicationDescription(
        producer
            ? u"Put student records into a BufferLab server's buffer (or the original program's server "
              "with --legacy)."_s
            : u"Take records out of a BufferLab server's buffer, grade them and acknowledge them (or use the "
              "original program's server with --legacy)."_s);
    parser.addPositionalArgument(u"ID"_s, u"This client's name, e.g. 1."_s);
    parser.addOptions({
        {u"host"_s,
         u"Server address or host name, IPv4 or IPv6 (default %1). A name that does not resolve is exit 1."_s
             .arg(defaults.host),
         u"H"_s, defaults.host},
        {u"port"_s, u"Server port (default %1)."_s.arg(defaults.port), u"P"_s,
         QString::number(defaults.port)},
        {u"items"_s, u"Items to %1 (default %2)."_s.arg(producer ? u"put"_s : u"take"_s).arg(defaults.items),
         u"N"_s, QString::number(defaults.items)},
        {u"interval"_s,
         (producer
              ? u"Seconds between items, drawn from MIN-MAX (default %1)."_s
              : u"Seconds spent on each item before acknowledging it, drawn from MIN-MAX (default %1)."_s)
             .arg(defaults.interval.toSecondsText()),
         u"MIN-MAX"_s, defaults.interval.toSecondsText()},
        {u"legacy"_s,
         u"Speak the original program's format: one request per connection, up to %1 retries "
         "%2 s apart when the buffer is full or empty."_s.arg(defaults.maxRetries)
             .arg(defaults.retryDelay.toSecondsText())},
        {u"json"_s,
         u"Print one JSON object of statistics (and nothing else, unless --verbose) on standard output."_s},
        {u"quiet"_s, u"Print no log lines, only the final statistics."_s},
        {u"verbose"_s, u"Print the log lines and the statistics even with --json (the JSON comes last)."_s},
    });
    if (producer) {
        parser.addOptions({
            {u"items-text"_s,
             u"Send the original's plain items \"P<ID>-Item-<n>\" instead of student records."_s},
            {u"seed"_s, u"Seed for the student records, to repeat a run exactly."_s, u"S"_s},
        });
    }
    if (const auto exit = CommandLine::parse(parser, command, arguments))
        return *exit;
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1)
        return CommandLine::usageError(
            command, positional.isEmpty() ? u"name the client, e.g. %1 1"_s.arg(command) : u"one ID only"_s);
    ClientConfig config;
    config.id = positional.first();
    if (config.id.isEmpty() || config.id.size() > 64)
        return CommandLine::usageError(command, u"the ID must be 1 to 64 characters"_s);
    QString error;
    const auto port = CommandLine::intValue(parser, u"port"_s, 1, 65535, &error);
    const auto items
        = port ? CommandLine::intValue(parser, u"items"_s, 0, ClientConfig::MaxItems, &error) : std::nullopt;
    const auto interval = items ? CommandLine::intervalValue(parser, &error) : std::nullopt;
    if (!interval)
        return CommandLine::usageError(command, error);
    if (parser.isSet(u"quiet"_s) && parser.isSet(u"verbose"_s))
        return CommandLine::usageError(command, u"--quiet and --verbose contradict each other"_s);
    // Last: a host that does not resolve is a server that cannot be reached (exit 1, like a refused
    // connection), not a malformed option.
    const auto host = CommandLine::clientHostValue(parser, &error);
    if (!host) {
        CommandLine::err() << "bufferlab " << command << ": " << error << '\n';
        CommandLine::err().flush();
        return CommandLine::Failure;
    }
    config.host = *host;
    config.port = quint16(*port);
    config.items = int(*items);
    config.interval = *interval;
    config.legacy = parser.isSet(u"legacy"_s);
    if (producer) {
        config.itemsText = parser.isSet(u"items-text"_s);
        if (parser.isSet(u"seed"_s)) {
            bool ok = false;
            config.seed = parser.value(u"seed"_s).toULongLong(&ok);
            if (!ok)
                return CommandLine::usageError(
                    command,
                    u"--seed: \"%1\" is not a non-negative whole number"_s.arg(parser.value(u"seed"_s)));
        } else {
            config.seed = StudentGenerator::randomSeed();
        }
    }

    std::unique_ptr<BufferClient> client;
    if (producer)
        client = std::make_unique<ProducerClient>(config);
    else
        client = std::make_unique<ConsumerClient>(config);

    const bool json = parser.isSet(u"json"_s);
    // With --json, stdout is for the JSON: log lines only if asked for.
    const bool quiet = parser.isSet(u"quiet"_s) || (json && !parser.isSet(u"verbose"_s));
    QTextStream &out = CommandLine::out();
    auto printLog = [&] {
        for (const LogEntry &entry : client->takeLog()) {
            if (!quiet)
                out << EventFormatter::timestamp(entry.timeNs) << client->name() << ": " << entry.text
                    << '\n';
        }
        out.flush();
    };
    CommandLine::installInterruptHandler();
    QTimer tick;
    QObject::connect(&tick, &QTimer::timeout, client.get(), [&] {
        printLog();
        if (CommandLine::interrupted())
            client->stopAfterReply();
    });
    tick.start(100);
    QObject::connect(client.get(), &BufferClient::finished, QCoreApplication::instance(),
                     &QCoreApplication::quit, Qt::QueuedConnection);
    client->start();
    QCoreApplication::exec();
    printLog();

    const ClientRunStatistics stats = client->statistics();
    if (!json || !quiet) {
        out << u"%1: %2 of %3 item(s) done, %4 given up, %5 retries, %6 reconnects, mean wait %7 ms, %8 items/s"_s
                   .arg(client->name())
                   .arg(stats.done)
                   .arg(stats.total)
                   .arg(stats.failed)
                   .arg(stats.retries)
                   .arg(stats.reconnects)
                   .arg(stats.meanWaitMs(), 0, 'f', 1)
                   .arg(stats.itemsPerSecond(), 0, 'f', 1)
            << '\n';
    }
    if (json)
        out << QJsonDocument(stats.toJson(true)).toJson(QJsonDocument::Compact) << '\n';
    out.flush();
    if (!stats.error.isEmpty()) {
        CommandLine::err() << "bufferlab " << command << ": " << client->name() << " failed: " << stats.error
                           << '\n';
        CommandLine::err().flush();
    }
    return client->state() == BufferClient::State::Done ? CommandLine::Success : CommandLine::Failure;
}
