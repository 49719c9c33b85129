#pragma once

#include "paintedlistaccessible.h"

#include <QCoreApplication>

class TimelineView;

// The timeline for screen readers: one item per worker's lane with what the worker is doing now
// and how many records it moved ("Producer 1: waiting for a free slot, student 12, 11 produced"),
// described by the time shown and whether the view follows the run.
class TimelineViewAccessible : public PaintedListAccessible
{
    Q_DECLARE_TR_FUNCTIONS(TimelineViewAccessible)
public:
    explicit TimelineViewAccessible(TimelineView *view);

    // Registers the factory with QAccessible; any later call does nothing.
    static void install();

    int itemCount() const override;
    QString itemText(int index) const override;
    QRect itemRect(int index) const override;
    QString defaultName() const override;
    QString summary() const override;

private:
    const TimelineView *view() const;
};
