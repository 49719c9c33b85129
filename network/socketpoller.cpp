#include "socketpoller.h"

#include <QElapsedTimer>
#include <QSocketNotifier>

#ifdef Q_OS_LINUX
#include <sys/epoll.h>
#include <unistd.h>
#endif

using namespace Qt::StringLiterals;

SocketPoller::SocketPoller(Handler handler, QObject *parent) : QObject(parent), m_handler(std::move(handler))
{
#ifdef Q_OS_LINUX
    // BUFFERLAB_POLLER=notifiers selects the portable path, so it can be tested here too.
    if (qgetenv("BUFFERLAB_POLLER") != "notifiers")
        m_epoll = epoll_create1(EPOLL_CLOEXEC);
    if (m_epoll >= 0) {
        m_epollNotifier = new QSocketNotifier(m_epoll, QSocketNotifier::Read, this);
        connect(m_epollNotifier, &QSocketNotifier::activated, this, &SocketPoller::dispatch);
    }
#endif
}

SocketPoller::~SocketPoller()
{
#ifdef Q_OS_LINUX
    if (m_epoll >= 0)
        ::close(m_epoll);
#endif
}

QString SocketPoller::mechanism() const
{
    return m_epoll >= 0 ? u"epoll"_s : u"notifiers"_s;
}

bool SocketPoller::add(int descriptor)
{
#ifdef Q_OS_LINUX
    if (m_epoll >= 0) {
        epoll_event event {};
        event.events = EPOLLIN | EPOLLRDHUP;
        event.data.fd = descriptor;
        return epoll_ctl(m_epoll, EPOLL_CTL_ADD, descriptor, &event) == 0;
    }
#endif
    Notifiers &notifiers = m_notifiers[descriptor];
    notifiers.read = std::make_unique<QSocketNotifier>(descriptor, QSocketNotifier::Read);
    notifiers.write = std::make_unique<QSocketNotifier>(descriptor, QSocketNotifier::Write);
    notifiers.write->setEnabled(false);
    connect(notifiers.read.get(), &QSocketNotifier::activated, this,
            [this, descriptor] { m_handler(descriptor, Readable); });
    connect(notifiers.write.get(), &QSocketNotifier::activated, this,
            [this, descriptor] { m_handler(descriptor, Writable); });
    return true;
}

void SocketPoller::remove(int descriptor)
{
#ifdef Q_OS_LINUX
    if (m_epoll >= 0) {
        epoll_ctl(m_epoll, EPOLL_CTL_DEL, descriptor, nullptr);
        return;
    }
#endif
    m_notifiers.erase(descriptor);
}

void SocketPoller::setWatch(int descriptor, bool read, bool write)
{
#ifdef Q_OS_LINUX
    if (m_epoll >= 0) {
        epoll_event event {};
        // A hang-up is only asked about while reading: it stays reported until the socket is
        // closed, so a connection that is not being read would report it over and over.
        event.events = (read ? EPOLLIN | EPOLLRDHUP : 0u) | (write ? EPOLLOUT : 0u);
        event.data.fd = descriptor;
        epoll_ctl(m_epoll, EPOLL_CTL_MOD, descriptor, &event);
        return;
    }
#endif
    const auto found = m_notifiers.find(descriptor);
    if (found == m_notifiers.end())
        return;
    found->second.read->setEnabled(read);
    found->second.write->setEnabled(write);
}

void SocketPoller::dispatch()
{
#ifdef Q_OS_LINUX
    // Everything that is ready now, in batches; the handler may add or remove sockets meanwhile,
    // which epoll handles (a removed socket's pending event is simply not reported again).
    //
    // After the last event, keep looking for SpinNs more before going back to sleep in the event
    // loop: in request-reply traffic the next request is usually that close behind, and waking a
    // sleeping thread costs far more than that on virtual machines. Bounded, so an idle server
    // burns at most this much after each burst.
    //
    // However busy the sockets are, return to the event loop after BudgetNs: timers, signals and
    // queued calls must run. Events are level-triggered, so whatever is still ready is reported
    // again on the loop's next pass.
    constexpr qint64 SpinNs = 50'000;
    constexpr qint64 BudgetNs = 10'000'000;
    epoll_event events[256];
    QElapsedTimer idle;
    idle.start();
    QElapsedTimer total;
    total.start();
    while (total.nsecsElapsed() < BudgetNs) {
        const int count = epoll_wait(m_epoll, events, 256, 0);
        if (count > 0)
            idle.restart();
        else if (idle.nsecsElapsed() < SpinNs)
            continue;
        for (int i = 0; i < count; ++i) {
            const unsigned flags = events[i].events;
            unsigned ready = 0;
            if (flags & (EPOLLIN | EPOLLRDHUP))
                ready |= Readable;
            if (flags & EPOLLOUT)
                ready |= Writable;
            if (flags & (EPOLLHUP | EPOLLERR))
                ready |= Closed;
            m_handler(events[i].data.fd, ready);
        }
        if (count <= 0)
            return;
    }
#endif
}
