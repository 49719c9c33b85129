#include "bufferstrategy.h"
#include "settingspanel.h"
#include "sliderspinbox.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSlider>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

class TestSettingsPanel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void defaults();
    void sliderAndSpinBoxStayInStep();
    void logarithmicStudents_data();
    void logarithmicStudents();
    void minNeverExceedsMax();
    void liveSignals();
    void configRoundTrip();
    void settingsPersist();
    void damagedSettingsAreCheckedBeforeUse_data();
    void damagedSettingsAreCheckedBeforeUse();
    void editsAreSavedShortlyAfter();
    void strategyDescription();
    void speedIsKeptAndRemembered();
    void seedUsedCanBeReused();

private:
    QTemporaryDir m_settingsDir;
};

void TestSettingsPanel::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_settingsDir.isValid());
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settingsDir.path());
    QCoreApplication::setOrganizationName(u"BufferLab"_s);
    QCoreApplication::setApplicationName(u"tst_uisettingspanel"_s);
}

void TestSettingsPanel::init()
{
    QSettings().clear();
}

void TestSettingsPanel::defaults()
{
    const SettingsPanel panel;
    const SimulationConfig config = panel.config();
    QCOMPARE(config.capacity, 10);
    QCOMPARE(config.producers, 1);
    QCOMPARE(config.consumers, 1);
    QCOMPARE(config.students, 10);
    QCOMPARE(config.producerDelay, (DelayRange {300, 1000}));
    QCOMPARE(config.consumerDelay, (DelayRange {500, 1500}));
    QCOMPARE(config.strategy, BufferStrategy::names().first());
    QVERIFY(!config.seed.has_value());
    QVERIFY(!config.keepXml);
    QCOMPARE(panel.capacityControl()->minimum(), 1);
    QCOMPARE(panel.capacityControl()->maximum(), 64);
    QCOMPARE(panel.producersControl()->maximum(), 8);
    QCOMPARE(panel.studentsControl()->maximum(), 100'000);
    QCOMPARE(panel.delayMaxControl(WorkerRole::Consumer)->maximum(), 3000);
    QCOMPARE(panel.strategyCombo()->count(), int(BufferStrategy::names().size()));
}

void TestSettingsPanel::sliderAndSpinBoxStayInStep()
{
    SliderSpinBox control(u"Buffer size"_s, 1, 64);
    QSignalSpy changed(&control, &SliderSpinBox::valueChanged);
    control.slider()->setValue(20);
    QCOMPARE(control.spinBox()->value(), 20);
    QCOMPARE(control.value(), 20);
    control.spinBox()->setValue(33);
    QCOMPARE(control.slider()->value(), 33);
    control.setValue(99); // clamped
    QCOMPARE(control.value(), 64);
    QCOMPARE(changed.size(), 3);
    QCOMPARE(changed.last().first().toInt(), 64);
}

void TestSettingsPanel::logarithmicStudents_data()
{
    QTest::addColumn<int>("position");
    QTest::addColumn<int>("value");
    QTest::addRow("left end") << 0 << 1;
    QTest::addRow("a fifth") << 200 << 10;
    QTest::addRow("two fifths") << 400 << 100;
    QTest::addRow("half way, rounded") << 500 << 320;
    QTest::addRow("right end") << 1000 << 100'000;
}

void TestSettingsPanel::logarithmicStudents()
{
    QFETCH(int, position);
    QFETCH(int, value);
    SliderSpinBox control(u"Students"_s, 1, 100'000, SliderSpinBox::Scale::Logarithmic);
    QCOMPARE(control.valueAt(position), value);
    control.slider()->setValue(position);
    QCOMPARE(control.value(), value);
    // The spin box stays exact; the slider finds its place.
    control.spinBox()->setValue(12'345);
    QCOMPARE(control.value(), 12'345);
    QCOMPARE(control.slider()->value(), control.sliderPosition(12'345));
    QVERIFY(control.slider()->value() > 800 && control.slider()->value() < 830);
}

void TestSettingsPanel::minNeverExceedsMax()
{
    SettingsPanel panel;
    SliderSpinBox *low = panel.delayMinControl(WorkerRole::Producer);
    SliderSpinBox *high = panel.delayMaxControl(WorkerRole::Producer);
    low->setValue(2000); // above the max: pushes it up
    QCOMPARE(high->value(), 2000);
    high->slider()->setValue(500); // below the min: pushes it down
    QCOMPARE(low->value(), 500);
    QCOMPARE(panel.config().producerDelay, (DelayRange {500, 500}));
    QCOMPARE(panel.config().consumerDelay, (DelayRange {500, 1500})); // the other role is untouched
}

void TestSettingsPanel::liveSignals()
{
    SettingsPanel panel;
    QSignalSpy capacity(&panel, &SettingsPanel::capacityChanged);
    QSignalSpy delay(&panel, &SettingsPanel::delayChanged);
    QSignalSpy config(&panel, &SettingsPanel::configChanged);
    panel.capacityControl()->setValue(7);
    QCOMPARE(capacity.size(), 1);
    QCOMPARE(capacity.first().first().toInt(), 7);
    panel.delayMinControl(WorkerRole::Consumer)->setValue(2000);
    QCOMPARE(delay.size(), 1); // one signal, with both bounds already pushed
    QCOMPARE(delay.first().at(0).value<WorkerRole>(), WorkerRole::Consumer);
    QCOMPARE(delay.first().at(1).value<DelayRange>(), (DelayRange {2000, 2000}));
    panel.producersControl()->setValue(3);
    QCOMPARE(config.size(), 3);
}

void TestSettingsPanel::configRoundTrip()
{
    SettingsPanel panel;
    SimulationConfig config;
    config.capacity = 64;
    config.producers = 8;
    config.consumers = 3;
    config.students = 54'321;
    config.producerDelay = {0, 0};
    config.consumerDelay = {3000, 3000};
    config.strategy = BufferStrategy::names().last();
    config.seed = 18'446'744'073'709'551'615ull;
    config.keepXml = true;
    config.xmlDir = u"/somewhere/xml"_s;
    QSignalSpy changed(&panel, &SettingsPanel::configChanged);
    QSignalSpy capacity(&panel, &SettingsPanel::capacityChanged);
    panel.setConfig(config);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(capacity.size(), 0); // setConfig() is not a live edit
    const SimulationConfig back = panel.config();
    QCOMPARE(back.capacity, config.capacity);
    QCOMPARE(back.producers, config.producers);
    QCOMPARE(back.consumers, config.consumers);
    QCOMPARE(back.students, config.students);
    QCOMPARE(back.producerDelay, config.producerDelay);
    QCOMPARE(back.consumerDelay, config.consumerDelay);
    QCOMPARE(back.strategy, config.strategy);
    QCOMPARE(back.seed, config.seed);
    QCOMPARE(back.keepXml, true);
    QCOMPARE(back.xmlDir, config.xmlDir);

    panel.seedEdit()->clear();
    QVERIFY(!panel.config().seed.has_value());
}

void TestSettingsPanel::settingsPersist()
{
    {
        SettingsPanel panel;
        panel.capacityControl()->setValue(17);
        panel.studentsControl()->spinBox()->setValue(2500);
        panel.delayMaxControl(WorkerRole::Producer)->setValue(2500);
        panel.strategyCombo()->setCurrentIndex(int(BufferStrategy::names().size()) - 1);
        panel.seedEdit()->setText(u"777"_s);
        panel.keepXmlCheck()->setChecked(true);
    }
    const SettingsPanel restarted;
    const SimulationConfig config = restarted.config();
    QCOMPARE(config.capacity, 17);
    QCOMPARE(config.students, 2500);
    QCOMPARE(config.producerDelay.maxMs, 2500);
    QCOMPARE(config.strategy, BufferStrategy::names().last());
    QCOMPARE(config.seed, std::optional<quint64>(777));
    QVERIFY(config.keepXml);
}

void TestSettingsPanel::damagedSettingsAreCheckedBeforeUse_data()
{
    // What an edited or damaged settings file may hold, and what the panel must make of it.
    QTest::addColumn<QString>("key");
    QTest::addColumn<QVariant>("stored");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QVariant>("expected");
    QTest::addRow("students 2^32 + 1 clamped, not wrapped to 1")
        << u"students"_s << QVariant(u"4294967297"_s) << u"students"_s << QVariant(100'000);
    QTest::addRow("students 2^32 + 1 as a number")
        << u"students"_s << QVariant(qlonglong(4294967297)) << u"students"_s << QVariant(100'000);
    QTest::addRow("buffer 2^32 + 5") << u"capacity"_s << QVariant(u"4294967301"_s) << u"capacity"_s
                                     << QVariant(64);
    QTest::addRow("buffer -3") << u"capacity"_s << QVariant(u"-3"_s) << u"capacity"_s << QVariant(1);
    QTest::addRow("producers 2.5 is not a count")
        << u"producers"_s << QVariant(u"2.5"_s) << u"producers"_s << QVariant(1);
    QTest::addRow("producers garbage")
        << u"producers"_s << QVariant(u"many"_s) << u"producers"_s << QVariant(1);
    QTest::addRow("delay 2^32 + 100")
        << u"consumerDelayMax"_s << QVariant(u"4294967396"_s) << u"consumerDelayMax"_s << QVariant(3000);
    QTest::addRow("speed nan") << u"speed"_s << QVariant(u"nan"_s) << u"speed"_s << QVariant(1.0);
    QTest::addRow("speed 1e300") << u"speed"_s << QVariant(u"1e300"_s) << u"speed"_s << QVariant(10.0);
    QTest::addRow("keep xml \"no\"") << u"keepXml"_s << QVariant(u"no"_s) << u"keepXml"_s << QVariant(false);
    QTest::addRow("keep xml \"yes\"")
        << u"keepXml"_s << QVariant(u"yes"_s) << u"keepXml"_s << QVariant(false);
    QTest::addRow("seed 2^64") << u"seed"_s << QVariant(u"18446744073709551616"_s) << u"seed"_s << QVariant();
    QTest::addRow("seed -1") << u"seed"_s << QVariant(u"-1"_s) << u"seed"_s << QVariant();
}

void TestSettingsPanel::damagedSettingsAreCheckedBeforeUse()
{
    QFETCH(QString, key);
    QFETCH(QVariant, stored);
    QFETCH(QString, field);
    QFETCH(QVariant, expected);
    QSettings().setValue(u"threads/"_s + key, stored);
    const SettingsPanel panel;
    const SimulationConfig config = panel.config();
    const QVariant actual = field == u"students"_s ? QVariant(config.students)
        : field == u"capacity"_s                   ? QVariant(config.capacity)
        : field == u"producers"_s                  ? QVariant(config.producers)
        : field == u"consumerDelayMax"_s           ? QVariant(config.consumerDelay.maxMs)
        : field == u"speed"_s                      ? QVariant(config.speed)
        : field == u"keepXml"_s                    ? QVariant(config.keepXml)
        : config.seed                              ? QVariant(qulonglong(*config.seed))
                                                   : QVariant();
    QCOMPARE(actual, expected);
}

void TestSettingsPanel::editsAreSavedShortlyAfter()
{
    SettingsPanel panel;
    for (int value = 20; value <= 30; ++value) // a dragged slider
        panel.capacityControl()->slider()->setValue(value);
    QTRY_COMPARE_WITH_TIMEOUT(QSettings().value(u"threads/capacity"_s).toInt(), 30, 5000);
}

void TestSettingsPanel::strategyDescription()
{
    SettingsPanel panel;
    for (int i = 0; i < panel.strategyCombo()->count(); ++i) {
        panel.strategyCombo()->setCurrentIndex(i);
        const QString name = BufferStrategy::names().at(i);
        QCOMPARE(panel.strategyCombo()->itemData(i, Qt::ToolTipRole).toString(),
                 BufferStrategy::describe(name));
        QCOMPARE(panel.strategyCombo()->toolTip(), BufferStrategy::describe(name));
    }
}

void TestSettingsPanel::speedIsKeptAndRemembered()
{
    {
        SettingsPanel panel;
        QCOMPARE(panel.speed(), 1.0);
        QSignalSpy changed(&panel, &SettingsPanel::speedChanged);
        panel.setSpeed(2.5);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.at(0).at(0).toDouble(), 2.5);
        QCOMPARE(panel.config().speed, 2.5);
        panel.setSpeed(2.5); // no change, no signal
        QCOMPARE(changed.size(), 1);
        panel.setSpeed(100.0); // clamped
        QCOMPARE(panel.speed(), SimulationConfig::MaxSpeed);
        panel.setSpeed(0.0);
        QCOMPARE(panel.speed(), SimulationConfig::MinSpeed);
        SimulationConfig config = panel.config();
        config.speed = 0.5;
        panel.setConfig(config); // a scenario's speed
        QCOMPARE(changed.last().at(0).toDouble(), 0.5);
    }
    SettingsPanel again; // saved when the last one went
    QCOMPARE(again.speed(), 0.5);
}

void TestSettingsPanel::seedUsedCanBeReused()
{
    SettingsPanel panel;
    QCOMPARE(panel.seedUsedText(), QString());
    panel.showSeedUsed(123456789);
    QCOMPARE(panel.seedUsedText(), u"123456789"_s);
    QVERIFY(panel.seedEdit()->text().isEmpty());
    const auto buttons = panel.findChildren<QPushButton *>();
    QCOMPARE(buttons.size(), 1);
    buttons.first()->click();
    QCOMPARE(panel.config().seed, std::optional<quint64>(123456789));
}

QTEST_MAIN(TestSettingsPanel)
#include "tst_uisettingspanel.moc"
