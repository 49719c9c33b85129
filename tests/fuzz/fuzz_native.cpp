// Feeds arbitrary bytes, cut into arbitrary chunks, through MessageReader and the parsers, and
// checks what must hold for any input: no crash or undefined behaviour (the sanitizers), messages
// within the size limit, a reason for every rejection, re-encoded requests that parse back the
// same, one-line native replies, and original-format replies under 1024 bytes.
//
// The first input byte picks the cutting: 0 hands the rest over in one piece, n < 0xF0 in pieces of
// 1 to n bytes (pseudo-random, so the same input always cuts the same way). From 0xF0 up the rest
// is repeated past twice MessageReader::MaxMessageSize and handed over in pieces of up to
// (n - 0xEF) * 4 KiB, so that the size limit and the bound on buffering are reached too; only the
// first messages of such a flood go through the parsers, to keep runs fast.

#include "../network/chunkdevice.h"
#include "legacyprotocol.h"
#include "messagereader.h"
#include "nativeprotocol.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

#define FUZZ_CHECK(condition)                                                                                \
    do {                                                                                                     \
        if (!(condition)) {                                                                                  \
            std::fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #condition);               \
            std::abort();                                                                                    \
        }                                                                                                    \
    } while (false)

void checkNative(QByteArrayView line)
{
    QString error;
    std::optional<NativeProtocol::Op> op;
    const std::optional<NativeProtocol::Request> request = NativeProtocol::parseRequest(line, &error, &op);
    if (!request) {
        FUZZ_CHECK(!error.isEmpty());
        const QByteArray reply = NativeProtocol::errorReply(error, op);
        FUZZ_CHECK(reply.endsWith('\n') && reply.count('\n') == 1);
        const std::optional<NativeProtocol::Reply> parsed = NativeProtocol::parseReply(reply.chopped(1));
        FUZZ_CHECK(parsed && !parsed->ok && parsed->error == error);
        FUZZ_CHECK(parsed->op == (op ? NativeProtocol::opName(*op) : QString()));
        return;
    }
    FUZZ_CHECK(op && *op == request->op);
    const QByteArray encoded = NativeProtocol::encodeRequest(*request);
    FUZZ_CHECK(encoded.endsWith('\n') && encoded.count('\n') == 1);
    const std::optional<NativeProtocol::Request> again
        = NativeProtocol::parseRequest(encoded.chopped(1), &error);
    FUZZ_CHECK(again);
    FUZZ_CHECK(again->op == request->op && again->role == request->role && again->id == request->id);
    FUZZ_CHECK(again->tag == request->tag && again->timeoutMs == request->timeoutMs);
    FUZZ_CHECK(NativeProtocol::encodeRequest(*again) == encoded);
    if (request->op == NativeProtocol::Op::Put) {
        const QByteArray reply
            = NativeProtocol::okReply(NativeProtocol::Op::Take, {{QLatin1StringView("item"), request->item}});
        FUZZ_CHECK(reply.count('\n') == 1);
        FUZZ_CHECK(NativeProtocol::parseReply(reply.chopped(1)).has_value());
    }
}

void checkLegacy(QByteArrayView data)
{
    QString error;
    const std::optional<LegacyProtocol::Request> request = LegacyProtocol::parseRequest(data, &error);
    if (!request) {
        FUZZ_CHECK(!error.isEmpty());
        return;
    }
    const QByteArray produced = LegacyProtocol::producerSuccess(request->exactItem, 15);
    FUZZ_CHECK(produced.size() < LegacyProtocol::MaxReplySize);
    const std::optional<LegacyProtocol::Reply> producedReply = LegacyProtocol::parseReply(produced);
    FUZZ_CHECK(producedReply && producedReply->success && producedReply->bufferSize == 15);

    const QByteArray consumed = LegacyProtocol::consumerSuccess(request->exactItem, 0);
    const QByteArray itemJson = LegacyProtocol::pythonJson(request->exactItem);
    // Only an item too big on its own may push a reply past the limit: around it go 67 bytes,
    // {"status": "success", "item": , "message": "...", "buffer_size": 0}.
    FUZZ_CHECK(consumed.size() < LegacyProtocol::MaxReplySize
               || itemJson.size() + 67 >= LegacyProtocol::MaxReplySize);
    const std::optional<LegacyProtocol::Reply> consumedReply = LegacyProtocol::parseReply(consumed);
    FUZZ_CHECK(consumedReply && consumedReply->success);
    FUZZ_CHECK(LegacyProtocol::pythonJson(consumedReply->exactItem) == itemJson);
    (void)LegacyProtocol::pythonStr(request->item);
    (void)LegacyProtocol::encodeRequest(request->type, request->id, request->item);
}

constexpr int MaxParsedMessages = 64;

struct Stream
{
    int messages = 0;
    bool stopped = false;
};

void drain(MessageReader &reader, Stream &stream)
{
    while (reader.canReadMessage()) {
        FUZZ_CHECK(!stream.stopped);
        const MessageReader::Message message = reader.readMessage();
        if (message.status == MessageReader::Status::Oversized) {
            FUZZ_CHECK(message.data.isEmpty());
            stream.stopped = true;
            continue;
        }
        ++stream.messages;
        FUZZ_CHECK(message.data.size() <= MessageReader::MaxMessageSize);
        FUZZ_CHECK(reader.framing() != MessageReader::Framing::Undecided);
        if (stream.messages > MaxParsedMessages)
            continue;
        if (reader.framing() == MessageReader::Framing::Native) {
            // Lines never hold a newline; the first message may, inside a string of an object
            // read before the framing was known.
            FUZZ_CHECK(stream.messages == 1 || !message.data.contains('\n'));
            checkNative(message.data);
        } else {
            checkLegacy(message.data);
        }
    }
    FUZZ_CHECK(reader.pendingBytes() <= 2 * MessageReader::MaxMessageSize);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    if (size == 0)
        return 0;
    const bool flood = data[0] >= 0xF0;
    const unsigned mode = flood ? (data[0] - 0xEFu) * 4096u : data[0];
    const QByteArrayView input(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    QByteArray repeated;
    if (flood && !input.isEmpty()) {
        while (repeated.size() <= 2 * MessageReader::MaxMessageSize + 1)
            repeated += input;
    }
    const QByteArrayView bytes = flood ? QByteArrayView(repeated) : input;

    ChunkDevice device;
    MessageReader reader(&device);
    Stream stream;
    std::uint32_t state = 0x9e3779b9u ^ mode;
    for (qsizetype position = 0; position < bytes.size();) {
        qsizetype chunk = bytes.size() - position;
        if (mode != 0) {
            state = state * 1664525u + 1013904223u;
            chunk = qMin<qsizetype>(chunk, 1 + (state >> 8) % mode);
        }
        device.feed(bytes.sliced(position, chunk));
        position += chunk;
        drain(reader, stream);
    }

    // The parsers on their own, on the whole input including any newlines.
    const qsizetype objectLength = MessageReader::completeObjectLength(input);
    FUZZ_CHECK(objectLength >= -1 && objectLength <= input.size());
    checkNative(input);
    checkLegacy(input);
    return 0;
}
