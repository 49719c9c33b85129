#include "recordhistory.h"

#include <QTest>

using namespace Qt::StringLiterals;
using Kind = RecordStep::Kind;

namespace {

JournalEvent state(int worker, WorkerState state, int record, qint64 timeNs)
{
    JournalEvent event;
    event.kind = JournalEvent::Kind::StateChanged;
    event.worker = qint16(worker);
    event.state = state;
    event.record = record;
    event.timeNs = timeNs;
    return event;
}

JournalEvent transfer(JournalEvent::Kind kind, int worker, int record, int slot, qint64 timeNs)
{
    JournalEvent event;
    event.kind = kind;
    event.worker = qint16(worker);
    event.record = record;
    event.slot = qint16(slot);
    event.timeNs = timeNs;
    return event;
}

QList<Kind> kinds(const QList<RecordStep> &steps)
{
    QList<Kind> out;
    for (const RecordStep &step : steps)
        out.append(step.kind);
    return out;
}

} // namespace

class TestRecordHistory : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void aRecordsWholeJourney();
    void failedRecordSaysWhy();
    void flaggedRecord();
    void oldestRecordsAreForgotten();
};

void TestRecordHistory::aRecordsWholeJourney()
{
    RecordHistory history;
    // Producer 0 makes record 4, writes it, inserts it into slot 2; consumer 1 takes and reads it.
    history.apply(std::vector<JournalEvent> {
        state(0, WorkerState::Generating, 4, 100),
        state(0, WorkerState::WritingXml, 4, 200),
        state(0, WorkerState::Inserting, 4, 300),
        transfer(JournalEvent::Kind::Inserted, 0, 4, 2, 310),
        state(0, WorkerState::Sleeping, -1, 320),
        transfer(JournalEvent::Kind::Removed, 1, 4, 2, 400),
        state(1, WorkerState::ReadingXml, 4, 410),
        transfer(JournalEvent::Kind::Processed, 1, 4, -1, 500),
    });
    const QList<RecordStep> steps = history.journey(4);
    QCOMPARE(kinds(steps),
             QList<Kind>({Kind::Generated, Kind::FileWritten, Kind::Inserted, Kind::Removed, Kind::FileRead,
                          Kind::Processed}));
    QCOMPARE(steps.at(0).worker, 0);
    QCOMPARE(steps.at(1).timeNs, 300); // the moment the producer stopped writing
    QCOMPARE(steps.at(2).slot, 2);
    QCOMPARE(steps.at(3).worker, 1);
    QCOMPARE(steps.at(5).timeNs, 500);
    QVERIFY(history.contains(4));
    QVERIFY(!history.contains(5));
    QCOMPARE(RecordStep::name(Kind::FileWritten), u"file written"_s);
}

void TestRecordHistory::failedRecordSaysWhy()
{
    RecordHistory history;
    history.apply(std::vector<JournalEvent> {transfer(JournalEvent::Kind::Removed, 1, 8, 0, 10),
                                             transfer(JournalEvent::Kind::Failed, 1, 8, -1, 20)});
    ProcessedRecord failed;
    failed.record = 8;
    failed.error = u"student8.xml: line 4: <StudentID> is empty"_s;
    history.apply(std::vector<ProcessedRecord> {failed});
    const QList<RecordStep> steps = history.journey(8);
    QCOMPARE(steps.last().kind, Kind::Failed);
    QCOMPARE(steps.last().detail, failed.error);
}

void TestRecordHistory::flaggedRecord()
{
    RecordHistory history;
    history.apply(std::vector<JournalEvent> {transfer(JournalEvent::Kind::Inserted, 0, 3, 1, 10)});
    CheckerFinding finding;
    finding.kind = CheckerFinding::Kind::Duplicated;
    finding.record = 3;
    finding.timeNs = 50;
    history.apply(std::vector<CheckerFinding> {finding});
    const RecordStep last = history.journey(3).last();
    QCOMPARE(last.kind, Kind::Flagged);
    QVERIFY(last.detail.contains(u"student 3"_s));
}

void TestRecordHistory::oldestRecordsAreForgotten()
{
    RecordHistory history;
    std::vector<JournalEvent> events;
    for (int record = 1; record <= RecordHistory::MaxRecords + 10; ++record)
        events.push_back(transfer(JournalEvent::Kind::Inserted, 0, record, 0, record));
    history.apply(events);
    QVERIFY(!history.contains(1));
    QVERIFY(!history.contains(10));
    QVERIFY(history.contains(11));
    QVERIFY(history.contains(RecordHistory::MaxRecords + 10));
    history.clear();
    QVERIFY(!history.contains(11));
}

QTEST_GUILESS_MAIN(TestRecordHistory)
#include "tst_recordhistory.moc"
