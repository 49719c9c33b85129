#include "runexporter.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QTemporaryDir>
#include <QTest>
#include <QVBoxLayout>

#include <functional>

using namespace Qt::StringLiterals;

namespace {

JournalEvent event(qint64 timeNs, int worker, JournalEvent::Kind kind, WorkerState state, int record = -1,
                   int slot = -1, int size = -1)
{
    JournalEvent result;
    result.timeNs = timeNs;
    result.worker = qint16(worker);
    result.kind = kind;
    result.state = state;
    result.record = record;
    result.slot = qint16(slot);
    result.size = qint16(size);
    return result;
}

std::vector<JournalEvent> journal()
{
    return {event(1'500'000, 0, JournalEvent::Kind::StateChanged, WorkerState::Generating, 7),
            event(2'000'000'000, 0, JournalEvent::Kind::Inserted, WorkerState::Inserting, 7, 3, 1),
            event(2'250'000'000, 1, JournalEvent::Kind::Removed, WorkerState::Removing, 7, 3, 0),
            event(2'300'000'001, 1, JournalEvent::Kind::Processed, WorkerState::ReadingXml, 7),
            event(2'400'000'000, 1, JournalEvent::Kind::Failed, WorkerState::Removing)};
}

QStringList names()
{
    return {u"Producer 1"_s, u"Consumer, \"the\" first"_s};
}

SimulationStatistics statistics()
{
    SimulationStatistics s;
    s.strategy = u"semaphore"_s;
    s.seed = 42;
    s.students = 2;
    s.capacity = 4;
    s.produced = 2;
    s.consumed = 2;
    s.failed = 1;
    s.passed = 1;
    s.elapsedS = 2.5;
    s.finished = true;
    WorkerStatistics producer;
    producer.name = u"Producer 1"_s;
    producer.role = WorkerRole::Producer;
    producer.number = 1;
    producer.items = 2;
    producer.blockedNs = 1'250'000'000;
    producer.state = WorkerState::Done;
    WorkerStatistics consumer;
    consumer.name = u"Consumer 1"_s;
    consumer.role = WorkerRole::Consumer;
    consumer.number = 1;
    consumer.items = 2;
    consumer.failed = 1;
    consumer.passed = 1;
    consumer.blockedNs = 500'000'000;
    consumer.state = WorkerState::WaitingForItem;
    s.workers = {producer, consumer};
    return s;
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

using Export = std::function<QString(const QString &path)>;

} // namespace

Q_DECLARE_METATYPE(Export)

class TestRunExporter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void journalCsv();
    void journalJson();
    void statisticsJson();
    void statisticsCsv();
    void widgetPng();
    void widgetPngAtASize();
    void csvField_data();
    void csvField();
    void unwritablePath_data();
    void unwritablePath();

private:
    QTemporaryDir m_dir;
};

void TestRunExporter::journalCsv()
{
    QVERIFY(m_dir.isValid());
    const QString path = m_dir.filePath(u"journal.csv"_s);
    QCOMPARE(RunExporter::exportJournalCsv(path, journal(), names()), QString());
    const QStringList lines = QString::fromUtf8(readAll(path)).split(u'\n');
    QCOMPARE(lines.size(), 7); // header, five events, and the empty string after the last newline
    QCOMPARE(lines.at(0), u"time_s,worker,kind,state,record,slot,size"_s);
    QCOMPARE(lines.at(1), u"0.001500000,Producer 1,state,generating a student,7,,"_s);
    QCOMPARE(lines.at(2), u"2.000000000,Producer 1,inserted,inserting,7,3,1"_s);
    QCOMPARE(lines.at(3), u"2.250000000,\"Consumer, \"\"the\"\" first\",removed,removing,7,3,0"_s);
    QCOMPARE(lines.at(4), u"2.300000001,\"Consumer, \"\"the\"\" first\",processed,reading XML,7,,"_s);
    QCOMPARE(lines.at(5), u"2.400000000,\"Consumer, \"\"the\"\" first\",failed,removing,,,"_s);
    QCOMPARE(lines.at(6), QString());
}

void TestRunExporter::journalJson()
{
    const QString path = m_dir.filePath(u"journal.json"_s);
    QCOMPARE(RunExporter::exportJournalJson(path, journal(), names(), statistics()), QString());
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(readAll(path), &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    const QJsonObject root = document.object();
    QCOMPARE(root.value(u"statistics"_s).toObject(), statistics().toJson());
    const QJsonArray events = root.value(u"events"_s).toArray();
    QCOMPARE(events.size(), 5);
    const QJsonObject inserted = events.at(1).toObject();
    QCOMPARE(inserted.value(u"time_s"_s).toDouble(), 2.0);
    QCOMPARE(inserted.value(u"worker"_s).toString(), u"Producer 1"_s);
    QCOMPARE(inserted.value(u"kind"_s).toString(), u"inserted"_s);
    QCOMPARE(inserted.value(u"state"_s).toString(), u"inserting"_s);
    QCOMPARE(inserted.value(u"record"_s).toInt(), 7);
    QCOMPARE(inserted.value(u"slot"_s).toInt(), 3);
    QCOMPARE(inserted.value(u"size"_s).toInt(), 1);
    const QJsonObject first = events.at(0).toObject();
    QCOMPARE(first.value(u"time_s"_s).toDouble(), 0.0015);
    QVERIFY(!first.contains(u"slot"_s)); // -1: left out
    QVERIFY(!first.contains(u"size"_s));
    QCOMPARE(events.at(3).toObject().value(u"worker"_s).toString(), u"Consumer, \"the\" first"_s);
    QVERIFY(!events.at(4).toObject().contains(u"record"_s));

    // An empty journal is still valid JSON.
    QCOMPARE(RunExporter::exportJournalJson(path, {}, names(), statistics()), QString());
    QCOMPARE(QJsonDocument::fromJson(readAll(path)).object().value(u"events"_s).toArray().size(), 0);
}

void TestRunExporter::statisticsJson()
{
    const QString path = m_dir.filePath(u"statistics.json"_s);
    QCOMPARE(RunExporter::exportStatisticsJson(path, statistics()), QString());
    QCOMPARE(QJsonDocument::fromJson(readAll(path)).object(), statistics().toJson());
}

void TestRunExporter::statisticsCsv()
{
    const QString path = m_dir.filePath(u"statistics.csv"_s);
    QCOMPARE(RunExporter::exportStatisticsCsv(path, statistics()), QString());
    const QStringList lines = QString::fromUtf8(readAll(path)).split(u'\n');
    QCOMPARE(lines,
             (QStringList {u"name,role,items,failed,passed,blocked_s,state"_s,
                           u"Producer 1,producer,2,,,1.250,done"_s, u"All producers,producer,2,,,1.250,"_s,
                           u"Consumer 1,consumer,2,1,1,0.500,waiting for an item"_s,
                           u"All consumers,consumer,2,1,1,0.500,"_s, QString()}));
}

void TestRunExporter::widgetPng()
{
    QLabel label(u"Producer 1"_s);
    label.resize(200, 100);
    const QString path = m_dir.filePath(u"label.png"_s);
    QCOMPARE(RunExporter::exportWidgetPng(path, &label), QString());
    QImage image;
    QVERIFY(image.load(path, "png"));
    QCOMPARE(image.size(), QSize(200, 100) * label.devicePixelRatio());
    QCOMPARE(RunExporter::exportWidgetPng(path, nullptr), u"There is nothing to save."_s);
}

void TestRunExporter::widgetPngAtASize()
{
    QLabel label(u"Producer 1"_s);
    label.resize(200, 100);
    const QString path = m_dir.filePath(u"label-large.png"_s);
    QCOMPARE(RunExporter::exportWidgetPng(path, &label, QSize(320, 180)), QString());
    QImage image;
    QVERIFY(image.load(path, "png"));
    QCOMPARE(image.size(), QSize(320, 180) * label.devicePixelRatio());
    QCOMPARE(label.size(), QSize(200, 100)); // back as it was

    // In a layout, on screen, as the timeline and the charts are.
    QWidget window;
    auto *layout = new QVBoxLayout(&window);
    auto *inside = new QLabel(u"Consumer 1"_s);
    layout->addWidget(inside);
    window.resize(400, 300);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    const QSize shown = inside->size();
    QCOMPARE(RunExporter::exportWidgetPng(path, inside, QSize(320, 180)), QString());
    QVERIFY(image.load(path, "png"));
    QCOMPARE(image.size(), QSize(320, 180) * inside->devicePixelRatio());
    QCOMPARE(inside->size(), shown);
}

void TestRunExporter::csvField_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("field");
    QTest::addRow("plain") << u"Producer 1"_s << u"Producer 1"_s;
    QTest::addRow("comma") << u"a,b"_s << u"\"a,b\""_s;
    QTest::addRow("quote") << u"say \"hi\""_s << u"\"say \"\"hi\"\"\""_s;
    QTest::addRow("newline") << u"two\nlines"_s << u"\"two\nlines\""_s;
    QTest::addRow("empty") << QString() << QString();
}

void TestRunExporter::csvField()
{
    QFETCH(QString, text);
    QFETCH(QString, field);
    QCOMPARE(RunExporter::csvField(text), field);
}

void TestRunExporter::unwritablePath_data()
{
    QTest::addColumn<Export>("write");
    QTest::addRow("journal csv") << Export(
        [](const QString &path) { return RunExporter::exportJournalCsv(path, journal(), names()); });
    QTest::addRow("journal json") << Export([](const QString &path) {
        return RunExporter::exportJournalJson(path, journal(), names(), statistics());
    });
    QTest::addRow("statistics json") << Export(
        [](const QString &path) { return RunExporter::exportStatisticsJson(path, statistics()); });
    QTest::addRow("statistics csv") << Export(
        [](const QString &path) { return RunExporter::exportStatisticsCsv(path, statistics()); });
    QTest::addRow("png") << Export([](const QString &path) {
        QLabel label(u"x"_s);
        label.resize(20, 10);
        return RunExporter::exportWidgetPng(path, &label);
    });
}

void TestRunExporter::unwritablePath()
{
    QFETCH(Export, write);
    // A folder that does not exist.
    const QString missing = m_dir.filePath(u"no/such/folder/run.out"_s);
    const QString error = write(missing);
    QVERIFY2(error.startsWith(u"Cannot write "_s), qPrintable(error));
    QVERIFY2(error.contains(QDir::toNativeSeparators(missing)), qPrintable(error));
    QVERIFY(!QFile::exists(missing));
    // A folder where the file should be.
    QVERIFY(QDir(m_dir.path()).mkpath(u"taken"_s));
    QVERIFY(write(m_dir.filePath(u"taken"_s)).startsWith(u"Cannot write "_s));
    // No name at all.
    QCOMPARE(write(QString()), u"No file name given."_s);
}

QTEST_MAIN(TestRunExporter)
#include "tst_runexporter.moc"
