#include "studentxml.h"

#include <QDomDocument>
#include <QFile>
#include <QFileInfo>

#include <cmath>

using namespace Qt::StringLiterals;

namespace {

void appendEscaped(QByteArray &out, const QString &text, bool attribute)
{
    const QByteArray utf8 = text.toUtf8();
    for (const char c : utf8) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            if (attribute)
                out += "&quot;";
            else
                out += c;
            break;
        default:
            out += c;
        }
    }
}

QString where(const QString &source, int line)
{
    return line > 0 ? u"%1: line %2: "_s.arg(source).arg(line) : source + u": "_s;
}

QString requiredText(const QDomElement &root, const QString &tag, const QString &source, QString *error)
{
    const QDomElement element = root.firstChildElement(tag);
    if (element.isNull()) {
        *error = where(source, root.lineNumber()) + u"<ITStudent> has no <%1> element"_s.arg(tag);
        return {};
    }
    const QString text = element.text().trimmed();
    if (text.isEmpty())
        *error = where(source, element.lineNumber()) + u"<%1> is empty"_s.arg(tag);
    return text;
}

} // namespace

QString StudentXml::formatMark(double mark)
{
    // Shortest round-trip form, with ".0" for whole numbers, exactly like Python's repr of a float.
    QString text = QString::number(mark, 'g', QLocale::FloatingPointShortest);
    if (!text.contains(QLatin1Char('.')) && !text.contains(QLatin1Char('e')))
        text += u".0"_s;
    return text;
}

QString StudentXml::fileName(qint64 recordNumber)
{
    return u"student%1.xml"_s.arg(recordNumber);
}

QByteArray StudentXml::toXml(const ITStudent &student)
{
    QByteArray out;
    out.reserve(160 + 64 * student.courses.size());
    out += "<?xml version=\"1.0\" ?>\n<ITStudent>\n  <Name>";
    appendEscaped(out, student.name, false);
    out += "</Name>\n  <StudentID>";
    appendEscaped(out, student.studentId, false);
    out += "</StudentID>\n  <Programme>";
    appendEscaped(out, student.programme, false);
    out += "</Programme>\n  <Courses>\n";
    for (const Course &course : student.courses) {
        out += "    <Course name=\"";
        appendEscaped(out, course.name, true);
        out += "\" mark=\"";
        out += formatMark(course.mark).toLatin1();
        out += "\"/>\n";
    }
    out += "  </Courses>\n</ITStudent>\n";
    return out;
}

StudentXml::ReadResult StudentXml::fromXml(const QByteArray &xml, const QString &sourceName)
{
    ReadResult result;
    QDomDocument document;
    QString parseError;
    int line = 0;
    int column = 0;
    if (!document.setContent(xml, &parseError, &line, &column)) {
        result.error = where(sourceName, line) + u"not well-formed XML (%1)"_s.arg(parseError);
        return result;
    }
    const QDomElement root = document.documentElement();
    if (root.tagName() != u"ITStudent"_s) {
        result.error = where(sourceName, root.lineNumber())
            + u"the root element is <%1>, expected <ITStudent>"_s.arg(root.tagName());
        return result;
    }

    ITStudent &student = result.student;
    QString error;
    student.name = requiredText(root, u"Name"_s, sourceName, &error);
    if (error.isEmpty())
        student.studentId = requiredText(root, u"StudentID"_s, sourceName, &error);
    if (error.isEmpty())
        student.programme = requiredText(root, u"Programme"_s, sourceName, &error);
    if (!error.isEmpty()) {
        result.error = error;
        return result;
    }

    const QDomElement courses = root.firstChildElement(u"Courses"_s);
    if (courses.isNull()) {
        result.error = where(sourceName, root.lineNumber()) + u"<ITStudent> has no <Courses> element"_s;
        return result;
    }
    for (QDomElement course = courses.firstChildElement(u"Course"_s); !course.isNull();
         course = course.nextSiblingElement(u"Course"_s)) {
        const int courseLine = course.lineNumber();
        if (!course.hasAttribute(u"name"_s) || course.attribute(u"name"_s).trimmed().isEmpty()) {
            result.error = where(sourceName, courseLine) + u"<Course> has no name"_s;
            return result;
        }
        const QString name = course.attribute(u"name"_s).trimmed();
        if (!course.hasAttribute(u"mark"_s)) {
            result.error = where(sourceName, courseLine) + u"course \"%1\" has no mark"_s.arg(name);
            return result;
        }
        const QString markText = course.attribute(u"mark"_s).trimmed();
        bool isNumber = false;
        const double mark = markText.toDouble(&isNumber);
        if (!isNumber || !std::isfinite(mark)) {
            result.error = where(sourceName, courseLine)
                + u"course \"%1\" has mark \"%2\", which is not a number"_s.arg(name, markText);
            return result;
        }
        if (mark < 0.0 || mark > 100.0) {
            result.error = where(sourceName, courseLine)
                + u"course \"%1\" has mark %2, outside 0 to 100"_s.arg(name, markText);
            return result;
        }
        student.courses.append(Course {name, mark});
    }
    if (student.courses.isEmpty())
        result.error = where(sourceName, courses.lineNumber()) + u"<Courses> lists no <Course>"_s;
    return result;
}

StudentXml::ReadResult StudentXml::readFile(const QString &path)
{
    QFile file(path);
    const QString source = QFileInfo(path).fileName();
    if (!file.open(QIODevice::ReadOnly)) {
        ReadResult result;
        result.error = u"%1: cannot open (%2)"_s.arg(source, file.errorString());
        return result;
    }
    return fromXml(file.readAll(), source);
}

QString StudentXml::writeFile(const QString &path, const ITStudent &student)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return u"%1: cannot write (%2)"_s.arg(QFileInfo(path).fileName(), file.errorString());
    const QByteArray xml = toXml(student);
    if (file.write(xml) != xml.size())
        return u"%1: write failed (%2)"_s.arg(QFileInfo(path).fileName(), file.errorString());
    return {};
}
