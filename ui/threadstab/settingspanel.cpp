#include "settingspanel.h"

#include "bufferstrategy.h"
#include "settingsvalue.h"
#include "sliderspinbox.h"
#include "theme.h"
#include "translations.h"

#include <QCheckBox>
#include <QComboBox>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QSettings>
#include <QStyle>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {

constexpr int MaxDelayMs = 3000;
constexpr int MaxStudents = 100'000;

const QString NextRunTip = SettingsPanel::tr("Applies to the next run");

double clampedSpeed(double speed)
{
    return qBound(SimulationConfig::MinSpeed, speed, SimulationConfig::MaxSpeed);
}

QString settingsKey(const char *name)
{
    return u"threads/"_s + QLatin1StringView(name);
}

} // namespace

SettingsPanel::SettingsPanel(QWidget *parent) : QWidget(parent)
{
    m_capacity = new SliderSpinBox(tr("Buffer size (slots)"), BufferStrategy::MinCapacity,
                                   BufferStrategy::MaxCapacity);
    m_capacity->setToolTip(tr("How many records fit in the buffer. Applies at once, even during a run."));
    m_strategy = new QComboBox;
    // The long "broken on purpose" entries must not widen the whole column.
    m_strategy->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_strategy->setMinimumContentsLength(12);
    const QStringList strategies = BufferStrategy::names();
    for (int i = 0; i < strategies.size(); ++i) {
        const QString &name = strategies.at(i);
        // The broken ones say so in the list itself, not only once chosen.
        if (BufferStrategy::isBroken(name))
            m_strategy->addItem(style()->standardIcon(QStyle::SP_MessageBoxWarning),
                                tr("%1 (broken)").arg(name), name);
        else
            m_strategy->addItem(name, name);
        m_strategy->setItemData(i, Translations::display("BufferStrategy", BufferStrategy::describe(name)),
                                Qt::ToolTipRole);
    }
    m_strategyDescription = new QLabel;
    m_strategyDescription->setWordWrap(true);
    m_strategyDescription->setForegroundRole(QPalette::PlaceholderText);
    m_strategyWarning = new QLabel;
    m_strategyWarning->setWordWrap(true);
    Theme::setTone(m_strategyWarning, Theme::Tone::WarningBox);
    m_strategyWarning->setVisible(false);

    m_producers = new SliderSpinBox(tr("Threads"), 1, SimulationConfig::MaxWorkers);
    m_consumers = new SliderSpinBox(tr("Threads"), 1, SimulationConfig::MaxWorkers);
    m_producerDelayMin = new SliderSpinBox(tr("Delay min"), 0, MaxDelayMs);
    m_producerDelayMax = new SliderSpinBox(tr("Delay max"), 0, MaxDelayMs);
    m_consumerDelayMin = new SliderSpinBox(tr("Delay min"), 0, MaxDelayMs);
    m_consumerDelayMax = new SliderSpinBox(tr("Delay max"), 0, MaxDelayMs);
    for (SliderSpinBox *delay :
         {m_producerDelayMin, m_producerDelayMax, m_consumerDelayMin, m_consumerDelayMax}) {
        delay->setSuffix(tr(" ms"));
        delay->setSingleStep(50);
        delay->setToolTip(
            tr("Pause after each record, drawn between min and max. Applies at once, even during a run."));
    }
    m_students = new SliderSpinBox(tr("Students"), 1, MaxStudents, SliderSpinBox::Scale::Logarithmic);
    m_students->setToolTip(tr("How many student records travel through the buffer"));

    m_seed = new QLineEdit;
    m_seed->setPlaceholderText(u"random"_s);
    m_seed->setValidator(new QRegularExpressionValidator(QRegularExpression(u"[0-9]{0,20}"_s), m_seed));
    m_seed->setClearButtonEnabled(true);
    m_seedUsedTitle = new QLabel(tr("Seed of this run:"));
    m_seedUsedTitle->setVisible(false);
    m_seedUsed = new QLabel;
    m_seedUsed->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_reuseSeed = new QPushButton(tr("Reuse"));
    m_reuseSeed->setToolTip(tr("Put this seed in the Seed field, so the next run repeats this one"));
    m_reuseSeed->setEnabled(false);
    m_keepXml = new QCheckBox(tr("Keep XML files"));

    m_nextRunNote = new QLabel(tr("Greyed-out settings apply to the next run."));
    m_nextRunNote->setWordWrap(true);
    m_nextRunNote->setForegroundRole(QPalette::PlaceholderText);
    m_nextRunNote->setVisible(false);

    // For screen readers: the labels "Threads" and "Delay min" appear twice, so the names say whose.
    m_capacity->setAccessibleText(tr("Buffer size in slots"), m_capacity->toolTip());
    m_producers->setAccessibleText(tr("Producer threads"), tr("How many producer threads the next run has"));
    m_consumers->setAccessibleText(tr("Consumer threads"), tr("How many consumer threads the next run has"));
    const QString delayDescription = m_producerDelayMin->toolTip();
    m_producerDelayMin->setAccessibleText(tr("Producer delay minimum, milliseconds"), delayDescription);
    m_producerDelayMax->setAccessibleText(tr("Producer delay maximum, milliseconds"), delayDescription);
    m_consumerDelayMin->setAccessibleText(tr("Consumer delay minimum, milliseconds"), delayDescription);
    m_consumerDelayMax->setAccessibleText(tr("Consumer delay maximum, milliseconds"), delayDescription);
    m_students->setAccessibleText(tr("Students"), m_students->toolTip());
    m_strategy->setAccessibleName(tr("Synchronization strategy"));
    m_strategy->setAccessibleDescription(
        tr("semaphore and monitor are correct; unsafe and deadlock are broken on purpose"));
    m_seed->setAccessibleName(tr("Seed"));
    m_seed->setAccessibleDescription(
        tr("Digits only; empty for a random seed. The same seed repeats a run."));
    m_seedUsed->setAccessibleName(tr("Seed of this run"));
    m_keepXml->setAccessibleDescription(tr("Leave each student's XML file on disk after it is consumed"));

    // Layout: one group per part of the picture.
    auto *bufferBox = new QGroupBox(tr("Buffer"));
    auto *bufferLayout = new QVBoxLayout(bufferBox);
    bufferLayout->addWidget(m_capacity);
    auto *strategyLabel = new QLabel(tr("Strategy"));
    strategyLabel->setBuddy(m_strategy);
    auto *strategyRow = new QHBoxLayout;
    strategyRow->addWidget(strategyLabel);
    strategyRow->addWidget(m_strategy, 1);
    bufferLayout->addLayout(strategyRow);
    bufferLayout->addWidget(m_strategyDescription);
    bufferLayout->addWidget(m_strategyWarning);

    auto *producerBox = new QGroupBox(tr("Producers"));
    auto *producerLayout = new QVBoxLayout(producerBox);
    producerLayout->addWidget(m_producers);
    producerLayout->addWidget(m_producerDelayMin);
    producerLayout->addWidget(m_producerDelayMax);

    auto *consumerBox = new QGroupBox(tr("Consumers"));
    auto *consumerLayout = new QVBoxLayout(consumerBox);
    consumerLayout->addWidget(m_consumers);
    consumerLayout->addWidget(m_consumerDelayMin);
    consumerLayout->addWidget(m_consumerDelayMax);

    auto *runBox = new QGroupBox(tr("Run"));
    auto *runLayout = new QVBoxLayout(runBox);
    runLayout->addWidget(m_students);
    auto *seedLabel = new QLabel(tr("Seed"));
    seedLabel->setBuddy(m_seed);
    auto *seedRow = new QHBoxLayout;
    seedRow->addWidget(seedLabel);
    seedRow->addWidget(m_seed, 1);
    runLayout->addLayout(seedRow);
    auto *seedUsedGrid = new QGridLayout;
    seedUsedGrid->setContentsMargins(0, 0, 0, 0);
    seedUsedGrid->addWidget(m_seedUsedTitle, 0, 0);
    seedUsedGrid->addWidget(m_reuseSeed, 0, 1);
    seedUsedGrid->addWidget(m_seedUsed, 1, 0, 1, 2);
    seedUsedGrid->setColumnStretch(0, 1);
    runLayout->addLayout(seedUsedGrid);
    runLayout->addWidget(m_keepXml);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(bufferBox);
    layout->addWidget(producerBox);
    layout->addWidget(consumerBox);
    layout->addWidget(runBox);
    layout->addWidget(m_nextRunNote);
    layout->addStretch(1);

    m_nextRunOnly = {m_producers, m_consumers, m_students, m_strategy, m_seed, m_keepXml};

    m_saveTimer.setSingleShot(true);
    m_saveTimer.setInterval(SaveDelayMs);
    connect(&m_saveTimer, &QTimer::timeout, this, &SettingsPanel::saveSettings);

    // The defaults, or whatever was remembered.
    loadSettings();

    connect(m_capacity, &SliderSpinBox::valueChanged, this, [this](int capacity) {
        if (m_updating)
            return;
        settingEdited();
        Q_EMIT capacityChanged(capacity);
    });
    connect(m_producerDelayMin, &SliderSpinBox::valueChanged, this,
            [this] { delayEdited(WorkerRole::Producer, false); });
    connect(m_producerDelayMax, &SliderSpinBox::valueChanged, this,
            [this] { delayEdited(WorkerRole::Producer, true); });
    connect(m_consumerDelayMin, &SliderSpinBox::valueChanged, this,
            [this] { delayEdited(WorkerRole::Consumer, false); });
    connect(m_consumerDelayMax, &SliderSpinBox::valueChanged, this,
            [this] { delayEdited(WorkerRole::Consumer, true); });
    for (SliderSpinBox *control : {m_producers, m_consumers, m_students})
        connect(control, &SliderSpinBox::valueChanged, this, &SettingsPanel::settingEdited);
    connect(m_strategy, &QComboBox::currentIndexChanged, this, [this] {
        showStrategyDescription();
        settingEdited();
    });
    connect(m_seed, &QLineEdit::textChanged, this, &SettingsPanel::settingEdited);
    connect(m_keepXml, &QCheckBox::toggled, this, &SettingsPanel::settingEdited);
    connect(m_reuseSeed, &QPushButton::clicked, this, &SettingsPanel::reuseSeed);
}

SettingsPanel::~SettingsPanel()
{
    if (m_saveTimer.isActive())
        saveSettings();
}

SliderSpinBox *SettingsPanel::delayMinControl(WorkerRole role) const
{
    return role == WorkerRole::Producer ? m_producerDelayMin : m_consumerDelayMin;
}

SliderSpinBox *SettingsPanel::delayMaxControl(WorkerRole role) const
{
    return role == WorkerRole::Producer ? m_producerDelayMax : m_consumerDelayMax;
}

DelayRange SettingsPanel::delay(WorkerRole role) const
{
    return DelayRange {delayMinControl(role)->value(), delayMaxControl(role)->value()};
}

SimulationConfig SettingsPanel::config() const
{
    SimulationConfig config;
    config.capacity = m_capacity->value();
    config.producers = m_producers->value();
    config.consumers = m_consumers->value();
    config.students = m_students->value();
    config.producerDelay = delay(WorkerRole::Producer);
    config.consumerDelay = delay(WorkerRole::Consumer);
    config.strategy = m_strategy->currentData().toString();
    config.keepXml = m_keepXml->isChecked();
    config.xmlDir = m_xmlDir;
    config.speed = m_speed;
    bool ok = false;
    const quint64 seed = m_seed->text().trimmed().toULongLong(&ok);
    if (ok)
        config.seed = seed;
    return config;
}

void SettingsPanel::setConfig(const SimulationConfig &config)
{
    m_updating = true;
    m_capacity->setValue(config.capacity);
    m_producers->setValue(config.producers);
    m_consumers->setValue(config.consumers);
    m_students->setValue(config.students);
    // Max first, so the min is never pushed by a bound that is about to change.
    m_producerDelayMax->setValue(config.producerDelay.maxMs);
    m_producerDelayMin->setValue(config.producerDelay.minMs);
    m_producerDelayMax->setValue(config.producerDelay.maxMs);
    m_consumerDelayMax->setValue(config.consumerDelay.maxMs);
    m_consumerDelayMin->setValue(config.consumerDelay.minMs);
    m_consumerDelayMax->setValue(config.consumerDelay.maxMs);
    const int strategy = m_strategy->findData(config.strategy);
    if (strategy >= 0)
        m_strategy->setCurrentIndex(strategy);
    m_seed->setText(config.seed ? QString::number(*config.seed) : QString());
    m_keepXml->setChecked(config.keepXml);
    m_xmlDir = config.xmlDir;
    const bool newSpeed = !qFuzzyCompare(m_speed, clampedSpeed(config.speed));
    m_speed = clampedSpeed(config.speed);
    m_updating = false;
    showStrategyDescription();
    m_saveTimer.stop();
    saveSettings();
    if (newSpeed)
        Q_EMIT speedChanged(m_speed);
    Q_EMIT configChanged();
}

void SettingsPanel::setSpeed(double speed)
{
    speed = clampedSpeed(speed);
    if (qFuzzyCompare(speed, m_speed))
        return;
    m_speed = speed;
    settingEdited();
    Q_EMIT speedChanged(m_speed);
}

void SettingsPanel::settingEdited()
{
    if (m_updating)
        return;
    // A dragged slider changes its value many times a second; the disk hears about it once.
    m_saveTimer.start();
    Q_EMIT configChanged();
}

void SettingsPanel::showStrategyDescription()
{
    const QString name = m_strategy->currentData().toString();
    const QString description = Translations::display("BufferStrategy", BufferStrategy::describe(name));
    m_strategyDescription->setText(description);
    m_strategy->setToolTip(m_runActive ? NextRunTip : description);
    const QString warning = whatGoesWrong(name);
    m_strategyWarning->setText(warning);
    m_strategyWarning->setVisible(!warning.isEmpty());
}

QString SettingsPanel::strategyWarningText() const
{
    return m_strategyWarning->text();
}

QString SettingsPanel::whatGoesWrong(const QString &strategy)
{
    if (strategy == u"unsafe"_s)
        return tr("What will go wrong: with no lock, two producers can write into the same slot (one record "
                  "is lost) and two consumers can take the same record (it is handled twice). Watch the red "
                  "lines in the log and the Lost and Duplicated counts.");
    if (strategy == u"deadlock"_s)
        return tr(
            "What will go wrong: a producer locks the mutex, then waits for a free slot while it holds "
            "it. Once the buffer is full, the consumer that would free a slot waits for that mutex, and "
            "nobody can move again. BufferLab spots the deadlock and stops the run.");
    return {};
}

void SettingsPanel::delayEdited(WorkerRole role, bool maxEdited)
{
    if (m_updating)
        return;
    SliderSpinBox *low = delayMinControl(role);
    SliderSpinBox *high = delayMaxControl(role);
    if (low->value() > high->value()) {
        // Keep min <= max by pushing the other bound along.
        m_updating = true;
        if (maxEdited)
            low->setValue(high->value());
        else
            high->setValue(low->value());
        m_updating = false;
    }
    settingEdited();
    Q_EMIT delayChanged(role, delay(role));
}

void SettingsPanel::setRunActive(bool active)
{
    m_runActive = active;
    for (QWidget *widget : std::as_const(m_nextRunOnly)) {
        widget->setEnabled(!active);
        widget->setToolTip(active ? NextRunTip : QString());
    }
    m_strategy->setToolTip(active ? NextRunTip
                                  : BufferStrategy::describe(m_strategy->currentData().toString()));
    m_students->setToolTip(active ? NextRunTip : tr("How many student records travel through the buffer"));
    m_seed->setToolTip(active ? NextRunTip
                              : tr("Empty for a new random seed each run; a number repeats a run"));
    m_keepXml->setToolTip(
        active ? NextRunTip
            : m_xmlDir.isEmpty()
            ? tr("Leave each studentN.xml file after it was read, in a folder of its own for "
                 "this run under %1 (the log names it at the end)")
                  .arg(SimulationConfig::defaultXmlDir())
            : tr("Leave each studentN.xml file in %1 after it was read").arg(m_xmlDir));
    m_nextRunNote->setVisible(active);
}

void SettingsPanel::showSeedUsed(quint64 seed)
{
    m_seedUsedValue = seed;
    m_hasSeedUsed = true;
    m_seedUsedTitle->setVisible(true);
    m_seedUsed->setText(QString::number(seed));
    m_seedUsed->setAccessibleName(tr("Seed of this run: %1").arg(seed));
    m_reuseSeed->setEnabled(true);
}

QString SettingsPanel::seedUsedText() const
{
    return m_hasSeedUsed ? QString::number(m_seedUsedValue) : QString();
}

void SettingsPanel::reuseSeed()
{
    if (m_hasSeedUsed)
        m_seed->setText(QString::number(m_seedUsedValue));
}

void SettingsPanel::loadSettings()
{
    // Every value is checked against what its control allows (see SettingsValue): an edited or
    // damaged settings file gives defaults or the nearest allowed value, never a wrapped number.
    const QSettings settings;
    SimulationConfig config; // the defaults, for what was never saved
    config.xmlDir = m_xmlDir;
    const auto integer = [&](const char *name, int fallback, int min, int max) {
        return SettingsValue::integer(settings, settingsKey(name), fallback, min, max);
    };
    config.capacity
        = integer("capacity", config.capacity, BufferStrategy::MinCapacity, BufferStrategy::MaxCapacity);
    config.producers = integer("producers", config.producers, 1, SimulationConfig::MaxWorkers);
    config.consumers = integer("consumers", config.consumers, 1, SimulationConfig::MaxWorkers);
    config.students = integer("students", config.students, 1, MaxStudents);
    config.producerDelay.minMs = integer("producerDelayMin", config.producerDelay.minMs, 0, MaxDelayMs);
    config.producerDelay.maxMs = integer("producerDelayMax", config.producerDelay.maxMs, 0, MaxDelayMs);
    config.consumerDelay.minMs = integer("consumerDelayMin", config.consumerDelay.minMs, 0, MaxDelayMs);
    config.consumerDelay.maxMs = integer("consumerDelayMax", config.consumerDelay.maxMs, 0, MaxDelayMs);
    config.strategy = settings.value(settingsKey("strategy"), config.strategy).toString();
    config.keepXml = SettingsValue::boolean(settings, settingsKey("keepXml"), config.keepXml);
    config.speed = SettingsValue::number(settings, settingsKey("speed"), m_speed, SimulationConfig::MinSpeed,
                                         SimulationConfig::MaxSpeed);
    config.seed = SettingsValue::seed(settings, settingsKey("seed"));
    setConfig(config);
}

void SettingsPanel::saveSettings() const
{
    QSettings settings;
    const SimulationConfig config = this->config();
    settings.setValue(settingsKey("capacity"), config.capacity);
    settings.setValue(settingsKey("producers"), config.producers);
    settings.setValue(settingsKey("consumers"), config.consumers);
    settings.setValue(settingsKey("students"), config.students);
    settings.setValue(settingsKey("producerDelayMin"), config.producerDelay.minMs);
    settings.setValue(settingsKey("producerDelayMax"), config.producerDelay.maxMs);
    settings.setValue(settingsKey("consumerDelayMin"), config.consumerDelay.minMs);
    settings.setValue(settingsKey("consumerDelayMax"), config.consumerDelay.maxMs);
    settings.setValue(settingsKey("strategy"), config.strategy);
    settings.setValue(settingsKey("keepXml"), config.keepXml);
    settings.setValue(settingsKey("speed"), config.speed);
    settings.setValue(settingsKey("seed"), config.seed ? QString::number(*config.seed) : QString());
}
