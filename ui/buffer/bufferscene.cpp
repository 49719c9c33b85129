#include "bufferscene.h"

#include <algorithm>

namespace {
// Beyond this the programme memory is pruned to what is in the slots.
constexpr int MaxRememberedProgrammes = 4096;
} // namespace

BufferScene::BufferScene(int capacity)
{
    reset(capacity);
}

void BufferScene::setLanes(const QList<Lane> &lanes)
{
    m_lanes = lanes;
    m_tokens.clear();
}

void BufferScene::setLaneState(int lane, LaneActivity activity, const QString &stateText, int record)
{
    if (lane < 0 || lane >= m_lanes.size())
        return;
    Lane &l = m_lanes[lane];
    l.activity = activity;
    l.stateText = stateText;
    l.record = record;
}

void BufferScene::setAlarmLanes(const QList<int> &lanes)
{
    for (int i = 0; i < m_lanes.size(); ++i)
        m_lanes[i].alarm = lanes.contains(i);
}

int BufferScene::laneCount(WorkerRole role) const
{
    return int(
        std::count_if(m_lanes.cbegin(), m_lanes.cend(), [role](const Lane &l) { return l.role == role; }));
}

int BufferScene::sideIndex(int lane) const
{
    if (lane < 0 || lane >= m_lanes.size())
        return -1;
    const WorkerRole role = m_lanes.at(lane).role;
    return int(std::count_if(m_lanes.cbegin(), m_lanes.cbegin() + lane,
                             [role](const Lane &l) { return l.role == role; }));
}

void BufferScene::reset(int capacity)
{
    m_capacity = qBound(BufferStrategy::MinCapacity, capacity, BufferStrategy::MaxCapacity);
    m_slots = QList<Slot>(m_capacity);
    m_programmes.clear();
    m_flaggedRecords.clear();
    m_flaggedSlots.clear();
    m_tokens.clear();
    m_in = 0;
    m_out = 0;
    m_needsResync = false;
}

void BufferScene::sync(const BufferSnapshot &snapshot)
{
    m_capacity = qMax(1, snapshot.capacity);
    const qsizetype count = qMax<qsizetype>(1, snapshot.slots.size());
    m_slots = QList<Slot>(count);
    for (qsizetype i = 0; i < snapshot.slots.size(); ++i) {
        const int record = snapshot.slots.at(i);
        m_slots[i] = Slot {record, record == RingBuffer::EmptySlot ? -1 : m_programmes.value(record, -1)};
    }
    m_in = qBound(0, snapshot.inPosition, int(count) - 1);
    m_out = qBound(0, snapshot.outPosition, int(count) - 1);
    // Tokens aimed at slots that no longer exist would land nowhere.
    std::erase_if(m_tokens, [count](const Token &t) { return t.slot >= count; });
    if (m_programmes.size() > MaxRememberedProgrammes) {
        QHash<int, int> kept;
        for (const Slot &slot : std::as_const(m_slots)) {
            if (!slot.isEmpty())
                kept.insert(slot.record, slot.programme);
        }
        m_programmes = std::move(kept);
    }
    m_needsResync = false;
}

int BufferScene::slotOf(int record) const
{
    for (int i = 0; i < slotCount(); ++i) {
        if (m_slots.at(i).record == record)
            return i;
    }
    return -1;
}

void BufferScene::rememberProgramme(int record, int programme)
{
    if (programme >= 0)
        m_programmes.insert(record, programme);
}

void BufferScene::insert(int lane, int record, int slot, int programme)
{
    rememberProgramme(record, programme);
    if (!validSlot(slot)) {
        m_needsResync = true;
        return;
    }
    Slot &target = m_slots[slot];
    m_flaggedSlots.remove(slot);
    // The record already elsewhere, or the slot holding another one: these facts predate a
    // re-layout the scene has not seen. Show them anyway; the owner syncs at the end of the frame.
    const int elsewhere = slotOf(record);
    if ((elsewhere >= 0 && elsewhere != slot) || (!target.isEmpty() && target.record != record))
        m_needsResync = true;
    target = Slot {record, programme >= 0 ? programme : m_programmes.value(record, -1)};
    m_in = (slot + 1) % slotCount();
    addToken(Token {record, target.programme, lane, slot, true, m_nowMs});
}

void BufferScene::remove(int lane, int record, int slot)
{
    const int programme = m_programmes.value(record, -1);
    m_programmes.remove(record);
    if (!validSlot(slot)) {
        m_needsResync = true;
        return;
    }
    Slot &source = m_slots[slot];
    m_flaggedSlots.remove(slot);
    if (source.record == record)
        source = Slot {};
    else if (!source.isEmpty() || slotOf(record) >= 0)
        m_needsResync = true;
    m_out = (slot + 1) % slotCount();
    // A record that leaves before its inbound token landed: the outbound one takes over.
    std::erase_if(m_tokens, [record](const Token &t) { return t.intoSlot && t.record == record; });
    addToken(Token {record, programme, lane, slot, false, m_nowMs});
}

int BufferScene::size() const
{
    return int(std::count_if(m_slots.cbegin(), m_slots.cend(), [](const Slot &s) { return !s.isEmpty(); }));
}

QList<int> BufferScene::slotRecords() const
{
    QList<int> records;
    records.reserve(m_slots.size());
    for (const Slot &slot : m_slots)
        records.append(slot.record);
    return records;
}

void BufferScene::beginFrame(qint64 nowMs, int transfers)
{
    m_nowMs = nowMs;
    std::erase_if(m_tokens, [nowMs](const Token &t) { return nowMs - t.startMs >= TokenDurationMs; });
    m_animate = transfers <= MaxAnimatedTransfersPerFrame;
}

void BufferScene::finishAnimations()
{
    m_tokens.clear();
}

void BufferScene::addToken(const Token &token)
{
    if (!m_animate || token.lane < 0 || token.lane >= m_lanes.size()
        || int(m_tokens.size()) >= MaxTokensInFlight)
        return;
    m_tokens.push_back(token);
}

qreal BufferScene::progress(const Token &token) const
{
    return qBound<qreal>(0.0, qreal(m_nowMs - token.startMs) / qreal(TokenDurationMs), 1.0);
}

bool BufferScene::isArriving(int slot) const
{
    if (!validSlot(slot) || m_slots.at(slot).isEmpty())
        return false;
    const int record = m_slots.at(slot).record;
    return std::any_of(m_tokens.cbegin(), m_tokens.cend(), [slot, record](const Token &t) {
        return t.intoSlot && t.slot == slot && t.record == record;
    });
}

void BufferScene::flagRecord(int record)
{
    if (record >= 0)
        m_flaggedRecords.insert(record);
}

void BufferScene::flagSlot(int slot)
{
    if (validSlot(slot))
        m_flaggedSlots.insert(slot, m_slots.at(slot).record);
}

bool BufferScene::isSlotFlagged(int slot) const
{
    const auto found = m_flaggedSlots.constFind(slot);
    return found != m_flaggedSlots.cend() && validSlot(slot) && m_slots.at(slot).record == found.value();
}
