#include "viewhelpers.h"

#include "wheelguard.h"

#include <QAbstractItemView>
#include <QAction>
#include <QCoreApplication>
#include <QEvent>
#include <QKeySequence>
#include <QLabel>
#include <QLayout>
#include <QScrollArea>
#include <QScrollBar>
#include <QSplitter>
#include <QStyle>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

void ViewHelpers::trackBottom(QAbstractItemView *view, bool *follow, QObject *context)
{
    QScrollBar *bar = view->verticalScrollBar();
    QObject::connect(bar, &QAbstractSlider::actionTriggered, context, [bar, follow, context] {
        // The action has not moved the bar yet when this is emitted.
        QTimer::singleShot(0, context, [bar, follow] { *follow = bar->value() >= bar->maximum() - 2; });
    });
    QObject::connect(bar, &QAbstractSlider::sliderReleased, context,
                     [bar, follow] { *follow = bar->value() >= bar->maximum() - 2; });
}

void ViewHelpers::ensureReadableFont(QWidget *widget)
{
    QFont font = widget->font();
    if (font.pointSizeF() > 0.0 && font.pointSizeF() < MinimumPointSize) {
        font.setPointSizeF(MinimumPointSize);
        widget->setFont(font);
    }
}

namespace {

// As wide as the panel in it needs (in the font and the language it ends up with: German labels
// are longer), since it never scrolls sideways, with room for the vertical scroll bar.
class SettingsScrollArea : public QScrollArea
{
public:
    QSize minimumSizeHint() const override
    {
        const int content = widget() ? widget()->minimumSizeHint().width() : 0;
        const int needed = content + style()->pixelMetric(QStyle::PM_ScrollBarExtent, nullptr, this)
            + 2 * frameWidth() + 2;
        return QSize(qMax(280, needed), QScrollArea::minimumSizeHint().height());
    }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        // The panel's minimum grew or shrank (a longer text in a label): the splitter must hear it.
        if (watched == widget() && event->type() == QEvent::LayoutRequest)
            updateGeometry();
        return QScrollArea::eventFilter(watched, event);
    }
};

} // namespace

QScrollArea *ViewHelpers::settingsScrollArea(QWidget *settings)
{
    auto *scroll = new SettingsScrollArea;
    scroll->setWidget(settings);
    scroll->setWidgetResizable(true);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    // The wheel scrolls the panel; it changes a value only in the control that has the focus.
    WheelGuard::install(settings);
    return scroll;
}

void ViewHelpers::layOutPage(QWidget *page, QToolBar *toolBar, QWidget *settings, QWidget *centre,
                             const QString &splitterName, int settingsWidth)
{
    auto *splitter = new QSplitter(Qt::Horizontal);
    splitter->setObjectName(splitterName);
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(settings);
    splitter->addWidget(centre);
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({settingsWidth, 1360 - settingsWidth});

    auto *layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(toolBar);
    layout->addWidget(splitter, 1);
}

void ViewHelpers::setSettingsVisible(QWidget *page, QWidget *settings, bool visible)
{
    settings->setVisible(visible);
    settings->parentWidget()->updateGeometry();
    page->layout()->invalidate();
    page->layout()->activate();
}

QToolBar *ViewHelpers::pageToolBar(const QString &title)
{
    auto *toolBar = new QToolBar(title);
    toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolBar->setIconSize(QSize(22, 22));
    return toolBar;
}

void ViewHelpers::setValueText(QLabel *value, const QString &text)
{
    if (value->text() != text)
        value->setText(text);
    const QWidget *parent = value->parentWidget();
    if (!parent)
        return;
    const QList<QLabel *> labels = parent->findChildren<QLabel *>(QString(), Qt::FindDirectChildrenOnly);
    for (const QLabel *label : labels) {
        if (label->buddy() != value)
            continue;
        const QString name = QCoreApplication::translate("ViewHelpers", "%1: %2").arg(label->text(), text);
        if (value->accessibleName() != name)
            value->setAccessibleName(name);
        return;
    }
}
void ViewHelpers::letTabReach(QToolBar *toolBar)
{
    const QList<QAction *> actions = toolBar->actions();
    for (QAction *action : actions) {
        if (auto *button = qobject_cast<QToolButton *>(toolBar->widgetForAction(action)))
            button->setFocusPolicy(Qt::TabFocus);
    }
}

void ViewHelpers::setShortcuts(QAction *action, const QList<QKeySequence> &keys, const QString &toolTip)
{
    action->setShortcuts(keys);
    action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    QStringList names;
    for (const QKeySequence &key : keys)
        names.append(key.toString(QKeySequence::NativeText));
    action->setToolTip(names.isEmpty() ? toolTip : u"%1 (%2)"_s.arg(toolTip, names.join(u", "_s)));
}

QString ViewHelpers::withMnemonic(const QString &text, QString *used)
{
    QString escaped = text;
    escaped.replace(u"&"_s, u"&&"_s);
    for (qsizetype i = 0; i < escaped.size(); ++i) {
        const QChar c = escaped.at(i).toLower();
        if (escaped.at(i) == u'&') {
            ++i; // an escaped ampersand
            continue;
        }
        if (c.isLetterOrNumber() && !used->contains(c)) {
            used->append(c);
            return escaped.insert(i, u'&');
        }
    }
    return escaped;
}
