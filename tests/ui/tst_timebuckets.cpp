#include "timebuckets.h"

#include <QTest>

class TestTimeBuckets : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void levelsKeepMinMaxAndLast();
    void quietBucketsCarryTheLevel();
    void countsFallInTheirBucket();
    void lateEventGoesToItsBucket();
    void dropOldestSlides();
    void longPauseSkipsAhead();
    void coarsenDoublesTheWidth();
    void clearStartsOver();
};

void TestTimeBuckets::levelsKeepMinMaxAndLast()
{
    TimeBuckets buckets(100, 50, TimeBuckets::Overflow::DropOldest);
    buckets.addLevel(10, 1);
    buckets.addLevel(20, 3);
    buckets.addLevel(30, 2);
    buckets.addLevel(120, 0);
    QCOMPARE(buckets.size(), 2);
    QCOMPARE(buckets.at(0).startNs, qint64(0));
    QCOMPARE(buckets.at(0).min, 0); // the level it started with
    QCOMPARE(buckets.at(0).max, 3);
    QCOMPARE(buckets.at(0).last, 2);
    QCOMPARE(buckets.at(1).startNs, qint64(100));
    QCOMPARE(buckets.at(1).min, 0);
    QCOMPARE(buckets.at(1).max, 2); // carried in from the bucket before
    QCOMPARE(buckets.at(1).last, 0);
    QCOMPARE(buckets.level(), 0);
}

void TestTimeBuckets::quietBucketsCarryTheLevel()
{
    TimeBuckets buckets(100, 50, TimeBuckets::Overflow::DropOldest);
    buckets.addLevel(50, 4);
    buckets.advanceTo(450);
    QCOMPARE(buckets.size(), 5);
    for (int i = 1; i < 5; ++i) {
        QCOMPARE(buckets.at(i).min, 4);
        QCOMPARE(buckets.at(i).max, 4);
        QCOMPARE(buckets.at(i).count, qint64(0));
        QCOMPARE(buckets.at(i).startNs, qint64(i * 100));
    }
    QCOMPARE(buckets.endNs(4), qint64(500));
    QCOMPARE(buckets.indexOf(450), 4);
    QCOMPARE(buckets.indexOf(500), -1);
}

void TestTimeBuckets::countsFallInTheirBucket()
{
    TimeBuckets buckets(1000, 50, TimeBuckets::Overflow::Coarsen);
    for (const qint64 t : {0, 10, 999, 1000, 2500})
        buckets.addCount(t);
    buckets.addCount(2600, 5);
    QCOMPARE(buckets.size(), 3);
    QCOMPARE(buckets.at(0).count, qint64(3));
    QCOMPARE(buckets.at(1).count, qint64(1));
    QCOMPARE(buckets.at(2).count, qint64(6));
    QCOMPARE(buckets.totalCount(), qint64(10));
}

void TestTimeBuckets::lateEventGoesToItsBucket()
{
    TimeBuckets buckets(100, 50, TimeBuckets::Overflow::DropOldest);
    buckets.addLevel(250, 2);
    buckets.addLevel(150, 5); // another worker's event, drained a little late
    buckets.addCount(50);
    QCOMPARE(buckets.at(1).max, 5);
    QCOMPARE(buckets.at(0).count, qint64(1));
    QCOMPARE(buckets.level(), 2); // the newest level stays the newest
    QCOMPARE(buckets.at(2).last, 2);
}

void TestTimeBuckets::dropOldestSlides()
{
    TimeBuckets buckets(10, 8, TimeBuckets::Overflow::DropOldest);
    for (int t = 0; t < 1000; t += 5)
        buckets.addLevel(t, t / 5 % 4);
    QCOMPARE(buckets.size(), 8);
    QCOMPARE(buckets.widthNs(), qint64(10));
    QCOMPARE(buckets.at(7).startNs, qint64(990));
    QCOMPARE(buckets.at(0).startNs, qint64(920));
    QCOMPARE(buckets.indexOf(100), -1);
}

void TestTimeBuckets::longPauseSkipsAhead()
{
    TimeBuckets buckets(10, 8, TimeBuckets::Overflow::DropOldest);
    buckets.addLevel(5, 3);
    buckets.advanceTo(1'000'000'000'000); // a very long pause: no billions of buckets on the way
    QCOMPARE(buckets.size(), 8);
    QCOMPARE(buckets.at(7).startNs, qint64(1'000'000'000'000));
    QCOMPARE(buckets.at(7).max, 3);
}

void TestTimeBuckets::coarsenDoublesTheWidth()
{
    TimeBuckets buckets(10, 8, TimeBuckets::Overflow::Coarsen);
    for (int t = 0; t < 90; ++t) {
        buckets.addCount(t);
        buckets.addLevel(t, t == 42 ? 9 : 1);
    }
    // 9 buckets of 10 are too many: now 5 of 20.
    QCOMPARE(buckets.widthNs(), qint64(20));
    QCOMPARE(buckets.size(), 5);
    for (int i = 0; i < buckets.size(); ++i)
        QCOMPARE(buckets.at(i).startNs, qint64(i * 20));
    QCOMPARE(buckets.at(0).count, qint64(20));
    QCOMPARE(buckets.at(4).count, qint64(10)); // 80..89, half full
    QCOMPARE(buckets.at(2).max, 9);
    QCOMPARE(buckets.totalCount(), qint64(90));
    for (int t = 90; t < 1000; ++t)
        buckets.addCount(t);
    QVERIFY(buckets.size() <= 8);
    QCOMPARE(buckets.widthNs(), qint64(160));
    qint64 sum = 0;
    for (int i = 0; i < buckets.size(); ++i)
        sum += buckets.at(i).count;
    QCOMPARE(sum, qint64(1000));
}

void TestTimeBuckets::clearStartsOver()
{
    TimeBuckets buckets(10, 8, TimeBuckets::Overflow::Coarsen);
    for (int t = 0; t < 1000; ++t)
        buckets.addCount(t);
    buckets.clear(2);
    QVERIFY(buckets.isEmpty());
    QCOMPARE(buckets.widthNs(), qint64(10));
    QCOMPARE(buckets.level(), 2);
    QCOMPARE(buckets.totalCount(), qint64(0));
    buckets.advanceTo(5);
    QCOMPARE(buckets.at(0).min, 2);
}

QTEST_GUILESS_MAIN(TestTimeBuckets)
#include "tst_timebuckets.moc"
