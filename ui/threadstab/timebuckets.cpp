#include "timebuckets.h"

TimeBuckets::TimeBuckets(qint64 widthNs, int maxBuckets, Overflow overflow)
    : m_initialWidthNs(qMax<qint64>(1, widthNs))
    , m_widthNs(m_initialWidthNs)
    , m_maxBuckets(qMax(2, maxBuckets))
    , m_overflow(overflow)
{ }

void TimeBuckets::clear(int level)
{
    m_buckets.clear();
    m_widthNs = m_initialWidthNs;
    m_level = level;
    m_totalCount = 0;
}

int TimeBuckets::indexOf(qint64 timeNs) const
{
    if (m_buckets.empty() || timeNs < m_buckets.front().startNs)
        return -1;
    const qint64 index = (timeNs - m_buckets.front().startNs) / m_widthNs;
    return index < qint64(m_buckets.size()) ? int(index) : -1;
}

void TimeBuckets::advanceTo(qint64 timeNs)
{
    timeNs = qMax<qint64>(0, timeNs);
    if (m_buckets.empty())
        m_buckets.push_back(Bucket {0, m_level, m_level, m_level, 0});
    // A long quiet stretch (a paused run) is skipped in one go, not one bucket at a time, once
    // the buckets it would add could not all be kept anyway.
    if (m_overflow == Overflow::DropOldest) {
        const qint64 behind = (timeNs - m_buckets.back().startNs) / m_widthNs;
        if (behind > m_maxBuckets) {
            m_buckets.clear();
            m_buckets.push_back(Bucket {timeNs / m_widthNs * m_widthNs - m_widthNs * (m_maxBuckets - 1),
                                        m_level, m_level, m_level, 0});
        }
    }
    while (timeNs >= m_buckets.back().startNs + m_widthNs) {
        m_buckets.push_back(Bucket {m_buckets.back().startNs + m_widthNs, m_level, m_level, m_level, 0});
        if (int(m_buckets.size()) > m_maxBuckets)
            overflow();
    }
}

TimeBuckets::Bucket &TimeBuckets::bucketFor(qint64 timeNs)
{
    advanceTo(timeNs);
    // Workers' events may arrive a little out of order: a late one goes to its own bucket, if kept.
    const int index = indexOf(timeNs);
    return index >= 0 ? m_buckets[std::size_t(index)] : m_buckets.front();
}

void TimeBuckets::addLevel(qint64 timeNs, int level)
{
    Bucket &bucket = bucketFor(timeNs);
    bucket.min = qMin(bucket.min, level);
    bucket.max = qMax(bucket.max, level);
    if (&bucket == &m_buckets.back()) {
        bucket.last = level;
        m_level = level;
    }
}

void TimeBuckets::addCount(qint64 timeNs, qint64 count)
{
    bucketFor(timeNs).count += count;
    m_totalCount += count;
}

void TimeBuckets::overflow()
{
    if (m_overflow == Overflow::DropOldest) {
        while (int(m_buckets.size()) > m_maxBuckets)
            m_buckets.pop_front();
        return;
    }
    // Every two buckets become one twice as wide; the buckets stay aligned to multiples of the
    // width because they start at 0.
    std::deque<Bucket> merged;
    for (std::size_t i = 0; i < m_buckets.size(); i += 2) {
        Bucket bucket = m_buckets[i];
        if (i + 1 < m_buckets.size()) {
            const Bucket &next = m_buckets[i + 1];
            bucket.min = qMin(bucket.min, next.min);
            bucket.max = qMax(bucket.max, next.max);
            bucket.last = next.last;
            bucket.count += next.count;
        }
        merged.push_back(bucket);
    }
    m_buckets.swap(merged);
    m_widthNs *= 2;
}
