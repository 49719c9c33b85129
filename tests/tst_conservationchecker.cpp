#include "conservationchecker.h"

#include <QTest>

namespace {

JournalEvent transfer(JournalEvent::Kind kind, int record, int slot, int worker = 0, qint64 timeNs = 0)
{
    JournalEvent event;
    event.kind = kind;
    event.record = record;
    event.slot = qint16(slot);
    event.worker = qint16(worker);
    event.timeNs = timeNs;
    return event;
}

JournalEvent in(int record, int slot)
{
    return transfer(JournalEvent::Kind::Inserted, record, slot);
}

JournalEvent out(int record, int slot, int worker = 1)
{
    return transfer(JournalEvent::Kind::Removed, record, slot, worker);
}

BufferSnapshot holding(QList<int> slots)
{
    BufferSnapshot snapshot;
    snapshot.slots = slots;
    snapshot.capacity = int(slots.size());
    return snapshot;
}

} // namespace

class TestConservationChecker : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void aCorrectRunIsSilent();
    void duplicatedOncePerRecord();
    void phantomRemoval();
    void vanishedRecordIsLost();
    void overwrittenRecord();
    void removedMeanwhileIsNotLost();
    void stillInTheBufferAtTheEndIsNotLost();
    void findingsAreTakenOnce();
    void neverRemovedListsLostAndWaitingRecords();
};

void TestConservationChecker::aCorrectRunIsSilent()
{
    ConservationChecker checker;
    checker.apply({in(1, 0), in(2, 1), out(1, 0), in(3, 2), out(2, 1)});
    checker.checkAgainst(holding({-1, -1, 3}), {}, 10);
    checker.apply({out(3, 2)});
    checker.finish(holding({-1, -1, -1}), 20);
    QVERIFY(!checker.hasFired());
    QCOMPARE(checker.findings().size(), 0);
    QCOMPARE(checker.outstanding(), 0);
}

void TestConservationChecker::duplicatedOncePerRecord()
{
    ConservationChecker checker;
    checker.apply({in(7, 0), out(7, 0, 1), out(7, 0, 2), out(7, 0, 3)});
    QCOMPARE(checker.duplicated(), 1);
    QCOMPARE(checker.findings().size(), 1);
    const CheckerFinding finding = checker.findings().first();
    QCOMPARE(finding.kind, CheckerFinding::Kind::Duplicated);
    QCOMPARE(finding.record, 7);
    QCOMPARE(finding.worker, 2); // the second removal is the wrong one
    QVERIFY(finding.describe().contains(QStringLiteral("student 7")));
    QVERIFY(checker.hasFired());
}

void TestConservationChecker::phantomRemoval()
{
    ConservationChecker checker;
    checker.apply({out(RingBuffer::EmptySlot, 4, 2)});
    QCOMPARE(checker.phantom(), 1);
    QCOMPARE(checker.findings().first().kind, CheckerFinding::Kind::Phantom);
    QCOMPARE(checker.findings().first().slot, 4);
}

void TestConservationChecker::vanishedRecordIsLost()
{
    ConservationChecker checker;
    checker.apply({in(5, 1)});
    checker.checkAgainst(holding({-1, -1, -1}), {}, 123);
    QCOMPARE(checker.lost(), 1);
    QCOMPARE(checker.overwritten(), 0);
    QCOMPARE(checker.findings().first().kind, CheckerFinding::Kind::Lost);
    QCOMPARE(checker.findings().first().timeNs, 123);
    // Reported once, not at every check.
    checker.checkAgainst(holding({-1, -1, -1}), {}, 456);
    QCOMPARE(checker.lost(), 1);
}

void TestConservationChecker::overwrittenRecord()
{
    // Two producers wrote slot 0; the buffer holds the second one, the first is gone.
    ConservationChecker checker;
    checker.apply({in(1, 0), in(2, 0)});
    checker.checkAgainst(holding({2, -1}), {}, 0);
    QCOMPARE(checker.overwritten(), 1);
    QCOMPARE(checker.lost(), 1);
    QCOMPARE(checker.findings().first().record, 1);
    QCOMPARE(checker.findings().first().kind, CheckerFinding::Kind::Overwritten);
}

void TestConservationChecker::removedMeanwhileIsNotLost()
{
    // Taken out between the events and the snapshot: the removal is in the later events.
    ConservationChecker checker;
    checker.apply({in(9, 3)});
    checker.checkAgainst(holding({-1, -1, -1, -1}), {out(9, 3)}, 0);
    QVERIFY(!checker.hasFired());
}

void TestConservationChecker::stillInTheBufferAtTheEndIsNotLost()
{
    // A stopped run leaves records in the buffer: not lost.
    ConservationChecker checker;
    checker.apply({in(1, 0), in(2, 1), out(1, 0)});
    checker.finish(holding({-1, 2}), 0);
    QVERIFY(!checker.hasFired());
    QCOMPARE(checker.outstanding(), 1);
}

void TestConservationChecker::findingsAreTakenOnce()
{
    ConservationChecker checker;
    checker.apply({in(1, 0), out(1, 0), out(1, 0)});
    QCOMPARE(checker.takeNewFindings().size(), std::size_t(1));
    QCOMPARE(checker.takeNewFindings().size(), std::size_t(0));
    QCOMPARE(checker.findings().size(), 1); // still in the record of the run
    checker.clear();
    QCOMPARE(checker.findings().size(), 0);
    QVERIFY(!checker.hasFired());
}

void TestConservationChecker::neverRemovedListsLostAndWaitingRecords()
{
    ConservationChecker checker;
    QCOMPARE(checker.neverRemoved(), std::vector<qint32>());
    // 1 goes through; 2 is written over by 3 in slot 1; 4 is still in the buffer; 5 is taken twice.
    checker.apply(
        {in(1, 0), out(1, 0), in(2, 1), in(3, 1), out(3, 1), in(4, 2), in(5, 3), out(5, 3), out(5, 3)});
    QCOMPARE(checker.neverRemoved(), std::vector<qint32>({2, 4}));
}

QTEST_GUILESS_MAIN(TestConservationChecker)
#include "tst_conservationchecker.moc"
