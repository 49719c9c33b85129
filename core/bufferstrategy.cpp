#include "bufferstrategy.h"

#include "monitorbuffer.h"
#include "semaphorebuffer.h"

using namespace Qt::StringLiterals;

QStringList BufferStrategy::names()
{
    return {u"semaphore"_s, u"monitor"_s};
}

QString BufferStrategy::describe(const QString &name)
{
    if (name == u"semaphore"_s)
        return u"Two counting semaphores (free and filled slots) and a mutex, as in the original"_s;
    if (name == u"monitor"_s)
        return u"One mutex and two condition variables (not full, not empty)"_s;
    return {};
}

std::unique_ptr<BufferStrategy> BufferStrategy::create(const QString &name, int capacity)
{
    capacity = qBound(MinCapacity, capacity, MaxCapacity);
    if (name == u"semaphore"_s)
        return std::make_unique<SemaphoreBuffer>(capacity);
    if (name == u"monitor"_s)
        return std::make_unique<MonitorBuffer>(capacity);
    return nullptr;
}
