#include "runcontext.h"

#include "studentxml.h"

RunContext::RunContext(const SimulationConfig &config, std::unique_ptr<BufferStrategy> buffer, quint64 seed)
    : m_config(config)
    , m_buffer(std::move(buffer))
    , m_generator(seed)
    , m_producerDelay(config.producerDelay)
    , m_consumerDelay(config.consumerDelay)
    , m_speed(config.speed)
{
    m_buffer->setOperationGate(&m_control);
}

QString RunContext::xmlPath(qint64 record) const
{
    return m_config.xmlDir + QLatin1Char('/') + StudentXml::fileName(record);
}

int RunContext::claimRecord()
{
    // Never count past `students`, so recordsClaimed() stays exact after the last claim.
    int claimed = m_recordsClaimed.load(std::memory_order_relaxed);
    do {
        if (claimed >= m_config.students)
            return -1;
    } while (!m_recordsClaimed.compare_exchange_weak(claimed, claimed + 1, std::memory_order_relaxed));
    return claimed + 1;
}

bool RunContext::claimRemoval()
{
    int claimed = m_removalsClaimed.load(std::memory_order_relaxed);
    do {
        if (claimed >= m_config.students)
            return false;
    } while (!m_removalsClaimed.compare_exchange_weak(claimed, claimed + 1, std::memory_order_relaxed));
    return true;
}

int RunContext::recordsClaimed() const
{
    return m_recordsClaimed.load(std::memory_order_relaxed);
}

void RunContext::markWriteFailed(int record)
{
    QMutexLocker locker(&m_failureMutex);
    if (m_writeFailed.insert(record).second)
        m_writeFailedCount.fetch_add(1, std::memory_order_release);
}

bool RunContext::takeWriteFailed(int record)
{
    // The mark was set before the record went into the buffer, and take() synchronized with that
    // put(): a record taken here with a mark finds the count above zero.
    if (m_writeFailedCount.load(std::memory_order_acquire) == 0)
        return false;
    QMutexLocker locker(&m_failureMutex);
    if (m_writeFailed.erase(record) == 0)
        return false;
    m_writeFailedCount.fetch_sub(1, std::memory_order_relaxed);
    return true;
}

void RunContext::keepFailure(int record, const QString &error)
{
    QMutexLocker locker(&m_failureMutex);
    const int kept = m_keptFailures.load(std::memory_order_relaxed);
    if (kept < MaxKeptFailures) {
        m_failures[std::size_t(kept)] = RecordFailure {record, error};
        m_keptFailures.store(kept + 1, std::memory_order_release);
    }
}

QList<RecordFailure> RunContext::failures() const
{
    const int kept = m_keptFailures.load(std::memory_order_acquire);
    return QList<RecordFailure>(m_failures.cbegin(), m_failures.cbegin() + kept);
}

DelayRange RunContext::delay(WorkerRole role) const
{
    return (role == WorkerRole::Producer ? m_producerDelay : m_consumerDelay).load(std::memory_order_relaxed);
}

void RunContext::setDelay(WorkerRole role, DelayRange range)
{
    (role == WorkerRole::Producer ? m_producerDelay : m_consumerDelay)
        .store(range, std::memory_order_relaxed);
}

double RunContext::speed() const
{
    return m_speed.load(std::memory_order_relaxed);
}

void RunContext::setSpeed(double speed)
{
    m_speed.store(qBound(SimulationConfig::MinSpeed, speed, SimulationConfig::MaxSpeed),
                  std::memory_order_relaxed);
}
