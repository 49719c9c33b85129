#include "clienttablemodel.h"

#include "colorscheme.h"
#include "statisticspanel.h"
#include "translations.h"

#include <QFont>

using namespace Qt::StringLiterals;

namespace {

QString dash()
{
    return u"\u2013"_s;
}

QString count(qint64 value)
{
    return StatisticsPanel::formatCount(value);
}

QString roleLabel(NativeProtocol::Role role)
{
    return role == NativeProtocol::Role::Producer ? ClientTableModel::tr("Producer")
                                                  : ClientTableModel::tr("Consumer");
}

} // namespace

QString ClientTableModel::Row::name() const
{
    return roleText(role) + QLatin1Char(' ') + id;
}

QString ClientTableModel::Row::state() const
{
    if (!external)
        return run.state.isEmpty() ? BufferClient::describe(BufferClient::State::Idle) : run.state;
    if (!serverKnown)
        return QStringLiteral(QT_TRANSLATE_NOOP("BufferClient", "unknown"));
    if (server.legacy)
        return QStringLiteral(QT_TRANSLATE_NOOP("BufferClient", "original format"));
    return server.connected ? server.state
                            : QStringLiteral(QT_TRANSLATE_NOOP("BufferClient", "disconnected"));
}

bool ClientTableModel::Row::isFinished() const
{
    return !external
        && (run.state == BufferClient::describe(BufferClient::State::Done)
            || run.state == BufferClient::describe(BufferClient::State::Failed));
}

ClientTableModel::ClientTableModel(QObject *parent) : QAbstractTableModel(parent) { }

void ClientTableModel::clear()
{
    if (m_rows.isEmpty())
        return;
    beginResetModel();
    m_rows.clear();
    endResetModel();
}

int ClientTableModel::add(const Row &row)
{
    int index = int(m_rows.size());
    if (row.role == NativeProtocol::Role::Producer) {
        while (index > 0 && m_rows.at(index - 1).role == NativeProtocol::Role::Consumer)
            --index;
    }
    beginInsertRows({}, index, index);
    m_rows.insert(index, row);
    endInsertRows();
    return index;
}

void ClientTableModel::update(int row, const Row &value)
{
    if (row < 0 || row >= m_rows.size())
        return;
    Row &current = m_rows[row];
    int first = -1;
    int last = -1;
    for (int column = 0; column < ColumnCount; ++column) {
        if (text(current, column) != text(value, column)) {
            first = first < 0 ? column : first;
            last = column;
        }
    }
    const bool finishedChanged = current.isFinished() != value.isFinished();
    current = value;
    if (finishedChanged) {
        first = 0;
        last = ColumnCount - 1;
    }
    if (first >= 0)
        Q_EMIT dataChanged(index(row, first), index(row, last));
}

int ClientTableModel::find(NativeProtocol::Role role, const QString &id) const
{
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).role == role && m_rows.at(i).id == id)
            return i;
    }
    return -1;
}

LaneActivity ClientTableModel::activity(const QString &state)
{
    using State = BufferClient::State;
    if (state == BufferClient::describe(State::WaitingForRoom))
        return LaneActivity::WaitingForSlot;
    if (state == BufferClient::describe(State::WaitingForItem))
        return LaneActivity::WaitingForItem;
    if (state == BufferClient::describe(State::Sending) || state == BufferClient::describe(State::Processing))
        return LaneActivity::Working;
    if (state == BufferClient::describe(State::Sleeping))
        return LaneActivity::Sleeping;
    // Reconnecting after a lost connection: drawn like an interrupted worker, dashed.
    if (state == BufferClient::describe(State::Retrying))
        return LaneActivity::Paused;
    if (state == BufferClient::describe(State::Done) || state == BufferClient::describe(State::Failed)
        || state == u"disconnected"_s)
        return LaneActivity::Done;
    // Connected but not held back: the server cannot tell working from sleeping.
    return LaneActivity::Idle; // also idle, connecting
}

QString ClientTableModel::roleText(NativeProtocol::Role role)
{
    return role == NativeProtocol::Role::Producer ? u"Producer"_s : u"Consumer"_s;
}

int ClientTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ClientTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString ClientTableModel::text(const Row &row, int column) const
{
    const bool producer = row.role == NativeProtocol::Role::Producer;
    switch (column) {
    case IdColumn:
        return row.id;
    case RoleColumn:
        return row.external ? tr("%1 (external)").arg(roleLabel(row.role)) : roleLabel(row.role);
    case StateColumn:
        return Translations::display("BufferClient", row.state());
    case ItemsColumn:
        if (row.external) {
            if (!row.serverKnown)
                return dash();
            //: an external producer's count of items put, or a consumer's of items taken
            return producer ? tr("%1 put").arg(count(row.server.put))
                            : tr("%1 taken").arg(count(row.server.taken));
        }
        return count(row.run.done) + u" / "_s + count(row.run.total);
    case RetriesColumn:
        return row.external ? dash() : count(row.run.retries);
    case ReconnectsColumn:
        if (row.external)
            return row.serverKnown && !row.server.legacy
                ? QString::number(qMax(0, row.server.connections - 1))
                : dash();
        return QString::number(row.run.reconnects);
    case WaitsColumn:
        return row.serverKnown ? count(row.server.waits) : dash();
    case WaitColumn: {
        const double ms = row.external ? row.server.meanWaitMs() : row.run.meanWaitMs();
        const bool known = row.external ? row.serverKnown : row.run.requests > 0;
        return known ? QString::number(ms, 'f', ms < 10.0 ? 1 : 0) : dash();
    }
    case RateColumn: {
        double perSecond = row.run.itemsPerSecond();
        if (row.external) {
            const double connectedS = double(row.server.connectedNs) / 1e9;
            perSecond
                = connectedS > 0.0 ? double(producer ? row.server.put : row.server.acked) / connectedS : 0.0;
        }
        return row.external && !row.serverKnown ? dash()
                                                : QString::number(perSecond, 'f', perSecond < 10.0 ? 1 : 0);
    }
    case RedeliveredColumn:
        if (producer || !row.serverKnown)
            return dash();
        return row.server.returned > 0
            ? tr("%1 (gave back %2)").arg(row.server.redeliveries).arg(row.server.returned)
            : QString::number(row.server.redeliveries);
    default:
        break;
    }
    return {};
}

QVariant ClientTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return text(row, index.column());
    case Qt::DecorationRole:
        if (index.column() == StateColumn)
            return ColorScheme::laneFill(activity(row.state())).darker(110);
        break;
    case Qt::ForegroundRole:
        if (index.column() == StateColumn && !row.external
            && row.run.state == BufferClient::describe(BufferClient::State::Failed))
            return ColorScheme::failed();
        if (row.isFinished() || (row.external && row.state() == u"disconnected"_s))
            return QGuiApplication::palette().color(QPalette::PlaceholderText);
        break;
    case Qt::FontRole:
        if (row.external && index.column() == RoleColumn) {
            QFont font;
            font.setItalic(true);
            return font;
        }
        break;
    case Qt::TextAlignmentRole:
        if (index.column() >= ItemsColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        break;
    case Qt::ToolTipRole:
        if (index.column() == StateColumn && !row.run.error.isEmpty())
            return row.run.error;
        if (index.column() == RoleColumn && row.external)
            return tr("Joined from elsewhere (another terminal or machine): what the server knows about it");
        if (index.column() == WaitColumn && row.external)
            return tr("Mean time the server held a request back (buffer full or empty), in milliseconds");
        return headerData(index.column(), Qt::Horizontal, Qt::ToolTipRole);
    case ExternalRole:
        return row.external;
    case ClientRoleRole:
        return int(row.role);
    case FinishedRole:
        return row.isFinished();
    case ActivityRole:
        return int(activity(row.state()));
    default:
        break;
    }
    return {};
}

QVariant ClientTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::ToolTipRole) {
        switch (section) {
        case ItemsColumn:
            return tr("Items put (producers) or processed and acknowledged (consumers), of the total");
        case RetriesColumn:
            return tr("Original format only: requests repeated because the buffer was full or empty");
        case ReconnectsColumn:
            return tr("Times the connection was lost and made again");
        case WaitsColumn:
            return tr("Times the server held a request back because the buffer was full or empty");
        case WaitColumn:
            return tr("Mean time from sending a put or take to its answer, in milliseconds");
        case RateColumn:
            return tr("Items per second over the client's run");
        case RedeliveredColumn:
            return tr(
                "Consumers: items they got that another consumer had gone away with, unacknowledged; in "
                "brackets, items they gave back by going away themselves");
        default:
            break;
        }
    }
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case IdColumn:
        return tr("Id");
    case RoleColumn:
        return tr("Role");
    case StateColumn:
        return tr("State");
    case ItemsColumn:
        return tr("Items");
    case RetriesColumn:
        return tr("Retries");
    case ReconnectsColumn:
        return tr("Reconnects");
    case WaitsColumn:
        return tr("Waits");
    case WaitColumn:
        return tr("Mean wait (ms)");
    case RateColumn:
        return tr("Items/s");
    case RedeliveredColumn:
        return tr("Redelivered");
    }
    return {};
}
