// Drives BufferServer's connection handling (SocketPoller, reading, framing, backpressure,
// closing) with arbitrary byte streams from up to three clients, over socket pairs that the server
// adopts as accepted connections, and checks what must hold whatever clients do:
//  * no crash, leak-free teardown, no undefined behaviour (the sanitizers);
//  * the event loop always comes back (each pump is bounded; a hang is a libFuzzer timeout);
//  * what the server sends is always a sequence of whole JSON objects;
//  * the server's count adds up after every step (nothing lost), and its buffers stay within
//    their bounds; once it closes, it holds nothing.
//
// The input is a program, one command byte at a time: the high nibble picks the client (mod 3),
// the low nibble the command:
//   0-7  write: a 16-bit little-endian length follows, then that many bytes to send
//   8    flood: one byte r follows; send the last written bytes (or "x") again until r KiB went out
//   9    shut down the client's sending side
//   10   reset the connection (close with SO_LINGER 0)
//   11   close the connection
//   12   read what the server sent
//   13   stop reading until the end (a client that never reads)
//   14   connect again (a new connection for that client)
//   15   set the capacity to (next byte % 8) + 1
// One input sends at most SendBudget bytes in all: the server's work is per message, and without a
// cap a short program of floods would send gigabytes and run for minutes (a libFuzzer timeout that
// says nothing about the server). The budget still holds two over-long lines and enough requests
// to fill a non-reader's outbox past its limit.

#include "bufferserver.h"
#include "messagereader.h"
#include "serverstatistics.h"

#include <QCoreApplication>
#include <QElapsedTimer>

#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace {

#define FUZZ_CHECK(condition)                                                                                \
    do {                                                                                                     \
        if (!(condition)) {                                                                                  \
            std::fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #condition);               \
            std::abort();                                                                                    \
        }                                                                                                    \
    } while (false)

constexpr int Clients = 3;
constexpr qsizetype SendBudget = 640 * 1024;
// What one connection may hold: a full reader and the outbox past its limit by one reply.
constexpr qsizetype PerConnectionBound
    = 2 * MessageReader::MaxMessageSize + BufferServer::OutboxSoftLimit + 2 * MessageReader::MaxMessageSize;

struct Client
{
    int fd = -1;
    bool reading = true;
    QByteArray received;
    bool trimmed = false; // received lost its beginning (it keeps the last part only)
};

QCoreApplication *application()
{
    static int argc = 1;
    static char name[] = "fuzz_server";
    static char *argv[] = {name, nullptr};
    static QCoreApplication *app = new QCoreApplication(argc, argv);
    return app;
}

// Runs the server's event loop until it has nothing more to do, or a bounded number of passes.
void pump()
{
    for (int i = 0; i < 8; ++i)
        QCoreApplication::processEvents(QEventLoop::AllEvents);
}

void drain(Client &client)
{
    if (client.fd < 0)
        return;
    char chunk[65536];
    for (int i = 0; i < 64; ++i) {
        const ssize_t got = ::recv(client.fd, chunk, sizeof chunk, MSG_DONTWAIT);
        if (got <= 0)
            return;
        // Only the shape matters: keep the last part, enough to hold any reply.
        client.received.append(chunk, got);
        if (client.received.size() > 4 * MessageReader::MaxMessageSize) {
            client.received.remove(0, client.received.size() - 2 * MessageReader::MaxMessageSize);
            client.trimmed = true;
        }
    }
}

// Everything received is whole JSON objects, one after the other (the last may still be on its
// way). If the beginning was trimmed, checking starts after the first newline (every native reply
// ends with one; the original format's single reply is never that long).
void checkReplies(const Client &client)
{
    QByteArrayView rest(client.received);
    if (client.trimmed) {
        const qsizetype newline = rest.indexOf('\n');
        if (newline < 0)
            return;
        rest = rest.sliced(newline + 1);
    }
    while (!rest.isEmpty()) {
        const qsizetype length = MessageReader::completeObjectLength(rest);
        FUZZ_CHECK(length >= 0); // never anything but an object
        if (length == 0)
            return; // the rest has not arrived
        rest = rest.sliced(length);
    }
}

// `connections`: adopted so far; closed ones may still be lingering on the server's side.
void checkCounts(const BufferServer &server, int connections)
{
    const ServerStatistics stats = server.statistics();
    FUZZ_CHECK(stats.lost() == 0);
    FUZZ_CHECK(stats.size >= 0 && stats.unacked >= 0);
    FUZZ_CHECK(server.heldBytes() >= 0);
    FUZZ_CHECK(server.heldBytes() <= qsizetype(connections) * PerConnectionBound);
}

bool connectClient(BufferServer &server, Client &client)
{
    int pair[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0)
        return false;
    ::fcntl(pair[0], F_SETFL, ::fcntl(pair[0], F_GETFL) | O_NONBLOCK);
    client.fd = pair[0];
    client.reading = true;
    client.received.clear();
    client.trimmed = false;
    return server.adoptConnection(pair[1]);
}

void closeClient(Client &client, bool reset)
{
    if (client.fd < 0)
        return;
    if (reset) {
        const linger abortive {1, 0};
        ::setsockopt(client.fd, SOL_SOCKET, SO_LINGER, &abortive, sizeof abortive);
    }
    ::close(client.fd);
    client.fd = -1;
}

// Sends what fits now, within what is left of `budget`; a server that stops reading (backpressure)
// leaves the rest unsent.
void sendSome(Client &client, QByteArrayView bytes, qsizetype &budget)
{
    bytes = bytes.first(qMin(bytes.size(), budget));
    qsizetype done = 0;
    for (int tries = 0; client.fd >= 0 && done < bytes.size() && tries < 64; ++tries) {
        const ssize_t sent = ::send(client.fd, bytes.data() + done, size_t(bytes.size() - done),
                                    MSG_NOSIGNAL | MSG_DONTWAIT);
        if (sent > 0) {
            done += sent;
            continue;
        }
        pump();
        if (client.reading)
            drain(client);
    }
    budget -= done;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    application();
    BufferServer server;
    server.setCapacity(3);
    std::array<Client, Clients> clients;
    for (Client &client : clients)
        FUZZ_CHECK(connectClient(server, client));
    QByteArray last = "x";
    int adopted = Clients;
    qsizetype budget = SendBudget;

    size_t at = 0;
    auto next = [&]() -> int { return at < size ? data[at++] : -1; };
    while (at < size) {
        const int command = next();
        Client &client = clients[size_t((command >> 4) % Clients)];
        switch (command & 0x0F) {
        case 8: {
            const int kib = qMax(0, next());
            const QByteArray flood = last.repeated(qMax<qsizetype>(1, kib * 1024 / last.size() + 1));
            sendSome(client,
                     QByteArrayView(flood).first(qMin<qsizetype>(flood.size(), qsizetype(kib) * 1024)),
                     budget);
            break;
        }
        case 9:
            if (client.fd >= 0)
                ::shutdown(client.fd, SHUT_WR);
            break;
        case 10:
            closeClient(client, true);
            break;
        case 11:
            closeClient(client, false);
            break;
        case 12:
            drain(client);
            break;
        case 13:
            client.reading = false;
            break;
        case 14:
            closeClient(client, false);
            FUZZ_CHECK(connectClient(server, client));
            ++adopted;
            break;
        case 15:
            server.setCapacity(qMax(0, next()) % 8 + 1);
            break;
        default: {
            const int low = qMax(0, next());
            const int high = qMax(0, next());
            const size_t length = qMin(size - at, size_t(low | (high << 8)));
            last = QByteArray(reinterpret_cast<const char *>(data + at), qsizetype(length));
            at += length;
            if (last.isEmpty())
                last = "x";
            sendSome(client, last, budget);
            break;
        }
        }
        pump();
        for (Client &c : clients) {
            if (c.fd >= 0 && c.reading)
                drain(c);
        }
        checkCounts(server, adopted);
    }
    for (Client &client : clients) {
        drain(client);
        checkReplies(client);
    }
    server.close();
    FUZZ_CHECK(server.heldBytes() == 0);
    FUZZ_CHECK(server.statistics().lost() == 0);
    for (Client &client : clients)
        closeClient(client, false);
    return 0;
}
