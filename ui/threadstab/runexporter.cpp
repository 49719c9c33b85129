#include "runexporter.h"

#include <QDir>
#include <QImageWriter>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>
#include <QWidget>

using namespace Qt::StringLiterals;

namespace {

// Big journals are written in pieces of about this size rather than built whole in memory.
constexpr qsizetype ChunkBytes = 1 << 20;

QString cannotWrite(const QString &path, const QString &reason)
{
    return RunExporter::tr("Cannot write %1: %2").arg(QDir::toNativeSeparators(path), reason);
}

QString open(QSaveFile &file)
{
    if (file.fileName().isEmpty())
        return RunExporter::tr("No file name given.");
    if (!file.open(QIODevice::WriteOnly))
        return cannotWrite(file.fileName(), file.errorString());
    return {};
}

QString write(QSaveFile &file, const QByteArray &bytes)
{
    if (file.write(bytes) != bytes.size())
        return cannotWrite(file.fileName(), file.errorString());
    return {};
}

QString commit(QSaveFile &file)
{
    if (!file.commit())
        return cannotWrite(file.fileName(), file.errorString());
    return {};
}

QString workerName(const QStringList &names, int worker)
{
    if (worker < 0)
        return {};
    return worker < names.size() ? names.at(worker) : u"worker %1"_s.arg(worker);
}

// A JSON string literal, quotes included.
QByteArray jsonString(const QString &text)
{
    QByteArray json = QJsonDocument(QJsonArray {text}).toJson(QJsonDocument::Compact);
    return json.mid(1, json.size() - 2); // ["..."] -> "..."
}

QByteArray seconds(qint64 ns)
{
    return QByteArray::number(double(ns) / 1e9, 'f', 9);
}

} // namespace

QString RunExporter::kindName(JournalEvent::Kind kind)
{
    switch (kind) {
    case JournalEvent::Kind::StateChanged:
        return u"state"_s;
    case JournalEvent::Kind::Inserted:
        return u"inserted"_s;
    case JournalEvent::Kind::Removed:
        return u"removed"_s;
    case JournalEvent::Kind::Processed:
        return u"processed"_s;
    case JournalEvent::Kind::Failed:
        return u"failed"_s;
    }
    return {};
}

QString RunExporter::csvField(const QString &text)
{
    if (!text.contains(QLatin1Char(',')) && !text.contains(QLatin1Char('"'))
        && !text.contains(QLatin1Char('\n')) && !text.contains(QLatin1Char('\r')))
        return text;
    QString quoted = text;
    quoted.replace(u"\""_s, u"\"\""_s);
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

QString RunExporter::exportJournalCsv(const QString &path, const std::vector<JournalEvent> &events,
                                      const QStringList &workerNames)
{
    QSaveFile file(path);
    if (QString error = open(file); !error.isEmpty())
        return error;
    QByteArray chunk = "time_s,worker,kind,state,record,slot,size\n";
    // Names and words are few: quote and encode each once, not once per event.
    QList<QByteArray> names;
    for (int i = 0; i < workerNames.size(); ++i)
        names.append(csvField(workerNames.at(i)).toUtf8());
    QList<QByteArray> states;
    for (int state = 0; state < WorkerStateCount; ++state)
        states.append(csvField(describe(WorkerState(state))).toUtf8());
    const auto number = [](int value) { return value >= 0 ? QByteArray::number(value) : QByteArray(); };
    for (const JournalEvent &event : events) {
        chunk += seconds(event.timeNs);
        chunk += ',';
        chunk += event.worker >= 0 && event.worker < names.size()
            ? names.at(event.worker)
            : csvField(workerName(workerNames, event.worker)).toUtf8();
        chunk += ',';
        chunk += kindName(event.kind).toLatin1();
        chunk += ',';
        chunk += states.value(int(event.state));
        chunk += ',';
        chunk += number(event.record);
        chunk += ',';
        chunk += number(event.slot);
        chunk += ',';
        chunk += number(event.size);
        chunk += '\n';
        if (chunk.size() >= ChunkBytes) {
            if (QString error = write(file, chunk); !error.isEmpty())
                return error;
            chunk.clear();
        }
    }
    if (QString error = write(file, chunk); !error.isEmpty())
        return error;
    return commit(file);
}

QString RunExporter::exportJournalJson(const QString &path, const std::vector<JournalEvent> &events,
                                       const QStringList &workerNames, const SimulationStatistics &statistics)
{
    QSaveFile file(path);
    if (QString error = open(file); !error.isEmpty())
        return error;
    // Written by hand, one event a line: a QJsonArray of a million events would take gigabytes.
    QByteArray chunk = "{\n\"statistics\": ";
    chunk += QJsonDocument(statistics.toJson()).toJson(QJsonDocument::Compact);
    chunk += ",\n\"events\": [";
    QList<QByteArray> names;
    for (const QString &name : workerNames)
        names.append(jsonString(name));
    QList<QByteArray> states;
    for (int state = 0; state < WorkerStateCount; ++state)
        states.append(jsonString(describe(WorkerState(state))));
    bool first = true;
    for (const JournalEvent &event : events) {
        chunk += first ? "\n" : ",\n";
        first = false;
        chunk += "{\"time_s\":";
        chunk += seconds(event.timeNs);
        if (event.worker >= 0) {
            chunk += ",\"worker\":";
            chunk += event.worker < names.size() ? names.at(event.worker)
                                                 : jsonString(workerName(workerNames, event.worker));
        }
        chunk += ",\"kind\":\"";
        chunk += kindName(event.kind).toLatin1();
        chunk += "\",\"state\":";
        chunk += states.value(int(event.state));
        for (const auto &[key, value] :
             {std::pair {"record", int(event.record)}, std::pair {"slot", int(event.slot)},
              std::pair {"size", int(event.size)}}) {
            if (value < 0)
                continue;
            chunk += ",\"";
            chunk += key;
            chunk += "\":";
            chunk += QByteArray::number(value);
        }
        chunk += '}';
        if (chunk.size() >= ChunkBytes) {
            if (QString error = write(file, chunk); !error.isEmpty())
                return error;
            chunk.clear();
        }
    }
    chunk += "\n]\n}\n";
    if (QString error = write(file, chunk); !error.isEmpty())
        return error;
    return commit(file);
}

QString RunExporter::exportStatisticsJson(const QString &path, const SimulationStatistics &statistics)
{
    QSaveFile file(path);
    if (QString error = open(file); !error.isEmpty())
        return error;
    if (QString error = write(file, QJsonDocument(statistics.toJson()).toJson(QJsonDocument::Indented));
        !error.isEmpty())
        return error;
    return commit(file);
}

QString RunExporter::exportStatisticsCsv(const QString &path, const SimulationStatistics &statistics)
{
    QSaveFile file(path);
    if (QString error = open(file); !error.isEmpty())
        return error;
    QString text = u"name,role,items,failed,passed,blocked_s,state\n"_s;
    const auto blocked = [](qint64 ns) { return QString::number(double(ns) / 1e9, 'f', 3); };
    for (const WorkerRole role : {WorkerRole::Producer, WorkerRole::Consumer}) {
        const bool consumer = role == WorkerRole::Consumer;
        qint64 items = 0;
        qint64 failed = 0;
        qint64 passed = 0;
        qint64 blockedNs = 0;
        for (const WorkerStatistics &worker : statistics.workers) {
            if (worker.role != role)
                continue;
            items += worker.items;
            failed += worker.failed;
            passed += worker.passed;
            blockedNs += worker.blockedNs;
            text += u"%1,%2,%3,%4,%5,%6,%7\n"_s.arg(
                csvField(worker.name), describe(role).toLower(), QString::number(worker.items),
                consumer ? QString::number(worker.failed) : QString(),
                consumer ? QString::number(worker.passed) : QString(), blocked(worker.blockedNs),
                csvField(describe(worker.state)));
        }
        text += u"%1,%2,%3,%4,%5,%6,\n"_s.arg(
            consumer ? u"All consumers"_s : u"All producers"_s, describe(role).toLower(),
            QString::number(items), consumer ? QString::number(failed) : QString(),
            consumer ? QString::number(passed) : QString(), blocked(blockedNs));
    }
    if (QString error = write(file, text.toUtf8()); !error.isEmpty())
        return error;
    return commit(file);
}

QString RunExporter::exportWidgetPng(const QString &path, QWidget *widget, const QSize &size)
{
    if (!widget)
        return tr("There is nothing to save.");
    const QSize previous = widget->size();
    const bool resize = size.isValid() && !size.isEmpty() && size != previous;
    if (resize)
        widget->resize(size);
    const QPixmap pixmap = widget->grab();
    if (resize)
        widget->resize(previous);
    return exportImagePng(path, pixmap.toImage());
}

QString RunExporter::exportImagePng(const QString &path, const QImage &image)
{
    if (image.isNull())
        return tr("Cannot save an empty picture.");

    QSaveFile file(path);
    if (QString error = open(file); !error.isEmpty())
        return error;
    QImageWriter writer(&file, "png");
    if (!writer.write(image))
        return cannotWrite(path, writer.errorString());
    return commit(file);
}
