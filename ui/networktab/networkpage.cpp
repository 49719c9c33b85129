#include "networkpage.h"

#include "bufferserver.h"
#include "bufferview.h"
#include "clienttablemodel.h"
#include "consumerclient.h"
#include "deliverycheck.h"
#include "eventformatter.h"
#include "logfiltermodel.h"
#include "logmodel.h"
#include "networksettingspanel.h"
#include "networkstatisticspanel.h"
#include "producerclient.h"
#include "statisticspanel.h"
#include "studentgenerator.h"
#include "translations.h"
#include "viewhelpers.h"

#include <QAction>
#include <QDeadlineTimer>
#include <QFontDatabase>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLayout>
#include <QScrollArea>
#include <QSplitter>
#include <QStyle>
#include <QTableView>
#include <QToolBar>
#include <QTreeView>
#include <QVBoxLayout>

#include <algorithm>

using namespace Qt::StringLiterals;
using Role = NativeProtocol::Role;

namespace {

// A one-column tree rather than a list: its column is as wide as the pane, so a long line is
// elided to fit instead of running off the edge.
QTreeView *createLogView(Qt::TextElideMode elide)
{
    auto *view = new QTreeView;
    view->setRootIsDecorated(false);
    view->setHeaderHidden(true);
    view->setUniformRowHeights(true);
    view->setItemsExpandable(false);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    view->setTextElideMode(elide);
    view->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    view->header()->setStretchLastSection(true);
    QFont logFont = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    logFont.setPointSizeF(qMax(logFont.pointSizeF(), ViewHelpers::MinimumPointSize - 0.5));
    view->setFont(logFont);
    return view;
}

QLabel *logTitle(const QString &text)
{
    auto *label = new QLabel(text);
    QFont font = label->font();
    font.setBold(true);
    label->setFont(font);
    label->setContentsMargins(4, 4, 4, 2);
    // A client's long name is cut rather than widening the window past a small screen.
    label->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    label->setMinimumWidth(1);
    return label;
}

// What to do about a failed listen, in the words of the socket's error.
QString listenHint(const QString &error)
{
    if (error.contains(u"in use"_s, Qt::CaseInsensitive))
        return NetworkPage::tr(
            "Is another server running on this port? Choose another port, or stop the other one.");
    if (error.contains(u"protected"_s, Qt::CaseInsensitive))
        return NetworkPage::tr("Ports below 1024 need administrator rights: choose one above 1024.");
    if (error.contains(u"not available"_s, Qt::CaseInsensitive))
        return NetworkPage::tr("This computer has no such address: try 127.0.0.1 or 0.0.0.0.");
    return NetworkPage::tr("Try another port or host.");
}

QString key(Role role, const QString &id)
{
    return NativeProtocol::roleName(role) + QLatin1Char(' ') + id;
}

// The server's words for a state it journals, as the client table shows them.
QString serverStateText(WorkerState state)
{
    switch (state) {
    case WorkerState::WaitingForSlot:
        return BufferClient::describe(BufferClient::State::WaitingForRoom);
    case WorkerState::WaitingForItem:
        return BufferClient::describe(BufferClient::State::WaitingForItem);
    case WorkerState::Done:
        return QStringLiteral(QT_TRANSLATE_NOOP("BufferClient", "disconnected"));
    default:
        return QStringLiteral(QT_TRANSLATE_NOOP("BufferClient", "connected"));
    }
}

// Keeps the newest lines of a frame, after a line that says earlier ones were skipped.
void capFrame(QList<LogEntry> *lines)
{
    if (lines->size() <= NetworkPage::MaxLogLinesPerFrame)
        return;
    const qint64 timeNs = lines->at(lines->size() - NetworkPage::MaxLogLinesPerFrame).timeNs;
    lines->remove(0, lines->size() - NetworkPage::MaxLogLinesPerFrame);
    lines->prepend(LogEntry {
        timeNs, -1,
        EventFormatter::timestamp(timeNs)
            + NetworkPage::tr("… faster than anyone can read: earlier lines of this moment are not shown"),
        false});
}

} // namespace

// A client this tab started. The BufferClient lives in the clients' thread and is deleted there;
// the GUI only calls its thread-safe readers.
struct NetworkPage::SpawnedClient
{
    BufferClient *client = nullptr;
    Role role = Role::Producer;
    QString id;
    std::unique_ptr<LogModel> log;
    qint64 startNs = 0; // on the session clock, so its log lines line up with the server's
};

// A client the server knows, by the server's index (JournalEvent::worker, LogEntry::source).
struct NetworkPage::ServerClient
{
    QString id;
    Role role = Role::Producer;
    bool external = true;
    bool inRun = false; // in this run's table
    int lane = -1; // in the buffer view; -1 when not shown
    int heldRecord = -1; // consumers: the item taken last
    QString serverState = QStringLiteral(QT_TRANSLATE_NOOP("BufferClient", "connected"));
};

NetworkPage::NetworkPage(QWidget *parent)
    : QWidget(parent)
    , m_serverThread(std::make_unique<QThread>())
    , m_clientsThread(std::make_unique<QThread>())
{
    // Readable from the back of a lecture hall; children inherit it.
    ViewHelpers::ensureReadableFont(this);

    // The server and the clients each get a thread of their own: a busy GUI never delays a reply,
    // and the clients talk to the server over real sockets, as they would across machines.
    m_serverThread->setObjectName(u"buffer server"_s);
    m_clientsThread->setObjectName(u"clients"_s);
    m_server = new BufferServer;
    m_server->moveToThread(m_serverThread.get());
    m_clientsContext = new QObject;
    m_clientsContext->moveToThread(m_clientsThread.get());
    m_serverThread->start();
    m_clientsThread->start();
    connect(m_server, &BufferServer::clientsChanged, this, [this] { m_clientsChanged = true; });

    m_settings = new NetworkSettingsPanel;
    QScrollArea *settingsScroll = ViewHelpers::settingsScrollArea(m_settings);

    createActions();
    QToolBar *toolBar = ViewHelpers::pageToolBar(tr("Clients"));
    toolBar->addAction(m_addProducerAction);
    toolBar->addAction(m_addConsumerAction);
    toolBar->addAction(m_launchAction);
    toolBar->addSeparator();
    toolBar->addAction(m_disconnectAction);
    toolBar->addAction(m_stopAllAction);
    ViewHelpers::letTabReach(toolBar);
    // The shortcuts work wherever the focus is in this tab, and only in this tab.
    addActions(
        {m_addProducerAction, m_addConsumerAction, m_launchAction, m_disconnectAction, m_stopAllAction});

    m_settingsScroll = settingsScroll;
    ViewHelpers::layOutPage(this, toolBar, settingsScroll, createCentre(), u"networkSplitter"_s, 295);

    m_frameTimer.setInterval(FrameIntervalMs);
    m_frameTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_frameTimer, &QTimer::timeout, this, &NetworkPage::processFrame);
    connect(m_settings, &NetworkSettingsPanel::startServerRequested, this, &NetworkPage::startServer);
    connect(m_settings, &NetworkSettingsPanel::stopServerRequested, this, &NetworkPage::stopServer);
    connect(m_settings, &NetworkSettingsPanel::capacityChanged, this, &NetworkPage::applyCapacity);
    connect(m_settings, &NetworkSettingsPanel::settingsChanged, this, &NetworkPage::updateStatusText);

    showIdleScene();
    showClientLog(-1);
    updateActions();
    updateStatusText();
}

NetworkPage::~NetworkPage()
{
    m_frameTimer.stop();
    disconnect(m_server, nullptr, this, nullptr);
    m_clientLogView->setModel(nullptr);

    // Everything is stopped and deleted in the thread it lives in, and each thread ends itself
    // once done: nothing is left for an event loop that no longer runs.
    std::vector<BufferClient *> clients;
    for (const auto &spawned : m_spawned) {
        disconnect(spawned->client, nullptr, this, nullptr);
        clients.push_back(spawned->client);
    }
    m_spawned.clear();
    QMetaObject::invokeMethod(
        m_clientsContext,
        [clients, context = m_clientsContext] {
            for (BufferClient *client : clients) {
                client->stop();
                delete client;
            }
            delete context;
            QThread::currentThread()->quit();
        },
        Qt::QueuedConnection);
    QMetaObject::invokeMethod(
        m_server,
        [server = m_server] {
            server->close();
            delete server;
            QThread::currentThread()->quit();
        },
        Qt::QueuedConnection);
    m_server = nullptr;
    m_clientsContext = nullptr;
    const QDeadlineTimer deadline(ShutdownTimeoutMs);
    for (QThread *thread : {m_clientsThread.get(), m_serverThread.get()}) {
        if (!thread->wait(deadline)) {
            // Never expected: both threads only run short event handlers. A hung exit is worse.
            qWarning("NetworkPage: the %s thread did not end in time", qPrintable(thread->objectName()));
            thread->terminate();
            thread->wait(QDeadlineTimer(1000));
        }
    }
}

QWidget *NetworkPage::createCentre()
{
    m_bufferView = new BufferView;
    m_bufferView->setTitle(tr("Server buffer"));

    m_clientModel = new ClientTableModel(this);
    m_clientView = new QTableView;
    m_clientView->setTabKeyNavigation(false); // Tab leaves the table; the arrows move within it
    m_clientView->setModel(m_clientModel);
    m_clientView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_clientView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_clientView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_clientView->setAlternatingRowColors(true);
    m_clientView->setWordWrap(false);
    m_clientView->verticalHeader()->setVisible(false);
    m_clientView->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_clientView->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    m_clientView->horizontalHeader()->setHighlightSections(false);
    // Wide enough for the longest word each column shows, and no wider: the table shares its row.
    const QFontMetrics metrics = fontMetrics();
    const auto fit = [this, &metrics](int column, const QString &widest, int extra) {
        const QString header = m_clientModel->headerData(column, Qt::Horizontal).toString();
        m_clientView->setColumnWidth(
            column, qMax(metrics.horizontalAdvance(widest), metrics.horizontalAdvance(header)) + extra);
    };
    fit(ClientTableModel::IdColumn, u"99"_s, 16);
    fitRoleColumn();
    fit(ClientTableModel::StateColumn, tr("waiting for an item"), 34); // and the colour swatch
    fit(ClientTableModel::ItemsColumn, u"10,000 / 10,000"_s, 14);
    fit(ClientTableModel::RetriesColumn, u"0"_s, 14);
    fit(ClientTableModel::ReconnectsColumn, u"0"_s, 14);
    fit(ClientTableModel::WaitsColumn, u"10,000"_s, 14);
    fit(ClientTableModel::WaitColumn, u"0"_s, 14);
    fit(ClientTableModel::RateColumn, u"0"_s, 14);
    m_clientView->horizontalHeader()->setStretchLastSection(true);
    connect(m_clientView->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        showClientLog(selectedRow());
        updateActions();
    });
    m_statisticsPanel = new NetworkStatisticsPanel;

    m_serverLog = new LogModel(this);
    m_serverLog->setLimit(ServerLogLimit);
    m_externalLog = new LogFilterModel(this);
    m_externalLog->setSourceModel(m_serverLog);
    m_serverLogView = createLogView(Qt::ElideRight);
    m_serverLogView->setModel(m_serverLog);
    // A consumer's line ends with what matters most: the average and PASS or FAIL.
    m_clientLogView = createLogView(Qt::ElideMiddle);
    m_clientLogTitle = logTitle(QString());
    // Item views take no name from a label: screen readers get these.
    m_clientView->setAccessibleName(tr("Clients"));
    m_clientView->setAccessibleDescription(tr("Each client's state, items, retries, reconnects and waits"));
    m_serverLogView->setAccessibleName(tr("Server log"));
    m_clientLogView->setAccessibleName(tr("Client log"));
    m_clientLogView->setAccessibleDescription(tr("The log of the client selected in the table"));
    ViewHelpers::trackBottom(m_serverLogView, &m_followServerLog, this);
    ViewHelpers::trackBottom(m_clientLogView, &m_followClientLog, this);

    auto *clientLogPane = new QWidget;
    auto *clientLogLayout = new QVBoxLayout(clientLogPane);
    clientLogLayout->setContentsMargins(0, 0, 0, 0);
    clientLogLayout->setSpacing(0);
    clientLogLayout->addWidget(m_clientLogTitle);
    clientLogLayout->addWidget(m_clientLogView, 1);
    auto *serverLogPane = new QWidget;
    auto *serverLogLayout = new QVBoxLayout(serverLogPane);
    serverLogLayout->setContentsMargins(0, 0, 0, 0);
    serverLogLayout->setSpacing(0);
    serverLogLayout->addWidget(logTitle(tr("Server log")));
    serverLogLayout->addWidget(m_serverLogView, 1);
    auto *logs = new QSplitter(Qt::Horizontal);
    logs->setObjectName(u"networkLogSplitter"_s);
    logs->setChildrenCollapsible(false);
    logs->addWidget(clientLogPane);
    logs->addWidget(serverLogPane);
    logs->setSizes({620, 440});

    // The numbers in a row right under the buffer they describe, then the client table.
    auto *middle = new QWidget;
    auto *middleLayout = new QVBoxLayout(middle);
    middleLayout->setContentsMargins(0, 0, 0, 0);
    middleLayout->setSpacing(0);
    middleLayout->addWidget(m_statisticsPanel);
    middleLayout->addWidget(m_clientView, 1);

    auto *centre = new QSplitter(Qt::Vertical);
    centre->setObjectName(u"networkCentreSplitter"_s);
    centre->setChildrenCollapsible(false);
    centre->addWidget(m_bufferView);
    centre->addWidget(middle);
    centre->addWidget(logs);
    centre->setStretchFactor(0, 5);
    centre->setStretchFactor(1, 3);
    centre->setStretchFactor(2, 2);
    centre->setSizes({310, 260, 180});
    return centre;
}

void NetworkPage::createActions()
{
    m_addProducerAction = new QAction(style()->standardIcon(QStyle::SP_ArrowUp), tr("Add &producer"), this);
    ViewHelpers::setShortcuts(
        m_addProducerAction, {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P)},
        tr("Start one more producer client in this program (starts the server if needed)"));
    connect(m_addProducerAction, &QAction::triggered, this, &NetworkPage::addProducer);
    m_addConsumerAction = new QAction(style()->standardIcon(QStyle::SP_ArrowDown), tr("Add &consumer"), this);
    ViewHelpers::setShortcuts(
        m_addConsumerAction, {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C)},
        tr("Start one more consumer client in this program (starts the server if needed)"));
    connect(m_addConsumerAction, &QAction::triggered, this, &NetworkPage::addConsumer);
    // F5 starts a run on either tab.
    m_launchAction = new QAction(style()->standardIcon(QStyle::SP_MediaPlay), tr("&Launch 2 + 2"), this);
    ViewHelpers::setShortcuts(m_launchAction, {QKeySequence(Qt::Key_F5)},
                              tr("Start the server if needed, then two producers and two consumers"));
    connect(m_launchAction, &QAction::triggered, this, [this] { launch(); });
    m_disconnectAction
        = new QAction(style()->standardIcon(QStyle::SP_BrowserStop), tr("&Disconnect client"), this);
    ViewHelpers::setShortcuts(m_disconnectAction, {QKeySequence(Qt::Key_Delete)},
                              tr("Cut the selected client's connection, as a crash would. It reconnects by "
                                 "itself; an item it held unacknowledged goes back to the buffer."));
    connect(m_disconnectAction, &QAction::triggered, this, &NetworkPage::disconnectSelectedClient);
    // Esc stops on either tab.
    m_stopAllAction = new QAction(style()->standardIcon(QStyle::SP_MediaStop), tr("Stop &all"), this);
    ViewHelpers::setShortcuts(m_stopAllAction, {QKeySequence(Qt::Key_Escape)},
                              tr("Stop every client this tab started; the server keeps running"));
    connect(m_stopAllAction, &QAction::triggered, this, &NetworkPage::stopAllClients);
}

ServerStatistics NetworkPage::serverStatistics() const
{
    return m_server->statistics();
}

QString NetworkPage::clientLogTitle() const
{
    return m_clientLogTitle->text();
}

void NetworkPage::runInClientsThread(const std::function<void()> &fn)
{
    QMetaObject::invokeMethod(m_clientsContext, fn, Qt::BlockingQueuedConnection);
}

bool NetworkPage::startServer()
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (m_listening)
        return true;
    const std::optional<QHostAddress> address = m_settings->hostAddress();
    if (!address) {
        m_serverError = tr("\"%1\" is not an address: try 127.0.0.1 (this computer only) or 0.0.0.0 (let "
                           "other machines join)")
                            .arg(m_settings->hostText());
        m_settings->showError(tr("Cannot start the server: %1").arg(m_serverError));
        updateStatusText();
        return false;
    }
    const int capacity = m_settings->capacity();
    const quint16 port = quint16(m_settings->port());

    // The last session's clients are all finished (stopServer() stopped them): let them go.
    if (m_runActive)
        finishRun(true);
    retireClients();
    m_earlierProduced.clear();
    m_earlierConsumed.clear();
    m_earlierRuns = false;
    m_sessionKeys.clear();
    m_serverClients.clear();
    m_clientModel->clear();
    m_rows.clear();
    fitRoleColumn();
    m_runShown = false;
    m_finalText.clear();
    m_statisticsPanel->clear();
    m_serverLog->clear();
    showClientLog(-1);

    // Listening takes a moment and nothing else runs in the server's thread now.
    bool ok = false;
    QString error;
    quint16 actualPort = 0;
    QString actualAddress;
    QMetaObject::invokeMethod(
        m_server,
        [&] {
            m_server->setCapacity(capacity);
            ok = m_server->listen(*address, port, &error);
            actualPort = m_server->serverPort();
            actualAddress = m_server->serverAddress().toString();
        },
        Qt::BlockingQueuedConnection);
    if (!ok) {
        m_serverError = error;
        m_settings->showError(tr("Cannot start the server: %1").arg(error) + u". "_s + listenHint(error));
        m_settings->setServerListening(false);
        showIdleScene();
        updateActions();
        updateStatusText();
        return false;
    }
    m_serverError.clear();
    m_listening = true;
    m_port = actualPort;
    m_listenAddress = actualAddress;
    // A client reaches a server that listens everywhere through this machine's own address.
    m_connectHost
        = *address == QHostAddress(QHostAddress::AnyIPv4) || *address == QHostAddress(QHostAddress::Any)
        ? u"127.0.0.1"_s
        : address->toString();
    m_seed = StudentGenerator::randomSeed();
    m_nextId = {1, 1};
    m_capacityPending = 0;
    m_clientsChanged = false;
    m_sessionClock.start();
    m_statisticsClock.start();
    m_settings->setServerListening(true, actualAddress, actualPort);
    showIdleScene();
    m_frameTimer.start();
    refreshStatistics();
    updateActions();
    updateStatusText();
    return true;
}

void NetworkPage::stopServer()
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (!m_listening)
        return;
    const bool runWasActive = m_runActive;
    // Stop the clients first, and wait until they have: their numbers are final then.
    std::vector<BufferClient *> clients;
    for (const auto &spawned : m_spawned)
        clients.push_back(spawned->client);
    runInClientsThread([clients] {
        for (BufferClient *client : clients)
            client->stop();
    });
    QMetaObject::invokeMethod(
        m_server, [server = m_server] { server->close(); }, Qt::BlockingQueuedConnection);
    m_listening = false;
    processFrame();
    appendLogs();
    if (runWasActive || (m_runShown && !m_statisticsPanel->isFinal())) {
        finishRun(true);
    } else if (m_statisticsPanel->isFinal()) {
        // The run had finished, but what it left in the buffer went with the server: say so.
        NetworkRunSummary summary = m_statisticsPanel->summary();
        summary.server = m_server->statistics();
        if (summary.server.droppedAtShutdown > 0)
            showFinal(summary);
    }
    m_settings->setServerListening(false);
    updateBanner();
    updateActions();
    updateStatusText();
}

int NetworkPage::addProducer()
{
    return spawn(Role::Producer);
}

int NetworkPage::addConsumer()
{
    return spawn(Role::Consumer);
}

void NetworkPage::launch(int producers, int consumers)
{
    if (!m_listening && !startServer())
        return;
    for (int i = 0; i < producers; ++i)
        spawn(Role::Producer);
    for (int i = 0; i < consumers; ++i)
        spawn(Role::Consumer);
}

int NetworkPage::spawn(Role role)
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (!m_listening && !startServer())
        return -1;
    if (!m_runActive)
        beginRun();

    ClientConfig config = m_settings->clientConfig();
    int &nextId = m_nextId.at(role == Role::Producer ? 0 : 1);
    config.id = QString::number(nextId++);
    config.host = m_connectHost;
    config.port = m_port;
    // Clients seed their intervals from id and seed alone: Producer 1 and Consumer 1 would sleep
    // and process in lockstep, and no consumer would ever wait. Consumers use no student seed, so
    // they get one of their own.
    config.seed = role == Role::Producer ? m_seed : m_seed ^ 0x5DEECE66DULL;

    auto spawned = std::make_unique<SpawnedClient>();
    spawned->role = role;
    spawned->id = config.id;
    spawned->log = std::make_unique<LogModel>();
    spawned->log->setLimit(ClientLogLimit);
    // Made in the clients' thread, so that its timers and socket belong there from the start.
    BufferClient *client = nullptr;
    runInClientsThread([&client, role, config] {
        if (role == Role::Producer)
            client = new ProducerClient(config);
        else
            client = new ConsumerClient(config);
    });
    spawned->client = client;
    connect(client, &BufferClient::finished, this, &NetworkPage::checkRunFinished, Qt::QueuedConnection);
    spawned->startNs = m_sessionClock.nsecsElapsed();

    ClientTableModel::Row row;
    row.id = config.id;
    row.role = role;
    row.run = client->statistics();
    const int index = addRow(row, RowLink {spawned.get(), -1});
    m_sessionKeys.append(key(role, config.id));
    m_spawned.push_back(std::move(spawned));
    QMetaObject::invokeMethod(client, &BufferClient::start, Qt::QueuedConnection);
    if (selectedRow() < 0)
        selectClient(index); // a log to read from the start

    m_runShown = true;
    updateActions();
    updateBanner();
    updateStatusText();
    return index;
}

void NetworkPage::beginRun()
{
    // Catch up with the server first, so that every client it knows has its entry.
    const ServerStatistics statistics = m_server->statistics();
    discoverClients(statistics);
    // Earlier runs' clients are done: keep what the delivery check needs and let them go.
    if (!m_spawned.empty())
        m_earlierRuns = true;
    retireClients();
    m_clientModel->clear();
    m_rows.clear();
    fitRoleColumn();
    showClientLog(-1);
    for (ServerClient &client : m_serverClients)
        client.inRun = false;
    // External clients still connected take part in this run too.
    for (int i = 0; i < m_serverClients.size() && i < statistics.clients.size(); ++i) {
        ServerClient &client = m_serverClients[i];
        if (!client.external || !statistics.clients.at(i).connected)
            continue;
        ClientTableModel::Row row;
        row.id = client.id;
        row.role = client.role;
        row.external = true;
        row.server = statistics.clients.at(i);
        row.serverKnown = true;
        client.inRun = true;
        addRow(row, RowLink {nullptr, i});
    }
    rebuildLanes();
    m_runActive = true;
    m_stopRequested = false;
    m_runRedeliveredBase = statistics.redelivered;
    m_runClock.start();
    m_finalText.clear();
    m_statisticsPanel->clear();
    m_statisticsPanel->showLive(statistics);
    m_bufferView->scene().finishAnimations();
}

void NetworkPage::retireClients()
{
    std::vector<BufferClient *> clients;
    for (const auto &spawned : m_spawned) {
        const ClientRunStatistics statistics = spawned->client->statistics();
        (spawned->role == Role::Producer ? m_earlierProduced : m_earlierConsumed) += statistics.itemDigests;
        disconnect(spawned->client, nullptr, this, nullptr);
        clients.push_back(spawned->client);
    }
    m_clientLogView->setModel(nullptr);
    m_spawned.clear();
    if (clients.empty())
        return;
    QMetaObject::invokeMethod(
        m_clientsContext,
        [clients] {
            for (BufferClient *client : clients) {
                client->stop(); // finished already; a no-op unless something went wrong
                delete client;
            }
        },
        Qt::QueuedConnection);
}

void NetworkPage::checkRunFinished()
{
    if (!m_runActive || m_spawned.empty())
        return;
    const bool allFinished = std::all_of(m_spawned.cbegin(), m_spawned.cend(),
                                         [](const auto &spawned) { return spawned->client->isFinished(); });
    if (allFinished)
        finishRun(m_stopRequested);
}

void NetworkPage::finishRun(bool stopped)
{
    Q_ASSERT(QThread::currentThread() == thread());
    m_runActive = false;
    processFrame();
    appendLogs(); // the last lines, whenever the logs were due
    refreshStatistics();
    const ServerStatistics statistics = m_server->statistics();

    QStringList produced = m_earlierProduced;
    QStringList consumed = m_earlierConsumed;
    qint64 items = 0;
    for (const auto &spawned : m_spawned) {
        const ClientRunStatistics run = spawned->client->statistics();
        if (spawned->role == Role::Producer) {
            produced += run.itemDigests;
        } else {
            consumed += run.itemDigests;
            items += run.done;
        }
    }
    NetworkRunSummary summary;
    summary.clients = m_clientModel->rowCount();
    summary.server = statistics;
    summary.check = DeliveryCheck::compute(produced, consumed, m_server->remainingDigests());
    summary.items = items;
    summary.elapsedS = m_runClock.isValid() ? double(m_runClock.nsecsElapsed()) / 1e9 : 0.0;
    summary.redelivered = statistics.redelivered - m_runRedeliveredBase;
    summary.stopped = stopped;
    summary.earlierRuns = m_earlierRuns;
    for (const ClientStatistics &client : statistics.clients) {
        if (!m_sessionKeys.contains(client.name()) && (client.put > 0 || client.taken > 0))
            summary.externalItems = true;
    }
    showFinal(summary);
    updateBanner();
    updateActions();
    updateStatusText();
    Q_EMIT runFinished();
}

void NetworkPage::showFinal(const NetworkRunSummary &summary)
{
    m_statisticsPanel->showFinal(summary);
    m_finalText = tr("%1 — %2 in %3 s (%4 items/s): %5")
                      .arg(summary.stopped ? tr("Stopped") : tr("Finished"),
                           tr("%Ln item(s)", nullptr, int(summary.items)),
                           StatisticsPanel::formatNumber(summary.elapsedS, 1),
                           StatisticsPanel::formatNumber(summary.itemsPerSecond(),
                                                         summary.itemsPerSecond() < 10.0 ? 1 : 0),
                           NetworkStatisticsPanel::outcome(summary));
}

void NetworkPage::stopAllClients()
{
    m_stopRequested = true;
    for (const auto &spawned : m_spawned) {
        if (!spawned->client->isFinished())
            QMetaObject::invokeMethod(spawned->client, &BufferClient::stop, Qt::QueuedConnection);
    }
}

void NetworkPage::disconnectClient(int row)
{
    if (row < 0 || row >= m_rows.size() || !m_rows.at(row).spawned)
        return;
    BufferClient *client = m_rows.at(row).spawned->client;
    if (!client->isFinished())
        QMetaObject::invokeMethod(client, &BufferClient::dropConnection, Qt::QueuedConnection);
}

void NetworkPage::disconnectSelectedClient()
{
    disconnectClient(selectedRow());
}

void NetworkPage::selectClient(int row)
{
    if (row < 0 || row >= m_clientModel->rowCount()) {
        m_clientView->clearSelection();
        return;
    }
    m_clientView->selectRow(row);
}

int NetworkPage::addRow(const ClientTableModel::Row &row, const RowLink &link)
{
    const int index = m_clientModel->add(row);
    m_rows.insert(index, link);
    if (row.external)
        fitRoleColumn();
    return index;
}

void NetworkPage::fitRoleColumn()
{
    // "(external)" only takes room when an external client is in the table.
    const bool external = std::any_of(m_clientModel->rows().cbegin(), m_clientModel->rows().cend(),
                                      [](const ClientTableModel::Row &row) { return row.external; });
    const QString widest = external
        ? ClientTableModel::tr("%1 (external)").arg(ClientTableModel::tr("Consumer"))
        : ClientTableModel::tr("Consumer");
    m_clientView->setColumnWidth(ClientTableModel::RoleColumn, fontMetrics().horizontalAdvance(widest) + 16);
}

int NetworkPage::rowOf(int serverIndex) const
{
    for (int row = 0; row < m_rows.size(); ++row) {
        if (m_rows.at(row).serverIndex == serverIndex)
            return row;
    }
    return -1;
}

int NetworkPage::selectedRow() const
{
    const QModelIndexList rows = m_clientView->selectionModel()->selectedRows();
    return rows.isEmpty() ? -1 : rows.first().row();
}

void NetworkPage::discoverClients(const ServerStatistics &statistics)
{
    // The server numbers its clients in the order it meets them and never forgets one.
    bool lanesChanged = false;
    for (int i = int(m_serverClients.size()); i < statistics.clients.size(); ++i) {
        const ClientStatistics &known = statistics.clients.at(i);
        ServerClient client;
        client.id = known.id;
        client.role
            = known.role == NativeProtocol::roleName(Role::Consumer) ? Role::Consumer : Role::Producer;
        const auto ours = std::find_if(m_rows.begin(), m_rows.end(), [&](const RowLink &link) {
            return link.spawned && link.spawned->role == client.role && link.spawned->id == client.id;
        });
        if (ours != m_rows.end()) {
            client.external = false;
            client.inRun = true;
            ours->serverIndex = i;
        } else if (m_sessionKeys.contains(key(client.role, client.id))) {
            client.external = false; // an earlier run's client, done by now
        } else {
            // Joined from elsewhere: part of whatever is on screen, or the start of it.
            ClientTableModel::Row row;
            row.id = client.id;
            row.role = client.role;
            row.external = true;
            row.server = known;
            row.serverKnown = true;
            client.inRun = true;
            addRow(row, RowLink {nullptr, i});
            m_runShown = true;
        }
        lanesChanged = lanesChanged || client.inRun;
        m_serverClients.append(client);
    }
    if (lanesChanged)
        rebuildLanes();
}

void NetworkPage::rebuildLanes()
{
    QList<BufferScene::Lane> lanes;
    for (int i = 0; i < m_serverClients.size(); ++i) {
        ServerClient &client = m_serverClients[i];
        client.lane = -1;
        const int row = rowOf(i);
        if (!client.inRun || row < 0)
            continue;
        client.lane = int(lanes.size());
        const QString state = m_clientModel->row(row).state();
        lanes.append(
            BufferScene::Lane {m_clientModel->row(row).name(),
                               client.role == Role::Producer ? WorkerRole::Producer : WorkerRole::Consumer,
                               ClientTableModel::activity(state), state, -1});
    }
    m_bufferView->scene().setLanes(lanes);
    updateLaneStates();
    updateBanner();
    m_bufferView->update();
}

bool NetworkPage::updateLaneStates()
{
    BufferScene &scene = m_bufferView->scene();
    bool changed = false;
    for (int i = 0; i < m_serverClients.size(); ++i) {
        const ServerClient &client = m_serverClients.at(i);
        if (client.lane < 0)
            continue;
        const int row = rowOf(i);
        if (row < 0)
            continue;
        const RowLink &link = m_rows.at(row);
        QString state;
        int record = -1;
        if (link.spawned) {
            const BufferClient::State now = link.spawned->client->state();
            state = BufferClient::describe(now);
            if (now == BufferClient::State::Processing && !link.spawned->client->config().itemsText)
                record = client.heldRecord;
        } else {
            state = m_clientModel->row(row).server.legacy
                ? QStringLiteral(QT_TRANSLATE_NOOP("BufferClient", "original format"))
                : client.serverState;
        }
        // An external client's lane says so: the class may be looking for their own terminal.
        const QString shown = Translations::display("BufferClient", state);
        const QString text = link.spawned ? shown : tr("external · %1").arg(shown);
        const BufferScene::Lane &lane = scene.lanes().at(client.lane);
        if (lane.stateText == text && lane.record == record)
            continue;
        scene.setLaneState(client.lane, ClientTableModel::activity(state), text, record);
        changed = true;
    }
    return changed;
}

void NetworkPage::processFrame()
{
    Q_ASSERT(QThread::currentThread() == thread());
    const std::vector<JournalEvent> events = m_server->takeEvents();

    // A client the server met since the last frame: learn its name before drawing it.
    int highest = -1;
    for (const JournalEvent &event : events)
        highest = qMax(highest, int(event.worker));
    if (m_clientsChanged || highest >= m_serverClients.size()) {
        m_clientsChanged = false;
        discoverClients(m_server->statistics());
    }

    BufferScene &scene = m_bufferView->scene();
    const bool hadTokens = scene.hasTokens();
    int transfers = 0;
    for (const JournalEvent &event : events) {
        if (event.kind == JournalEvent::Kind::Inserted || event.kind == JournalEvent::Kind::Removed)
            ++transfers;
    }
    scene.beginFrame(m_sessionClock.isValid() ? m_sessionClock.elapsed() : 0, transfers);
    bool putBack = false;
    for (const JournalEvent &event : events) {
        const bool known = event.worker >= 0 && event.worker < m_serverClients.size();
        ServerClient *client = known ? &m_serverClients[event.worker] : nullptr;
        const int lane = client ? client->lane : -1;
        switch (event.kind) {
        case JournalEvent::Kind::Inserted:
            scene.insert(lane, event.record, event.slot, event.programme);
            // A consumer's item going back to the head of the buffer: the in and out markers
            // move in a way inserts at the tail do not, so the picture re-syncs below.
            putBack = putBack || (client && client->role == Role::Consumer);
            break;
        case JournalEvent::Kind::Removed:
            scene.remove(lane, event.record, event.slot);
            if (client)
                client->heldRecord = event.record;
            break;
        case JournalEvent::Kind::StateChanged:
            if (client)
                client->serverState = serverStateText(event.state);
            break;
        case JournalEvent::Kind::Processed:
        case JournalEvent::Kind::Failed:
            break;
        }
    }
    const bool lanesChanged = updateLaneStates();
    // The table's states change with the lanes; its numbers follow a few times a second.
    for (int i = 0; i < m_rows.size(); ++i) {
        const SpawnedClient *spawned = m_rows.at(i).spawned;
        if (!spawned)
            continue;
        const QString state = BufferClient::describe(spawned->client->state());
        if (m_clientModel->row(i).run.state != state) {
            ClientTableModel::Row row = m_clientModel->row(i);
            row.run.state = state;
            m_clientModel->update(i, row);
        }
    }
    bool synced = false;
    if (m_capacityPending > 0) {
        // The new size applies in the server's thread; follow once it has.
        const BufferSnapshot snapshot = m_server->bufferSnapshot();
        if (snapshot.capacity == m_capacityPending) {
            m_capacityPending = 0;
            scene.sync(snapshot);
            synced = true;
        }
    }
    // While a shrink drains, the ring re-lays itself out without an event: follow the buffer.
    if (!synced && (scene.needsResync() || scene.isDraining() || putBack)) {
        scene.sync(m_server->bufferSnapshot());
        synced = true;
    }

    if (!m_logClock.isValid() || m_logClock.elapsed() >= LogIntervalMs)
        appendLogs();
    // Lane states change without events too (a client sleeping, processing).
    if (!events.empty() || hadTokens || scene.hasTokens() || lanesChanged || synced)
        m_bufferView->update();

    if (m_statisticsClock.isValid() && m_statisticsClock.elapsed() >= StatisticsIntervalMs) {
        m_statisticsClock.restart();
        refreshStatistics();
    }
    if (!m_listening && !scene.hasTokens())
        m_frameTimer.stop();
}

void NetworkPage::appendLogs()
{
    m_logClock.start();
    appendServerLog();
    appendClientLogs();
}

void NetworkPage::appendServerLog()
{
    const std::vector<LogEntry> entries = m_server->takeLog();
    if (entries.empty())
        return;
    QList<LogEntry> lines;
    lines.reserve(qsizetype(entries.size()));
    for (const LogEntry &entry : entries) {
        QString who = u"server"_s;
        if (entry.source >= 0 && entry.source < m_serverClients.size()) {
            const ServerClient &client = m_serverClients.at(entry.source);
            who = ClientTableModel::roleText(client.role) + QLatin1Char(' ') + client.id;
        }
        // The server's clock starts when it listens, as the session clock does.
        lines.append(LogEntry {entry.timeNs, entry.source,
                               EventFormatter::timestamp(entry.timeNs) + who + u": "_s + entry.text,
                               entry.error});
    }
    capFrame(&lines);
    m_serverLog->append(std::move(lines));
    if (m_followServerLog)
        m_serverLogView->scrollToBottom();
    if (m_followClientLog && m_clientLogView->model() == m_externalLog)
        m_clientLogView->scrollToBottom();
}

void NetworkPage::appendClientLogs()
{
    for (const auto &spawned : m_spawned) {
        const std::vector<LogEntry> entries = spawned->client->takeLog();
        if (entries.empty())
            continue;
        QList<LogEntry> lines;
        lines.reserve(qsizetype(entries.size()));
        for (const LogEntry &entry : entries) {
            const qint64 timeNs = spawned->startNs + entry.timeNs;
            lines.append(
                LogEntry {timeNs, entry.source, EventFormatter::timestamp(timeNs) + entry.text, entry.error});
        }
        capFrame(&lines);
        spawned->log->append(std::move(lines));
        if (m_followClientLog && m_clientLogView->model() == spawned->log.get())
            m_clientLogView->scrollToBottom();
    }
}

void NetworkPage::refreshStatistics()
{
    const ServerStatistics statistics = m_server->statistics();
    discoverClients(statistics);
    for (int i = 0; i < m_rows.size(); ++i) {
        const RowLink &link = m_rows.at(i);
        ClientTableModel::Row row = m_clientModel->row(i);
        if (link.spawned)
            row.run = link.spawned->client->statistics();
        if (link.serverIndex >= 0 && link.serverIndex < statistics.clients.size()) {
            row.server = statistics.clients.at(link.serverIndex);
            row.serverKnown = true;
        }
        m_clientModel->update(i, row);
    }
    if (m_listening && !m_statisticsPanel->isFinal())
        m_statisticsPanel->showLive(statistics);
    m_bufferView->setOverCapacityReason(
        statistics.overCapacity() > 0 ? tr("put back by consumers that went away") : QString());
    // The buffer's size is the server's to say: a change made elsewhere shows here too.
    if (m_listening && m_capacityPending == 0 && statistics.capacity != m_bufferView->scene().capacity())
        m_bufferView->scene().sync(m_server->bufferSnapshot());
    updateActions();
    updateStatusText();
}

void NetworkPage::applyCapacity(int capacity)
{
    if (!m_listening) {
        showIdleScene();
        return;
    }
    // Events queued before the change name slots of the old layout: show them first.
    processFrame();
    m_capacityPending = capacity;
    QMetaObject::invokeMethod(
        m_server, [server = m_server, capacity] { server->setCapacity(capacity); }, Qt::QueuedConnection);
}

void NetworkPage::showIdleScene()
{
    BufferScene &scene = m_bufferView->scene();
    if (!m_listening) {
        for (ServerClient &client : m_serverClients)
            client.lane = -1;
        scene.setLanes({});
    } else {
        rebuildLanes();
    }
    scene.reset(m_settings->capacity());
    updateBanner();
    m_bufferView->update();
}

void NetworkPage::showClientLog(int row)
{
    if (row < 0 || row >= m_rows.size()) {
        m_clientLogView->setModel(nullptr);
        m_clientLogTitle->setText(tr("Client log — select a client in the table"));
        return;
    }
    const RowLink &link = m_rows.at(row);
    const QString name = m_clientModel->row(row).name();
    if (link.spawned) {
        m_clientLogView->setModel(link.spawned->log.get());
        m_clientLogTitle->setText(tr("Log of %1").arg(name));
    } else {
        m_externalLog->setSource(link.serverIndex);
        m_clientLogView->setModel(m_externalLog);
        m_clientLogTitle->setText(tr("Server log lines about %1 (external)").arg(name));
    }
    m_followClientLog = true;
    m_clientLogView->scrollToBottom();
}

void NetworkPage::updateActions()
{
    const int row = selectedRow();
    const bool live = row >= 0 && row < m_rows.size() && m_rows.at(row).spawned
        && !m_rows.at(row).spawned->client->isFinished();
    m_disconnectAction->setEnabled(live);
    const bool anyRunning = std::any_of(m_spawned.cbegin(), m_spawned.cend(),
                                        [](const auto &spawned) { return !spawned->client->isFinished(); });
    m_stopAllAction->setEnabled(anyRunning);
}

void NetworkPage::updateBanner()
{
    QString banner;
    if (!m_listening)
        banner = m_finalText.isEmpty() ? tr("Server stopped — press Start server or Launch 2 + 2")
                                       : tr("Server stopped");
    else if (m_bufferView->scene().lanes().isEmpty())
        banner = tr("Waiting for clients — Add producer, Add consumer or Launch 2 + 2");
    else if (!m_runActive && !m_finalText.isEmpty())
        banner = tr("Run finished — %1").arg(NetworkStatisticsPanel::outcome(m_statisticsPanel->summary()));
    m_bufferView->setBanner(banner);
}

void NetworkPage::updateStatusText()
{
    QString text;
    if (!m_listening && !m_serverError.isEmpty()) {
        text = tr("Cannot start the server: %1").arg(m_serverError);
    } else if (!m_listening) {
        text = m_finalText.isEmpty() ? tr("Server stopped — press Start server, or Launch 2 + 2 to start "
                                          "it with two producers and two "
                                          "consumers")
                                     : tr("Server stopped. Last run: %1").arg(m_finalText);
    } else if (m_runActive) {
        int producers = 0;
        int consumers = 0;
        for (const auto &spawned : m_spawned) {
            if (!spawned->client->isFinished())
                ++(spawned->role == Role::Producer ? producers : consumers);
        }
        qint64 acknowledged = 0;
        const int inBuffer = m_bufferView->scene().size();
        for (const ClientTableModel::Row &row : m_clientModel->rows()) {
            if (!row.external && row.role == Role::Consumer)
                acknowledged += row.run.done;
        }
        text
            = tr("Server on %1 port %2 — %3 and %4 running, %5 acknowledged, %6 in the buffer")
                  .arg(m_listenAddress, QString::number(m_port), tr("%Ln producer(s)", nullptr, producers),
                       tr("%Ln consumer(s)", nullptr, consumers),
                       tr("%Ln item(s)", nullptr, int(acknowledged)), StatisticsPanel::formatCount(inBuffer));
    } else if (!m_finalText.isEmpty()) {
        text = m_finalText;
    } else {
        text = tr("Server listening on %1 port %2 — add producers and consumers, or join from a terminal: %3")
                   .arg(m_listenAddress, QString::number(m_port), m_settings->joinCommand());
    }
    if (text == m_statusText)
        return;
    m_statusText = text;
    Q_EMIT statusTextChanged(text);
}

void NetworkPage::setSettingsVisible(bool visible)
{
    ViewHelpers::setSettingsVisible(this, m_settingsScroll, visible);
}
