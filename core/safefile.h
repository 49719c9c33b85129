#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

// Reads and writes files in places other people can write to (the XML directory, scenarios handed
// out, files named on the command line) without being fooled by what is there:
//
// - writeNew() never follows a symbolic link and never writes into an existing file: a new name is
//   created with O_EXCL | O_NOFOLLOW; an existing entry (a planted link, a FIFO, an old file) is
//   replaced by writing a temporary file beside it and rename()-ing it over the entry, which
//   replaces the entry itself and never touches what a link points to.
// - readRegular() opens with O_NOFOLLOW | O_NONBLOCK, so neither a link nor a FIFO nor a device
//   can redirect it or block it, then reads only a regular file of at most maxBytes.
//
// Every result of open(), write(), read(), close() and rename() is checked, and a failure is
// reported as what failed and the system's reason, "cannot write (No space left on device)", for
// the caller to put the file's name in front of.
class SafeFile
{
public:
    static constexpr qint64 DefaultMaxBytes = 1 << 20;

    // The whole file, or nothing and *error ("not a regular file (a FIFO)", "cannot open (No such
    // file or directory)", "too large (...)"). Qt resource paths (":/...") are read through QFile.
    static std::optional<QByteArray> readRegular(const QString &path, qint64 maxBytes, QString *error);
    // Writes bytes as a new file at path (mode 0644 less the umask), replacing whatever entry is
    // there. On failure nothing of the new content is left behind, and *error says why.
    static bool writeNew(const QString &path, const QByteArray &bytes, QString *error);
    // The same, but always through a temporary file that is flushed to the disk before it takes
    // the name: whoever reads path, even after a crash, finds the old content or all of the new.
    static bool writeAtomically(const QString &path, const QByteArray &bytes, QString *error);
    // Removes the name (a link itself, never its target). False, with the reason, if it could not.
    static bool remove(const QString &path, QString *error = nullptr);

    // "a FIFO", "a directory", "a symbolic link", ... for a st_mode.
    static QString describeType(unsigned mode);

private:
    static bool replaceViaTemporary(const QByteArray &name, const QByteArray &bytes, bool sync,
                                    QString *error);
};
