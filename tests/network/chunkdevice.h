#pragma once

#include <QIODevice>

// A sequential device that has exactly the bytes fed to it so far, like a socket between two
// readyRead signals, and hands out at most maxPerRead bytes per read (0: no limit).
class ChunkDevice : public QIODevice
{
public:
    explicit ChunkDevice(qsizetype maxPerRead = 0) : m_maxPerRead(maxPerRead)
    {
        open(QIODevice::ReadOnly | QIODevice::Unbuffered);
    }

    void feed(QByteArrayView bytes) { m_data.append(bytes); }
    bool isSequential() const override { return true; }
    qint64 bytesAvailable() const override { return m_data.size() - m_read + QIODevice::bytesAvailable(); }
    // Bytes the reader has not taken yet.
    qsizetype unread() const { return m_data.size() - m_read; }

protected:
    qint64 readData(char *data, qint64 maxSize) override
    {
        qint64 count = qMin<qint64>(maxSize, m_data.size() - m_read);
        if (m_maxPerRead > 0)
            count = qMin<qint64>(count, m_maxPerRead);
        std::copy_n(m_data.constData() + m_read, count, data);
        m_read += count;
        if (m_read > 1024 * 1024) { // keep a long-running feed from growing for ever
            m_data.remove(0, m_read);
            m_read = 0;
        }
        return count;
    }
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    QByteArray m_data;
    qsizetype m_read = 0;
    qsizetype m_maxPerRead = 0;
};
