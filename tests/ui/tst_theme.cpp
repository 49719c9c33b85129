#include "bufferview.h"
#include "colorscheme.h"
#include "networkpage.h"
#include "networkstatisticspanel.h"
#include "recordcard.h"
#include "runcharts.h"
#include "statisticspanel.h"
#include "studentgenerator.h"
#include "syncpanel.h"
#include "theme.h"
#include "timelineview.h"

#include <QAction>
#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QLabel>
#include <QMenu>
#include <QSettings>
#include <QStyle>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

// The mean WCAG luminance of a picture, from a grid of samples.
double meanLuminance(const QImage &image)
{
    double sum = 0.0;
    int count = 0;
    for (int y = 0; y < image.height(); y += 3) {
        for (int x = 0; x < image.width(); x += 3) {
            sum += ColorScheme::luminance(image.pixelColor(x, y));
            ++count;
        }
    }
    return count > 0 ? sum / count : -1.0;
}

std::unique_ptr<QWidget> createView(const QString &name)
{
    const QStringList names = {u"Producer 1"_s, u"Producer 2"_s, u"Consumer 1"_s, u"Consumer 2"_s};
    const QList<WorkerRole> roles
        = {WorkerRole::Producer, WorkerRole::Producer, WorkerRole::Consumer, WorkerRole::Consumer};
    if (name == u"buffer view"_s) {
        auto view = std::make_unique<BufferView>();
        view->setTitle(u"Buffer"_s);
        view->setBanner(u"Paused: press Space to resume"_s);
        return view;
    }
    if (name == u"synchronization panel"_s) {
        auto panel = std::make_unique<SyncPanel>();
        panel->setWorkers(names, roles);
        SyncSnapshot snapshot;
        snapshot.strategy = u"semaphore"_s;
        snapshot.objects = {
            SyncObject {u"empty"_s,
                        u"free slots"_s,
                        SyncObject::Kind::Semaphore,
                        SyncObject::FreedBy::Consumers,
                        0,
                        -1,
                        {0, 1}},
            SyncObject {u"mutex"_s,
                        u"the ring of slots"_s,
                        SyncObject::Kind::Mutex,
                        SyncObject::FreedBy::Holder,
                        0,
                        2,
                        {3}},
        };
        panel->setSnapshot(snapshot);
        return panel;
    }
    if (name == u"timeline"_s) {
        auto timeline = std::make_unique<TimelineView>();
        timeline->setWorkers(names, roles);
        std::vector<JournalEvent> events;
        for (int worker = 0; worker < 4; ++worker) {
            JournalEvent event;
            event.worker = qint16(worker);
            event.timeNs = 100'000'000LL * worker;
            event.state = worker < 2 ? WorkerState::WaitingForSlot : WorkerState::Sleeping;
            events.push_back(event);
        }
        timeline->apply(events);
        timeline->setNow(2'000'000'000LL);
        return timeline;
    }
    if (name == u"charts"_s)
        return std::make_unique<RunCharts>(RunCharts::Mode::Full);
    if (name == u"record card"_s) {
        auto card = std::make_unique<RecordCard>();
        card->setRecord(7, StudentGenerator(42).generate(7), RecordCard::Source::Processed);
        return card;
    }
    if (name == u"statistics panel"_s)
        return std::make_unique<StatisticsPanel>();
    if (name == u"network statistics panel"_s)
        return std::make_unique<NetworkStatisticsPanel>();
    if (name == u"network page"_s)
        return std::make_unique<NetworkPage>();
    return {};
}

} // namespace

class TestTheme : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void savedChoice_data();
    void savedChoice();
    void choicePersistsAndApplies();
    void palettesAreComplete();
    void contrast_data();
    void contrast();
    void viewsFollowThePalette_data();
    void viewsFollowThePalette();
    void tonesFollowThePalette();

private:
    QTemporaryDir m_settingsDir;
};

void TestTheme::initTestCase()
{
    QVERIFY(m_settingsDir.isValid());
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settingsDir.path());
    QCoreApplication::setOrganizationName(u"BufferLab"_s);
    QCoreApplication::setApplicationName(u"tst_theme"_s);
    QSettings().clear();
}

void TestTheme::cleanup()
{
    Theme::apply(Theme::Mode::Light);
    QSettings().clear();
}

void TestTheme::savedChoice_data()
{
    QTest::addColumn<QVariant>("stored");
    QTest::addColumn<int>("expected");
    QTest::addRow("absent") << QVariant() << int(Theme::Mode::System);
    QTest::addRow("system") << QVariant(u"system"_s) << int(Theme::Mode::System);
    QTest::addRow("light") << QVariant(u"light"_s) << int(Theme::Mode::Light);
    QTest::addRow("dark") << QVariant(u"dark"_s) << int(Theme::Mode::Dark);
    QTest::addRow("edited by hand") << QVariant(u" Dark "_s) << int(Theme::Mode::Dark);
    QTest::addRow("unknown word") << QVariant(u"purple"_s) << int(Theme::Mode::System);
    QTest::addRow("a number") << QVariant(2) << int(Theme::Mode::System);
    QTest::addRow("empty") << QVariant(QString()) << int(Theme::Mode::System);
}

void TestTheme::savedChoice()
{
    QFETCH(QVariant, stored);
    QFETCH(int, expected);
    QSettings settings;
    if (stored.isValid())
        settings.setValue(u"view/theme"_s, stored);
    QCOMPARE(int(Theme::saved(settings)), expected);
}

void TestTheme::choicePersistsAndApplies()
{
    Theme::apply(Theme::Mode::System);
    const QPalette system = QApplication::palette();
    const QString systemStyle = QApplication::style()->name();

    QWidget window;
    QMenu *menu = Theme::createMenu(&window);
    const QList<QAction *> actions = menu->actions();
    QCOMPARE(actions.size(), 3);
    for (QAction *action : actions)
        QVERIFY(action->isCheckable());

    // Choosing Dark in the menu: saved, in force, and the only one checked.
    actions.at(2)->trigger();
    QCOMPARE(QSettings().value(u"view/theme"_s).toString(), u"dark"_s);
    QCOMPARE(Theme::current(), Theme::Mode::Dark);
    QVERIFY(ColorScheme::isDark(QApplication::palette()));
    QCOMPARE(QApplication::style()->name().toLower(), u"fusion"_s);
    QCOMPARE(QApplication::palette().color(QPalette::Base), Theme::darkPalette().color(QPalette::Base));
    QVERIFY(actions.at(2)->isChecked());
    QVERIFY(!actions.at(0)->isChecked());
    QVERIFY(!actions.at(1)->isChecked());

    // The next start applies what was saved.
    Theme::apply(Theme::Mode::Light);
    QVERIFY(!ColorScheme::isDark(QApplication::palette()));
    Theme::applySaved();
    QCOMPARE(Theme::current(), Theme::Mode::Dark);
    QVERIFY(ColorScheme::isDark(QApplication::palette()));

    // System gives back what the platform gave.
    actions.at(0)->trigger();
    QCOMPARE(QSettings().value(u"view/theme"_s).toString(), u"system"_s);
    QCOMPARE(QApplication::style()->name(), systemStyle);
    QCOMPARE(QApplication::palette().color(QPalette::Base), system.color(QPalette::Base));
    QCOMPARE(QApplication::palette().color(QPalette::Text), system.color(QPalette::Text));
}

void TestTheme::palettesAreComplete()
{
    // Every role of every group set, and text reading on its ground in both palettes.
    for (const QPalette &palette : {Theme::lightPalette(), Theme::darkPalette()}) {
        for (const auto group : {QPalette::Active, QPalette::Inactive}) {
            QVERIFY(ColorScheme::contrast(palette.color(group, QPalette::Text),
                                          palette.color(group, QPalette::Base))
                    >= 7.0);
            QVERIFY(ColorScheme::contrast(palette.color(group, QPalette::WindowText),
                                          palette.color(group, QPalette::Window))
                    >= 7.0);
            QVERIFY(ColorScheme::contrast(palette.color(group, QPalette::ButtonText),
                                          palette.color(group, QPalette::Button))
                    >= 4.5);
            QVERIFY(ColorScheme::contrast(palette.color(group, QPalette::PlaceholderText),
                                          palette.color(group, QPalette::Base))
                    >= 4.5);
            QVERIFY(ColorScheme::contrast(palette.color(group, QPalette::HighlightedText),
                                          palette.color(QPalette::Active, QPalette::Highlight))
                    >= 4.5);
        }
        // Disabled text is dimmer than enabled text, but still there.
        const double disabled = ColorScheme::contrast(palette.color(QPalette::Disabled, QPalette::Text),
                                                      palette.color(QPalette::Disabled, QPalette::Base));
        QVERIFY(disabled >= 2.0);
        QVERIFY(disabled
                < ColorScheme::contrast(palette.color(QPalette::Text), palette.color(QPalette::Base)));
    }
    QVERIFY(!ColorScheme::isDark(Theme::lightPalette()));
    QVERIFY(ColorScheme::isDark(Theme::darkPalette()));
}

void TestTheme::contrast_data()
{
    QTest::addColumn<QPalette>("palette");
    QTest::addRow("light") << Theme::lightPalette();
    QTest::addRow("dark") << Theme::darkPalette();
}

void TestTheme::contrast()
{
    QFETCH(QPalette, palette);
    const QColor ground = palette.color(QPalette::Base);
    // Every programme colour (and the grey of an unknown one): its number readable on it, its edge
    // apart from the view's ground.
    for (int i = -1; i < ColorScheme::ProgrammeColorCount; ++i) {
        const QColor fill = ColorScheme::programme(i);
        const double text = ColorScheme::contrast(ColorScheme::textOn(fill), fill);
        QVERIFY2(text >= 4.5,
                 qPrintable(u"programme %1 (%2): text %3:1"_s.arg(i).arg(fill.name()).arg(text)));
        const double edge = ColorScheme::contrast(ColorScheme::programmeOutline(i, palette), ground);
        QVERIFY2(edge >= 3.0, qPrintable(u"programme %1: outline %2:1 on the ground"_s.arg(i).arg(edge)));
    }
    // The programmes stay apart from each other.
    for (int i = 0; i < ColorScheme::ProgrammeColorCount; ++i) {
        for (int j = i + 1; j < ColorScheme::ProgrammeColorCount; ++j)
            QVERIFY(ColorScheme::programme(i) != ColorScheme::programme(j));
    }
    // Lanes: the words on every state's fill; the border apart from the ground.
    for (const LaneActivity activity :
         {LaneActivity::Idle, LaneActivity::Working, LaneActivity::Sleeping, LaneActivity::WaitingForSlot,
          LaneActivity::WaitingForItem, LaneActivity::WaitingForLock, LaneActivity::Paused,
          LaneActivity::Done}) {
        const double text = ColorScheme::contrast(ColorScheme::laneText(activity, palette),
                                                  ColorScheme::laneFill(activity, palette));
        QVERIFY2(text >= 4.5, qPrintable(u"lane %1: text %2:1"_s.arg(int(activity)).arg(text)));
        if (activity != LaneActivity::Done && activity != LaneActivity::Idle)
            QVERIFY(ColorScheme::contrast(ColorScheme::laneBorder(activity, palette), ground) >= 1.8);
    }
    // Accents drawn as text or thin lines on the ground, red alarms included.
    const QList<std::pair<const char *, QColor>> accents = {
        {"in marker", ColorScheme::inMarker(palette)}, {"out marker", ColorScheme::outMarker(palette)},
        {"passed", ColorScheme::passed(palette)},      {"failed", ColorScheme::failed(palette)},
        {"alarm", ColorScheme::alarm(palette)},        {"warning", ColorScheme::warning(palette)},
    };
    for (const auto &[name, color] : accents) {
        const double ratio = ColorScheme::contrast(color, ground);
        QVERIFY2(ratio >= 4.5, qPrintable(u"%1: %2:1"_s.arg(QLatin1StringView(name)).arg(ratio)));
    }
    QVERIFY(ColorScheme::contrast(ColorScheme::alarmText(palette), ColorScheme::alarmFill(palette)) >= 4.5);
    QVERIFY(ColorScheme::contrast(ColorScheme::warningText(palette), ColorScheme::warningFill(palette))
            >= 4.5);
    // The alarm's ground is not the view's ground.
    QVERIFY(ColorScheme::alarmFill(palette) != ground);
    // Chips: black or white on the role's fill.
    for (const WorkerRole role : {WorkerRole::Producer, WorkerRole::Consumer}) {
        const QColor fill = ColorScheme::roleFill(role, palette);
        QVERIFY(ColorScheme::contrast(ColorScheme::textOn(fill), fill) >= 4.5);
    }
}

void TestTheme::viewsFollowThePalette_data()
{
    QTest::addColumn<QString>("view");
    for (const QString &view :
         {u"buffer view"_s, u"synchronization panel"_s, u"timeline"_s, u"charts"_s, u"record card"_s,
          u"statistics panel"_s, u"network statistics panel"_s, u"network page"_s})
        QTest::newRow(qPrintable(view)) << view;
}

void TestTheme::viewsFollowThePalette()
{
    QFETCH(QString, view);
    Theme::apply(Theme::Mode::Light);
    const std::unique_ptr<QWidget> widget = createView(view);
    QVERIFY(widget);
    widget->resize(900, 560);
    widget->show();
    QVERIFY(QTest::qWaitForWindowExposed(widget.get(), 5000));

    const double light = meanLuminance(widget->grab().toImage());
    QVERIFY2(light > 0.6, qPrintable(u"light: mean luminance %1"_s.arg(light)));

    // Switched while shown: a window hears of the new palette through the event loop, then it is
    // dark all over.
    Theme::apply(Theme::Mode::Dark);
    QTRY_COMPARE_WITH_TIMEOUT(widget->palette().color(QPalette::Base),
                              Theme::darkPalette().color(QPalette::Base), 5000);
    const double dark = meanLuminance(widget->grab().toImage());
    QVERIFY2(dark < 0.15, qPrintable(u"dark: mean luminance %1"_s.arg(dark)));

    // And back.
    Theme::apply(Theme::Mode::Light);
    QTRY_COMPARE_WITH_TIMEOUT(widget->palette().color(QPalette::Base),
                              Theme::lightPalette().color(QPalette::Base), 5000);
    const double again = meanLuminance(widget->grab().toImage());
    QVERIFY2(qAbs(again - light) < 0.02, qPrintable(u"light again: %1, first %2"_s.arg(again).arg(light)));
}

void TestTheme::tonesFollowThePalette()
{
    Theme::apply(Theme::Mode::Light);
    QLabel reason(u"3 records failed"_s);
    QLabel box(u"Deadlock"_s);
    Theme::setTone(&reason, Theme::Tone::Failed);
    Theme::setTone(&box, Theme::Tone::AlarmBox);
    QCOMPARE(reason.palette().color(QPalette::WindowText), ColorScheme::failed());
    QVERIFY(reason.styleSheet().isEmpty());
    QVERIFY(box.autoFillBackground());

    Theme::apply(Theme::Mode::Dark);
    const QPalette dark = Theme::darkPalette();
    QTRY_COMPARE_WITH_TIMEOUT(reason.palette().color(QPalette::Window), dark.color(QPalette::Window), 5000);
    QTRY_COMPARE_WITH_TIMEOUT(box.palette().color(QPalette::Base), dark.color(QPalette::Base), 5000);
    QVERIFY(ColorScheme::contrast(reason.palette().color(QPalette::WindowText), dark.color(QPalette::Window))
            >= 4.5);
    QCOMPARE(box.palette().color(QPalette::Window), ColorScheme::alarmFill(dark));
    QCOMPARE(box.palette().color(QPalette::WindowText), ColorScheme::alarmText(dark));
    // What the tone does not set follows the application.
    QCOMPARE(reason.palette().color(QPalette::Base), dark.color(QPalette::Base));

    Theme::setTone(&reason, Theme::Tone::Plain);
    QCOMPARE(reason.palette().color(QPalette::WindowText), dark.color(QPalette::WindowText));
}

QTEST_MAIN(TestTheme)
#include "tst_theme.moc"
