#pragma once

#include "laneactivity.h"

#include <QColor>
#include <QGuiApplication>
#include <QPalette>

// The colours every BufferLab view agrees on: programme colours for records (the Okabe-Ito
// palette, readable by colour-blind students), lane colours by activity, and the in/out markers.
// One place, so the buffer view, the legend and the tables never disagree.
//
// Everything drawn on the view's ground takes the palette it is drawn on: a light palette gets the
// colours BufferLab always had, a dark one tints of its own Base, and accents (markers, red alarms,
// PASS/FAIL) lightened until they read on it. Models have no widget and use the application's.
class ColorScheme
{
public:
    static constexpr int ProgrammeColorCount = 7;

    // Grey for -1 or an index BufferLab does not know. The same on light and dark: each has its
    // own text colour (textOn) and an outline that stands out from the ground (programmeOutline).
    static QColor programme(int index);
    static QColor programmeOutline(int index, const QPalette &palette = QGuiApplication::palette());
    // Black or white, whichever reads better on fill.
    static QColor textOn(const QColor &fill);

    // WCAG 2 relative luminance and contrast ratio (1 to 21).
    static double luminance(const QColor &color);
    static double contrast(const QColor &a, const QColor &b);
    // color, lightened (on a dark background) or darkened (on a light one) just enough to reach
    // ratio against background.
    static QColor readableOn(const QColor &color, const QColor &background, double ratio);
    static QColor mix(const QColor &from, const QColor &to, double amount);
    static bool isDark(const QPalette &palette);

    static QColor laneFill(LaneActivity activity, const QPalette &palette = QGuiApplication::palette());
    static QColor laneBorder(LaneActivity activity, const QPalette &palette = QGuiApplication::palette());
    static QColor laneText(LaneActivity activity, const QPalette &palette = QGuiApplication::palette());

    static QColor emptySlot(const QPalette &palette = QGuiApplication::palette());
    static QColor slotOutline(const QPalette &palette = QGuiApplication::palette());
    static QColor inMarker(const QPalette &palette = QGuiApplication::palette());
    static QColor outMarker(const QPalette &palette = QGuiApplication::palette());
    static QColor passed(const QPalette &palette = QGuiApplication::palette());
    static QColor failed(const QPalette &palette = QGuiApplication::palette());

    // Producers and consumers as chips (the synchronization panel's waiters and holders): the in
    // marker's blue for producers, the out marker's orange for consumers.
    static QColor roleFill(WorkerRole role, const QPalette &palette = QGuiApplication::palette());
    static QColor roleBorder(WorkerRole role, const QPalette &palette = QGuiApplication::palette());
    // What the checker and the deadlock detector found: red, on a pale (or, on dark, deep) red ground.
    static QColor alarm(const QPalette &palette = QGuiApplication::palette());
    static QColor alarmFill(const QPalette &palette = QGuiApplication::palette());
    // Text on alarmFill.
    static QColor alarmText(const QPalette &palette = QGuiApplication::palette());
    // A strategy that is wrong on purpose: amber.
    static QColor warning(const QPalette &palette = QGuiApplication::palette());
    static QColor warningFill(const QPalette &palette = QGuiApplication::palette());
    static QColor warningText(const QPalette &palette = QGuiApplication::palette());
};
