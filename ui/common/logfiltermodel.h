#pragma once

#include <QSortFilterProxyModel>

// Shows the log lines of one source (a worker, a client), or all of them: what the
// "All workers / Producer 1 / ..." combo above the log selects.
class LogFilterModel : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    static constexpr int AllSources = -2; // -1 is a real source: the owner itself

    explicit LogFilterModel(QObject *parent = nullptr);

    int source() const { return m_source; }
    void setSource(int source);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    int m_source = AllSources;
};
