#include "commandline.h"

#include <atomic>
#include <cmath>
#include <csignal>
#include <cstdio>

#include <sys/resource.h>

using namespace Qt::StringLiterals;

namespace CommandLine {

namespace {
std::atomic<bool> g_interrupted = false;

void onInterrupt(int)
{
    g_interrupted.store(true);
}
} // namespace

std::optional<QHostAddress> hostValue(const QCommandLineParser &parser, QString *error)
{
    const QString text = parser.value(u"host"_s).trimmed();
    if (text == u"localhost"_s)
        return QHostAddress(QHostAddress::LocalHost);
    QHostAddress address;
    if (!address.setAddress(text)) {
        *error = u"--host: \"%1\" is not an IP address (try 127.0.0.1, 0.0.0.0 or localhost)"_s.arg(text);
        return std::nullopt;
    }
    return address;
}

std::optional<DelayRange> intervalValue(const QCommandLineParser &parser, QString *error)
{
    const auto range = DelayRange::parseSeconds(parser.value(u"interval"_s), error);
    if (!range)
        *error = u"--interval: "_s + *error;
    return range;
}

void installInterruptHandler()
{
    std::signal(SIGINT, onInterrupt);
    std::signal(SIGTERM, onInterrupt);
}

bool interrupted()
{
    return g_interrupted.load();
}

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

QTextStream &err()
{
    static QTextStream stream(stderr);
    return stream;
}

int usageError(const QString &command, const QString &message)
{
    out().flush();
    err() << "bufferlab " << command << ": " << message << '\n'
          << "Try 'bufferlab " << command << " --help'.\n";
    err().flush();
    return UsageError;
}

std::optional<int> parse(QCommandLineParser &parser, const QString &command, const QStringList &arguments)
{
    const QCommandLineOption help({u"h"_s, u"help"_s}, u"Show this help."_s);
    parser.addOption(help);
    // arguments[0] is the program; the command name has been taken off already.
    if (!parser.parse(arguments))
        return usageError(command, parser.errorText());
    if (parser.isSet(help)) {
        QString text = parser.helpText();
        // The first line names the program as it was called; show the command instead.
        text = u"Usage: bufferlab "_s + command + text.mid(text.indexOf(u" [options]"_s));
        out() << text;
        out().flush();
        return Success;
    }
    return std::nullopt;
}

std::optional<qint64> intValue(const QCommandLineParser &parser, const QString &name, qint64 min, qint64 max,
                               QString *error)
{
    const QString text = parser.value(name);
    bool ok = false;
    const qint64 value = text.trimmed().toLongLong(&ok);
    if (!ok) {
        *error = u"--%1: \"%2\" is not a whole number"_s.arg(name, text);
        return std::nullopt;
    }
    if (value < min || value > max) {
        *error = u"--%1: %2 is out of range (%3 to %4)"_s.arg(name, text).arg(min).arg(max);
        return std::nullopt;
    }
    return value;
}

std::optional<double> secondsValue(const QCommandLineParser &parser, const QString &name, double min,
                                   double max, QString *error)
{
    const QString text = parser.value(name);
    bool ok = false;
    const double value = text.trimmed().toDouble(&ok);
    if (!ok || !std::isfinite(value)) {
        *error = u"--%1: \"%2\" is not a number of seconds"_s.arg(name, text);
        return std::nullopt;
    }
    if (value < min || value > max) {
        *error = u"--%1: %2 is out of range (%3 to %4 s)"_s.arg(name, text).arg(min).arg(max);
        return std::nullopt;
    }
    return value;
}

void raiseFileLimit(int descriptors)
{
    rlimit limit {};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur >= rlim_t(descriptors))
        return;
    limit.rlim_cur
        = limit.rlim_max == RLIM_INFINITY ? rlim_t(descriptors) : qMin(limit.rlim_max, rlim_t(descriptors));
    ::setrlimit(RLIMIT_NOFILE, &limit);
}

} // namespace CommandLine
