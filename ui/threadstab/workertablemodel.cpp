#include "workertablemodel.h"

#include "colorscheme.h"
#include "laneactivity.h"
#include "translations.h"

using namespace Qt::StringLiterals;

WorkerTableModel::WorkerTableModel(QObject *parent) : QAbstractTableModel(parent) { }

void WorkerTableModel::setWorkers(const QList<WorkerStatistics> &workers)
{
    beginResetModel();
    m_workers = workers;
    endResetModel();
}

void WorkerTableModel::clear()
{
    setWorkers({});
}

void WorkerTableModel::applyEvents(const std::vector<JournalEvent> &events)
{
    QList<bool> changed(m_workers.size(), false);
    for (const JournalEvent &event : events) {
        if (event.kind != JournalEvent::Kind::StateChanged || event.worker < 0
            || event.worker >= m_workers.size())
            continue;
        WorkerStatistics &worker = m_workers[event.worker];
        if (worker.state != event.state) {
            worker.state = event.state;
            changed[event.worker] = true;
        }
    }
    rowsChanged(changed, StateColumn, StateColumn);
}

void WorkerTableModel::updateStatistics(const QList<WorkerStatistics> &workers)
{
    QList<bool> changed(m_workers.size(), false);
    for (qsizetype i = 0; i < workers.size() && i < m_workers.size(); ++i) {
        WorkerStatistics &row = m_workers[i];
        const WorkerStatistics &now = workers.at(i);
        // The journal is the fresher source for the state while a run goes on; a finished
        // worker's last word is Done either way.
        const bool done = now.state == WorkerState::Done && row.state != WorkerState::Done;
        if (row.items != now.items || row.blockedNs != now.blockedNs || done) {
            const WorkerState state = done ? WorkerState::Done : row.state;
            row = now;
            row.state = state;
            changed[i] = true;
        }
    }
    rowsChanged(changed, StateColumn, BlockedColumn);
}

void WorkerTableModel::rowsChanged(const QList<bool> &changed, int firstColumn, int lastColumn)
{
    for (int row = 0; row < changed.size(); ++row) {
        if (changed.at(row))
            Q_EMIT dataChanged(index(row, firstColumn), index(row, lastColumn));
    }
}

int WorkerTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_workers.size());
}

int WorkerTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant WorkerTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const WorkerStatistics &worker = m_workers.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case WorkerColumn:
            return worker.name;
        case StateColumn:
            return Translations::display("WorkerState", describe(worker.state));
        case ItemsColumn:
            return worker.items;
        case BlockedColumn:
            return QString::number(double(worker.blockedNs) / 1e9, 'f', 2);
        }
        break;
    case Qt::DecorationRole:
        if (index.column() == StateColumn)
            return ColorScheme::laneFill(laneActivity(worker.state)).darker(110);
        break;
    case Qt::TextAlignmentRole:
        if (index.column() == ItemsColumn || index.column() == BlockedColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        break;
    case Qt::ToolTipRole:
        if (index.column() == ItemsColumn)
            return worker.role == WorkerRole::Producer ? tr("Records inserted into the buffer")
                                                       : tr("Records removed from the buffer and processed");
        if (index.column() == BlockedColumn)
            return tr("Seconds spent waiting for a free slot, an item or the lock");
        break;
    default:
        break;
    }
    return {};
}

QVariant WorkerTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case WorkerColumn:
        return tr("Worker");
    case StateColumn:
        return tr("State");
    case ItemsColumn:
        return tr("Items");
    case BlockedColumn:
        return tr("Blocked (s)");
    }
    return {};
}
