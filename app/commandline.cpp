#include "commandline.h"

#include <QFileInfo>
#include <QHostInfo>

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

namespace {

// The addresses of a name, or nothing and *error. An address typed as one is not looked up.
std::optional<QList<QHostAddress>> resolve(const QString &text, QString *error)
{
    if (text.isEmpty()) {
        *error = u"--host: an empty host name"_s;
        return std::nullopt;
    }
    if (QHostAddress address; address.setAddress(text))
        return QList<QHostAddress> {address};
    if (text == u"localhost"_s) // never a question for the resolver, whatever /etc/hosts says
        return QList<QHostAddress> {QHostAddress(QHostAddress::LocalHost)};
    // Blocking, but before anything starts; the resolver has its own timeouts.
    const QHostInfo info = QHostInfo::fromName(text);
    if (info.error() != QHostInfo::NoError || info.addresses().isEmpty()) {
        *error = u"--host: cannot resolve \"%1\" (%2)"_s.arg(
            text, info.error() == QHostInfo::NoError ? u"no address"_s : info.errorString());
        return std::nullopt;
    }
    return info.addresses();
}

} // namespace

std::optional<QHostAddress> hostValue(const QCommandLineParser &parser, QString *error)
{
    const auto addresses = resolve(parser.value(u"host"_s).trimmed(), error);
    if (!addresses)
        return std::nullopt;
    return addresses->first();
}

std::optional<QString> clientHostValue(const QCommandLineParser &parser, QString *error)
{
    const QString text = parser.value(u"host"_s).trimmed();
    if (!resolve(text, error))
        return std::nullopt;
    return text;
}

QString absolutePath(const QString &path)
{
    return path.isEmpty() ? path : QFileInfo(path).absoluteFilePath();
}

QString fileError(const QString &path, const QString &error)
{
    static const QString openFailed = u"cannot open ("_s;
    const QString why = error.startsWith(openFailed) && error.endsWith(u')')
        ? error.mid(openFailed.size()).chopped(1)
        : error;
    return absolutePath(path) + u": "_s + why;
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
