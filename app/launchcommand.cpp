#include "launchcommand.h"

#include "bufferserver.h"
#include "commandline.h"
#include "consumerclient.h"
#include "deliverycheck.h"
#include "eventformatter.h"
#include "producerclient.h"
#include "studentgenerator.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTimer>

#include <algorithm>
#include <memory>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

struct Options
{
    int producers = 2;
    int consumers = 2;
    ClientConfig client;
    QHostAddress host {QHostAddress::LocalHost};
    quint16 port = BufferServer::DefaultPort;
    int capacity = BufferServer::DefaultCapacity;
    bool processes = false;
    bool json = false;
    bool quiet = false;
};

// One client of the launch: an object in this process, or a child process running
// `bufferlab producer|consumer`.
struct LaunchedClient
{
    NativeProtocol::Role role = NativeProtocol::Role::Producer;
    QString id;
    std::unique_ptr<BufferClient> inProcess;
    std::unique_ptr<QProcess> process;
    ClientRunStatistics stats; // final
    bool finished = false;

    QString name() const
    {
        return (role == NativeProtocol::Role::Producer ? u"Producer "_s : u"Consumer "_s) + id;
    }
};

ClientRunStatistics statisticsFromJson(const QByteArray &output, const LaunchedClient &client)
{
    ClientRunStatistics stats;
    stats.id = client.id;
    stats.role = NativeProtocol::roleName(client.role);
    const QList<QByteArray> lines = output.trimmed().split('\n');
    const QJsonObject json = QJsonDocument::fromJson(lines.isEmpty() ? QByteArray() : lines.last()).object();
    if (json.isEmpty()) {
        stats.state = u"failed"_s;
        stats.error = u"the client process printed no statistics"_s;
        return stats;
    }
    stats.state = json.value(u"state"_s).toString();
    stats.total = json.value(u"total"_s).toInt();
    stats.done = json.value(u"done"_s).toInt();
    stats.failed = json.value(u"failed"_s).toInt();
    stats.retries = json.value(u"retries"_s).toInt();
    stats.reconnects = json.value(u"reconnects"_s).toInt();
    stats.passed = json.value(u"passed"_s).toInt();
    stats.elapsedS = json.value(u"elapsed_s"_s).toDouble();
    stats.requests = 1;
    stats.waitNs = qint64(json.value(u"mean_wait_ms"_s).toDouble() * 1e6);
    stats.error = json.value(u"error"_s).toString();
    for (const QJsonValue &digest : json.value(u"items"_s).toArray())
        stats.itemDigests.append(digest.toString());
    return stats;
}

QString readOptions(const QCommandLineParser &parser, Options *options)
{
    QString error;
    const auto producers = CommandLine::intValue(parser, u"producers"_s, 1, 100, &error);
    const auto consumers
        = producers ? CommandLine::intValue(parser, u"consumers"_s, 1, 100, &error) : std::nullopt;
    const auto items = consumers
        ? CommandLine::intValue(parser, u"items"_s, 0, ClientConfig::MaxItems, &error)
        : std::nullopt;
    const auto interval = items ? CommandLine::intervalValue(parser, &error) : std::nullopt;
    const auto host = interval ? CommandLine::hostValue(parser, &error) : std::nullopt;
    const auto port = host ? CommandLine::intValue(parser, u"port"_s, 0, 65535, &error) : std::nullopt;
    const auto capacity = port ? CommandLine::intValue(parser, u"capacity"_s, BufferServer::MinCapacity,
                                                       BufferServer::MaxCapacity, &error)
                               : std::nullopt;
    if (!capacity)
        return error;
    options->producers = int(*producers);
    options->consumers = int(*consumers);
    options->client.items = int(*items);
    options->client.interval = *interval;
    options->client.itemsText = parser.isSet(u"items-text"_s);
    options->host = *host;
    options->port = quint16(*port);
    options->capacity = int(*capacity);
    options->processes = parser.isSet(u"processes"_s);
    if (parser.isSet(u"quiet"_s) && parser.isSet(u"verbose"_s))
        return u"--quiet and --verbose contradict each other"_s;
    options->json = parser.isSet(u"json"_s);
    // With --json, stdout is for the JSON: log lines only if asked for.
    options->quiet = parser.isSet(u"quiet"_s) || (options->json && !parser.isSet(u"verbose"_s));
    return {};
}

} // namespace

int runLaunchCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Start a buffer server and producer and consumer clients, like the original launcher; wait until "
        u"every "
        "client is done; print per-client and total statistics and check that nothing was lost or duplicated."_s);
    const ClientConfig defaults;
    parser.addOptions({
        {u"producers"_s, u"Producer clients, 1 to 100 (default 2)."_s, u"N"_s, u"2"_s},
        {u"consumers"_s, u"Consumer clients, 1 to 100 (default 2)."_s, u"N"_s, u"2"_s},
        {u"items"_s, u"Items per client (default %1)."_s.arg(defaults.items), u"N"_s,
         QString::number(defaults.items)},
        {u"interval"_s,
         u"Seconds between a client's items, drawn from MIN-MAX (default %1)."_s.arg(
             defaults.interval.toSecondsText()),
         u"MIN-MAX"_s, defaults.interval.toSecondsText()},
        {u"items-text"_s, u"Producers send the original's plain items instead of student records."_s},
        {u"host"_s,
         u"Address (or host name) the server listens on and the clients connect to (default 127.0.0.1)."_s,
         u"H"_s, u"127.0.0.1"_s},
        {u"port"_s, u"Server port, 0 for any free one (default %1)."_s.arg(BufferServer::DefaultPort), u"P"_s,
         QString::number(BufferServer::DefaultPort)},
        {u"capacity"_s, u"Buffer slots (default %1)."_s.arg(BufferServer::DefaultCapacity), u"N"_s,
         QString::number(BufferServer::DefaultCapacity)},
        {u"processes"_s, u"Run each client as a child process instead of in this process."_s},
        {u"json"_s,
         u"Print one JSON object of statistics (and nothing else, unless --verbose) on standard output."_s},
        {u"quiet"_s, u"Print no log lines, only the statistics."_s},
        {u"verbose"_s, u"Print the log lines and the statistics even with --json (the JSON comes last)."_s},
    });
    if (const auto exit = CommandLine::parse(parser, u"launch"_s, arguments))
        return *exit;
    if (!parser.positionalArguments().isEmpty())
        return CommandLine::usageError(
            u"launch"_s, u"unexpected argument \"%1\""_s.arg(parser.positionalArguments().first()));
    Options options;
    if (const QString error = readOptions(parser, &options); !error.isEmpty())
        return CommandLine::usageError(u"launch"_s, error);

    BufferServer server;
    server.setCapacity(options.capacity);
    QString error;
    if (!server.listen(options.host, options.port, &error))
        return CommandLine::usageError(u"launch"_s, error);
    const quint16 port = server.serverPort();
    // A server listening on every address is reached through loopback.
    const QString connectHost = options.host == QHostAddress(QHostAddress::AnyIPv4) ? u"127.0.0.1"_s
        : options.host == QHostAddress(QHostAddress::AnyIPv6)
            || options.host == QHostAddress(QHostAddress::Any)
        ? u"::1"_s
        : options.host.toString();
    const quint64 seed = StudentGenerator::randomSeed();

    QTextStream &out = CommandLine::out();
    if (!options.quiet) {
        out << "Launching a server on " << options.host.toString() << " port " << port << " (buffer "
            << options.capacity << "), " << options.producers << " producer(s) and " << options.consumers
            << " consumer(s), " << options.client.items << " item(s) each"
            << (options.processes ? ", as child processes" : "") << '\n';
        out.flush();
    }

    std::vector<std::unique_ptr<LaunchedClient>> clients;
    int running = 0;
    auto clientFinished = [&](LaunchedClient *client) {
        if (client->finished)
            return;
        client->finished = true;
        if (client->inProcess)
            client->stats = client->inProcess->statistics();
        else
            client->stats = statisticsFromJson(client->process->readAllStandardOutput(), *client);
        if (--running == 0)
            QCoreApplication::quit();
    };
    auto addClient = [&](NativeProtocol::Role role, int number) {
        auto client = std::make_unique<LaunchedClient>();
        client->role = role;
        client->id = QString::number(number);
        LaunchedClient *raw = client.get();
        ClientConfig config = options.client;
        config.id = client->id;
        config.host = connectHost;
        config.port = port;
        config.seed = seed;
        if (options.processes) {
            client->process = std::make_unique<QProcess>();
            client->process->setProcessChannelMode(QProcess::SeparateChannels);
            QStringList args {role == NativeProtocol::Role::Producer ? u"producer"_s : u"consumer"_s,
                              config.id,
                              u"--host"_s,
                              config.host,
                              u"--port"_s,
                              QString::number(port),
                              u"--items"_s,
                              QString::number(config.items),
                              u"--interval"_s,
                              config.interval.toSecondsText(),
                              u"--json"_s,
                              u"--quiet"_s};
            if (role == NativeProtocol::Role::Producer) {
                args << u"--seed"_s << QString::number(seed);
                if (config.itemsText)
                    args << u"--items-text"_s;
            }
            QObject::connect(client->process.get(), &QProcess::finished, client->process.get(),
                             [raw, &clientFinished] { clientFinished(raw); });
            QObject::connect(client->process.get(), &QProcess::errorOccurred, client->process.get(),
                             [raw, &clientFinished](QProcess::ProcessError e) {
                                 if (e == QProcess::FailedToStart)
                                     clientFinished(raw);
                             });
            client->process->start(QCoreApplication::applicationFilePath(), args);
        } else {
            if (role == NativeProtocol::Role::Producer)
                client->inProcess = std::make_unique<ProducerClient>(config);
            else
                client->inProcess = std::make_unique<ConsumerClient>(config);
            QObject::connect(client->inProcess.get(), &BufferClient::finished, client->inProcess.get(),
                             [raw, &clientFinished] { clientFinished(raw); });
        }
        ++running;
        clients.push_back(std::move(client));
    };
    for (int i = 1; i <= options.producers; ++i)
        addClient(NativeProtocol::Role::Producer, i);
    for (int i = 1; i <= options.consumers; ++i)
        addClient(NativeProtocol::Role::Consumer, i);

    auto printLogs = [&] {
        // Server and clients keep separate logs; print them as one, in time order.
        std::vector<std::pair<qint64, QString>> lines;
        for (const LogEntry &entry : server.takeLog()) {
            const QString who
                = entry.source < 0 ? u"server"_s : u"server: "_s + server.clientName(entry.source);
            lines.emplace_back(entry.timeNs, who + u": "_s + entry.text);
        }
        server.takeEvents();
        for (const auto &client : clients) {
            if (!client->inProcess)
                continue;
            for (const LogEntry &entry : client->inProcess->takeLog())
                lines.emplace_back(entry.timeNs, client->name() + u": "_s + entry.text);
        }
        if (options.quiet)
            return;
        std::stable_sort(lines.begin(), lines.end(),
                         [](const auto &a, const auto &b) { return a.first < b.first; });
        for (const auto &[timeNs, line] : lines)
            out << EventFormatter::timestamp(timeNs) << line << '\n';
        out.flush();
    };

    QElapsedTimer clock;
    clock.start();
    CommandLine::installInterruptHandler();
    QTimer tick;
    bool stopping = false;
    QObject::connect(&tick, &QTimer::timeout, &server, [&] {
        printLogs();
        if (CommandLine::interrupted() && !stopping) {
            stopping = true;
            for (const auto &client : clients) {
                if (client->inProcess)
                    client->inProcess->stopAfterReply();
                else if (client->process->state() != QProcess::NotRunning)
                    client->process->terminate();
            }
        }
    });
    tick.start(100);
    for (const auto &client : clients) {
        if (client->inProcess)
            client->inProcess->start();
    }
    if (running > 0)
        QCoreApplication::exec();
    const double elapsedS = double(clock.nsecsElapsed()) / 1e9;
    printLogs();

    QStringList produced;
    QStringList consumed;
    bool allDone = true;
    QJsonArray clientArray;
    for (const auto &client : clients) {
        const ClientRunStatistics &s = client->stats;
        (client->role == NativeProtocol::Role::Producer ? produced : consumed) += s.itemDigests;
        allDone = allDone && s.state == u"done"_s;
        clientArray.append(s.toJson());
    }
    const DeliveryCheck check = DeliveryCheck::compute(produced, consumed, server.remainingDigests());
    server.close();
    printLogs();
    const ServerStatistics serverStats = server.statistics();

    if (!options.json || !options.quiet) {
        out << "\nClients:\n";
        for (const auto &client : clients) {
            const ClientRunStatistics &s = client->stats;
            out << u"  %1: %2, %3 of %4 done, %5 retries, %6 reconnects, mean wait %7 ms, %8 items/s%9"_s
                       .arg(client->name(), s.state)
                       .arg(s.done)
                       .arg(s.total)
                       .arg(s.retries)
                       .arg(s.reconnects)
                       .arg(s.meanWaitMs(), 0, 'f', 1)
                       .arg(s.itemsPerSecond(), 0, 'f', 1)
                       .arg(s.error.isEmpty() ? QString() : u" (%1)"_s.arg(s.error))
                << '\n';
        }
        out << serverStats.toText();
        out << u"Total: %1 in %2 s, %3 items/s\n"_s.arg(check.toText())
                   .arg(elapsedS, 0, 'f', 3)
                   .arg(elapsedS > 0 ? double(check.consumed) / elapsedS : 0.0, 0, 'f', 1);
    }
    if (options.json) {
        QJsonObject summary = check.toJson();
        summary.insert(u"elapsed_s"_s, elapsedS);
        summary.insert(u"items_per_s"_s, elapsedS > 0 ? double(check.consumed) / elapsedS : 0.0);
        summary.insert(u"redelivered"_s, serverStats.redelivered);
        summary.insert(u"port"_s, port);
        summary.insert(u"processes"_s, options.processes);
        summary.insert(u"clients"_s, clientArray);
        summary.insert(u"server"_s, serverStats.toJson());
        out << QJsonDocument(summary).toJson(QJsonDocument::Compact) << '\n';
    }
    out.flush();
    if (!check.ok() || !allDone) {
        CommandLine::err() << "bufferlab launch: " << (allDone ? check.toText() : u"a client failed"_s);
        for (const auto &client : clients) {
            if (!client->stats.error.isEmpty()) {
                CommandLine::err() << " (" << client->name() << ": " << client->stats.error << ')';
                break;
            }
        }
        CommandLine::err() << '\n';
        CommandLine::err().flush();
        return CommandLine::Failure;
    }
    if (serverStats.droppedAny()) {
        // More was produced than consumed: the rest went with the server.
        CommandLine::err() << "bufferlab launch: " << serverStats.droppedAtShutdown
                           << " item(s) were still in the buffer at the end and were dropped\n";
        CommandLine::err().flush();
        return CommandLine::RecordsFailed;
    }
    return CommandLine::Success;
}
