#include "bufferstrategy.h"
#include "syncpanel.h"

#include <QImage>
#include <QPainter>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

// Producers 1 and 2, then Consumers 1 and 2, numbered as a Simulation numbers its workers.
const QStringList Names = {u"Producer 1"_s, u"Producer 2"_s, u"Consumer 1"_s, u"Consumer 2"_s};
const QList<WorkerRole> Roles
    = {WorkerRole::Producer, WorkerRole::Producer, WorkerRole::Consumer, WorkerRole::Consumer};

SyncSnapshot semaphoreSnapshot(int empty, int full, int holder, QList<int> emptyWaiters = {},
                               QList<int> fullWaiters = {}, QList<int> mutexWaiters = {})
{
    SyncSnapshot snapshot;
    snapshot.strategy = u"semaphore"_s;
    snapshot.operations = 12;
    snapshot.objects = {
        SyncObject {u"empty"_s, u"free slots"_s, SyncObject::Kind::Semaphore, SyncObject::FreedBy::Consumers,
                    empty, -1, emptyWaiters},
        SyncObject {u"full"_s, u"filled slots"_s, SyncObject::Kind::Semaphore, SyncObject::FreedBy::Producers,
                    full, -1, fullWaiters},
        SyncObject {u"mutex"_s, u"the ring of slots"_s, SyncObject::Kind::Mutex, SyncObject::FreedBy::Holder,
                    holder < 0 ? 1 : 0, holder, mutexWaiters},
    };
    return snapshot;
}

SyncSnapshot monitorSnapshot(int holder, QList<int> notFull, QList<int> notEmpty, QList<int> lockWaiters = {})
{
    SyncSnapshot snapshot;
    snapshot.strategy = u"monitor"_s;
    snapshot.objects = {
        SyncObject {u"lock"_s, u"the monitor"_s, SyncObject::Kind::Mutex, SyncObject::FreedBy::Holder,
                    holder < 0 ? 1 : 0, holder, lockWaiters},
        SyncObject {u"not full"_s, u"signalled when a slot frees up"_s, SyncObject::Kind::Condition,
                    SyncObject::FreedBy::Consumers, 0, -1, notFull},
        SyncObject {u"not empty"_s, u"signalled when an item arrives"_s, SyncObject::Kind::Condition,
                    SyncObject::FreedBy::Producers, 0, -1, notEmpty},
    };
    return snapshot;
}

// Paints the panel at this size and returns the picture.
QImage render(SyncPanel &panel, const QSize &size)
{
    panel.resize(size);
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::black);
    panel.render(&image);
    return image;
}

} // namespace

class TestSyncPanel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void semaphoreValuesAndHolder();
    void waitersInArrivalOrder();
    void repaintsOnlyWhenSomethingChanged();
    void monitorConditions();
    void unsafeSaysNothingIsLocked();
    void deadlockMarksTheObjectsInvolved();
    void unknownWorkersStillHaveAName();
    void realStrategiesAtRest_data();
    void realStrategiesAtRest();
    void cardsShareTheWidth();
    void chipsFlowAndWrapInOrder();
    void paintsAtAnySize_data();
    void paintsAtAnySize();
};

void TestSyncPanel::semaphoreValuesAndHolder()
{
    SyncPanel panel;
    panel.setWorkers(Names, Roles);
    QVERIFY(panel.setSnapshot(semaphoreSnapshot(3, 7, -1)));
    QCOMPARE(panel.objectCount(), 3);
    QCOMPARE(panel.valueText(0), u"3"_s);
    QCOMPARE(panel.valueText(1), u"7"_s);
    QCOMPARE(panel.valueText(2), u"free"_s);
    QCOMPARE(panel.warning(), QString());
    QVERIFY(panel.setSnapshot(semaphoreSnapshot(3, 7, 2)));
    QCOMPARE(panel.valueText(2), u"held by Consumer 1"_s);
    QCOMPARE(panel.valueText(3), QString()); // no such object
    QCOMPARE(panel.snapshot().operations, 12);
}

void TestSyncPanel::waitersInArrivalOrder()
{
    SyncPanel panel;
    panel.setWorkers(Names, Roles);
    panel.setSnapshot(semaphoreSnapshot(0, 5, 0, {1, 0}, {}, {3, 2}));
    QCOMPARE(panel.waiterNames(0), QStringList({u"Producer 2"_s, u"Producer 1"_s}));
    QCOMPARE(panel.waiterNames(1), QStringList());
    QCOMPARE(panel.waiterNames(2), QStringList({u"Consumer 2"_s, u"Consumer 1"_s}));
    // The next one to arrive queues at the end.
    panel.setSnapshot(semaphoreSnapshot(0, 5, 0, {1, 0}, {}, {3, 2, 1}));
    QCOMPARE(panel.waiterNames(2), QStringList({u"Consumer 2"_s, u"Consumer 1"_s, u"Producer 2"_s}));
}

void TestSyncPanel::repaintsOnlyWhenSomethingChanged()
{
    SyncPanel panel;
    panel.setWorkers(Names, Roles);
    QVERIFY(panel.setSnapshot(semaphoreSnapshot(2, 3, -1, {0})));
    QVERIFY(!panel.setSnapshot(semaphoreSnapshot(2, 3, -1, {0})));
    SyncSnapshot moreOperations = semaphoreSnapshot(2, 3, -1, {0});
    moreOperations.operations = 99; // not shown: no repaint, but remembered
    QVERIFY(!panel.setSnapshot(moreOperations));
    QCOMPARE(panel.snapshot().operations, 99);
    QVERIFY(panel.setSnapshot(semaphoreSnapshot(2, 3, -1, {0, 1}))); // a new waiter
    QVERIFY(panel.setSnapshot(semaphoreSnapshot(1, 3, -1, {0, 1}))); // a new count
    QVERIFY(panel.setSnapshot(semaphoreSnapshot(1, 3, 2, {0, 1}))); // a new holder
    QVERIFY(panel.setSnapshot(monitorSnapshot(-1, {}, {}))); // another strategy
}

void TestSyncPanel::monitorConditions()
{
    SyncPanel panel;
    panel.setWorkers(Names, Roles);
    panel.setSnapshot(monitorSnapshot(3, {1, 0}, {2}));
    QCOMPARE(panel.valueText(0), u"held by Consumer 2"_s);
    QCOMPARE(panel.valueText(1), QString()); // a condition has no count
    QCOMPARE(panel.waiterNames(1), QStringList({u"Producer 2"_s, u"Producer 1"_s}));
    QCOMPARE(panel.waiterNames(2), QStringList({u"Consumer 1"_s}));
    QCOMPARE(panel.warning(), QString());
}

void TestSyncPanel::unsafeSaysNothingIsLocked()
{
    SyncPanel panel;
    panel.setWorkers(Names, Roles);
    const std::unique_ptr<BufferStrategy> unsafe = BufferStrategy::create(u"unsafe"_s, 4);
    SyncSnapshot snapshot = unsafe->syncSnapshot();
    QCOMPARE(snapshot.objects.size(), 2);
    snapshot.objects[0].value = 4;
    snapshot.objects[1].value = 4;
    snapshot.objects[1].waiters = {3, 2};
    panel.setSnapshot(snapshot);
    QVERIFY(panel.warning().startsWith(u"Nothing is locked"_s));
    QCOMPARE(panel.valueText(0), u"count 4"_s);
    QCOMPARE(panel.waiterNames(1), QStringList({u"Consumer 2"_s, u"Consumer 1"_s}));
    // Drawn with its warning card: nothing falls outside the panel.
    const QImage image = render(panel, QSize(900, 140));
    QVERIFY(!image.isNull());
}

void TestSyncPanel::deadlockMarksTheObjectsInvolved()
{
    SyncPanel panel;
    panel.setWorkers(Names, Roles);
    // Producer 1 holds the mutex and waits for a free slot; Consumer 1 waits for the mutex;
    // Producer 2 waits for the mutex too, but is not part of the cycle.
    panel.setSnapshot(semaphoreSnapshot(0, 2, 0, {0}, {}, {2, 1}));
    QVERIFY(!panel.hasDeadlock());
    for (int object = 0; object < panel.objectCount(); ++object)
        QVERIFY(!panel.isHighlighted(object));
    DeadlockReport report;
    report.cycle = {0, 2};
    report.summary = u"Deadlock: Producer 1 \u2192 Consumer 1 \u2192 Producer 1"_s;
    panel.setDeadlock(report);
    QVERIFY(panel.hasDeadlock());
    QVERIFY(panel.isHighlighted(0)); // empty: Producer 1 waits on it
    QVERIFY(!panel.isHighlighted(1)); // full: nobody in the cycle touches it
    QVERIFY(panel.isHighlighted(2)); // mutex: held by Producer 1, waited on by Consumer 1
    panel.clearDeadlock();
    QVERIFY(!panel.hasDeadlock());
    QVERIFY(!panel.isHighlighted(2));
}

void TestSyncPanel::unknownWorkersStillHaveAName()
{
    SyncPanel panel; // no workers given
    panel.setSnapshot(semaphoreSnapshot(0, 0, 4, {6}));
    QCOMPARE(panel.valueText(2), u"held by worker 5"_s);
    QCOMPARE(panel.waiterNames(0), QStringList({u"worker 7"_s}));
    render(panel, QSize(700, 120));
}

void TestSyncPanel::realStrategiesAtRest_data()
{
    QTest::addColumn<QString>("strategy");
    QTest::addColumn<QStringList>("values");
    QTest::addRow("semaphore") << u"semaphore"_s << QStringList {u"5"_s, u"0"_s, u"free"_s};
    QTest::addRow("deadlock") << u"deadlock"_s << QStringList {u"5"_s, u"0"_s, u"free"_s};
    QTest::addRow("monitor") << u"monitor"_s << QStringList {u"free"_s, QString(), QString()};
    QTest::addRow("unsafe") << u"unsafe"_s << QStringList {u"count 0"_s, u"count 0"_s};
}

void TestSyncPanel::realStrategiesAtRest()
{
    // What the page shows before a run: a fresh buffer's own objects.
    QFETCH(QString, strategy);
    QFETCH(QStringList, values);
    const std::unique_ptr<BufferStrategy> buffer = BufferStrategy::create(strategy, 5);
    SyncPanel panel;
    panel.setSnapshot(buffer->syncSnapshot());
    QStringList shown;
    for (int i = 0; i < panel.objectCount(); ++i) {
        shown.append(panel.valueText(i));
        QCOMPARE(panel.waiterNames(i), QStringList());
    }
    QCOMPARE(shown, values);
    QCOMPARE(!panel.warning().isEmpty(), strategy == u"unsafe"_s);
}

void TestSyncPanel::cardsShareTheWidth()
{
    const QRectF bounds(10, 5, 900, 120);
    for (int count = 1; count <= 4; ++count) {
        const QList<QRectF> cards = SyncPanel::cardRects(bounds, count, 12.0);
        QCOMPARE(cards.size(), count);
        for (int i = 0; i < count; ++i) {
            QVERIFY(bounds.adjusted(-0.01, -0.01, 0.01, 0.01).contains(cards.at(i)));
            QCOMPARE(cards.at(i).width(), cards.first().width());
            if (i > 0)
                QVERIFY(cards.at(i).left() >= cards.at(i - 1).right()); // in order, apart
        }
        QVERIFY(qAbs(cards.last().right() - bounds.right()) < 0.01);
    }
    QVERIFY(SyncPanel::cardRects(bounds, 0, 12.0).isEmpty());
    // Too narrow for the gaps: still inside, never negative.
    const QList<QRectF> tiny = SyncPanel::cardRects(QRectF(0, 0, 20, 10), 3, 12.0);
    for (const QRectF &card : tiny)
        QVERIFY(card.width() >= 0.0 && card.right() <= 20.01);
}

void TestSyncPanel::chipsFlowAndWrapInOrder()
{
    const QRectF area(0, 0, 250, 60);
    // Three of 100 do not fit on one line of 250: the third wraps.
    QList<QRectF> chips = SyncPanel::flowRects(area, {100, 100, 100}, 26, 6);
    QCOMPARE(chips.size(), 3);
    QCOMPARE(chips.at(0).topLeft(), QPointF(0, 0));
    QCOMPARE(chips.at(1).topLeft(), QPointF(106, 0));
    QCOMPARE(chips.at(2).topLeft(), QPointF(0, 32));
    // A fourth and fifth: the fourth fits beside the third, the fifth would need a third line.
    chips = SyncPanel::flowRects(area, {100, 100, 100, 100, 100}, 26, 6);
    QCOMPARE(chips.size(), 4);
    for (const QRectF &chip : std::as_const(chips))
        QVERIFY(area.contains(chip));
    // One too wide for the area is left out, not drawn over the edge.
    QCOMPARE(SyncPanel::flowRects(area, {300}, 26, 6).size(), 0);
}

void TestSyncPanel::paintsAtAnySize_data()
{
    QTest::addColumn<QSize>("size");
    QTest::addRow("projector") << QSize(1040, 140);
    QTest::addRow("narrow") << QSize(420, 92);
    QTest::addRow("tiny") << QSize(30, 12);
    QTest::addRow("tall") << QSize(600, 400);
}

void TestSyncPanel::paintsAtAnySize()
{
    QFETCH(QSize, size);
    SyncPanel panel;
    panel.setWorkers(Names, Roles);
    panel.setSnapshot(semaphoreSnapshot(0, 4, 1, {0, 1, 2, 3, 0, 1, 2, 3}, {2, 3}, {0}));
    DeadlockReport report;
    report.cycle = {1, 0};
    panel.setDeadlock(report);
    const QImage image = render(panel, size);
    QCOMPARE(image.size(), size);
    // The panel paints its whole area (it is opaque): no pixel is left as it was.
    QVERIFY(image.pixelColor(0, 0) != QColor(Qt::black));
    QVERIFY(image.pixelColor(size.width() - 1, size.height() - 1) != QColor(Qt::black));
}

QTEST_MAIN(TestSyncPanel)
#include "tst_syncpanel.moc"
