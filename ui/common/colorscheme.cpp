#include "colorscheme.h"

#include <QtMath>

#include <array>

namespace {

constexpr std::array<QRgb, ColorScheme::ProgrammeColorCount> Programmes = {
    0xE69F00, 0x56B4E9, 0x009E73, 0xF0E442, 0x0072B2, 0xD55E00, 0xCC79A7,
};

double linear(double channel)
{
    return channel <= 0.03928 ? channel / 12.92 : qPow((channel + 0.055) / 1.055, 2.4);
}

double luminance(const QColor &color)
{
    return 0.2126 * linear(color.redF()) + 0.7152 * linear(color.greenF()) + 0.0722 * linear(color.blueF());
}

} // namespace

QColor ColorScheme::programme(int index)
{
    if (index < 0 || index >= ProgrammeColorCount)
        return QColor(0x9E, 0x9E, 0x9E);
    return QColor::fromRgb(Programmes.at(std::size_t(index)));
}

QColor ColorScheme::textOn(const QColor &fill)
{
    // WCAG contrast ratios against black and white.
    const double l = luminance(fill);
    const double onBlack = (l + 0.05) / 0.05;
    const double onWhite = 1.05 / (l + 0.05);
    return onBlack >= onWhite ? QColor(Qt::black) : QColor(Qt::white);
}

QColor ColorScheme::laneFill(LaneActivity activity)
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

QColor ColorScheme::laneBorder(LaneActivity activity)
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

QColor ColorScheme::laneText(LaneActivity activity)
{
    return activity == LaneActivity::Done ? QColor(0x75, 0x75, 0x75) : QColor(0x21, 0x21, 0x21);
}

QColor ColorScheme::emptySlot()
{
    return QColor(0xF6, 0xF7, 0xF9);
}

QColor ColorScheme::slotOutline()
{
    return QColor(0xA7, 0xB1, 0xBA);
}

QColor ColorScheme::inMarker()
{
    return QColor(0x15, 0x65, 0xC0);
}

QColor ColorScheme::outMarker()
{
    return QColor(0xC4, 0x4D, 0x00);
}

QColor ColorScheme::passed()
{
    return QColor(0x1B, 0x7F, 0x3B);
}

QColor ColorScheme::failed()
{
    return QColor(0xC6, 0x28, 0x28);
}

QColor ColorScheme::roleFill(WorkerRole role)
{
    return role == WorkerRole::Producer ? QColor(0xE1, 0xEC, 0xFA) : QColor(0xFC, 0xE6, 0xD6);
}

QColor ColorScheme::roleBorder(WorkerRole role)
{
    return role == WorkerRole::Producer ? inMarker() : outMarker();
}

QColor ColorScheme::alarm()
{
    return QColor(0xC6, 0x28, 0x28);
}

QColor ColorScheme::alarmFill()
{
    return QColor(0xFD, 0xEC, 0xEA);
}

QColor ColorScheme::warning()
{
    return QColor(0xB2, 0x5E, 0x00);
}

QColor ColorScheme::warningFill()
{
    return QColor(0xFF, 0xF4, 0xE0);
}
