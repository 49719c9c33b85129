#include "servercommand.h"

#include "bufferserver.h"
#include "commandline.h"
#include "eventformatter.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QTimer>

using namespace Qt::StringLiterals;

int runServerCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Run the bounded buffer as a TCP server until Ctrl+C. It speaks BufferLab's line protocol and the "
        "original program's one-request-per-connection format on the same port."_s);
    parser.addOptions({
        {u"host"_s,
         u"Address (or host name) to listen on; 0.0.0.0 or :: lets other machines join (default 127.0.0.1)."_s,
         u"H"_s, u"127.0.0.1"_s},
        {u"port"_s, u"TCP port, 0 for any free one (default %1)."_s.arg(BufferServer::DefaultPort), u"P"_s,
         QString::number(BufferServer::DefaultPort)},
        {u"capacity"_s,
         u"Buffer slots, %1 to %2 (default %3)."_s.arg(BufferServer::MinCapacity)
             .arg(BufferServer::MaxCapacity)
             .arg(BufferServer::DefaultCapacity),
         u"N"_s, QString::number(BufferServer::DefaultCapacity)},
        {u"state"_s,
         u"Keep the buffer across restarts: load it from FILE at start (if it exists) and save it there "
         "at shutdown, atomically. Without it, items still in the buffer at shutdown are dropped (and "
         "counted)."_s,
         u"FILE"_s},
        {u"max-connections"_s,
         u"Connections open at once, 1 to 100000 (default %1); more are told the server is busy."_s.arg(
             BufferServer::DefaultMaxConnections),
         u"N"_s, QString::number(BufferServer::DefaultMaxConnections)},
        {u"hello-timeout"_s,
         u"Seconds a new connection may stay silent before it is closed (default %1)."_s.arg(
             BufferServer::DefaultHelloTimeoutMs / 1000),
         u"S"_s, QString::number(BufferServer::DefaultHelloTimeoutMs / 1000)},
        {u"write-timeout"_s,
         u"Seconds a client may leave its replies unread before it is closed (default %1)."_s.arg(
             BufferServer::DefaultWriteTimeoutMs / 1000),
         u"S"_s, QString::number(BufferServer::DefaultWriteTimeoutMs / 1000)},
        {u"json"_s,
         u"Print one JSON object of statistics (and nothing else, unless --verbose) on standard output."_s},
        {u"quiet"_s,
         u"Print no log lines, only the final statistics (and, on stderr, the address listened on)."_s},
        {u"verbose"_s, u"Print the log lines and the statistics even with --json (the JSON comes last)."_s},
    });
    if (const auto exit = CommandLine::parse(parser, u"server"_s, arguments))
        return *exit;
    if (!parser.positionalArguments().isEmpty())
        return CommandLine::usageError(
            u"server"_s, u"unexpected argument \"%1\""_s.arg(parser.positionalArguments().first()));
    QString error;
    const auto host = CommandLine::hostValue(parser, &error);
    const auto port = host ? CommandLine::intValue(parser, u"port"_s, 0, 65535, &error) : std::nullopt;
    const auto capacity = port ? CommandLine::intValue(parser, u"capacity"_s, BufferServer::MinCapacity,
                                                       BufferServer::MaxCapacity, &error)
                               : std::nullopt;
    const auto maxConnections
        = capacity ? CommandLine::intValue(parser, u"max-connections"_s, 1, 100'000, &error) : std::nullopt;
    const auto helloTimeout = maxConnections
        ? CommandLine::secondsValue(parser, u"hello-timeout"_s, 0.001, 86'400.0, &error)
        : std::nullopt;
    const auto writeTimeout = helloTimeout
        ? CommandLine::secondsValue(parser, u"write-timeout"_s, 0.001, 86'400.0, &error)
        : std::nullopt;
    if (!writeTimeout)
        return CommandLine::usageError(u"server"_s, error);
    if (parser.isSet(u"quiet"_s) && parser.isSet(u"verbose"_s))
        return CommandLine::usageError(u"server"_s, u"--quiet and --verbose contradict each other"_s);
    // Absolute, so that every message about it names it whole.
    const QString statePath = CommandLine::absolutePath(parser.value(u"state"_s));
    if (parser.isSet(u"state"_s) && parser.value(u"state"_s).trimmed().isEmpty())
        return CommandLine::usageError(u"server"_s, u"--state: the file name is empty"_s);

    CommandLine::raiseFileLimit(int(*maxConnections) + 64);
    BufferServer server;
    server.setCapacity(int(*capacity));
    server.setMaxConnections(int(*maxConnections));
    server.setHelloTimeout(int(*helloTimeout * 1000.0));
    server.setWriteTimeout(int(*writeTimeout * 1000.0));
    server.setStateFile(statePath);
    if (!server.listen(*host, quint16(*port), &error))
        return CommandLine::usageError(u"server"_s, error);

    const bool json = parser.isSet(u"json"_s);
    // With --json, stdout is for the JSON: log lines only if asked for.
    const bool quiet = parser.isSet(u"quiet"_s) || (json && !parser.isSet(u"verbose"_s));
    if (quiet) {
        // Still say where: with --port 0 nobody could find the server otherwise.
        CommandLine::err() << "bufferlab server: listening on " << server.serverAddress().toString()
                           << " port " << server.serverPort() << '\n';
        CommandLine::err().flush();
    }
    QTextStream &out = CommandLine::out();
    auto printLog = [&] {
        for (const LogEntry &entry : server.takeLog()) {
            if (!quiet)
                out << EventFormatter::timestamp(entry.timeNs)
                    << (entry.source < 0 ? QString() : server.clientName(entry.source) + u": "_s)
                    << entry.text << '\n';
        }
        server.takeEvents(); // the journal is for views; keep it from growing
        out.flush();
    };
    CommandLine::installInterruptHandler();
    QTimer tick;
    QObject::connect(&tick, &QTimer::timeout, &server, [&] {
        printLog();
        if (CommandLine::interrupted())
            QCoreApplication::quit();
    });
    tick.start(100);
    QCoreApplication::exec();

    server.close();
    printLog();
    const ServerStatistics stats = server.statistics();
    if (!json || !quiet)
        out << stats.toText();
    if (json)
        out << QJsonDocument(stats.toJson()).toJson(QJsonDocument::Compact) << '\n';
    out.flush();
    // Items that did not survive the shutdown are an error a script must see, whatever the
    // options: on stderr and in the exit code.
    if (!stats.stateError.isEmpty())
        CommandLine::err() << "bufferlab server: cannot save the buffer to " << stats.stateFile << ": "
                           << stats.stateError << '\n';
    if (stats.droppedAtShutdown > 0)
        CommandLine::err() << "bufferlab server: " << stats.droppedAtShutdown
                           << " item(s) were still in the buffer at shutdown and were dropped"
                           << (stats.stateFile.isEmpty() ? " (--state FILE keeps them)" : "") << '\n';
    CommandLine::err().flush();
    return stats.droppedAny() ? CommandLine::RecordsFailed : CommandLine::Success;
}
