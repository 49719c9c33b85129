#pragma once

#include "bufferclient.h"
#include "laneactivity.h"
#include "nativeprotocol.h"
#include "serverstatistics.h"

#include <QAbstractTableModel>
#include <QList>

// The Network tab's client list: one row per producer or consumer of the run, live while it goes
// and its per-client statistics once it ends. Clients the tab started show their own numbers
// (state, items done of total, retries, reconnects, mean wait, items per second) and the server's
// (times held back, redeliveries); clients that joined from elsewhere (another terminal, another
// machine) show what the server knows about them and are marked external. Rows are only ever
// added or updated in place, so a selection stays on its client while the numbers change.
class ClientTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        IdColumn,
        RoleColumn,
        StateColumn,
        ItemsColumn,
        RetriesColumn,
        ReconnectsColumn,
        WaitsColumn,
        WaitColumn,
        RateColumn,
        RedeliveredColumn,
        ColumnCount
    };

    enum Role {
        ExternalRole = Qt::UserRole + 1, // bool: joined from elsewhere
        ClientRoleRole, // int: NativeProtocol::Role
        FinishedRole, // bool: a client of this tab that is done or failed
        ActivityRole, // int: LaneActivity of the state
    };

    struct Row
    {
        QString id;
        NativeProtocol::Role role = NativeProtocol::Role::Producer;
        bool external = false;
        ClientRunStatistics run; // this tab's clients: their own numbers
        ClientStatistics server; // what the server knows, once it does
        bool serverKnown = false;

        QString name() const; // "Producer 1"
        QString state() const; // "waiting for room", "connected", "disconnected", ...
        bool isFinished() const;
    };

    explicit ClientTableModel(QObject *parent = nullptr);

    void clear();
    // Producers first, then consumers, each in the order they came; returns the new row's index.
    int add(const Row &row);
    // Reports the cells that changed, if any.
    void update(int row, const Row &value);
    // -1 if no row is this client.
    int find(NativeProtocol::Role role, const QString &id) const;
    const Row &row(int row) const { return m_rows.at(row); }
    const QList<Row> &rows() const { return m_rows; }

    // The colour category of a state as clients and the server word it ("waiting for room").
    static LaneActivity activity(const QString &state);
    static QString roleText(NativeProtocol::Role role); // "Producer"

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QString text(const Row &row, int column) const;

    QList<Row> m_rows;
};
