#pragma once

#include "clientconfig.h"
#include "clienttablemodel.h"
#include "nativeprotocol.h"
#include "serverstatistics.h"
#include "workerstate.h"

#include <QElapsedTimer>
#include <QStringList>
#include <QThread>
#include <QTimer>
#include <QWidget>

#include <array>
#include <functional>
#include <memory>
#include <vector>

class BufferClient;
class BufferServer;
class BufferView;
class LogFilterModel;
class LogModel;
class NetworkSettingsPanel;
struct NetworkRunSummary;
class NetworkStatisticsPanel;
class QAbstractItemModel;
class QAction;
class QLabel;
class QTableView;
class QTreeView;

// The Network tab: the bounded buffer as a TCP server, with producer and consumer clients that
// connect to it, shown as it happens. The BufferServer runs in its own thread and the clients
// this tab starts share a second one; both are event-driven and never block. The GUI thread only
// calls the server's and clients' thread-safe readers, once per frame (journal, logs) or a few
// times a second (statistics), and asks the other threads to act through queued calls, so no
// worker touches a widget and no socket is touched from the wrong thread.
//
// A run starts with the first client added while none is running and ends when every client it
// added is done (or stopped, or the server stops); then the final statistics show each client's
// numbers and whether every item arrived exactly once. Clients that join from elsewhere (another
// terminal: `bufferlab producer 7 --port 5555`) appear too, marked external.
class NetworkPage : public QWidget
{
    Q_OBJECT
public:
    static constexpr int FrameIntervalMs = 16;
    static constexpr int StatisticsIntervalMs = 200;
    // The logs take their lines this often: nobody reads rows at 60 a second, and laying them out
    // costs far more than drawing the buffer.
    static constexpr int LogIntervalMs = 100;
    static constexpr int ClientLogLimit = 2'000;
    static constexpr int ServerLogLimit = 5'000;
    // More log lines than this in one frame are more than anyone can read: the newest are kept.
    static constexpr int MaxLogLinesPerFrame = 200;
    static constexpr int ShutdownTimeoutMs = 5'000;

    explicit NetworkPage(QWidget *parent = nullptr);
    ~NetworkPage() override;

    NetworkSettingsPanel *settingsPanel() const { return m_settings; }
    BufferView *bufferView() const { return m_bufferView; }
    ClientTableModel *clientModel() const { return m_clientModel; }
    QTableView *clientView() const { return m_clientView; }
    NetworkStatisticsPanel *statisticsPanel() const { return m_statisticsPanel; }
    LogModel *serverLogModel() const { return m_serverLog; }
    QTreeView *serverLogView() const { return m_serverLogView; }
    QTreeView *clientLogView() const { return m_clientLogView; }
    QString clientLogTitle() const;
    // Hidden with the Threads tab's (View > Settings panel, presentation mode).
    void setSettingsVisible(bool visible);

    QAction *addProducerAction() const { return m_addProducerAction; }
    QAction *addConsumerAction() const { return m_addConsumerAction; }
    QAction *launchAction() const { return m_launchAction; }
    QAction *disconnectAction() const { return m_disconnectAction; }
    QAction *stopAllAction() const { return m_stopAllAction; }

    bool isServerListening() const { return m_listening; }
    // The port the server listens on (the one asked for, or the one picked for port 0); 0 when
    // it does not listen.
    quint16 serverPort() const { return m_listening ? m_port : 0; }
    // Why the last start failed; empty if it started.
    QString serverError() const { return m_serverError; }
    // Thread-safe reader of the server's numbers.
    ServerStatistics serverStatistics() const;
    // Clients this tab added in the current run are still going.
    bool isRunActive() const { return m_runActive; }
    // "Server on 127.0.0.1 port 5555 — 2 producers and 2 consumers running, ..."
    QString statusText() const { return m_statusText; }

    // Listens with the settings panel's host, port and buffer size. False, with the reason shown
    // in the panel, if it cannot.
    bool startServer();
    // Stops this tab's clients, closes every connection and stops listening.
    void stopServer();
    // Starts one client in this process, with the next id of its role (1, 2, 3, ...), starting the
    // server first if needed. Returns its row in the client table, or -1.
    int addProducer();
    int addConsumer();
    // Starts the server if needed, then producers and consumers.
    void launch(int producers = 2, int consumers = 2);
    // Drops the client's connection abruptly, as a crash would: it reconnects by itself, and an
    // item it held unacknowledged goes back to the buffer for a consumer to take again.
    void disconnectClient(int row);
    void disconnectSelectedClient();
    // Stops every client this tab started; the server keeps running.
    void stopAllClients();
    void selectClient(int row);
    int selectedRow() const;
    // One frame: drains the server's journal (and the logs, when due) and updates every view.
    void processFrame();

Q_SIGNALS:
    void statusTextChanged(const QString &text);
    // The final statistics are shown.
    void runFinished();

private:
    struct SpawnedClient;
    struct ServerClient;
    struct RowLink
    {
        SpawnedClient *spawned = nullptr; // nullptr: an external client
        int serverIndex = -1; // the server's index for it, once it knows it
    };

    QWidget *createCentre();
    void createActions();
    int spawn(NativeProtocol::Role role);
    void beginRun();
    void finishRun(bool stopped);
    void showFinal(const NetworkRunSummary &summary);
    void checkRunFinished();
    // Adds the row where the table puts it (producers first) and returns its index.
    int addRow(const ClientTableModel::Row &row, const RowLink &link);
    int rowOf(int serverIndex) const; // -1 if no row is that client
    void fitRoleColumn();
    void discoverClients(const ServerStatistics &statistics);
    void rebuildLanes();
    // True if a lane's state changed.
    bool updateLaneStates();
    void refreshStatistics();
    void appendLogs();
    void appendServerLog();
    void appendClientLogs();
    void applyCapacity(int capacity);
    void showIdleScene();
    void showClientLog(int row);
    void updateActions();
    void updateBanner();
    void updateStatusText();
    // Runs fn in the clients' thread and waits for it: for work that takes microseconds.
    void runInClientsThread(const std::function<void()> &fn);
    void retireClients();

    std::unique_ptr<QThread> m_serverThread;
    std::unique_ptr<QThread> m_clientsThread;
    BufferServer *m_server = nullptr; // lives in m_serverThread, deleted there
    QObject *m_clientsContext = nullptr; // lives in m_clientsThread: where clients are made and deleted

    NetworkSettingsPanel *m_settings = nullptr;
    BufferView *m_bufferView = nullptr;
    ClientTableModel *m_clientModel = nullptr;
    QTableView *m_clientView = nullptr;
    NetworkStatisticsPanel *m_statisticsPanel = nullptr;
    LogModel *m_serverLog = nullptr;
    LogFilterModel *m_externalLog = nullptr; // the server's lines about one external client
    QTreeView *m_serverLogView = nullptr;
    QTreeView *m_clientLogView = nullptr;
    QLabel *m_clientLogTitle = nullptr;
    QWidget *m_settingsScroll = nullptr;
    QAction *m_addProducerAction = nullptr;
    QAction *m_addConsumerAction = nullptr;
    QAction *m_launchAction = nullptr;
    QAction *m_disconnectAction = nullptr;
    QAction *m_stopAllAction = nullptr;

    QTimer m_frameTimer;
    QElapsedTimer m_sessionClock; // since the server started: the logs' time base
    QElapsedTimer m_statisticsClock;
    QElapsedTimer m_logClock;
    QElapsedTimer m_runClock;

    // This server session (from listen to close).
    bool m_listening = false;
    quint16 m_port = 0;
    QString m_listenAddress;
    QString m_connectHost;
    QString m_serverError;
    quint64 m_seed = 0;
    std::array<int, 2> m_nextId {1, 1}; // by NativeProtocol::Role
    QList<ServerClient> m_serverClients; // by the server's client index
    QStringList m_sessionKeys; // "producer 3": every client this tab started this session
    QStringList m_earlierProduced; // digests of earlier runs' clients
    QStringList m_earlierConsumed;
    bool m_earlierRuns = false;
    bool m_clientsChanged = false;
    int m_capacityPending = 0; // a buffer size asked for that the server has not applied yet

    // This run: its clients, in the order they were added, and the table's rows.
    std::vector<std::unique_ptr<SpawnedClient>> m_spawned;
    QList<RowLink> m_rows;
    bool m_runActive = false;
    bool m_stopRequested = false;
    bool m_runShown = false; // a run's clients are on screen (live or final)
    qint64 m_runRedeliveredBase = 0;
    QString m_finalText; // the last run's outcome, for the status bar

    QString m_statusText;
    bool m_followServerLog = true;
    bool m_followClientLog = true;
};
