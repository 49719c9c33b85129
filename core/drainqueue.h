#pragma once

#include <QMutex>

#include <vector>

// A thread-safe append-only queue that a reader empties in one go: worker threads append, the GUI
// (on its frame timer) or the command line (on its print timer) takes everything at once. Bounded,
// so a run nobody reads cannot eat memory: past the limit new entries are counted, not kept.
template<typename T> class DrainQueue
{
public:
    explicit DrainQueue(std::size_t limit = 1 << 20) : m_limit(limit) { }

    void append(const T &value)
    {
        QMutexLocker locker(&m_mutex);
        if (m_items.size() >= m_limit) {
            ++m_dropped;
            return;
        }
        m_items.push_back(value);
    }

    void append(T &&value)
    {
        QMutexLocker locker(&m_mutex);
        if (m_items.size() >= m_limit) {
            ++m_dropped;
            return;
        }
        m_items.push_back(std::move(value));
    }

    std::vector<T> drain()
    {
        std::vector<T> out;
        QMutexLocker locker(&m_mutex);
        out.swap(m_items);
        return out;
    }

    void clear()
    {
        QMutexLocker locker(&m_mutex);
        m_items.clear();
        m_dropped = 0;
    }

    // Entries lost because nobody drained in time.
    quint64 dropped() const
    {
        QMutexLocker locker(&m_mutex);
        return m_dropped;
    }

private:
    mutable QMutex m_mutex;
    std::vector<T> m_items;
    std::size_t m_limit;
    quint64 m_dropped = 0;
};
