#include "studenttablemodel.h"

#include "colorscheme.h"

#include <QBrush>

using namespace Qt::StringLiterals;

StudentTableModel::StudentTableModel(QObject *parent) : QAbstractTableModel(parent) { }

QString StudentTableModel::coursesText(const QList<Course> &courses)
{
    QStringList parts;
    parts.reserve(courses.size());
    for (const Course &course : courses)
        parts.append(course.name + QLatin1Char(' ') + QString::number(course.mark, 'f', 1));
    return parts.join(u", "_s);
}

StudentTableModel::Row StudentTableModel::rowFor(const ProcessedRecord &record)
{
    Row row;
    row.record = record.record;
    row.consumer = record.consumer;
    if (!record.ok()) {
        row.error = record.error;
        return row;
    }
    const ITStudent &student = record.student;
    row.name = student.name;
    row.studentId = student.studentId;
    row.programme = student.programme;
    row.programmeIndex = student.programmeIndex();
    row.courses = coursesText(student.courses);
    row.courseList = student.courses;
    row.average = student.average();
    row.passed = student.passed();
    return row;
}

int StudentTableModel::rowOf(int record) const
{
    for (qsizetype i = m_rows.size() - 1; i >= 0; --i) {
        if (m_rows.at(i).record == record)
            return int(i);
    }
    return -1;
}

ITStudent StudentTableModel::student(const Row &row)
{
    ITStudent student;
    student.name = row.name;
    student.studentId = row.studentId;
    student.programme = row.programme;
    student.courses = row.courseList;
    return student;
}

QString StudentTableModel::result(const Row &row)
{
    if (!row.error.isEmpty())
        return tr("ERROR");
    return row.passed ? tr("PASS") : tr("FAIL");
}

void StudentTableModel::append(const std::vector<ProcessedRecord> &records)
{
    if (records.empty())
        return;
    const qsizetype incoming = qMin<qsizetype>(qsizetype(records.size()), m_limit);
    const qsizetype excess = m_rows.size() + incoming - m_limit;
    if (excess > 0)
        dropOldest(qMin(m_rows.size(), qMax(excess, qsizetype(m_limit / 10))));
    const int first = int(m_rows.size());
    beginInsertRows({}, first, first + int(incoming) - 1);
    for (auto it = records.cend() - incoming; it != records.cend(); ++it)
        m_rows.append(rowFor(*it));
    endInsertRows();
}

void StudentTableModel::dropOldest(qsizetype count)
{
    if (count <= 0)
        return;
    beginRemoveRows({}, 0, int(count) - 1);
    m_rows.remove(0, count);
    endRemoveRows();
}

void StudentTableModel::clear()
{
    beginResetModel();
    m_rows.clear();
    endResetModel();
}

void StudentTableModel::setLimit(int limit)
{
    m_limit = qMax(1, limit);
    if (m_rows.size() > m_limit)
        dropOldest(m_rows.size() - m_limit);
}

int StudentTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int StudentTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant StudentTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    const bool error = !row.error.isEmpty();
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NumberColumn:
            return row.record;
        case NameColumn:
            return error ? row.error : row.name;
        case IdColumn:
            return row.studentId;
        case ProgrammeColumn:
            return row.programme;
        case CoursesColumn:
            return row.courses;
        case AverageColumn:
            return error ? QString() : QString::number(row.average, 'f', 2);
        case ResultColumn:
            return result(row);
        }
        break;
    case SortRole:
        switch (index.column()) {
        case NumberColumn:
            return row.record;
        case AverageColumn:
            return error ? -1.0 : row.average;
        case ResultColumn:
            return error ? 0 : (row.passed ? 2 : 1);
        case NameColumn:
            return error ? row.error : row.name;
        case IdColumn:
            return row.studentId;
        case ProgrammeColumn:
            return row.programme;
        case CoursesColumn:
            return row.courses;
        }
        break;
    case Qt::ForegroundRole:
        if (error && (index.column() == NameColumn || index.column() == ResultColumn))
            return QBrush(ColorScheme::failed());
        if (index.column() == ResultColumn)
            return QBrush(row.passed ? ColorScheme::passed() : ColorScheme::failed());
        break;
    case Qt::DecorationRole:
        if (index.column() == ProgrammeColumn && !error)
            return ColorScheme::programme(row.programmeIndex);
        break;
    case Qt::TextAlignmentRole:
        if (index.column() == NumberColumn || index.column() == AverageColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        if (index.column() == ResultColumn)
            return QVariant::fromValue(Qt::AlignCenter);
        break;
    case Qt::ToolTipRole:
        if (error)
            return row.error;
        if (index.column() == CoursesColumn)
            return row.courses;
        break;
    default:
        break;
    }
    return {};
}

QVariant StudentTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NumberColumn:
        return u"#"_s;
    case NameColumn:
        return tr("Name");
    case IdColumn:
        return tr("Student ID");
    case ProgrammeColumn:
        return tr("Programme");
    case CoursesColumn:
        return tr("Courses");
    case AverageColumn:
        return tr("Average");
    case ResultColumn:
        return tr("Result");
    }
    return {};
}
