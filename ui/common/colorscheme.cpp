#include "colorscheme.h"

#include <QtMath>

#include <array>

namespace {

constexpr std::array<QRgb, ColorScheme::ProgrammeColorCount> Programmes = {
    0xE69F00, 0x56B4E9, 0x009E73, 0xF0E442, 0x0072B2, 0xD55E00, 0xCC79A7,
};

// Text and small marks (WCAG 1.4.3) and the outlines of shapes (WCAG 1.4.11).
constexpr double TextContrast = 4.5;
constexpr double ShapeContrast = 3.0;

double linear(double channel)
{
    return channel <= 0.03928 ? channel / 12.92 : qPow((channel + 0.055) / 1.055, 2.4);
}

QColor ground(const QPalette &palette)
{
    return palette.color(QPalette::Base);
}

// The light palette's colours, as BufferLab drew them before it knew dark palettes.
QColor lightLaneFill(LaneActivity activity)
{
    switch (activity) {
    case LaneActivity::Idle:
        return QColor(0xEE, 0xF1, 0xF4);
    case LaneActivity::Working:
        return QColor(0xDC, 0xF0, 0xE2);
    case LaneActivity::Sleeping:
        return QColor(0xE3, 0xEC, 0xF8);
    case LaneActivity::WaitingForSlot:
        return QColor(0xFF, 0xD8, 0x9E);
    case LaneActivity::WaitingForItem:
        return QColor(0xFB, 0xCF, 0xB8);
    case LaneActivity::WaitingForLock:
        return QColor(0xFF, 0xF1, 0x9C);
    case LaneActivity::Paused:
        return QColor(0xEB, 0xE5, 0xF3);
    case LaneActivity::Done:
        return QColor(0xF4, 0xF4, 0xF4);
    }
    return QColor(Qt::white);
}

QColor lightLaneBorder(LaneActivity activity)
{
    switch (activity) {
    case LaneActivity::Idle:
        return QColor(0xB0, 0xBE, 0xC5);
    case LaneActivity::Working:
        return QColor(0x4E, 0x9A, 0x6C);
    case LaneActivity::Sleeping:
        return QColor(0x7D, 0x9C, 0xC4);
    case LaneActivity::WaitingForSlot:
        return QColor(0xC7, 0x7C, 0x00);
    case LaneActivity::WaitingForItem:
        return QColor(0xC2, 0x4E, 0x10);
    case LaneActivity::WaitingForLock:
        return QColor(0xA8, 0x8A, 0x00);
    case LaneActivity::Paused:
        return QColor(0x8E, 0x7C, 0xAE);
    case LaneActivity::Done:
        return QColor(0xC8, 0xC8, 0xC8);
    }
    return QColor(Qt::gray);
}

} // namespace

double ColorScheme::luminance(const QColor &color)
{
    return 0.2126 * linear(color.redF()) + 0.7152 * linear(color.greenF()) + 0.0722 * linear(color.blueF());
}

double ColorScheme::contrast(const QColor &a, const QColor &b)
{
    const double la = luminance(a);
    const double lb = luminance(b);
    return (qMax(la, lb) + 0.05) / (qMin(la, lb) + 0.05);
}

QColor ColorScheme::mix(const QColor &from, const QColor &to, double amount)
{
    const auto channel = [amount](float a, float b) { return float(a + (b - a) * amount); };
    return QColor::fromRgbF(channel(from.redF(), to.redF()), channel(from.greenF(), to.greenF()),
                            channel(from.blueF(), to.blueF()));
}

QColor ColorScheme::readableOn(const QColor &color, const QColor &background, double ratio)
{
    // Towards white or black, whichever the background is farther from, in small steps so the hue
    // survives as far as it can.
    const QColor target = contrast(background, Qt::white) >= contrast(background, Qt::black)
        ? QColor(Qt::white)
        : QColor(Qt::black);
    constexpr int Steps = 40;
    for (int step = 0; step < Steps; ++step) {
        const QColor candidate = mix(color, target, double(step) / Steps);
        if (contrast(candidate, background) >= ratio)
            return candidate;
    }
    return target;
}

bool ColorScheme::isDark(const QPalette &palette)
{
    // Below middle grey (#767676) black text stops reading better than white.
    return luminance(ground(palette)) < 0.18;
}

QColor ColorScheme::programme(int index)
{
    if (index < 0 || index >= ProgrammeColorCount)
        return QColor(0x9E, 0x9E, 0x9E);
    return QColor::fromRgb(Programmes.at(std::size_t(index)));
}

QColor ColorScheme::programmeOutline(int index, const QPalette &palette)
{
    // Yellow and sky blue vanish into white, the dark blue into black: their edge carries them.
    const QColor fill = programme(index);
    const QColor edge = isDark(palette) ? fill : fill.darker(135);
    return readableOn(edge, ground(palette), ShapeContrast);
}

QColor ColorScheme::textOn(const QColor &fill)
{
    return contrast(fill, Qt::black) >= contrast(fill, Qt::white) ? QColor(Qt::black) : QColor(Qt::white);
}

QColor ColorScheme::laneFill(LaneActivity activity, const QPalette &palette)
{
    if (!isDark(palette))
        return lightLaneFill(activity);
    // A tint of the ground in the border's hue: waiting states stay the warmest, done the quietest.
    switch (activity) {
    case LaneActivity::Done:
        return mix(ground(palette), palette.color(QPalette::Text), 0.05);
    case LaneActivity::Idle:
    case LaneActivity::Sleeping:
    case LaneActivity::Paused:
        return mix(ground(palette), laneBorder(activity, palette), 0.18);
    case LaneActivity::Working:
        return mix(ground(palette), laneBorder(activity, palette), 0.25);
    case LaneActivity::WaitingForSlot:
    case LaneActivity::WaitingForItem:
    case LaneActivity::WaitingForLock:
        return mix(ground(palette), laneBorder(activity, palette), 0.38);
    }
    return ground(palette);
}

QColor ColorScheme::laneBorder(LaneActivity activity, const QPalette &palette)
{
    const QColor border = lightLaneBorder(activity);
    return isDark(palette) ? readableOn(border, ground(palette), ShapeContrast) : border;
}

QColor ColorScheme::laneText(LaneActivity activity, const QPalette &palette)
{
    const QColor fill = laneFill(activity, palette);
    if (!isDark(palette))
        return readableOn(activity == LaneActivity::Done ? QColor(0x75, 0x75, 0x75)
                                                         : QColor(0x21, 0x21, 0x21),
                          fill, TextContrast);
    if (activity == LaneActivity::Done)
        return readableOn(mix(fill, palette.color(QPalette::Text), 0.55), fill, TextContrast);
    return textOn(fill);
}

QColor ColorScheme::emptySlot(const QPalette &palette)
{
    return isDark(palette) ? mix(ground(palette), palette.color(QPalette::Text), 0.07)
                           : QColor(0xF6, 0xF7, 0xF9);
}

QColor ColorScheme::slotOutline(const QPalette &palette)
{
    return isDark(palette) ? mix(ground(palette), palette.color(QPalette::Text), 0.38)
                           : QColor(0xA7, 0xB1, 0xBA);
}

QColor ColorScheme::inMarker(const QPalette &palette)
{
    return readableOn(QColor(0x15, 0x65, 0xC0), ground(palette), TextContrast);
}

QColor ColorScheme::outMarker(const QPalette &palette)
{
    return readableOn(QColor(0xC4, 0x4D, 0x00), ground(palette), TextContrast);
}

QColor ColorScheme::passed(const QPalette &palette)
{
    return readableOn(QColor(0x1B, 0x7F, 0x3B), ground(palette), TextContrast);
}

QColor ColorScheme::failed(const QPalette &palette)
{
    return readableOn(QColor(0xC6, 0x28, 0x28), ground(palette), TextContrast);
}

QColor ColorScheme::roleFill(WorkerRole role, const QPalette &palette)
{
    if (isDark(palette))
        return mix(ground(palette), roleBorder(role, palette), 0.22);
    return role == WorkerRole::Producer ? QColor(0xE1, 0xEC, 0xFA) : QColor(0xFC, 0xE6, 0xD6);
}

QColor ColorScheme::roleBorder(WorkerRole role, const QPalette &palette)
{
    return role == WorkerRole::Producer ? inMarker(palette) : outMarker(palette);
}

QColor ColorScheme::alarm(const QPalette &palette)
{
    return readableOn(QColor(0xC6, 0x28, 0x28), ground(palette), TextContrast);
}

QColor ColorScheme::alarmFill(const QPalette &palette)
{
    return isDark(palette) ? mix(ground(palette), QColor(0xC6, 0x28, 0x28), 0.30) : QColor(0xFD, 0xEC, 0xEA);
}

QColor ColorScheme::alarmText(const QPalette &palette)
{
    const QColor fill = alarmFill(palette);
    return readableOn(isDark(palette) ? alarm(palette) : QColor(0x8E, 0x1B, 0x1B), fill, TextContrast);
}

QColor ColorScheme::warning(const QPalette &palette)
{
    return readableOn(QColor(0xB2, 0x5E, 0x00), ground(palette), TextContrast);
}

QColor ColorScheme::warningFill(const QPalette &palette)
{
    return isDark(palette) ? mix(ground(palette), QColor(0xB2, 0x5E, 0x00), 0.30) : QColor(0xFF, 0xF4, 0xE0);
}

QColor ColorScheme::warningText(const QPalette &palette)
{
    const QColor fill = warningFill(palette);
    return readableOn(isDark(palette) ? warning(palette) : QColor(0x6D, 0x3A, 0x00), fill, TextContrast);
}
