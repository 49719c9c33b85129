#pragma once

#include "processedrecord.h"

#include <QAbstractTableModel>
#include <QList>

#include <vector>

// The processed students, one row per record a consumer handled: the student as read back from
// its XML file with average and verdict, or the error that kept it from being read. Rows arrive
// in one insertion per frame; past the limit the oldest rows go, a tenth at a time.
class StudentTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    static constexpr int DefaultLimit = 100'000;

    enum Column {
        NumberColumn,
        NameColumn,
        IdColumn,
        ProgrammeColumn,
        CoursesColumn,
        AverageColumn,
        ResultColumn,
        ColumnCount
    };
    // What the sort proxy compares: numbers as numbers.
    static constexpr int SortRole = Qt::UserRole + 1;

    struct Row
    {
        int record = -1;
        QString name;
        QString studentId;
        QString programme;
        int programmeIndex = -1;
        QString courses; // "Programming 70.5, OS 45.1"
        QList<Course> courseList; // the same with exact marks, for the record card
        int consumer = -1; // worker index of the consumer that handled it
        double average = 0.0;
        bool passed = false;
        QString error; // non-empty: the record could not be read or validated
    };

    explicit StudentTableModel(QObject *parent = nullptr);

    static Row rowFor(const ProcessedRecord &record);
    static QString coursesText(const QList<Course> &courses);

    void append(const std::vector<ProcessedRecord> &records);
    void clear();
    int limit() const { return m_limit; }
    void setLimit(int limit);
    const Row &row(int index) const { return m_rows.at(index); }
    // The row of a record (the newest if it was handled twice), or -1.
    int rowOf(int record) const;
    // A row's student as a consumer read it back; for rows without an error.
    static ITStudent student(const Row &row);
    // "PASS", "FAIL" or "ERROR".
    static QString result(const Row &row);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    void dropOldest(qsizetype count);

    QList<Row> m_rows;
    int m_limit = DefaultLimit;
};
