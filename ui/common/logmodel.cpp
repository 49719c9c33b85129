#include "logmodel.h"

#include "colorscheme.h"
#include "eventformatter.h"

#include <QBrush>

#include <algorithm>
#include <limits>

using namespace Qt::StringLiterals;

LogModel::LogModel(QObject *parent) : QAbstractListModel(parent) { }

QList<LogEntry> LogModel::linesFor(const std::vector<JournalEvent> &events,
                                   const std::vector<ProcessedRecord> &records,
                                   const QStringList &workerNames, int capacity, int maxLines)
{
    const auto nameOf = [&workerNames](int worker) {
        return worker >= 0 && worker < workerNames.size() ? workerNames.at(worker) : QString();
    };
    const qsizetype limit = maxLines < 0 ? std::numeric_limits<qsizetype>::max() : maxLines;
    // Newest first, and only as many as can be kept: formatting is the expensive part.
    QList<LogEntry> lines;
    bool skipped = false;
    for (auto it = events.crbegin(); it != events.crend(); ++it) {
        const QString text = EventFormatter::describe(*it, nameOf(it->worker), capacity);
        if (text.isEmpty())
            continue;
        if (lines.size() == limit) {
            skipped = true;
            break;
        }
        lines.append(LogEntry {it->timeNs, it->worker, text, false});
    }
    const qsizetype fromEvents = lines.size();
    for (auto it = records.crbegin(); it != records.crend(); ++it) {
        if (lines.size() - fromEvents == limit) {
            skipped = true;
            break;
        }
        lines.append(LogEntry {it->timeNs, it->consumer, EventFormatter::describe(*it, nameOf(it->consumer)),
                               !it->ok()});
    }
    // Each source is in time order already; the merge keeps equal times in source order.
    std::reverse(lines.begin(), lines.begin() + fromEvents);
    std::reverse(lines.begin() + fromEvents, lines.end());
    std::stable_sort(lines.begin(), lines.end(),
                     [](const LogEntry &a, const LogEntry &b) { return a.timeNs < b.timeNs; });
    if (lines.size() > limit) {
        lines.remove(0, lines.size() - limit);
        skipped = true;
    }
    if (skipped && !lines.isEmpty()) {
        lines.prepend(LogEntry {
            lines.first().timeNs, -1,
            tr("… faster than anyone can read: earlier lines of this moment are not shown"), false});
    }
    for (LogEntry &line : lines)
        line.text.prepend(EventFormatter::timestamp(line.timeNs));
    return lines;
}

void LogModel::appendFrame(const std::vector<JournalEvent> &events,
                           const std::vector<ProcessedRecord> &records, const QStringList &workerNames,
                           int capacity, int maxLines)
{
    append(linesFor(events, records, workerNames, capacity, maxLines));
}

QList<LogEntry> LogModel::linesFor(const std::vector<CheckerFinding> &findings,
                                   const QStringList &workerNames, int maxLines)
{
    // When there are more findings than lines, a lost or duplicated student says more than an
    // empty slot taken (the unsafe strategy's consumers do that by the hundred): those come first.
    std::vector<const CheckerFinding *> ordered;
    ordered.reserve(findings.size());
    for (const CheckerFinding &finding : findings)
        ordered.push_back(&finding);
    std::stable_partition(ordered.begin(), ordered.end(), [](const CheckerFinding *finding) {
        return finding->kind != CheckerFinding::Kind::Phantom;
    });
    const std::size_t limit = maxLines < 0 ? findings.size() : qMin(findings.size(), std::size_t(maxLines));
    // The lines shown, in the order they happened.
    std::stable_sort(ordered.begin(), ordered.begin() + std::ptrdiff_t(limit),
                     [](const CheckerFinding *a, const CheckerFinding *b) { return a->timeNs < b->timeNs; });
    QList<LogEntry> lines;
    for (std::size_t i = 0; i < limit; ++i) {
        const CheckerFinding &finding = *ordered.at(i);
        const QString name = finding.worker >= 0 && finding.worker < workerNames.size()
            ? workerNames.at(finding.worker)
            : QString();
        lines.append(LogEntry {
            finding.timeNs, finding.worker,
            EventFormatter::timestamp(finding.timeNs) + u"CHECKER: "_s + finding.describe(name), true});
    }
    if (limit < findings.size()) {
        qint64 timeNs = findings.at(limit).timeNs;
        for (std::size_t i = limit; i < ordered.size(); ++i)
            timeNs = qMin(timeNs, ordered.at(i)->timeNs);
        lines.append(LogEntry {timeNs, -1,
                               EventFormatter::timestamp(timeNs) + u"CHECKER: "_s
                                   + tr("… and %1 more findings at this moment (see the statistics)")
                                         .arg(findings.size() - limit),
                               true});
    }
    return lines;
}

void LogModel::appendFrame(const std::vector<JournalEvent> &events,
                           const std::vector<ProcessedRecord> &records,
                           const std::vector<CheckerFinding> &findings, const QStringList &workerNames,
                           int capacity, int maxLines, int maxFindingLines)
{
    QList<LogEntry> lines = linesFor(events, records, workerNames, capacity, maxLines);
    if (!findings.empty()) {
        lines.append(linesFor(findings, workerNames, maxFindingLines));
        std::stable_sort(lines.begin(), lines.end(),
                         [](const LogEntry &a, const LogEntry &b) { return a.timeNs < b.timeNs; });
    }
    append(std::move(lines));
}

void LogModel::append(QList<LogEntry> lines)
{
    if (lines.isEmpty())
        return;
    if (lines.size() > m_limit)
        lines.remove(0, lines.size() - m_limit);
    const qsizetype excess = m_lines.size() + lines.size() - m_limit;
    if (excess > 0)
        dropOldest(qMin(m_lines.size(), qMax(excess, qsizetype(m_limit / 10))));
    const int first = int(m_lines.size());
    beginInsertRows({}, first, first + int(lines.size()) - 1);
    m_lines.append(std::move(lines));
    endInsertRows();
}

void LogModel::dropOldest(qsizetype count)
{
    if (count <= 0)
        return;
    beginRemoveRows({}, 0, int(count) - 1);
    m_lines.remove(0, count);
    endRemoveRows();
}

void LogModel::clear()
{
    beginResetModel();
    m_lines.clear();
    endResetModel();
}

void LogModel::setLimit(int limit)
{
    m_limit = qMax(1, limit);
    if (m_lines.size() > m_limit)
        dropOldest(m_lines.size() - m_limit);
}

int LogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_lines.size());
}

QVariant LogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const LogEntry &line = m_lines.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return line.text;
    case Qt::ForegroundRole:
        if (line.error)
            return QBrush(ColorScheme::failed());
        break;
    case SourceRole:
        return line.source;
    case TimeRole:
        return line.timeNs;
    case ErrorRole:
        return line.error;
    default:
        break;
    }
    return {};
}
