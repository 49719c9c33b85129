#include "bufferstrategy.h"

#include "monitorbuffer.h"
#include "semaphorebuffer.h"
#include "unsafebuffer.h"

using namespace Qt::StringLiterals;

QStringList BufferStrategy::names()
{
    return {u"semaphore"_s, u"monitor"_s, u"unsafe"_s, u"deadlock"_s};
}

bool BufferStrategy::isBroken(const QString &name)
{
    return name == u"unsafe"_s || name == u"deadlock"_s;
}

QString BufferStrategy::describe(const QString &name)
{
    if (name == u"semaphore"_s)
        return QStringLiteral(QT_TRANSLATE_NOOP(
            "BufferStrategy",
            "Two counting semaphores (free and filled slots) and a mutex, as in the original"));
    if (name == u"monitor"_s)
        return QStringLiteral(QT_TRANSLATE_NOOP(
            "BufferStrategy", "One mutex and two condition variables (not full, not empty)"));
    if (name == u"unsafe"_s)
        return QStringLiteral(QT_TRANSLATE_NOOP(
            "BufferStrategy", "Broken on purpose: no lock at all; records get lost and duplicated"));
    if (name == u"deadlock"_s)
        return QStringLiteral(QT_TRANSLATE_NOOP(
            "BufferStrategy", "Broken on purpose: producers lock the mutex before waiting for a free slot"));
    return {};
}

std::unique_ptr<BufferStrategy> BufferStrategy::create(const QString &name, int capacity)
{
    capacity = qBound(MinCapacity, capacity, MaxCapacity);
    if (name == u"semaphore"_s)
        return std::make_unique<SemaphoreBuffer>(capacity);
    if (name == u"monitor"_s)
        return std::make_unique<MonitorBuffer>(capacity);
    if (name == u"unsafe"_s)
        return std::make_unique<UnsafeBuffer>(capacity);
    if (name == u"deadlock"_s)
        return std::make_unique<SemaphoreBuffer>(capacity, SemaphoreBuffer::Order::LockThenSlot);
    return nullptr;
}
