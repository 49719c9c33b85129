#include "colorscheme.h"
#include "logfiltermodel.h"
#include "logmodel.h"
#include "studenttablemodel.h"
#include "workertablemodel.h"

#include <QAbstractItemModelTester>
#include <QBrush>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

QList<WorkerStatistics> twoWorkers()
{
    WorkerStatistics producer;
    producer.name = u"Producer 1"_s;
    producer.role = WorkerRole::Producer;
    producer.number = 1;
    WorkerStatistics consumer;
    consumer.name = u"Consumer 1"_s;
    consumer.role = WorkerRole::Consumer;
    consumer.number = 1;
    return {producer, consumer};
}

JournalEvent stateEvent(int worker, WorkerState state, qint64 timeNs = 0)
{
    JournalEvent event;
    event.kind = JournalEvent::Kind::StateChanged;
    event.worker = qint16(worker);
    event.state = state;
    event.timeNs = timeNs;
    return event;
}

JournalEvent bufferEvent(JournalEvent::Kind kind, int worker, int record, int slot, int size, qint64 timeNs)
{
    JournalEvent event;
    event.kind = kind;
    event.worker = qint16(worker);
    event.record = record;
    event.slot = qint16(slot);
    event.size = qint16(size);
    event.timeNs = timeNs;
    return event;
}

ProcessedRecord processed(int record, double mark, qint64 timeNs = 0, int consumer = 1)
{
    ProcessedRecord result;
    result.record = record;
    result.consumer = qint16(consumer);
    result.timeNs = timeNs;
    result.student.name = u"Student %1"_s.arg(record);
    result.student.studentId = QString::number(10000000 + record);
    result.student.programme = ITStudent::programmes().at(record % ITStudent::programmes().size());
    result.student.courses = {{u"Programming"_s, mark}, {u"OS"_s, mark}};
    return result;
}

ProcessedRecord failed(int record, qint64 timeNs = 0)
{
    ProcessedRecord result;
    result.record = record;
    result.consumer = 1;
    result.timeNs = timeNs;
    result.error = u"cannot open student%1.xml"_s.arg(record);
    return result;
}

QList<LogEntry> numberedLines(int count, int firstNumber = 0, int worker = 0)
{
    QList<LogEntry> lines;
    for (int i = 0; i < count; ++i)
        lines.append(LogEntry {qint64(firstNumber + i), worker, QString::number(firstNumber + i), false});
    return lines;
}

} // namespace

class TestUiModels : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void workerModelShowsWorkers();
    void workerModelReportsOnlyChangedRows();
    void workerModelTakesCountsFromStatistics();
    void logLinesMergeInTimeOrder();
    void logKeepsTheNewestLinesOfABusyFrame();
    void logIsCappedInBatches();
    void logHugeBatchKeepsTheNewest();
    void logFilterByWorker();
    void studentRowsAppendInOneBatch();
    void studentResults_data();
    void studentResults();
    void studentCap();
    void studentSortsNumbersAsNumbers();
    void checkerLinesAreRedAndMergeInTimeOrder();
    void checkerLinesHaveALimitOfTheirOwn();
    void studentRowsFindTheirRecord();
};

void TestUiModels::workerModelShowsWorkers()
{
    WorkerTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setWorkers(twoWorkers());
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.columnCount(), int(WorkerTableModel::ColumnCount));
    QCOMPARE(model.headerData(WorkerTableModel::BlockedColumn, Qt::Horizontal).toString(), u"Blocked (s)"_s);
    QCOMPARE(model.index(1, WorkerTableModel::WorkerColumn).data().toString(), u"Consumer 1"_s);
    QCOMPARE(model.index(0, WorkerTableModel::StateColumn).data().toString(), u"idle"_s);
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

void TestUiModels::workerModelReportsOnlyChangedRows()
{
    WorkerTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setWorkers(twoWorkers());
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.applyEvents({stateEvent(0, WorkerState::Generating), stateEvent(0, WorkerState::WaitingForSlot),
                       stateEvent(7, WorkerState::Done)}); // an unknown worker is ignored
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.first().at(0).toModelIndex().row(), 0);
    QCOMPARE(model.index(0, WorkerTableModel::StateColumn).data().toString(), u"waiting for a free slot"_s);
    QCOMPARE(model.index(0, WorkerTableModel::StateColumn).data(Qt::DecorationRole).value<QColor>(),
             ColorScheme::laneFill(LaneActivity::WaitingForSlot).darker(110));

    // The same state again changes nothing.
    changed.clear();
    model.applyEvents({stateEvent(0, WorkerState::WaitingForSlot)});
    QCOMPARE(changed.size(), 0);
}

void TestUiModels::workerModelTakesCountsFromStatistics()
{
    WorkerTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setWorkers(twoWorkers());
    QList<WorkerStatistics> now = twoWorkers();
    now[1].items = 12;
    now[1].blockedNs = 1'250'000'000;
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.updateStatistics(now);
    QCOMPARE(changed.size(), 1); // only the consumer changed
    QCOMPARE(model.index(1, WorkerTableModel::ItemsColumn).data().toLongLong(), 12);
    QCOMPARE(model.index(1, WorkerTableModel::BlockedColumn).data().toString(), u"1.25"_s);
    QCOMPARE(model.index(1, WorkerTableModel::ItemsColumn).data(Qt::TextAlignmentRole).value<Qt::Alignment>(),
             Qt::AlignRight | Qt::AlignVCenter);

    now[0].state = WorkerState::Done;
    model.updateStatistics(now);
    QCOMPARE(model.index(0, WorkerTableModel::StateColumn).data().toString(), u"done"_s);
}

void TestUiModels::logLinesMergeInTimeOrder()
{
    const QStringList names = {u"Producer 1"_s, u"Consumer 1"_s};
    const std::vector<JournalEvent> events = {
        bufferEvent(JournalEvent::Kind::Inserted, 0, 1, 0, 1, 1'000'000),
        stateEvent(0, WorkerState::Sleeping, 1'500'000), // not worth a line
        bufferEvent(JournalEvent::Kind::Removed, 1, 1, 0, 0, 2'000'000),
        stateEvent(0, WorkerState::WaitingForSlot, 4'000'000),
    };
    const std::vector<ProcessedRecord> records = {processed(1, 70.0, 3'000'000), failed(2, 5'000'000)};
    const QList<LogEntry> lines = LogModel::linesFor(events, records, names, 10);
    QCOMPARE(lines.size(), 5);
    for (int i = 1; i < lines.size(); ++i)
        QVERIFY(lines.at(i - 1).timeNs <= lines.at(i).timeNs);
    QCOMPARE(lines.at(0).text, u"[   0.001 s] Producer 1 inserted student 1 into slot 0 (buffer 1/10)"_s);
    QVERIFY(lines.at(2).text.contains(u"Consumer 1 processed student 1"_s));
    QCOMPARE(lines.at(3).text, u"[   0.004 s] Producer 1 is waiting: the buffer is full"_s);
    QVERIFY(lines.at(4).error);
    QCOMPARE(lines.at(4).text,
             u"[   0.005 s] Consumer 1 could not process student 2: cannot open student2.xml"_s);
    QVERIFY(!lines.at(0).error);
    // An empty slot taken (the unsafe strategy) has no student to name.
    ProcessedRecord nothing = failed(-1, 6'000'000);
    nothing.error = u"took an empty slot: there was no record in it"_s;
    const QList<LogEntry> empty = LogModel::linesFor({}, {nothing}, names, 10);
    QCOMPARE(empty.size(), 1);
    QCOMPARE(
        empty.at(0).text,
        u"[   0.006 s] Consumer 1 had nothing to process: took an empty slot: there was no record in it"_s);

    LogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.appendFrame(events, records, names, 10);
    QCOMPARE(model.rowCount(), 5);
    QCOMPARE(model.index(4).data(Qt::ForegroundRole).value<QBrush>().color(), ColorScheme::failed());
    QVERIFY(!model.index(0).data(Qt::ForegroundRole).isValid());
    QCOMPARE(model.index(2).data(LogModel::SourceRole).toInt(), 1);
    QCOMPARE(model.index(2).data(LogModel::TimeRole).toLongLong(), 3'000'000);
}

void TestUiModels::logKeepsTheNewestLinesOfABusyFrame()
{
    const QStringList names = {u"Producer 1"_s, u"Consumer 1"_s};
    std::vector<JournalEvent> events;
    std::vector<ProcessedRecord> records;
    for (int i = 0; i < 100; ++i) {
        events.push_back(bufferEvent(JournalEvent::Kind::Inserted, 0, i + 1, i % 10, 1, 1000 * i));
        events.push_back(stateEvent(0, WorkerState::Sleeping, 1000 * i + 1)); // no line
        records.push_back(processed(i + 1, 60.0, 1000 * i + 500));
    }
    const QList<LogEntry> lines = LogModel::linesFor(events, records, names, 10, 20);
    QCOMPARE(lines.size(), 21);
    // First a word that lines were skipped, from the owner rather than a worker...
    QCOMPARE(lines.first().source, -1);
    QVERIFY(lines.first().text.contains(u"not shown"_s));
    // ...then the newest twenty, in time order: ten inserts and ten processed records.
    for (int i = 2; i < lines.size(); ++i)
        QVERIFY(lines.at(i - 1).timeNs <= lines.at(i).timeNs);
    QCOMPARE(lines.at(1).timeNs, 90'000);
    QVERIFY(lines.last().text.contains(u"processed student 100"_s));
    QCOMPARE(std::count_if(lines.cbegin(), lines.cend(), [](const LogEntry &l) { return l.source == 1; }),
             10);

    // Under the limit nothing is skipped.
    QCOMPARE(LogModel::linesFor(events, records, names, 10, 200).size(), 200);
    QCOMPARE(LogModel::linesFor(events, records, names, 10).size(), 200);
}

void TestUiModels::logIsCappedInBatches()
{
    LogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setLimit(100);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    model.append(numberedLines(100));
    QCOMPARE(model.rowCount(), 100);
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(removed.size(), 0);

    // One more line drops a tenth of the limit at once, oldest first.
    model.append(numberedLines(1, 100));
    QCOMPARE(removed.size(), 1);
    QCOMPARE(model.rowCount(), 91);
    QCOMPARE(model.index(0).data().toString(), u"10"_s);
    QCOMPARE(model.index(90).data().toString(), u"100"_s);

    // The next lines fit without removing anything.
    model.append(numberedLines(9, 101));
    QCOMPARE(removed.size(), 1);
    QCOMPARE(model.rowCount(), 100);
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

void TestUiModels::logHugeBatchKeepsTheNewest()
{
    LogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setLimit(50);
    model.append(numberedLines(20));
    model.append(numberedLines(500, 1000));
    QCOMPARE(model.rowCount(), 50);
    QCOMPARE(model.index(0).data().toString(), u"1450"_s);
    QCOMPARE(model.index(49).data().toString(), u"1499"_s);
}

void TestUiModels::logFilterByWorker()
{
    LogModel model;
    LogFilterModel filter;
    filter.setSourceModel(&model);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester filterTester(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.append(numberedLines(3, 0, 0) + numberedLines(2, 10, 1) + numberedLines(4, 20, 2));
    QCOMPARE(filter.rowCount(), 9);
    filter.setSource(1);
    QCOMPARE(filter.rowCount(), 2);
    QCOMPARE(filter.index(0, 0).data().toString(), u"10"_s);
    // New lines are filtered as they arrive.
    model.append(numberedLines(5, 30, 1) + numberedLines(5, 40, 0));
    QCOMPARE(filter.rowCount(), 7);
    filter.setSource(LogFilterModel::AllSources);
    QCOMPARE(filter.rowCount(), 19);
}

void TestUiModels::studentRowsAppendInOneBatch()
{
    StudentTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    model.append({processed(1, 70.0), processed(2, 40.0), failed(3)});
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(model.rowCount(), 3);
    model.append({});
    QCOMPARE(inserted.size(), 1);
    model.append({processed(4, 55.5)});
    QCOMPARE(inserted.size(), 2);
    QCOMPARE(model.rowCount(), 4);

    QCOMPARE(model.index(0, StudentTableModel::NumberColumn).data().toInt(), 1);
    QCOMPARE(model.index(0, StudentTableModel::NameColumn).data().toString(), u"Student 1"_s);
    QCOMPARE(model.index(0, StudentTableModel::IdColumn).data().toString(), u"10000001"_s);
    QCOMPARE(model.index(0, StudentTableModel::CoursesColumn).data().toString(),
             u"Programming 70.0, OS 70.0"_s);
    QCOMPARE(model.index(3, StudentTableModel::AverageColumn).data().toString(), u"55.50"_s);
    QCOMPARE(
        model.index(3, StudentTableModel::AverageColumn).data(Qt::TextAlignmentRole).value<Qt::Alignment>(),
        Qt::AlignRight | Qt::AlignVCenter);
    QCOMPARE(model.index(1, StudentTableModel::ProgrammeColumn).data(Qt::DecorationRole).value<QColor>(),
             ColorScheme::programme(2));
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

void TestUiModels::studentResults_data()
{
    QTest::addColumn<bool>("valid");
    QTest::addColumn<double>("mark");
    QTest::addColumn<QString>("result");
    QTest::addColumn<QColor>("color");
    QTest::addRow("pass") << true << 72.0 << u"PASS"_s << ColorScheme::passed();
    QTest::addRow("pass at exactly 50") << true << 50.0 << u"PASS"_s << ColorScheme::passed();
    QTest::addRow("fail") << true << 49.99 << u"FAIL"_s << ColorScheme::failed();
    QTest::addRow("error") << false << 0.0 << u"ERROR"_s << ColorScheme::failed();
}

void TestUiModels::studentResults()
{
    QFETCH(bool, valid);
    QFETCH(double, mark);
    QFETCH(QString, result);
    QFETCH(QColor, color);
    StudentTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.append({valid ? processed(5, mark) : failed(5)});
    const QModelIndex cell = model.index(0, StudentTableModel::ResultColumn);
    QCOMPARE(cell.data().toString(), result);
    QCOMPARE(cell.data(Qt::ForegroundRole).value<QBrush>().color(), color);
    if (!valid) {
        // The error is what the row says, in red, where the name would be.
        const QModelIndex name = model.index(0, StudentTableModel::NameColumn);
        QCOMPARE(name.data().toString(), u"cannot open student5.xml"_s);
        QCOMPARE(name.data(Qt::ForegroundRole).value<QBrush>().color(), ColorScheme::failed());
        QCOMPARE(model.index(0, StudentTableModel::AverageColumn).data().toString(), QString());
    }
}

void TestUiModels::studentCap()
{
    StudentTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.limit(), 100'000);
    model.setLimit(20);
    std::vector<ProcessedRecord> batch;
    for (int i = 1; i <= 20; ++i)
        batch.push_back(processed(i, 60.0));
    model.append(batch);
    QCOMPARE(model.rowCount(), 20);
    model.append({processed(21, 60.0)});
    QCOMPARE(model.rowCount(), 19); // a tenth dropped at once
    QCOMPARE(model.index(0, StudentTableModel::NumberColumn).data().toInt(), 3);
    QCOMPARE(model.index(18, StudentTableModel::NumberColumn).data().toInt(), 21);

    std::vector<ProcessedRecord> huge;
    for (int i = 100; i < 150; ++i)
        huge.push_back(processed(i, 60.0));
    model.append(huge);
    QCOMPARE(model.rowCount(), 20);
    QCOMPARE(model.index(19, StudentTableModel::NumberColumn).data().toInt(), 149);
}

void TestUiModels::studentSortsNumbersAsNumbers()
{
    StudentTableModel model;
    QSortFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.setSortRole(StudentTableModel::SortRole);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.append({processed(9, 80.0), processed(10, 9.5), processed(100, 45.0), failed(2)});
    proxy.sort(StudentTableModel::NumberColumn, Qt::AscendingOrder);
    QCOMPARE(proxy.index(0, StudentTableModel::NumberColumn).data().toInt(), 2);
    QCOMPARE(proxy.index(3, StudentTableModel::NumberColumn).data().toInt(), 100);
    proxy.sort(StudentTableModel::AverageColumn, Qt::DescendingOrder);
    QCOMPARE(proxy.index(0, StudentTableModel::AverageColumn).data().toString(), u"80.00"_s);
    QCOMPARE(proxy.index(1, StudentTableModel::AverageColumn).data().toString(), u"45.00"_s);
    QCOMPARE(proxy.index(2, StudentTableModel::AverageColumn).data().toString(), u"9.50"_s);
    QCOMPARE(proxy.index(3, StudentTableModel::ResultColumn).data().toString(), u"ERROR"_s);
    // Rows arriving later land in sorted place.
    model.append({processed(11, 60.0)});
    QCOMPARE(proxy.index(1, StudentTableModel::AverageColumn).data().toString(), u"60.00"_s);
}

void TestUiModels::checkerLinesAreRedAndMergeInTimeOrder()
{
    LogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QStringList names = {u"Producer 1"_s, u"Consumer 1"_s, u"Consumer 2"_s};
    const std::vector<JournalEvent> events = {
        bufferEvent(JournalEvent::Kind::Inserted, 0, 17, 0, 1, 1'000'000),
        bufferEvent(JournalEvent::Kind::Removed, 1, 17, 0, 0, 2'000'000),
        bufferEvent(JournalEvent::Kind::Removed, 2, 17, 0, 0, 4'000'000),
    };
    const std::vector<CheckerFinding> findings = {
        CheckerFinding {CheckerFinding::Kind::Duplicated, 17, 2, 0, 4'000'000},
        CheckerFinding {CheckerFinding::Kind::Lost, 9, -1, 3, 3'000'000},
    };
    model.appendFrame(events, {}, findings, names, 10, -1, -1);
    QCOMPARE(model.rowCount(), 5);
    QStringList texts;
    for (int row = 0; row < model.rowCount(); ++row)
        texts.append(model.line(row).text);
    // In time order; a finding after the event that caused it.
    QVERIFY(texts.at(0).contains(u"inserted student 17"_s));
    QVERIFY(texts.at(1).contains(u"Consumer 1 removed student 17"_s));
    QCOMPARE(texts.at(2),
             u"[   0.003 s] CHECKER: student 9 was lost: it went into the buffer and never came out"_s);
    QVERIFY(texts.at(3).contains(u"Consumer 2 removed student 17"_s));
    QCOMPARE(texts.at(4),
             u"[   0.004 s] CHECKER: student 17 was taken out of the buffer a second time by Consumer 2"_s);
    for (const int row : {2, 4}) {
        QVERIFY(model.index(row).data(LogModel::ErrorRole).toBool());
        QCOMPARE(model.index(row).data(Qt::ForegroundRole).value<QBrush>().color(), ColorScheme::failed());
    }
    QVERIFY(!model.index(1).data(LogModel::ErrorRole).toBool());
    QCOMPARE(model.index(4).data(LogModel::SourceRole).toInt(), 2); // filtered with Consumer 2
}

void TestUiModels::checkerLinesHaveALimitOfTheirOwn()
{
    std::vector<CheckerFinding> findings;
    for (int i = 0; i < 30; ++i)
        findings.push_back(CheckerFinding {CheckerFinding::Kind::Lost, i + 1, -1, 0, 1000 + i});
    const QList<LogEntry> lines = LogModel::linesFor(findings, {}, 5);
    QCOMPARE(lines.size(), 6);
    QVERIFY(lines.at(4).text.contains(u"student 5 was lost"_s));
    QVERIFY2(lines.at(5).text.contains(u"and 25 more findings"_s), qPrintable(lines.at(5).text));
    QVERIFY(lines.at(5).error);
    QCOMPARE(LogModel::linesFor(findings, {}).size(), 30);
    // Over the limit, lost and duplicated students come before empty slots taken, still in time order.
    std::vector<CheckerFinding> mixed;
    for (int i = 0; i < 20; ++i)
        mixed.push_back(CheckerFinding {CheckerFinding::Kind::Phantom, -1, 1, qint16(i % 4), 2000 + i});
    mixed.push_back(CheckerFinding {CheckerFinding::Kind::Duplicated, 7, 1, 2, 1500});
    mixed.push_back(CheckerFinding {CheckerFinding::Kind::Overwritten, 8, -1, 3, 2500});
    const QList<LogEntry> mixedLines = LogModel::linesFor(mixed, {}, 4);
    QCOMPARE(mixedLines.size(), 5);
    QVERIFY2(mixedLines.at(0).text.contains(u"student 7 was taken out of the buffer a second time"_s),
             qPrintable(mixedLines.at(0).text));
    QVERIFY(mixedLines.at(1).text.contains(u"slot 0 was taken out of the buffer empty"_s));
    QVERIFY(mixedLines.at(2).text.contains(u"slot 1 was taken out of the buffer empty"_s));
    QVERIFY2(mixedLines.at(3).text.contains(u"student 8 was lost"_s), qPrintable(mixedLines.at(3).text));
    QVERIFY(mixedLines.at(4).text.contains(u"and 18 more findings"_s));
    // A flood of events does not crowd them out.
    std::vector<JournalEvent> events;
    for (int i = 0; i < 500; ++i)
        events.push_back(bufferEvent(JournalEvent::Kind::Inserted, 0, i + 1, 0, 1, i));
    LogModel model;
    model.appendFrame(events, {}, findings, {u"Producer 1"_s}, 10, 20, 5);
    int checker = 0;
    for (int row = 0; row < model.rowCount(); ++row)
        checker += model.line(row).text.contains(u"CHECKER"_s) ? 1 : 0;
    QCOMPARE(checker, 6);
}

void TestUiModels::studentRowsFindTheirRecord()
{
    StudentTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    ProcessedRecord bad;
    bad.record = 8;
    bad.consumer = 2;
    bad.error = u"student8.xml: no such file"_s;
    model.append({processed(7, 61.5, 10, 1), bad, processed(9, 40.0, 30, 2)});
    QCOMPARE(model.rowOf(7), 0);
    QCOMPARE(model.rowOf(8), 1);
    QCOMPARE(model.rowOf(9), 2);
    QCOMPARE(model.rowOf(10), -1);
    const StudentTableModel::Row &row = model.row(model.rowOf(7));
    QCOMPARE(row.consumer, 1);
    const ITStudent student = StudentTableModel::student(row);
    QCOMPARE(student, processed(7, 61.5).student); // exact marks, not the rounded text
    QCOMPARE(model.row(1).consumer, 2);
    // A record handled twice (a broken strategy): the newest row.
    model.append({processed(7, 61.5, 40, 2)});
    QCOMPARE(model.rowOf(7), 3);
}

QTEST_MAIN(TestUiModels)
#include "tst_uimodels.moc"
