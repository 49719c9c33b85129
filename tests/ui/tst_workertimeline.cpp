#include "workertimeline.h"

#include <QTest>

using namespace Qt::StringLiterals;

namespace {

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

quint16 bits(std::initializer_list<WorkerState> states)
{
    quint16 result = 0;
    for (const WorkerState s : states)
        result |= quint16(1u << unsigned(s));
    return result;
}

// A producer's round: generate and write record r, wait for a slot, insert, sleep.
std::vector<JournalEvent> producerRound(qint64 t, int worker, int record)
{
    return {state(t, worker, WorkerState::Generating, record),
            state(t + 100, worker, WorkerState::WritingXml, record),
            state(t + 300, worker, WorkerState::WaitingForSlot, record),
            state(t + 500, worker, WorkerState::Inserting, record),
            state(t + 600, worker, WorkerState::Sleeping)};
}

// Every interval starts where the one before ended: no gaps, no overlaps.
bool isContiguous(const WorkerTimeline &timeline, int lane)
{
    for (int i = 1; i < timeline.intervalCount(lane); ++i) {
        if (timeline.interval(lane, i - 1).endNs != timeline.interval(lane, i).startNs)
            return false;
    }
    return true;
}

} // namespace

class TestWorkerTimeline : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void intervalsFromStateChanges();
    void sameColourMergesAcrossRecords();
    void openIntervalEndsAtNow();
    void ignoresOtherEventsAndUnknownWorkers();
    void stateThatNeverLastedIsDropped();
    void lateEventIsClampedToLaneOrder();
    void intervalAt_data();
    void intervalAt();
    void intervalsOverlappingAWindow_data();
    void intervalsOverlappingAWindow();
    void capCompactsTheOldestHalf();
    void capKeepsTheDominantActivity();
    void retentionDropsOldIntervals();
    void mixSumsTimeByActivity();
    void segmentsGatherTinyIntervals();
    void segmentsKeepLongIntervalsExact();
    void resetForgetsEverything();
};

void TestWorkerTimeline::intervalsFromStateChanges()
{
    WorkerTimeline timeline(2);
    timeline.apply(producerRound(1000, 0, 5));
    QCOMPARE(timeline.intervalCount(0), 4);
    QCOMPARE(timeline.intervalCount(1), 0);

    const WorkerTimeline::Interval working = timeline.interval(0, 0);
    QCOMPARE(working.startNs, qint64(1000));
    QCOMPARE(working.endNs, qint64(1300)); // generating and writing XML: one "working" interval
    QCOMPARE(working.activity, LaneActivity::Working);
    QCOMPARE(working.state, WorkerState::Generating);
    QCOMPARE(working.states, bits({WorkerState::Generating, WorkerState::WritingXml}));
    QCOMPARE(working.firstRecord, 5);
    QCOMPARE(working.recordCount, 1);

    const WorkerTimeline::Interval waiting = timeline.interval(0, 1);
    QCOMPARE(waiting.startNs, qint64(1300));
    QCOMPARE(waiting.endNs, qint64(1500));
    QCOMPARE(waiting.activity, LaneActivity::WaitingForSlot);
    QCOMPARE(waiting.state, WorkerState::WaitingForSlot);
    QCOMPARE(waiting.firstRecord, 5);

    QCOMPARE(timeline.interval(0, 2).activity, LaneActivity::Working);
    QCOMPARE(timeline.interval(0, 2).state, WorkerState::Inserting);
    QCOMPARE(timeline.interval(0, 2).endNs, qint64(1600));

    const WorkerTimeline::Interval sleeping = timeline.interval(0, 3);
    QCOMPARE(sleeping.activity, LaneActivity::Sleeping);
    QVERIFY(sleeping.isOpen());
    QCOMPARE(sleeping.firstRecord, -1);
    QCOMPARE(sleeping.recordCount, 0);
    QCOMPARE(timeline.now(), qint64(1600));
    QVERIFY(isContiguous(timeline, 0));
}

void TestWorkerTimeline::sameColourMergesAcrossRecords()
{
    // A consumer at full speed: remove, read, remove, read, with no sleep in between.
    WorkerTimeline timeline(1);
    timeline.apply({state(0, 0, WorkerState::Removing), state(10, 0, WorkerState::ReadingXml, 7),
                    state(20, 0, WorkerState::Removing), state(30, 0, WorkerState::ReadingXml, 8),
                    state(40, 0, WorkerState::WaitingForItem), state(90, 0, WorkerState::Removing),
                    state(95, 0, WorkerState::ReadingXml, 9)});
    QCOMPARE(timeline.intervalCount(0), 3);
    const WorkerTimeline::Interval first = timeline.interval(0, 0);
    QCOMPARE(first.startNs, qint64(0));
    QCOMPARE(first.endNs, qint64(40));
    QCOMPARE(first.firstRecord, 7);
    QCOMPARE(first.lastRecord, 8);
    QCOMPARE(first.recordCount, 2);
    QCOMPARE(first.states, bits({WorkerState::Removing, WorkerState::ReadingXml}));
    QVERIFY(!first.isMixed());
    QCOMPARE(timeline.interval(0, 1).activity, LaneActivity::WaitingForItem);
    QCOMPARE(timeline.interval(0, 2).firstRecord, 9);
    QCOMPARE(timeline.interval(0, 2).recordCount, 1);
}

void TestWorkerTimeline::openIntervalEndsAtNow()
{
    WorkerTimeline timeline(1);
    timeline.apply(state(100, 0, WorkerState::WaitingForLock));
    QVERIFY(timeline.interval(0, 0).isOpen());
    QCOMPARE(timeline.interval(0, 0).endOr(timeline.now()), qint64(100));
    timeline.setNow(900);
    QCOMPARE(timeline.now(), qint64(900));
    QCOMPARE(timeline.interval(0, 0).endOr(timeline.now()), qint64(900));
    timeline.setNow(500); // now never goes back
    QCOMPARE(timeline.now(), qint64(900));
    QVERIFY(timeline.intervalAt(0, 900).has_value());
    QVERIFY(!timeline.intervalAt(0, 901).has_value());
    QCOMPARE(timeline.intervals(0, 0, 10'000).size(), 1);
    // Leaving the state closes it.
    timeline.apply(state(1000, 0, WorkerState::Inserting));
    QCOMPARE(timeline.interval(0, 0).endNs, qint64(1000));
    QVERIFY(timeline.interval(0, 1).isOpen());
}

void TestWorkerTimeline::ignoresOtherEventsAndUnknownWorkers()
{
    WorkerTimeline timeline(2);
    JournalEvent inserted = state(10, 0, WorkerState::Inserting, 3);
    inserted.kind = JournalEvent::Kind::Inserted;
    JournalEvent processed = state(20, 1, WorkerState::ReadingXml, 3);
    processed.kind = JournalEvent::Kind::Processed;
    timeline.apply(
        {inserted, processed, state(30, 2, WorkerState::Sleeping), state(30, -1, WorkerState::Sleeping)});
    QCOMPARE(timeline.intervalCount(0), 0);
    QCOMPARE(timeline.intervalCount(1), 0);
    QCOMPARE(timeline.intervalCount(2), 0);
}

void TestWorkerTimeline::stateThatNeverLastedIsDropped()
{
    WorkerTimeline timeline(1);
    timeline.apply({state(0, 0, WorkerState::Sleeping), state(100, 0, WorkerState::WaitingForLock),
                    state(100, 0, WorkerState::Sleeping), state(200, 0, WorkerState::Inserting)});
    // The lock was taken at once: sleeping carries on without a zero-length wait in between.
    QCOMPARE(timeline.intervalCount(0), 2);
    QCOMPARE(timeline.interval(0, 0).activity, LaneActivity::Sleeping);
    QCOMPARE(timeline.interval(0, 0).endNs, qint64(200));
    QVERIFY(isContiguous(timeline, 0));
}

void TestWorkerTimeline::lateEventIsClampedToLaneOrder()
{
    WorkerTimeline timeline(1);
    timeline.apply({state(500, 0, WorkerState::Sleeping), state(400, 0, WorkerState::Generating, 1),
                    state(600, 0, WorkerState::WritingXml, 1)});
    QCOMPARE(timeline.intervalCount(0), 1);
    QCOMPARE(timeline.interval(0, 0).startNs, qint64(500));
    QCOMPARE(timeline.interval(0, 0).activity, LaneActivity::Working);
}

void TestWorkerTimeline::intervalAt_data()
{
    QTest::addColumn<qint64>("time");
    QTest::addColumn<int>("activity"); // -1: none
    QTest::addColumn<int>("record");
    QTest::addRow("before the first state") << qint64(999) << -1 << -1;
    QTest::addRow("at the first start") << qint64(1000) << int(LaneActivity::Working) << 5;
    QTest::addRow("inside working") << qint64(1200) << int(LaneActivity::Working) << 5;
    QTest::addRow("at the end of working (exclusive)")
        << qint64(1300) << int(LaneActivity::WaitingForSlot) << 5;
    QTest::addRow("last moment waiting") << qint64(1499) << int(LaneActivity::WaitingForSlot) << 5;
    QTest::addRow("sleeping, open") << qint64(1700) << int(LaneActivity::Sleeping) << -1;
    QTest::addRow("at now") << qint64(2000) << int(LaneActivity::Sleeping) << -1;
    QTest::addRow("after now") << qint64(2001) << -1 << -1;
}

void TestWorkerTimeline::intervalAt()
{
    QFETCH(qint64, time);
    QFETCH(int, activity);
    QFETCH(int, record);
    WorkerTimeline timeline(1);
    timeline.apply(producerRound(1000, 0, 5));
    timeline.setNow(2000);
    const std::optional<WorkerTimeline::Interval> found = timeline.intervalAt(0, time);
    QCOMPARE(found.has_value(), activity >= 0);
    if (found) {
        QCOMPARE(int(found->activity), activity);
        QCOMPARE(found->firstRecord, record);
    }
    QVERIFY(!timeline.intervalAt(1, time).has_value());
    QVERIFY(!timeline.intervalAt(-1, time).has_value());
}

void TestWorkerTimeline::intervalsOverlappingAWindow_data()
{
    QTest::addColumn<qint64>("from");
    QTest::addColumn<qint64>("to");
    QTest::addColumn<QList<qint64>>("starts");
    QTest::addRow("everything") << qint64(0) << qint64(5000) << QList<qint64> {1000, 1300, 1500, 1600};
    QTest::addRow("inside one") << qint64(1350) << qint64(1400) << QList<qint64> {1300};
    QTest::addRow("touching both ends") << qint64(1300) << qint64(1500) << QList<qint64> {1000, 1300, 1500};
    QTest::addRow("before the run") << qint64(0) << qint64(999) << QList<qint64> {};
    QTest::addRow("only the open one") << qint64(1900) << qint64(5000) << QList<qint64> {1600};
    QTest::addRow("backwards window") << qint64(1500) << qint64(1000) << QList<qint64> {};
}

void TestWorkerTimeline::intervalsOverlappingAWindow()
{
    QFETCH(qint64, from);
    QFETCH(qint64, to);
    QFETCH(QList<qint64>, starts);
    WorkerTimeline timeline(1);
    timeline.apply(producerRound(1000, 0, 5));
    timeline.setNow(2000);
    QList<qint64> found;
    const QList<WorkerTimeline::Interval> intervals = timeline.intervals(0, from, to);
    for (const WorkerTimeline::Interval &interval : intervals)
        found.append(interval.startNs);
    QCOMPARE(found, starts);
}

void TestWorkerTimeline::capCompactsTheOldestHalf()
{
    WorkerTimeline timeline(1);
    timeline.setMaxIntervals(64);
    QCOMPARE(timeline.maxIntervals(), 64);
    // 10,000 rounds of working 10 ns and waiting for the lock 10 ns.
    std::vector<JournalEvent> events;
    for (int i = 0; i < 10'000; ++i) {
        events.push_back(state(i * 20, 0, WorkerState::Inserting, i));
        events.push_back(state(i * 20 + 10, 0, WorkerState::WaitingForLock));
    }
    for (const JournalEvent &event : events) {
        timeline.apply(event);
        QVERIFY(timeline.intervalCount(0) <= 64);
    }
    QVERIFY(isContiguous(timeline, 0));
    // Nothing is lost: the lane still starts at the first event, and ends open at the last one.
    QCOMPARE(timeline.interval(0, 0).startNs, qint64(0));
    const int count = timeline.intervalCount(0);
    QVERIFY(timeline.interval(0, count - 1).isOpen());
    QCOMPARE(timeline.interval(0, count - 1).startNs, qint64(199'990));
    // The newest intervals are exact; the oldest are merged.
    QVERIFY(timeline.interval(0, 0).isMixed());
    QVERIFY(timeline.interval(0, 0).merged > 2);
    QCOMPARE(timeline.interval(0, count - 2).endNs - timeline.interval(0, count - 2).startNs, qint64(10));
    QVERIFY(!timeline.interval(0, count - 2).isMixed());
    QCOMPARE(timeline.interval(0, count - 2).firstRecord, 9999);
    // A merged interval counts the records it held.
    qint64 records = 0;
    for (int i = 0; i < count; ++i)
        records += timeline.interval(0, i).recordCount;
    QCOMPARE(records, qint64(10'000));
}

void TestWorkerTimeline::capKeepsTheDominantActivity()
{
    WorkerTimeline timeline(1);
    timeline.setMaxIntervals(16);
    // Mostly waiting for a slot (90 ns), a little working (10 ns).
    for (int i = 0; i < 200; ++i) {
        timeline.apply(state(i * 100, 0, WorkerState::Inserting, i));
        timeline.apply(state(i * 100 + 10, 0, WorkerState::WaitingForSlot, i));
    }
    const WorkerTimeline::Interval oldest = timeline.interval(0, 0);
    QVERIFY(oldest.isMixed());
    QCOMPARE(oldest.activity, LaneActivity::WaitingForSlot);
    QCOMPARE(oldest.state, WorkerState::WaitingForSlot);
    QVERIFY(oldest.share(LaneActivity::WaitingForSlot) >= 850
            && oldest.share(LaneActivity::WaitingForSlot) <= 950);
    QVERIFY(oldest.share(LaneActivity::Working) >= 50 && oldest.share(LaneActivity::Working) <= 150);
    QCOMPARE(oldest.share(LaneActivity::Sleeping), 0);
    // Time spread over the activities as before the compaction.
    qint64 waiting = 0;
    qint64 total = 0;
    for (int i = 0; i < timeline.intervalCount(0) - 1; ++i) {
        const WorkerTimeline::Interval &interval = timeline.interval(0, i);
        waiting += (interval.endNs - interval.startNs) * interval.share(LaneActivity::WaitingForSlot) / 1000;
        total += interval.endNs - interval.startNs;
    }
    QVERIFY2(std::abs(double(waiting) / double(total) - 0.9) < 0.01,
             qPrintable(QString::number(double(waiting) / double(total))));
    QCOMPARE(oldest.states, bits({WorkerState::Inserting, WorkerState::WaitingForSlot}));
}

void TestWorkerTimeline::retentionDropsOldIntervals()
{
    WorkerTimeline timeline(1);
    timeline.setRetentionNs(1000);
    for (int i = 0; i < 100; ++i)
        timeline.apply(state(i * 100, 0, i % 2 ? WorkerState::Sleeping : WorkerState::Generating));
    QCOMPARE(timeline.now(), qint64(9900));
    QVERIFY(timeline.intervalCount(0) <= 12);
    QVERIFY(timeline.interval(0, 0).endNs >= 9900 - 1000);
    QVERIFY(isContiguous(timeline, 0));
}

void TestWorkerTimeline::mixSumsTimeByActivity()
{
    WorkerTimeline timeline(1);
    timeline.apply(producerRound(1000, 0, 5));
    timeline.setNow(2000);
    const WorkerTimeline::Mix mix = timeline.mixIn(0, 1200, 1700);
    QCOMPARE(mix.intervals, 4);
    QCOMPARE(mix.activityNs[std::size_t(LaneActivity::Working)], qint64(100 + 100));
    QCOMPARE(mix.activityNs[std::size_t(LaneActivity::WaitingForSlot)], qint64(200));
    QCOMPARE(mix.activityNs[std::size_t(LaneActivity::Sleeping)], qint64(100));
    QCOMPARE(mix.totalNs(), qint64(500));
    QCOMPARE(timeline.mixIn(0, 0, 500).intervals, 0);
}

void TestWorkerTimeline::segmentsGatherTinyIntervals()
{
    WorkerTimeline timeline(1);
    // 1,000 rounds of 7 ns waiting for the lock and 3 ns working: 10 µs in all.
    for (int i = 0; i < 1000; ++i) {
        timeline.apply(state(i * 10, 0, WorkerState::WaitingForLock));
        timeline.apply(state(i * 10 + 7, 0, WorkerState::Removing, i));
    }
    timeline.setNow(10'000);
    // At 100 ns a pixel: about 100 pixels, each mostly waiting for the lock.
    const std::vector<WorkerTimeline::Segment> segments = timeline.segments(0, 0, 10'000, 100);
    QCOMPARE(segments.size(), std::size_t(1));
    QCOMPARE(segments.front().activity, LaneActivity::WaitingForLock);
    QCOMPARE(segments.front().startNs, qint64(0));
    QCOMPARE(segments.front().endNs, qint64(10'000));
    // Fine enough to see each state: every interval is its own segment.
    QCOMPARE(timeline.segments(0, 0, 100, 1).size(), std::size_t(20));
    // The same moments get the same colour whatever the window's start.
    const std::vector<WorkerTimeline::Segment> shifted = timeline.segments(0, 33, 10'000, 100);
    QCOMPARE(shifted.size(), std::size_t(1));
    QCOMPARE(shifted.front().activity, LaneActivity::WaitingForLock);
}

void TestWorkerTimeline::segmentsKeepLongIntervalsExact()
{
    WorkerTimeline timeline(1);
    timeline.apply(producerRound(1000, 0, 5));
    timeline.setNow(2000);
    const std::vector<WorkerTimeline::Segment> segments = timeline.segments(0, 1100, 1900, 10);
    QCOMPARE(segments.size(), std::size_t(4));
    QCOMPARE(segments.at(0).startNs, qint64(1100)); // clipped to the window
    QCOMPARE(segments.at(0).endNs, qint64(1300));
    QCOMPARE(segments.at(0).activity, LaneActivity::Working);
    QCOMPARE(segments.at(1).activity, LaneActivity::WaitingForSlot);
    QCOMPARE(segments.at(2).activity, LaneActivity::Working);
    QCOMPARE(segments.at(3).activity, LaneActivity::Sleeping);
    QCOMPARE(segments.at(3).endNs, qint64(1900));
    QVERIFY(timeline.segments(0, 1900, 1100, 10).empty());
}

void TestWorkerTimeline::resetForgetsEverything()
{
    WorkerTimeline timeline(2);
    timeline.apply(producerRound(1000, 1, 5));
    timeline.reset(3);
    QCOMPARE(timeline.laneCount(), 3);
    QCOMPARE(timeline.intervalCount(1), 0);
    QCOMPARE(timeline.now(), qint64(0));
    timeline.apply(producerRound(10, 2, 1));
    timeline.clear();
    QCOMPARE(timeline.laneCount(), 3);
    QCOMPARE(timeline.intervalCount(2), 0);
}

QTEST_GUILESS_MAIN(TestWorkerTimeline)
#include "tst_workertimeline.moc"
