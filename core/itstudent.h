#pragma once

#include <QList>
#include <QString>
#include <QStringList>

// One IT student record, the item that travels through every buffer in BufferLab.
// A plain value type: copied freely, compared in tests, written to and read from XML by StudentXml.
struct Course
{
    QString name;
    double mark = 0.0;

    friend bool operator==(const Course &, const Course &) = default;
};

class ITStudent
{
public:
    static constexpr double PassMark = 50.0;

    QString name;
    QString studentId;
    QString programme;
    QList<Course> courses;

    double average() const;
    bool passed() const { return average() >= PassMark; }
    QString verdict() const;

    // Index of the programme in programmes(), or -1 for one BufferLab does not know (files from elsewhere).
    int programmeIndex() const;

    static const QStringList &firstNames();
    static const QStringList &lastNames();
    static const QStringList &programmes();
    static const QStringList &courseNames();

    friend bool operator==(const ITStudent &, const ITStudent &) = default;
};
