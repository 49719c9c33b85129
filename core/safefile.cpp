#include "safefile.h"

#include <QFile>
#include <QRandomGenerator>

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {

QString reason(int error)
{
    return QString::fromLocal8Bit(std::strerror(error));
}

QString failed(const char *what, int error)
{
    return u"%1 (%2)"_s.arg(QLatin1StringView(what), reason(error));
}

QString sizeText(qint64 bytes)
{
    if (bytes >= (1 << 20) && bytes % (1 << 20) == 0)
        return u"%1 MiB"_s.arg(bytes >> 20);
    if (bytes >= 1024 && bytes % 1024 == 0)
        return u"%1 KiB"_s.arg(bytes >> 10);
    return u"%1 bytes"_s.arg(bytes);
}

QString tooLarge(qint64 size, qint64 maxBytes)
{
    return size >= 0 ? u"too large (%1 bytes; at most %2)"_s.arg(size).arg(sizeText(maxBytes))
                     : u"too large (more than %1)"_s.arg(sizeText(maxBytes));
}

int closeChecked(int fd)
{
    // Linux releases the descriptor even when close() reports an error: never retry it.
    return ::close(fd) == 0 ? 0 : errno;
}

// Writes all of bytes to fd; 0 or the errno of the failure.
int writeAll(int fd, const QByteArray &bytes)
{
    const char *data = bytes.constData();
    qsizetype left = bytes.size();
    while (left > 0) {
        const ssize_t written = ::write(fd, data, std::size_t(left));
        if (written < 0) {
            if (errno == EINTR)
                continue;
            return errno;
        }
        if (written == 0)
            return EIO;
        data += written;
        left -= written;
    }
    return 0;
}

// Creates path exclusively and writes bytes into it (to the disk too, with sync); on failure
// removes what it created.
int createAndWrite(const QByteArray &path, const QByteArray &bytes, bool *created, bool sync = false)
{
    *created = false;
    int fd;
    do {
        fd = ::open(path.constData(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
    } while (fd < 0 && errno == EINTR);
    if (fd < 0)
        return errno;
    *created = true;
    int error = writeAll(fd, bytes);
    if (error == 0 && sync && ::fsync(fd) != 0)
        error = errno;
    const int closeError = closeChecked(fd);
    if (error == 0)
        error = closeError;
    if (error != 0)
        ::unlink(path.constData());
    return error;
}

std::optional<QByteArray> readResource(const QString &path, qint64 maxBytes, QString *error)
{
    // Compiled into the program: neither a link nor a FIFO, and nobody else can change it.
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = u"cannot open (%1)"_s.arg(file.errorString());
        return std::nullopt;
    }
    if (file.size() > maxBytes) {
        *error = tooLarge(file.size(), maxBytes);
        return std::nullopt;
    }
    return file.readAll();
}

} // namespace

QString SafeFile::describeType(unsigned mode)
{
    switch (mode & S_IFMT) {
    case S_IFREG:
        return u"a regular file"_s;
    case S_IFDIR:
        return u"a directory"_s;
    case S_IFIFO:
        return u"a FIFO"_s;
    case S_IFLNK:
        return u"a symbolic link"_s;
    case S_IFSOCK:
        return u"a socket"_s;
    case S_IFCHR:
        return u"a character device"_s;
    case S_IFBLK:
        return u"a block device"_s;
    }
    return u"of an unknown type"_s;
}

std::optional<QByteArray> SafeFile::readRegular(const QString &path, qint64 maxBytes, QString *error)
{
    if (path.startsWith(u':'))
        return readResource(path, maxBytes, error);
    const QByteArray name = QFile::encodeName(path);
    int fd;
    do {
        fd = ::open(name.constData(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    } while (fd < 0 && errno == EINTR);
    if (fd < 0) {
        const int openError = errno;
        struct stat link;
        // O_NOFOLLOW says ELOOP for a link; "too many levels of symbolic links" would mislead.
        if (openError == ELOOP && ::lstat(name.constData(), &link) == 0 && S_ISLNK(link.st_mode))
            *error = u"not a regular file (a symbolic link)"_s;
        else
            *error = failed("cannot open", openError);
        return std::nullopt;
    }
    struct stat status;
    if (::fstat(fd, &status) != 0) {
        *error = failed("cannot open", errno);
        ::close(fd);
        return std::nullopt;
    }
    if (!S_ISREG(status.st_mode)) {
        *error = u"not a regular file (%1)"_s.arg(describeType(status.st_mode));
        ::close(fd);
        return std::nullopt;
    }
    if (status.st_size > maxBytes) {
        *error = tooLarge(status.st_size, maxBytes);
        ::close(fd);
        return std::nullopt;
    }
    // The size is a hint (the file may change, /proc files say 0): read to the end, up to the limit.
    QByteArray bytes;
    bytes.resize(qsizetype(qMin<qint64>(maxBytes, status.st_size)) + 1);
    qsizetype used = 0;
    for (;;) {
        if (used == bytes.size()) {
            if (used > maxBytes) {
                *error = tooLarge(-1, maxBytes);
                ::close(fd);
                return std::nullopt;
            }
            bytes.resize(qMin<qsizetype>(qsizetype(maxBytes) + 1, qMax<qsizetype>(used * 2, 4096)));
        }
        const ssize_t got = ::read(fd, bytes.data() + used, std::size_t(bytes.size() - used));
        if (got < 0) {
            if (errno == EINTR)
                continue;
            *error = failed("cannot read", errno);
            ::close(fd);
            return std::nullopt;
        }
        if (got == 0)
            break;
        used += got;
    }
    ::close(fd); // read-only: nothing to lose
    if (used > maxBytes) {
        *error = tooLarge(-1, maxBytes);
        return std::nullopt;
    }
    bytes.truncate(used);
    return bytes;
}

bool SafeFile::writeNew(const QString &path, const QByteArray &bytes, QString *error)
{
    const QByteArray name = QFile::encodeName(path);
    bool created = false;
    int result = createAndWrite(name, bytes, &created);
    if (result == 0)
        return true;
    if (result != EEXIST || created) {
        *error = failed("cannot write", result);
        return false;
    }
    // Something is there already. Whatever it is (an old file, a planted link or FIFO), the new
    // content goes into a fresh file beside it that then takes its name.
    return replaceViaTemporary(name, bytes, false, error);
}

bool SafeFile::writeAtomically(const QString &path, const QByteArray &bytes, QString *error)
{
    return replaceViaTemporary(QFile::encodeName(path), bytes, true, error);
}

bool SafeFile::replaceViaTemporary(const QByteArray &name, const QByteArray &bytes, bool sync, QString *error)
{
    int result = 0;
    bool created = false;
    const qsizetype slash = name.lastIndexOf('/');
    const QByteArray directory = slash < 0 ? QByteArray() : name.left(slash + 1);
    const QByteArray base = slash < 0 ? name : name.mid(slash + 1);
    for (int attempt = 0; attempt < 16; ++attempt) {
        const QByteArray temporary = directory + '.' + base + '.'
            + QByteArray::number(QRandomGenerator::global()->generate64(), 36) + ".tmp";
        result = createAndWrite(temporary, bytes, &created, sync);
        if (result == EEXIST && !created)
            continue; // a name taken by chance (or on purpose): draw another
        if (result != 0) {
            *error = failed("cannot write", result);
            return false;
        }
        if (::rename(temporary.constData(), name.constData()) != 0) {
            const int renameError = errno;
            ::unlink(temporary.constData());
            *error = failed("cannot replace the existing entry", renameError);
            return false;
        }
        if (sync) {
            // The new name is only durable once the directory that holds it is.
            const int directoryFd = ::open(directory.isEmpty() ? "." : directory.constData(),
                                           O_RDONLY | O_DIRECTORY | O_CLOEXEC);
            if (directoryFd >= 0) {
                ::fsync(directoryFd);
                ::close(directoryFd);
            }
        }
        return true;
    }
    *error = u"cannot write (no free temporary name beside it)"_s;
    return false;
}

bool SafeFile::remove(const QString &path, QString *error)
{
    if (::unlink(QFile::encodeName(path).constData()) == 0)
        return true;
    if (error)
        *error = failed("cannot remove", errno);
    return false;
}
