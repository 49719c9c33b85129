#pragma once

#include "paintedlistaccessible.h"

#include <QCoreApplication>

class SyncPanel;

// The synchronization panel for screen readers: one item per semaphore, mutex or condition, in
// words ("empty (free slots), semaphore: 0, waiting Producer 2, Producer 3"), and a description
// that sums up all of them, with the warning of the strategy that has no lock.
class SyncPanelAccessible : public PaintedListAccessible
{
    Q_DECLARE_TR_FUNCTIONS(SyncPanelAccessible)
public:
    explicit SyncPanelAccessible(SyncPanel *panel);

    // Registers the factory with QAccessible; any later call does nothing.
    static void install();

    int itemCount() const override;
    QString itemText(int index) const override;
    QRect itemRect(int index) const override;
    QString defaultName() const override;
    QString summary() const override;

private:
    const SyncPanel *panel() const;
};
