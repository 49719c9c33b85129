#pragma once

#include "bufferclient.h"

// Takes `items` items out of the server's buffer, one at a time. A student record is read back
// from its XML text and graded (average, PASS/FAIL); the consumer works on it for the interval and
// then acknowledges it, so the server can forget it. Only acknowledged items count as done: an
// item held when the connection is lost goes back to the server's buffer for someone else.
class ConsumerClient final : public BufferClient
{
    Q_OBJECT
public:
    explicit ConsumerClient(const ClientConfig &config, QObject *parent = nullptr);

protected:
    std::optional<NativeProtocol::Request> nextRequest() override;
    void handleReply(const NativeProtocol::Reply &reply) override;
    void connectionLost() override;
    QByteArray legacyRequest() override;
    void handleLegacySuccess(const QJsonValue &item) override;

private:
    // Grades the item and logs it; returns whether it passed.
    bool process(const QJsonValue &item);

    qint64 m_heldTag = -1; // delivered, processed, not yet acknowledged
    QJsonValue m_held;
    bool m_heldPassed = false;
};
