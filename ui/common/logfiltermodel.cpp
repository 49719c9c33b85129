#include "logfiltermodel.h"

#include "logmodel.h"

LogFilterModel::LogFilterModel(QObject *parent) : QSortFilterProxyModel(parent) { }

void LogFilterModel::setSource(int source)
{
    if (source == m_source)
        return;
    m_source = source;
    invalidateRowsFilter();
}

bool LogFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (m_source == AllSources)
        return true;
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    return index.data(LogModel::SourceRole).toInt() == m_source;
}
