#pragma once

#include <QtGlobal>

#include <deque>

// A quantity over time in fixed-width buckets: for a level (items in the buffer) the lowest,
// highest and last value in each bucket; for events (records processed) how many fell in it.
// What the run charts plot, so that a chart gets a few points per bucket however many events per
// second the run has. Memory is bounded: past maxBuckets() either the oldest bucket is dropped
// (a sliding window of the last minutes) or every two buckets become one of twice the width (the
// whole run, coarser). Buckets follow each other without gaps from time 0 (or from the oldest
// kept); a bucket with no event keeps the level and counts 0.
class TimeBuckets
{
public:
    enum class Overflow { DropOldest, Coarsen };

    struct Bucket
    {
        qint64 startNs = 0;
        int min = 0; // the level's lowest and highest value during the bucket, the one it carried in included
        int max = 0;
        int last = 0; // the level at the bucket's end (so far)
        qint64 count = 0;
    };

    TimeBuckets(qint64 widthNs, int maxBuckets, Overflow overflow);

    // Empties, back to the first width and time 0, with this level.
    void clear(int level = 0);
    // The level became `level` at timeNs.
    void addLevel(qint64 timeNs, int level);
    // `count` things happened at timeNs.
    void addCount(qint64 timeNs, qint64 count = 1);
    // Makes the buckets reach timeNs, even if nothing happened since.
    void advanceTo(qint64 timeNs);

    qint64 widthNs() const { return m_widthNs; }
    int maxBuckets() const { return m_maxBuckets; }
    int level() const { return m_level; }
    int size() const { return int(m_buckets.size()); }
    bool isEmpty() const { return m_buckets.empty(); }
    const Bucket &at(int index) const { return m_buckets.at(std::size_t(index)); }
    qint64 endNs(int index) const { return at(index).startNs + m_widthNs; }
    // The bucket holding timeNs, or -1 if it is not (or no longer) kept.
    int indexOf(qint64 timeNs) const;
    qint64 totalCount() const { return m_totalCount; }

private:
    Bucket &bucketFor(qint64 timeNs);
    void overflow();

    qint64 m_initialWidthNs;
    qint64 m_widthNs;
    int m_maxBuckets;
    Overflow m_overflow;
    int m_level = 0;
    qint64 m_totalCount = 0;
    std::deque<Bucket> m_buckets;
};
