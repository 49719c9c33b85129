#pragma once

#include <QCoreApplication>
#include <QPalette>

class QLabel;
class QMenu;
class QSettings;
class QWidget;

// The window's colours: the desktop's own (System), or Fusion with a light or a dark palette that
// BufferLab defines role by role, for a projector in a dark room or a bright one. The choice is
// kept in the settings under "view/theme" and applied to the whole application; views repaint on
// the palette change that follows.
class Theme
{
    Q_DECLARE_TR_FUNCTIONS(Theme)
public:
    enum class Mode { System, Light, Dark };

    // The saved choice; System when absent or not one of "system", "light", "dark".
    static Mode saved(const QSettings &settings);
    static void save(QSettings &settings, Mode mode);
    // The style and palette for mode, on the running QApplication.
    static void apply(Mode mode);
    static void applySaved();
    static Mode current();

    static QPalette lightPalette();
    static QPalette darkPalette();

    // View > Theme: System, Light, Dark as exclusive checkable actions that apply and save.
    static QMenu *createMenu(QWidget *parent);

    // How a label stands out: in the pass or fail colour, or as a framed box on a tinted ground
    // (an alarm, a warning). Kept in step with the application palette when it changes, through
    // palette roles rather than a style sheet. Plain gives the label its ordinary colours back.
    enum class Tone { Plain, Passed, Failed, AlarmBox, WarningBox };
    static void setTone(QLabel *label, Tone tone);
    static Tone tone(const QLabel *label);
};
