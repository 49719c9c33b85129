#pragma once

#include "paintedlistaccessible.h"

#include <QCoreApplication>

class BufferView;

// The buffer view for screen readers: a list with one item per slot ("slot 3: student 17, Data
// Science", "slot 4: empty"), described by its capacity and occupancy, where the next record goes
// in and comes out, what the checker flagged and the banner (a pause, a deadlock).
class BufferViewAccessible : public PaintedListAccessible
{
    Q_DECLARE_TR_FUNCTIONS(BufferViewAccessible)
public:
    explicit BufferViewAccessible(BufferView *view);

    // Registers the factory with QAccessible; any later call does nothing.
    static void install();

    int itemCount() const override;
    QString itemText(int index) const override;
    QString itemDescription(int index) const override;
    QRect itemRect(int index) const override;
    QString defaultName() const override;
    QString summary() const override;

private:
    const BufferView *view() const;
};
