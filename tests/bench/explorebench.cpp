// bufferlab-explorebench: how fast `bufferlab explore` covers every interleaving. Runs the
// program with --json for each configuration, with the symmetry reduction on and off, and prints
// the medians of several runs: states, seconds of search and states per second. It never decides
// pass or fail.
//
//   bufferlab-explorebench [--runs N] [explore]   (any other section name: nothing to do)

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStringList>
#include <QThread>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    const std::size_t n = values.size();
    return n == 0 ? 0.0 : (n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2.0);
}

struct Case
{
    const char *strategy;
    int producers;
    int consumers;
    int capacity;
    int items;
};

// One run of `bufferlab explore`: its JSON object, or an empty one (and a line on stderr).
QJsonObject exploreOnce(const Case &c, bool symmetry)
{
    QStringList arguments {
        u"explore"_s,     QString::fromLatin1(c.strategy), u"--producers"_s,  QString::number(c.producers),
        u"--consumers"_s, QString::number(c.consumers),    u"--buffer"_s,     QString::number(c.capacity),
        u"--items"_s,     QString::number(c.items),        u"--max-states"_s, u"100000000"_s,
        u"--json"_s};
    if (!symmetry)
        arguments << u"--no-symmetry"_s;
    QProcess process;
    process.start(QStringLiteral(BUFFERLAB_EXECUTABLE), arguments);
    if (!process.waitForFinished(600'000)) {
        process.kill();
        process.waitForFinished(5000);
        std::fprintf(stderr, "bufferlab explore %s timed out\n", qPrintable(arguments.join(u' ')));
        return {};
    }
    const QJsonObject json = QJsonDocument::fromJson(process.readAllStandardOutput()).object();
    if (json.isEmpty())
        std::fprintf(stderr, "bufferlab explore %s: %s\n", qPrintable(arguments.join(u' ')),
                     process.readAllStandardError().constData());
    return json;
}

void benchExplore(int runs)
{
    std::printf("explore: medians of %d runs of bufferlab explore --json (its own time for the search, not "
                "the process start)\n",
                runs);
    std::printf("  %-30s %-9s %11s %12s %10s %14s\n", "case", "symmetry", "verdict", "states", "seconds",
                "states/s");
    const Case cases[] = {
        {"semaphore", 2, 2, 2, 4},
        {"monitor", 2, 2, 2, 4},
        {"semaphore", 3, 3, 3, 6},
        {"monitor", 3, 3, 3, 6},
    };
    for (const Case &c : cases) {
        for (const bool symmetry : {true, false}) {
            std::vector<double> states, seconds, rates;
            QString verdict;
            for (int run = 0; run < runs; ++run) {
                const QJsonObject json = exploreOnce(c, symmetry);
                if (json.isEmpty())
                    return;
                verdict = json.value(u"verdict"_s).toString();
                states.push_back(json.value(u"states"_s).toDouble());
                seconds.push_back(json.value(u"seconds"_s).toDouble());
                rates.push_back(json.value(u"states_per_s"_s).toDouble());
            }
            const QByteArray label = u"%1 %2+%3 N=%4 K=%5"_s.arg(QString::fromLatin1(c.strategy))
                                         .arg(c.producers)
                                         .arg(c.consumers)
                                         .arg(c.capacity)
                                         .arg(c.items)
                                         .toUtf8();
            std::printf("  %-30s %-9s %11s %12.0f %10.3f %14.0f   (states/s min %.0f, max %.0f)\n",
                        label.constData(), symmetry ? "on" : "off", qPrintable(verdict), median(states),
                        median(seconds), median(rates), *std::min_element(rates.begin(), rates.end()),
                        *std::max_element(rates.begin(), rates.end()));
            std::fflush(stdout);
        }
    }
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    int runs = 5;
    QStringList sections;
    const QStringList arguments = QCoreApplication::arguments().mid(1);
    for (int i = 0; i < arguments.size(); ++i) {
        if (arguments.at(i) == u"--runs"_s && i + 1 < arguments.size())
            runs = qMax(1, arguments.at(++i).toInt());
        else
            sections << arguments.at(i);
    }
    if (!sections.isEmpty() && !sections.contains(u"explore"_s))
        return 0;
    std::printf("bufferlab-explorebench: %d core(s)\n", QThread::idealThreadCount());
    benchExplore(runs);
    return 0;
}
