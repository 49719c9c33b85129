#include "clienttablemodel.h"
#include "colorscheme.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using Role = NativeProtocol::Role;

namespace {

ClientTableModel::Row ownRow(Role role, const QString &id, const QString &state, int done, int total)
{
    ClientTableModel::Row row;
    row.id = id;
    row.role = role;
    row.run.id = id;
    row.run.role = NativeProtocol::roleName(role);
    row.run.state = state;
    row.run.done = done;
    row.run.total = total;
    return row;
}

ClientTableModel::Row externalRow(Role role, const QString &id, bool connected, qint64 moved)
{
    ClientTableModel::Row row;
    row.id = id;
    row.role = role;
    row.external = true;
    row.serverKnown = true;
    row.server.id = id;
    row.server.role = NativeProtocol::roleName(role);
    row.server.connected = connected;
    row.server.state = connected ? u"connected"_s : u"disconnected"_s;
    row.server.connections = 3;
    (role == Role::Producer ? row.server.put : row.server.taken) = moved;
    return row;
}

QString cell(const ClientTableModel &model, int row, int column)
{
    return model.index(row, column).data().toString();
}

} // namespace

class TestClientTableModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void columns();
    void ownClients();
    void externalClients();
    void updatesReportOnlyWhatChanged();
    void activityOfEveryState_data();
    void activityOfEveryState();
    void producersComeFirst();
    void findAndClear();
};

void TestClientTableModel::columns()
{
    ClientTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.columnCount(), int(ClientTableModel::ColumnCount));
    QCOMPARE(model.rowCount(), 0);
    QStringList headers;
    for (int column = 0; column < model.columnCount(); ++column)
        headers.append(model.headerData(column, Qt::Horizontal).toString());
    QCOMPARE(headers,
             QStringList({u"Id"_s, u"Role"_s, u"State"_s, u"Items"_s, u"Retries"_s, u"Reconnects"_s,
                          u"Waits"_s, u"Mean wait (ms)"_s, u"Items/s"_s, u"Redelivered"_s}));
    for (int column = ClientTableModel::ItemsColumn; column < model.columnCount(); ++column)
        QVERIFY2(!model.headerData(column, Qt::Horizontal, Qt::ToolTipRole).toString().isEmpty(),
                 qPrintable(headers.at(column)));
}

void TestClientTableModel::ownClients()
{
    ClientTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);

    ClientTableModel::Row producer = ownRow(Role::Producer, u"1"_s, u"sleeping"_s, 3, 15);
    producer.run.retries = 2;
    producer.run.reconnects = 1;
    producer.run.requests = 4;
    producer.run.waitNs = 10'000'000; // 2.5 ms a request
    producer.run.elapsedS = 2.0;
    QCOMPARE(model.add(producer), 0);
    ClientTableModel::Row consumer = ownRow(Role::Consumer, u"1"_s, u"processing"_s, 2, 15);
    consumer.serverKnown = true;
    consumer.server.redeliveries = 1;
    consumer.server.returned = 2;
    consumer.server.waits = 5;
    QCOMPARE(model.add(consumer), 1);
    QCOMPARE(inserted.size(), 2);

    QCOMPARE(cell(model, 0, ClientTableModel::IdColumn), u"1"_s);
    QCOMPARE(cell(model, 0, ClientTableModel::RoleColumn), u"Producer"_s);
    QCOMPARE(cell(model, 0, ClientTableModel::StateColumn), u"sleeping"_s);
    QCOMPARE(cell(model, 0, ClientTableModel::ItemsColumn), u"3 / 15"_s);
    QCOMPARE(cell(model, 0, ClientTableModel::RetriesColumn), u"2"_s);
    QCOMPARE(cell(model, 0, ClientTableModel::ReconnectsColumn), u"1"_s);
    QCOMPARE(cell(model, 0, ClientTableModel::WaitsColumn), u"\u2013"_s); // the server has not met it
    QCOMPARE(cell(model, 0, ClientTableModel::WaitColumn), u"2.5"_s);
    QCOMPARE(cell(model, 0, ClientTableModel::RateColumn), u"1.5"_s);
    QCOMPARE(cell(model, 0, ClientTableModel::RedeliveredColumn), u"\u2013"_s); // producers get none
    QCOMPARE(model.row(0).name(), u"Producer 1"_s);

    QCOMPARE(cell(model, 1, ClientTableModel::RoleColumn), u"Consumer"_s);
    QCOMPARE(cell(model, 1, ClientTableModel::WaitColumn), u"\u2013"_s); // no answer yet
    QCOMPARE(cell(model, 1, ClientTableModel::WaitsColumn), u"5"_s);
    QCOMPARE(cell(model, 1, ClientTableModel::RedeliveredColumn), u"1 (gave back 2)"_s);
    QCOMPARE(model.index(1, 0).data(ClientTableModel::ExternalRole).toBool(), false);
    QCOMPARE(model.index(1, 0).data(ClientTableModel::ClientRoleRole).toInt(), int(Role::Consumer));
    QCOMPARE(model.index(1, 0).data(ClientTableModel::ActivityRole).toInt(), int(LaneActivity::Working));
    QCOMPARE(model.index(1, ClientTableModel::StateColumn).data(Qt::DecorationRole).value<QColor>(),
             ColorScheme::laneFill(LaneActivity::Working).darker(110));
    QCOMPARE(model.index(1, ClientTableModel::ItemsColumn).data(Qt::TextAlignmentRole).toInt(),
             int(Qt::AlignRight | Qt::AlignVCenter));

    // A failed client says why, and reads as finished.
    ClientTableModel::Row failed = ownRow(Role::Consumer, u"2"_s, u"failed"_s, 0, 15);
    failed.run.error = u"stopped before the end"_s;
    const int row = model.add(failed);
    QVERIFY(model.row(row).isFinished());
    QCOMPARE(model.index(row, 0).data(ClientTableModel::FinishedRole).toBool(), true);
    QCOMPARE(model.index(row, ClientTableModel::StateColumn).data(Qt::ToolTipRole).toString(),
             u"stopped before the end"_s);
    QCOMPARE(model.index(row, ClientTableModel::StateColumn).data(Qt::ForegroundRole).value<QColor>(),
             ColorScheme::failed());
}

void TestClientTableModel::externalClients()
{
    ClientTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.add(externalRow(Role::Producer, u"7"_s, true, 4));
    model.add(externalRow(Role::Consumer, u"9"_s, false, 2));

    QCOMPARE(cell(model, 0, ClientTableModel::RoleColumn), u"Producer (external)"_s);
    QCOMPARE(cell(model, 0, ClientTableModel::StateColumn), u"connected"_s);
    QCOMPARE(cell(model, 0, ClientTableModel::ItemsColumn), u"4 put"_s);
    QCOMPARE(cell(model, 0, ClientTableModel::RetriesColumn), u"\u2013"_s); // only the client knows
    QCOMPARE(cell(model, 0, ClientTableModel::ReconnectsColumn), u"2"_s); // three connections
    QVERIFY(model.index(0, ClientTableModel::RoleColumn).data(Qt::FontRole).value<QFont>().italic());
    QVERIFY(!model.index(0, ClientTableModel::RoleColumn).data(Qt::ToolTipRole).toString().isEmpty());
    QCOMPARE(model.index(0, 0).data(ClientTableModel::ExternalRole).toBool(), true);
    QCOMPARE(model.row(0).isFinished(), false); // only this tab's clients finish

    QCOMPARE(cell(model, 1, ClientTableModel::RoleColumn), u"Consumer (external)"_s);
    QCOMPARE(cell(model, 1, ClientTableModel::StateColumn), u"disconnected"_s);
    QCOMPARE(cell(model, 1, ClientTableModel::ItemsColumn), u"2 taken"_s);
    QCOMPARE(model.index(1, 0).data(ClientTableModel::ActivityRole).toInt(), int(LaneActivity::Done));

    // The original format has no lasting connection: no reconnects to count.
    ClientTableModel::Row legacy = externalRow(Role::Producer, u"3"_s, false, 1);
    legacy.server.legacy = true;
    const int row = model.add(legacy);
    QCOMPARE(cell(model, row, ClientTableModel::StateColumn), u"original format"_s);
    QCOMPARE(cell(model, row, ClientTableModel::ReconnectsColumn), u"\u2013"_s);
}

void TestClientTableModel::updatesReportOnlyWhatChanged()
{
    ClientTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.add(ownRow(Role::Producer, u"1"_s, u"sleeping"_s, 3, 15));
    model.add(ownRow(Role::Consumer, u"1"_s, u"processing"_s, 2, 15));
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

    model.update(1, model.row(1)); // nothing new
    QCOMPARE(changed.size(), 0);

    ClientTableModel::Row row = model.row(1);
    row.run.state = u"waiting for an item"_s;
    row.run.done = 3;
    model.update(1, row);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.at(0).at(0).toModelIndex(), model.index(1, ClientTableModel::StateColumn));
    QCOMPARE(changed.at(0).at(1).toModelIndex(), model.index(1, ClientTableModel::ItemsColumn));
    QCOMPARE(cell(model, 1, ClientTableModel::ItemsColumn), u"3 / 15"_s);

    // Finishing greys the whole row.
    row.run.state = u"done"_s;
    row.run.done = 15;
    model.update(1, row);
    QCOMPARE(changed.size(), 2);
    QCOMPARE(changed.at(1).at(0).toModelIndex(), model.index(1, 0));
    QCOMPARE(changed.at(1).at(1).toModelIndex(), model.index(1, ClientTableModel::ColumnCount - 1));

    model.update(5, row); // no such row: ignored
    model.update(-1, row);
    QCOMPARE(changed.size(), 2);
}

void TestClientTableModel::activityOfEveryState_data()
{
    QTest::addColumn<QString>("state");
    QTest::addColumn<LaneActivity>("activity");
    QTest::addRow("idle") << u"idle"_s << LaneActivity::Idle;
    QTest::addRow("connecting") << u"connecting"_s << LaneActivity::Idle;
    QTest::addRow("sending") << u"sending"_s << LaneActivity::Working;
    QTest::addRow("processing") << u"processing"_s << LaneActivity::Working;
    QTest::addRow("sleeping") << u"sleeping"_s << LaneActivity::Sleeping;
    QTest::addRow("waiting for room") << u"waiting for room"_s << LaneActivity::WaitingForSlot;
    QTest::addRow("waiting for an item") << u"waiting for an item"_s << LaneActivity::WaitingForItem;
    QTest::addRow("retrying") << u"retrying"_s << LaneActivity::Paused;
    QTest::addRow("done") << u"done"_s << LaneActivity::Done;
    QTest::addRow("failed") << u"failed"_s << LaneActivity::Done;
    QTest::addRow("server: connected") << u"connected"_s << LaneActivity::Idle;
    QTest::addRow("server: disconnected") << u"disconnected"_s << LaneActivity::Done;
}

void TestClientTableModel::activityOfEveryState()
{
    QFETCH(QString, state);
    QFETCH(LaneActivity, activity);
    QCOMPARE(ClientTableModel::activity(state), activity);
}

void TestClientTableModel::producersComeFirst()
{
    ClientTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.add(ownRow(Role::Consumer, u"1"_s, u"idle"_s, 0, 15)), 0);
    QCOMPARE(model.add(ownRow(Role::Producer, u"1"_s, u"idle"_s, 0, 15)), 0);
    QCOMPARE(model.add(ownRow(Role::Consumer, u"2"_s, u"idle"_s, 0, 15)), 2);
    QCOMPARE(model.add(externalRow(Role::Producer, u"7"_s, true, 0)), 1);
    QStringList names;
    for (const ClientTableModel::Row &row : model.rows())
        names.append(row.name());
    QCOMPARE(names, QStringList({u"Producer 1"_s, u"Producer 7"_s, u"Consumer 1"_s, u"Consumer 2"_s}));
}

void TestClientTableModel::findAndClear()
{
    ClientTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.add(ownRow(Role::Producer, u"1"_s, u"idle"_s, 0, 15));
    model.add(ownRow(Role::Consumer, u"1"_s, u"idle"_s, 0, 15));
    model.add(externalRow(Role::Producer, u"7"_s, true, 0));
    QCOMPARE(model.find(Role::Consumer, u"1"_s), 2);
    QCOMPARE(model.find(Role::Producer, u"7"_s), 1);
    QCOMPARE(model.find(Role::Consumer, u"7"_s), -1);

    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.clear();
    QCOMPARE(reset.size(), 1);
    QCOMPARE(model.rowCount(), 0);
    model.clear(); // already empty: nothing to report
    QCOMPARE(reset.size(), 1);
}

QTEST_MAIN(TestClientTableModel)
#include "tst_clienttablemodel.moc"
