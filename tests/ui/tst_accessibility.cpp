#include "bufferview.h"
#include "itstudent.h"
#include "mainwindow.h"
#include "paintedlistaccessible.h"
#include "settingspanel.h"
#include "statisticspanel.h"
#include "syncpanel.h"
#include "threadspage.h"
#include "timelineview.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAbstractSlider>
#include <QAbstractSpinBox>
#include <QAccessible>
#include <QComboBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <qpa/qplatformaccessibility.h>
#include <qpa/qplatformintegration.h>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QSlider>
#include <QStandardPaths>
#include <QTabBar>
#include <QTemporaryDir>
#include <QTest>
#include <QtGui/private/qguiapplication_p.h>
#include <QToolButton>

#include <algorithm>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

constexpr int RunTimeoutMs = 60'000;

// What the update handler saw: QAccessible hands it events that live only during the call.
struct SeenEvent
{
    QAccessible::Event type = QAccessible::InvalidEvent;
    QObject *object = nullptr;
    int child = -1;
    QString description; // the object's accessible description when the event was sent
};

std::vector<SeenEvent> seenEvents;

void recordEvent(QAccessibleEvent *event)
{
    SeenEvent seen {event->type(), event->object(), event->child(), {}};
    if (QAccessibleInterface *iface = QAccessible::queryAccessibleInterface(event->object()))
        seen.description = iface->text(QAccessible::Description);
    seenEvents.push_back(seen);
}

int countEvents(QAccessible::Event type, const QObject *object, int child = -2)
{
    int count = 0;
    for (const SeenEvent &event : seenEvents) {
        if (event.type == type && event.object == object && (child == -2 || event.child == child))
            ++count;
    }
    return count;
}

QStringList childNames(QAccessibleInterface *iface, int count)
{
    QStringList names;
    for (int i = 0; i < count; ++i)
        names.append(iface->child(i) ? iface->child(i)->text(QAccessible::Name) : u"(none)"_s);
    return names;
}

// Widgets Qt builds inside a control (a spin box's line edit, a table's header and corner button,
// scroll bars): the control speaks for them.
bool isPartOfAnotherControl(const QWidget *widget)
{
    if (qobject_cast<const QScrollBar *>(widget) || qobject_cast<const QHeaderView *>(widget)
        || widget->objectName().startsWith(u"qt_"_s))
        return true;
    for (const QWidget *parent = widget->parentWidget(); parent; parent = parent->parentWidget()) {
        if (qobject_cast<const QAbstractSpinBox *>(parent) || qobject_cast<const QComboBox *>(parent)
            || qobject_cast<const QAbstractItemView *>(parent) || qobject_cast<const QLineEdit *>(parent))
            return true;
    }
    return false;
}

bool isInteractive(const QWidget *widget)
{
    return qobject_cast<const QAbstractButton *>(widget) || qobject_cast<const QAbstractSlider *>(widget)
        || qobject_cast<const QAbstractSpinBox *>(widget) || qobject_cast<const QComboBox *>(widget)
        || qobject_cast<const QLineEdit *>(widget) || qobject_cast<const QAbstractItemView *>(widget)
        || qobject_cast<const QTabBar *>(widget);
}

SimulationConfig config(const QString &xmlDir, const QString &strategy)
{
    SimulationConfig config;
    config.xmlDir = xmlDir;
    config.strategy = strategy;
    config.producerDelay = {};
    config.consumerDelay = {};
    config.seed = 42;
    if (strategy == u"deadlock"_s) {
        config.capacity = 2;
        config.producers = 3;
        config.consumers = 1;
        config.students = 100;
    } else {
        config.capacity = 10;
        config.producers = 4;
        config.consumers = 4;
        config.students = 20'000;
    }
    return config;
}

} // namespace

class TestAccessibility : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void everyControlHasAName();
    void settingsNamesSayWhose();
    void statisticsAreReadWithTheirLabels();
    void bufferSlots();
    void bufferChangesAreReported();
    void syncPanelObjects();
    void timelineLanes();
    void caughtProblemsAreAnnounced_data();
    void caughtProblemsAreAnnounced();

private:
    QTemporaryDir m_settingsDir;
};

void TestAccessibility::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_settingsDir.isValid());
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settingsDir.path());
    QCoreApplication::setOrganizationName(u"BufferLab"_s);
    QCoreApplication::setApplicationName(u"tst_accessibility"_s);
    // As with a screen reader running: interfaces are built and events are delivered, here to us.
    QAccessible::installUpdateHandler(recordEvent);
    QPlatformAccessibility *platform = QGuiApplicationPrivate::platformIntegration()->accessibility();
    QVERIFY(platform);
    platform->setActive(true);
    QVERIFY(QAccessible::isActive());
}

void TestAccessibility::init()
{
    QSettings().clear();
    seenEvents.clear();
}

void TestAccessibility::everyControlHasAName()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    int checked = 0;
    QStringList unnamed;
    const QList<QWidget *> widgets = window.findChildren<QWidget *>();
    for (QWidget *widget : widgets) {
        if (!isInteractive(widget) || isPartOfAnotherControl(widget))
            continue;
        ++checked;
        QAccessibleInterface *iface = QAccessible::queryAccessibleInterface(widget);
        const QString name = iface ? iface->text(QAccessible::Name).trimmed() : QString();
        if (name.isEmpty())
            unnamed.append(
                u"%1 (in %2)"_s.arg(QString::fromLatin1(widget->metaObject()->className()),
                                    QString::fromLatin1(widget->parentWidget()->metaObject()->className())));
    }
    QVERIFY2(unnamed.isEmpty(), qPrintable(unnamed.join(u", "_s)));
    // Both tabs' settings, toolbars, tables and logs: far more than a handful.
    QVERIFY2(checked >= 40, qPrintable(QString::number(checked)));

    // The painted views are in the tree, under the window, as lists.
    QAccessibleInterface *buffer = QAccessible::queryAccessibleInterface(window.threadsPage()->bufferView());
    QVERIFY(buffer);
    QCOMPARE(buffer->role(), QAccessible::List);
    QAccessibleInterface *parent = buffer->parent();
    QVERIFY(parent);
    QVERIFY(parent->indexOfChild(buffer) >= 0);
}

void TestAccessibility::settingsNamesSayWhose()
{
    SettingsPanel panel;
    QStringList names;
    const QList<QAbstractSpinBox *> spinBoxes = panel.findChildren<QAbstractSpinBox *>();
    for (QAbstractSpinBox *spinBox : spinBoxes)
        names.append(QAccessible::queryAccessibleInterface(spinBox)->text(QAccessible::Name));
    QVERIFY(names.size() >= 7);
    for (const QString &name : std::as_const(names))
        QVERIFY2(names.count(name) == 1, qPrintable(u"said twice: "_s + name));
    QVERIFY(names.contains(u"Producer threads"_s));
    QVERIFY(names.contains(u"Consumer delay maximum, milliseconds"_s));
    // The slider beside each spin box says the same.
    const QList<QSlider *> sliders = panel.findChildren<QSlider *>();
    QCOMPARE(sliders.size(), spinBoxes.size());
    for (QSlider *slider : sliders)
        QVERIFY(names.contains(QAccessible::queryAccessibleInterface(slider)->text(QAccessible::Name)));
}

void TestAccessibility::statisticsAreReadWithTheirLabels()
{
    StatisticsPanel panel;
    SimulationStatistics statistics;
    statistics.produced = 120;
    statistics.consumed = 100;
    statistics.lost = 2;
    panel.showLive(statistics);
    QStringList names;
    const QList<QLabel *> labels = panel.findChildren<QLabel *>();
    for (QLabel *label : labels)
        names.append(QAccessible::queryAccessibleInterface(label)->text(QAccessible::Name));
    QVERIFY2(names.contains(u"Lost: 2"_s), qPrintable(names.join(u" | "_s)));
    QVERIFY(names.contains(u"Produced: 120"_s));
    QVERIFY(names.contains(u"Consumed: 100"_s));
    panel.clear();
    names.clear();
    for (QLabel *label : labels)
        names.append(QAccessible::queryAccessibleInterface(label)->text(QAccessible::Name));
    QVERIFY(!names.contains(u"Lost: 2"_s));
    QVERIFY(names.contains(u"Lost: \u2013"_s));
}

void TestAccessibility::bufferSlots()
{
    BufferView view;
    view.resize(900, 420);
    BufferScene &scene = view.scene();
    scene.setLanes(
        {BufferScene::Lane {u"Producer 1"_s, WorkerRole::Producer, LaneActivity::Idle, {}, -1, false},
         BufferScene::Lane {u"Consumer 1"_s, WorkerRole::Consumer, LaneActivity::Idle, {}, -1, false}});
    scene.reset(4);
    const int dataScience = int(ITStudent::programmes().indexOf(u"Data Science"_s));
    QVERIFY(dataScience >= 0);
    scene.insert(0, 16, 0, 0);
    scene.insert(0, 17, 1, dataScience);
    scene.remove(1, 16, 0);

    QAccessibleInterface *iface = QAccessible::queryAccessibleInterface(&view);
    QVERIFY(iface);
    QCOMPARE(iface->role(), QAccessible::List);
    QCOMPARE(iface->childCount(), 4);
    QCOMPARE(childNames(iface, 4),
             QStringList({u"slot 0: empty"_s, u"slot 1: student 17, Data Science"_s, u"slot 2: empty"_s,
                          u"slot 3: empty"_s}));
    QAccessibleInterface *slot = iface->child(1);
    QCOMPARE(slot->role(), QAccessible::ListItem);
    QCOMPARE(slot->parent(), iface);
    QCOMPARE(iface->indexOfChild(slot), 1);
    QCOMPARE(iface->child(1), slot); // the same interface every time
    QVERIFY(!slot->rect().isEmpty());
    QCOMPARE(iface->childAt(slot->rect().center().x(), slot->rect().center().y()), slot);
    QCOMPARE(iface->child(2)->text(QAccessible::Description), u"the next record goes in here"_s);
    const QString description = iface->text(QAccessible::Description);
    QVERIFY2(description.startsWith(u"Capacity 4, 1 filled."_s), qPrintable(description));
    QVERIFY2(description.contains(u"Next insert at slot 2, next remove at slot 1."_s),
             qPrintable(description));

    // What the checker flags is said on the slot.
    scene.flagRecord(17);
    QCOMPARE(iface->child(1)->text(QAccessible::Name),
             u"slot 1: student 17, Data Science, flagged by the checker"_s);
    QVERIFY(iface->text(QAccessible::Description).contains(u"The checker flagged 1 record"_s));
    // A smaller buffer: the children that went are no longer valid.
    scene.reset(2);
    QCOMPARE(iface->childCount(), 2);
    QVERIFY(!slot->isValid() || slot->text(QAccessible::Name) == u"slot 1: empty"_s);
    QVERIFY(!iface->child(2));
}

void TestAccessibility::bufferChangesAreReported()
{
    BufferView view;
    BufferScene &scene = view.scene();
    scene.setLanes(
        {BufferScene::Lane {u"Producer 1"_s, WorkerRole::Producer, LaneActivity::Idle, {}, -1, false}});
    scene.reset(10);
    auto *iface = static_cast<PaintedListAccessible *>(QAccessible::queryAccessibleInterface(&view));
    QVERIFY(iface);
    iface->notifyChanges(); // what the reader knows now

    // One record: one event for its slot, from the poll timer.
    scene.insert(0, 1, 0, 0);
    QTRY_COMPARE_WITH_TIMEOUT(countEvents(QAccessible::NameChanged, &view, 0), 1, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(countEvents(QAccessible::DescriptionChanged, &view), 1, 5000);
    QCOMPARE(countEvents(QAccessible::NameChanged, &view, 1), 0);

    // Many records at once (a frame at full speed): one event for the list, none per slot.
    seenEvents.clear();
    for (int slot = 1; slot < 10; ++slot)
        scene.insert(0, slot + 1, slot, 0);
    QTRY_COMPARE_WITH_TIMEOUT(countEvents(QAccessible::VisibleDataChanged, &view), 1, 5000);
    for (int slot = 1; slot < 10; ++slot)
        QCOMPARE(countEvents(QAccessible::NameChanged, &view, slot), 0);
    // Nothing changes: nothing more is said.
    const std::size_t before = seenEvents.size();
    iface->notifyChanges();
    QCOMPARE(seenEvents.size(), before);
}

void TestAccessibility::syncPanelObjects()
{
    SyncPanel panel;
    panel.resize(900, 140);
    panel.setWorkers(
        {u"Producer 1"_s, u"Producer 2"_s, u"Producer 3"_s, u"Consumer 1"_s},
        {WorkerRole::Producer, WorkerRole::Producer, WorkerRole::Producer, WorkerRole::Consumer});
    SyncSnapshot snapshot;
    snapshot.strategy = u"semaphore"_s;
    snapshot.objects = {
        SyncObject {u"empty"_s,
                    u"free slots"_s,
                    SyncObject::Kind::Semaphore,
                    SyncObject::FreedBy::Consumers,
                    0,
                    -1,
                    {1, 2}},
        SyncObject {u"full"_s,
                    u"filled slots"_s,
                    SyncObject::Kind::Semaphore,
                    SyncObject::FreedBy::Producers,
                    5,
                    -1,
                    {}},
        SyncObject {u"mutex"_s,
                    u"the ring of slots"_s,
                    SyncObject::Kind::Mutex,
                    SyncObject::FreedBy::Holder,
                    0,
                    0,
                    {3}},
    };
    panel.setSnapshot(snapshot);
    QAccessibleInterface *iface = QAccessible::queryAccessibleInterface(&panel);
    QVERIFY(iface);
    QCOMPARE(iface->text(QAccessible::Name), u"Synchronization objects"_s);
    QCOMPARE(iface->childCount(), 3);
    QCOMPARE(childNames(iface, 3),
             QStringList({u"empty (free slots), semaphore: 0, waiting Producer 2, Producer 3"_s,
                          u"full (filled slots), semaphore: 5, no one waiting"_s,
                          u"mutex (the ring of slots), mutex: held by Producer 1, waiting Consumer 1"_s}));
    QCOMPARE(iface->text(QAccessible::Description),
             u"Strategy semaphore: empty 0 (2 waiting), full 5, mutex held by Producer 1 (1 waiting)."_s);
    QVERIFY(!iface->child(0)->rect().isEmpty());

    // A deadlock marks what it involves.
    DeadlockReport report;
    report.cycle = {0, 3};
    panel.setDeadlock(report);
    QVERIFY(iface->child(2)->text(QAccessible::Name).endsWith(u", part of the deadlock"_s));
    QVERIFY(!iface->child(1)->text(QAccessible::Name).contains(u"deadlock"_s));
}

void TestAccessibility::timelineLanes()
{
    TimelineView view;
    view.resize(900, 300);
    view.setWorkers({u"Producer 1"_s, u"Consumer 1"_s}, {WorkerRole::Producer, WorkerRole::Consumer});
    std::vector<JournalEvent> events;
    const auto add
        = [&events](qint64 ms, int worker, JournalEvent::Kind kind, WorkerState state, int record) {
              JournalEvent event;
              event.timeNs = ms * 1'000'000;
              event.worker = qint16(worker);
              event.kind = kind;
              event.state = state;
              event.record = record;
              events.push_back(event);
          };
    for (int record = 1; record <= 12; ++record) {
        add(record * 10, 0, JournalEvent::Kind::StateChanged, WorkerState::Inserting, record);
        add(record * 10 + 1, 0, JournalEvent::Kind::Inserted, WorkerState::Inserting, record);
    }
    for (int record = 1; record <= 3; ++record)
        add(record * 10 + 2, 1, JournalEvent::Kind::Removed, WorkerState::Removing, record);
    add(200, 0, JournalEvent::Kind::StateChanged, WorkerState::WaitingForSlot, 13);
    add(201, 1, JournalEvent::Kind::StateChanged, WorkerState::WaitingForLock, -1);
    view.apply(events);

    QAccessibleInterface *iface = QAccessible::queryAccessibleInterface(&view);
    QVERIFY(iface);
    QCOMPARE(iface->text(QAccessible::Name), u"Timeline"_s);
    QCOMPARE(childNames(iface, 2),
             QStringList({u"Producer 1: waiting for a free slot, student 13, 12 produced"_s,
                          u"Consumer 1: waiting for the lock, 3 consumed"_s}));
    QVERIFY(!iface->child(0)->rect().isEmpty());
    // The Follow button drawn over the lanes is still there, after them.
    QCOMPARE(iface->childCount(), 3);
    QVERIFY(qobject_cast<QToolButton *>(iface->child(2)->object()));
    QCOMPARE(iface->indexOfChild(iface->child(2)), 2);
    view.clear();
    QCOMPARE(iface->child(0)->text(QAccessible::Name), u"Producer 1: not started, 0 produced"_s);
}

void TestAccessibility::caughtProblemsAreAnnounced_data()
{
    QTest::addColumn<QString>("strategy");
    QTest::addColumn<QString>("announcement");
    QTest::addRow("race") << u"unsafe"_s << u"Race caught: "_s;
    QTest::addRow("deadlock") << u"deadlock"_s << u"Deadlock: "_s;
}

void TestAccessibility::caughtProblemsAreAnnounced()
{
    QFETCH(QString, strategy);
    QFETCH(QString, announcement);
    QTemporaryDir xmlDir;
    QVERIFY(xmlDir.isValid());
    ThreadsPage page;
    page.simulation()->setWorkerPriority(Simulation::WorkerPriority::Inherit);
    page.settingsPanel()->setConfig(config(xmlDir.path(), strategy));
    QSignalSpy finished(page.simulation(), &Simulation::finished);
    page.start();
    QCOMPARE(page.startErrors(), QStringList());
    BufferView *view = page.bufferView();
    QTRY_VERIFY_WITH_TIMEOUT(countEvents(QAccessible::Alert, view) > 0, RunTimeoutMs);
    // Said once, and what it says is what happened.
    const auto alert = std::find_if(seenEvents.cbegin(), seenEvents.cend(), [view](const SeenEvent &e) {
        return e.type == QAccessible::Alert && e.object == view;
    });
    QVERIFY2(alert->description.startsWith(announcement), qPrintable(alert->description));
    page.stop();
    QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, RunTimeoutMs);
    QCOMPARE(countEvents(QAccessible::Alert, view), 1);
    QVERIFY(
        QAccessible::queryAccessibleInterface(view)->text(QAccessible::Description).startsWith(announcement));
    // A new run starts without it.
    page.reset();
    QVERIFY(
        !QAccessible::queryAccessibleInterface(view)->text(QAccessible::Description).contains(announcement));
}

QTEST_MAIN(TestAccessibility)
#include "tst_accessibility.moc"
