#pragma once

#include "itstudent.h"

#include <QtGlobal>

// Makes random ITStudent records the way the original program did, but reproducibly:
// record N of a run with seed S is always the same student, whichever thread generates it
// and in whatever order, so a seeded run can be repeated exactly.
class StudentGenerator
{
public:
    static constexpr int MinCourses = 4;
    static constexpr int MaxCourses = 7;
    static constexpr double MinMark = 30.0;
    static constexpr double MaxMark = 100.0;

    explicit StudentGenerator(quint64 seed) : m_seed(seed) { }

    quint64 seed() const { return m_seed; }
    ITStudent generate(qint64 recordNumber) const;

    // A fresh seed from the system's entropy source, for runs without --seed.
    static quint64 randomSeed();

private:
    quint64 m_seed = 0;
};
