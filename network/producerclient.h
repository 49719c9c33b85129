#pragma once

#include "bufferclient.h"
#include "studentgenerator.h"

// Puts `items` student records (their ITStudent XML text) into the server's buffer, one at a
// time, a random interval apart; with itemsText the original's plain "P<id>-Item-<n>" instead.
class ProducerClient final : public BufferClient
{
    Q_OBJECT
public:
    explicit ProducerClient(const ClientConfig &config, QObject *parent = nullptr);

    // Item n (1-based) as this producer sends it.
    QJsonValue item(int n) const;

protected:
    std::optional<NativeProtocol::Request> nextRequest() override;
    void handleReply(const NativeProtocol::Reply &reply) override;
    QByteArray legacyRequest() override;
    void handleLegacySuccess(const QJsonValue &item) override;

private:
    StudentGenerator m_generator;
    int m_next = 1; // the item being put
};
