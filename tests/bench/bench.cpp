// bufferlab-bench: throughput and memory numbers for the README. Prints medians of several runs
// next to a baseline measured in the same run; it never decides pass or fail.
//
//   bufferlab-bench [--runs N] [buffer] [pipeline] [gui] [busy] [memory]   (no section: all of them)

#include "bufferstrategy.h"
#include "mainwindow.h"
#include "settingspanel.h"
#include "simulation.h"
#include "studentgenerator.h"
#include "studentxml.h"
#include "threadspage.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

int g_runs = 5;

// The strategies that work: the broken ones never finish a transfer.
QStringList correctStrategies()
{
    QStringList names = BufferStrategy::names();
    names.removeIf([](const QString &name) { return BufferStrategy::isBroken(name); });
    return names;
}

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    const std::size_t n = values.size();
    return n == 0 ? 0.0 : (n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2.0);
}

std::vector<double> repeat(const std::function<double()> &once)
{
    std::vector<double> results;
    for (int i = 0; i < g_runs; ++i)
        results.push_back(once());
    return results;
}

void printRow(const char *label, const std::vector<double> &values, const char *unit)
{
    const auto [low, high] = std::minmax_element(values.begin(), values.end());
    std::printf("  %-52s %10.0f %s   (min %.0f, max %.0f, %zu runs)\n", label, median(values), unit, *low,
                *high, values.size());
    std::fflush(stdout);
}

// The baseline for the buffer: a plain std::deque under std::mutex + two std::condition_variables.
class StdQueue
{
public:
    explicit StdQueue(std::size_t capacity) : m_capacity(capacity) { }
    void put(int item)
    {
        std::unique_lock lock(m_mutex);
        m_notFull.wait(lock, [&] { return m_items.size() < m_capacity; });
        m_items.push_back(item);
        m_notEmpty.notify_one();
    }
    int take()
    {
        std::unique_lock lock(m_mutex);
        m_notEmpty.wait(lock, [&] { return !m_items.empty(); });
        const int item = m_items.front();
        m_items.pop_front();
        m_notFull.notify_one();
        return item;
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_notFull;
    std::condition_variable m_notEmpty;
    std::deque<int> m_items;
    std::size_t m_capacity;
};

// Moves `items` items through put/take with `pairs` producers and as many consumers; returns
// buffer operations (puts + takes) per second.
template<typename Put, typename Take> double transfer(int pairs, int items, Put put, Take take)
{
    const int perThread = items / pairs;
    std::vector<std::unique_ptr<QThread>> threads;
    QElapsedTimer clock;
    clock.start();
    for (int i = 0; i < pairs; ++i) {
        threads.emplace_back(QThread::create([&, i] {
            for (int n = 0; n < perThread; ++n)
                put(i * perThread + n);
        }));
        threads.emplace_back(QThread::create([&] {
            for (int n = 0; n < perThread; ++n)
                take();
        }));
    }
    for (auto &thread : threads)
        thread->start();
    for (auto &thread : threads)
        thread->wait();
    const double seconds = double(clock.nsecsElapsed()) / 1e9;
    return 2.0 * double(perThread * pairs) / seconds;
}

void benchBuffer()
{
    std::printf("\nBuffer operations per second (puts + takes, buffer of 10, no journal):\n");
    constexpr int Items = 2'000'000;
    for (const int pairs : {1, 4}) {
        for (const QString &name : correctStrategies()) {
            const auto values = repeat([&] {
                const auto buffer = BufferStrategy::create(name, 10);
                return transfer(
                    pairs, Items, [&](int item) { buffer->put(item); }, [&] { return buffer->take(); });
            });
            const QByteArray label = u"%1, %2+%2 threads"_s.arg(name).arg(pairs).toUtf8();
            printRow(label.constData(), values, "ops/s");
        }
        const auto baseline = repeat([&] {
            StdQueue queue(10);
            return transfer(
                pairs, Items, [&](int item) { queue.put(item); }, [&] { return queue.take(); });
        });
        const QByteArray label = u"baseline std::mutex+condvar deque, %1+%1"_s.arg(pairs).toUtf8();
        printRow(label.constData(), baseline, "ops/s");
    }
}

// One headless simulation at full speed, drained on a timer as the command line does.
double pipelineOnce(const QString &strategy, int pairs, int students)
{
    QTemporaryDir dir;
    SimulationConfig config;
    config.producers = pairs;
    config.consumers = pairs;
    config.students = students;
    config.producerDelay = {};
    config.consumerDelay = {};
    config.strategy = strategy;
    config.xmlDir = dir.path();
    config.seed = 1;
    Simulation simulation;
    simulation.setCollectResults(false);
    QTimer drain;
    QObject::connect(&drain, &QTimer::timeout, &simulation, [&] { simulation.takeEvents(); });
    drain.start(50);
    QEventLoop loop;
    QObject::connect(&simulation, &Simulation::finished, &loop, &QEventLoop::quit);
    if (!simulation.start(config).isEmpty())
        return 0.0;
    loop.exec();
    const SimulationStatistics stats = simulation.statistics();
    return stats.consumed == students && stats.failed == 0 ? stats.studentsPerSecond() : 0.0;
}

// The baseline for the pipeline: one thread doing the same file work with no buffer at all.
double pipelineBaselineOnce(int students)
{
    QTemporaryDir dir;
    const StudentGenerator generator(1);
    QElapsedTimer clock;
    clock.start();
    for (int n = 1; n <= students; ++n) {
        const QString path = dir.filePath(StudentXml::fileName(n));
        StudentXml::writeFile(path, generator.generate(n));
        const StudentXml::ReadResult read = StudentXml::readFile(path);
        if (!read.ok())
            return 0.0;
        QFile::remove(path);
    }
    return double(students) / (double(clock.nsecsElapsed()) / 1e9);
}

void benchPipeline()
{
    std::printf(
        "\nFull pipeline, students per second (generate, write XML, buffer, read XML, delete; no delays):\n");
    constexpr int Students = 50'000;
    for (const int pairs : {1, 2, 4}) {
        for (const QString &name : correctStrategies()) {
            const auto values = repeat([&] { return pipelineOnce(name, pairs, Students); });
            const QByteArray label = u"%1, %2 producer(s) + %2 consumer(s)"_s.arg(name).arg(pairs).toUtf8();
            printRow(label.constData(), values, "students/s");
        }
    }
    printRow("baseline: one thread, same file work, no buffer",
             repeat([&] { return pipelineBaselineOnce(Students); }), "students/s");
}

// Runs the real executable on 1,000,000 students and reports the child's peak resident memory.
void benchMemory()
{
    std::printf(
        "\nPeak resident memory of `bufferlab simulate --students 1000000 --no-delay` (its own VmHWM):\n");
    for (const bool quiet : {true, false}) {
        QTemporaryDir dir;
        QStringList arguments {u"simulate"_s,    u"--students"_s, u"1000000"_s,          u"--no-delay"_s,
                               u"--producers"_s, u"2"_s,          u"--consumers"_s,      u"2"_s,
                               u"--json"_s,      u"--xml-dir"_s,  dir.filePath(u"xml"_s)};
        if (quiet)
            arguments << u"--quiet"_s;
        // The log of a million students goes to a file, not into this process's memory.
        const QString outputPath = dir.filePath(u"output.txt"_s);
        QProcess child;
        child.setStandardOutputFile(outputPath);
        child.start(QStringLiteral(BUFFERLAB_EXECUTABLE), arguments);
        child.waitForFinished(-1);
        QFile output(outputPath);
        QByteArray last;
        if (output.open(QIODevice::ReadOnly)) {
            output.seek(qMax<qint64>(0, output.size() - 8192));
            const QList<QByteArray> lines = output.readAll().trimmed().split('\n');
            last = lines.value(lines.size() - 1);
        }
        const QJsonObject json = QJsonDocument::fromJson(last).object();
        std::printf("  %-44s %12.1f MB   (%lld students, exit %d)\n",
                    quiet ? "--quiet (no log lines)" : "printing every log line (to a file)",
                    json.value(u"peak_memory_mb"_s).toDouble(), json.value(u"consumed"_s).toInteger(),
                    child.exitCode());
        std::fflush(stdout);
    }
}

// The longest time the GUI thread went without running its event loop, while `run` is going on:
// a 1 ms timer notes every gap between its ticks.
struct StallReport
{
    double maxMs = 0.0;
    double p99Ms = 0.0;
    double worstAtMs = 0.0; // when the longest stall ended, from the start of the measurement
    double durationMs = 0.0;
    qint64 ticks = 0;
};

StallReport measureStalls(const std::function<bool()> &running)
{
    std::vector<double> gaps;
    QElapsedTimer clock;
    clock.start();
    qint64 last = clock.nsecsElapsed();
    double worst = 0.0;
    double worstAt = 0.0;
    QTimer probe;
    probe.setTimerType(Qt::PreciseTimer);
    QEventLoop loop;
    QObject::connect(&probe, &QTimer::timeout, &loop, [&] {
        const qint64 now = clock.nsecsElapsed();
        const double gap = double(now - last) / 1e6;
        gaps.push_back(gap);
        if (gap > worst) {
            worst = gap;
            worstAt = double(now) / 1e6;
        }
        last = now;
        if (!running())
            loop.quit();
    });
    probe.start(1);
    loop.exec();
    StallReport report;
    report.ticks = qint64(gaps.size());
    report.worstAtMs = worstAt;
    report.durationMs = double(clock.nsecsElapsed()) / 1e6;
    if (qEnvironmentVariableIsSet("BUFFERLAB_BENCH_VERBOSE"))
        std::printf("    (longest stall %.1f ms ended at %.0f of %.0f ms)\n", worst, worstAt,
                    report.durationMs);
    if (!gaps.empty()) {
        std::sort(gaps.begin(), gaps.end());
        report.maxMs = gaps.back();
        report.p99Ms = gaps[std::size_t(double(gaps.size() - 1) * 0.99)];
    }
    return report;
}

void benchGui()
{
    std::printf("\nGUI event loop while the Threads tab runs at full speed (window shown, painting; the\n"
                "synchronization panel and a record card open, and one of the tabs under the numbers):\n");
    MainWindow window;
    window.resize(1360, 860);
    window.show();
    ThreadsPage *page = window.threadsPage();
    const std::pair<int, const char *> tabs[] = {{0, "students table"}, {2, "timeline"}, {3, "charts"}};
    for (const int pairs : {1, 4}) {
        for (const auto &[tab, tabName] : tabs) {
            page->detailTabs()->setCurrentIndex(tab);
            std::vector<double> maxima;
            std::vector<double> p99s;
            std::vector<double> rates;
            for (int run = 0; run < g_runs; ++run) {
                QTemporaryDir dir;
                SimulationConfig config;
                config.producers = pairs;
                config.consumers = pairs;
                config.students = 100'000;
                config.producerDelay = {};
                config.consumerDelay = {};
                config.xmlDir = dir.path();
                config.seed = 1;
                QElapsedTimer startClock;
                startClock.start();
                page->reset();
                const double resetMs = double(startClock.nsecsElapsed()) / 1e6;
                page->settingsPanel()->setConfig(config);
                page->start();
                // The card follows its record through the run, as a student would watch it.
                page->openRecordCard(1);
                if (qEnvironmentVariableIsSet("BUFFERLAB_BENCH_VERBOSE"))
                    std::printf("    (reset %.1f ms, reset+start %.1f ms)\n", resetMs,
                                double(startClock.nsecsElapsed()) / 1e6);
                const StallReport report = measureStalls([&] { return page->simulation()->isActive(); });
                maxima.push_back(report.maxMs);
                p99s.push_back(report.p99Ms);
                rates.push_back(page->simulation()->statistics().studentsPerSecond());
            }
            const QByteArray label
                = u"%1+%1 threads, %2: longest stall"_s.arg(pairs).arg(QLatin1StringView(tabName)).toUtf8();
            printRow(label.constData(), maxima, "ms");
            const QByteArray p99Label = u"%1+%1 threads, %2: 99th percentile gap"_s.arg(pairs)
                                            .arg(QLatin1StringView(tabName))
                                            .toUtf8();
            printRow(p99Label.constData(), p99s, "ms");
            const QByteArray rateLabel
                = u"%1+%1 threads, %2: students/s"_s.arg(pairs).arg(QLatin1StringView(tabName)).toUtf8();
            printRow(rateLabel.constData(), rates, "students/s");
        }
    }
    // Baseline: the same probe with nothing running, for two seconds.
    std::vector<double> idle;
    for (int run = 0; run < g_runs; ++run) {
        QElapsedTimer clock;
        clock.start();
        idle.push_back(measureStalls([&] { return clock.elapsed() < 2000; }).maxMs);
    }
    printRow("baseline: the same window, idle, 2 s", idle, "ms");
}

// Processes that keep a core busy each, beside this one, at normal priority: the "machine busy"
// case. Only these children are ever killed, by their own process ids.
class BusyMachine
{
public:
    explicit BusyMachine(int processes)
    {
        for (int i = 0; i < processes; ++i) {
            auto process = std::make_unique<QProcess>();
            process->start(u"/bin/sh"_s, {u"-c"_s, u"while :; do :; done"_s});
            if (process->waitForStarted(5000))
                m_processes.push_back(std::move(process));
        }
    }
    ~BusyMachine()
    {
        for (const auto &process : m_processes) {
            process->kill(); // SIGKILL to this child's pid
            process->waitForFinished(5000);
        }
    }
    int count() const { return int(m_processes.size()); }

private:
    std::vector<std::unique_ptr<QProcess>> m_processes;
};

// The window's worst case from the hardening issue: the Threads tab at full speed, 1 + 1 threads
// (below the window's priority, as the window starts them), the students table shown and a record
// card open; quiet, then with two CPU-bound processes beside it. On a busy machine a low-priority
// thread can wait for the CPU: if the GUI thread ever waits for anything such a thread holds, the
// window freezes for as long. Each run lasts until the run ends or for at most 8 s, then is stopped
// (the stop is measured too: it must not wait either); Start is timed on its own.
void benchGuiBusy()
{
    std::printf(
        "\nLongest GUI stall, Threads tab at full speed, 1+1 threads, students table shown, record card\n"
        "open (each run: up to 8 s, then Stop), on a quiet machine and beside two CPU-bound processes:\n");
    MainWindow window;
    window.resize(1360, 860);
    window.show();
    ThreadsPage *page = window.threadsPage();
    page->detailTabs()->setCurrentIndex(0);
    constexpr qint64 RunMs = 8000;
    for (const bool busy : {false, true}) {
        const BusyMachine machine(busy ? 2 : 0);
        const char *name = busy ? "busy (2 CPU-bound processes)" : "quiet";
        if (busy && machine.count() != 2)
            std::printf("  (could only start %d busy processes)\n", machine.count());
        std::vector<double> maxima;
        std::vector<double> p99s;
        std::vector<double> starts;
        std::vector<double> rates;
        for (int run = 0; run < g_runs; ++run) {
            QTemporaryDir dir;
            SimulationConfig config;
            config.producers = 1;
            config.consumers = 1;
            config.students = 100'000;
            config.producerDelay = {};
            config.consumerDelay = {};
            config.xmlDir = dir.path();
            config.seed = 1;
            page->reset();
            page->settingsPanel()->setConfig(config);
            QElapsedTimer startClock;
            startClock.start();
            page->start(); // also waits for the previous run's threads to be gone
            starts.push_back(double(startClock.nsecsElapsed()) / 1e6);
            page->openRecordCard(1);
            QElapsedTimer runClock;
            runClock.start();
            const StallReport running
                = measureStalls([&] { return page->simulation()->isActive() && runClock.elapsed() < RunMs; });
            rates.push_back(page->simulation()->statistics().studentsPerSecond());
            page->stop();
            const StallReport stopping = measureStalls([&] { return page->simulation()->isActive(); });
            maxima.push_back(qMax(running.maxMs, stopping.maxMs));
            p99s.push_back(running.p99Ms);
        }
        const QByteArray label = u"%1: longest stall"_s.arg(QLatin1StringView(name)).toUtf8();
        printRow(label.constData(), maxima, "ms");
        const QByteArray p99Label = u"%1: 99th percentile gap"_s.arg(QLatin1StringView(name)).toUtf8();
        printRow(p99Label.constData(), p99s, "ms");
        const QByteArray startLabel
            = u"%1: Start (after the last run)"_s.arg(QLatin1StringView(name)).toUtf8();
        printRow(startLabel.constData(), starts, "ms");
        const QByteArray rateLabel = u"%1: students/s"_s.arg(QLatin1StringView(name)).toUtf8();
        printRow(rateLabel.constData(), rates, "students/s");
        std::vector<double> idle;
        for (int run = 0; run < g_runs; ++run) {
            QElapsedTimer clock;
            clock.start();
            idle.push_back(measureStalls([&] { return clock.elapsed() < 2000; }).maxMs);
        }
        const QByteArray idleLabel
            = u"%1: baseline, the window idle, 2 s"_s.arg(QLatin1StringView(name)).toUtf8();
        printRow(idleLabel.constData(), idle, "ms");
    }
}

} // namespace

int main(int argc, char *argv[])
{
    // The GUI section measures the event loop, not the screen: it runs on any machine.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    // The offscreen platform says, for every window shown, what it cannot do: noise between rows.
    static const QtMessageHandler defaultHandler = qInstallMessageHandler(nullptr);
    qInstallMessageHandler([](QtMsgType type, const QMessageLogContext &context, const QString &message) {
        if (!message.startsWith(u"This plugin does not support"_s))
            defaultHandler(type, context, message);
    });
    QStringList sections;
    const QStringList arguments = QCoreApplication::arguments().mid(1);
    for (int i = 0; i < arguments.size(); ++i) {
        if (arguments.at(i) == u"--runs"_s && i + 1 < arguments.size())
            g_runs = qMax(1, arguments.at(++i).toInt());
        else
            sections << arguments.at(i);
    }
    if (sections.isEmpty())
        sections = {u"buffer"_s, u"pipeline"_s, u"memory"_s, u"gui"_s, u"busy"_s};

    std::printf("bufferlab-bench: %d core(s), medians of %d runs\n", QThread::idealThreadCount(), g_runs);
    if (sections.contains(u"buffer"_s))
        benchBuffer();
    if (sections.contains(u"pipeline"_s))
        benchPipeline();
    if (sections.contains(u"memory"_s))
        benchMemory();
    if (sections.contains(u"gui"_s))
        benchGui();
    if (sections.contains(u"busy"_s))
        benchGuiBusy();
    return 0;
}
