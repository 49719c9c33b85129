#pragma once

#include "clientconfig.h"

#include <QHostAddress>
#include <QTimer>
#include <QWidget>

#include <optional>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QSpinBox;
class SliderSpinBox;

// The left column of the Network tab: where the buffer server listens (host, port), its buffer
// size, Start and Stop, why it could not start (inline, in red), how another terminal or machine
// joins, and how the clients this tab starts behave (items, interval, records or plain text, the
// original format). Remembers everything across restarts (QSettings group "network"). While the
// server listens, host and port are locked; the buffer size still applies at once.
class NetworkSettingsPanel : public QWidget
{
    Q_OBJECT
public:
    static constexpr int SaveDelayMs = 500;
    static constexpr int MaxItems = 100'000;
    static constexpr double MaxIntervalS = 30.0;

    explicit NetworkSettingsPanel(QWidget *parent = nullptr);
    ~NetworkSettingsPanel() override;

    QString hostText() const;
    // The address typed or chosen, or nothing if it is not one ("localhost" counts).
    std::optional<QHostAddress> hostAddress() const;
    void setHost(const QString &host);
    int port() const;
    void setPort(int port);
    int capacity() const;
    void setCapacity(int capacity);
    // How spawned clients behave: items, interval, records or text, format. Id, host, port and
    // seed are the page's to fill in.
    ClientConfig clientConfig() const;
    void setClientConfig(const ClientConfig &config);

    // Listening: shows where, locks host and port, offers Stop. Not listening: offers Start.
    void setServerListening(bool listening, const QString &address = {}, quint16 port = 0);
    bool isServerListening() const { return m_listening; }
    // Why the server could not start, in red under the buttons; empty hides it.
    void showError(const QString &error);
    QString errorText() const;
    QString serverStatusText() const;
    // "bufferlab producer 7 --port 5555": how to join from a terminal.
    QString joinCommand() const;

    QComboBox *hostCombo() const { return m_host; }
    QSpinBox *portSpinBox() const { return m_port; }
    SliderSpinBox *capacityControl() const { return m_capacity; }
    QPushButton *startButton() const { return m_start; }
    QPushButton *stopButton() const { return m_stop; }
    QSpinBox *itemsSpinBox() const { return m_items; }
    QDoubleSpinBox *intervalMinSpinBox() const { return m_intervalMin; }
    QDoubleSpinBox *intervalMaxSpinBox() const { return m_intervalMax; }
    QComboBox *itemKindCombo() const { return m_itemKind; }
    QCheckBox *legacyCheckBox() const { return m_legacy; }

    void loadSettings();
    // Edits are saved half a second after the last one, and when the panel goes.
    void saveSettings() const;

Q_SIGNALS:
    void startServerRequested();
    void stopServerRequested();
    // The buffer size, for a running server.
    void capacityChanged(int capacity);
    void settingsChanged();

private:
    void settingEdited();
    void intervalEdited(bool maxEdited);
    void updateHostDescription();
    void updateJoinHint();

    QComboBox *m_host = nullptr;
    QLabel *m_hostDescription = nullptr;
    QSpinBox *m_port = nullptr;
    SliderSpinBox *m_capacity = nullptr;
    QPushButton *m_start = nullptr;
    QPushButton *m_stop = nullptr;
    QLabel *m_status = nullptr;
    QLabel *m_error = nullptr;
    QLabel *m_joinTitle = nullptr;
    QLabel *m_join = nullptr;
    QSpinBox *m_items = nullptr;
    QDoubleSpinBox *m_intervalMin = nullptr;
    QDoubleSpinBox *m_intervalMax = nullptr;
    QComboBox *m_itemKind = nullptr;
    QCheckBox *m_legacy = nullptr;
    QTimer m_saveTimer;
    QString m_listeningAddress;
    quint16 m_listeningPort = 0;
    bool m_listening = false;
    bool m_updating = false;
};
