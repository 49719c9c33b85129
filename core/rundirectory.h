#pragma once

#include <QString>

// Claims the directory one run writes its studentN.xml files to, so that two runs at the same
// time (two processes, or the window and a command) never read or overwrite each other's files:
//
// - No directory named (the default): a new folder "run-<time>-XXXXXX" under the default XML
//   folder, created exclusively with mkdtemp() (mode 0700), so nobody else can even look in it.
//   release() removes it with everything in it, unless the files are to be kept.
// - A directory named by the user: the files go straight into it, and the run holds an
//   exclusive flock() on its ".bufferlab.lock" file for as long as it lasts; a second run there
//   is refused before it starts. The lock file stays (removing it would race with a new lock).
class RunDirectory
{
public:
    static constexpr const char *LockFileName = ".bufferlab.lock";

    RunDirectory() = default;
    ~RunDirectory();
    RunDirectory(const RunDirectory &) = delete;
    RunDirectory &operator=(const RunDirectory &) = delete;

    // base empty: a run folder under defaultBase. Returns what is wrong (the directory named,
    // and the system's reason), or an empty string with path() set.
    QString claim(const QString &base, const QString &defaultBase);
    // Ends the claim: unlocks a named directory; removes a run folder unless keepFiles.
    void release(bool keepFiles);

    bool isClaimed() const { return !m_path.isEmpty(); }
    // Absolute; empty when not claimed.
    QString path() const { return m_path; }
    // Whether path() is a run folder of its own (and not a directory the user named).
    bool isRunFolder() const { return m_runFolder; }

private:
    QString m_path;
    bool m_runFolder = false;
    int m_lockFd = -1;
};
