#include "consumerclient.h"

#include "eventformatter.h"
#include "legacyprotocol.h"
#include "studentxml.h"

using namespace Qt::StringLiterals;
using Op = NativeProtocol::Op;

ConsumerClient::ConsumerClient(const ClientConfig &config, QObject *parent)
    : BufferClient(NativeProtocol::Role::Consumer, config, parent)
{ }

std::optional<NativeProtocol::Request> ConsumerClient::nextRequest()
{
    NativeProtocol::Request request;
    if (m_heldTag >= 0) {
        request.op = Op::Ack;
        request.tag = m_heldTag;
    } else {
        request.op = Op::Take;
    }
    return request;
}

void ConsumerClient::handleReply(const NativeProtocol::Reply &reply)
{
    if (reply.op == u"take"_s) {
        if (!reply.ok) {
            itemFailed(u"take refused: %1"_s.arg(reply.error));
            afterItem();
            return;
        }
        m_held = reply.object.value(u"item"_s);
        m_heldTag = reply.object.value(u"tag"_s).toInteger(-1);
        setState(State::Processing);
        m_heldPassed = process(m_held);
        sendAfterInterval(State::Processing, *nextRequest()); // the ack, after working on it
        return;
    }
    if (reply.op == u"ack"_s) {
        if (reply.ok)
            itemDone(m_held, m_heldPassed);
        else
            log(u"acknowledgement refused: %1"_s.arg(reply.error), true);
        m_heldTag = -1;
        m_held = QJsonValue();
        proceedNow(); // the interval was spent working on the item
        return;
    }
    log(u"unexpected reply: %1"_s.arg(reply.error.isEmpty() ? reply.op : reply.error), true);
}

void ConsumerClient::connectionLost()
{
    // An item taken but not acknowledged goes back to the server's buffer: it is not ours any more.
    if (m_heldTag >= 0)
        log(u"item with tag %1 was not acknowledged; the server puts it back"_s.arg(m_heldTag), true);
    m_heldTag = -1;
    m_held = QJsonValue();
}

QByteArray ConsumerClient::legacyRequest()
{
    return LegacyProtocol::encodeRequest(LegacyProtocol::Type::Consumer, config().id);
}

void ConsumerClient::handleLegacySuccess(const QJsonValue &item)
{
    setState(State::Processing);
    itemDone(item, process(item));
    afterItem();
}

bool ConsumerClient::process(const QJsonValue &item)
{
    const QString text = item.isString() ? item.toString() : QString::fromUtf8(NativeProtocol::toJson(item));
    if (!text.contains(u"<ITStudent"_s)) {
        log(u"consumed %1"_s.arg(text.left(200)));
        return false;
    }
    const StudentXml::ReadResult read = StudentXml::fromXml(text.toUtf8(), u"item"_s);
    if (!read.ok()) {
        log(u"consumed a record that does not read back: %1"_s.arg(read.error), true);
        return false;
    }
    log(u"processed %1"_s.arg(EventFormatter::describe(read.student)));
    return read.student.passed();
}
