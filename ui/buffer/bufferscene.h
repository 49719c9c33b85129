#pragma once

#include "bufferstrategy.h"
#include "laneactivity.h"
#include "workerstate.h"

#include <QHash>
#include <QList>
#include <QSet>
#include <QString>

#include <vector>

// What the buffer view draws, without being a widget: the slots and what is in them, the in and
// out positions, the lanes (producers on one side, consumers on the other) with their state, and
// the record tokens in flight between a lane and a slot.
//
// Fed with generic facts, so any bounded buffer can be shown: a lane is a label, a role and a
// state; an insert or a remove is (lane, record, slot, programme). The owner applies a frame's
// facts between beginFrame() calls and re-syncs from a BufferSnapshot whenever needsResync() says
// the facts stopped adding up (events that crossed a capacity change, say), so the picture never
// drifts from the real buffer.
class BufferScene
{
public:
    struct Lane
    {
        QString label; // "Producer 2"
        WorkerRole role = WorkerRole::Producer;
        LaneActivity activity = LaneActivity::Idle;
        QString stateText; // "waiting for a free slot"
        int record = -1; // the record the lane holds, -1 if none
        bool alarm = false; // part of a deadlock: drawn in red
    };

    struct Slot
    {
        int record = RingBuffer::EmptySlot;
        int programme = -1;

        bool isEmpty() const { return record == RingBuffer::EmptySlot; }
    };

    // A record on its way from a lane into a slot, or from a slot to a lane.
    struct Token
    {
        int record = -1;
        int programme = -1;
        int lane = -1;
        int slot = -1;
        bool intoSlot = true;
        qint64 startMs = 0;
    };

    static constexpr qint64 TokenDurationMs = 300;
    static constexpr int MaxTokensInFlight = 24;
    // More transfers than this in one frame and the frame is drawn as it ends, without tweening.
    static constexpr int MaxAnimatedTransfersPerFrame = 10;

    explicit BufferScene(int capacity = 10);

    // Lanes, in the order the facts number them (Simulation's worker indices).
    void setLanes(const QList<Lane> &lanes);
    void setLaneState(int lane, LaneActivity activity, const QString &stateText, int record = -1);
    // Marks the lanes of a deadlock's cycle (and unmarks the rest).
    void setAlarmLanes(const QList<int> &lanes);
    const QList<Lane> &lanes() const { return m_lanes; }
    int laneCount(WorkerRole role) const;
    // Position of a lane among the lanes on its side (0 = top).
    int sideIndex(int lane) const;

    // An empty buffer of this capacity; forgets tokens.
    void reset(int capacity);
    // Takes slots, capacity and positions from the buffer itself.
    void sync(const BufferSnapshot &snapshot);
    void insert(int lane, int record, int slot, int programme);
    void remove(int lane, int record, int slot);
    // An insert or remove did not fit what the scene shows: sync() from the buffer.
    bool needsResync() const { return m_needsResync; }

    int capacity() const { return m_capacity; }
    // Physical slots; more than capacity() while a shrink is pending and the extra slots drain.
    int slotCount() const { return int(m_slots.size()); }
    bool isDraining() const { return slotCount() > m_capacity; }
    int size() const;
    int inPosition() const { return m_in; }
    int outPosition() const { return m_out; }
    const QList<Slot> &slots() const { return m_slots; }
    // Record numbers as in BufferSnapshot::slots (RingBuffer::EmptySlot where free).
    QList<int> slotRecords() const;

    // Sets the time, lets tokens that arrived go, and decides whether this frame's `transfers`
    // inserts and removes get tokens at all.
    void beginFrame(qint64 nowMs, int transfers);
    void finishAnimations();
    qint64 now() const { return m_nowMs; }
    const std::vector<Token> &tokens() const { return m_tokens; }
    bool hasTokens() const { return !m_tokens.empty(); }
    // 0..1, how far the token has travelled.
    qreal progress(const Token &token) const;
    // A token is still on its way into this slot: draw the slot as it was before.
    bool isArriving(int slot) const;

    // What the conservation checker found: a record that went wrong (lost, duplicated) is marked
    // wherever it shows, in a slot or on its way; a slot where something went wrong (a record was
    // written over, an empty slot was taken) is marked until its content changes.
    void flagRecord(int record);
    void flagSlot(int slot);
    bool isFlagged(int record) const { return m_flaggedRecords.contains(record); }
    bool isSlotFlagged(int slot) const;
    int flaggedRecordCount() const { return int(m_flaggedRecords.size()); }

private:
    bool validSlot(int slot) const { return slot >= 0 && slot < slotCount(); }
    int slotOf(int record) const;
    void addToken(const Token &token);
    void rememberProgramme(int record, int programme);

    QList<Lane> m_lanes;
    QList<Slot> m_slots;
    QHash<int, int> m_programmes; // record -> programme, for records the facts told us about
    QSet<int> m_flaggedRecords;
    QHash<int, int> m_flaggedSlots; // slot -> the record it held when flagged
    std::vector<Token> m_tokens;
    int m_capacity = 0;
    int m_in = 0;
    int m_out = 0;
    qint64 m_nowMs = 0;
    bool m_animate = true;
    bool m_needsResync = false;
};
