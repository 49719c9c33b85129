#pragma once

#include "laneactivity.h"

#include <QColor>

// The colours every BufferLab view agrees on: programme colours for records (the Okabe-Ito
// palette, readable by colour-blind students), lane colours by activity, and the in/out markers.
// One place, so the buffer view, the legend and the tables never disagree.
class ColorScheme
{
public:
    static constexpr int ProgrammeColorCount = 7;

    // Grey for -1 or an index BufferLab does not know.
    static QColor programme(int index);
    // Black or white, whichever reads better on fill.
    static QColor textOn(const QColor &fill);

    static QColor laneFill(LaneActivity activity);
    static QColor laneBorder(LaneActivity activity);
    static QColor laneText(LaneActivity activity);

    static QColor emptySlot();
    static QColor slotOutline();
    static QColor inMarker();
    static QColor outMarker();
    static QColor passed();
    static QColor failed();

    // Producers and consumers as chips (the synchronization panel's waiters and holders): the in
    // marker's blue for producers, the out marker's orange for consumers.
    static QColor roleFill(WorkerRole role);
    static QColor roleBorder(WorkerRole role);
    // What the checker and the deadlock detector found: red, on a pale red ground.
    static QColor alarm();
    static QColor alarmFill();
    // A strategy that is wrong on purpose: amber.
    static QColor warning();
    static QColor warningFill();
};
