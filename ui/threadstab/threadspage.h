#pragma once

#include "recordhistory.h"
#include "simulation.h"

#include <QElapsedTimer>
#include <QTimer>
#include <QWidget>

#include <array>
#include <memory>
#include <optional>

class BufferView;
class LogFilterModel;
class LogModel;
class QAction;
class QComboBox;
class QLabel;
class QListView;
class QSortFilterProxyModel;
class QTabWidget;
class QTableView;
class QSplitter;
class RecordCard;
class RunCharts;
class SettingsPanel;
class StatisticsPanel;
class StudentTableModel;
class SyncPanel;
class TimelineView;
class WorkerTableModel;

// The Threads tab: one producer-consumer run with real threads, shown as it happens. Owns the
// Simulation; a frame timer drains its journal, results and checker findings once per tick and
// hands the batch to the buffer view, the synchronization panel, the worker list, the log, the
// student table and the record history, so the workers never touch a widget and the GUI never
// gets one signal per record. A paused run can be stepped one buffer operation at a time; what
// the checker and the deadlock detector find is shown in red wherever it applies; any record can
// be followed on a record card; a run's settings load from and save to scenario files.
class ThreadsPage : public QWidget
{
    Q_OBJECT
public:
    static constexpr int FrameIntervalMs = 16;
    static constexpr int StatisticsIntervalMs = 200;
    // The tables and the log take a frame's worth of rows this often: text in tables costs far
    // more to lay out and paint than the buffer view, and nobody reads rows at 60 a second.
    static constexpr int TablesIntervalMs = 100;
    // More log lines than this in one frame are more than anyone can read: the newest are kept.
    static constexpr int MaxLogLinesPerFrame = 200;
    // The checker's findings get lines of their own, up to this many a frame (then a count).
    static constexpr int MaxCheckerLinesPerFrame = 50;
    // The run's journal is kept for export up to this many events (24 bytes each); a longer run
    // exports its first events and says so.
    static constexpr std::size_t MaxJournalEvents = 2'000'000;
    // The speed control's stops.
    static constexpr std::array<double, 7> SpeedStops = {0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0};

    explicit ThreadsPage(QWidget *parent = nullptr);
    ~ThreadsPage() override;

    Simulation *simulation() const { return m_simulation.get(); }
    SettingsPanel *settingsPanel() const { return m_settings; }
    BufferView *bufferView() const { return m_bufferView; }
    SyncPanel *syncPanel() const { return m_syncPanel; }
    StatisticsPanel *statisticsPanel() const { return m_statisticsPanel; }
    WorkerTableModel *workerModel() const { return m_workerModel; }
    LogModel *logModel() const { return m_logModel; }
    LogFilterModel *logFilterModel() const { return m_logFilter; }
    StudentTableModel *studentModel() const { return m_studentModel; }
    QSortFilterProxyModel *studentSortModel() const { return m_studentSort; }
    QComboBox *logWorkerCombo() const { return m_logWorkers; }
    QAction *startAction() const { return m_startAction; }
    QAction *pauseAction() const { return m_pauseAction; }
    QAction *stopAction() const { return m_stopAction; }
    QAction *resetAction() const { return m_resetAction; }
    QAction *stepAction() const { return m_stepAction; }
    QComboBox *speedCombo() const { return m_speedCombo; }
    // The tabs under the numbers: "Processed students", "Log", "Timeline", "Charts".
    QTabWidget *detailTabs() const { return m_detailTabs; }
    // For short screens: the worker table joins the detail tabs, which sit beside the numbers
    // under the buffer (two rows instead of three).
    void setCompact(bool compact);
    bool isCompact() const { return m_compact; }
    // The settings panel can be hidden to give the buffer the whole width (narrow screens, and
    // presentation mode); the run's numbers stay.
    void setSettingsVisible(bool visible);
    bool isSettingsVisible() const;
    TimelineView *timelineView() const { return m_timeline; }
    RunCharts *runCharts() const { return m_charts; }
    // Every journal event of the current (or last) run so far, up to MaxJournalEvents.
    const std::vector<JournalEvent> &runJournal() const { return m_runJournal; }
    bool isJournalTruncated() const { return m_journalTruncated; }
    // Names by JournalEvent::worker for the current (or last) run.
    QStringList workerNames() const { return m_workerNames; }
    // The open record card, or nullptr if none was opened yet.
    RecordCard *recordCard() const { return m_recordCard; }
    const RecordHistory &recordHistory() const { return m_history; }
    // Why the last run could not go on, if it could not.
    const std::optional<DeadlockReport> &deadlockReport() const { return m_deadlock; }

    // "Running — 134 of 500 students consumed, 2,345 students/s"
    QString statusText() const { return m_statusText; }
    // What kept the last start() from starting; empty if it started.
    QStringList startErrors() const { return m_startErrors; }

    // Starts a run with the settings panel's configuration, unless one is active.
    void start();
    // Space: starts a run when none is active, pauses a running one, resumes a paused one.
    void togglePause();
    void stop();
    // Stops any run, then empties the view, the models, the log and the statistics.
    void reset();
    // Period: while paused, lets exactly one insert or remove happen.
    void step();
    // Opens (or brings up) the record card for this record of the current run.
    void openRecordCard(int record);

    // Puts a scenario file's settings into the settings panel (a run in progress is stopped
    // first) and names it in the status. Returns what went wrong, or an empty string.
    QString loadScenario(const QString &path);
    // Saves the settings panel's settings as a scenario. Returns what went wrong, or empty.
    QString saveScenario(const QString &path, const QString &title) const;
    // What File > Export writes.
    enum class Export { JournalCsv, JournalJson, StatisticsJson, StatisticsCsv, TimelinePng, ChartsPng };
    // Whether there is a run (going on or ended) to export.
    bool hasRun() const { return !m_cleared; }
    // Writes the current (or last) run's journal, statistics, timeline or charts to path. Returns
    // what went wrong, or an empty string.
    QString exportRun(Export what, const QString &path);
    // A file name to suggest for an export, e.g. "bufferlab-semaphore-journal.csv".
    QString suggestedExportName(Export what) const;

    // The title of the scenario the settings came from; empty once they are edited.
    QString scenarioTitle() const { return m_scenarioTitle; }
    // The scenarios that come with BufferLab: resource path and title, in file name order.
    static QList<std::pair<QString, QString>> exampleScenarios();
    // One frame: drains the journal and the results once and updates every view.
    void processFrame();
    // Hands the rows collected since the last time to the worker table, the log and the students.
    void flushTables();

Q_SIGNALS:
    void settingsVisibleChanged(bool visible);
    void statusTextChanged(const QString &text);
    void scenarioLoaded(const QString &title);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QWidget *createCentre();
    void createActions();
    void simulationStatusChanged();
    void simulationFinished();
    void applyCapacity(int capacity);
    void applyDelay(WorkerRole role, DelayRange range);
    void settingsChanged();
    void refreshStatistics();
    void updateActions();
    void updateStatusText();
    void clearRun();
    void showIdleScene();
    void setWorkerFilterChoices(const QStringList &names);
    void syncScene();
    void showStartErrors(const QStringList &errors);
    void showDeadlock(const DeadlockReport &report);
    void showIdleSync(const SimulationConfig &config);
    void updateBanner();
    void applySpeed(double speed);
    void showSpeed(double speed);
    void fillRecordCard(int record);
    void keepJournal(const std::vector<JournalEvent> &events);
    void showDetailTab(int index);

    std::unique_ptr<Simulation> m_simulation;
    SettingsPanel *m_settings = nullptr;
    BufferView *m_bufferView = nullptr;
    SyncPanel *m_syncPanel = nullptr;
    RecordCard *m_recordCard = nullptr;
    QTabWidget *m_detailTabs = nullptr;
    QSplitter *m_centreSplitter = nullptr;
    QSplitter *m_middleSplitter = nullptr;
    QWidget *m_settingsScroll = nullptr;
    bool m_compact = false;
    TimelineView *m_timeline = nullptr;
    RunCharts *m_charts = nullptr;
    StatisticsPanel *m_statisticsPanel = nullptr;
    WorkerTableModel *m_workerModel = nullptr;
    LogModel *m_logModel = nullptr;
    LogFilterModel *m_logFilter = nullptr;
    StudentTableModel *m_studentModel = nullptr;
    QSortFilterProxyModel *m_studentSort = nullptr;
    QTableView *m_workerView = nullptr;
    QTableView *m_studentView = nullptr;
    QListView *m_logView = nullptr;
    QComboBox *m_logWorkers = nullptr;
    QLabel *m_errorLabel = nullptr;
    QAction *m_startAction = nullptr;
    QAction *m_pauseAction = nullptr;
    QAction *m_stopAction = nullptr;
    QAction *m_resetAction = nullptr;
    QAction *m_stepAction = nullptr;
    QComboBox *m_speedCombo = nullptr;

    QTimer m_frameTimer;
    QElapsedTimer m_animationClock;
    QElapsedTimer m_statisticsClock;
    QStringList m_workerNames; // by JournalEvent::worker
    QStringList m_startErrors;
    QString m_statusText;
    bool m_resetPending = false; // reset() during a run: clear once it has ended
    bool m_cleared = true; // nothing of a previous run is on screen
    // Journal events and results drained but not yet given to the tables and the log.
    std::vector<JournalEvent> m_pendingEvents;
    std::vector<ProcessedRecord> m_pendingResults;
    std::vector<CheckerFinding> m_pendingFindings;
    RecordHistory m_history;
    std::vector<JournalEvent> m_runJournal;
    bool m_journalTruncated = false;
    std::optional<DeadlockReport> m_deadlock;
    // After a stop or a deadlock the panel keeps the moment it happened: a stopped buffer's
    // counts mean nothing.
    bool m_syncFrozen = false;
    // A new capacity the simulation could not apply yet, and a buffer snapshot the last frame
    // could not have: both are tried again next frame (no lock a worker holds is waited for).
    bool m_capacityPending = false;
    bool m_resyncWanted = false;
    QString m_scenarioTitle;
    QElapsedTimer m_tablesClock;
    bool m_followLog = true; // the log and the student table stay scrolled to their newest rows
    bool m_followStudents = true;
};
