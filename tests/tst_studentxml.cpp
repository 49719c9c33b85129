#include "studentgenerator.h"
#include "studentxml.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

class TestStudentXml : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void readsTheOriginalsFiles_data();
    void readsTheOriginalsFiles();
    void writesTheOriginalsBytes_data();
    void writesTheOriginalsBytes();
    void roundTrip();
    void escapesSpecialCharacters();
    void fileRoundTrip();
    void formatMark_data();
    void formatMark();
    void rejectsMalformed_data();
    void rejectsMalformed();
    void missingFileIsAnError();
};

static QString seedFile(const QString &name)
{
    return QStringLiteral(BUFFERLAB_TEST_DATA) + u"/seed-xml/"_s + name;
}

static QByteArray readAll(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

void TestStudentXml::readsTheOriginalsFiles_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("id");
    QTest::addColumn<QString>("programme");
    QTest::addColumn<int>("courses");
    QTest::addColumn<double>("average");
    QTest::addColumn<bool>("passed");
    QTest::addRow("student6") << u"student6.xml"_s << u"Abigail Garcia"_s << u"69742247"_s
                              << u"Data Science"_s << 4 << 73.2575 << true;
    QTest::addRow("student10") << u"student10.xml"_s << u"David Martin"_s << u"96890794"_s
                               << u"Computer Engineering"_s << 6 << 68.135 << true;
}

void TestStudentXml::readsTheOriginalsFiles()
{
    QFETCH(QString, file);
    QFETCH(QString, name);
    QFETCH(QString, id);
    QFETCH(QString, programme);
    QFETCH(int, courses);
    QFETCH(double, average);
    QFETCH(bool, passed);

    const StudentXml::ReadResult result = StudentXml::readFile(seedFile(file));
    QVERIFY2(result.ok(), qPrintable(result.error));
    QCOMPARE(result.student.name, name);
    QCOMPARE(result.student.studentId, id);
    QCOMPARE(result.student.programme, programme);
    QCOMPARE(result.student.courses.size(), courses);
    QVERIFY(qAbs(result.student.average() - average) < 1e-9);
    QCOMPARE(result.student.passed(), passed);
}

void TestStudentXml::writesTheOriginalsBytes_data()
{
    QTest::addColumn<QString>("file");
    QTest::addRow("student6") << u"student6.xml"_s;
    QTest::addRow("student10") << u"student10.xml"_s;
}

void TestStudentXml::writesTheOriginalsBytes()
{
    // Reading a file the original wrote and writing it again gives the very same bytes.
    QFETCH(QString, file);
    const QByteArray original = readAll(seedFile(file));
    QVERIFY(!original.isEmpty());
    const StudentXml::ReadResult result = StudentXml::fromXml(original, file);
    QVERIFY2(result.ok(), qPrintable(result.error));
    QCOMPARE(StudentXml::toXml(result.student), original);
}

void TestStudentXml::roundTrip()
{
    const StudentGenerator generator(99);
    for (int record = 1; record <= 500; ++record) {
        const ITStudent student = generator.generate(record);
        const StudentXml::ReadResult back = StudentXml::fromXml(StudentXml::toXml(student), u"mem"_s);
        QVERIFY2(back.ok(), qPrintable(back.error));
        QCOMPARE(back.student, student);
    }
}

void TestStudentXml::escapesSpecialCharacters()
{
    ITStudent student;
    student.name = u"Zoë <O'Brien> & \"Co\""_s;
    student.studentId = u"12345678"_s;
    student.programme = u"AI & Machine Learning"_s;
    student.courses = {Course {u"R&D \"Lab\""_s, 77.5}};
    const QByteArray xml = StudentXml::toXml(student);
    QVERIFY(xml.contains("<Programme>AI &amp; Machine Learning</Programme>"));
    QVERIFY(xml.contains("name=\"R&amp;D &quot;Lab&quot;\""));
    const StudentXml::ReadResult back = StudentXml::fromXml(xml, u"mem"_s);
    QVERIFY2(back.ok(), qPrintable(back.error));
    QCOMPARE(back.student, student);
}

void TestStudentXml::fileRoundTrip()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const ITStudent student = StudentGenerator(5).generate(3);
    const QString path = dir.filePath(StudentXml::fileName(3));
    QCOMPARE(StudentXml::writeFile(path, student), QString());
    QVERIFY(path.endsWith(u"/student3.xml"_s));
    const QByteArray bytes = readAll(path);
    QVERIFY(bytes.startsWith("<?xml version=\"1.0\" ?>\n<ITStudent>\n  <Name>"));
    const StudentXml::ReadResult back = StudentXml::readFile(path);
    QVERIFY2(back.ok(), qPrintable(back.error));
    QCOMPARE(back.student, student);
}

void TestStudentXml::formatMark_data()
{
    QTest::addColumn<double>("mark");
    QTest::addColumn<QString>("text");
    QTest::addRow("two decimals") << 91.75 << u"91.75"_s;
    QTest::addRow("one decimal") << 45.1 << u"45.1"_s;
    QTest::addRow("whole") << 50.0 << u"50.0"_s;
    QTest::addRow("hundred") << 100.0 << u"100.0"_s;
    QTest::addRow("thirty point oh one") << 30.01 << u"30.01"_s;
}

void TestStudentXml::formatMark()
{
    QFETCH(double, mark);
    QFETCH(QString, text);
    QCOMPARE(StudentXml::formatMark(mark), text);
}

void TestStudentXml::rejectsMalformed_data()
{
    QTest::addColumn<QByteArray>("xml");
    QTest::addColumn<QString>("expected"); // a part of the error message
    QTest::addColumn<int>("line"); // 0: no line expected

    const QByteArray head = "<?xml version=\"1.0\" ?>\n<ITStudent>\n";
    const QByteArray name = "  <Name>Jane Smith</Name>\n";
    const QByteArray id = "  <StudentID>12345678</StudentID>\n";
    const QByteArray programme = "  <Programme>Data Science</Programme>\n";
    const QByteArray courses = "  <Courses>\n    <Course name=\"OS\" mark=\"70.5\"/>\n  </Courses>\n";
    const QByteArray tail = "</ITStudent>\n";

    QTest::addRow("missing Name") << head + id + programme + courses + tail << u"no <Name>"_s << 2;
    QTest::addRow("empty Name") << head + "  <Name>  </Name>\n" + id + programme + courses + tail
                                << u"<Name> is empty"_s << 3;
    QTest::addRow("missing StudentID")
        << head + name + programme + courses + tail << u"no <StudentID>"_s << 2;
    QTest::addRow("empty StudentID") << head + name + "  <StudentID></StudentID>\n" + programme + courses
            + tail << u"<StudentID> is empty"_s
                                     << 4;
    QTest::addRow("missing Programme") << head + name + id + courses + tail << u"no <Programme>"_s << 2;
    QTest::addRow("empty Programme") << head + name + id + "  <Programme/>\n" + courses + tail
                                     << u"<Programme> is empty"_s << 5;
    QTest::addRow("missing Courses") << head + name + id + programme + tail << u"no <Courses>"_s << 2;
    QTest::addRow("no Course") << head + name + id + programme + "  <Courses>\n  </Courses>\n" + tail
                               << u"lists no <Course>"_s << 6;
    QTest::addRow("Course without name")
        << head + name + id + programme + "  <Courses>\n    <Course mark=\"70\"/>\n  </Courses>\n" + tail
        << u"<Course> has no name"_s << 7;
    QTest::addRow("Course without mark")
        << head + name + id + programme + "  <Courses>\n    <Course name=\"OS\"/>\n  </Courses>\n" + tail
        << u"course \"OS\" has no mark"_s << 7;
    QTest::addRow("mark not a number") << head + name + id + programme
            + "  <Courses>\n    <Course name=\"OS\" mark=\"seventy\"/>\n  </Courses>\n" + tail
                                       << u"\"seventy\", which is not a number"_s << 7;
    QTest::addRow("mark is nan") << head + name + id + programme
            + "  <Courses>\n    <Course name=\"OS\" mark=\"nan\"/>\n  </Courses>\n" + tail
                                 << u"not a number"_s << 7;
    QTest::addRow("mark out of range") << head + name + id + programme
            + "  <Courses>\n    <Course name=\"OS\" mark=\"170\"/>\n  </Courses>\n" + tail
                                       << u"outside 0 to 100"_s << 7;
    QTest::addRow("not well-formed") << head + name + "  <StudentID>1</Student>\n" + tail
                                     << u"not well-formed"_s << 4;
    QTest::addRow("empty file") << QByteArray() << u"not well-formed"_s << 0;
    QTest::addRow("wrong root") << QByteArray("<?xml version=\"1.0\" ?>\n<Student/>\n")
                                << u"expected <ITStudent>"_s << 2;
}

void TestStudentXml::rejectsMalformed()
{
    QFETCH(QByteArray, xml);
    QFETCH(QString, expected);
    QFETCH(int, line);
    const StudentXml::ReadResult result = StudentXml::fromXml(xml, u"student42.xml"_s);
    QVERIFY(!result.ok());
    QVERIFY2(result.error.startsWith(u"student42.xml: "_s), qPrintable(result.error));
    QVERIFY2(result.error.contains(expected), qPrintable(result.error));
    if (line > 0)
        QVERIFY2(result.error.contains(u"line %1:"_s.arg(line)), qPrintable(result.error));
}

void TestStudentXml::missingFileIsAnError()
{
    QTemporaryDir dir;
    const StudentXml::ReadResult result = StudentXml::readFile(dir.filePath(u"student1.xml"_s));
    QVERIFY(!result.ok());
    QVERIFY2(result.error.startsWith(u"student1.xml: cannot open"_s), qPrintable(result.error));
}

QTEST_GUILESS_MAIN(TestStudentXml)
#include "tst_studentxml.moc"
