#pragma once

#include "simulationconfig.h"

#include <QCommandLineParser>
#include <QHostAddress>
#include <QString>
#include <QTextStream>

#include <optional>

// Shared by the headless commands: exit codes, output streams, and option values that are
// checked before anything starts (a bad value is exit 2 with a message naming the option).
namespace CommandLine {

enum ExitCode {
    Success = 0,
    Failure = 1, // the command ran and something in its input was bad (inspect)
    UsageError = 2, // a bad option or value: nothing was started
    CheckerFired = 3, // the run lost or duplicated records, or deadlocked
    // The run finished, but records failed: their files could not be written (a full disk, a
    // directory gone or read-only) or read back (not a regular file, not valid). The summary and
    // the JSON say how many and why.
    RecordsFailed = 4
};

QTextStream &out();
QTextStream &err();

// Prints "bufferlab <command>: <message>" and a hint to --help on stderr; returns UsageError.
int usageError(const QString &command, const QString &message);

// Parses the arguments after the command name; handles --help. Returns an exit code to stop
// with, or nothing to go on.
std::optional<int> parse(QCommandLineParser &parser, const QString &command, const QStringList &arguments);

// An integer option in [min, max]; *error says what is wrong.
std::optional<qint64> intValue(const QCommandLineParser &parser, const QString &name, qint64 min, qint64 max,
                               QString *error);

// A number of seconds in [min, max] (a fraction allowed); *error names the option.
std::optional<double> secondsValue(const QCommandLineParser &parser, const QString &name, double min,
                                   double max, QString *error);

// Lets this process open at least `descriptors` files and sockets, as far as the hard limit
// allows (the usual soft limit, 1024, is below what a server with many clients needs).
void raiseFileLimit(int descriptors);

// --host for a server to listen on: an IP address, or a name resolved to its first address
// ("localhost"). *error says what is wrong.
std::optional<QHostAddress> hostValue(const QCommandLineParser &parser, QString *error);
// --host for a client: an IP address (v4 or v6) or a host name that resolves; returned as typed,
// for the socket to try each of its addresses. Nothing if the name does not resolve, and *error
// names the host and the resolver's reason.
std::optional<QString> clientHostValue(const QCommandLineParser &parser, QString *error);
// A file named on the command line, as an absolute path, for messages that must name it whole.
QString absolutePath(const QString &path);
// "PATH: reason" for what SafeFile or a parser said about a file ("cannot open (No such file or
// directory)" reads "No such file or directory").
QString fileError(const QString &path, const QString &error);
// --interval MIN-MAX in seconds.
std::optional<DelayRange> intervalValue(const QCommandLineParser &parser, QString *error);

// SIGINT and SIGTERM set a flag instead of killing the process, so a command can stop cleanly
// and still print its statistics. Poll interrupted() from a timer.
void installInterruptHandler();
bool interrupted();

} // namespace CommandLine
