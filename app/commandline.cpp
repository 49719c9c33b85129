#include "commandline.h"

#include <cstdio>

using namespace Qt::StringLiterals;

namespace CommandLine {

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

} // namespace CommandLine
