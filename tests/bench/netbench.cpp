// bufferlab-netbench: the buffer server under network load, next to Redis used as a reliable
// queue. Prints medians of several runs; it never decides pass or fail on a time. It exits
// non-zero only when an item is lost, duplicated or altered, or when something cannot start.
//
//   bufferlab-netbench [--runs N] [--capacity N] [--baseline BUFFERLAB] [throughput] [redis] [idle]
//   (no section: all; --baseline measures another build's server in turn with this one, instead
//   of Redis)
//
// Each server runs as a child process and the load generator drives it from one thread of this
// process with non-blocking sockets and epoll, so the two never share a thread and the generator
// costs little next to what it measures. N producer and N consumer connections each keep exactly
// one request in flight: a producer puts, a consumer takes and then acknowledges. Every item is a
// generated ITStudent record, its XML text as a JSON string, with the item's sequence number as
// its StudentID, so the consumer can find when its put was sent and check it was delivered once.
// Beside items/s and latency it prints the server's CPU time per item (from /proc), which other
// work on a shared machine disturbs much less than it disturbs the rates.

#include "itstudent.h"
#include "nativeprotocol.h"
#include "studentgenerator.h"
#include "studentxml.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QThread>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {

int g_runs = 3;

constexpr qint64 SecondNs = 1'000'000'000;
// A run that makes no progress for this long has lost an item or a connection: report, don't hang.
constexpr qint64 StallNs = 10 * SecondNs;
// How many connections may wait for their hello reply at once: Qt's listen backlog is 50, and a
// full backlog turns a connect into a one-second SYN retry.
constexpr int ConnectBatch = 32;

qint64 nowNs()
{
    timespec now {};
    clock_gettime(CLOCK_MONOTONIC, &now);
    return qint64(now.tv_sec) * SecondNs + now.tv_nsec;
}

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    const std::size_t n = values.size();
    return n == 0 ? 0.0 : (n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2.0);
}

// "1234 items/s [1200, 1300]": the median and the range of the runs.
QByteArray spread(const std::vector<double> &values, const char *unit, int decimals = 0)
{
    const auto [low, high] = std::minmax_element(values.begin(), values.end());
    return u"%1 %2 [%3, %4]"_s.arg(median(values), 0, 'f', decimals)
        .arg(QLatin1StringView(unit))
        .arg(*low, 0, 'f', decimals)
        .arg(*high, 0, 'f', decimals)
        .toUtf8();
}

void printValue(const QString &label, const std::vector<double> &values, const char *unit, int decimals = 0)
{
    std::printf("  %-40s %s\n", label.toUtf8().constData(), spread(values, unit, decimals).constData());
    std::fflush(stdout);
}

qint64 threadCpuNs()
{
    timespec cpu {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &cpu);
    return qint64(cpu.tv_sec) * SecondNs + cpu.tv_nsec;
}

// CPU time of every thread of a process so far, in nanoseconds (the first field of each
// thread's schedstat); -1 if it cannot be read.
qint64 processCpuNs(qint64 pid)
{
    const QString tasks = u"/proc/%1/task"_s.arg(pid);
    qint64 total = -1;
    for (const QString &task : QDir(tasks).entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile schedstat(tasks + u'/' + task + u"/schedstat"_s);
        if (schedstat.open(QIODevice::ReadOnly))
            total = std::max<qint64>(total, 0) + schedstat.readAll().split(' ').value(0).toLongLong();
    }
    return total;
}

void printError(const QString &error)
{
    std::fflush(stdout);
    std::fprintf(stderr, "error: %s\n", error.toUtf8().constData());
    std::fflush(stderr);
}

qint64 numberAt(std::string_view text, std::size_t from)
{
    qint64 value = -1;
    if (from < text.size())
        std::from_chars(text.data() + from, text.data() + text.size(), value);
    return value;
}

// A blocking connection to 127.0.0.1:port with Nagle off, or -1. Not inherited by child processes.
int connectLocal(quint16 port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<const sockaddr *>(&address), sizeof address) != 0) {
        ::close(fd);
        return -1;
    }
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

// A port nobody listens on right now. Another program could take it before the server does; the
// server then fails to start and says so.
quint16 freePort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    const quint16 port = probe.serverPort();
    probe.close();
    return port;
}

enum class Role { Producer, Consumer };

// One reply, pointing into the receive buffer it was parsed from.
struct Reply
{
    bool ok = false;
    std::string_view text; // the whole reply, for error messages
    std::string_view item; // a take's item, exactly as the server sent it
    qint64 tag = -1; // native take: the tag the ack must name
    qint64 number = -1; // native: "size" (queue length after a put); RESP: an integer reply
};

// What the load generator needs to know about a server: how its requests look, where a reply
// ends, and how to tell that it has noticed every closed connection and holds no item.
class Dialect
{
public:
    virtual ~Dialect() = default;
    virtual QString name() const = 0;
    virtual std::string hello(Role role, const std::string &id) const = 0;
    // Built before a run, one per item, so the measured loop only copies bytes.
    virtual std::string put(std::string_view payload) const = 0;
    virtual const std::string &take() const = 0;
    virtual void appendAck(std::string &out, const Reply &taken) const = 0;
    virtual bool ackDone(const Reply &reply) const = 0;
    // Length of the complete reply at the start of `in`, 0 while it is incomplete.
    virtual std::size_t parse(std::string_view in, Reply *reply) const = 0;
    // Waits until only `held` producer and `held` consumer connections remain and no item is left
    // (queued or delivered without ack). On failure sets *error.
    virtual bool settle(quint16 port, int held, QString *error) const = 0;
};

// One request on a fresh blocking connection, for status checks outside the measured loop.
std::optional<std::string> ask(quint16 port, const Dialect &dialect, std::string_view request)
{
    const int fd = connectLocal(port);
    if (fd < 0)
        return std::nullopt;
    const timeval timeout {5, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
    std::optional<std::string> answer;
    if (::send(fd, request.data(), request.size(), MSG_NOSIGNAL) == ssize_t(request.size())) {
        std::string in;
        char buffer[16 * 1024];
        for (;;) {
            Reply reply;
            if (const std::size_t length = dialect.parse(in, &reply)) {
                answer = in.substr(0, length);
                break;
            }
            const ssize_t got = ::recv(fd, buffer, sizeof buffer, 0);
            if (got <= 0)
                break;
            in.append(buffer, std::size_t(got));
        }
    }
    ::close(fd);
    return answer;
}

// BufferLab's native protocol (see NativeProtocol).
class NativeDialect : public Dialect
{
public:
    QString name() const override { return u"BufferLab"_s; }

    std::string hello(Role role, const std::string &id) const override
    {
        NativeProtocol::Request request;
        request.op = NativeProtocol::Op::Hello;
        request.role
            = role == Role::Producer ? NativeProtocol::Role::Producer : NativeProtocol::Role::Consumer;
        request.id = QString::fromStdString(id);
        return NativeProtocol::encodeRequest(request).toStdString();
    }

    std::string put(std::string_view payload) const override
    {
        // What encodeRequest() writes for a put of this item, without parsing the item back.
        return R"({"op":"put","item":)" + std::string(payload) + "}\n";
    }

    const std::string &take() const override { return m_take; }

    void appendAck(std::string &out, const Reply &taken) const override
    {
        char line[64];
        const int length = std::snprintf(line, sizeof line, "{\"op\":\"ack\",\"tag\":%lld}\n", taken.tag);
        out.append(line, std::size_t(length));
    }

    bool ackDone(const Reply &reply) const override { return reply.ok; }

    std::size_t parse(std::string_view in, Reply *reply) const override
    {
        const std::size_t end = in.find('\n');
        if (end == std::string_view::npos)
            return 0;
        const std::string_view line = in.substr(0, end);
        reply->text = line;
        reply->ok = line.starts_with(R"({"ok":true,)");
        // Fields are found by name rather than by parsing the JSON, which would cost more than the
        // server's work per reply. The item is a JSON string, where every quote is escaped, so
        // none of these names can match inside it; "tag" and "size" follow the item.
        if (const std::size_t item = line.find(R"("item":)"); item != std::string_view::npos) {
            const std::size_t tag = line.rfind(R"(,"tag":)");
            if (tag != std::string_view::npos && tag > item) {
                reply->item = line.substr(item + 7, tag - item - 7);
                reply->tag = numberAt(line, tag + 7);
            }
        }
        if (const std::size_t size = line.rfind(R"("size":)"); size != std::string_view::npos)
            reply->number = numberAt(line, size + 7);
        return end + 1;
    }

    bool settle(quint16 port, int held, QString *error) const override
    {
        static const std::string status = R"({"op":"status"})"
                                          "\n";
        const qint64 deadline = nowNs() + StallNs;
        QString last = u"no reply to status"_s;
        while (nowNs() < deadline) {
            if (const std::optional<std::string> text = ask(port, *this, status)) {
                const auto reply = NativeProtocol::parseReply(QByteArrayView(text->data(), text->size() - 1));
                if (reply && reply->ok) {
                    const QJsonObject o = reply->object;
                    if (o.value("producers"_L1).toInt() == held && o.value("consumers"_L1).toInt() == held
                        && o.value("waiting_producers"_L1).toInt() == 0
                        && o.value("waiting_consumers"_L1).toInt() == 0 && o.value("size"_L1).toInt() == 0
                        && o.value("unacked"_L1).toInt() == 0)
                        return true;
                }
                last = QString::fromStdString(*text).trimmed();
            }
            QThread::msleep(10);
        }
        *error = u"the server still reports %1 after a run (expected %2 producer(s) and %2 consumer(s), "
                 "nothing waiting, nothing in the buffer or unacknowledged)"_s.arg(last)
                     .arg(held);
        return false;
    }

private:
    std::string m_take = [] {
        NativeProtocol::Request request;
        request.op = NativeProtocol::Op::Take;
        return NativeProtocol::encodeRequest(request).toStdString();
    }();
};

std::string resp(std::initializer_list<std::string_view> arguments)
{
    std::string out = "*" + std::to_string(arguments.size()) + "\r\n";
    for (const std::string_view argument : arguments) {
        out += "$" + std::to_string(argument.size()) + "\r\n";
        out += argument;
        out += "\r\n";
    }
    return out;
}

// Redis as a reliable queue: LPUSH to put, BLMOVE into a processing list to take, and LREM from
// it to acknowledge, so that an item a consumer dies with is still in Redis.
class RedisDialect : public Dialect
{
public:
    QString name() const override { return u"Redis"_s; }

    // Redis has no hello; a PING makes sure the connection is accepted before the clock starts.
    std::string hello(Role, const std::string &) const override { return resp({"PING"}); }

    std::string put(std::string_view payload) const override { return resp({"LPUSH", "queue", payload}); }

    const std::string &take() const override { return m_take; }

    void appendAck(std::string &out, const Reply &taken) const override
    {
        out += resp({"LREM", "processing", "1", taken.item});
    }

    // LREM answers how many it removed: 0 would mean the item was not in the processing list.
    bool ackDone(const Reply &reply) const override { return reply.ok && reply.number == 1; }

    std::size_t parse(std::string_view in, Reply *reply) const override
    {
        const std::size_t end = in.find("\r\n");
        if (end == std::string_view::npos)
            return 0;
        const std::string_view line = in.substr(0, end);
        reply->text = line;
        switch (line.empty() ? '\0' : line.front()) {
        case '+':
            reply->ok = true;
            return end + 2;
        case '-':
            return end + 2;
        case ':':
            reply->ok = true;
            reply->number = numberAt(line, 1);
            return end + 2;
        case '$': {
            const qint64 length = numberAt(line, 1);
            if (length < 0) // nil: no item
                return end + 2;
            if (in.size() < end + 2 + std::size_t(length) + 2)
                return 0;
            reply->ok = true;
            reply->item = in.substr(end + 2, std::size_t(length));
            reply->text = in.substr(0, end + 2 + std::size_t(length));
            return end + 2 + std::size_t(length) + 2;
        }
        default:
            // Nothing this benchmark sends is answered with an array; give up on the stream.
            return in.size();
        }
    }

    bool settle(quint16 port, int held, QString *error) const override
    {
        const qint64 deadline = nowNs() + StallNs;
        QString last = u"no reply to INFO"_s;
        const std::string expected = "connected_clients:" + std::to_string(2 * held + 1) + "\r\n";
        while (nowNs() < deadline) {
            if (const std::optional<std::string> info = ask(port, *this, resp({"INFO", "clients"}))) {
                if (info->find(expected) != std::string::npos
                    && info->find("blocked_clients:0\r\n") != std::string::npos)
                    break;
                last = QString::fromStdString(*info).simplified();
            }
            QThread::msleep(10);
        }
        if (nowNs() >= deadline) {
            *error = u"Redis still reports \"%1\" after a run"_s.arg(last);
            return false;
        }
        for (const std::string_view list : {"queue", "processing"}) {
            const std::optional<std::string> length = ask(port, *this, resp({"LLEN", list}));
            if (!length || *length != ":0\r\n") {
                *error = u"Redis list \"%1\" is not empty after a run: %2"_s.arg(
                    QString::fromUtf8(list.data(), list.size()),
                    length ? QString::fromStdString(*length).trimmed() : u"no reply"_s);
                return false;
            }
        }
        return true;
    }

private:
    std::string m_take = resp({"BLMOVE", "queue", "processing", "RIGHT", "LEFT", "0"});
};

// One payload per sequence number: the JSON text of a generated record's XML, its StudentID
// replaced by the zero-padded sequence number.
std::vector<std::string> makePayloads(int count)
{
    const StudentGenerator generator(1);
    std::vector<std::string> payloads;
    payloads.reserve(std::size_t(count));
    for (int seq = 0; seq < count; ++seq) {
        ITStudent student = generator.generate(seq + 1);
        student.studentId = QString::number(seq).rightJustified(8, u'0');
        const QByteArray json = NativeProtocol::toJson(QString::fromUtf8(StudentXml::toXml(student)));
        payloads.emplace_back(json.constData(), std::size_t(json.size()));
    }
    return payloads;
}

int sequenceOf(std::string_view item)
{
    static constexpr std::string_view open = "<StudentID>";
    const std::size_t at = item.find(open);
    return at == std::string_view::npos ? -1 : int(numberAt(item, at + open.size()));
}

// The client side of a run: connections on non-blocking sockets, all driven by epoll in the
// calling thread. Every connection keeps exactly one request in flight.
class LoadGenerator
{
public:
    struct Result
    {
        double itemsPerSecond = 0;
        double p50Us = 0;
        double p99Us = 0;
        double longestQueue = 0; // the longest queue a put reply reported
        double generatorCpuUs = 0; // this thread's CPU time per item
    };

    LoadGenerator(const Dialect &dialect, quint16 port)
        : m_dialect(dialect), m_port(port), m_epoll(::epoll_create1(EPOLL_CLOEXEC))
    { }
    ~LoadGenerator()
    {
        closeAll();
        if (m_epoll >= 0)
            ::close(m_epoll);
    }
    LoadGenerator(const LoadGenerator &) = delete;
    LoadGenerator &operator=(const LoadGenerator &) = delete;

    // Opens the connections and waits for every hello reply, outside any measurement. Ids are
    // "<prefix>P1".. and "<prefix>C1..": one client per connection, as separate programs would be.
    bool open(int producers, int consumers, const std::string &prefix, QString *error)
    {
        std::vector<std::pair<Role, std::string>> wanted;
        for (int i = 1; i <= producers; ++i)
            wanted.emplace_back(Role::Producer, prefix + "P" + std::to_string(i));
        for (int i = 1; i <= consumers; ++i)
            wanted.emplace_back(Role::Consumer, prefix + "C" + std::to_string(i));
        for (std::size_t first = 0; first < wanted.size(); first += ConnectBatch) {
            const std::size_t last = std::min(wanted.size(), first + ConnectBatch);
            for (std::size_t i = first; i < last; ++i) {
                if (!connectOne(wanted[i].first, wanted[i].second))
                    return fail(error,
                                u"cannot connect to 127.0.0.1 port %1 (%2 connections open): %3"_s.arg(m_port)
                                    .arg(m_connections.size())
                                    .arg(QString::fromLocal8Bit(std::strerror(errno))));
            }
            m_progressNs = nowNs();
            while (m_hellosPending > 0 && m_error.isEmpty()) {
                pump(100);
                if (nowNs() - m_progressNs > StallNs)
                    m_error
                        = u"%1 hello(s) unanswered after %2 s"_s.arg(m_hellosPending).arg(StallNs / SecondNs);
            }
            if (!m_error.isEmpty())
                return fail(error, m_error);
        }
        return true;
    }

    // Moves items 0..items-1 from the producers to the consumers and acks each; then checks that
    // every item was taken exactly once, unaltered.
    std::optional<Result> transfer(int items, const std::vector<std::string> &puts,
                                   const std::vector<std::string> &payloads, QString *error)
    {
        m_items = items;
        m_puts = &puts;
        m_payloads = &payloads;
        m_nextSeq = 0;
        m_acked = 0;
        m_duplicates = 0;
        m_corrupted = 0;
        m_longestQueue = 0;
        m_sentNs.assign(std::size_t(items), 0);
        m_counts.assign(std::size_t(items), 0);
        m_latencyNs.clear();
        m_latencyNs.reserve(std::size_t(items));

        const qint64 startCpuNs = threadCpuNs();
        const qint64 startNs = nowNs();
        m_progressNs = startNs;
        for (const auto &connection : m_connections) {
            if (connection->role == Role::Producer)
                nextPut(*connection);
            else
                takeNext(*connection);
        }
        while (m_acked < m_items && m_error.isEmpty()) {
            pump(100);
            if (nowNs() - m_progressNs > StallNs)
                m_error = u"stalled: %1 of %2 item(s) acknowledged, %3 put, nothing happened for %4 s"_s
                              .arg(m_acked)
                              .arg(m_items)
                              .arg(m_nextSeq)
                              .arg(StallNs / SecondNs);
        }
        const qint64 cpuNs = threadCpuNs() - startCpuNs;
        if (!m_error.isEmpty()) {
            fail(error, m_error);
            return std::nullopt;
        }
        const int missing = int(std::count(m_counts.begin(), m_counts.end(), 0));
        if (missing > 0 || m_duplicates > 0 || m_corrupted > 0) {
            fail(error,
                 u"delivery check failed: of %1 item(s), %2 never taken, %3 taken more than once, "
                 "%4 arrived altered"_s.arg(m_items)
                     .arg(missing)
                     .arg(m_duplicates)
                     .arg(m_corrupted));
            return std::nullopt;
        }

        std::sort(m_latencyNs.begin(), m_latencyNs.end());
        // Nearest rank: the smallest latency at least q of the items did not exceed.
        const auto percentileUs = [&](double q) {
            const std::size_t rank = std::size_t(std::ceil(q * double(m_latencyNs.size())));
            return double(m_latencyNs[std::max<std::size_t>(rank, 1) - 1]) / 1e3;
        };
        Result result;
        result.itemsPerSecond = double(m_items) / (double(m_lastAckNs - startNs) / 1e9);
        result.p50Us = percentileUs(0.50);
        result.p99Us = percentileUs(0.99);
        result.longestQueue = double(m_longestQueue);
        result.generatorCpuUs = double(cpuNs) / 1e3 / m_items;
        return result;
    }

    void closeAll()
    {
        for (const auto &connection : m_connections)
            ::close(connection->fd);
        m_connections.clear();
        m_hellosPending = 0;
    }

private:
    enum class Await { Nothing, Hello, Put, Take, Ack };
    struct Connection
    {
        int fd = -1;
        Role role = Role::Producer;
        Await await = Await::Nothing;
        std::string in;
        std::string out; // what the socket did not take yet
    };

    bool fail(QString *error, const QString &why)
    {
        *error = u"%1: %2"_s.arg(m_dialect.name(), why);
        return false;
    }

    bool connectOne(Role role, const std::string &id)
    {
        const int fd = connectLocal(m_port);
        if (fd < 0)
            return false;
        ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
        auto connection = std::make_unique<Connection>();
        connection->fd = fd;
        connection->role = role;
        epoll_event event {};
        event.events = EPOLLIN;
        event.data.ptr = connection.get();
        if (::epoll_ctl(m_epoll, EPOLL_CTL_ADD, fd, &event) != 0) {
            ::close(fd);
            return false;
        }
        Connection &c = *connection;
        m_connections.push_back(std::move(connection));
        c.await = Await::Hello;
        ++m_hellosPending;
        send(c, m_dialect.hello(role, id));
        return true;
    }

    void send(Connection &c, std::string_view bytes)
    {
        if (c.out.empty()) {
            const ssize_t sent = ::send(c.fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
            if (sent == ssize_t(bytes.size()))
                return;
            if (sent < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
                m_error = u"send failed: %1"_s.arg(QString::fromLocal8Bit(std::strerror(errno)));
                return;
            }
            bytes.remove_prefix(std::size_t(std::max<ssize_t>(sent, 0)));
            watchWritable(c, true);
        }
        c.out.append(bytes);
    }

    void watchWritable(Connection &c, bool on)
    {
        epoll_event event {};
        event.events = on ? EPOLLIN | EPOLLOUT : EPOLLIN;
        event.data.ptr = &c;
        ::epoll_ctl(m_epoll, EPOLL_CTL_MOD, c.fd, &event);
    }

    void nextPut(Connection &c)
    {
        if (m_nextSeq >= m_items) {
            c.await = Await::Nothing;
            return;
        }
        const int seq = m_nextSeq++;
        c.await = Await::Put;
        m_sentNs[std::size_t(seq)] = nowNs();
        send(c, (*m_puts)[std::size_t(seq)]);
    }

    void takeNext(Connection &c)
    {
        c.await = Await::Take;
        send(c, m_dialect.take());
    }

    void pump(int timeoutMs)
    {
        epoll_event events[256];
        const int ready = ::epoll_wait(m_epoll, events, 256, timeoutMs);
        for (int i = 0; i < ready && m_error.isEmpty(); ++i) {
            Connection &c = *static_cast<Connection *>(events[i].data.ptr);
            if (events[i].events & EPOLLOUT)
                flush(c);
            if (events[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR))
                receive(c);
        }
    }

    void flush(Connection &c)
    {
        const ssize_t sent = ::send(c.fd, c.out.data(), c.out.size(), MSG_NOSIGNAL);
        if (sent < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
            m_error = u"send failed: %1"_s.arg(QString::fromLocal8Bit(std::strerror(errno)));
            return;
        }
        c.out.erase(0, std::size_t(std::max<ssize_t>(sent, 0)));
        if (c.out.empty())
            watchWritable(c, false);
    }

    void receive(Connection &c)
    {
        for (;;) {
            const ssize_t got = ::recv(c.fd, m_buffer, sizeof m_buffer, 0);
            if (got > 0) {
                c.in.append(m_buffer, std::size_t(got));
                if (std::size_t(got) < sizeof m_buffer)
                    break;
                continue;
            }
            if (got == 0) {
                m_error = u"the server closed a connection"_s;
                return;
            }
            if (errno == EAGAIN || errno == EWOULDBLOCK)
                break;
            m_error = u"receive failed: %1"_s.arg(QString::fromLocal8Bit(std::strerror(errno)));
            return;
        }
        // One timestamp for everything this read brought: replies to one connection arrive in order
        // and at most one is outstanding, so there is rarely more than one.
        const qint64 now = nowNs();
        std::size_t offset = 0;
        while (m_error.isEmpty()) {
            Reply reply;
            const std::size_t length = m_dialect.parse(std::string_view(c.in).substr(offset), &reply);
            if (length == 0)
                break;
            onReply(c, reply, now);
            offset += length;
        }
        c.in.erase(0, offset);
    }

    void onReply(Connection &c, const Reply &reply, qint64 now)
    {
        m_progressNs = now;
        const auto refuse = [&](const char *what) {
            m_error = u"%1 refused: %2"_s.arg(QString::fromLatin1(what),
                                              QString::fromUtf8(reply.text.data(), reply.text.size()));
        };
        switch (c.await) {
        case Await::Hello:
            if (!reply.ok)
                return refuse("hello");
            --m_hellosPending;
            c.await = Await::Nothing;
            return;
        case Await::Put:
            if (!reply.ok)
                return refuse("put");
            m_longestQueue = std::max(m_longestQueue, reply.number);
            return nextPut(c);
        case Await::Take: {
            if (!reply.ok || reply.item.empty())
                return refuse("take");
            const int seq = sequenceOf(reply.item);
            if (seq < 0 || seq >= m_items || reply.item != (*m_payloads)[std::size_t(seq)])
                ++m_corrupted;
            else if (m_counts[std::size_t(seq)]++ > 0)
                ++m_duplicates;
            else
                m_latencyNs.push_back(now - m_sentNs[std::size_t(seq)]);
            c.await = Await::Ack;
            std::string ack;
            m_dialect.appendAck(ack, reply);
            return send(c, ack);
        }
        case Await::Ack:
            if (!m_dialect.ackDone(reply))
                return refuse("ack");
            ++m_acked;
            m_lastAckNs = now;
            if (m_acked < m_items)
                return takeNext(c);
            c.await = Await::Nothing;
            return;
        case Await::Nothing:
            m_error = u"a reply nobody asked for: %1"_s.arg(
                QString::fromUtf8(reply.text.data(), reply.text.size()));
            return;
        }
    }

    const Dialect &m_dialect;
    quint16 m_port = 0;
    int m_epoll = -1;
    std::vector<std::unique_ptr<Connection>> m_connections; // epoll holds pointers into these
    int m_hellosPending = 0;
    QString m_error;
    char m_buffer[64 * 1024];

    int m_items = 0;
    const std::vector<std::string> *m_puts = nullptr;
    const std::vector<std::string> *m_payloads = nullptr;
    int m_nextSeq = 0;
    int m_acked = 0;
    int m_duplicates = 0;
    int m_corrupted = 0;
    qint64 m_longestQueue = 0;
    qint64 m_progressNs = 0;
    qint64 m_lastAckNs = 0;
    std::vector<qint64> m_sentNs; // by sequence number
    std::vector<quint8> m_counts; // takes by sequence number
    std::vector<qint64> m_latencyNs;
};

// A server in a child process, started and waited for until it accepts connections.
class ChildServer
{
public:
    ChildServer() = default;
    ~ChildServer() { stop(); }
    ChildServer(const ChildServer &) = delete;
    ChildServer &operator=(const ChildServer &) = delete;

    bool start(const QString &program, const QStringList &arguments, quint16 port, QString *error)
    {
        // Output goes to files: nobody reads a pipe while the generator runs, and a full pipe
        // would stop the server.
        m_process.setStandardOutputFile(m_dir.filePath(u"stdout"_s));
        m_process.setStandardErrorFile(m_dir.filePath(u"stderr"_s));
        // A benchmark stopped with Ctrl+C (or killed by a closed pipe) must not leave its
        // servers running.
        m_process.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGTERM); });
        m_process.start(program, arguments);
        if (!m_process.waitForStarted(10'000)) {
            *error = u"cannot start %1: %2"_s.arg(program, m_process.errorString());
            return false;
        }
        const qint64 deadline = nowNs() + StallNs;
        while (nowNs() < deadline) {
            if (const int fd = connectLocal(port); fd >= 0) {
                ::close(fd);
                return true;
            }
            if (m_process.waitForFinished(20)) {
                *error = u"%1 %2 exited with %3 before accepting connections: %4"_s.arg(
                    program, arguments.join(u' '), QString::number(m_process.exitCode()),
                    QString::fromUtf8(readFile(u"stderr"_s) + readFile(u"stdout"_s)).trimmed());
                return false;
            }
        }
        *error = u"%1 accepts no connection on port %2 after %3 s"_s.arg(program).arg(port).arg(StallNs
                                                                                                / SecondNs);
        stop();
        return false;
    }

    qint64 pid() const { return m_process.processId(); }

    // VmRSS in KiB, or -1.
    qint64 residentKb() const
    {
        QFile status(u"/proc/%1/status"_s.arg(pid()));
        if (!status.open(QIODevice::ReadOnly))
            return -1;
        for (const QByteArray &line : status.readAll().split('\n')) {
            if (line.startsWith("VmRSS:"))
                return line.mid(6).trimmed().split(' ').value(0).toLongLong();
        }
        return -1;
    }

    // SIGTERM, then waits; returns what the server printed on stdout.
    QByteArray stop()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.terminate();
            if (!m_process.waitForFinished(10'000)) {
                m_process.kill();
                m_process.waitForFinished(5'000);
            }
        }
        return readFile(u"stdout"_s);
    }

private:
    QByteArray readFile(const QString &name) const
    {
        QFile file(m_dir.filePath(name));
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }

    QTemporaryDir m_dir;
    QProcess m_process;
};

struct Series
{
    std::vector<double> itemsPerSecond, p50Us, p99Us, longestQueue, serverCpuUs, generatorCpuUs;

    void append(const Series &other)
    {
        for (auto member : {&Series::itemsPerSecond, &Series::p50Us, &Series::p99Us, &Series::longestQueue,
                            &Series::serverCpuUs, &Series::generatorCpuUs})
            (this->*member).insert((this->*member).end(), (other.*member).begin(), (other.*member).end());
    }
};

struct Load
{
    int pairs;
    int items;
};
constexpr Load Loads[] = {{1, 20'000}, {4, 40'000}, {50, 40'000}};

QString loadLabel(const Load &load)
{
    return u"%1+%1 connections, %2 items"_s.arg(load.pairs).arg(load.items);
}

// A warm-up run of a tenth of the items (unless told not to), then `runs` measured runs, each on
// fresh connections.
// `held` connections per role stay open on the server meanwhile. Returns the measured runs.
std::optional<Series> measure(const Dialect &dialect, quint16 port, qint64 serverPid, const Load &load,
                              int runs, int held, const std::vector<std::string> &puts,
                              const std::vector<std::string> &payloads, qint64 *itemsMoved, QString *error,
                              bool warmUp = true)
{
    Series series;
    for (int run = warmUp ? -1 : 0; run < runs; ++run) {
        const int items = run < 0 ? std::max(1'000, load.items / 10) : load.items;
        LoadGenerator generator(dialect, port);
        if (!generator.open(load.pairs, load.pairs, std::string(), error))
            return std::nullopt;
        const qint64 serverCpuNs = processCpuNs(serverPid);
        const std::optional<LoadGenerator::Result> result = generator.transfer(items, puts, payloads, error);
        const double serverCpuUs = double(processCpuNs(serverPid) - serverCpuNs) / 1e3 / items;
        generator.closeAll();
        if (!result || !dialect.settle(port, held, error))
            return std::nullopt;
        *itemsMoved += items;
        if (run < 0)
            continue;
        series.itemsPerSecond.push_back(result->itemsPerSecond);
        series.p50Us.push_back(result->p50Us);
        series.p99Us.push_back(result->p99Us);
        series.longestQueue.push_back(result->longestQueue);
        series.serverCpuUs.push_back(serverCpuUs);
        series.generatorCpuUs.push_back(result->generatorCpuUs);
    }
    return series;
}

void printSeries(const QString &label, const Series &series)
{
    std::printf("  %-40s %-30s p50 %-32s p99 %-32s CPU/item: server %.1f us, generator %.1f us; "
                "queue <= %.0f\n",
                label.toUtf8().constData(), spread(series.itemsPerSecond, "items/s").constData(),
                spread(series.p50Us, "us").constData(), spread(series.p99Us, "us").constData(),
                median(series.serverCpuUs), median(series.generatorCpuUs), median(series.longestQueue));
    std::fflush(stdout);
}

std::vector<std::string> putsFor(const Dialect &dialect, const std::vector<std::string> &payloads)
{
    std::vector<std::string> puts;
    puts.reserve(payloads.size());
    for (const std::string &payload : payloads)
        puts.push_back(dialect.put(payload));
    return puts;
}

QString bufferlabExecutable()
{
    return QString::fromUtf8(BUFFERLAB_EXECUTABLE);
}

QStringList serverArguments(quint16 port, int capacity)
{
    return {u"server"_s,  u"--port"_s, QString::number(port), u"--capacity"_s, QString::number(capacity),
            u"--quiet"_s, u"--json"_s};
}

// One server under test: BufferLab's or Redis.
struct Contender
{
    QString title;
    std::unique_ptr<Dialect> dialect;
    ChildServer server;
    quint16 port = 0;
    std::vector<std::string> puts;
    std::map<int, Series> series; // by number of producer/consumer pairs
    qint64 moved = 0;
};

bool startContender(Contender &contender, const QString &program, const QStringList &arguments,
                    const std::vector<std::string> &payloads)
{
    QString error;
    contender.puts = putsFor(*contender.dialect, payloads);
    if (!contender.server.start(program, arguments, contender.port, &error)) {
        printError(error);
        return false;
    }
    return true;
}

// BufferLab's server, and Redis as a reliable queue when redis-server is installed, measured
// run by run in turn (BufferLab, Redis, BufferLab, ...), so that whatever else the machine does
// weighs on both alike; the ratio is the median of the ratios of each pair of runs.
bool benchThroughput(const std::vector<std::string> &payloads, int capacity, bool withRedis,
                     const QString &baseline)
{
    std::vector<std::unique_ptr<Contender>> contenders;
    auto bufferlab = std::make_unique<Contender>();
    bufferlab->title
        = u"BufferLab native protocol, `bufferlab server --capacity %1` in a child process"_s.arg(capacity);
    bufferlab->dialect = std::make_unique<NativeDialect>();
    bufferlab->port = freePort();
    if (!startContender(*bufferlab, bufferlabExecutable(), serverArguments(bufferlab->port, capacity),
                        payloads))
        return false;
    contenders.push_back(std::move(bufferlab));

    if (!baseline.isEmpty()) {
        // Another build of BufferLab (an earlier commit, say) instead of Redis: a regression check
        // measured run by run in turn with this one.
        auto earlier = std::make_unique<Contender>();
        earlier->title = u"Baseline: %1 server --capacity %2"_s.arg(baseline).arg(capacity);
        earlier->dialect = std::make_unique<NativeDialect>();
        earlier->port = freePort();
        if (!startContender(*earlier, baseline, serverArguments(earlier->port, capacity), payloads))
            return false;
        contenders.push_back(std::move(earlier));
        withRedis = false;
    }
    const QString redis = withRedis ? QStandardPaths::findExecutable(u"redis-server"_s) : QString();
    if (withRedis && redis.isEmpty())
        std::printf("\nredis-server not installed: Redis skipped\n");
    if (!redis.isEmpty()) {
        QProcess version;
        version.start(redis, {u"--version"_s});
        version.waitForFinished(10'000);
        auto theirs = std::make_unique<Contender>();
        theirs->title
            = u"Redis as a reliable queue (LPUSH; BLMOVE queue processing RIGHT LEFT 0; LREM processing 1 "
              "<item>), %1, no persistence"_s.arg(
                  QString::fromUtf8(version.readAllStandardOutput().split(' ').mid(0, 3).join(' ')));
        theirs->dialect = std::make_unique<RedisDialect>();
        theirs->port = freePort();
        if (!startContender(*theirs, redis,
                            {u"--port"_s, QString::number(theirs->port), u"--bind"_s, u"127.0.0.1"_s,
                             u"--save"_s, QString(), u"--appendonly"_s, u"no"_s, u"--loglevel"_s,
                             u"warning"_s},
                            payloads))
            return false;
        contenders.push_back(std::move(theirs));
    }

    QString error;
    std::map<int, std::vector<double>> ratios;
    std::map<int, std::vector<double>> cpuRatios;
    for (const Load &load : Loads) {
        for (int run = 0; run < g_runs; ++run) {
            for (const auto &contender : contenders) {
                // The first run of each load warms up with a tenth of the items first.
                const std::optional<Series> one
                    = measure(*contender->dialect, contender->port, contender->server.pid(), load, 1, 0,
                              contender->puts, payloads, &contender->moved, &error, run == 0);
                if (!one) {
                    printError(error);
                    return false;
                }
                contender->series[load.pairs].append(*one);
            }
            if (contenders.size() == 2) {
                const Series &ours = contenders[0]->series[load.pairs];
                const Series &theirs = contenders[1]->series[load.pairs];
                ratios[load.pairs].push_back(ours.itemsPerSecond.back() / theirs.itemsPerSecond.back());
                cpuRatios[load.pairs].push_back(ours.serverCpuUs.back() / theirs.serverCpuUs.back());
            }
        }
    }

    for (const auto &contender : contenders) {
        std::printf("\n%s (median [min, max] of %d runs; latency = put sent to take reply received):\n",
                    contender->title.toUtf8().constData(), g_runs);
        if (contender != contenders.front() && baseline.isEmpty())
            // Without this the latencies below read as if Redis were slow to answer.
            std::printf(
                "  (a Redis list has no capacity: producers run ahead of the consumers, and the latency "
                "is mostly the time an item spends in the queue they build)\n");
        for (const Load &load : Loads)
            printSeries(loadLabel(load), contender->series[load.pairs]);
    }

    // The server's own count, from the statistics it prints when it stops, must agree.
    Contender &ours = *contenders.front();
    const QByteArray output = ours.server.stop().trimmed();
    const QJsonObject stats = QJsonDocument::fromJson(output.mid(output.lastIndexOf('\n') + 1)).object();
    if (stats.isEmpty()) {
        printError(u"BufferLab: the server printed no statistics when it stopped"_s);
        return false;
    }
    const qint64 accepted = stats.value("accepted"_L1).toInteger();
    const qint64 delivered = stats.value("delivered"_L1).toInteger();
    const qint64 acked = stats.value("acked"_L1).toInteger();
    const qint64 redelivered = stats.value("redelivered"_L1).toInteger();
    std::printf("  BufferLab's own count: %lld accepted, %lld delivered (%lld redelivered), %lld acked; "
                "the generator moved %lld\n",
                accepted, delivered, redelivered, acked, ours.moved);
    if (accepted != ours.moved || acked != ours.moved || delivered != ours.moved + redelivered) {
        printError(u"BufferLab: delivery check failed: the server's counts do not match the items moved"_s);
        return false;
    }
    if (contenders.size() == 2) {
        contenders[1]->server.stop();
        std::printf("\n%s, run by run in turn (median [min, max] of the %d ratios):\n",
                    baseline.isEmpty() ? "BufferLab / Redis" : "This build / the baseline", g_runs);
        for (const Load &load : Loads) {
            std::printf("  %-40s %s the items/s, %s the server CPU time per item\n",
                        u"%1+%1 connections"_s.arg(load.pairs).toUtf8().constData(),
                        spread(ratios[load.pairs], "x", 2).constData(),
                        spread(cpuRatios[load.pairs], "x", 2).constData());
        }
    }
    std::fflush(stdout);
    return true;
}

bool benchIdle(const std::vector<std::string> &payloads, int capacity)
{
    constexpr int Idle = 1'000;
    constexpr Load Beside {1, 20'000};
    std::printf(
        "\nBufferLab server holding %d idle native connections (%d producers + %d consumers, hello said, "
        "then silent), a fresh server per run (median [min, max] of %d runs):\n",
        Idle, Idle / 2, Idle / 2, g_runs);
    const NativeDialect dialect;
    const std::vector<std::string> puts = putsFor(dialect, payloads);
    std::vector<double> before, with, perConnection, after;
    Series beside;
    for (int run = 0; run < g_runs; ++run) {
        QString error;
        const quint16 port = freePort();
        ChildServer server;
        if (!server.start(bufferlabExecutable(), serverArguments(port, capacity), port, &error)) {
            printError(error);
            return false;
        }
        // Lets the server finish starting up (and the kernel account its pages) before reading.
        QThread::msleep(300);
        before.push_back(double(server.residentKb()) / 1024.0);
        {
            LoadGenerator idle(dialect, port);
            if (!idle.open(Idle / 2, Idle / 2, "idle-", &error)) {
                printError(error);
                return false;
            }
            QThread::msleep(300);
            with.push_back(double(server.residentKb()) / 1024.0);
            perConnection.push_back((with.back() - before.back()) * 1024.0 / Idle);

            qint64 moved = 0;
            std::optional<Series> series
                = measure(dialect, port, server.pid(), Beside, 1, Idle / 2, puts, payloads, &moved, &error);
            if (!series) {
                printError(error);
                return false;
            }
            beside.append(*series);
        }
        if (!dialect.settle(port, 0, &error)) {
            printError(error);
            return false;
        }
        QThread::msleep(300);
        after.push_back(double(server.residentKb()) / 1024.0);
        server.stop();
    }
    printValue(u"server VmRSS before the connections"_s, before, "MB", 1);
    printValue(u"with %1 idle connections"_s.arg(Idle), with, "MB", 1);
    printValue(u"per idle connection"_s, perConnection, "KB", 1);
    printValue(u"after they closed"_s, after, "MB", 1);
    printSeries(u"%1, beside them"_s.arg(loadLabel(Beside)), beside);
    return true;
}

// A thousand idle connections need more descriptors than the usual soft limit of 1,024, here and
// in the server, which inherits the limit.
void raiseDescriptorLimit()
{
    rlimit limit {};
    if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = std::min<rlim_t>(limit.rlim_max, 65'536);
        ::setrlimit(RLIMIT_NOFILE, &limit);
    }
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QStringList sections;
    int capacity = 15;
    QString baseline;
    const QStringList arguments = QCoreApplication::arguments().mid(1);
    for (int i = 0; i < arguments.size(); ++i) {
        if (arguments.at(i) == u"--runs"_s && i + 1 < arguments.size())
            g_runs = qMax(1, arguments.at(++i).toInt());
        else if (arguments.at(i) == u"--baseline"_s && i + 1 < arguments.size())
            baseline = arguments.at(++i);
        else if (arguments.at(i) == u"--capacity"_s && i + 1 < arguments.size())
            capacity = qBound(1, arguments.at(++i).toInt(), 256);
        else
            sections << arguments.at(i);
    }
    if (sections.isEmpty())
        sections = {u"throughput"_s, u"redis"_s, u"idle"_s};
    raiseDescriptorLimit();

    const std::vector<std::string> payloads = makePayloads(40'000);
    std::printf("bufferlab-netbench: %d core(s), medians of %d runs, buffer of %d, items of %zu bytes "
                "(an ITStudent record's XML as a JSON string)\n",
                QThread::idealThreadCount(), g_runs, capacity, payloads.front().size());
    std::fflush(stdout);

    bool ok = true;
    if (sections.contains(u"throughput"_s) || sections.contains(u"redis"_s))
        ok = benchThroughput(payloads, capacity, sections.contains(u"redis"_s), baseline) && ok;
    if (sections.contains(u"idle"_s))
        ok = benchIdle(payloads, capacity) && ok;
    return ok ? 0 : 1;
}
