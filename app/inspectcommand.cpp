#include "inspectcommand.h"

#include "commandline.h"
#include "safefile.h"
#include "studentxml.h"

#include <QFileInfo>

using namespace Qt::StringLiterals;

int runInspectCommand(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Print a student record written by BufferLab or the original program."_s);
    parser.addPositionalArgument(u"files"_s, u"ITStudent XML files (studentN.xml)."_s, u"FILE.xml..."_s);
    if (const auto exit = CommandLine::parse(parser, u"inspect"_s, arguments))
        return *exit;
    const QStringList files = parser.positionalArguments();
    if (files.isEmpty())
        return CommandLine::usageError(u"inspect"_s, u"name at least one XML file"_s);

    QTextStream &out = CommandLine::out();
    int exitCode = CommandLine::Success;
    for (const QString &file : files) {
        // Read here rather than through StudentXml::readFile(), so that every message names the
        // file by its absolute path ("bufferlab inspect: /home/ana/student6.xml: line 4: ...").
        const QString path = CommandLine::absolutePath(file);
        QString error;
        const std::optional<QByteArray> bytes = SafeFile::readRegular(path, StudentXml::MaxFileBytes, &error);
        const StudentXml::ReadResult result = bytes
            ? StudentXml::fromXml(*bytes, path)
            : StudentXml::ReadResult {{}, CommandLine::fileError(path, error)};
        if (!result.ok()) {
            out.flush();
            CommandLine::err() << "bufferlab inspect: " << result.error << '\n';
            CommandLine::err().flush();
            exitCode = CommandLine::Failure;
            continue;
        }
        const ITStudent &s = result.student;
        out << QFileInfo(file).fileName() << '\n'
            << "  Name:       " << s.name << '\n'
            << "  Student ID: " << s.studentId << '\n'
            << "  Programme:  " << s.programme << '\n'
            << "  Courses:\n";
        for (const Course &course : s.courses)
            out << "    " << course.name.leftJustified(20)
                << StudentXml::formatMark(course.mark).rightJustified(6) << '\n';
        out << "  Average:    " << QString::number(s.average(), 'f', 2) << '\n'
            << "  Result:     " << s.verdict() << '\n';
    }
    out.flush();
    return exitCode;
}
