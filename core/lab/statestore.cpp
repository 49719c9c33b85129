#include "statestore.h"

#include <cstring>

namespace Lab {

namespace {

uint64_t mix(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
}

} // namespace

StateStore::StateStore(int stateSize)
    : m_stride(stateSize), m_table(size_t(1) << 16, 0), m_mask((uint64_t(1) << 16) - 1)
{ }

uint64_t StateStore::hash(const uint8_t *state) const
{
    uint64_t h = 0x9E3779B97F4A7C15ULL;
    for (int i = 0; i < m_stride; i += 8) {
        uint64_t word;
        std::memcpy(&word, state + i, 8);
        h = (h ^ word) * 0x100000001B3ULL;
        h ^= h >> 29;
    }
    return mix(h);
}

void StateStore::grow()
{
    std::vector<uint64_t> table(m_table.size() * 2, 0);
    const uint64_t mask = table.size() - 1;
    for (const uint64_t entry : m_table) {
        if (entry == 0)
            continue;
        for (uint64_t slot = (entry >> 32) & mask;; slot = (slot + 1) & mask) {
            if (table[slot] == 0) {
                table[slot] = entry;
                break;
            }
        }
    }
    m_table.swap(table);
    m_mask = mask;
}

StateStore::Insert StateStore::insert(const uint8_t *state, quint32 parent, qint64 limit, quint32 *index)
{
    const uint64_t fingerprint = hash(state) >> 32;
    uint64_t slot = fingerprint & m_mask;
    for (;; slot = (slot + 1) & m_mask) {
        const uint64_t entry = m_table[slot];
        if (entry == 0)
            break;
        if ((entry >> 32) == fingerprint) {
            const quint32 candidate = quint32(entry & 0xFFFFFFFFu) - 1;
            if (std::memcmp(this->state(candidate), state, size_t(m_stride)) == 0) {
                *index = candidate;
                return Insert::Found;
            }
        }
    }
    if (size() >= limit)
        return Insert::Full;
    const auto added = quint32(m_parents.size());
    if ((added >> ChunkBits) >= m_chunks.size())
        m_chunks.push_back(
            std::make_unique_for_overwrite<uint8_t[]>(size_t(ChunkMask + 1) * size_t(m_stride)));
    std::memcpy(m_chunks[added >> ChunkBits].get() + size_t(added & ChunkMask) * size_t(m_stride), state,
                size_t(m_stride));
    m_parents.push_back(parent);
    m_table[slot] = (fingerprint << 32) | (uint64_t(added) + 1);
    // At most 70 % full: linear probing stays short.
    if (uint64_t(m_parents.size()) * 10 > m_table.size() * 7)
        grow();
    *index = added;
    return Insert::Added;
}

} // namespace Lab
