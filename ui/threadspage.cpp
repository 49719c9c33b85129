#include "threadspage.h"

#include "bufferview.h"
#include "laneactivity.h"
#include "logfiltermodel.h"
#include "logmodel.h"
#include "settingspanel.h"
#include "statisticspanel.h"
#include "studenttablemodel.h"
#include "workertablemodel.h"

#include <QAbstractSpinBox>
#include <QAction>
#include <QComboBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QScrollArea>
#include <QScrollBar>
#include <QShortcut>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStyle>
#include <QTableView>
#include <QTabWidget>
#include <QThread>
#include <QToolBar>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {

constexpr qreal MinimumPointSize = 11.0;

// Keeps *follow true while the view is scrolled to the bottom: once the user scrolls up, new
// rows no longer pull the view down; scrolling back to the bottom follows again.
void trackBottom(QAbstractItemView *view, bool *follow, QObject *context)
{
    QScrollBar *bar = view->verticalScrollBar();
    QObject::connect(bar, &QAbstractSlider::actionTriggered, context, [bar, follow, context] {
        // The action has not moved the bar yet when this is emitted.
        QTimer::singleShot(0, context, [bar, follow] { *follow = bar->value() >= bar->maximum() - 2; });
    });
    QObject::connect(bar, &QAbstractSlider::sliderReleased, context,
                     [bar, follow] { *follow = bar->value() >= bar->maximum() - 2; });
}

QString plural(qint64 count, const QString &one, const QString &many)
{
    return StatisticsPanel::formatCount(count) + QLatin1Char(' ') + (count == 1 ? one : many);
}

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
    return view;
}

} // namespace

ThreadsPage::ThreadsPage(QWidget *parent) : QWidget(parent), m_simulation(std::make_unique<Simulation>())
{
    // Sixteen busy threads on a two-core laptop would otherwise leave the window a sliver of CPU:
    // the run's threads yield to the GUI (and to nothing else when the machine is idle).
    m_simulation->setWorkerPriority(QThread::IdlePriority);

    // Readable from the back of a lecture hall; children inherit it.
    QFont pageFont = font();
    if (pageFont.pointSizeF() > 0.0 && pageFont.pointSizeF() < MinimumPointSize) {
        pageFont.setPointSizeF(MinimumPointSize);
        setFont(pageFont);
    }

    m_settings = new SettingsPanel;
    auto *settingsScroll = new QScrollArea;
    settingsScroll->setWidget(m_settings);
    settingsScroll->setWidgetResizable(true);
    settingsScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    settingsScroll->setMinimumWidth(280);

    createActions();
    auto *toolBar = new QToolBar(u"Run"_s);
    toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolBar->setIconSize(QSize(22, 22));
    toolBar->addAction(m_startAction);
    toolBar->addAction(m_pauseAction);
    toolBar->addAction(m_stopAction);
    toolBar->addSeparator();
    toolBar->addAction(m_resetAction);

    auto *splitter = new QSplitter(Qt::Horizontal);
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(settingsScroll);
    splitter->addWidget(createCentre());
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({310, 1050});

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(toolBar);
    layout->addWidget(splitter, 1);

    // Space and Esc work wherever the focus is in this tab: spin boxes and the seed field get no
    // use from a space, so they hand it over too (see eventFilter()).
    auto *space = new QShortcut(QKeySequence(Qt::Key_Space), this);
    space->setContext(Qt::WindowShortcut);
    connect(space, &QShortcut::activated, this, &ThreadsPage::togglePause);
    auto *escape = new QShortcut(QKeySequence(Qt::Key_Escape), this);
    escape->setContext(Qt::WindowShortcut);
    connect(escape, &QShortcut::activated, this, &ThreadsPage::stop);
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
    connect(m_settings, &SettingsPanel::capacityChanged, this, &ThreadsPage::applyCapacity);
    connect(m_settings, &SettingsPanel::delayChanged, this, &ThreadsPage::applyDelay);
    connect(m_settings, &SettingsPanel::configChanged, this, &ThreadsPage::settingsChanged);

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

    m_workerModel = new WorkerTableModel(this);
    m_workerView = createTableView(m_workerModel, fontMetrics());
    const QFontMetrics metrics = fontMetrics();
    m_workerView->horizontalHeader()->setSectionResizeMode(WorkerTableModel::StateColumn,
                                                           QHeaderView::Stretch);
    m_workerView->setColumnWidth(WorkerTableModel::WorkerColumn,
                                 metrics.horizontalAdvance(u"Consumer 8"_s) + 16);
    m_workerView->setColumnWidth(WorkerTableModel::ItemsColumn, metrics.horizontalAdvance(u"100000"_s) + 14);
    m_workerView->setColumnWidth(WorkerTableModel::BlockedColumn,
                                 metrics.horizontalAdvance(u"Blocked (s)"_s) + 18);
    m_statisticsPanel = new StatisticsPanel;

    auto *middle = new QSplitter(Qt::Horizontal);
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
                                  metrics.horizontalAdvance(u"Student ID"_s) + 30);
    m_studentView->setColumnWidth(StudentTableModel::ProgrammeColumn,
                                  metrics.horizontalAdvance(u"Information Technology"_s) + 44);
    m_studentView->setColumnWidth(StudentTableModel::AverageColumn,
                                  metrics.horizontalAdvance(u"Average"_s) + 30);
    m_studentView->setColumnWidth(StudentTableModel::ResultColumn,
                                  metrics.horizontalAdvance(u"ERROR"_s) + 30);

    m_logModel = new LogModel(this);
    m_logFilter = new LogFilterModel(this);
    m_logFilter->setSourceModel(m_logModel);
    m_logView = new QListView;
    m_logView->setModel(m_logFilter);
    m_logView->setUniformItemSizes(true);
    m_logView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_logView->setSelectionMode(QAbstractItemView::ExtendedSelection);
    QFont logFont = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    logFont.setPointSizeF(qMax(logFont.pointSizeF(), MinimumPointSize - 0.5));
    m_logView->setFont(logFont);
    m_logWorkers = new QComboBox;
    m_logWorkers->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    connect(m_logWorkers, &QComboBox::currentIndexChanged, this, [this](int index) {
        m_logFilter->setSource(m_logWorkers->itemData(index).toInt());
        m_logView->scrollToBottom();
    });
    auto *logPage = new QWidget;
    auto *logLayout = new QVBoxLayout(logPage);
    logLayout->setContentsMargins(4, 4, 4, 4);
    auto *filterRow = new QHBoxLayout;
    auto *filterLabel = new QLabel(u"Show"_s);
    filterLabel->setBuddy(m_logWorkers);
    filterRow->addWidget(filterLabel);
    filterRow->addWidget(m_logWorkers);
    filterRow->addStretch(1);
    logLayout->addLayout(filterRow);
    logLayout->addWidget(m_logView, 1);

    auto *tabs = new QTabWidget;
    tabs->setDocumentMode(true);
    tabs->addTab(m_studentView, u"Processed students"_s);
    tabs->addTab(logPage, u"Log"_s);
    trackBottom(m_logView, &m_followLog, this);
    trackBottom(m_studentView, &m_followStudents, this);
    // A view that was hidden while rows arrived catches up when it is shown.
    connect(tabs, &QTabWidget::currentChanged, this, [this] {
        if (m_followLog)
            m_logView->scrollToBottom();
        if (m_followStudents)
            m_studentView->scrollToBottom();
    });

    m_errorLabel = new QLabel;
    m_errorLabel->setWordWrap(true);
    m_errorLabel->setStyleSheet(u"QLabel { background: #FDECEA; color: #8E1B1B; padding: 6px; }"_s);
    m_errorLabel->setVisible(false);
    auto *top = new QWidget;
    auto *topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->setSpacing(0);
    topLayout->addWidget(m_errorLabel);
    topLayout->addWidget(m_bufferView, 1);

    auto *centre = new QSplitter(Qt::Vertical);
    centre->setChildrenCollapsible(false);
    centre->addWidget(top);
    centre->addWidget(middle);
    centre->addWidget(tabs);
    centre->setStretchFactor(0, 5);
    centre->setStretchFactor(1, 2);
    centre->setStretchFactor(2, 2);
    centre->setSizes({340, 240, 170});
    return centre;
}

void ThreadsPage::createActions()
{
    m_startAction = new QAction(style()->standardIcon(QStyle::SP_MediaPlay), u"Start"_s, this);
    m_startAction->setToolTip(u"Start a new run with these settings (Space)"_s);
    connect(m_startAction, &QAction::triggered, this, &ThreadsPage::start);
    m_pauseAction = new QAction(style()->standardIcon(QStyle::SP_MediaPause), u"Pause"_s, this);
    m_pauseAction->setToolTip(u"Pause or resume every thread (Space)"_s);
    connect(m_pauseAction, &QAction::triggered, this, &ThreadsPage::togglePause);
    m_stopAction = new QAction(style()->standardIcon(QStyle::SP_MediaStop), u"Stop"_s, this);
    m_stopAction->setToolTip(u"Stop the run: every thread ends, wherever it waits (Esc)"_s);
    connect(m_stopAction, &QAction::triggered, this, &ThreadsPage::stop);
    m_resetAction = new QAction(style()->standardIcon(QStyle::SP_BrowserReload), u"Reset"_s, this);
    m_resetAction->setToolTip(u"Stop any run and clear the buffer, the tables, the log and the statistics"_s);
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
    for (int i = 0; i < m_simulation->workerCount(); ++i) {
        m_workerNames.append(m_simulation->workerName(i));
        lanes.append(BufferScene::Lane {m_simulation->workerName(i), m_simulation->workerRole(i),
                                        LaneActivity::Idle, describe(WorkerState::Idle), -1});
    }
    m_workerModel->setWorkers(initial.workers);
    setWorkerFilterChoices(m_workerNames);
    BufferScene &scene = m_bufferView->scene();
    scene.setLanes(lanes);
    m_bufferView->setTitle(u"Buffer (%1)"_s.arg(config.strategy));
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
    m_simulation->stop();
}

void ThreadsPage::reset()
{
    if (m_simulation->isActive()) {
        // Clears once every thread has ended (simulationFinished()), without blocking the GUI.
        m_resetPending = true;
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
    const std::vector<JournalEvent> events = m_simulation->takeEvents();
    std::vector<ProcessedRecord> results = m_simulation->takeResults();

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
    for (const JournalEvent *event : lastState) {
        if (event)
            scene.setLaneState(event->worker, laneActivity(event->state), describe(event->state),
                               event->record);
    }
    // While a shrink drains, the ring re-lays itself out without an event: follow the buffer.
    if (scene.needsResync() || scene.isDraining())
        syncScene();

    m_pendingEvents.insert(m_pendingEvents.end(), events.begin(), events.end());
    m_pendingResults.insert(m_pendingResults.end(), std::make_move_iterator(results.begin()),
                            std::make_move_iterator(results.end()));
    if (!m_tablesClock.isValid() || m_tablesClock.elapsed() >= TablesIntervalMs || !m_simulation->isActive())
        flushTables();
    if (!events.empty() || hadTokens || scene.hasTokens())
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
    if (!m_pendingEvents.empty() || !m_pendingResults.empty()) {
        m_logModel->appendFrame(m_pendingEvents, m_pendingResults, m_workerNames,
                                m_simulation->config().capacity, MaxLogLinesPerFrame);
        if (m_followLog)
            m_logView->scrollToBottom();
        m_studentModel->append(m_pendingResults);
        if (m_followStudents && !m_pendingResults.empty())
            m_studentView->scrollToBottom();
    }
    m_pendingEvents.clear();
    m_pendingResults.clear();
}

void ThreadsPage::syncScene()
{
    m_bufferView->scene().sync(m_simulation->bufferSnapshot());
    m_bufferView->update();
}

void ThreadsPage::refreshStatistics()
{
    const SimulationStatistics statistics = m_simulation->statistics();
    m_statisticsPanel->showLive(statistics);
    m_workerModel->updateStatistics(statistics.workers);
    updateStatusText();
}

void ThreadsPage::simulationStatusChanged()
{
    m_settings->setRunActive(m_simulation->isActive());
    m_bufferView->setBanner(m_simulation->status() == Simulation::Status::Paused
                                ? u"Paused \u2014 press Space to resume"_s
                                : QString());
    updateActions();
    updateStatusText();
}

void ThreadsPage::simulationFinished()
{
    processFrame();
    syncScene();
    const SimulationStatistics statistics = m_simulation->statistics();
    m_workerModel->updateStatistics(statistics.workers);
    m_statisticsPanel->showFinal(statistics);
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
    syncScene();
    updateStatusText();
}

void ThreadsPage::applyDelay(WorkerRole role, DelayRange range)
{
    if (m_simulation->isActive())
        m_simulation->setDelay(role, range);
}

void ThreadsPage::settingsChanged()
{
    if (m_simulation->isActive())
        return;
    // Between runs the picture shows the run the settings describe, once the last one is cleared.
    const SimulationConfig config = m_settings->config();
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
    m_pendingEvents.clear();
    m_pendingResults.clear();
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
            lanes.append(BufferScene::Lane {name, role, LaneActivity::Idle, describe(WorkerState::Idle), -1});
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
    m_bufferView->setTitle(u"Buffer (%1)"_s.arg(config.strategy));
    m_bufferView->update();
    if (m_cleared) {
        m_workerModel->setWorkers(workers);
        m_workerNames = names;
        setWorkerFilterChoices(names);
    }
}

void ThreadsPage::setWorkerFilterChoices(const QStringList &names)
{
    const QString current = m_logWorkers->currentText();
    const QSignalBlocker blocker(m_logWorkers);
    m_logWorkers->clear();
    m_logWorkers->addItem(u"All workers"_s, LogFilterModel::AllSources);
    for (int i = 0; i < names.size(); ++i)
        m_logWorkers->addItem(names.at(i), i);
    // Keep following the same worker from run to run, if it is still there.
    const int index = qMax(0, m_logWorkers->findText(current));
    m_logWorkers->setCurrentIndex(index);
    m_logFilter->setSource(m_logWorkers->itemData(index).toInt());
}

void ThreadsPage::showStartErrors(const QStringList &errors)
{
    m_errorLabel->setText(u"Cannot start: "_s + errors.join(u"; "_s));
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
    if (status == Simulation::Status::Paused) {
        m_pauseAction->setText(u"Resume"_s);
        m_pauseAction->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
    } else {
        m_pauseAction->setText(u"Pause"_s);
        m_pauseAction->setIcon(style()->standardIcon(QStyle::SP_MediaPause));
    }
}

void ThreadsPage::updateStatusText()
{
    QString text;
    const SimulationConfig config = m_simulation->isActive() ? m_simulation->config() : m_settings->config();
    if (!m_startErrors.isEmpty()) {
        text = u"Cannot start: "_s + m_startErrors.join(u"; "_s);
    } else if (m_cleared && !m_simulation->isActive()) {
        text = u"Ready \u2014 %1, %2, %3 through a buffer of %4. Press Start or Space."_s.arg(
            plural(config.students, u"student"_s, u"students"_s),
            plural(config.producers, u"producer"_s, u"producers"_s),
            plural(config.consumers, u"consumer"_s, u"consumers"_s), QString::number(config.capacity));
    } else {
        const SimulationStatistics s = m_statisticsPanel->statistics();
        const QString consumed = u"%1 of %2 students consumed"_s.arg(
            StatisticsPanel::formatCount(s.consumed), StatisticsPanel::formatCount(s.students));
        const QString rate
            = StatisticsPanel::formatNumber(s.studentsPerSecond(), s.studentsPerSecond() < 10.0 ? 1 : 0)
            + u" students/s"_s;
        switch (m_simulation->status()) {
        case Simulation::Status::Running:
            text = u"Running \u2014 %1, %2"_s.arg(consumed, rate);
            break;
        case Simulation::Status::Paused:
            text = u"Paused \u2014 %1. Press Space to resume."_s.arg(consumed);
            break;
        case Simulation::Status::Finished:
            text = u"Finished \u2014 %1 in %2 s, %3"_s.arg(
                consumed, StatisticsPanel::formatNumber(s.elapsedS, 2), rate);
            break;
        case Simulation::Status::Stopped:
            text = u"Stopped \u2014 %1"_s.arg(consumed);
            break;
        case Simulation::Status::Idle:
            text = u"Ready"_s;
            break;
        }
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
        if (space || escape) {
            event->accept();
            if (event->type() == QEvent::KeyPress && !key->isAutoRepeat()) {
                if (space)
                    togglePause();
                else
                    stop();
            }
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}
