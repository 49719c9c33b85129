#pragma once

#include "itstudent.h"

#include <QByteArray>
#include <QString>

// Reads and writes the original program's XML schema, one record per file:
//
//   <?xml version="1.0" ?>
//   <ITStudent>
//     <Name>Abigail Garcia</Name>
//     <StudentID>69742247</StudentID>
//     <Programme>Data Science</Programme>
//     <Courses>
//       <Course name="Networking" mark="91.75"/>
//     </Courses>
//   </ITStudent>
//
// The output is byte-for-byte what the original's minidom pretty-printer writes, so files move
// both ways. Reading validates every field and explains what is wrong, naming file and line.
class StudentXml
{
public:
    struct ReadResult
    {
        ITStudent student;
        QString error; // empty when the record is valid

        bool ok() const { return error.isEmpty(); }
    };

    static QByteArray toXml(const ITStudent &student);
    // Parses XML text. sourceName names the origin (a file name) in error messages.
    static ReadResult fromXml(const QByteArray &xml, const QString &sourceName);

    // A record is a few hundred bytes; anything larger than this is not one.
    static constexpr qint64 MaxFileBytes = 1 << 20;

    // Reads a regular file only (see SafeFile): a link, a FIFO, a directory or a file over
    // MaxFileBytes is an error naming the file ("student4.xml: not a regular file (a FIFO)").
    static ReadResult readFile(const QString &path);
    // Writes a new file, replacing (never following) whatever entry has the name. Returns an empty
    // string on success, else the file and the system's reason ("student7.xml: cannot write (No
    // space left on device)").
    static QString writeFile(const QString &path, const ITStudent &student);

    static QString fileName(qint64 recordNumber);
    // Marks formatted as Python's str(float) does: 91.75, 50.0, 45.1.
    static QString formatMark(double mark);
};
