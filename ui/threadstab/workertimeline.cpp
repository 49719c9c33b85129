#include "workertimeline.h"

#include <algorithm>

namespace {

using ActivityTimes = std::array<qint64, WorkerTimeline::ActivityCount>;

quint16 stateBit(WorkerState state)
{
    return quint16(1u << unsigned(state));
}

LaneActivity dominant(const ActivityTimes &times)
{
    const auto most = std::max_element(times.begin(), times.end());
    return LaneActivity(int(most - times.begin()));
}

qint64 sum(const ActivityTimes &times)
{
    qint64 total = 0;
    for (const qint64 ns : times)
        total += ns;
    return total;
}

// Walks pieces [begin, end) (pieceAt(i) gives start, end and activity) and hands each group to
// flush(first, last, times): a piece at least a grain long is a group of its own; shorter ones are
// gathered until together they fill a grain (or a long piece comes). So there are at most about
// 2 * span / grain groups, however many pieces there were.
template<typename PieceAt, typename Flush>
void groupByGrain(std::size_t begin, std::size_t end, qint64 grainNs, PieceAt pieceAt, Flush flush)
{
    ActivityTimes times {};
    qint64 gathered = 0;
    std::size_t groupStart = begin;
    bool gathering = false;
    for (std::size_t i = begin; i < end; ++i) {
        const WorkerTimeline::Segment piece = pieceAt(i);
        const qint64 length = qMax<qint64>(0, piece.endNs - piece.startNs);
        if (length >= grainNs) {
            if (gathering) {
                flush(groupStart, i, times);
                times = {};
                gathered = 0;
                gathering = false;
            }
            ActivityTimes own {};
            own[std::size_t(piece.activity)] = length;
            flush(i, i + 1, own);
            continue;
        }
        if (!gathering) {
            groupStart = i;
            gathering = true;
        }
        times[std::size_t(piece.activity)] += length;
        gathered += length;
        if (gathered >= grainNs) {
            flush(groupStart, i + 1, times);
            times = {};
            gathered = 0;
            gathering = false;
        }
    }
    if (gathering)
        flush(groupStart, end, times);
}

} // namespace

qint64 WorkerTimeline::Mix::totalNs() const
{
    return sum(activityNs);
}

WorkerTimeline::WorkerTimeline(int laneCount)
{
    reset(laneCount);
}

void WorkerTimeline::reset(int laneCount)
{
    m_lanes.assign(std::size_t(qMax(0, laneCount)), Lane());
    m_nowNs = 0;
}

void WorkerTimeline::setMaxIntervals(int count)
{
    m_maxIntervals = qMax(16, count);
    for (Lane &lane : m_lanes) {
        while (int(lane.size()) > m_maxIntervals)
            compact(lane);
    }
}

void WorkerTimeline::setRetentionNs(qint64 retentionNs)
{
    m_retentionNs = qMax<qint64>(1, retentionNs);
    for (Lane &lane : m_lanes)
        dropExpired(lane);
}

void WorkerTimeline::setNow(qint64 nowNs)
{
    m_nowNs = qMax(m_nowNs, nowNs);
}

void WorkerTimeline::apply(const std::vector<JournalEvent> &events)
{
    for (const JournalEvent &event : events)
        apply(event);
}

void WorkerTimeline::apply(const JournalEvent &event)
{
    if (event.kind != JournalEvent::Kind::StateChanged || event.worker < 0 || event.worker >= laneCount())
        return;
    Lane &lane = m_lanes[std::size_t(event.worker)];
    qint64 time = qMax<qint64>(0, event.timeNs);
    if (!lane.empty())
        time = qMax(time, lane.back().startNs);
    setNow(time);

    const LaneActivity activity = laneActivity(event.state);
    if (!lane.empty() && lane.back().isOpen() && lane.back().activity != activity) {
        if (lane.back().startNs == time)
            lane.pop_back(); // left at once: a state that never lasted gets no interval
        else
            lane.back().endNs = time;
    }
    // The same colour as the interval just before (open, or closed right now): carry on in it.
    if (!lane.empty() && lane.back().activity == activity && !lane.back().isMixed()
        && (lane.back().isOpen() || lane.back().endNs == time)) {
        Interval &current = lane.back();
        current.endNs = -1;
        current.states |= stateBit(event.state);
        if (event.record >= 0 && event.record != current.lastRecord) {
            if (current.firstRecord < 0)
                current.firstRecord = event.record;
            current.lastRecord = event.record;
            ++current.recordCount;
        }
        return;
    }

    Interval interval;
    interval.startNs = time;
    interval.state = event.state;
    interval.activity = activity;
    interval.states = stateBit(event.state);
    interval.firstRecord = event.record;
    interval.lastRecord = event.record;
    interval.recordCount = event.record >= 0 ? 1 : 0;
    lane.push_back(interval);
    if (int(lane.size()) > m_maxIntervals)
        compact(lane);
    dropExpired(lane);
}

void WorkerTimeline::compact(Lane &lane)
{
    // The older half (never the open interval at the end) becomes about an eighth of the cap.
    const std::size_t half = qMin(lane.size() - 1, lane.size() / 2);
    if (half < 2)
        return;
    const qint64 span = lane[half - 1].endNs - lane.front().startNs;
    const qint64 grain = qMax<qint64>(1, span / qMax(1, m_maxIntervals / 8));

    std::vector<Interval> compacted;
    compacted.reserve(std::size_t(m_maxIntervals / 4 + 2));
    auto pieceAt = [&lane](std::size_t i) {
        return Segment {lane[i].startNs, lane[i].endNs, lane[i].activity};
    };
    groupByGrain(0, half, grain, pieceAt, [&](std::size_t first, std::size_t last, const ActivityTimes &) {
        // Members compacted before count by their shares, so the mix stays true through
        // repeated compactions.
        ActivityTimes times {};
        qint64 total = 0;
        for (std::size_t i = first; i < last; ++i) {
            const qint64 length = lane[i].endNs - lane[i].startNs;
            for (int activity = 0; activity < ActivityCount; ++activity)
                times[std::size_t(activity)] += length * lane[i].share(LaneActivity(activity)) / 1000;
            total += length;
        }
        Interval group = lane[first];
        group.endNs = lane[last - 1].endNs;
        group.activity = dominant(times);
        for (int activity = 0; activity < ActivityCount; ++activity)
            group.permille[std::size_t(activity)]
                = quint16(total > 0 ? times[std::size_t(activity)] * 1000 / total : 0);
        qint64 longest = -1;
        group.states = 0;
        group.merged = 0;
        group.recordCount = 0;
        group.firstRecord = -1;
        group.lastRecord = -1;
        for (std::size_t i = first; i < last; ++i) {
            const Interval &member = lane[i];
            group.states |= member.states;
            group.merged += member.merged;
            if (member.activity == group.activity && member.endNs - member.startNs > longest) {
                longest = member.endNs - member.startNs;
                group.state = member.state;
            }
            if (member.firstRecord >= 0) {
                if (group.firstRecord < 0)
                    group.firstRecord = member.firstRecord;
                // A record held across two intervals is still one record.
                group.recordCount += member.recordCount - (member.firstRecord == group.lastRecord ? 1 : 0);
                group.lastRecord = member.lastRecord;
            }
        }
        // A group of one interval keeps it as it was; several become one mixed interval.
        if (last - first == 1)
            group = lane[first];
        else
            group.merged = qMax(2, group.merged);
        compacted.push_back(group);
    });
    lane.erase(lane.begin(), lane.begin() + std::ptrdiff_t(half));
    lane.insert(lane.begin(), compacted.begin(), compacted.end());
}

void WorkerTimeline::dropExpired(Lane &lane)
{
    const qint64 oldest = m_nowNs - m_retentionNs;
    while (!lane.empty() && !lane.front().isOpen() && lane.front().endNs < oldest)
        lane.pop_front();
}

int WorkerTimeline::intervalCount(int lane) const
{
    return lane >= 0 && lane < laneCount() ? int(m_lanes[std::size_t(lane)].size()) : 0;
}

const WorkerTimeline::Interval &WorkerTimeline::interval(int lane, int index) const
{
    return m_lanes.at(std::size_t(lane)).at(std::size_t(index));
}

std::size_t WorkerTimeline::firstEndingAfter(const Lane &lane, qint64 timeNs, qint64 nowNs)
{
    // Intervals follow each other, so their ends rise: binary search.
    const auto it = std::partition_point(lane.begin(), lane.end(), [timeNs, nowNs](const Interval &interval) {
        return !interval.isOpen() && interval.endOr(nowNs) <= timeNs;
    });
    return std::size_t(it - lane.begin());
}

QList<WorkerTimeline::Interval> WorkerTimeline::intervals(int lane, qint64 fromNs, qint64 toNs) const
{
    QList<Interval> result;
    if (lane < 0 || lane >= laneCount() || toNs < fromNs)
        return result;
    const Lane &intervals = m_lanes[std::size_t(lane)];
    // Touching counts: an interval ending exactly at fromNs overlaps.
    for (std::size_t i = firstEndingAfter(intervals, fromNs - 1, m_nowNs);
         i < intervals.size() && intervals[i].startNs <= toNs; ++i)
        result.append(intervals[i]);
    return result;
}

std::optional<WorkerTimeline::Interval> WorkerTimeline::intervalAt(int lane, qint64 timeNs) const
{
    if (lane < 0 || lane >= laneCount())
        return std::nullopt;
    const Lane &intervals = m_lanes[std::size_t(lane)];
    const std::size_t i = firstEndingAfter(intervals, timeNs, m_nowNs);
    if (i >= intervals.size())
        return std::nullopt;
    const Interval &found = intervals[i];
    if (found.startNs > timeNs || (found.isOpen() && timeNs > m_nowNs))
        return std::nullopt;
    return found;
}

WorkerTimeline::Mix WorkerTimeline::mixIn(int lane, qint64 fromNs, qint64 toNs) const
{
    Mix mix;
    if (lane < 0 || lane >= laneCount() || toNs <= fromNs)
        return mix;
    const Lane &intervals = m_lanes[std::size_t(lane)];
    for (std::size_t i = firstEndingAfter(intervals, fromNs, m_nowNs);
         i < intervals.size() && intervals[i].startNs < toNs; ++i) {
        const qint64 start = qMax(fromNs, intervals[i].startNs);
        const qint64 end = qMin(toNs, intervals[i].endOr(m_nowNs));
        if (end <= start)
            continue;
        for (int activity = 0; activity < ActivityCount; ++activity)
            mix.activityNs[std::size_t(activity)]
                += (end - start) * intervals[i].share(LaneActivity(activity)) / 1000;
        mix.intervals += intervals[i].merged;
    }
    return mix;
}

std::vector<WorkerTimeline::Segment> WorkerTimeline::segments(int lane, qint64 fromNs, qint64 toNs,
                                                              qint64 grainNs) const
{
    std::vector<Segment> result;
    if (lane < 0 || lane >= laneCount() || toNs <= fromNs)
        return result;
    const Lane &intervals = m_lanes[std::size_t(lane)];
    const std::size_t begin = firstEndingAfter(intervals, fromNs, m_nowNs);
    std::size_t end = begin;
    while (end < intervals.size() && intervals[end].startNs < toNs)
        ++end;
    const qint64 grain = qMax<qint64>(1, grainNs);
    auto add = [&result](const Segment &segment) {
        if (segment.endNs <= segment.startNs)
            return;
        if (!result.empty() && result.back().activity == segment.activity
            && result.back().endNs >= segment.startNs)
            result.back().endNs = qMax(result.back().endNs, segment.endNs);
        else
            result.push_back(segment);
    };
    // Short pieces are gathered by grain-sized buckets of absolute time, not from the window's
    // edge: a window that moves on by a fraction of a pixel each frame then draws the same
    // colours for the same moments, instead of shimmering.
    ActivityTimes times {};
    qint64 bucket = 0;
    Segment gathered;
    bool gathering = false;
    auto flush = [&] {
        if (gathering)
            add(Segment {gathered.startNs, gathered.endNs, dominant(times)});
        times = {};
        gathering = false;
    };
    for (std::size_t i = begin; i < end; ++i) {
        const Interval &interval = intervals[i];
        const Segment piece {qMax(fromNs, interval.startNs), qMin(toNs, interval.endOr(m_nowNs)),
                             interval.activity};
        const qint64 length = piece.endNs - piece.startNs;
        if (length <= 0)
            continue;
        if (length >= grain) {
            flush();
            add(piece);
            continue;
        }
        const qint64 pieceBucket
            = piece.startNs >= 0 ? piece.startNs / grain : (piece.startNs + 1) / grain - 1;
        if (gathering && pieceBucket != bucket)
            flush();
        if (!gathering) {
            bucket = pieceBucket;
            gathered.startNs = piece.startNs;
            gathering = true;
        }
        gathered.endNs = piece.endNs;
        times[std::size_t(piece.activity)] += length;
    }
    flush();
    return result;
}
