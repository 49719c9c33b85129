#include "deadlockdetector.h"

#include <unordered_set>

using namespace Qt::StringLiterals;

namespace {

QString objectText(const SyncObject &object)
{
    return u"%1 (%2)"_s.arg(object.name, object.meaning);
}

QString freedByText(SyncObject::FreedBy freedBy)
{
    switch (freedBy) {
    case SyncObject::FreedBy::Holder:
        return u"its holder"_s;
    case SyncObject::FreedBy::Producers:
        return u"a producer"_s;
    case SyncObject::FreedBy::Consumers:
        return u"a consumer"_s;
    }
    return {};
}

} // namespace

std::optional<DeadlockReport> DeadlockDetector::find(const SyncSnapshot &sync,
                                                     const QList<WorkerStatistics> &workers)
{
    auto isLive = [&](int worker) {
        return worker >= 0 && worker < workers.size() && workers.at(worker).state != WorkerState::Done;
    };
    QList<int> live;
    for (int worker = 0; worker < workers.size(); ++worker) {
        if (isLive(worker))
            live.append(worker);
    }
    if (live.isEmpty() || sync.objects.isEmpty())
        return std::nullopt;
    // Anyone not waiting on a synchronization object can still move the run on.
    for (const int worker : live) {
        if (!sync.waitedOnBy(worker))
            return std::nullopt;
    }

    auto successors = [&](int worker) {
        QList<int> next;
        const SyncObject *object = sync.waitedOnBy(worker);
        if (object->freedBy == SyncObject::FreedBy::Holder) {
            if (isLive(object->holder) && object->holder != worker)
                next.append(object->holder);
            return next;
        }
        const WorkerRole role
            = object->freedBy == SyncObject::FreedBy::Producers ? WorkerRole::Producer : WorkerRole::Consumer;
        for (const int other : live) {
            if (workers.at(other).role == role && other != worker)
                next.append(other);
        }
        return next;
    };
    auto waitText = [&](int worker) {
        const SyncObject *object = sync.waitedOnBy(worker);
        QStringList held;
        for (const SyncObject *mutex : sync.heldBy(worker))
            held.append(mutex->name);
        QString text = workers.at(worker).name;
        if (!held.isEmpty())
            text += u" holds the "_s + held.join(u", "_s) + u" and"_s;
        text += u" waits on "_s + objectText(*object);
        if (object->freedBy == SyncObject::FreedBy::Holder && object->holder >= 0)
            text += u", held by "_s + workers.at(object->holder).name;
        else
            text += u", which only "_s + freedByText(object->freedBy) + u" can signal"_s;
        return text;
    };

    DeadlockReport report;
    for (const int worker : live) {
        if (!successors(worker).isEmpty())
            continue;
        // Nobody alive can end this wait: the run has stalled.
        report.kind = DeadlockReport::Kind::Stall;
        report.cycle = {worker};
        const SyncObject *object = sync.waitedOnBy(worker);
        report.summary = u"Stalled: %1 waits on %2, and no one left can signal it"_s.arg(
            workers.at(worker).name, object->name);
        for (const int other : live)
            report.steps.append(waitText(other));
        return report;
    }

    // Everyone waits for someone: following the waits from anyone comes back round to a worker
    // seen before. That loop is the cycle.
    QList<int> path;
    std::unordered_set<int> seen;
    int worker = live.first();
    while (!seen.contains(worker)) {
        seen.insert(worker);
        path.append(worker);
        worker = successors(worker).first();
    }
    report.kind = DeadlockReport::Kind::Deadlock;
    report.cycle = path.mid(path.indexOf(worker));
    QStringList names;
    for (const int member : std::as_const(report.cycle)) {
        names.append(workers.at(member).name);
        report.steps.append(waitText(member));
    }
    names.append(workers.at(report.cycle.first()).name);
    report.summary = u"Deadlock: "_s + names.join(u" \u2192 "_s);
    return report;
}
