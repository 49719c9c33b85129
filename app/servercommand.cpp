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
        {u"host"_s, u"Address to listen on; 0.0.0.0 lets other machines join (default 127.0.0.1)."_s, u"H"_s,
         u"127.0.0.1"_s},
        {u"port"_s, u"TCP port, 0 for any free one (default %1)."_s.arg(BufferServer::DefaultPort), u"P"_s,
         QString::number(BufferServer::DefaultPort)},
        {u"capacity"_s,
         u"Buffer slots, %1 to %2 (default %3)."_s.arg(BufferServer::MinCapacity)
             .arg(BufferServer::MaxCapacity)
             .arg(BufferServer::DefaultCapacity),
         u"N"_s, QString::number(BufferServer::DefaultCapacity)},
        {u"json"_s, u"End with one JSON object of statistics as the last line."_s},
        {u"quiet"_s, u"Print no log lines, only the final statistics."_s},
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
    if (!capacity)
        return CommandLine::usageError(u"server"_s, error);

    BufferServer server;
    server.setCapacity(int(*capacity));
    if (!server.listen(*host, quint16(*port), &error))
        return CommandLine::usageError(u"server"_s, error);

    const bool quiet = parser.isSet(u"quiet"_s);
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
    if (!quiet || !parser.isSet(u"json"_s))
        out << stats.toText();
    if (parser.isSet(u"json"_s))
        out << QJsonDocument(stats.toJson()).toJson(QJsonDocument::Compact) << '\n';
    out.flush();
    return CommandLine::Success;
}
