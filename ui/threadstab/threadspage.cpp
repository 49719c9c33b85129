#include "threadspage.h"

#include "bufferview.h"
#include "eventformatter.h"
#include "laneactivity.h"
#include "logfiltermodel.h"
#include "logmodel.h"
#include "paintedlistaccessible.h"
#include "recordcard.h"
#include "runcharts.h"
#include "runexporter.h"
#include "scenario.h"
#include "settingspanel.h"
#include "spaceguard.h"
#include "statisticspanel.h"
#include "studentgenerator.h"
#include "studenttablemodel.h"
#include "syncpanel.h"
#include "theme.h"
#include "timelineview.h"
#include "translations.h"
#include "viewhelpers.h"
#include "workertablemodel.h"

#include <QAbstractSpinBox>
#include <QAction>
#include <QComboBox>
#include <QDir>
#include <QFileInfo>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLayout>
#include <QLineEdit>
#include <QListView>
#include <QScrollArea>
#include <QShortcut>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStyle>
#include <QTabBar>
#include <QTableView>
#include <QTabWidget>
#include <QThread>
#include <QToolBar>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {

QTableView *createTableView(QAbstractItemModel *model, const QFontMetrics &metrics)
{
    auto *view = new QTableView;
    view->setModel(model);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setAlternatingRowColors(true);
    view->setWordWrap(false);
    view->verticalHeader()->setVisible(false);
    view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    view->verticalHeader()->setDefaultSectionSize(metrics.height() + 8);
    view->horizontalHeader()->setHighlightSections(false);
    // Tab leaves the table (the arrows move within it): otherwise it would cycle through the cells.
    view->setTabKeyNavigation(false);
    return view;
}

} // namespace

ThreadsPage::ThreadsPage(QWidget *parent) : QWidget(parent), m_simulation(std::make_unique<Simulation>())
{
    // Sixteen busy threads on a two-core laptop would otherwise leave the window a sliver of CPU:
    // the run's threads run below the GUI.
    m_simulation->setWorkerPriority(Simulation::WorkerPriority::Background);

    // Readable from the back of a lecture hall; children inherit it.
    ViewHelpers::ensureReadableFont(this);

    m_settings = new SettingsPanel;
    QScrollArea *settingsScroll = ViewHelpers::settingsScrollArea(m_settings);

    createActions();
    QToolBar *toolBar = ViewHelpers::pageToolBar(tr("Run"));
    toolBar->addAction(m_startAction);
    toolBar->addAction(m_pauseAction);
    toolBar->addAction(m_stepAction);
    toolBar->addAction(m_stopAction);
    toolBar->addSeparator();
    toolBar->addAction(m_resetAction);
    toolBar->addSeparator();
    // The speed is the page's control and the settings panel's value (remembered with the rest).
    m_speedCombo = new QComboBox;
    for (const double stop : SpeedStops)
        m_speedCombo->addItem(QString::number(stop) + u"\u00D7"_s, stop);
    m_speedCombo->setToolTip(tr("How fast the threads go: every delay is divided by this. Applies at once, "
                                "even during a run."));
    m_speedCombo->setFocusPolicy(Qt::TabFocus); // Space and "." stay with the page
    m_speedCombo->setAccessibleName(tr("Speed"));
    m_speedCombo->setAccessibleDescription(m_speedCombo->toolTip());
    auto *speedLabel = new QLabel(tr(" Speed "));
    speedLabel->setBuddy(m_speedCombo);
    toolBar->addWidget(speedLabel);
    toolBar->addWidget(m_speedCombo);
    connect(m_speedCombo, &QComboBox::activated, this,
            [this](int index) { m_settings->setSpeed(m_speedCombo->itemData(index).toDouble()); });

    m_settingsScroll = settingsScroll;
    ViewHelpers::layOutPage(this, toolBar, settingsScroll, createCentre(), u"threadsSplitter"_s, 310);

    // The run's shortcuts work wherever the focus is in this tab, and only in this tab (their
    // context is the page). Spin boxes and the seed field get no use from a space, so they hand it
    // over too (see eventFilter()); buttons, check boxes and combo boxes keep it (SpaceGuard).
    addActions({m_startAction, m_pauseAction, m_stepAction, m_stopAction, m_resetAction});
    ViewHelpers::letTabReach(toolBar);
    SpaceGuard::install(this);
    const QList<QAbstractSpinBox *> spinBoxes = m_settings->findChildren<QAbstractSpinBox *>();
    for (QAbstractSpinBox *spinBox : spinBoxes)
        spinBox->installEventFilter(this);
    const QList<QLineEdit *> edits = m_settings->findChildren<QLineEdit *>();
    for (QLineEdit *edit : edits)
        edit->installEventFilter(this);

    m_frameTimer.setInterval(FrameIntervalMs);
    m_frameTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_frameTimer, &QTimer::timeout, this, &ThreadsPage::processFrame);
    connect(m_simulation.get(), &Simulation::statusChanged, this, &ThreadsPage::simulationStatusChanged);
    connect(m_simulation.get(), &Simulation::finished, this, &ThreadsPage::simulationFinished);
    connect(m_simulation.get(), &Simulation::deadlockDetected, this, &ThreadsPage::showDeadlock);
    connect(m_settings, &SettingsPanel::capacityChanged, this, &ThreadsPage::applyCapacity);
    connect(m_settings, &SettingsPanel::speedChanged, this, &ThreadsPage::applySpeed);
    connect(m_settings, &SettingsPanel::delayChanged, this, &ThreadsPage::applyDelay);
    connect(m_settings, &SettingsPanel::configChanged, this, &ThreadsPage::settingsChanged);

    showSpeed(m_settings->speed());
    showIdleScene();
    updateActions();
    updateStatusText();
}

ThreadsPage::~ThreadsPage()
{
    m_frameTimer.stop();
    disconnect(m_simulation.get(), nullptr, this, nullptr);
    m_simulation.reset(); // stops the run and waits for its threads
}

QWidget *ThreadsPage::createCentre()
{
    m_bufferView = new BufferView;
    connect(m_bufferView, &BufferView::recordClicked, this, &ThreadsPage::openRecordCard);
    m_syncPanel = new SyncPanel;

    m_workerModel = new WorkerTableModel(this);
    m_workerView = createTableView(m_workerModel, fontMetrics());
    const QFontMetrics metrics = fontMetrics();
    m_workerView->horizontalHeader()->setSectionResizeMode(WorkerTableModel::StateColumn,
                                                           QHeaderView::Stretch);
    m_workerView->setColumnWidth(WorkerTableModel::WorkerColumn,
                                 metrics.horizontalAdvance(tr("Consumer 8")) + 16);
    m_workerView->setColumnWidth(WorkerTableModel::ItemsColumn, metrics.horizontalAdvance(u"100000"_s) + 14);
    m_workerView->setColumnWidth(WorkerTableModel::BlockedColumn,
                                 metrics.horizontalAdvance(tr("Blocked (s)")) + 18);
    m_statisticsPanel = new StatisticsPanel;

    auto *middle = new QSplitter(Qt::Horizontal);
    middle->setObjectName(u"threadsMiddleSplitter"_s);
    m_middleSplitter = middle;
    middle->setChildrenCollapsible(false);
    middle->addWidget(m_workerView);
    middle->addWidget(m_statisticsPanel);
    middle->setSizes({505, 535});

    m_studentModel = new StudentTableModel(this);
    m_studentSort = new QSortFilterProxyModel(this);
    m_studentSort->setSourceModel(m_studentModel);
    m_studentSort->setSortRole(StudentTableModel::SortRole);
    m_studentView = createTableView(m_studentSort, fontMetrics());
    // Unsorted (arrival order) until the teacher clicks a column: sorting every insertion costs.
    m_studentView->horizontalHeader()->setSortIndicatorClearable(true);
    m_studentView->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
    m_studentView->setSortingEnabled(true);
    m_studentView->horizontalHeader()->setSectionResizeMode(StudentTableModel::CoursesColumn,
                                                            QHeaderView::Stretch);
    m_studentView->setColumnWidth(StudentTableModel::NumberColumn,
                                  metrics.horizontalAdvance(u"100000"_s) + 24);
    m_studentView->setColumnWidth(StudentTableModel::NameColumn,
                                  metrics.horizontalAdvance(u"Christopher Hernandez"_s) + 24);
    m_studentView->setColumnWidth(StudentTableModel::IdColumn,
                                  metrics.horizontalAdvance(tr("Student ID")) + 30);
    m_studentView->setColumnWidth(StudentTableModel::ProgrammeColumn,
                                  metrics.horizontalAdvance(u"Information Technology"_s) + 44);
    m_studentView->setColumnWidth(StudentTableModel::AverageColumn,
                                  metrics.horizontalAdvance(tr("Average")) + 30);
    m_studentView->setColumnWidth(StudentTableModel::ResultColumn,
                                  metrics.horizontalAdvance(tr("ERROR")) + 30);

    m_logModel = new LogModel(this);
    m_logFilter = new LogFilterModel(this);
    m_logFilter->setSourceModel(m_logModel);
    m_logView = new QListView;
    m_logView->setModel(m_logFilter);
    m_logView->setUniformItemSizes(true);
    m_logView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_logView->setSelectionMode(QAbstractItemView::ExtendedSelection);
    QFont logFont = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    logFont.setPointSizeF(qMax(logFont.pointSizeF(), ViewHelpers::MinimumPointSize - 0.5));
    m_logView->setFont(logFont);
    m_logWorkers = new QComboBox;
    m_logWorkers->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    connect(m_logWorkers, &QComboBox::currentIndexChanged, this, [this](int index) {
        m_logFilter->setSource(m_logWorkers->itemData(index).toInt());
        m_logView->scrollToBottom();
    });
    // The worker filter sits in the tab bar's corner, shown with the log: the log keeps every row.
    auto *filter = new QWidget;
    auto *filterRow = new QHBoxLayout(filter);
    filterRow->setContentsMargins(4, 2, 4, 2);
    auto *filterLabel = new QLabel(tr("Show"));
    filterLabel->setBuddy(m_logWorkers);
    filterRow->addWidget(filterLabel);
    filterRow->addWidget(m_logWorkers);

    m_studentView->setToolTip(tr("Double-click a student, or press Enter, to follow the record on its card"));
    connect(m_studentView, &QAbstractItemView::activated, this, [this](const QModelIndex &index) {
        openRecordCard(m_studentSort->index(index.row(), StudentTableModel::NumberColumn).data().toInt());
    });

    m_timeline = new TimelineView;
    m_charts = new RunCharts(RunCharts::Mode::Full);

    auto *tabs = new QTabWidget;
    m_detailTabs = tabs;
    tabs->setDocumentMode(true);
    tabs->addTab(m_studentView, tr("Processed students"));
    tabs->addTab(m_logView, tr("Log"));
    tabs->addTab(m_timeline, tr("Timeline"));
    tabs->setTabToolTip(2, tr("What every thread was doing when: one lane per thread"));
    // In a scroll area: the two charts' minimum height must not become the bottom pane's.
    auto *chartsScroll = new QScrollArea;
    chartsScroll->setWidget(m_charts);
    chartsScroll->setWidgetResizable(true);
    chartsScroll->setFrameShape(QFrame::NoFrame);
    chartsScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    tabs->addTab(chartsScroll, tr("Charts"));
    tabs->setTabToolTip(3, tr("How full the buffer was, and how many students were finished per second"));
    tabs->setCornerWidget(filter, Qt::TopRightCorner);
    // Item views take no name from a label: screen readers get these.
    m_workerView->setAccessibleName(tr("Threads"));
    m_workerView->setAccessibleDescription(tr("Each thread's state, items and time blocked"));
    m_studentView->setAccessibleName(tr("Processed students"));
    m_studentView->setAccessibleDescription(m_studentView->toolTip());
    m_logView->setAccessibleName(tr("Log"));
    m_logView->setAccessibleDescription(tr("What every thread did, newest last"));
    m_logWorkers->setAccessibleName(tr("Show the log of"));
    tabs->tabBar()->setAccessibleName(tr("Run details"));
    filter->setVisible(false);
    ViewHelpers::trackBottom(m_logView, &m_followLog, this);
    ViewHelpers::trackBottom(m_studentView, &m_followStudents, this);
    // A view that was hidden while rows arrived catches up when it is shown.
    connect(tabs, &QTabWidget::currentChanged, this, [this, filter](int index) {
        filter->setVisible(m_detailTabs->currentWidget() == m_logView);
        showDetailTab(index);
        if (m_followLog)
            m_logView->scrollToBottom();
        if (m_followStudents)
            m_studentView->scrollToBottom();
    });

    m_errorLabel = new QLabel;
    m_errorLabel->setWordWrap(true);
    Theme::setTone(m_errorLabel, Theme::Tone::AlarmBox);
    m_errorLabel->setVisible(false);
    auto *top = new QWidget;
    auto *topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->setSpacing(0);
    topLayout->addWidget(m_errorLabel);
    topLayout->addWidget(m_bufferView, 1);
    // The buffer's semaphores, mutex and conditions right under the buffer they guard.
    topLayout->addWidget(m_syncPanel);

    auto *centre = new QSplitter(Qt::Vertical);
    centre->setObjectName(u"threadsCentreSplitter"_s);
    m_centreSplitter = centre;
    centre->setChildrenCollapsible(false);
    centre->addWidget(top);
    centre->addWidget(middle);
    centre->addWidget(tabs);
    centre->setStretchFactor(0, 5);
    centre->setStretchFactor(1, 2);
    centre->setStretchFactor(2, 2);
    centre->setSizes({410, 195, 135});
    return centre;
}

void ThreadsPage::setCompact(bool compact)
{
    if (compact == m_compact)
        return;
    m_compact = compact;
    // Short screens (a laptop at 125 %, a projector at 200 %) have no height for three panes: the
    // worker table becomes the first of the detail tabs, and the tabs sit beside the numbers, so
    // the buffer, its semaphores and every number of the run stay in sight together.
    if (compact) {
        m_detailTabs->insertTab(0, m_workerView, tr("Threads"));
        m_detailTabs->setTabToolTip(0,
                                    tr("What each producer and consumer is doing, and how long it waited"));
        m_middleSplitter->insertWidget(0, m_detailTabs);
        m_middleSplitter->setStretchFactor(0, 3);
        m_middleSplitter->setStretchFactor(1, 2);
        m_detailTabs->setCurrentIndex(0);
    } else {
        const int current = m_detailTabs->currentIndex();
        m_detailTabs->removeTab(0);
        m_middleSplitter->insertWidget(0, m_workerView);
        m_centreSplitter->addWidget(m_detailTabs);
        m_centreSplitter->setStretchFactor(2, 2);
        m_detailTabs->setCurrentIndex(qMax(0, current - 1));
    }
    layout()->invalidate();
    layout()->activate();
}

void ThreadsPage::setSettingsVisible(bool visible)
{
    ViewHelpers::setSettingsVisible(this, m_settingsScroll, visible);
    Q_EMIT settingsVisibleChanged(visible);
}

bool ThreadsPage::isSettingsVisible() const
{
    return !m_settingsScroll->isHidden();
}

void ThreadsPage::createActions()
{
    m_startAction = new QAction(style()->standardIcon(QStyle::SP_MediaPlay), tr("&Start"), this);
    ViewHelpers::setShortcuts(m_startAction, {QKeySequence(Qt::Key_F5), QKeySequence(Qt::Key_Space)},
                              tr("Start a new run with these settings"));
    connect(m_startAction, &QAction::triggered, this, &ThreadsPage::start);
    // Space pauses and resumes: only one of Start and Pause is enabled at a time, so they can share it.
    m_pauseAction = new QAction(style()->standardIcon(QStyle::SP_MediaPause), tr("&Pause"), this);
    ViewHelpers::setShortcuts(m_pauseAction, {QKeySequence(Qt::Key_Space)},
                              tr("Pause or resume every thread"));
    connect(m_pauseAction, &QAction::triggered, this, &ThreadsPage::togglePause);
    m_stopAction = new QAction(style()->standardIcon(QStyle::SP_MediaStop), tr("St&op"), this);
    ViewHelpers::setShortcuts(m_stopAction, {QKeySequence(Qt::Key_Escape)},
                              tr("Stop the run: every thread ends, wherever it waits"));
    connect(m_stopAction, &QAction::triggered, this, &ThreadsPage::stop);
    m_stepAction = new QAction(style()->standardIcon(QStyle::SP_MediaSeekForward), tr("S&tep"), this);
    ViewHelpers::setShortcuts(m_stepAction, {QKeySequence(Qt::Key_Period)},
                              tr("While paused: let exactly one insert or remove happen, then pause again"));
    connect(m_stepAction, &QAction::triggered, this, &ThreadsPage::step);
    m_resetAction = new QAction(style()->standardIcon(QStyle::SP_BrowserReload), tr("&Reset"), this);
    ViewHelpers::setShortcuts(
        m_resetAction, {QKeySequence(Qt::CTRL | Qt::Key_R)},
        tr("Stop any run and clear the buffer, the tables, the log and the statistics"));
    connect(m_resetAction, &QAction::triggered, this, &ThreadsPage::reset);
}

void ThreadsPage::start()
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (m_simulation->isActive())
        return;
    m_resetPending = false;
    clearRun();
    const SimulationConfig config = m_settings->config();
    m_startErrors = m_simulation->start(config);
    if (!m_startErrors.isEmpty()) {
        showStartErrors(m_startErrors);
        showIdleScene();
        return;
    }
    m_errorLabel->setVisible(false);
    m_cleared = false;

    const SimulationStatistics initial = m_simulation->statistics();
    m_workerNames.clear();
    QList<BufferScene::Lane> lanes;
    QList<WorkerRole> roles;
    for (int i = 0; i < m_simulation->workerCount(); ++i) {
        m_workerNames.append(m_simulation->workerName(i));
        roles.append(m_simulation->workerRole(i));
        lanes.append(
            BufferScene::Lane {m_simulation->workerName(i), m_simulation->workerRole(i), LaneActivity::Idle,
                               Translations::display("WorkerState", describe(WorkerState::Idle)), -1});
    }
    m_syncPanel->setWorkers(m_workerNames, roles);
    m_syncPanel->clearDeadlock();
    m_timeline->setWorkers(m_workerNames, roles);
    m_charts->reset(config.capacity);
    m_runJournal.clear();
    m_journalTruncated = false;
    // The workers have started: if one holds the strategy's bookkeeping lock right now, the first
    // frame shows the objects instead.
    if (const std::optional<SyncSnapshot> sync = m_simulation->trySyncSnapshot())
        m_syncPanel->setSnapshot(*sync);
    m_workerModel->setWorkers(initial.workers);
    setWorkerFilterChoices(m_workerNames);
    BufferScene &scene = m_bufferView->scene();
    scene.setLanes(lanes);
    m_bufferView->setTitle(tr("Buffer (%1)").arg(config.strategy));
    // A run starts with an empty buffer, and the journal tells every insert since: starting from
    // a snapshot instead would show records whose colour is still on its way.
    scene.reset(config.capacity);
    m_bufferView->update();
    m_settings->showSeedUsed(m_simulation->seed());
    m_statisticsPanel->showLive(initial);

    m_animationClock.start();
    m_statisticsClock.start();
    m_frameTimer.start();
    updateActions();
    updateStatusText();
}

void ThreadsPage::togglePause()
{
    switch (m_simulation->status()) {
    case Simulation::Status::Running:
        m_simulation->pause();
        break;
    case Simulation::Status::Paused:
        m_simulation->resume();
        break;
    case Simulation::Status::Idle:
    case Simulation::Status::Finished:
    case Simulation::Status::Stopped:
        start();
        break;
    }
}

void ThreadsPage::stop()
{
    if (!m_simulation->isActive())
        return;
    // The panel keeps the moment of the stop (or of the last frame, if a worker holds the
    // strategy's bookkeeping lock right now): afterwards the stopped buffer's counts mean nothing.
    if (!m_syncFrozen) {
        if (const std::optional<SyncSnapshot> sync = m_simulation->trySyncSnapshot())
            m_syncPanel->setSnapshot(*sync);
        m_syncFrozen = true;
    }
    m_simulation->stop();
}

void ThreadsPage::step()
{
    if (m_simulation->status() != Simulation::Status::Paused)
        return;
    m_simulation->step();
    // The frame timer drains while paused too: the step's insert or remove shows up next frame.
    if (!m_frameTimer.isActive())
        m_frameTimer.start();
}

void ThreadsPage::reset()
{
    if (m_simulation->isActive()) {
        // Clears once every thread has ended (simulationFinished()), without blocking the GUI.
        m_resetPending = true;
        m_syncFrozen = true;
        m_simulation->stop();
        return;
    }
    clearRun();
    showIdleScene();
    updateActions();
    updateStatusText();
}

void ThreadsPage::processFrame()
{
    Q_ASSERT(QThread::currentThread() == thread());
    // Nothing here waits for a lock a worker can hold: the workers run at a low priority, and on a
    // busy machine one descheduled while it holds a lock may not run again for a while. What a
    // worker holds right now (events, results, the buffer's slots, the synchronization objects, a
    // new capacity) comes with a later frame; until then the views keep what they show.
    const std::vector<JournalEvent> events = m_simulation->takeEvents();
    if (m_capacityPending && !m_simulation->isCapacityPending()) {
        m_capacityPending = false; // applied by takeEvents(): the scene follows the new layout
        m_resyncWanted = true;
    }
    std::vector<ProcessedRecord> results = m_simulation->takeResults();
    // After the events: the checker has seen them.
    const std::vector<CheckerFinding> findings = m_simulation->takeFindings();
    m_history.apply(events);
    m_history.apply(results);
    m_history.apply(findings);
    keepJournal(events);
    // Both only store the batch; they repaint at most once a frame (the timeline) or every
    // RunCharts::RefreshIntervalMs (the charts).
    m_timeline->apply(events);
    m_charts->apply(events);

    BufferScene &scene = m_bufferView->scene();
    const bool hadTokens = scene.hasTokens();
    int transfers = 0;
    for (const JournalEvent &event : events) {
        if (event.kind == JournalEvent::Kind::Inserted || event.kind == JournalEvent::Kind::Removed)
            ++transfers;
    }
    scene.beginFrame(m_animationClock.isValid() ? m_animationClock.elapsed() : 0, transfers);
    // Records move in order; a lane only shows where its worker ended up this frame.
    std::vector<const JournalEvent *> lastState(std::size_t(qMax(0, m_simulation->workerCount())), nullptr);
    for (const JournalEvent &event : events) {
        switch (event.kind) {
        case JournalEvent::Kind::StateChanged:
            if (event.worker >= 0 && std::size_t(event.worker) < lastState.size())
                lastState[std::size_t(event.worker)] = &event;
            break;
        case JournalEvent::Kind::Inserted:
            scene.insert(event.worker, event.record, event.slot, event.programme);
            break;
        case JournalEvent::Kind::Removed:
            scene.remove(event.worker, event.record, event.slot);
            break;
        case JournalEvent::Kind::Processed:
        case JournalEvent::Kind::Failed:
            break;
        }
    }
    // After a deadlock the lanes keep saying who waited for what: that is the lesson, not "done".
    for (const JournalEvent *event : lastState) {
        if (event && !m_deadlock)
            scene.setLaneState(event->worker, laneActivity(event->state),
                               Translations::display("WorkerState", describe(event->state)), event->record);
    }
    // While a shrink drains, the ring re-lays itself out without an event: follow the buffer.
    if (scene.needsResync() || scene.isDraining() || m_resyncWanted)
        syncScene();
    // The first race of a run is news for a screen reader too; the later ones are counted in the
    // buffer view's description rather than announced one by one (clearRun() clears it).
    if (!findings.empty() && m_bufferView->accessibleDescription().isEmpty()) {
        const CheckerFinding &first = findings.front();
        PaintedListAccessible::announce(
            m_bufferView, tr("Race caught: %1.").arg(first.describe(m_workerNames.value(first.worker))));
    }
    for (const CheckerFinding &finding : findings) {
        scene.flagRecord(finding.record);
        // A record written over, or an empty slot taken: the slot itself is where it went wrong.
        if (finding.kind == CheckerFinding::Kind::Overwritten
            || finding.kind == CheckerFinding::Kind::Phantom)
            scene.flagSlot(finding.slot);
    }
    // The latest state only, whatever happened in between; it repaints only if it changed.
    if (m_simulation->isActive() && !m_syncFrozen) {
        if (const std::optional<SyncSnapshot> sync = m_simulation->trySyncSnapshot())
            m_syncPanel->setSnapshot(*sync);
    }

    m_pendingEvents.insert(m_pendingEvents.end(), events.begin(), events.end());
    m_pendingFindings.insert(m_pendingFindings.end(), findings.begin(), findings.end());
    m_pendingResults.insert(m_pendingResults.end(), std::make_move_iterator(results.begin()),
                            std::make_move_iterator(results.end()));
    if (!m_tablesClock.isValid() || m_tablesClock.elapsed() >= TablesIntervalMs || !m_simulation->isActive())
        flushTables();
    if (!events.empty() || !findings.empty() || hadTokens || scene.hasTokens())
        m_bufferView->update();

    if (m_simulation->isActive() && m_statisticsClock.isValid()
        && m_statisticsClock.elapsed() >= StatisticsIntervalMs) {
        m_statisticsClock.restart();
        refreshStatistics();
    }
    if (!m_simulation->isActive() && !scene.hasTokens())
        m_frameTimer.stop();
}

void ThreadsPage::flushTables()
{
    m_tablesClock.start();
    m_workerModel->applyEvents(m_pendingEvents);
    if (!m_pendingEvents.empty() || !m_pendingResults.empty() || !m_pendingFindings.empty()) {
        m_logModel->appendFrame(m_pendingEvents, m_pendingResults, m_pendingFindings, m_workerNames,
                                m_simulation->config().capacity, MaxLogLinesPerFrame,
                                MaxCheckerLinesPerFrame);
        if (m_followLog)
            m_logView->scrollToBottom();
        m_studentModel->append(m_pendingResults);
        if (m_followStudents && !m_pendingResults.empty())
            m_studentView->scrollToBottom();
    }
    m_pendingEvents.clear();
    m_pendingResults.clear();
    m_pendingFindings.clear();
    // The open card follows its record as it moves on.
    if (m_recordCard && m_recordCard->isVisible()
        && m_history.journey(m_recordCard->record()).size() != m_recordCard->journey().size())
        fillRecordCard(m_recordCard->record());
}

void ThreadsPage::syncScene()
{
    const std::optional<BufferSnapshot> snapshot = m_simulation->tryBufferSnapshot();
    // A worker holds the buffer's lock: the scene keeps its picture, and the next frame tries again.
    m_resyncWanted = !snapshot;
    if (!snapshot)
        return;
    m_bufferView->scene().sync(*snapshot);
    m_bufferView->update();
}

void ThreadsPage::refreshStatistics()
{
    const SimulationStatistics statistics = m_simulation->statistics();
    if (m_simulation->isActive()) {
        // The views reach now even while nothing happens (every worker waiting).
        const qint64 nowNs = qint64(statistics.elapsedS * 1e9);
        m_timeline->setNow(nowNs);
        m_charts->setNow(nowNs);
    }
    m_statisticsPanel->showLive(statistics);
    m_workerModel->updateStatistics(statistics.workers);
    updateStatusText();
}

void ThreadsPage::simulationStatusChanged()
{
    m_settings->setRunActive(m_simulation->isActive());
    updateBanner();
    updateActions();
    updateStatusText();
}

void ThreadsPage::updateBanner()
{
    if (m_deadlock)
        m_bufferView->setBanner(m_deadlock->summary, BufferView::BannerTone::Alarm);
    else if (m_simulation->status() == Simulation::Status::Paused)
        m_bufferView->setBanner(tr("Paused — press Space to resume, or . to take one step"));
    else
        m_bufferView->setBanner({});
}

void ThreadsPage::showDeadlock(const DeadlockReport &report)
{
    // Emitted before the run is stopped: the buffer still shows the standstill. Everything up to
    // now first, then the picture of the moment, kept.
    processFrame();
    m_deadlock = report;
    // Deadlocked threads hold no bookkeeping lock; should one be on its way, the last frame's
    // picture (16 ms old) stays.
    if (const std::optional<SyncSnapshot> sync = m_simulation->trySyncSnapshot())
        m_syncPanel->setSnapshot(*sync);
    m_syncFrozen = true;
    m_syncPanel->setDeadlock(report);
    m_bufferView->scene().setAlarmLanes(report.cycle);
    updateBanner();
    PaintedListAccessible::announce(
        m_bufferView,
        tr("%1. %2 The run is stopped.").arg(report.summary, report.steps.join(u". "_s) + u'.'));
    flushTables();
    const qint64 nowNs = qint64(m_simulation->statistics().elapsedS * 1e9);
    QList<LogEntry> lines;
    // The summary names itself: "Deadlock: Producer 1 → Consumer 1 → Producer 1", "Stalled: ...".
    lines.append(LogEntry {nowNs, -1, EventFormatter::timestamp(nowNs) + report.summary, true});
    for (const QString &step : report.steps)
        lines.append(LogEntry {nowNs, -1, EventFormatter::timestamp(nowNs) + u"    "_s + step, true});
    lines.append(LogEntry {
        nowNs, -1, EventFormatter::timestamp(nowNs) + u"    the run is stopped: it could never go on"_s,
        true});
    m_logModel->append(lines);
    if (m_followLog)
        m_logView->scrollToBottom();
    refreshStatistics();
    m_bufferView->update();
}

void ThreadsPage::simulationFinished()
{
    processFrame();
    syncScene();
    // A run that ended by itself: the objects as it left them (all slots free, nobody waiting).
    // Every worker has ended, so nobody holds a lock.
    if (!m_syncFrozen)
        m_syncPanel->setSnapshot(m_simulation->syncSnapshot());
    const SimulationStatistics statistics = m_simulation->statistics();
    m_workerModel->updateStatistics(statistics.workers);
    const qint64 endNs = qint64(statistics.elapsedS * 1e9);
    m_timeline->finish(endNs);
    m_charts->finish(endNs);
    m_charts->showBlocked(statistics);
    m_statisticsPanel->showFinal(statistics);
    m_statisticsPanel->showCharts(*m_charts);
    if (statistics.xmlKept) {
        // Each run writes to a folder of its own (see RunDirectory): say which, or nobody finds it.
        m_logModel->append({LogEntry {
            endNs, -1, EventFormatter::timestamp(endNs) + u"XML files kept in %1"_s.arg(statistics.xmlDir),
            false}});
        if (m_followLog)
            m_logView->scrollToBottom();
    }
    if (m_bufferView->scene().hasTokens() && !m_frameTimer.isActive())
        m_frameTimer.start(); // let the last records land
    if (m_resetPending) {
        m_resetPending = false;
        clearRun();
        showIdleScene();
    }
    updateActions();
    updateStatusText();
}

void ThreadsPage::applyCapacity(int capacity)
{
    if (!m_simulation->isActive()) {
        showIdleScene();
        return;
    }
    // Events queued before the change name slots of the old layout: show them first.
    processFrame();
    m_simulation->setCapacity(capacity);
    m_charts->setCapacity(capacity);
    // A worker holding the buffer's lock defers the change to a later frame (see processFrame()).
    m_capacityPending = m_simulation->isCapacityPending();
    if (!m_capacityPending)
        syncScene();
    updateStatusText();
}

void ThreadsPage::applyDelay(WorkerRole role, DelayRange range)
{
    if (m_simulation->isActive())
        m_simulation->setDelay(role, range);
}

void ThreadsPage::applySpeed(double speed)
{
    showSpeed(speed);
    if (m_simulation->isActive())
        m_simulation->setSpeed(speed);
}

void ThreadsPage::showSpeed(double speed)
{
    int index = -1;
    for (int i = 0; i < m_speedCombo->count(); ++i) {
        if (qFuzzyCompare(m_speedCombo->itemData(i).toDouble(), speed))
            index = i;
    }
    if (index < 0) {
        // A scenario's speed between the stops: shown as it is, in its place among them.
        index = 0;
        while (index < m_speedCombo->count() && m_speedCombo->itemData(index).toDouble() < speed)
            ++index;
        m_speedCombo->insertItem(index, QString::number(speed) + u"\u00D7"_s, speed);
    }
    const QSignalBlocker blocker(m_speedCombo);
    m_speedCombo->setCurrentIndex(index);
}

void ThreadsPage::settingsChanged()
{
    // Edited settings are no longer the scenario's.
    m_scenarioTitle.clear();
    if (m_simulation->isActive())
        return;
    // Between runs the picture shows the run the settings describe, once the last one is cleared.
    const SimulationConfig config = m_settings->config();
    if (m_cleared)
        showIdleSync(config);
    const BufferScene &scene = m_bufferView->scene();
    if (m_cleared
        && (scene.capacity() != config.capacity || scene.laneCount(WorkerRole::Producer) != config.producers
            || scene.laneCount(WorkerRole::Consumer) != config.consumers))
        showIdleScene();
    updateStatusText();
}

void ThreadsPage::clearRun()
{
    m_frameTimer.stop();
    m_simulation->takeEvents();
    m_simulation->takeResults();
    m_simulation->takeFindings();
    m_pendingEvents.clear();
    m_pendingResults.clear();
    m_pendingFindings.clear();
    m_history.clear();
    m_runJournal.clear();
    m_journalTruncated = false;
    m_timeline->clear(); // the charts start over in showIdleScene() or start(), which follow
    m_deadlock.reset();
    m_syncFrozen = false;
    m_capacityPending = false;
    m_resyncWanted = false;
    m_syncPanel->clearDeadlock();
    PaintedListAccessible::clearAnnouncement(m_bufferView);
    if (m_recordCard)
        m_recordCard->hide(); // its record belonged to the run that is going
    updateBanner();
    m_logModel->clear();
    m_studentModel->clear();
    m_workerModel->clear();
    m_statisticsPanel->clear();
    m_errorLabel->setVisible(false);
    m_startErrors.clear();
    m_cleared = true;
}

void ThreadsPage::showIdleScene()
{
    // The run the settings describe, before it starts: idle lanes and an empty buffer.
    const SimulationConfig config = m_settings->config();
    QList<BufferScene::Lane> lanes;
    QList<WorkerStatistics> workers;
    QStringList names;
    for (const WorkerRole role : {WorkerRole::Producer, WorkerRole::Consumer}) {
        const int count = role == WorkerRole::Producer ? config.producers : config.consumers;
        for (int number = 1; number <= count; ++number) {
            const QString name = workerName(role, number);
            lanes.append(BufferScene::Lane {name, role, LaneActivity::Idle,
                                            Translations::display("WorkerState", describe(WorkerState::Idle)),
                                            -1});
            WorkerStatistics worker;
            worker.name = name;
            worker.role = role;
            worker.number = number;
            workers.append(worker);
            names.append(name);
        }
    }
    BufferScene &scene = m_bufferView->scene();
    scene.setLanes(lanes);
    scene.reset(config.capacity);
    m_bufferView->setTitle(tr("Buffer (%1)").arg(config.strategy));
    m_bufferView->update();
    if (m_cleared) {
        QList<WorkerRole> roles;
        for (const BufferScene::Lane &lane : std::as_const(lanes))
            roles.append(lane.role);
        m_syncPanel->setWorkers(names, roles);
        m_timeline->setWorkers(names, roles);
        m_charts->reset(config.capacity);
        showIdleSync(config);
        m_workerModel->setWorkers(workers);
        m_workerNames = names;
        setWorkerFilterChoices(names);
    }
}

void ThreadsPage::showIdleSync(const SimulationConfig &config)
{
    // The objects the chosen strategy will use, as they start: a fresh buffer's own snapshot.
    const std::unique_ptr<BufferStrategy> strategy = BufferStrategy::create(config.strategy, config.capacity);
    m_syncPanel->setSnapshot(strategy ? strategy->syncSnapshot() : SyncSnapshot {});
}

void ThreadsPage::setWorkerFilterChoices(const QStringList &names)
{
    const QString current = m_logWorkers->currentText();
    const QSignalBlocker blocker(m_logWorkers);
    m_logWorkers->clear();
    m_logWorkers->addItem(tr("All workers"), LogFilterModel::AllSources);
    for (int i = 0; i < names.size(); ++i)
        m_logWorkers->addItem(names.at(i), i);
    // Keep following the same worker from run to run, if it is still there.
    const int index = qMax(0, m_logWorkers->findText(current));
    m_logWorkers->setCurrentIndex(index);
    m_logFilter->setSource(m_logWorkers->itemData(index).toInt());
}

void ThreadsPage::showStartErrors(const QStringList &errors)
{
    m_errorLabel->setText(tr("Cannot start: %1").arg(errors.join(u"; "_s)));
    m_errorLabel->setVisible(true);
    updateStatusText();
}

void ThreadsPage::updateActions()
{
    const Simulation::Status status = m_simulation->status();
    const bool active = m_simulation->isActive();
    m_startAction->setEnabled(!active);
    m_stopAction->setEnabled(active);
    m_pauseAction->setEnabled(active);
    m_stepAction->setEnabled(status == Simulation::Status::Paused);
    if (status == Simulation::Status::Paused) {
        m_pauseAction->setText(tr("Res&ume"));
        m_pauseAction->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
    } else {
        m_pauseAction->setText(tr("&Pause"));
        m_pauseAction->setIcon(style()->standardIcon(QStyle::SP_MediaPause));
    }
}

void ThreadsPage::updateStatusText()
{
    QString text;
    const SimulationConfig config = m_simulation->isActive() ? m_simulation->config() : m_settings->config();
    if (!m_startErrors.isEmpty()) {
        text = tr("Cannot start: %1").arg(m_startErrors.join(u"; "_s));
    } else if (m_cleared && !m_simulation->isActive()) {
        const QString scenario
            = m_scenarioTitle.isEmpty() ? QString() : tr("scenario “%1”: ").arg(m_scenarioTitle);
        text = tr("Ready — %1%2, %3, %4 through a buffer of %5 (%6). Press Start or Space.")
                   .arg(scenario,
                        tr("%1 student(s)", nullptr, config.students)
                            .arg(StatisticsPanel::formatCount(config.students)),
                        tr("%Ln producer(s)", nullptr, config.producers),
                        tr("%Ln consumer(s)", nullptr, config.consumers), QString::number(config.capacity),
                        config.strategy);
    } else {
        const SimulationStatistics s = m_statisticsPanel->statistics();
        const QString consumed
            = tr("%1 of %2 students consumed")
                  .arg(StatisticsPanel::formatCount(s.consumed), StatisticsPanel::formatCount(s.students));
        const QString rate = tr("%1 students/s")
                                 .arg(StatisticsPanel::formatNumber(s.studentsPerSecond(),
                                                                    s.studentsPerSecond() < 10.0 ? 1 : 0));
        switch (m_simulation->status()) {
        case Simulation::Status::Running:
            text = tr("Running — %1, %2").arg(consumed, rate);
            break;
        case Simulation::Status::Paused:
            text = tr("Paused — %1. Press Space to resume, or . to take one step.").arg(consumed);
            break;
        case Simulation::Status::Finished:
            text = tr("Finished — %1 in %2 s, %3")
                       .arg(consumed, StatisticsPanel::formatNumber(s.elapsedS, 2), rate);
            break;
        case Simulation::Status::Stopped:
            text
                = m_deadlock ? tr("Stopped — %1").arg(m_deadlock->summary) : tr("Stopped — %1").arg(consumed);
            break;
        case Simulation::Status::Idle:
            text = tr("Ready");
            break;
        }
        if (s.lost + s.duplicated > 0)
            text
                += tr(" — CHECKER: %1 lost, %2 duplicated")
                       .arg(StatisticsPanel::formatCount(s.lost), StatisticsPanel::formatCount(s.duplicated));
    }
    if (text == m_statusText)
        return;
    m_statusText = text;
    Q_EMIT statusTextChanged(text);
}

bool ThreadsPage::eventFilter(QObject *watched, QEvent *event)
{
    // The settings' text fields (spin boxes, the seed) have no use for Space or Esc; without this
    // they would claim the keys and the shortcuts would not fire while one has the focus.
    if (event->type() == QEvent::ShortcutOverride || event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        const bool space = key->key() == Qt::Key_Space && key->modifiers() == Qt::NoModifier;
        const bool escape = key->key() == Qt::Key_Escape && key->modifiers() == Qt::NoModifier;
        // A period means nothing to whole numbers either; while paused it is a step.
        const bool period = key->key() == Qt::Key_Period && (key->modifiers() & ~Qt::KeypadModifier) == 0
            && m_simulation->status() == Simulation::Status::Paused;
        if (space || escape || period) {
            event->accept();
            if (event->type() == QEvent::KeyPress && !key->isAutoRepeat()) {
                if (space)
                    togglePause();
                else if (escape)
                    stop();
                else
                    step();
            }
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void ThreadsPage::openRecordCard(int record)
{
    Q_ASSERT(QThread::currentThread() == thread());
    if (record < 0 || m_cleared)
        return;
    if (!m_recordCard) {
        m_recordCard = new RecordCard(this);
        // Space and "." go on working while the card has the focus: step, and watch the record move.
        auto *space = new QShortcut(QKeySequence(Qt::Key_Space), m_recordCard);
        connect(space, &QShortcut::activated, this, &ThreadsPage::togglePause);
        auto *period = new QShortcut(QKeySequence(Qt::Key_Period), m_recordCard);
        connect(period, &QShortcut::activated, this, &ThreadsPage::step);
    }
    flushTables(); // the record's latest rows and steps
    fillRecordCard(record);
    m_recordCard->show();
    m_recordCard->raise();
    m_recordCard->activateWindow();
}

void ThreadsPage::fillRecordCard(int record)
{
    // The record as a consumer read it back, if one did; else as its producer made it.
    const int row = m_studentModel->rowOf(record);
    const QString generatedNote
        = tr("Not processed yet: the fields are as its producer generated them from the run's seed (%1).")
              .arg(m_simulation->seed());
    if (row >= 0 && m_studentModel->row(row).error.isEmpty()) {
        const StudentTableModel::Row &processed = m_studentModel->row(row);
        const int consumer = processed.consumer;
        const QString who = consumer >= 0 && consumer < m_workerNames.size() ? m_workerNames.at(consumer)
                                                                             : tr("a consumer");
        m_recordCard->setRecord(record, StudentTableModel::student(processed), RecordCard::Source::Processed,
                                tr("As %1 read it back from its XML file.").arg(who));
    } else {
        const QString note = row >= 0 ? tr("Its file could not be read (%1). The fields are as its producer "
                                           "generated them from the run's "
                                           "seed (%2).")
                                            .arg(m_studentModel->row(row).error)
                                            .arg(m_simulation->seed())
                                      : generatedNote;
        m_recordCard->setRecord(record, StudentGenerator(m_simulation->seed()).generate(record),
                                RecordCard::Source::Generated, note);
    }
    m_recordCard->setJourney(m_history.journey(record), m_workerNames);
}

QString ThreadsPage::loadScenario(const QString &path)
{
    QString error;
    QString title;
    std::optional<SimulationConfig> config = Scenario::load(path, &error, &title);
    if (!config)
        return error;
    // A run in progress makes way (it clears once its threads have ended).
    if (m_simulation->isActive())
        reset();
    // Where the XML files go is this computer's business, not the scenario's.
    config->xmlDir = m_settings->config().xmlDir;
    m_settings->setConfig(*config);
    m_scenarioTitle = title.isEmpty() ? QFileInfo(path).completeBaseName() : title;
    updateStatusText();
    Q_EMIT scenarioLoaded(m_scenarioTitle);
    return {};
}

QString ThreadsPage::saveScenario(const QString &path, const QString &title) const
{
    return Scenario::save(path, m_settings->config(), title);
}

QList<std::pair<QString, QString>> ThreadsPage::exampleScenarios()
{
    QList<std::pair<QString, QString>> examples;
    const QDir directory(u":/bufferlab/scenarios"_s);
    const QStringList files = directory.entryList({u"*.blscenario"_s}, QDir::Files, QDir::Name);
    for (const QString &file : files) {
        const QString path = directory.filePath(file);
        QString error;
        QString title;
        if (Scenario::load(path, &error, &title))
            examples.append({path, title.isEmpty() ? QFileInfo(file).completeBaseName() : title});
    }
    return examples;
}

void ThreadsPage::keepJournal(const std::vector<JournalEvent> &events)
{
    const std::size_t room = MaxJournalEvents - qMin(MaxJournalEvents, m_runJournal.size());
    if (events.size() > room)
        m_journalTruncated = true;
    const std::size_t count = qMin(room, events.size());
    m_runJournal.insert(m_runJournal.end(), events.begin(), events.begin() + std::ptrdiff_t(count));
}

void ThreadsPage::showDetailTab(int index)
{
    // The timeline and the charts need room to be read: a short bottom pane grows, taking the
    // space from the buffer view first (it has the most to spare), then from the numbers.
    QWidget *widget = m_detailTabs->widget(index);
    if (widget != m_timeline && !widget->isAncestorOf(m_charts))
        return;
    QList<int> sizes = m_centreSplitter->sizes();
    if (sizes.size() != 3)
        return;
    constexpr int Wanted = 360;
    // The buffer keeps what it needs to be drawn whole; the worker table keeps a few rows.
    if (m_compact)
        return; // the tabs share the bottom row with the numbers; nothing to take from
    const std::array<int, 2> floors = {m_centreSplitter->widget(0)->minimumSizeHint().height() + 20,
                                       qMax(m_centreSplitter->widget(1)->minimumSizeHint().height(), 130)};
    int missing = Wanted - sizes[2];
    for (const int pane : {0, 1}) {
        if (missing <= 0)
            break;
        const int take = qMin(qMax(0, sizes[pane] - floors[std::size_t(pane)]), missing);
        sizes[pane] -= take;
        sizes[2] += take;
        missing -= take;
    }
    m_centreSplitter->setSizes(sizes);
}

QString ThreadsPage::suggestedExportName(Export what) const
{
    const QString base = u"bufferlab-"_s + m_simulation->config().strategy;
    switch (what) {
    case Export::JournalCsv:
        return base + u"-journal.csv"_s;
    case Export::JournalJson:
        return base + u"-journal.json"_s;
    case Export::StatisticsJson:
        return base + u"-statistics.json"_s;
    case Export::StatisticsCsv:
        return base + u"-statistics.csv"_s;
    case Export::TimelinePng:
        return base + u"-timeline.png"_s;
    case Export::ChartsPng:
        return base + u"-charts.png"_s;
    }
    return base;
}

QString ThreadsPage::exportRun(Export what, const QString &path)
{
    if (!hasRun())
        return tr("There is no run to save yet: start one first.");
    // A run in progress is saved as it is at this moment.
    if (m_simulation->isActive())
        processFrame();
    const SimulationStatistics statistics = m_simulation->statistics();
    switch (what) {
    case Export::JournalCsv:
        return RunExporter::exportJournalCsv(path, m_runJournal, m_workerNames);
    case Export::JournalJson:
        return RunExporter::exportJournalJson(path, m_runJournal, m_workerNames, statistics);
    case Export::StatisticsJson:
        return RunExporter::exportStatisticsJson(path, statistics);
    case Export::StatisticsCsv:
        return RunExporter::exportStatisticsCsv(path, statistics);
    case Export::TimelinePng:
        // A tab that is not shown is drawn at a size that reads well on a slide.
        return RunExporter::exportWidgetPng(
            path, m_timeline,
            m_timeline->isVisible() ? QSize() : QSize(1600, qMax(420, m_timeline->sizeHint().height())));
    case Export::ChartsPng:
        m_charts->refresh();
        return RunExporter::exportImagePng(path, m_charts->renderSheet());
    }
    return {};
}
