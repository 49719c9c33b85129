#include "studentgenerator.h"

#include <QRandomGenerator>

#include <array>
#include <cmath>
#include <numeric>

namespace {

// SplitMix64: tiny, fast and fully specified, so the same seed gives the same students on
// every platform and Qt version (std::uniform_*_distribution is not portable across libraries).
class SplitMix64
{
public:
    explicit SplitMix64(quint64 state) : m_state(state) { }

    quint64 next()
    {
        quint64 z = (m_state += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }

    // Uniform integer in [low, high], without modulo bias worth mentioning for these small ranges.
    int bounded(int low, int high)
    {
        const quint64 span = quint64(high - low) + 1;
        return low + int(next() % span);
    }

    // Uniform double in [0, 1).
    double unit() { return double(next() >> 11) * 0x1.0p-53; }

private:
    quint64 m_state;
};

} // namespace

ITStudent StudentGenerator::generate(qint64 recordNumber) const
{
    SplitMix64 rng(m_seed ^ (quint64(recordNumber) * 0xD1B54A32D192ED03ull));
    rng.next(); // decorrelate neighbouring record numbers

    ITStudent student;
    const QStringList &first = ITStudent::firstNames();
    const QStringList &last = ITStudent::lastNames();
    student.name = first.at(rng.bounded(0, int(first.size()) - 1)) + QLatin1Char(' ')
        + last.at(rng.bounded(0, int(last.size()) - 1));
    student.studentId = QString::number(rng.bounded(10'000'000, 99'999'999));
    const QStringList &programmes = ITStudent::programmes();
    student.programme = programmes.at(rng.bounded(0, int(programmes.size()) - 1));

    // Distinct courses: a partial Fisher-Yates shuffle of the course indices.
    const QStringList &names = ITStudent::courseNames();
    std::array<int, 10> order {};
    Q_ASSERT(names.size() == qsizetype(order.size()));
    std::iota(order.begin(), order.end(), 0);
    const int count = rng.bounded(MinCourses, MaxCourses);
    student.courses.reserve(count);
    for (int i = 0; i < count; ++i) {
        const int j = rng.bounded(i, int(order.size()) - 1);
        std::swap(order[i], order[j]);
        const double raw = MinMark + rng.unit() * (MaxMark - MinMark);
        student.courses.append(Course {names.at(order[i]), std::round(raw * 100.0) / 100.0});
    }
    return student;
}

quint64 StudentGenerator::randomSeed()
{
    return QRandomGenerator::system()->generate64();
}
