#pragma once

#include <QtGlobal>

#include <cstdint>
#include <memory>
#include <vector>

namespace Lab {

// The explorer's visited states: each a fixed-size byte string (a multiple of 8 bytes) kept in an
// arena of chunks that never move, found again through an open-addressing hash table of 8-byte
// entries (32 bits of the hash, the state's index + 1), with each state's parent index for the
// path back to the first state. Indices are given in insertion order, so the arena is also the
// breadth-first queue.
class StateStore
{
public:
    static constexpr quint32 NoParent = 0xFFFFFFFFu;

    explicit StateStore(int stateSize);

    qint64 size() const { return qint64(m_parents.size()); }
    const uint8_t *state(quint32 index) const
    {
        return m_chunks[index >> ChunkBits].get() + size_t(index & ChunkMask) * size_t(m_stride);
    }
    quint32 parent(quint32 index) const { return m_parents[index]; }

    enum class Insert { Found, Added, Full };
    // Finds the state, or adds it with this parent unless `limit` states are stored already.
    // *index is its index (Found, Added).
    Insert insert(const uint8_t *state, quint32 parent, qint64 limit, quint32 *index);

private:
    static constexpr int ChunkBits = 16;
    static constexpr quint32 ChunkMask = (1u << ChunkBits) - 1;

    uint64_t hash(const uint8_t *state) const;
    void grow();

    int m_stride;
    std::vector<std::unique_ptr<uint8_t[]>> m_chunks;
    std::vector<quint32> m_parents;
    std::vector<uint64_t> m_table; // 0: empty
    uint64_t m_mask = 0;
};

} // namespace Lab
