#include "bufferscene.h"

#include <QTest>

namespace {

constexpr int Empty = RingBuffer::EmptySlot;

// Two producers (lanes 0, 1) and one consumer (lane 2), as Simulation numbers its workers.
BufferScene sceneWithLanes(int capacity)
{
    BufferScene scene(capacity);
    scene.setLanes({
        {QStringLiteral("Producer 1"), WorkerRole::Producer, LaneActivity::Idle, QStringLiteral("idle"), -1},
        {QStringLiteral("Producer 2"), WorkerRole::Producer, LaneActivity::Idle, QStringLiteral("idle"), -1},
        {QStringLiteral("Consumer 1"), WorkerRole::Consumer, LaneActivity::Idle, QStringLiteral("idle"), -1},
    });
    return scene;
}

} // namespace

class TestBufferScene : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void lanesBySide();
    void laneState();
    void insertAndRemoveFollowTheRing();
    void tokensTravelThenLand();
    void busyFramesAreNotTweened();
    void tokensInFlightAreCapped();
    void syncTakesTheBuffersWord();
    void factsThatDoNotFitAskForResync_data();
    void factsThatDoNotFitAskForResync();
    void drainingAfterShrink();
    void resetEmptiesEverything();
    void flaggedRecordsAndSlots();
    void alarmLanes();
};

void TestBufferScene::lanesBySide()
{
    const BufferScene scene = sceneWithLanes(4);
    QCOMPARE(scene.laneCount(WorkerRole::Producer), 2);
    QCOMPARE(scene.laneCount(WorkerRole::Consumer), 1);
    QCOMPARE(scene.sideIndex(0), 0);
    QCOMPARE(scene.sideIndex(1), 1);
    QCOMPARE(scene.sideIndex(2), 0);
    QCOMPARE(scene.sideIndex(3), -1);
}

void TestBufferScene::laneState()
{
    BufferScene scene = sceneWithLanes(4);
    scene.setLaneState(1, LaneActivity::WaitingForSlot, QStringLiteral("waiting for a free slot"), 7);
    QCOMPARE(scene.lanes().at(1).activity, LaneActivity::WaitingForSlot);
    QCOMPARE(scene.lanes().at(1).stateText, QStringLiteral("waiting for a free slot"));
    QCOMPARE(scene.lanes().at(1).record, 7);
    scene.setLaneState(42, LaneActivity::Done, QStringLiteral("done")); // ignored, no crash
    QCOMPARE(scene.lanes().size(), 3);
}

void TestBufferScene::insertAndRemoveFollowTheRing()
{
    BufferScene scene = sceneWithLanes(3);
    scene.beginFrame(0, 0);
    scene.insert(0, 1, 0, 2);
    scene.insert(1, 2, 1, 4);
    QCOMPARE(scene.slotRecords(), QList<int>({1, 2, Empty}));
    QCOMPARE(scene.slots().at(1).programme, 4);
    QCOMPARE(scene.size(), 2);
    QCOMPARE(scene.inPosition(), 2);
    QCOMPARE(scene.outPosition(), 0);

    scene.remove(2, 1, 0);
    QCOMPARE(scene.slotRecords(), QList<int>({Empty, 2, Empty}));
    QCOMPARE(scene.outPosition(), 1);
    scene.insert(0, 3, 2, 0);
    scene.insert(0, 4, 0, 0); // wraps around
    QCOMPARE(scene.slotRecords(), QList<int>({4, 2, 3}));
    QCOMPARE(scene.inPosition(), 1);
    QVERIFY(!scene.needsResync());
}

void TestBufferScene::tokensTravelThenLand()
{
    BufferScene scene = sceneWithLanes(3);
    scene.beginFrame(1000, 2);
    scene.insert(0, 1, 0, 3);
    QCOMPARE(scene.tokens().size(), std::size_t(1));
    const BufferScene::Token token = scene.tokens().front();
    QCOMPARE(token.record, 1);
    QCOMPARE(token.lane, 0);
    QCOMPARE(token.slot, 0);
    QVERIFY(token.intoSlot);
    QCOMPARE(scene.progress(token), 0.0);
    QVERIFY(scene.isArriving(0)); // the slot fills when the token lands

    scene.beginFrame(1000 + BufferScene::TokenDurationMs / 2, 0);
    QCOMPARE(scene.progress(scene.tokens().front()), 0.5);
    QVERIFY(scene.isArriving(0));

    // Removing takes the programme along to the outbound token, which replaces the inbound one.
    scene.remove(2, 1, 0);
    QCOMPARE(scene.tokens().size(), std::size_t(1));
    QVERIFY(!scene.tokens().front().intoSlot);
    QCOMPARE(scene.tokens().front().programme, 3);
    QCOMPARE(scene.tokens().front().lane, 2);

    // Tokens older than their duration are dropped: the view never falls behind.
    scene.beginFrame(1000 + 2 * BufferScene::TokenDurationMs, 0);
    QVERIFY(!scene.hasTokens());
    QVERIFY(!scene.isArriving(0));
}

void TestBufferScene::busyFramesAreNotTweened()
{
    BufferScene scene = sceneWithLanes(16);
    scene.beginFrame(0, BufferScene::MaxAnimatedTransfersPerFrame + 1);
    for (int i = 0; i < 11; ++i)
        scene.insert(0, i + 1, i, 0);
    QVERIFY(!scene.hasTokens());
    QCOMPARE(scene.size(), 11); // the state is still right
    QVERIFY(!scene.isArriving(0));
}

void TestBufferScene::tokensInFlightAreCapped()
{
    BufferScene scene = sceneWithLanes(64);
    int record = 1;
    for (int frame = 0; frame < 10; ++frame) {
        scene.beginFrame(frame, 6); // many frames inside one token duration
        for (int i = 0; i < 6 && record <= 60; ++i, ++record)
            scene.insert(0, record, record - 1, 1);
    }
    QCOMPARE(int(scene.tokens().size()), BufferScene::MaxTokensInFlight);
    QCOMPARE(scene.size(), 60);
}

void TestBufferScene::syncTakesTheBuffersWord()
{
    BufferScene scene = sceneWithLanes(4);
    scene.beginFrame(0, 1);
    scene.insert(0, 9, 0, 5);
    BufferSnapshot snapshot;
    snapshot.slots = {9, 10, Empty, Empty};
    snapshot.capacity = 4;
    snapshot.size = 2;
    snapshot.inPosition = 2;
    snapshot.outPosition = 0;
    scene.sync(snapshot);
    QCOMPARE(scene.slotRecords(), snapshot.slots);
    QCOMPARE(scene.inPosition(), 2);
    QCOMPARE(scene.outPosition(), 0);
    QCOMPARE(scene.slots().at(0).programme, 5); // remembered from the insert
    QCOMPARE(scene.slots().at(1).programme, -1); // not told yet: grey
    // The insert event for 10 arrives after the snapshot showed it: no harm, colour filled in.
    scene.insert(1, 10, 1, 6);
    QCOMPARE(scene.slots().at(1).programme, 6);
    QVERIFY(!scene.needsResync());
}

void TestBufferScene::factsThatDoNotFitAskForResync_data()
{
    QTest::addColumn<bool>("insert");
    QTest::addColumn<int>("record");
    QTest::addColumn<int>("slot");
    QTest::addRow("insert past the last slot") << true << 7 << 4;
    QTest::addRow("insert a record already elsewhere") << true << 1 << 2;
    QTest::addRow("insert into an occupied slot") << true << 7 << 1;
    QTest::addRow("remove from a slot holding another record") << false << 1 << 1;
    QTest::addRow("remove a record that sits elsewhere") << false << 2 << 3;
    QTest::addRow("remove from a negative slot") << false << 1 << -1;
}

void TestBufferScene::factsThatDoNotFitAskForResync()
{
    QFETCH(bool, insert);
    QFETCH(int, record);
    QFETCH(int, slot);
    BufferScene scene = sceneWithLanes(4);
    scene.beginFrame(0, 0);
    scene.insert(0, 1, 0, 0);
    scene.insert(0, 2, 1, 0);
    QVERIFY(!scene.needsResync());
    if (insert)
        scene.insert(0, record, slot, 0);
    else
        scene.remove(2, record, slot);
    QVERIFY(scene.needsResync());

    BufferSnapshot snapshot;
    snapshot.slots = {1, 2, Empty, Empty};
    snapshot.capacity = 4;
    snapshot.inPosition = 2;
    scene.sync(snapshot);
    QVERIFY(!scene.needsResync());
    QCOMPARE(scene.slotRecords(), snapshot.slots);
}

void TestBufferScene::drainingAfterShrink()
{
    BufferScene scene = sceneWithLanes(6);
    BufferSnapshot snapshot;
    snapshot.slots = {1, 2, 3, 4, 5, 6};
    snapshot.capacity = 3; // lowered while full: the ring keeps its slots until it drains
    snapshot.size = 6;
    scene.sync(snapshot);
    QVERIFY(scene.isDraining());
    QCOMPARE(scene.capacity(), 3);
    QCOMPARE(scene.slotCount(), 6);

    snapshot.slots = {5, 6, Empty};
    snapshot.size = 2;
    snapshot.inPosition = 2;
    scene.sync(snapshot);
    QVERIFY(!scene.isDraining());
    QCOMPARE(scene.slotCount(), 3);
}

void TestBufferScene::resetEmptiesEverything()
{
    BufferScene scene = sceneWithLanes(4);
    scene.beginFrame(0, 1);
    scene.insert(0, 1, 0, 0);
    scene.reset(8);
    QCOMPARE(scene.capacity(), 8);
    QCOMPARE(scene.slotRecords(), QList<int>(8, Empty));
    QVERIFY(!scene.hasTokens());
    QCOMPARE(scene.inPosition(), 0);
    QCOMPARE(scene.lanes().size(), 3); // lanes stay
    scene.reset(1000);
    QCOMPARE(scene.capacity(), BufferStrategy::MaxCapacity);
}

void TestBufferScene::flaggedRecordsAndSlots()
{
    BufferScene scene = sceneWithLanes(4);
    scene.beginFrame(0, 100); // no tokens
    scene.insert(0, 11, 0, 2);
    scene.insert(1, 12, 1, 3);
    QVERIFY(!scene.isFlagged(11));
    scene.flagRecord(11);
    scene.flagRecord(-1); // a removal that took nothing: no record to mark
    QVERIFY(scene.isFlagged(11));
    QVERIFY(!scene.isFlagged(12));
    QCOMPARE(scene.flaggedRecordCount(), 1);
    // A slot that was written over stays marked while it holds what it held then.
    scene.flagSlot(1);
    scene.flagSlot(9); // no such slot: ignored
    QVERIFY(scene.isSlotFlagged(1));
    QVERIFY(!scene.isSlotFlagged(0));
    QVERIFY(!scene.isSlotFlagged(9));
    scene.remove(2, 11, 0);
    QVERIFY(scene.isFlagged(11)); // the record stays marked wherever it goes
    QVERIFY(scene.isSlotFlagged(1));
    scene.remove(2, 12, 1);
    QVERIFY(!scene.isSlotFlagged(1)); // its content changed
    // An empty slot taken: marked until something goes in.
    scene.flagSlot(2);
    QVERIFY(scene.isSlotFlagged(2));
    scene.insert(0, 13, 2, 1);
    QVERIFY(!scene.isSlotFlagged(2));
    scene.reset(4);
    QCOMPARE(scene.flaggedRecordCount(), 0);
}

void TestBufferScene::alarmLanes()
{
    BufferScene scene = sceneWithLanes(4);
    scene.setAlarmLanes({0, 2});
    QVERIFY(scene.lanes().at(0).alarm);
    QVERIFY(!scene.lanes().at(1).alarm);
    QVERIFY(scene.lanes().at(2).alarm);
    scene.setAlarmLanes({7}); // unknown lanes are ignored, the others unmarked
    for (const BufferScene::Lane &lane : scene.lanes())
        QVERIFY(!lane.alarm);
}

QTEST_APPLESS_MAIN(TestBufferScene)
#include "tst_bufferscene.moc"
