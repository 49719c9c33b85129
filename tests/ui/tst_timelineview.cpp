#include "timelineview.h"

#include <QSignalSpy>
#include <QTest>
#include <QToolButton>
#include <QWheelEvent>

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 Ms = 1'000'000;
constexpr qint64 Second = 1'000'000'000;

JournalEvent state(qint64 timeNs, int worker, WorkerState workerState, int record = -1)
{
    JournalEvent event;
    event.timeNs = timeNs;
    event.worker = qint16(worker);
    event.kind = JournalEvent::Kind::StateChanged;
    event.state = workerState;
    event.record = record;
    return event;
}

// Producer 1 generates student 17, waits for a slot for 3 s, inserts it, sleeps; Consumer 1
// waits for an item, then takes student 17 in a fraction of a millisecond and sleeps.
std::vector<JournalEvent> story()
{
    return {state(500 * Ms, 1, WorkerState::WaitingForItem),
            state(1 * Second, 0, WorkerState::Generating, 17),
            state(2 * Second, 0, WorkerState::WaitingForSlot, 17),
            state(5 * Second, 0, WorkerState::Inserting, 17),
            state(5200 * Ms, 1, WorkerState::Removing),
            state(5200 * Ms + 100'000, 1, WorkerState::ReadingXml, 17),
            state(5200 * Ms + 200'000, 1, WorkerState::Sleeping),
            state(5500 * Ms, 0, WorkerState::Sleeping)};
}

// Counts the paint events a widget gets.
class PaintCounter : public QObject
{
public:
    int count = 0;

protected:
    bool eventFilter(QObject *, QEvent *event) override
    {
        if (event->type() == QEvent::Paint)
            ++count;
        return false;
    }
};

} // namespace

class TestTimelineView : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void toolTip_data();
    void toolTip();
    void toolTipOfAStateStillGoing();
    void toolTipSummarisesTinyStates();
    void followsNow();
    void panningStopsFollowingUntilFollowOrEnd();
    void draggingLooksBack();
    void wheelZooms();
    void windowStaysInsideTheRun();
    void showAllFitsTheRun();
    void paintsOncePerFrame();
    void staysCheapAtFullSpeed();
    void newRunForgetsTheOldOne();

private:
    QPoint pointAt(int lane, qint64 timeNs) const;
    std::unique_ptr<TimelineView> m_view;
};

void TestTimelineView::init()
{
    m_view = std::make_unique<TimelineView>();
    m_view->resize(1000, 360);
    m_view->setWorkers({u"Producer 1"_s, u"Consumer 1"_s}, {WorkerRole::Producer, WorkerRole::Consumer});
}

QPoint TestTimelineView::pointAt(int lane, qint64 timeNs) const
{
    const TimelineGeometry g = m_view->geometryFor(QRectF(m_view->rect()));
    return QPointF(g.xForTime(timeNs), g.laneBand(lane).center().y()).toPoint();
}

void TestTimelineView::toolTip_data()
{
    QTest::addColumn<int>("lane");
    QTest::addColumn<qint64>("time");
    QTest::addColumn<QString>("text");
    QTest::addRow("waiting for a slot") << 0 << 3 * Second
                                        << u"Producer 1\nwaiting for a free slot\nstudent 17\n"
                                           "from 2.000 s to 5.000 s (3.000 s)"_s;
    QTest::addRow("generating") << 0
                                << 1500
            * Ms << u"Producer 1\ngenerating a student\nstudent 17\nfrom 1.000 s to 2.000 s (1.000 s)"_s;
    QTest::addRow("inserting, then sleeping: short but visible") << 0 << 5250 * Ms
                                                                 << u"Producer 1\ninserting\nstudent 17\n"
                                                                    "from 5.000 s to 5.500 s (500 ms)"_s;
    QTest::addRow("sleeping until the end")
        << 0 << 8 * Second << u"Producer 1\nsleeping\nfrom 5.500 s to 10.000 s (4.500 s)"_s;
    QTest::addRow("consumer waiting for an item") << 1 << 2 * Second
                                                  << u"Consumer 1\nwaiting for an item\n"
                                                     "from 0.500 s to 5.200 s (4.700 s)"_s;
    QTest::addRow("before the worker's first state") << 0 << 700 * Ms << QString();
}

void TestTimelineView::toolTip()
{
    QFETCH(int, lane);
    QFETCH(qint64, time);
    QFETCH(QString, text);
    m_view->apply(story());
    m_view->finish(10 * Second);
    QCOMPARE(m_view->windowStartNs(), qint64(0));
    QCOMPARE(m_view->windowEndNs(), 10 * Second);
    QCOMPARE(m_view->toolTipAt(pointAt(lane, time)), text);
}

void TestTimelineView::toolTipOfAStateStillGoing()
{
    m_view->apply(
        {state(1 * Second, 0, WorkerState::WaitingForSlot, 3), state(4 * Second, 1, WorkerState::Sleeping)});
    QVERIFY(m_view->isRunning());
    QCOMPARE(m_view->now(), 4 * Second); // the view's own clock has not caught up with the events
    QCOMPARE(
        m_view->toolTipAt(pointAt(0, 2500 * Ms)),
        u"Producer 1\nwaiting for a free slot\nstudent 3\nsince 1.000 s, still going (3.000 s so far)"_s);
    // Not yet happened, outside the lanes, over the labels: nothing.
    QCOMPARE(m_view->toolTipAt(pointAt(0, 6 * Second)), QString());
    const TimelineGeometry g = m_view->geometryFor(QRectF(m_view->rect()));
    QCOMPARE(m_view->toolTipAt(QPoint(500, int(g.plotRect.bottom()) + 20)), QString());
    QCOMPARE(m_view->toolTipAt(QPoint(int(g.labelRect.center().x()), int(g.laneBand(0).center().y()))),
             QString());
}

void TestTimelineView::toolTipSummarisesTinyStates()
{
    // A consumer at full speed: 10 µs removing, 10 µs waiting for the lock, 30 µs reading, over and over.
    std::vector<JournalEvent> events;
    for (qint64 t = 6 * Second; t < 7 * Second; t += 50'000) {
        events.push_back(state(t, 1, WorkerState::Removing));
        events.push_back(state(t + 10'000, 1, WorkerState::WaitingForLock));
        events.push_back(state(t + 20'000, 1, WorkerState::ReadingXml, int(t / 50'000)));
    }
    m_view->apply(events);
    m_view->finish(10 * Second);
    const QStringList lines = m_view->toolTipAt(pointAt(1, 6500 * Ms)).split(QLatin1Char('\n'));
    QCOMPARE(lines.size(), 4);
    QCOMPARE(lines.at(0), u"Consumer 1"_s);
    QVERIFY2(lines.at(1).contains(u"short states in"_s), qPrintable(lines.at(1)));
    QVERIFY2(lines.at(2).startsWith(u"working 8"_s), qPrintable(lines.at(2))); // 80%, give or take the edges
    QVERIFY2(lines.at(2).contains(u"waiting for the lock 2"_s), qPrintable(lines.at(2)));
    QVERIFY2(lines.at(3).contains(u"zoom in"_s), qPrintable(lines.at(3)));
    // Zoomed in far enough, each state is its own again (near the end: 40,000 intervals are more
    // than the lane keeps exactly, so the older ones are compacted).
    m_view->setSpanNs(TimelineView::MinSpanNs);
    m_view->scrollTo(7 * Second);
    const qint64 reading = 7 * Second - 100'000 + 30'000;
    QCOMPARE(m_view->toolTipAt(pointAt(1, reading)),
             u"Consumer 1\nworking: removing, reading XML\nstudent 139998\n"
             "from 6.999920 s to 6.999960 s (40 \u00B5s)"_s);
}

void TestTimelineView::followsNow()
{
    QVERIFY(m_view->isFollowing());
    QCOMPARE(m_view->spanNs(), TimelineView::DefaultSpanNs);
    // A young run fills the first ten seconds from the left.
    m_view->apply({state(3 * Second, 0, WorkerState::Sleeping)});
    QCOMPARE(m_view->windowStartNs(), qint64(0));
    QCOMPARE(m_view->windowEndNs(), 10 * Second);
    // Then the window's right edge is now.
    m_view->apply({state(25 * Second, 0, WorkerState::Generating, 1)});
    QCOMPARE(m_view->windowEndNs(), m_view->now());
    QCOMPARE(m_view->windowStartNs(), m_view->now() - 10 * Second);
    m_view->setNow(40 * Second);
    m_view->finish(40 * Second);
    QCOMPARE(m_view->windowEndNs(), 40 * Second);
    QVERIFY(m_view->findChild<QToolButton *>()->isChecked());
}

void TestTimelineView::panningStopsFollowingUntilFollowOrEnd()
{
    QSignalSpy following(m_view.get(), &TimelineView::followingChanged);
    m_view->apply({state(25 * Second, 0, WorkerState::Sleeping)});
    m_view->finish(25 * Second);
    m_view->scrollTo(18 * Second);
    QVERIFY(!m_view->isFollowing());
    QCOMPARE(following.size(), 1);
    QCOMPARE(following.at(0).at(0).toBool(), false);
    auto *follow = m_view->findChild<QToolButton *>();
    QVERIFY(follow);
    QVERIFY(!follow->isChecked());
    QCOMPARE(m_view->windowEndNs(), 18 * Second);
    QCOMPARE(m_view->windowStartNs(), 8 * Second);

    // New events do not move a window the teacher has panned to.
    m_view->apply({state(30 * Second, 0, WorkerState::Generating, 4)});
    QCOMPARE(m_view->windowEndNs(), 18 * Second);

    // End follows again...
    QTest::keyClick(m_view.get(), Qt::Key_End);
    QVERIFY(m_view->isFollowing());
    QVERIFY(follow->isChecked());
    QCOMPARE(m_view->windowEndNs(), 30 * Second);
    QCOMPARE(following.size(), 2);
    // ...and so does the Follow button.
    QTest::keyClick(m_view.get(), Qt::Key_Left);
    QVERIFY(!m_view->isFollowing());
    QCOMPARE(m_view->windowEndNs(), 28 * Second);
    follow->click();
    QVERIFY(m_view->isFollowing());
    QCOMPARE(m_view->windowEndNs(), 30 * Second);
}

void TestTimelineView::draggingLooksBack()
{
    m_view->apply({state(25 * Second, 0, WorkerState::Sleeping)});
    m_view->finish(25 * Second);
    const TimelineGeometry g = m_view->geometryFor(QRectF(m_view->rect()));
    const QPoint start = QPointF(g.plotRect.center()).toPoint();
    QTest::mousePress(m_view.get(), Qt::LeftButton, Qt::NoModifier, start);
    QTest::mouseMove(m_view.get(), start + QPoint(100, 0));
    QTest::mouseRelease(m_view.get(), Qt::LeftButton, Qt::NoModifier, start + QPoint(100, 0));
    QVERIFY(!m_view->isFollowing());
    // Dragging right by 100 pixels shows what happened 100 pixels' worth of time earlier.
    const qint64 expected = 25 * Second - qint64(std::llround(100 * g.nsPerPixel()));
    QVERIFY2(std::abs(m_view->windowEndNs() - expected) <= 1,
             qPrintable(QString::number(m_view->windowEndNs())));
    // A click without a drag changes nothing.
    QTest::keyClick(m_view.get(), Qt::Key_End);
    QTest::mouseClick(m_view.get(), Qt::LeftButton, Qt::NoModifier, start);
    QVERIFY(m_view->isFollowing());
}

void TestTimelineView::wheelZooms()
{
    m_view->apply({state(40 * Second, 0, WorkerState::Sleeping)});
    m_view->finish(40 * Second);
    const TimelineGeometry g = m_view->geometryFor(QRectF(m_view->rect()));
    const QPointF where(g.plotRect.left() + g.plotRect.width() / 4, g.laneBand(0).center().y());
    auto wheel = [&](int delta) {
        QWheelEvent event(where, m_view->mapToGlobal(where), QPoint(), QPoint(0, delta), Qt::NoButton,
                          Qt::NoModifier, Qt::NoScrollPhase, false);
        QCoreApplication::sendEvent(m_view.get(), &event);
    };
    // Following: zooming keeps now at the right edge.
    wheel(120);
    QCOMPARE(m_view->spanNs(), 8 * Second);
    QCOMPARE(m_view->windowEndNs(), 40 * Second);
    wheel(-240);
    QCOMPARE(m_view->spanNs(), 12'500'000'000);
    // Panned: the moment under the mouse stays under it.
    m_view->scrollTo(30 * Second);
    const qint64 before = m_view->geometryFor(QRectF(m_view->rect())).timeForX(where.x());
    wheel(120);
    QCOMPARE(m_view->spanNs(), 10 * Second);
    const qint64 after = m_view->geometryFor(QRectF(m_view->rect())).timeForX(where.x());
    QVERIFY2(std::abs(after - before) < 1 * Ms, qPrintable(u"%1 -> %2"_s.arg(before).arg(after)));
    // Never narrower than MinSpanNs.
    for (int i = 0; i < 100; ++i)
        wheel(120);
    QCOMPARE(m_view->spanNs(), TimelineView::MinSpanNs);
}

void TestTimelineView::windowStaysInsideTheRun()
{
    m_view->apply({state(25 * Second, 0, WorkerState::Sleeping)});
    m_view->finish(25 * Second);
    m_view->scrollTo(-5 * Second);
    QCOMPARE(m_view->windowStartNs(), qint64(0));
    m_view->scrollTo(100 * Second);
    QCOMPARE(m_view->windowEndNs(), 25 * Second);
    QVERIFY(!m_view->isFollowing());
}

void TestTimelineView::showAllFitsTheRun()
{
    m_view->apply({state(95 * Second, 0, WorkerState::Sleeping)});
    m_view->finish(95 * Second);
    m_view->scrollTo(50 * Second);
    m_view->showAll();
    QVERIFY(m_view->isFollowing());
    QCOMPARE(m_view->windowStartNs(), qint64(0));
    QCOMPARE(m_view->windowEndNs(), 95 * Second);
    QTest::keyClick(m_view.get(), Qt::Key_0);
    QCOMPARE(m_view->spanNs(), TimelineView::DefaultSpanNs);
}

void TestTimelineView::paintsOncePerFrame()
{
    PaintCounter counter;
    m_view->installEventFilter(&counter);
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
    QTRY_VERIFY_WITH_TIMEOUT(counter.count > 0, 5000);
    QCoreApplication::processEvents();
    counter.count = 0;
    // Several batches before the event loop runs again: one paint.
    for (int i = 1; i <= 5; ++i)
        m_view->apply({state(i * Second, 0, i % 2 ? WorkerState::Sleeping : WorkerState::Generating)});
    QTRY_COMPARE_WITH_TIMEOUT(counter.count, 1, 5000);
    QCoreApplication::processEvents();
    QCOMPARE(counter.count, 1);
}

void TestTimelineView::staysCheapAtFullSpeed()
{
    // 200,000 state changes in 10 s on two lanes: the timeline compacts, and a paint draws at
    // most a few rectangles per pixel.
    std::vector<JournalEvent> events;
    events.reserve(200'000);
    for (int i = 0; i < 100'000; ++i) {
        const qint64 t = qint64(i) * 100'000;
        events.push_back(state(t, i % 2, WorkerState::Inserting, i));
        events.push_back(state(t + 30'000, i % 2, WorkerState::WaitingForLock));
    }
    m_view->apply(events);
    m_view->finish(10 * Second);
    for (int lane = 0; lane < 2; ++lane) {
        QVERIFY(m_view->timeline().intervalCount(lane) <= m_view->timeline().maxIntervals());
        const TimelineGeometry g = m_view->geometryFor(QRectF(m_view->rect()));
        const std::size_t segments
            = m_view->timeline().segments(lane, g.startNs, g.endNs, qint64(std::ceil(g.nsPerPixel()))).size();
        QVERIFY2(segments <= std::size_t(2 * g.plotRect.width()), qPrintable(QString::number(segments)));
    }
    const QPixmap picture = m_view->grab();
    QCOMPARE(picture.size(), m_view->size());
}

void TestTimelineView::newRunForgetsTheOldOne()
{
    m_view->apply(story());
    m_view->scrollTo(3 * Second);
    m_view->setWorkers({u"Producer 1"_s, u"Producer 2"_s, u"Consumer 1"_s},
                       {WorkerRole::Producer, WorkerRole::Producer, WorkerRole::Consumer});
    QCOMPARE(m_view->timeline().laneCount(), 3);
    QCOMPARE(m_view->timeline().intervalCount(0), 0);
    QVERIFY(m_view->isFollowing());
    QVERIFY(m_view->isRunning());
    QCOMPARE(m_view->geometryFor(QRectF(m_view->rect())).producerCount, 2);
    m_view->apply(story());
    m_view->clear();
    QCOMPARE(m_view->timeline().laneCount(), 3);
    QCOMPARE(m_view->timeline().intervalCount(0), 0);
    QCOMPARE(m_view->now(), qint64(0));
}

QTEST_MAIN(TestTimelineView)
#include "tst_timelineview.moc"
