#include "itstudent.h"
#include "studentgenerator.h"

#include <QSet>
#include <QTest>

#include <cmath>

using namespace Qt::StringLiterals;

class TestITStudent : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void sameSeedSameStudents();
    void differentSeedsDiffer();
    void recordDoesNotDependOnOrder();
    void everyFieldInRange();
    void averageAndVerdict_data();
    void averageAndVerdict();
};

void TestITStudent::sameSeedSameStudents()
{
    const StudentGenerator a(42);
    const StudentGenerator b(42);
    for (int record = 1; record <= 200; ++record)
        QCOMPARE(a.generate(record), b.generate(record));
}

void TestITStudent::differentSeedsDiffer()
{
    const StudentGenerator a(1);
    const StudentGenerator b(2);
    int same = 0;
    for (int record = 1; record <= 100; ++record)
        same += a.generate(record) == b.generate(record) ? 1 : 0;
    QCOMPARE(same, 0);
    // Neighbouring records of one seed differ too.
    QVERIFY(a.generate(1) != a.generate(2));
}

void TestITStudent::recordDoesNotDependOnOrder()
{
    const StudentGenerator generator(7);
    const ITStudent forward = generator.generate(500);
    for (int record = 1000; record > 0; record -= 37)
        generator.generate(record);
    QCOMPARE(generator.generate(500), forward);
}

void TestITStudent::everyFieldInRange()
{
    const StudentGenerator generator(2024);
    QSet<QString> programmesSeen;
    QSet<qsizetype> courseCountsSeen;
    QSet<QString> firstSeen;
    QSet<QString> lastSeen;
    double lowest = 100.0;
    double highest = 0.0;
    for (int record = 1; record <= 5000; ++record) {
        const ITStudent s = generator.generate(record);
        const QStringList parts = s.name.split(QLatin1Char(' '));
        QCOMPARE(parts.size(), 2);
        QVERIFY2(ITStudent::firstNames().contains(parts.at(0)), qPrintable(s.name));
        QVERIFY2(ITStudent::lastNames().contains(parts.at(1)), qPrintable(s.name));
        firstSeen.insert(parts.at(0));
        lastSeen.insert(parts.at(1));

        QCOMPARE(s.studentId.size(), 8);
        bool numeric = false;
        const int id = s.studentId.toInt(&numeric);
        QVERIFY(numeric);
        QVERIFY(id >= 10'000'000 && id <= 99'999'999);

        QVERIFY(ITStudent::programmes().contains(s.programme));
        programmesSeen.insert(s.programme);

        QVERIFY(s.courses.size() >= StudentGenerator::MinCourses);
        QVERIFY(s.courses.size() <= StudentGenerator::MaxCourses);
        courseCountsSeen.insert(s.courses.size());
        QSet<QString> names;
        for (const Course &course : s.courses) {
            QVERIFY(ITStudent::courseNames().contains(course.name));
            names.insert(course.name);
            QVERIFY(course.mark >= 30.0 && course.mark <= 100.0);
            // Rounded to two decimals.
            QVERIFY(std::abs(course.mark * 100.0 - std::round(course.mark * 100.0)) < 1e-6);
            lowest = qMin(lowest, course.mark);
            highest = qMax(highest, course.mark);
        }
        QCOMPARE(names.size(), s.courses.size()); // distinct courses
    }
    QCOMPARE(programmesSeen.size(), ITStudent::programmes().size());
    QCOMPARE(courseCountsSeen.size(), 4); // 4, 5, 6 and 7 all occur
    QCOMPARE(firstSeen.size(), ITStudent::firstNames().size());
    QCOMPARE(lastSeen.size(), ITStudent::lastNames().size());
    QVERIFY(lowest < 31.0); // the whole range is used
    QVERIFY(highest > 99.0);
}

void TestITStudent::averageAndVerdict_data()
{
    QTest::addColumn<QList<double>>("marks");
    QTest::addColumn<double>("average");
    QTest::addColumn<bool>("passed");
    QTest::addRow("all high") << QList<double> {90.0, 80.0, 70.0, 60.0} << 75.0 << true;
    QTest::addRow("exactly fifty passes") << QList<double> {40.0, 60.0, 50.0, 50.0} << 50.0 << true;
    QTest::addRow("just below") << QList<double> {49.99, 49.99, 49.99, 49.99} << 49.99 << false;
    QTest::addRow("seed file 6") << QList<double> {91.75, 91.58, 30.93, 78.77} << 73.2575 << true;
}

void TestITStudent::averageAndVerdict()
{
    QFETCH(QList<double>, marks);
    QFETCH(double, average);
    QFETCH(bool, passed);
    ITStudent student;
    for (const double mark : marks)
        student.courses.append(Course {u"Programming"_s, mark});
    QVERIFY(std::abs(student.average() - average) < 1e-9);
    QCOMPARE(student.passed(), passed);
    QCOMPARE(student.verdict(), passed ? u"PASS"_s : u"FAIL"_s);
}

QTEST_GUILESS_MAIN(TestITStudent)
#include "tst_itstudent.moc"
