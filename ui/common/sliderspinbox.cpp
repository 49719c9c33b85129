#include "sliderspinbox.h"

#include <QGridLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QSlider>
#include <QSpinBox>
#include <QtMath>

namespace {
constexpr int LogSteps = 1000; // slider positions on a logarithmic scale
} // namespace

SliderSpinBox::SliderSpinBox(const QString &label, int minimum, int maximum, Scale scale, QWidget *parent)
    : QWidget(parent)
    , m_label(new QLabel(label, this))
    , m_slider(new QSlider(Qt::Horizontal, this))
    , m_spinBox(new QSpinBox(this))
    , m_scale(scale)
    , m_minimum(minimum)
    , m_maximum(qMax(minimum, maximum))
{
    m_spinBox->setRange(m_minimum, m_maximum);
    m_spinBox->setGroupSeparatorShown(true);
    m_spinBox->setAlignment(Qt::AlignRight);
    m_spinBox->setMinimumWidth(m_spinBox->fontMetrics().horizontalAdvance(QString::number(m_maximum)) * 2
                               + 40);
    m_label->setBuddy(m_spinBox);
    // The slider has no label of its own: it says the same as the spin box.
    m_slider->setAccessibleName(label);
    m_spinBox->setAccessibleName(label);
    if (m_scale == Scale::Logarithmic)
        m_slider->setRange(0, LogSteps);
    else
        m_slider->setRange(m_minimum, m_maximum);
    m_slider->setPageStep(qMax(1, (m_slider->maximum() - m_slider->minimum()) / 10));

    auto *layout = new QGridLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setHorizontalSpacing(8);
    layout->setVerticalSpacing(0);
    layout->addWidget(m_label, 0, 0);
    layout->addWidget(m_spinBox, 0, 1, Qt::AlignRight);
    layout->addWidget(m_slider, 1, 0, 1, 2);
    layout->setColumnStretch(0, 1);

    connect(m_spinBox, &QSpinBox::valueChanged, this, &SliderSpinBox::spinBoxChanged);
    connect(m_slider, &QSlider::valueChanged, this, &SliderSpinBox::sliderMoved);
    m_slider->setValue(sliderPosition(m_spinBox->value()));
}

int SliderSpinBox::value() const
{
    return m_spinBox->value();
}

void SliderSpinBox::setValue(int value)
{
    m_spinBox->setValue(value);
}

void SliderSpinBox::setAccessibleText(const QString &name, const QString &description)
{
    for (QWidget *control : {static_cast<QWidget *>(m_slider), static_cast<QWidget *>(m_spinBox)}) {
        control->setAccessibleName(name);
        control->setAccessibleDescription(description);
    }
}

void SliderSpinBox::setSuffix(const QString &suffix)
{
    m_spinBox->setSuffix(suffix);
}

void SliderSpinBox::setSingleStep(int step)
{
    m_spinBox->setSingleStep(step);
    if (m_scale == Scale::Linear)
        m_slider->setSingleStep(step);
}

int SliderSpinBox::sliderPosition(int value) const
{
    value = qBound(m_minimum, value, m_maximum);
    if (m_scale == Scale::Linear)
        return value;
    const double low = std::log(double(qMax(1, m_minimum)));
    const double high = std::log(double(qMax(1, m_maximum)));
    if (high <= low)
        return 0;
    return qRound((std::log(double(qMax(1, value))) - low) / (high - low) * LogSteps);
}

int SliderSpinBox::valueAt(int position) const
{
    if (m_scale == Scale::Linear)
        return qBound(m_minimum, position, m_maximum);
    const double low = std::log(double(qMax(1, m_minimum)));
    const double high = std::log(double(qMax(1, m_maximum)));
    const double exact = std::exp(low + (high - low) * double(qBound(0, position, LogSteps)) / LogSteps);
    // Two significant digits.
    const double magnitude = std::pow(10.0, std::floor(std::log10(qMax(1.0, exact))) - 1.0);
    const double rounded = magnitude >= 1.0 ? std::round(exact / magnitude) * magnitude : std::round(exact);
    return qBound(m_minimum, int(rounded), m_maximum);
}

void SliderSpinBox::spinBoxChanged(int value)
{
    {
        const QSignalBlocker blocker(m_slider);
        m_slider->setValue(sliderPosition(value));
    }
    Q_EMIT valueChanged(value);
}

void SliderSpinBox::sliderMoved(int position)
{
    // Setting the spin box emits valueChanged through spinBoxChanged(), which also snaps the slider
    // to the rounded value's position.
    m_spinBox->setValue(valueAt(position));
}
