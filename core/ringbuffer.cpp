#include "ringbuffer.h"

#include <QtGlobal>

RingBuffer::RingBuffer(int capacity)
    : m_slots(qMax(1, capacity), EmptySlot), m_capacity(qMax(1, capacity)) { }

int RingBuffer::push(int item)
{
    Q_ASSERT(m_count < m_slots.size());
    const int slot = m_in;
    m_slots[slot] = item;
    m_in = (m_in + 1) % int(m_slots.size());
    ++m_count;
    return slot;
}

std::pair<int, int> RingBuffer::pop()
{
    Q_ASSERT(m_count > 0);
    const int slot = m_out;
    const int item = m_slots.at(slot);
    m_slots[slot] = EmptySlot;
    m_out = (m_out + 1) % int(m_slots.size());
    --m_count;
    return {item, slot};
}

int RingBuffer::pushFront(int item)
{
    if (m_count == m_slots.size())
        relayout(int(m_slots.size()) + 1);
    const int size = int(m_slots.size());
    m_out = (m_out + size - 1) % size;
    m_slots[m_out] = item;
    ++m_count;
    return m_out;
}

void RingBuffer::setCapacity(int capacity)
{
    m_capacity = qMax(1, capacity);
    if (m_capacity > m_slots.size())
        relayout(m_capacity);
}

bool RingBuffer::compact()
{
    if (m_slots.size() == m_capacity || m_count > m_capacity)
        return false;
    relayout(m_capacity);
    return true;
}

void RingBuffer::relayout(int physicalSize)
{
    QList<int> slots(physicalSize, EmptySlot);
    for (int i = 0; i < m_count; ++i)
        slots[i] = m_slots.at((m_out + i) % int(m_slots.size()));
    m_slots = std::move(slots);
    m_out = 0;
    m_in = m_count % physicalSize;
}
