#pragma once

#include <QMutex>

#include <atomic>
#include <iterator>
#include <memory>
#include <vector>

// A thread-safe append-only queue that a reader empties in one go: worker threads append, the GUI
// (on its frame timer) or the command line (on its print timer) takes everything at once. Bounded,
// so a run nobody reads cannot eat memory: past the limit new entries are counted, not kept.
//
// A reader that must never wait for a writer uses tryDrain(). The GUI is such a reader: its writers
// run at a low priority, and on a busy machine one that is descheduled while it holds the lock may
// not run again for a while. tryDrain() takes the lock only if it is free; if not, it asks the
// writers to hand their entries over, and the next append (which holds the lock anyway) publishes
// them as one batch that the reader takes with an atomic exchange. Either way entries arrive once
// and in order, and something always gets through as long as anyone appends.
template<typename T> class DrainQueue
{
public:
    explicit DrainQueue(std::size_t limit = 1 << 20) : m_limit(limit) { }
    ~DrainQueue() { delete m_handedOver.load(std::memory_order_acquire); }
    DrainQueue(const DrainQueue &) = delete;
    DrainQueue &operator=(const DrainQueue &) = delete;

    void append(const T &value)
    {
        QMutexLocker locker(&m_mutex);
        if (isFullLocked())
            return;
        m_items.push_back(value);
        handOverIfAskedLocked();
    }

    void append(T &&value)
    {
        QMutexLocker locker(&m_mutex);
        if (isFullLocked())
            return;
        m_items.push_back(std::move(value));
        handOverIfAskedLocked();
    }

    // Everything appended so far. Waits while a writer holds the lock: not for the GUI thread.
    std::vector<T> drain()
    {
        QMutexLocker locker(&m_mutex);
        return takeLocked();
    }

    // Never waits. Takes everything appended so far if the lock is free (*complete is set to
    // true); otherwise whatever a writer handed over since the last call, possibly nothing, with
    // *complete false: the rest comes with a later call.
    std::vector<T> tryDrain(bool *complete = nullptr)
    {
        if (m_mutex.tryLock()) {
            std::vector<T> out = takeLocked();
            m_mutex.unlock();
            if (complete)
                *complete = true;
            return out;
        }
        if (complete)
            *complete = false;
        m_handOverWanted.store(true, std::memory_order_relaxed);
        const std::unique_ptr<std::vector<T>> batch(
            m_handedOver.exchange(nullptr, std::memory_order_acquire));
        return batch ? std::move(*batch) : std::vector<T>();
    }

    void clear()
    {
        QMutexLocker locker(&m_mutex);
        m_items.clear();
        delete m_handedOver.exchange(nullptr, std::memory_order_acquire);
        m_handOverWanted.store(false, std::memory_order_relaxed);
        m_dropped.store(0, std::memory_order_relaxed);
    }

    // Entries lost because nobody drained in time.
    quint64 dropped() const { return m_dropped.load(std::memory_order_relaxed); }

private:
    bool isFullLocked()
    {
        if (m_items.size() < m_limit)
            return false;
        m_dropped.fetch_add(1, std::memory_order_relaxed);
        return true;
    }

    // The writers' only extra cost: one relaxed load per append while nobody asks.
    void handOverIfAskedLocked()
    {
        if (!m_handOverWanted.load(std::memory_order_relaxed)
            || m_handedOver.load(std::memory_order_relaxed) != nullptr)
            return;
        m_handOverWanted.store(false, std::memory_order_relaxed);
        m_handedOver.store(new std::vector<T>(std::move(m_items)), std::memory_order_release);
        m_items = std::vector<T>();
    }

    std::vector<T> takeLocked()
    {
        m_handOverWanted.store(false, std::memory_order_relaxed);
        // A batch handed over earlier holds older entries than m_items.
        const std::unique_ptr<std::vector<T>> batch(
            m_handedOver.exchange(nullptr, std::memory_order_acquire));
        std::vector<T> out;
        if (batch) {
            out = std::move(*batch);
            out.insert(out.end(), std::make_move_iterator(m_items.begin()),
                       std::make_move_iterator(m_items.end()));
            m_items.clear();
        } else {
            out.swap(m_items);
        }
        return out;
    }

    mutable QMutex m_mutex;
    std::vector<T> m_items; // guarded by m_mutex
    std::size_t m_limit;
    std::atomic<quint64> m_dropped = 0; // written under m_mutex
    // Set by a reader that found the lock taken; the next append then publishes m_items here.
    std::atomic<bool> m_handOverWanted = false;
    // Written only under m_mutex (and only while null); taken by readers with or without it.
    std::atomic<std::vector<T> *> m_handedOver = nullptr;
};
