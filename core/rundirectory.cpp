#include "rundirectory.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QTemporaryFile>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {

QString systemError(int error)
{
    return QString::fromLocal8Bit(std::strerror(error));
}

QString makeWritableDirectory(const QString &path)
{
    if (!QDir().mkpath(path))
        return u"cannot create the XML directory %1"_s.arg(path);
    QTemporaryFile probe(path + u"/.bufferlab-probe-XXXXXX"_s);
    if (!probe.open())
        return u"cannot write to the XML directory %1 (%2)"_s.arg(path, probe.errorString());
    return {};
}

} // namespace

RunDirectory::~RunDirectory()
{
    if (m_lockFd >= 0)
        ::close(m_lockFd);
}

QString RunDirectory::claim(const QString &base, const QString &defaultBase)
{
    Q_ASSERT(!isClaimed());
    const bool named = !base.isEmpty();
    const QString directory = QFileInfo(named ? base : defaultBase).absoluteFilePath();
    if (const QString error = makeWritableDirectory(directory); !error.isEmpty())
        return error;

    if (!named) {
        const QString name
            = u"run-%1-XXXXXX"_s.arg(QDateTime::currentDateTime().toString(u"yyyyMMdd-HHmmss"_s));
        QByteArray pattern = QFile::encodeName(directory + QLatin1Char('/') + name);
        if (::mkdtemp(pattern.data()) == nullptr)
            return u"cannot create a run folder in the XML directory %1 (%2)"_s.arg(directory,
                                                                                    systemError(errno));
        m_path = QFile::decodeName(pattern);
        m_runFolder = true;
        return {};
    }

    // O_NOFOLLOW and O_NONBLOCK: a link or a FIFO planted under the lock file's name is refused,
    // never followed or waited on.
    const QByteArray lockName
        = QFile::encodeName(directory + QLatin1Char('/') + QLatin1StringView(LockFileName));
    const int fd
        = ::open(lockName.constData(), O_RDONLY | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0600);
    if (fd < 0)
        return u"cannot open the lock file %1 (%2)"_s.arg(QFile::decodeName(lockName), systemError(errno));
    struct stat info = {};
    if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
        ::close(fd);
        return u"the lock file %1 is not a regular file"_s.arg(QFile::decodeName(lockName));
    }
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        const int error = errno;
        ::close(fd);
        if (error == EWOULDBLOCK)
            return u"another run is using the XML directory %1 (it holds %2); wait for it to end, or "
                   u"choose another directory"_s.arg(directory, QLatin1StringView(LockFileName));
        return u"cannot lock %1 (%2)"_s.arg(QFile::decodeName(lockName), systemError(error));
    }
    m_lockFd = fd;
    m_path = directory;
    m_runFolder = false;
    return {};
}

void RunDirectory::release(bool keepFiles)
{
    if (!isClaimed())
        return;
    // A folder made by mkdtemp() is this run's alone (mode 0700), so everything in it is ours;
    // removeRecursively() deletes links themselves, never what they point to.
    if (m_runFolder && !keepFiles)
        QDir(m_path).removeRecursively();
    if (m_lockFd >= 0) {
        ::close(m_lockFd); // closing the only descriptor releases the lock
        m_lockFd = -1;
    }
    m_path.clear();
    m_runFolder = false;
}
