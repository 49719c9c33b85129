#include "explorereport.h"

#include <QJsonArray>
#include <QLocale>

using namespace Qt::StringLiterals;

namespace Lab {

namespace {

QString number(qint64 value)
{
    static const QLocale english(QLocale::English);
    return english.toString(value);
}

QString figures(const ExploreResult &result)
{
    return u"%1 states, %2 transitions, %3 s, %4 states/s"_s
        .arg(number(result.states), number(result.transitions))
        .arg(result.seconds, 0, 'f', 2)
        .arg(number(qint64(result.statesPerSecond())));
}

} // namespace

QString ExploreReport::header(const QString &strategy, const ExploreConfig &config)
{
    QString text = u"Exploring %1: %2 producer(s), %3 consumer(s), buffer %4, "_s.arg(strategy)
                       .arg(config.producers)
                       .arg(config.consumers)
                       .arg(config.capacity);
    text += config.forever ? u"forever"_s : u"%1 item(s)"_s.arg(config.items);
    text += config.symmetry ? u", symmetry reduction on"_s : u", symmetry reduction off"_s;
    return text + u", at most %1 states"_s.arg(number(config.maxStates));
}

QString ExploreReport::verdict(const ExploreResult &result, const ExploreConfig &config)
{
    switch (result.verdict) {
    case ExploreResult::Verdict::Correct:
        if (config.forever)
            return u"Correct: running for ever, no interleaving loses, duplicates or reorders a record, "
                   u"unlocks a "
                   "mutex it does not hold, or deadlocks (%1)."_s.arg(figures(result));
        return u"Correct: no interleaving loses, duplicates or reorders a record, unlocks a mutex it does "
               u"not hold, "
               "or deadlocks, and from every state all threads can still finish with every record taken once (%1)."_s
                   .arg(figures(result));
    case ExploreResult::Verdict::Counterexample:
        return u"Counterexample (%1): %2 (found after %3)"_s.arg(Finding::kindName(result.finding.kind),
                                                                 result.finding.message, figures(result));
    case ExploreResult::Verdict::Inconclusive:
        break;
    }
    QString reason
        = result.cancelled ? u"interrupted before every interleaving was covered"_s : result.reason;
    if (result.reason.startsWith(u"the search reached its limit"_s))
        reason += u"; raise the limit to go further"_s;
    return u"Inconclusive: %1 (%2)."_s.arg(reason, figures(result));
}

QString ExploreReport::schedule(const QList<ScheduleStep> &schedule)
{
    QString text = u"Shortest schedule, %1 step(s):\n"_s.arg(schedule.size());
    const qsizetype numberWidth = QString::number(schedule.size()).size();
    qsizetype nameWidth = 0;
    qsizetype lineWidth = 0;
    for (const ScheduleStep &step : schedule) {
        nameWidth = qMax(nameWidth, step.threadName.size());
        lineWidth = qMax(lineWidth, QString::number(step.line).size());
    }
    const QString indent(numberWidth + 4, u' ');
    for (qsizetype i = 0; i < schedule.size(); ++i) {
        const ScheduleStep &step = schedule.at(i);
        text += u"  "_s + QString::number(i + 1).rightJustified(numberWidth) + u". "_s
            + step.threadName.leftJustified(nameWidth) + u"  line "_s
            + QString::number(step.line).leftJustified(lineWidth) + u"  "_s + step.text;
        if (!step.note.isEmpty())
            text += u"  ("_s + step.note + u')';
        text += u'\n' + indent + step.after.summary() + u'\n';
    }
    return text;
}

QString ExploreReport::text(const QString &strategy, const ExploreConfig &config, const ExploreResult &result)
{
    QString text = header(strategy, config) + u'\n' + verdict(result, config) + u'\n';
    if (result.verdict == ExploreResult::Verdict::Counterexample)
        text += schedule(result.schedule);
    return text;
}

QJsonObject ExploreReport::stateJson(const StepState &state)
{
    QJsonArray slots;
    for (const StepState::Slot &slot : state.slots)
        slots.append(slot.live ? QJsonValue(slot.record) : QJsonValue());
    QJsonArray order;
    for (const int record : state.order)
        order.append(record);
    const auto name = [&state](int thread) {
        return thread >= 0 && thread < state.threads.size() ? QJsonValue(state.threads.at(thread).name)
                                                            : QJsonValue();
    };
    QJsonObject objects;
    for (const StepState::Object &object : state.objects) {
        switch (object.kind) {
        case SharedObject::Kind::Semaphore:
        case SharedObject::Kind::Integer:
            objects.insert(object.name, object.value);
            break;
        case SharedObject::Kind::Mutex:
            objects.insert(object.name, name(object.owner));
            break;
        case SharedObject::Kind::Condition: {
            QJsonArray waiting;
            for (const int thread : object.waiting)
                waiting.append(name(thread));
            objects.insert(object.name, waiting);
            break;
        }
        }
    }
    QJsonArray threads;
    for (const StepState::Thread &thread : state.threads) {
        QJsonObject shown {
            {u"name"_s, thread.name}, {u"status"_s, thread.statusText()}, {u"line"_s, thread.line}};
        if (thread.record != 0)
            shown.insert(u"record"_s, thread.record);
        threads.append(shown);
    }
    return {{u"slots"_s, slots}, {u"in"_s, state.in},     {u"out"_s, state.out},  {u"count"_s, state.count},
            {u"order"_s, order}, {u"objects"_s, objects}, {u"threads"_s, threads}};
}

QJsonObject ExploreReport::json(const QString &strategy, const ExploreConfig &config,
                                const ExploreResult &result)
{
    QJsonObject configJson {{u"strategy"_s, strategy},          {u"producers"_s, config.producers},
                            {u"consumers"_s, config.consumers}, {u"buffer"_s, config.capacity},
                            {u"forever"_s, config.forever},     {u"max_states"_s, double(config.maxStates)},
                            {u"symmetry"_s, config.symmetry}};
    if (!config.forever)
        configJson.insert(u"items"_s, config.items);
    QJsonArray schedule;
    for (qsizetype i = 0; i < result.schedule.size(); ++i) {
        const ScheduleStep &step = result.schedule.at(i);
        schedule.append(QJsonObject {{u"step"_s, int(i + 1)},
                                     {u"thread"_s, step.threadName},
                                     {u"line"_s, step.line},
                                     {u"text"_s, step.text},
                                     {u"note"_s, step.note},
                                     {u"state"_s, stateJson(step.after)}});
    }
    QJsonObject json {{u"verdict"_s, ExploreResult::verdictName(result.verdict)},
                      {u"finding"_s,
                       QJsonObject {{u"kind"_s, Finding::kindName(result.finding.kind)},
                                    {u"message"_s, result.finding.message}}},
                      {u"states"_s, double(result.states)},
                      {u"transitions"_s, double(result.transitions)},
                      {u"seconds"_s, result.seconds},
                      {u"states_per_s"_s, result.statesPerSecond()},
                      {u"cancelled"_s, result.cancelled},
                      {u"config"_s, configJson},
                      {u"schedule"_s, schedule}};
    if (result.verdict == ExploreResult::Verdict::Inconclusive)
        json.insert(u"reason"_s, result.cancelled ? u"cancelled"_s : result.reason);
    return json;
}

} // namespace Lab
