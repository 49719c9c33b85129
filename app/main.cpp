#include "clientcommand.h"
#include "commandline.h"
#include "explorecommand.h"
#include "inspectcommand.h"
#include "launchcommand.h"
#include "mainwindow.h"
#include "safefile.h"
#include "servercommand.h"
#include "simulatecommand.h"
#include "theme.h"
#include "translations.h"

#include <QApplication>
#include <QLocale>

using namespace Qt::StringLiterals;

namespace {

void printUsage()
{
    CommandLine::out()
        << "Usage: bufferlab [COMMAND] [OPTIONS]\n"
           "\n"
           "BufferLab shows the producer-consumer (bounded buffer) problem at work.\n"
           "Without a command it opens the window; 'bufferlab FILE.blscenario' opens it with that\n"
           "scenario's settings loaded. Qt's own options (-style, -platform, -reverse, ...) may come\n"
           "before or after the scenario file.\n"
           "\n"
           "Commands:\n"
           "  simulate   run a threads simulation headless and print its log and statistics\n"
           "  inspect    print a studentN.xml record with its average and PASS/FAIL\n"
           "  server     run the buffer as a TCP server (BufferLab's protocol and the original's)\n"
           "  producer   a client that puts student records into a server's buffer\n"
           "  consumer   a client that takes records out, grades and acknowledges them\n"
           "  launch     a server and producer and consumer clients, with final statistics\n"
           "  explore    try every interleaving of a strategy's threads; the shortest error, if any\n"
           "\n"
           "Options:\n"
           "  -h, --help      show this help ('bufferlab COMMAND --help' for a command's options)\n"
           "  -v, --version   show the version\n";
    CommandLine::out().flush();
}

// What QApplication left of the arguments once it took its own options (-style Fusion, -reverse):
// nothing, or one scenario file that can be read. Anything else is an error, said before the window
// opens; what is wrong inside a scenario is said in the window.
QString windowScenario(const QStringList &arguments, QString *error)
{
    const QStringList rest = arguments.mid(1); // [0] is the program
    for (const QString &argument : rest) {
        if (argument.startsWith(QLatin1Char('-'))) {
            *error = u"unknown option \"%1\" (see 'bufferlab --help')"_s.arg(argument);
            return {};
        }
    }
    if (rest.isEmpty())
        return {};
    const QString extra = rest.size() > 1 ? rest.at(1) : rest.first();
    if (rest.size() > 1 || !extra.endsWith(u".blscenario"_s, Qt::CaseInsensitive)) {
        *error = u"unexpected argument \"%1\": the window opens at most one FILE.blscenario"_s.arg(extra);
        return {};
    }
    const QString path = CommandLine::absolutePath(rest.first());
    if (!SafeFile::readRegular(path, SafeFile::DefaultMaxBytes, error)) {
        *error = CommandLine::fileError(path, *error);
        return {};
    }
    return path;
}

} // namespace

int main(int argc, char *argv[])
{
    // The settings stay in ~/.config/BufferLab/bufferlab.conf; the domain names them on other systems.
    QCoreApplication::setOrganizationName(u"BufferLab"_s);
    QCoreApplication::setOrganizationDomain(u"bufferlab.org"_s);
    QCoreApplication::setApplicationName(u"bufferlab"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(BUFFERLAB_VERSION));

    const QString command = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QString();
    const bool helpOrVersion
        = command == u"-h"_s || command == u"--help"_s || command == u"-v"_s || command == u"--version"_s;
    // A scenario handed out by a teacher, opened from a file manager or a terminal.
    const bool scenario = command.endsWith(u".blscenario"_s, Qt::CaseInsensitive);
    if (command.isEmpty() || scenario || (command.startsWith(QLatin1Char('-')) && !helpOrVersion)) {
        // No command: the GUI. QApplication takes Qt's own options (-platform, -style) out of argv.
        QApplication app(argc, argv);
        QString error;
        const QString scenarioPath = windowScenario(QCoreApplication::arguments(), &error);
        if (!error.isEmpty()) {
            CommandLine::err() << "bufferlab: " << error << '\n';
            CommandLine::err().flush();
            return CommandLine::UsageError;
        }
        Translations::install(&app, QLocale()); // the window only: the commands' output stays English
        QApplication::setApplicationDisplayName(u"BufferLab"_s);
        // Ties the window to the installed org.bufferlab.BufferLab.desktop (its icon and name in a
        // Wayland task bar, and the application id of its startup notification).
        QGuiApplication::setDesktopFileName(u"org.bufferlab.BufferLab"_s);
        Theme::applySaved();
        MainWindow window;
        window.show();
        if (!scenarioPath.isEmpty()) // what is wrong with it, if anything, is said in a message box
            window.openScenarioFile(scenarioPath);
        return QApplication::exec();
    }

    QCoreApplication app(argc, argv);
    QStringList arguments = QCoreApplication::arguments();
    arguments.removeAt(1); // the command; the parser sees "bufferlab --option ..."
    if (command == u"-h"_s || command == u"--help"_s || command == u"help"_s) {
        printUsage();
        return CommandLine::Success;
    }
    if (command == u"-v"_s || command == u"--version"_s) {
        CommandLine::out() << "bufferlab " << QCoreApplication::applicationVersion() << '\n';
        CommandLine::out().flush();
        return CommandLine::Success;
    }
    if (command == u"simulate"_s)
        return runSimulateCommand(arguments);
    if (command == u"inspect"_s)
        return runInspectCommand(arguments);
    if (command == u"server"_s)
        return runServerCommand(arguments);
    if (command == u"producer"_s)
        return runClientCommand(NativeProtocol::Role::Producer, arguments);
    if (command == u"consumer"_s)
        return runClientCommand(NativeProtocol::Role::Consumer, arguments);
    if (command == u"launch"_s)
        return runLaunchCommand(arguments);
    if (command == u"explore"_s)
        return runExploreCommand(arguments);
    CommandLine::err() << "bufferlab: unknown command \"" << command << "\"\n";
    CommandLine::err().flush();
    printUsage();
    return CommandLine::UsageError;
}
