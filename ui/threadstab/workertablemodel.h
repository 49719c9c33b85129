#pragma once

#include "journal.h"
#include "worker.h"

#include <QAbstractTableModel>
#include <QList>

#include <vector>

// The worker list: one row per producer and consumer with its state in words, the items it
// handled and the time it spent blocked. States come from the journal each frame, counts from
// the simulation's statistics a few times a second; only rows that changed are reported.
class WorkerTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { WorkerColumn, StateColumn, ItemsColumn, BlockedColumn, ColumnCount };

    explicit WorkerTableModel(QObject *parent = nullptr);

    // One row per entry, in the journal's worker order.
    void setWorkers(const QList<WorkerStatistics> &workers);
    void clear();
    void applyEvents(const std::vector<JournalEvent> &events);
    // Items and blocked time (and state, for workers whose events were all drained already).
    void updateStatistics(const QList<WorkerStatistics> &workers);
    const WorkerStatistics &worker(int row) const { return m_workers.at(row); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    void rowsChanged(const QList<bool> &changed, int firstColumn, int lastColumn);

    QList<WorkerStatistics> m_workers;
};
