#pragma once

#include <QWidget>

class QLabel;
class QSlider;
class QSpinBox;

// A labelled number a teacher can drag or type: a slider for the rough value, a spin box for the
// exact one, kept in step. With a logarithmic scale the slider reaches 1, 10 and 100,000 alike,
// while the spin box still takes any value.
class SliderSpinBox : public QWidget
{
    Q_OBJECT
public:
    enum class Scale { Linear, Logarithmic };

    SliderSpinBox(const QString &label, int minimum, int maximum, Scale scale = Scale::Linear,
                  QWidget *parent = nullptr);

    int value() const;
    void setValue(int value);
    int minimum() const { return m_minimum; }
    int maximum() const { return m_maximum; }
    void setSuffix(const QString &suffix);
    void setSingleStep(int step);
    // What a screen reader says for both the slider and the spin box, when the label alone
    // ("Threads") does not say whose they are; the description says what the number does.
    void setAccessibleText(const QString &name, const QString &description);

    QSlider *slider() const { return m_slider; }
    QSpinBox *spinBox() const { return m_spinBox; }
    QLabel *label() const { return m_label; }

    // The slider position for a value and back; on a logarithmic scale the way back rounds to two
    // significant digits, so dragging gives numbers like 1,200 rather than 1,187.
    int sliderPosition(int value) const;
    int valueAt(int sliderPosition) const;

Q_SIGNALS:
    // The value changed, by the user or by setValue().
    void valueChanged(int value);

private:
    void spinBoxChanged(int value);
    void sliderMoved(int position);

    QLabel *m_label = nullptr;
    QSlider *m_slider = nullptr;
    QSpinBox *m_spinBox = nullptr;
    Scale m_scale = Scale::Linear;
    int m_minimum = 0;
    int m_maximum = 0;
};
