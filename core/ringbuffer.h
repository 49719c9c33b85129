#pragma once

#include <QList>

#include <utility>

// The slots of a bounded FIFO, as a ring with an "in" and an "out" position: the picture in every
// operating-systems textbook, and what the buffer view draws. Not thread-safe: a strategy guards it.
//
// Capacity can change while items are in it. Growing relays the items out at once. Shrinking
// below the number of items only lowers the limit: nothing is dropped, producers see the ring as
// full, and the owner calls compact() once it knows the items (and any insert it has already
// admitted) fit the new capacity.
class RingBuffer
{
public:
    static constexpr int EmptySlot = -1;

    explicit RingBuffer(int capacity);

    int capacity() const { return m_capacity; }
    int size() const { return m_count; }
    bool isEmpty() const { return m_count == 0; }
    bool isFull() const { return m_count >= m_capacity; }
    int inPosition() const { return m_in; }
    int outPosition() const { return m_out; }
    // The slots as laid out now (EmptySlot where free); may be longer than capacity() while shrinking.
    const QList<int> &slots() const { return m_slots; }

    // Precondition: there is room in the physical slots (strategies ensure it). Returns the slot used.
    int push(int item);
    // Precondition: !isEmpty(). Returns the item and the slot it came from.
    std::pair<int, int> pop();
    // Puts an item back at the head (it will be popped next), e.g. a delivery that was never
    // acknowledged. Never fails: if every physical slot is taken, the ring grows by one slot past
    // its capacity until compact() can shrink it again. Returns the slot used.
    int pushFront(int item);

    void setCapacity(int capacity);
    // Relays the slots out to the capacity when a shrink is pending and the items fit.
    // The caller guarantees that no more than capacity() items will be in the ring before the
    // next compact(). Returns true if the layout changed.
    bool compact();

private:
    void relayout(int physicalSize);

    QList<int> m_slots;
    int m_capacity = 0;
    int m_count = 0;
    int m_in = 0;
    int m_out = 0;
};
