#include "producerclient.h"

#include "legacyprotocol.h"
#include "studentxml.h"

using namespace Qt::StringLiterals;

ProducerClient::ProducerClient(const ClientConfig &config, QObject *parent)
    : BufferClient(NativeProtocol::Role::Producer, config, parent)
    , m_generator(config.seed ^ (quint64(qHash(config.id)) * 0x9E3779B97F4A7C15ull))
{ }

QJsonValue ProducerClient::item(int n) const
{
    if (config().itemsText)
        return u"P%1-Item-%2"_s.arg(config().id).arg(n);
    return QString::fromUtf8(StudentXml::toXml(m_generator.generate(n)));
}

std::optional<NativeProtocol::Request> ProducerClient::nextRequest()
{
    NativeProtocol::Request request;
    request.op = NativeProtocol::Op::Put;
    request.item = item(m_next);
    return request;
}

void ProducerClient::handleReply(const NativeProtocol::Reply &reply)
{
    if (!reply.ok) {
        // A refused put is not retried blindly: something is wrong with it.
        itemFailed(u"item %1 refused: %2"_s.arg(m_next).arg(reply.error));
    } else {
        const QJsonValue sent = item(m_next);
        itemDone(sent);
        log(u"put item %1 (buffer %2)"_s.arg(m_next).arg(reply.object.value(u"size"_s).toInt()));
    }
    ++m_next;
    afterItem();
}

QByteArray ProducerClient::legacyRequest()
{
    return LegacyProtocol::encodeRequest(LegacyProtocol::Type::Producer, config().id, item(m_next));
}

void ProducerClient::handleLegacySuccess(const QJsonValue &)
{
    itemDone(item(m_next));
    log(u"put item %1"_s.arg(m_next));
    ++m_next;
    afterItem();
}
