#include "theme.h"

#include "colorscheme.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QLabel>
#include <QMenu>
#include <QSettings>
#include <QStyle>
#include <QStyleFactory>

#include <memory>
#include <utility>

using namespace Qt::StringLiterals;

namespace {

const QString SettingsKey = u"view/theme"_s;

QString keyFor(Theme::Mode mode)
{
    switch (mode) {
    case Theme::Mode::Light:
        return u"light"_s;
    case Theme::Mode::Dark:
        return u"dark"_s;
    case Theme::Mode::System:
        break;
    }
    return u"system"_s;
}

// What the desktop gave the application before BufferLab changed anything: System goes back to it.
struct SystemLook
{
    bool captured = false;
    QString styleName;
    QPalette palette;
};

SystemLook &systemLook()
{
    static SystemLook look;
    if (!look.captured && QApplication::style()) {
        look.captured = true;
        look.styleName = QApplication::style()->name();
        look.palette = QApplication::palette();
    }
    return look;
}

Theme::Mode &currentMode()
{
    static Theme::Mode mode = Theme::Mode::System;
    return mode;
}

void setGroups(QPalette &palette, QPalette::ColorRole role, const QColor &normal, const QColor &disabled)
{
    palette.setColor(QPalette::Active, role, normal);
    palette.setColor(QPalette::Inactive, role, normal);
    palette.setColor(QPalette::Disabled, role, disabled);
}

const char *const ToneProperty = "bufferlabTone";

void paintTone(QLabel *label, Theme::Tone tone)
{
    const QPalette application = QApplication::palette(label);
    const QColor ground = application.color(QPalette::Window);
    QPalette palette; // no role of its own: what is not set here follows the parent
    const auto setText = [&palette](const QColor &color) {
        for (const auto group : {QPalette::Active, QPalette::Inactive, QPalette::Disabled})
            palette.setColor(group, QPalette::WindowText, color);
    };
    const bool box = tone == Theme::Tone::AlarmBox || tone == Theme::Tone::WarningBox;
    switch (tone) {
    case Theme::Tone::Plain:
        break;
    case Theme::Tone::Passed:
        setText(ColorScheme::readableOn(ColorScheme::passed(application), ground, 4.5));
        break;
    case Theme::Tone::Failed:
        setText(ColorScheme::readableOn(ColorScheme::failed(application), ground, 4.5));
        break;
    case Theme::Tone::AlarmBox:
        palette.setColor(QPalette::Window, ColorScheme::alarmFill(application));
        setText(ColorScheme::alarmText(application));
        break;
    case Theme::Tone::WarningBox:
        palette.setColor(QPalette::Window, ColorScheme::warningFill(application));
        setText(ColorScheme::warningText(application));
        break;
    }
    label->setPalette(palette);
    label->setAutoFillBackground(box);
    // A plain frame is drawn in WindowText: the box's border takes the text's colour.
    label->setFrameStyle(box ? QFrame::Box | QFrame::Plain : QFrame::NoFrame);
    label->setLineWidth(box ? 2 : 1);
    label->setMargin(box ? 6 : 0);
}

// Paints its label again once the application palette has changed.
class ToneKeeper : public QObject
{
public:
    explicit ToneKeeper(QLabel *label) : QObject(label), m_label(label) { label->installEventFilter(this); }

    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (watched == m_label && event->type() == QEvent::ApplicationPaletteChange)
            paintTone(m_label, Theme::tone(m_label));
        return QObject::eventFilter(watched, event);
    }

private:
    QLabel *m_label = nullptr;
};

} // namespace

void Theme::setTone(QLabel *label, Tone tone)
{
    if (!label->property(ToneProperty).isValid())
        new ToneKeeper(label);
    label->setProperty(ToneProperty, int(tone));
    paintTone(label, tone);
}

Theme::Tone Theme::tone(const QLabel *label)
{
    const QVariant value = label->property(ToneProperty);
    return value.isValid() ? Tone(value.toInt()) : Tone::Plain;
}

Theme::Mode Theme::saved(const QSettings &settings)
{
    const QString text = settings.value(SettingsKey).toString().trimmed().toLower();
    for (const Mode mode : {Mode::System, Mode::Light, Mode::Dark}) {
        if (text == keyFor(mode))
            return mode;
    }
    return Mode::System;
}

void Theme::save(QSettings &settings, Mode mode)
{
    settings.setValue(SettingsKey, keyFor(mode));
}

Theme::Mode Theme::current()
{
    return currentMode();
}

void Theme::apply(Mode mode)
{
    Q_ASSERT(qApp);
    const SystemLook &look = systemLook();
    const Mode previous = std::exchange(currentMode(), mode);
    if (mode == Mode::System) {
        // Nothing set yet: leave the palette unset, so that Qt keeps following the platform.
        if (previous == Mode::System)
            return;
        if (QApplication::style()->name() != look.styleName)
            QApplication::setStyle(look.styleName);
        QApplication::setPalette(look.palette);
        return;
    }
    if (QApplication::style()->name().compare(u"fusion"_s, Qt::CaseInsensitive) != 0)
        QApplication::setStyle(u"Fusion"_s);
    QApplication::setPalette(mode == Mode::Dark ? darkPalette() : lightPalette());
}

void Theme::applySaved()
{
    apply(saved(QSettings()));
}

QPalette Theme::lightPalette()
{
    // Fusion's own light palette is complete (every role, the Disabled group); the links, the
    // placeholder and white on the selection are made to read at 4.5:1, disabled text at 3:1.
    std::unique_ptr<QStyle> fusion(QStyleFactory::create(u"Fusion"_s));
    QPalette palette = fusion ? fusion->standardPalette() : QPalette();
    setGroups(palette, QPalette::PlaceholderText, QColor(0x5F, 0x63, 0x68), QColor(0x9A, 0x9A, 0x9A));
    setGroups(palette, QPalette::Link, QColor(0x15, 0x65, 0xC0), QColor(0x8A, 0x9B, 0xB0));
    // Fusion's disabled text nearly vanishes on a projector: dimmer than enabled, still there.
    for (const auto role : {QPalette::Text, QPalette::WindowText, QPalette::ButtonText})
        palette.setColor(QPalette::Disabled, role, QColor(0x8A, 0x8A, 0x8A));
    palette.setColor(QPalette::Active, QPalette::Highlight, QColor(0x1F, 0x6F, 0xBF));
    palette.setColor(QPalette::Inactive, QPalette::Highlight, QColor(0x1F, 0x6F, 0xBF));
    return palette;
}

QPalette Theme::darkPalette()
{
    // Calm greys rather than black, so a projector shows the shapes and not its own glare; text at
    // about 12:1 on Base, disabled text still 3:1 for a control that is there but unavailable.
    const QColor window(0x2B, 0x2E, 0x33);
    const QColor base(0x1F, 0x22, 0x26);
    const QColor alternate(0x27, 0x2B, 0x30);
    const QColor text(0xE6, 0xE8, 0xEB);
    const QColor disabledText(0x84, 0x89, 0x90);
    const QColor button(0x35, 0x39, 0x3F);
    const QColor highlight(0x2F, 0x6D, 0xB5);

    QPalette palette(window);
    setGroups(palette, QPalette::Window, window, window);
    setGroups(palette, QPalette::WindowText, text, disabledText);
    setGroups(palette, QPalette::Base, base, window);
    setGroups(palette, QPalette::AlternateBase, alternate, window);
    setGroups(palette, QPalette::ToolTipBase, QColor(0x3A, 0x3F, 0x46), QColor(0x3A, 0x3F, 0x46));
    setGroups(palette, QPalette::ToolTipText, text, disabledText);
    setGroups(palette, QPalette::PlaceholderText, QColor(0xA4, 0xAA, 0xB2), QColor(0x6E, 0x73, 0x7A));
    setGroups(palette, QPalette::Text, text, disabledText);
    setGroups(palette, QPalette::Button, button, QColor(0x30, 0x33, 0x38));
    setGroups(palette, QPalette::ButtonText, text, disabledText);
    setGroups(palette, QPalette::BrightText, QColor(0xFF, 0x8A, 0x80), QColor(0xFF, 0x8A, 0x80));
    setGroups(palette, QPalette::Light, QColor(0x4A, 0x4F, 0x56), QColor(0x40, 0x44, 0x4A));
    setGroups(palette, QPalette::Midlight, QColor(0x3F, 0x44, 0x4A), QColor(0x38, 0x3C, 0x41));
    setGroups(palette, QPalette::Mid, QColor(0x5A, 0x60, 0x68), QColor(0x4A, 0x4F, 0x56));
    setGroups(palette, QPalette::Dark, QColor(0x18, 0x1A, 0x1D), QColor(0x18, 0x1A, 0x1D));
    setGroups(palette, QPalette::Shadow, QColor(0x0C, 0x0D, 0x0F), QColor(0x0C, 0x0D, 0x0F));
    setGroups(palette, QPalette::Highlight, highlight, QColor(0x4A, 0x4F, 0x56));
    setGroups(palette, QPalette::HighlightedText, Qt::white, disabledText);
    setGroups(palette, QPalette::Link, QColor(0x7A, 0xB4, 0xFF), QColor(0x5A, 0x73, 0x90));
    setGroups(palette, QPalette::LinkVisited, QColor(0xC3, 0x9B, 0xF5), QColor(0x73, 0x62, 0x8A));
    palette.setColor(QPalette::Inactive, QPalette::Highlight, QColor(0x35, 0x55, 0x7A));
    return palette;
}

QMenu *Theme::createMenu(QWidget *parent)
{
    auto *menu = new QMenu(tr("&Theme"), parent);
    auto *group = new QActionGroup(menu);
    group->setExclusive(true);
    const std::pair<Mode, QString> choices[] = {
        {Mode::System, tr("&System")},
        {Mode::Light, tr("&Light")},
        {Mode::Dark, tr("&Dark")},
    };
    for (const auto &[mode, text] : choices) {
        QAction *action = menu->addAction(text);
        action->setCheckable(true);
        action->setData(int(mode));
        group->addAction(action);
        QObject::connect(action, &QAction::triggered, menu, [mode] {
            QSettings settings;
            save(settings, mode);
            apply(mode);
        });
    }
    // The check follows the theme in force, whoever set it.
    QObject::connect(menu, &QMenu::aboutToShow, menu, [group] {
        const QList<QAction *> actions = group->actions();
        for (QAction *action : actions)
            action->setChecked(Mode(action->data().toInt()) == current());
    });
    const QList<QAction *> actions = group->actions();
    for (QAction *action : actions)
        action->setChecked(Mode(action->data().toInt()) == current());
    return menu;
}
