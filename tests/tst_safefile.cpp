#include "fifovalve.h"
#include "safefile.h"
#include "studentgenerator.h"
#include "studentxml.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {

QByteArray contents(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("<unreadable>");
}

bool writeText(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

// Runs mount or umount; false (with what it said) if it could not, which a test turns into a skip.
bool runTool(const QString &program, const QStringList &arguments, QString *output = nullptr)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(program, arguments);
    if (!process.waitForFinished(10'000)) {
        process.kill();
        process.waitForFinished(5000);
        if (output)
            *output = program + u" timed out"_s;
        return false;
    }
    if (output)
        *output = QString::fromLocal8Bit(process.readAll()).trimmed();
    return process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0;
}

} // namespace

class TestSafeFile : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void writesANewFile();
    void replacesAnExistingFile();
    void neverFollowsAPlantedSymlink();
    void replacesAPlantedFifoWithoutBlocking();
    void reportsTheSystemsReasonWhenTheDirectoryIsGone();
    void reportsNoSpaceOnAFullDisk();
    void readsARegularFile();
    void readRefusesAFifoWithoutBlocking();
    void readRefusesADirectory();
    void readRefusesASymlink();
    void readRefusesAnOversizedFile();
    void readReportsAMissingFile();
    void readsQtResources();
    void removeTakesTheLinkNotItsTarget();
    void writeAtomicallyReplacesWholeAndFollowsNoLink();
    void studentXmlNamesTheFileAndTheReason();
};

void TestSafeFile::writeAtomicallyReplacesWholeAndFollowsNoLink()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"buffer.state"_s);
    const QString target = dir.filePath(u"precious"_s);
    QVERIFY(writeText(target, "keep me\n"));
    QVERIFY(QFile::link(target, path));
    QString error;
    QVERIFY2(SafeFile::writeAtomically(path, "first\n", &error), qPrintable(error));
    QCOMPARE(contents(target), QByteArray("keep me\n"));
    QCOMPARE(QFileInfo(path).isSymLink(), false);
    QCOMPARE(contents(path), QByteArray("first\n"));
    QVERIFY2(SafeFile::writeAtomically(path, "second\n", &error), qPrintable(error));
    QCOMPARE(contents(path), QByteArray("second\n"));
    // Nothing is left beside it: the temporary file took the name.
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden | QDir::System).size(), 2);
    // A directory that is gone is the system's reason, and nothing is written anywhere.
    QVERIFY(!SafeFile::writeAtomically(dir.filePath(u"gone/buffer.state"_s), "x", &error));
    QVERIFY2(error.contains(u"No such file or directory"_s), qPrintable(error));
}

void TestSafeFile::writesANewFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"student1.xml"_s);
    QString error;
    QVERIFY2(SafeFile::writeNew(path, "hello\n", &error), qPrintable(error));
    QCOMPARE(contents(path), QByteArray("hello\n"));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden | QDir::System),
             QStringList {u"student1.xml"_s});
}

void TestSafeFile::replacesAnExistingFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"student2.xml"_s);
    QVERIFY(writeText(path, "an older and longer content\n"));
    QString error;
    QVERIFY2(SafeFile::writeNew(path, "new\n", &error), qPrintable(error));
    QCOMPARE(contents(path), QByteArray("new\n"));
    // No temporary file left beside it.
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden | QDir::System),
             QStringList {u"student2.xml"_s});
}

void TestSafeFile::neverFollowsAPlantedSymlink()
{
    QTemporaryDir dir;
    QTemporaryDir elsewhere;
    const QString target = elsewhere.filePath(u"precious.txt"_s);
    QVERIFY(writeText(target, "do not touch\n"));
    const QString path = dir.filePath(u"student2.xml"_s);
    QVERIFY(QFile::link(target, path));

    QString error;
    QVERIFY2(SafeFile::writeNew(path, "<ITStudent/>\n", &error), qPrintable(error));
    QCOMPARE(contents(target), QByteArray("do not touch\n"));
    // The link itself was replaced by a regular file.
    QVERIFY(!QFileInfo(path).isSymLink());
    QCOMPARE(contents(path), QByteArray("<ITStudent/>\n"));

    // A dangling link is not followed into creating its target either.
    const QString dangling = dir.filePath(u"student3.xml"_s);
    const QString nowhere = elsewhere.filePath(u"created-by-a-link.txt"_s);
    QVERIFY(QFile::link(nowhere, dangling));
    QVERIFY2(SafeFile::writeNew(dangling, "x", &error), qPrintable(error));
    QVERIFY(!QFileInfo::exists(nowhere));
    QVERIFY(!QFileInfo(dangling).isSymLink());
}

void TestSafeFile::replacesAPlantedFifoWithoutBlocking()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"student4.xml"_s);
    QCOMPARE(::mkfifo(QFile::encodeName(path).constData(), 0644), 0);
    // Opening a FIFO for writing would block until a reader came: this must not open it at all.
    QString error;
    QVERIFY2(SafeFile::writeNew(path, "data", &error), qPrintable(error));
    QVERIFY(QFileInfo(path).isFile());
    QCOMPARE(contents(path), QByteArray("data"));
}

void TestSafeFile::reportsTheSystemsReasonWhenTheDirectoryIsGone()
{
    QTemporaryDir dir;
    const QString gone = dir.filePath(u"gone"_s);
    QString error;
    QVERIFY(!SafeFile::writeNew(gone + u"/student1.xml"_s, "x", &error));
    QCOMPARE(error, u"cannot write (No such file or directory)"_s);
}

void TestSafeFile::reportsNoSpaceOnAFullDisk()
{
    if (::geteuid() != 0)
        QSKIP("mounting a small tmpfs needs root");
    QTemporaryDir dir;
    QString output;
    if (!runTool(u"mount"_s, {u"-t"_s, u"tmpfs"_s, u"-o"_s, u"size=64k"_s, u"tmpfs"_s, dir.path()}, &output))
        QSKIP(qPrintable(u"cannot mount a tmpfs here: "_s + output));
    const auto unmount = qScopeGuard([&] { runTool(u"umount"_s, {dir.path()}); });

    const QByteArray record(400, 'x');
    QString error;
    int written = 0;
    bool failed = false;
    for (int i = 1; i <= 1000 && !failed; ++i) {
        if (SafeFile::writeNew(dir.filePath(u"student%1.xml"_s.arg(i)), record, &error))
            ++written;
        else
            failed = true;
    }
    QVERIFY2(failed, "a 64 KiB file system took 1,000 files");
    QVERIFY(written > 0);
    QCOMPARE(error, u"cannot write (No space left on device)"_s);
    // What could not be written is not left behind half-written.
    const QStringList files = QDir(dir.path()).entryList(QDir::Files | QDir::Hidden | QDir::System);
    QCOMPARE(files.size(), written);
    for (const QString &name : files)
        QCOMPARE(contents(dir.filePath(name)), record);
}

void TestSafeFile::readsARegularFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"a.txt"_s);
    QVERIFY(writeText(path, "contents"));
    QString error;
    const auto bytes = SafeFile::readRegular(path, 1024, &error);
    QVERIFY2(bytes, qPrintable(error));
    QCOMPARE(*bytes, QByteArray("contents"));

    const QString empty = dir.filePath(u"empty.txt"_s);
    QVERIFY(writeText(empty, {}));
    QCOMPARE(SafeFile::readRegular(empty, 1024, &error), std::optional<QByteArray>(QByteArray()));
    // Files that say they are empty but are not (/proc) are read to the end.
    const auto status = SafeFile::readRegular(u"/proc/self/status"_s, 1 << 20, &error);
    QVERIFY2(status, qPrintable(error));
    QVERIFY(status->contains("VmHWM:"));
}

void TestSafeFile::readRefusesAFifoWithoutBlocking()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"student4.xml"_s);
    QCOMPARE(::mkfifo(QFile::encodeName(path).constData(), 0644), 0);
    QString error;
    // A blocking open would wait for a writer; the valve turns that into a failure, not a hang.
    const FifoValve valve(path);
    QVERIFY(!SafeFile::readRegular(path, 1024, &error));
    QCOMPARE(error, u"not a regular file (a FIFO)"_s);
}

void TestSafeFile::readRefusesADirectory()
{
    QTemporaryDir dir;
    QString error;
    QVERIFY(!SafeFile::readRegular(dir.path(), 1024, &error));
    QCOMPARE(error, u"not a regular file (a directory)"_s);
}

void TestSafeFile::readRefusesASymlink()
{
    QTemporaryDir dir;
    const QString target = dir.filePath(u"target.xml"_s);
    QVERIFY(writeText(target, "x"));
    const QString link = dir.filePath(u"student5.xml"_s);
    QVERIFY(QFile::link(target, link));
    QString error;
    QVERIFY(!SafeFile::readRegular(link, 1024, &error));
    QCOMPARE(error, u"not a regular file (a symbolic link)"_s);
}

void TestSafeFile::readRefusesAnOversizedFile()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"big.xml"_s);
    QVERIFY(writeText(path, QByteArray(2049, 'x')));
    QString error;
    QVERIFY(!SafeFile::readRegular(path, 2048, &error));
    QCOMPARE(error, u"too large (2049 bytes; at most 2 KiB)"_s);
    const auto exact = SafeFile::readRegular(path, 2049, &error);
    QVERIFY2(exact, qPrintable(error));
    QCOMPARE(exact->size(), 2049);
}

void TestSafeFile::readReportsAMissingFile()
{
    QTemporaryDir dir;
    QString error;
    QVERIFY(!SafeFile::readRegular(dir.filePath(u"nope.xml"_s), 1024, &error));
    QCOMPARE(error, u"cannot open (No such file or directory)"_s);
}

void TestSafeFile::readsQtResources()
{
    // Compiled in (see tests/CMakeLists.txt): read through QFile, with the same size limit.
    QString error;
    const auto bytes = SafeFile::readRegular(u":/test/seed-xml/student6.xml"_s, 1 << 20, &error);
    QVERIFY2(bytes, qPrintable(error));
    QVERIFY(bytes->contains("<ITStudent>"));
    QVERIFY(!SafeFile::readRegular(u":/test/seed-xml/student6.xml"_s, 16, &error));
    QVERIFY2(error.startsWith(u"too large"_s), qPrintable(error));
    QVERIFY(!SafeFile::readRegular(u":/test/nope.xml"_s, 1024, &error));
    QVERIFY2(error.startsWith(u"cannot open"_s), qPrintable(error));
}

void TestSafeFile::removeTakesTheLinkNotItsTarget()
{
    QTemporaryDir dir;
    const QString target = dir.filePath(u"target.txt"_s);
    QVERIFY(writeText(target, "keep"));
    const QString link = dir.filePath(u"student6.xml"_s);
    QVERIFY(QFile::link(target, link));
    QVERIFY(SafeFile::remove(link));
    QVERIFY(!QFileInfo(link).isSymLink());
    QCOMPARE(contents(target), QByteArray("keep"));
    QString error;
    QVERIFY(!SafeFile::remove(link, &error));
    QCOMPARE(error, u"cannot remove (No such file or directory)"_s);
}

void TestSafeFile::studentXmlNamesTheFileAndTheReason()
{
    QTemporaryDir dir;
    const QString fifo = dir.filePath(u"student4.xml"_s);
    QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0644), 0);
    const FifoValve valve(fifo);
    QCOMPARE(StudentXml::readFile(fifo).error, u"student4.xml: not a regular file (a FIFO)"_s);
    const ITStudent student = StudentGenerator(7).generate(7);
    QCOMPARE(StudentXml::writeFile(dir.filePath(u"gone/student7.xml"_s), student),
             u"student7.xml: cannot write (No such file or directory)"_s);
    // And a record written over the FIFO reads back.
    QCOMPARE(StudentXml::writeFile(fifo, student), QString());
    const StudentXml::ReadResult back = StudentXml::readFile(fifo);
    QVERIFY2(back.ok(), qPrintable(back.error));
    QCOMPARE(back.student, student);
}

QTEST_GUILESS_MAIN(TestSafeFile)
#include "tst_safefile.moc"
