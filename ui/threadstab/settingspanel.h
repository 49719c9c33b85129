#pragma once

#include "simulationconfig.h"
#include "workerstate.h"

#include <QTimer>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class SliderSpinBox;

// The left column of the Threads tab: every setting of a run, as sliders paired with spin boxes,
// the strategy (the broken ones marked, with what will go wrong), the seed and whether to keep
// the XML files. Remembers them, and the speed, across runs and restarts (QSettings). While a run
// is active the buffer size, the delays and the speed still apply to it (capacityChanged(),
// delayChanged(), speedChanged()); the rest is disabled and applies to the next run. The speed's
// control is the page's (in its toolbar): this panel keeps and remembers the value.
class SettingsPanel : public QWidget
{
    Q_OBJECT
public:
    static constexpr int SaveDelayMs = 500;

    explicit SettingsPanel(QWidget *parent = nullptr);
    ~SettingsPanel() override;

    SimulationConfig config() const;
    void setConfig(const SimulationConfig &config);

    // Every delay is divided by this; clamped to SimulationConfig's range.
    double speed() const { return m_speed; }
    void setSpeed(double speed);

    void setRunActive(bool active);
    bool isRunActive() const { return m_runActive; }
    // The seed the run in progress uses, shown so a teacher can repeat the run.
    void showSeedUsed(quint64 seed);
    QString seedUsedText() const;

    void loadSettings();
    // Edits are saved half a second after the last one, and when the panel goes.
    void saveSettings() const;

    SliderSpinBox *capacityControl() const { return m_capacity; }
    SliderSpinBox *producersControl() const { return m_producers; }
    SliderSpinBox *consumersControl() const { return m_consumers; }
    SliderSpinBox *studentsControl() const { return m_students; }
    SliderSpinBox *delayMinControl(WorkerRole role) const;
    SliderSpinBox *delayMaxControl(WorkerRole role) const;
    QComboBox *strategyCombo() const { return m_strategy; }
    QLineEdit *seedEdit() const { return m_seed; }
    QCheckBox *keepXmlCheck() const { return m_keepXml; }
    // For a strategy that is wrong on purpose: what will go wrong; empty otherwise.
    QString strategyWarningText() const;
    static QString whatGoesWrong(const QString &strategy);

Q_SIGNALS:
    // Any setting changed, by the user or by setConfig().
    void configChanged();
    // These also apply to a run in progress.
    void capacityChanged(int capacity);
    void delayChanged(WorkerRole role, DelayRange range);
    void speedChanged(double speed);

private:
    void delayEdited(WorkerRole role, bool maxEdited);
    void settingEdited();
    void showStrategyDescription();
    void reuseSeed();
    DelayRange delay(WorkerRole role) const;

    SliderSpinBox *m_capacity = nullptr;
    SliderSpinBox *m_producers = nullptr;
    SliderSpinBox *m_consumers = nullptr;
    SliderSpinBox *m_students = nullptr;
    SliderSpinBox *m_producerDelayMin = nullptr;
    SliderSpinBox *m_producerDelayMax = nullptr;
    SliderSpinBox *m_consumerDelayMin = nullptr;
    SliderSpinBox *m_consumerDelayMax = nullptr;
    QComboBox *m_strategy = nullptr;
    QLabel *m_strategyDescription = nullptr;
    QLabel *m_strategyWarning = nullptr;
    QLineEdit *m_seed = nullptr;
    QLabel *m_seedUsedTitle = nullptr;
    QLabel *m_seedUsed = nullptr;
    QPushButton *m_reuseSeed = nullptr;
    QCheckBox *m_keepXml = nullptr;
    QLabel *m_nextRunNote = nullptr;
    QList<QWidget *> m_nextRunOnly; // disabled while a run is active
    QTimer m_saveTimer;

    // Not on screen: kept so config() gives back what setConfig() was told.
    QString m_xmlDir;
    double m_speed = 1.0;
    quint64 m_seedUsedValue = 0;
    bool m_hasSeedUsed = false;
    bool m_runActive = false;
    bool m_updating = false; // inside setConfig() or a min/max push: no signals per widget
};
