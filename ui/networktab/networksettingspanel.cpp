#include "networksettingspanel.h"

#include "bufferserver.h"
#include "settingsvalue.h"
#include "sliderspinbox.h"
#include "theme.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QNetworkInterface>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QStyle>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {

const QString LocalHost = u"127.0.0.1"_s;
const QString AnyHost = u"0.0.0.0"_s;

QString settingsKey(const char *name)
{
    return u"network/"_s + QLatin1StringView(name);
}

QLabel *note(const QString &text = {})
{
    auto *label = new QLabel(text);
    label->setWordWrap(true);
    label->setForegroundRole(QPalette::PlaceholderText);
    return label;
}

// This machine's addresses other machines can reach, for the join hint.
QStringList lanAddresses()
{
    QStringList addresses;
    const QList<QHostAddress> all = QNetworkInterface::allAddresses();
    for (const QHostAddress &address : all) {
        if (address.protocol() == QAbstractSocket::IPv4Protocol && !address.isLoopback()
            && !address.isLinkLocal())
            addresses.append(address.toString());
    }
    return addresses;
}

QDoubleSpinBox *intervalSpinBox()
{
    auto *spin = new QDoubleSpinBox;
    spin->setRange(0.0, NetworkSettingsPanel::MaxIntervalS);
    spin->setDecimals(1);
    spin->setSingleStep(0.1);
    spin->setSuffix(u" s"_s);
    spin->setAlignment(Qt::AlignRight);
    return spin;
}

} // namespace

NetworkSettingsPanel::NetworkSettingsPanel(QWidget *parent) : QWidget(parent)
{
    // Server.
    m_host = new QComboBox;
    m_host->setEditable(true);
    m_host->setInsertPolicy(QComboBox::NoInsert);
    m_host->addItem(LocalHost);
    m_host->addItem(AnyHost);
    m_host->setItemData(0, tr("Only programs on this computer can connect"), Qt::ToolTipRole);
    m_host->setItemData(1, tr("Other machines on the network can join too"), Qt::ToolTipRole);
    m_hostDescription = note();
    m_port = new QSpinBox;
    m_port->setRange(1, 65535);
    m_port->setValue(BufferServer::DefaultPort);
    m_port->setAlignment(Qt::AlignRight);
    m_capacity
        = new SliderSpinBox(tr("Buffer size (slots)"), BufferServer::MinCapacity, BufferServer::MaxCapacity);
    m_capacity->setValue(BufferServer::DefaultCapacity);
    m_capacity->setToolTip(
        tr("How many items fit in the server's buffer. Applies at once, even while it runs."));

    m_start = new QPushButton(style()->standardIcon(QStyle::SP_MediaPlay), tr("Start server"));
    m_start->setToolTip(tr("Listen for producers and consumers on this host and port"));
    m_stop = new QPushButton(style()->standardIcon(QStyle::SP_MediaStop), tr("Stop server"));
    m_stop->setToolTip(tr("Stop this tab's clients, close every connection and stop listening"));
    m_stop->setEnabled(false);
    m_status = new QLabel(tr("Stopped"));
    m_status->setWordWrap(true);
    m_error = new QLabel;
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    Theme::setTone(m_error, Theme::Tone::AlarmBox);
    m_error->setVisible(false);
    m_joinTitle = note(tr("Join from another terminal:"));
    m_join = new QLabel;
    m_join->setWordWrap(true);
    m_join->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_join->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));

    auto *serverBox = new QGroupBox(tr("Server"));
    auto *serverLayout = new QVBoxLayout(serverBox);
    auto *serverForm = new QFormLayout;
    serverForm->setContentsMargins(0, 0, 0, 0);
    serverForm->addRow(tr("Host"), m_host);
    serverForm->addRow(QString(), m_hostDescription);
    serverForm->addRow(tr("Port"), m_port);
    serverLayout->addLayout(serverForm);
    serverLayout->addWidget(m_capacity);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_start);
    buttons->addWidget(m_stop);
    serverLayout->addLayout(buttons);
    serverLayout->addWidget(m_status);
    serverLayout->addWidget(m_error);
    serverLayout->addWidget(m_joinTitle);
    serverLayout->addWidget(m_join);

    // Clients this tab starts.
    m_items = new QSpinBox;
    m_items->setRange(1, MaxItems);
    m_items->setGroupSeparatorShown(true);
    m_items->setAlignment(Qt::AlignRight);
    m_items->setToolTip(tr("Items each producer puts, and each consumer takes"));
    m_intervalMin = intervalSpinBox();
    m_intervalMax = intervalSpinBox();
    const QString intervalTip = tr("Time between a client's items, drawn between min and max. A consumer "
                                   "spends it processing the item before it acknowledges it.");
    m_intervalMin->setToolTip(intervalTip);
    m_intervalMax->setToolTip(intervalTip);
    m_itemKind = new QComboBox;
    m_itemKind->addItem(tr("Student records"));
    m_itemKind->addItem(tr("Plain text items"));
    m_itemKind->setItemData(0, tr("Producers send ITStudent records as XML; consumers grade them"),
                            Qt::ToolTipRole);
    m_itemKind->setItemData(1, tr("Producers send the original's \"P1-Item-3\" strings"), Qt::ToolTipRole);
    m_legacy = new QCheckBox(tr("Original format (--legacy)"));
    m_legacy->setToolTip(tr("One request per connection, as the original program: a full or empty buffer "
                            "is answered at once and the client retries a few times, 1 to 3 s apart"));

    // For screen readers: names that say which of the two panels' fields this is.
    m_host->setAccessibleName(tr("Server host"));
    m_host->setAccessibleDescription(tr("127.0.0.1: only this computer; 0.0.0.0: other machines can join"));
    m_port->setAccessibleName(tr("Server port"));
    m_capacity->setAccessibleText(tr("Server buffer size in slots"), m_capacity->toolTip());
    m_items->setAccessibleName(tr("Items each client"));
    m_intervalMin->setAccessibleName(tr("Client interval minimum, seconds"));
    m_intervalMax->setAccessibleName(tr("Client interval maximum, seconds"));
    m_itemKind->setAccessibleName(tr("Kind of items"));
    m_itemKind->setAccessibleDescription(tr("Student records as XML, or the original's plain text items"));

    auto *clientBox = new QGroupBox(tr("New clients"));
    auto *clientForm = new QFormLayout(clientBox);
    clientForm->addRow(tr("Items each"), m_items);
    clientForm->addRow(tr("Interval min"), m_intervalMin);
    clientForm->addRow(tr("Interval max"), m_intervalMax);
    clientForm->addRow(tr("Items"), m_itemKind);
    clientForm->addRow(m_legacy);
    clientForm->addRow(note(tr("Applies to clients added from now on.")));

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(serverBox);
    layout->addWidget(clientBox);
    layout->addStretch(1);

    m_saveTimer.setSingleShot(true);
    m_saveTimer.setInterval(SaveDelayMs);
    connect(&m_saveTimer, &QTimer::timeout, this, &NetworkSettingsPanel::saveSettings);

    loadSettings();

    connect(m_start, &QPushButton::clicked, this, &NetworkSettingsPanel::startServerRequested);
    connect(m_stop, &QPushButton::clicked, this, &NetworkSettingsPanel::stopServerRequested);
    connect(m_host, &QComboBox::currentTextChanged, this, [this] {
        updateHostDescription();
        settingEdited();
    });
    connect(m_port, &QSpinBox::valueChanged, this, &NetworkSettingsPanel::settingEdited);
    connect(m_capacity, &SliderSpinBox::valueChanged, this, [this](int capacity) {
        if (m_updating)
            return;
        settingEdited();
        Q_EMIT capacityChanged(capacity);
    });
    connect(m_items, &QSpinBox::valueChanged, this, &NetworkSettingsPanel::settingEdited);
    connect(m_intervalMin, &QDoubleSpinBox::valueChanged, this, [this] { intervalEdited(false); });
    connect(m_intervalMax, &QDoubleSpinBox::valueChanged, this, [this] { intervalEdited(true); });
    connect(m_itemKind, &QComboBox::currentIndexChanged, this, &NetworkSettingsPanel::settingEdited);
    connect(m_legacy, &QCheckBox::toggled, this, &NetworkSettingsPanel::settingEdited);
}

NetworkSettingsPanel::~NetworkSettingsPanel()
{
    if (m_saveTimer.isActive())
        saveSettings();
}

QString NetworkSettingsPanel::hostText() const
{
    return m_host->currentText().trimmed();
}

std::optional<QHostAddress> NetworkSettingsPanel::hostAddress() const
{
    const QString text = hostText();
    if (text.compare(u"localhost"_s, Qt::CaseInsensitive) == 0)
        return QHostAddress(QHostAddress::LocalHost);
    QHostAddress address;
    if (!address.setAddress(text))
        return std::nullopt;
    return address;
}

void NetworkSettingsPanel::setHost(const QString &host)
{
    m_host->setCurrentText(host);
}

int NetworkSettingsPanel::port() const
{
    return m_port->value();
}

void NetworkSettingsPanel::setPort(int port)
{
    m_port->setValue(port);
}

int NetworkSettingsPanel::capacity() const
{
    return m_capacity->value();
}

void NetworkSettingsPanel::setCapacity(int capacity)
{
    m_capacity->setValue(capacity);
}

ClientConfig NetworkSettingsPanel::clientConfig() const
{
    ClientConfig config;
    config.items = m_items->value();
    config.interval = DelayRange {int(qRound(m_intervalMin->value() * 1000.0)),
                                  int(qRound(m_intervalMax->value() * 1000.0))};
    config.itemsText = m_itemKind->currentIndex() == 1;
    config.legacy = m_legacy->isChecked();
    return config;
}

void NetworkSettingsPanel::setClientConfig(const ClientConfig &config)
{
    m_updating = true;
    m_items->setValue(config.items);
    // Max first, so the min is never pushed by a bound that is about to change.
    m_intervalMax->setValue(config.interval.maxMs / 1000.0);
    m_intervalMin->setValue(config.interval.minMs / 1000.0);
    m_intervalMax->setValue(config.interval.maxMs / 1000.0);
    m_itemKind->setCurrentIndex(config.itemsText ? 1 : 0);
    m_legacy->setChecked(config.legacy);
    m_updating = false;
    settingEdited();
}

void NetworkSettingsPanel::setServerListening(bool listening, const QString &address, quint16 port)
{
    m_listening = listening;
    m_listeningAddress = address;
    m_listeningPort = port;
    m_start->setEnabled(!listening);
    m_stop->setEnabled(listening);
    m_host->setEnabled(!listening);
    m_port->setEnabled(!listening);
    const QString lockedTip = tr("Stop the server to change it");
    m_host->setToolTip(listening ? lockedTip : QString());
    m_port->setToolTip(listening ? lockedTip : QString());
    if (listening) {
        m_status->setText(tr("<b>Listening</b> on %1 port %2").arg(address).arg(port));
        showError({});
    } else {
        m_status->setText(tr("Stopped"));
    }
    updateJoinHint();
}

void NetworkSettingsPanel::showError(const QString &error)
{
    m_error->setText(error);
    m_error->setVisible(!error.isEmpty());
}

QString NetworkSettingsPanel::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

QString NetworkSettingsPanel::serverStatusText() const
{
    return m_status->text();
}

QString NetworkSettingsPanel::joinCommand() const
{
    return m_join->text();
}

void NetworkSettingsPanel::settingEdited()
{
    if (m_updating)
        return;
    updateJoinHint();
    // A dragged slider changes its value many times a second; the disk hears about it once.
    m_saveTimer.start();
    Q_EMIT settingsChanged();
}

void NetworkSettingsPanel::intervalEdited(bool maxEdited)
{
    if (m_updating)
        return;
    if (m_intervalMin->value() > m_intervalMax->value()) {
        // Keep min <= max by pushing the other bound along.
        m_updating = true;
        if (maxEdited)
            m_intervalMin->setValue(m_intervalMax->value());
        else
            m_intervalMax->setValue(m_intervalMin->value());
        m_updating = false;
    }
    settingEdited();
}

void NetworkSettingsPanel::updateHostDescription()
{
    const std::optional<QHostAddress> address = hostAddress();
    if (!address)
        m_hostDescription->setText(tr("Not an address: try 127.0.0.1 or 0.0.0.0"));
    else if (address->isLoopback())
        m_hostDescription->setText(tr("Only this computer can connect"));
    else if (*address == QHostAddress(QHostAddress::AnyIPv4) || *address == QHostAddress(QHostAddress::Any))
        m_hostDescription->setText(tr("Other machines on the network can join"));
    else
        m_hostDescription->setText(tr("Machines that reach this address can join"));
}

void NetworkSettingsPanel::updateJoinHint()
{
    const quint16 port = m_listening ? m_listeningPort : quint16(m_port->value());
    const std::optional<QHostAddress> address
        = m_listening ? std::optional<QHostAddress>(QHostAddress(m_listeningAddress)) : hostAddress();
    QString host;
    if (address
        && (*address == QHostAddress(QHostAddress::AnyIPv4) || *address == QHostAddress(QHostAddress::Any))) {
        const QStringList lan = lanAddresses();
        host = lan.isEmpty() ? QString() : lan.first();
    } else if (address && !address->isLoopback()) {
        host = address->toString();
    }
    QString command = u"bufferlab producer 7"_s;
    if (!host.isEmpty())
        command += u" --host "_s + host;
    command += u" --port "_s + QString::number(port);
    m_join->setText(command);
    m_joinTitle->setText(host.isEmpty() ? tr("Join from another terminal on this computer:")
                                        : tr("Join from another terminal or machine:"));
}

void NetworkSettingsPanel::loadSettings()
{
    const QSettings settings;
    const ClientConfig defaults;
    m_updating = true;
    m_host->setCurrentText(settings.value(settingsKey("host"), LocalHost).toString());
    // Checked against what each control allows (see SettingsValue), never narrowed unchecked.
    m_port->setValue(
        SettingsValue::integer(settings, settingsKey("port"), int(BufferServer::DefaultPort), 1, 65535));
    m_capacity->setValue(SettingsValue::integer(settings, settingsKey("capacity"),
                                                BufferServer::DefaultCapacity, BufferServer::MinCapacity,
                                                BufferServer::MaxCapacity));
    m_updating = false;
    ClientConfig config;
    constexpr int MaxIntervalMs = int(MaxIntervalS * 1000);
    config.items = SettingsValue::integer(settings, settingsKey("items"), defaults.items, 1, MaxItems);
    config.interval.minMs = SettingsValue::integer(settings, settingsKey("intervalMinMs"),
                                                   defaults.interval.minMs, 0, MaxIntervalMs);
    config.interval.maxMs = SettingsValue::integer(settings, settingsKey("intervalMaxMs"),
                                                   defaults.interval.maxMs, 0, MaxIntervalMs);
    config.itemsText = SettingsValue::boolean(settings, settingsKey("itemsText"), defaults.itemsText);
    config.legacy = SettingsValue::boolean(settings, settingsKey("legacy"), defaults.legacy);
    setClientConfig(config);
    m_saveTimer.stop();
    updateHostDescription();
    updateJoinHint();
}

void NetworkSettingsPanel::saveSettings() const
{
    QSettings settings;
    const ClientConfig config = clientConfig();
    settings.setValue(settingsKey("host"), hostText());
    settings.setValue(settingsKey("port"), port());
    settings.setValue(settingsKey("capacity"), capacity());
    settings.setValue(settingsKey("items"), config.items);
    settings.setValue(settingsKey("intervalMinMs"), config.interval.minMs);
    settings.setValue(settingsKey("intervalMaxMs"), config.interval.maxMs);
    settings.setValue(settingsKey("itemsText"), config.itemsText);
    settings.setValue(settingsKey("legacy"), config.legacy);
}
