#include "itstudent.h"

using namespace Qt::StringLiterals;

double ITStudent::average() const
{
    if (courses.isEmpty())
        return 0.0;
    double sum = 0.0;
    for (const Course &course : courses)
        sum += course.mark;
    return sum / double(courses.size());
}

QString ITStudent::verdict() const
{
    return passed() ? u"PASS"_s : u"FAIL"_s;
}

int ITStudent::programmeIndex() const
{
    return int(programmes().indexOf(programme));
}

const QStringList &ITStudent::firstNames()
{
    static const QStringList names = {
        u"John"_s,   u"Jane"_s,   u"Michael"_s, u"Sarah"_s,   u"David"_s,       u"Emma"_s,   u"James"_s,
        u"Olivia"_s, u"Robert"_s, u"Sophia"_s,  u"William"_s, u"Ava"_s,         u"Joseph"_s, u"Isabella"_s,
        u"Thomas"_s, u"Mia"_s,    u"Charles"_s, u"Abigail"_s, u"Christopher"_s, u"Emily"_s,
    };
    return names;
}

const QStringList &ITStudent::lastNames()
{
    static const QStringList names = {
        u"Smith"_s,     u"Johnson"_s, u"Williams"_s, u"Brown"_s,     u"Jones"_s,
        u"Garcia"_s,    u"Miller"_s,  u"Davis"_s,    u"Rodriguez"_s, u"Martinez"_s,
        u"Hernandez"_s, u"Lopez"_s,   u"Gonzalez"_s, u"Wilson"_s,    u"Anderson"_s,
        u"Thomas"_s,    u"Taylor"_s,  u"Moore"_s,    u"Jackson"_s,   u"Martin"_s,
    };
    return names;
}

const QStringList &ITStudent::programmes()
{
    static const QStringList names = {
        u"Computer Science"_s, u"Software Engineering"_s,  u"Information Technology"_s, u"Cybersecurity"_s,
        u"Data Science"_s,     u"AI & Machine Learning"_s, u"Computer Engineering"_s,
    };
    return names;
}

const QStringList &ITStudent::courseNames()
{
    static const QStringList names = {
        u"Programming"_s, u"Database"_s, u"Networking"_s,      u"Web Development"_s, u"Algorithms"_s,
        u"OS"_s,          u"Security"_s, u"Data Structures"_s, u"Cloud Computing"_s, u"Mobile Development"_s,
    };
    return names;
}
