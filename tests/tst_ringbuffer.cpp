#include "ringbuffer.h"

#include <QTest>

class TestRingBuffer : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void fifoAndPositions();
    void wrapsAround();
    void growKeepsOrder();
    void shrinkWaitsForDrain();
    void pushFrontIsPoppedNext();
    void pushFrontWhenFullGrowsPastCapacity();
};

void TestRingBuffer::fifoAndPositions()
{
    RingBuffer ring(3);
    QVERIFY(ring.isEmpty());
    QCOMPARE(ring.push(10), 0);
    QCOMPARE(ring.push(11), 1);
    QCOMPARE(ring.inPosition(), 2);
    QCOMPARE(ring.outPosition(), 0);
    QCOMPARE(ring.pop(), std::make_pair(10, 0));
    QCOMPARE(ring.outPosition(), 1);
    QCOMPARE(ring.slots().at(0), RingBuffer::EmptySlot);
    QCOMPARE(ring.size(), 1);
}

void TestRingBuffer::wrapsAround()
{
    RingBuffer ring(3);
    ring.push(1);
    ring.push(2);
    ring.push(3);
    QVERIFY(ring.isFull());
    QCOMPARE(ring.inPosition(), 0);
    QCOMPARE(ring.pop().first, 1);
    QCOMPARE(ring.push(4), 0);
    QCOMPARE(ring.pop().first, 2);
    QCOMPARE(ring.pop().first, 3);
    QCOMPARE(ring.pop(), std::make_pair(4, 0));
    QVERIFY(ring.isEmpty());
}

void TestRingBuffer::growKeepsOrder()
{
    RingBuffer ring(3);
    ring.push(1);
    ring.push(2);
    ring.push(3);
    ring.pop();
    ring.push(4); // wrapped: slots are [4, 2, 3]
    ring.setCapacity(5);
    QCOMPARE(ring.capacity(), 5);
    QVERIFY(!ring.isFull());
    ring.push(5);
    ring.push(6);
    QVERIFY(ring.isFull());
    for (const int expected : {2, 3, 4, 5, 6})
        QCOMPARE(ring.pop().first, expected);
}

void TestRingBuffer::shrinkWaitsForDrain()
{
    RingBuffer ring(4);
    for (int i = 1; i <= 4; ++i)
        ring.push(i);
    ring.setCapacity(2);
    QCOMPARE(ring.capacity(), 2);
    QCOMPARE(ring.size(), 4); // nothing dropped
    QVERIFY(ring.isFull());
    QVERIFY(!ring.compact()); // 4 items do not fit 2 slots yet
    QCOMPARE(ring.slots().size(), 4);
    QCOMPARE(ring.pop().first, 1);
    QCOMPARE(ring.pop().first, 2);
    QVERIFY(ring.compact());
    QCOMPARE(ring.slots().size(), 2);
    QVERIFY(ring.isFull());
    QCOMPARE(ring.pop().first, 3);
    QCOMPARE(ring.push(5), 0);
    QCOMPARE(ring.pop().first, 4);
    QCOMPARE(ring.pop().first, 5);
}

void TestRingBuffer::pushFrontIsPoppedNext()
{
    RingBuffer ring(4);
    ring.push(1);
    ring.push(2);
    QCOMPARE(ring.pop().first, 1);
    QCOMPARE(ring.pushFront(1), 0); // back into the slot it came from
    QCOMPARE(ring.outPosition(), 0);
    QCOMPARE(ring.pop().first, 1);
    QCOMPARE(ring.pop().first, 2);
    QCOMPARE(ring.pushFront(9), 1); // the out position moves back, wrapping if needed
    QCOMPARE(ring.pop(), std::make_pair(9, 1));
}

void TestRingBuffer::pushFrontWhenFullGrowsPastCapacity()
{
    RingBuffer ring(2);
    ring.push(1);
    ring.push(2);
    ring.pushFront(0); // nothing is ever lost: the ring grows past its capacity
    QCOMPARE(ring.size(), 3);
    QCOMPARE(ring.capacity(), 2);
    QCOMPARE(ring.slots().size(), 3);
    QVERIFY(ring.isFull());
    QVERIFY(!ring.compact());
    QCOMPARE(ring.pop().first, 0);
    QVERIFY(ring.compact());
    QCOMPARE(ring.slots().size(), 2);
    QCOMPARE(ring.pop().first, 1);
    QCOMPARE(ring.pop().first, 2);
    QVERIFY(ring.isEmpty());
}

QTEST_GUILESS_MAIN(TestRingBuffer)
#include "tst_ringbuffer.moc"
