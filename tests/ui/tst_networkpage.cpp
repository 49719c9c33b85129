#include "bufferview.h"
#include "clienttablemodel.h"
#include "logmodel.h"
#include "networkpage.h"
#include "networksettingspanel.h"
#include "networkstatisticspanel.h"
#include "producerclient.h"
#include "sliderspinbox.h"
#include "translations.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTableView>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

constexpr int StartTimeoutMs = 10'000;
constexpr int RunTimeoutMs = 30'000;

// A port nobody listens on right now.
quint16 freePort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

void setClients(NetworkPage &page, int items, int intervalMinMs, int intervalMaxMs, bool itemsText = false,
                bool legacy = false)
{
    ClientConfig config;
    config.items = items;
    config.interval = DelayRange {intervalMinMs, intervalMaxMs};
    config.itemsText = itemsText;
    config.legacy = legacy;
    page.settingsPanel()->setClientConfig(config);
}

QString cell(const NetworkPage &page, int row, int column)
{
    return page.clientModel()->index(row, column).data().toString();
}

QStringList column(const NetworkPage &page, int column)
{
    QStringList cells;
    for (int row = 0; row < page.clientModel()->rowCount(); ++row)
        cells.append(cell(page, row, column));
    return cells;
}

QStringList laneLabels(const NetworkPage &page)
{
    QStringList labels;
    for (const BufferScene::Lane &lane : page.bufferView()->scene().lanes())
        labels.append(lane.label);
    return labels;
}

} // namespace

class TestNetworkPage : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void startsAndStopsTheServer();
    void portInUseShowsTheError();
    void invalidHostShowsTheError();
    void addedClientsFillTheTable();
    void runEndsWithFinalStatistics_data();
    void runEndsWithFinalStatistics();
    void disconnectedConsumerGivesItsItemBack();
    void externalClientsAreMarked();
    void capacityAppliesToARunningServer();
    void stoppingTheServerEndsTheRun();
    void itemsLeftWhenTheServerStopsAreDropped();
    void redeliveriesPastTheCapacityAreExplained();
    void settingsAreRemembered();
    void checkHeadlines();
    void closesPromptlyWhileClientsRun();

private:
    std::unique_ptr<NetworkPage> makePage();

    QTemporaryDir m_settingsDir;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

void TestNetworkPage::initTestCase()
{
    // Never the user's settings.
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_settingsDir.isValid());
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settingsDir.path());
    QCoreApplication::setOrganizationName(u"BufferLab"_s);
    QCoreApplication::setApplicationName(u"tst_networkpage"_s);
    // "1 item", "3 items": English plural forms come from the English translation, as in the program.
    QVERIFY(Translations::install(qApp, QLocale(QLocale::English, QLocale::UnitedStates)));
}

void TestNetworkPage::init()
{
    QSettings().clear();
    m_tester.reset();
}

std::unique_ptr<NetworkPage> TestNetworkPage::makePage()
{
    auto page = std::make_unique<NetworkPage>();
    page->resize(1300, 820);
    page->settingsPanel()->setPort(freePort());
    // Every model test watches the client table while the page drives it.
    m_tester = std::make_unique<QAbstractItemModelTester>(
        page->clientModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    return page;
}

void TestNetworkPage::startsAndStopsTheServer()
{
    auto page = makePage();
    page->show();
    QVERIFY(QTest::qWaitForWindowExposed(page.get()));
    NetworkSettingsPanel *settings = page->settingsPanel();
    const quint16 port = quint16(settings->port());
    QVERIFY(port > 0);
    QVERIFY(!page->isServerListening());
    QCOMPARE(page->serverPort(), 0);
    QVERIFY(page->statusText().startsWith(u"Server stopped"_s));
    QVERIFY(page->bufferView()->banner().startsWith(u"Server stopped"_s));
    QVERIFY(settings->startButton()->isEnabled());
    QVERIFY(!settings->stopButton()->isEnabled());
    QSignalSpy status(page.get(), &NetworkPage::statusTextChanged);

    QVERIFY(page->startServer());
    QVERIFY(page->isServerListening());
    QCOMPARE(page->serverPort(), port);
    QCOMPARE(page->serverStatistics().port, int(port));
    QVERIFY(page->serverError().isEmpty());
    QCOMPARE(settings->errorText(), QString());
    QVERIFY(settings->serverStatusText().contains(u"127.0.0.1 port %1"_s.arg(port)));
    QCOMPARE(settings->joinCommand(), u"bufferlab producer 7 --port %1"_s.arg(port));
    QVERIFY(!settings->startButton()->isEnabled());
    QVERIFY(settings->stopButton()->isEnabled());
    QVERIFY(!settings->portSpinBox()->isEnabled()); // locked while listening
    QVERIFY(settings->capacityControl()->isEnabled()); // applies live
    QVERIFY(page->statusText().contains(u"listening on 127.0.0.1 port %1"_s.arg(port)));
    QVERIFY(!status.isEmpty());
    QVERIFY(page->bufferView()->banner().startsWith(u"Waiting for clients"_s));
    QCOMPARE(page->bufferView()->caption(),
             u"Server buffer: 0 of 15 slots filled \u2014 empty, consumers must wait"_s);
    QVERIFY(page->startServer()); // already listening: nothing happens
    QTRY_VERIFY_WITH_TIMEOUT(page->serverLogModel()->rowCount() > 0, StartTimeoutMs);
    QVERIFY(
        page->serverLogModel()->line(0).text.contains(u"server: listening on 127.0.0.1 port %1"_s.arg(port)));

    page->stopServer();
    QVERIFY(!page->isServerListening());
    QCOMPARE(page->serverPort(), 0);
    QVERIFY(settings->startButton()->isEnabled());
    QVERIFY(settings->portSpinBox()->isEnabled());
    // The port is free again.
    QTcpServer again;
    QVERIFY(again.listen(QHostAddress::LocalHost, port));
}

void TestNetworkPage::portInUseShowsTheError()
{
    QTcpServer blocker;
    QVERIFY(blocker.listen(QHostAddress::LocalHost, 0));
    auto page = makePage();
    page->show();
    page->settingsPanel()->setPort(blocker.serverPort());

    QVERIFY(!page->startServer());
    QVERIFY(!page->isServerListening());
    QVERIFY(!page->serverError().isEmpty());
    const QString error = page->settingsPanel()->errorText();
    QVERIFY2(error.startsWith(
                 u"Cannot start the server: cannot listen on 127.0.0.1 port %1"_s.arg(blocker.serverPort())),
             qPrintable(error));
    QVERIFY(error.endsWith(
        u"Is another server running on this port? Choose another port, or stop the other one."_s));
    QVERIFY(page->statusText().startsWith(u"Cannot start the server"_s));
    QVERIFY(page->settingsPanel()->startButton()->isEnabled());
    // Adding a client tries to start the server, fails the same way, and adds nobody.
    QCOMPARE(page->addProducer(), -1);
    QCOMPARE(page->clientModel()->rowCount(), 0);

    // Once the port is free the same settings work, and the message goes.
    blocker.close();
    QVERIFY(page->startServer());
    QCOMPARE(page->settingsPanel()->errorText(), QString());
    QVERIFY(page->serverError().isEmpty());
}

void TestNetworkPage::invalidHostShowsTheError()
{
    auto page = makePage();
    // An address this computer does not have.
    page->settingsPanel()->setHost(u"203.0.113.77"_s);
    QVERIFY(!page->startServer());
    QVERIFY2(page->settingsPanel()->errorText().endsWith(u"try 127.0.0.1 or 0.0.0.0."_s),
             qPrintable(page->settingsPanel()->errorText()));

    page->settingsPanel()->setHost(u"not an address"_s);
    QVERIFY(!page->settingsPanel()->hostAddress());
    QVERIFY(!page->startServer());
    QVERIFY(page->settingsPanel()->errorText().contains(u"\"not an address\" is not an address"_s));
    page->settingsPanel()->setHost(u"localhost"_s);
    QCOMPARE(*page->settingsPanel()->hostAddress(), QHostAddress(QHostAddress::LocalHost));
    QVERIFY(page->startServer());
}

void TestNetworkPage::addedClientsFillTheTable()
{
    auto page = makePage();
    page->show();
    // Slow clients, so that they are all still running while the table is checked.
    setClients(*page, 3, 5'000, 5'000);
    QVERIFY(!page->stopAllAction()->isEnabled());

    // Adding a client starts the server.
    QCOMPARE(page->addProducer(), 0);
    QVERIFY(page->isServerListening());
    QVERIFY(page->isRunActive());
    QCOMPARE(page->addConsumer(), 1);
    QCOMPARE(page->addProducer(), 1); // producers first, then consumers
    QCOMPARE(page->clientModel()->rowCount(), 3);
    QCOMPARE(column(*page, ClientTableModel::IdColumn), QStringList({u"1"_s, u"2"_s, u"1"_s}));
    QCOMPARE(column(*page, ClientTableModel::RoleColumn),
             QStringList({u"Producer"_s, u"Producer"_s, u"Consumer"_s}));
    QCOMPARE(column(*page, ClientTableModel::ItemsColumn), QStringList({u"0 / 3"_s, u"0 / 3"_s, u"0 / 3"_s}));
    QVERIFY(page->stopAllAction()->isEnabled());
    // The first client is selected, so its log shows from the start.
    QCOMPARE(page->selectedRow(), 0);
    QCOMPARE(page->clientLogTitle(), u"Log of Producer 1"_s);

    // The buffer view's lanes are the clients the server knows: producers left, consumers right.
    QTRY_COMPARE_WITH_TIMEOUT(laneLabels(*page).size(), 3, StartTimeoutMs);
    QCOMPARE(page->bufferView()->scene().laneCount(WorkerRole::Producer), 2);
    QCOMPARE(page->bufferView()->scene().laneCount(WorkerRole::Consumer), 1);
    QVERIFY(laneLabels(*page).contains(u"Consumer 1"_s));
    QVERIFY(page->bufferView()->banner().isEmpty());
    // The producers put their first items at once and the consumer takes one.
    QTRY_COMPARE_WITH_TIMEOUT(page->serverStatistics().accepted, 2, StartTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(cell(*page, 0, ClientTableModel::ItemsColumn), u"1 / 3"_s, StartTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(cell(*page, 2, ClientTableModel::StateColumn), u"processing"_s, StartTimeoutMs);
    QVERIFY(page->statusText().contains(u"2 producers and 1 consumer running"_s));
    QTRY_VERIFY_WITH_TIMEOUT(page->clientLogView()->model()->rowCount() >= 2, StartTimeoutMs);

    // Selecting another client shows its log, kept from the start.
    page->selectClient(2);
    QCOMPARE(page->clientLogTitle(), u"Log of Consumer 1"_s);
    QTRY_VERIFY_WITH_TIMEOUT(page->clientLogView()->model()->rowCount() >= 2, StartTimeoutMs);
    const QString firstLine = page->clientLogView()->model()->index(0, 0).data().toString();
    QVERIFY2(firstLine.contains(u"starting: "_s) && !firstLine.contains(u"Consumer 1"_s),
             qPrintable(firstLine));
    QVERIFY(page->disconnectAction()->isEnabled());

    QSignalSpy finished(page.get(), &NetworkPage::runFinished);
    page->stopAllAction()->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, RunTimeoutMs);
    QVERIFY(!page->isRunActive());
    QVERIFY(page->isServerListening()); // Stop all leaves the server running
    QVERIFY(page->statisticsPanel()->isFinal());
    QVERIFY(page->statisticsPanel()->title().endsWith(u"stopped before the end"_s));
    QTRY_COMPARE_WITH_TIMEOUT(column(*page, ClientTableModel::StateColumn),
                              QStringList({u"failed"_s, u"failed"_s, u"failed"_s}), StartTimeoutMs);
    QVERIFY(!page->disconnectAction()->isEnabled());
    QVERIFY(!page->stopAllAction()->isEnabled());
}

void TestNetworkPage::runEndsWithFinalStatistics_data()
{
    QTest::addColumn<bool>("itemsText");
    QTest::addColumn<bool>("legacy");
    QTest::addRow("student records") << false << false;
    QTest::addRow("plain text items") << true << false;
    QTest::addRow("original format") << true << true;
}

void TestNetworkPage::runEndsWithFinalStatistics()
{
    QFETCH(bool, itemsText);
    QFETCH(bool, legacy);
    auto page = makePage();
    page->show();
    QVERIFY(QTest::qWaitForWindowExposed(page.get()));
    setClients(*page, 4, 0, 0, itemsText, legacy);
    QSignalSpy finished(page.get(), &NetworkPage::runFinished);

    page->launchAction()->trigger();
    QVERIFY(page->isServerListening());
    QCOMPARE(page->clientModel()->rowCount(), 4);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, RunTimeoutMs);

    QVERIFY(!page->isRunActive());
    QCOMPARE(column(*page, ClientTableModel::StateColumn),
             QStringList({u"done"_s, u"done"_s, u"done"_s, u"done"_s}));
    QCOMPARE(column(*page, ClientTableModel::ItemsColumn),
             QStringList({u"4 / 4"_s, u"4 / 4"_s, u"4 / 4"_s, u"4 / 4"_s}));
    NetworkStatisticsPanel *statistics = page->statisticsPanel();
    QVERIFY(statistics->isFinal());
    QCOMPARE(statistics->title(), u"Final statistics \u2014 4 clients"_s);
    QCOMPARE(statistics->checkText(), u"\u2714 Nothing lost or duplicated"_s);
    QVERIFY(statistics->summary().check.ok());
    QCOMPARE(statistics->summary().check.produced, 8);
    QCOMPARE(statistics->summary().check.consumed, 8);
    QCOMPARE(statistics->summary().check.leftOver, 0);
    QCOMPARE(statistics->summary().items, 8);
    QVERIFY(!statistics->summary().stopped);
    QVERIFY(!statistics->summary().externalItems);
    QCOMPARE(statistics->totalText(NetworkStatisticsPanel::Total::Items), u"8"_s);
    QCOMPARE(statistics->totalText(NetworkStatisticsPanel::Total::Redelivered), u"0"_s);
    QVERIFY(statistics->checkDetailText().startsWith(u"Put 8, acknowledged 8, left in the server 0"_s));
    QCOMPARE(page->bufferView()->banner(), u"Run finished \u2014 nothing lost or duplicated"_s);
    QVERIFY2(page->statusText().startsWith(u"Finished \u2014 8 items in "_s), qPrintable(page->statusText()));
    QVERIFY(page->statusText().endsWith(u"nothing lost or duplicated"_s));
    // The server's view agrees, and its lanes went with its clients.
    const ServerStatistics server = page->serverStatistics();
    QCOMPARE(server.accepted, 8);
    QCOMPARE(server.acked + server.legacyTaken, 8);
    QCOMPARE(server.size, 0);
    QStringList lanes = laneLabels(*page); // in the order the server met them
    lanes.sort();
    QCOMPARE(lanes, QStringList({u"Consumer 1"_s, u"Consumer 2"_s, u"Producer 1"_s, u"Producer 2"_s}));
    QCOMPARE(page->bufferView()->scene().size(), 0);

    // The next launch is a run of its own: new clients, numbered on, checked with the first run's.
    page->launch(1, 1);
    QVERIFY(!statistics->isFinal());
    QCOMPARE(column(*page, ClientTableModel::IdColumn), QStringList({u"3"_s, u"3"_s}));
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, RunTimeoutMs);
    QCOMPARE(statistics->summary().check.produced, 12);
    QCOMPARE(statistics->summary().check.consumed, 12);
    QVERIFY(statistics->summary().check.ok());
    QVERIFY(statistics->summary().earlierRuns);
    QCOMPARE(statistics->summary().items, 4);
}

void TestNetworkPage::disconnectedConsumerGivesItsItemBack()
{
    auto page = makePage();
    page->show();
    // The consumer holds its item for 1.5 s while processing it: time to cut its connection.
    setClients(*page, 1, 1'500, 1'500);
    QSignalSpy finished(page.get(), &NetworkPage::runFinished);
    QCOMPARE(page->addProducer(), 0);
    const int consumer = page->addConsumer();
    QCOMPARE(consumer, 1);
    page->selectClient(-1);
    QVERIFY(!page->disconnectAction()->isEnabled()); // nothing selected
    QTRY_COMPARE_WITH_TIMEOUT(cell(*page, consumer, ClientTableModel::StateColumn), u"processing"_s,
                              StartTimeoutMs);
    QCOMPARE(page->serverStatistics().unacked, 1);

    page->selectClient(consumer);
    QVERIFY(page->disconnectAction()->isEnabled());
    page->disconnectAction()->trigger();

    // The server puts the item back at the head of the buffer and delivers it again.
    QTRY_VERIFY_WITH_TIMEOUT(page->serverStatistics().redelivered >= 1, StartTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, RunTimeoutMs);
    NetworkStatisticsPanel *statistics = page->statisticsPanel();
    QCOMPARE(statistics->checkText(), u"\u2714 Nothing lost or duplicated"_s);
    QCOMPARE(statistics->summary().check.produced, 1);
    QCOMPARE(statistics->summary().check.consumed, 1);
    QCOMPARE(statistics->summary().redelivered, 1);
    QCOMPARE(statistics->totalText(NetworkStatisticsPanel::Total::Redelivered), u"1"_s);
    QCOMPARE(column(*page, ClientTableModel::StateColumn), QStringList({u"done"_s, u"done"_s}));
    QCOMPARE(cell(*page, consumer, ClientTableModel::ReconnectsColumn), u"1"_s);
    QCOMPARE(cell(*page, consumer, ClientTableModel::RedeliveredColumn), u"1 (gave back 1)"_s);
    // Both logs tell the story.
    bool putBack = false;
    for (int row = 0; row < page->serverLogModel()->rowCount(); ++row)
        putBack = putBack || page->serverLogModel()->line(row).text.contains(u"put back at the head"_s);
    QVERIFY(putBack);
    QAbstractItemModel *clientLog = page->clientLogView()->model();
    bool dropped = false;
    for (int row = 0; row < clientLog->rowCount(); ++row)
        dropped = dropped || clientLog->index(row, 0).data().toString().contains(u"dropped abruptly"_s);
    QVERIFY(dropped);
}

void TestNetworkPage::externalClientsAreMarked()
{
    auto page = makePage();
    page->show();
    QVERIFY(page->startServer());

    // Another program's producer, as `bufferlab producer 7 --port N` would be.
    ClientConfig config;
    config.id = u"7"_s;
    config.port = page->serverPort();
    config.items = 2;
    config.interval = {};
    config.itemsText = true;
    ProducerClient external(config);
    QSignalSpy externalFinished(&external, &BufferClient::finished);
    external.start();
    QTRY_COMPARE_WITH_TIMEOUT(externalFinished.size(), 1, StartTimeoutMs);

    QTRY_COMPARE_WITH_TIMEOUT(page->clientModel()->rowCount(), 1, StartTimeoutMs);
    QCOMPARE(cell(*page, 0, ClientTableModel::IdColumn), u"7"_s);
    QCOMPARE(cell(*page, 0, ClientTableModel::RoleColumn), u"Producer (external)"_s);
    QVERIFY(page->clientModel()->index(0, 0).data(ClientTableModel::ExternalRole).toBool());
    QTRY_COMPARE_WITH_TIMEOUT(cell(*page, 0, ClientTableModel::ItemsColumn), u"2 put"_s, StartTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(cell(*page, 0, ClientTableModel::StateColumn), u"disconnected"_s,
                              StartTimeoutMs);
    QCOMPARE(laneLabels(*page), QStringList({u"Producer 7"_s}));
    QTRY_COMPARE_WITH_TIMEOUT(page->bufferView()->scene().size(), 2, StartTimeoutMs);
    // Its log is what the server said about it.
    page->selectClient(0);
    QVERIFY(page->clientLogTitle().contains(u"Producer 7 (external)"_s));
    QTRY_VERIFY_WITH_TIMEOUT(page->clientLogView()->model()->rowCount() >= 2, StartTimeoutMs);
    QVERIFY(
        page->clientLogView()->model()->index(0, 0).data().toString().contains(u"Producer 7: connected"_s));
    QVERIFY(!page->disconnectAction()->isEnabled()); // not this tab's to cut

    // A consumer of this tab takes its items; the check cannot see the external producer's side.
    setClients(*page, 2, 0, 0, true);
    QSignalSpy finished(page.get(), &NetworkPage::runFinished);
    QCOMPARE(page->addConsumer(), 0); // a new run: the disconnected external client is not part of it
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, RunTimeoutMs);
    QVERIFY(page->statisticsPanel()->summary().externalItems);
    QCOMPARE(page->statisticsPanel()->summary().check.duplicated, 2); // item by item it cannot add up
    QCOMPARE(page->statisticsPanel()->checkText(), u"\u2714 Nothing lost (by the server's count)"_s);
    QVERIFY(page->statisticsPanel()->checkDetailText().startsWith(
        u"External clients moved items too, so the server counts for everyone: put 2, acknowledged 2, 0 "_s));
    QCOMPARE(page->bufferView()->banner(), u"Run finished \u2014 nothing lost (by the server's count)"_s);
}

void TestNetworkPage::capacityAppliesToARunningServer()
{
    auto page = makePage();
    page->settingsPanel()->setCapacity(8);
    QCOMPARE(page->bufferView()->scene().capacity(), 8); // the picture follows before a start, too
    QVERIFY(page->startServer());
    QCOMPARE(page->serverStatistics().capacity, 8);
    page->settingsPanel()->setCapacity(4);
    QTRY_COMPARE_WITH_TIMEOUT(page->serverStatistics().capacity, 4, StartTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(page->bufferView()->scene().capacity(), 4, StartTimeoutMs);
    QCOMPARE(page->bufferView()->scene().slotCount(), 4);
}

void TestNetworkPage::stoppingTheServerEndsTheRun()
{
    auto page = makePage();
    page->show();
    setClients(*page, 50, 200, 400);
    QSignalSpy finished(page.get(), &NetworkPage::runFinished);
    page->launch();
    QTRY_VERIFY_WITH_TIMEOUT(page->serverStatistics().acked >= 2, StartTimeoutMs);

    page->stopServer();
    QCOMPARE(finished.size(), 1); // at once: the clients were stopped before the server closed
    QVERIFY(!page->isServerListening());
    QVERIFY(page->statisticsPanel()->isFinal());
    QVERIFY(page->statisticsPanel()->summary().stopped);
    QCOMPARE(column(*page, ClientTableModel::StateColumn),
             QStringList({u"failed"_s, u"failed"_s, u"failed"_s, u"failed"_s}));
    QVERIFY(page->statusText().startsWith(u"Server stopped. Last run: Stopped"_s));
    QCOMPARE(page->bufferView()->banner(), u"Server stopped"_s);
    QVERIFY(!page->stopAllAction()->isEnabled());

    // A new start is a new session: a fresh table, ids from 1 again.
    QVERIFY(page->startServer());
    QCOMPARE(page->clientModel()->rowCount(), 0);
    QVERIFY(!page->statisticsPanel()->isFinal());
    QCOMPARE(page->addProducer(), 0);
    QCOMPARE(cell(*page, 0, ClientTableModel::IdColumn), u"1"_s);
}

void TestNetworkPage::itemsLeftWhenTheServerStopsAreDropped()
{
    // Three producers' items and no consumer: the run ends with everything in the buffer, which
    // the check calls fine. Stopping the server then drops the items, and the tab says so.
    auto page = makePage();
    page->show();
    setClients(*page, 3, 0, 0, true);
    QSignalSpy finished(page.get(), &NetworkPage::runFinished);
    QVERIFY(page->startServer());
    QCOMPARE(page->addProducer(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, RunTimeoutMs);
    QCOMPARE(page->statisticsPanel()->checkText(), u"\u2714 Nothing lost or duplicated"_s);

    page->stopServer();
    QCOMPARE(page->statisticsPanel()->summary().server.droppedAtShutdown, 3);
    QCOMPARE(page->statisticsPanel()->checkText(),
             u"\u2718 Nothing lost or duplicated, but 3 items dropped when the server stopped"_s);
    QVERIFY(page->statisticsPanel()->checkDetailText().contains(
        u"3 items were still in the buffer when the server stopped, and dropped with it."_s));
    QVERIFY(page->statusText().contains(u"3 items dropped when the server stopped"_s));
}

void TestNetworkPage::redeliveriesPastTheCapacityAreExplained()
{
    // A consumer takes both items of a buffer of 2, two more come in, and the consumer goes away
    // without acknowledging: 4 items in 2 slots, which the tab explains instead of showing a
    // buffer that seems to overflow for no reason.
    auto page = makePage();
    page->settingsPanel()->setCapacity(2);
    page->show();
    QVERIFY(page->startServer());
    auto connectTo = [&](QTcpSocket &socket) {
        socket.connectToHost(QHostAddress::LocalHost, page->serverPort());
        return socket.waitForConnected(StartTimeoutMs);
    };
    auto request = [](QTcpSocket &socket, const QByteArray &line) {
        socket.write(line + '\n');
        while (!socket.canReadLine()) {
            if (!socket.waitForReadyRead(StartTimeoutMs))
                return QByteArray();
        }
        return socket.readLine();
    };
    QTcpSocket producer;
    QTcpSocket consumer;
    QVERIFY(connectTo(producer) && connectTo(consumer));
    QVERIFY(request(producer, R"({"op":"hello","role":"producer","id":"7"})").contains("true"));
    QVERIFY(request(consumer, R"({"op":"hello","role":"consumer","id":"9"})").contains("true"));
    for (int i = 0; i < 2; ++i) {
        QVERIFY(request(producer, R"({"op":"put","item":1})").contains("true"));
        QVERIFY(request(consumer, R"({"op":"take"})").contains("true"));
    }
    for (int i = 0; i < 2; ++i)
        QVERIFY(request(producer, R"({"op":"put","item":2})").contains("true"));
    consumer.abort();
    QTRY_COMPARE_WITH_TIMEOUT(
        page->bufferView()->caption(),
        u"Server buffer: 4 in 2 slots \u2014 2 put back by consumers that went away (hatched)"_s,
        StartTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(page->statisticsPanel()->valueText(NetworkStatisticsPanel::Field::InBuffer),
                              u"4 / 2 (2 over: put back)"_s, StartTimeoutMs);
}

void TestNetworkPage::settingsAreRemembered()
{
    {
        NetworkSettingsPanel panel;
        QCOMPARE(panel.hostText(), u"127.0.0.1"_s);
        QCOMPARE(panel.port(), 5555);
        QCOMPARE(panel.capacity(), 15);
        const ClientConfig defaults = panel.clientConfig();
        QCOMPARE(defaults.items, 15);
        QCOMPARE(defaults.interval, (DelayRange {500, 2000}));
        QVERIFY(!defaults.itemsText);
        QVERIFY(!defaults.legacy);

        panel.setHost(u"0.0.0.0"_s);
        panel.setPort(6001);
        panel.setCapacity(40);
        panel.itemsSpinBox()->setValue(9);
        panel.intervalMaxSpinBox()->setValue(0.3);
        QCOMPARE(panel.intervalMinSpinBox()->value(), 0.3); // min never above max
        panel.intervalMinSpinBox()->setValue(0.0);
        panel.itemKindCombo()->setCurrentIndex(1);
        panel.legacyCheckBox()->setChecked(true);
        QVERIFY(panel.joinCommand().endsWith(u"--port 6001"_s));
    } // saved when it goes
    NetworkSettingsPanel panel;
    QCOMPARE(panel.hostText(), u"0.0.0.0"_s);
    QCOMPARE(*panel.hostAddress(), QHostAddress(QHostAddress::AnyIPv4));
    QCOMPARE(panel.port(), 6001);
    QCOMPARE(panel.capacity(), 40);
    const ClientConfig config = panel.clientConfig();
    QCOMPARE(config.items, 9);
    QCOMPARE(config.interval, (DelayRange {0, 300}));
    QVERIFY(config.itemsText);
    QVERIFY(config.legacy);
    QCOMPARE(QSettings().value(u"network/port"_s).toInt(), 6001);
}

void TestNetworkPage::checkHeadlines()
{
    NetworkRunSummary summary;
    QVERIFY(summary.ok());
    QCOMPARE(NetworkStatisticsPanel::headline(summary), u"\u2714 Nothing lost or duplicated"_s);
    QCOMPARE(NetworkStatisticsPanel::outcome(summary), u"nothing lost or duplicated"_s);
    summary.check.lost = 2;
    QVERIFY(!summary.ok());
    QCOMPARE(NetworkStatisticsPanel::headline(summary), u"\u2718 2 lost"_s);
    summary.check.duplicated = 1;
    QCOMPARE(NetworkStatisticsPanel::headline(summary), u"\u2718 2 lost, 1 duplicated"_s);
    summary.check.lost = 0;
    QCOMPARE(NetworkStatisticsPanel::outcome(summary), u"1 duplicated"_s);

    // With external clients only the server's count covers everyone.
    summary.externalItems = true;
    summary.server.accepted = 10;
    summary.server.acked = 7;
    summary.server.size = 3;
    QVERIFY(summary.ok());
    QCOMPARE(NetworkStatisticsPanel::headline(summary), u"\u2714 Nothing lost (by the server's count)"_s);
    summary.server.size = 1;
    QVERIFY(!summary.ok());
    QCOMPARE(NetworkStatisticsPanel::outcome(summary), u"2 lost (by the server's count)"_s);
}

void TestNetworkPage::closesPromptlyWhileClientsRun()
{
    auto page = makePage();
    page->show();
    setClients(*page, 1'000, 0, 50);
    page->launch(3, 3);
    QTRY_VERIFY_WITH_TIMEOUT(page->serverStatistics().acked >= 5, StartTimeoutMs);
    QElapsedTimer clock;
    clock.start();
    m_tester.reset();
    page.reset(); // stops the clients and the server, and ends both threads
    QVERIFY2(clock.elapsed() < NetworkPage::ShutdownTimeoutMs, qPrintable(QString::number(clock.elapsed())));
}

QTEST_MAIN(TestNetworkPage)
#include "tst_networkpage.moc"
