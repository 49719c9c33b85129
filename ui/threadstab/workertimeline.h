#pragma once

#include "journal.h"
#include "laneactivity.h"

#include <QList>

#include <array>
#include <deque>
#include <optional>
#include <vector>

// What each worker did when: per worker (lane), the intervals of its states, built from the
// journal's StateChanged events. Neighbouring states of one colour (generating, writing XML,
// inserting: all "working") make one interval. Holds bounded memory at any speed: when a lane has
// more than maxIntervals(), its older half is merged into intervals of a coarser grain, each
// taking the activity that filled most of its time (nothing is dropped, it only gets less exact),
// and intervals that ended more than retentionNs() before now are dropped.
// Plain data, no widget: the timeline view draws it and tests read it.
class WorkerTimeline
{
public:
    static constexpr int DefaultMaxIntervals = 16'384;
    static constexpr qint64 DefaultRetentionNs = 30LL * 60 * 1'000'000'000; // 30 minutes
    static constexpr int ActivityCount = int(LaneActivity::Done) + 1;

    struct Interval
    {
        qint64 startNs = 0;
        qint64 endNs = -1; // -1: open, the worker is still in it
        WorkerState state = WorkerState::Idle; // the state that filled most of it (the first, if unmerged)
        LaneActivity activity = LaneActivity::Idle;
        quint16 states = 0; // bit (1 << state) for every state seen in it
        qint32 firstRecord = -1; // the records the worker held in it, -1 if none
        qint32 lastRecord = -1;
        qint32 recordCount = 0; // how many times the record changed to a new one (1: one record)
        qint32 merged = 1; // intervals of different activities folded into this one when compacted
        // Compacted intervals only: each activity's share of the time, in thousandths.
        std::array<quint16, ActivityCount> permille {};

        bool isOpen() const { return endNs < 0; }
        qint64 endOr(qint64 nowNs) const { return endNs < 0 ? qMax(startNs, nowNs) : endNs; }
        // Mixed: an old stretch compacted into one.
        bool isMixed() const { return merged > 1; }
        // The share of the time (in thousandths) the worker spent in `of` during this interval.
        int share(LaneActivity of) const
        {
            if (isMixed())
                return permille[std::size_t(of)];
            return of == activity ? 1000 : 0;
        }
    };

    // A stretch of one colour to draw: what segments() returns.
    struct Segment
    {
        qint64 startNs = 0;
        qint64 endNs = 0;
        LaneActivity activity = LaneActivity::Idle;
    };

    explicit WorkerTimeline(int laneCount = 0);

    // Forgets everything and starts over with this many lanes, at time 0.
    void reset(int laneCount);
    void clear() { reset(laneCount()); }
    int laneCount() const { return int(m_lanes.size()); }

    // Takes the StateChanged events (others are ignored, as are unknown workers). Events of one
    // worker must come in time order, as the journal gives them.
    void apply(const std::vector<JournalEvent> &events);
    void apply(const JournalEvent &event);
    // The journal time now: open intervals end here. Never goes back; apply() advances it too.
    void setNow(qint64 nowNs);
    qint64 now() const { return m_nowNs; }

    void setMaxIntervals(int count); // per lane, at least 16
    int maxIntervals() const { return m_maxIntervals; }
    void setRetentionNs(qint64 retentionNs);
    qint64 retentionNs() const { return m_retentionNs; }

    int intervalCount(int lane) const;
    const Interval &interval(int lane, int index) const;
    // The intervals that overlap [fromNs, toNs] (touching counts), oldest first.
    QList<Interval> intervals(int lane, qint64 fromNs, qint64 toNs) const;
    // The interval covering timeNs (start inclusive, end exclusive; the open one up to now), or
    // nothing.
    std::optional<Interval> intervalAt(int lane, qint64 timeNs) const;
    // The time of [fromNs, toNs] the lane spent in each activity, by LaneActivity, and how many
    // intervals overlap it (those merged into one by compaction counted each): what a pixel of
    // many tiny intervals stands for.
    struct Mix
    {
        std::array<qint64, ActivityCount> activityNs {};
        int intervals = 0;
        qint64 totalNs() const;
    };
    Mix mixIn(int lane, qint64 fromNs, qint64 toNs) const;
    // The lane's intervals over [fromNs, toNs], clipped to it, ready to draw at grainNs a pixel:
    // runs shorter than a grain are gathered until they fill one and drawn in the activity that
    // filled most of it, so a lane of 100,000 tiny intervals costs at most a few rectangles a pixel.
    // Neighbouring segments of one activity are joined.
    std::vector<Segment> segments(int lane, qint64 fromNs, qint64 toNs, qint64 grainNs) const;

private:
    using Lane = std::deque<Interval>;

    // The index of the first interval that ends after timeNs (or is open), in [0, size].
    static std::size_t firstEndingAfter(const Lane &lane, qint64 timeNs, qint64 nowNs);
    void compact(Lane &lane);
    void dropExpired(Lane &lane);

    std::vector<Lane> m_lanes;
    qint64 m_nowNs = 0;
    int m_maxIntervals = DefaultMaxIntervals;
    qint64 m_retentionNs = DefaultRetentionNs;
};
