#pragma once

#include <QObject>

#include <functional>
#include <memory>
#include <unordered_map>

class QSocketNotifier;

// Tells when many raw sockets are readable or writable. On Linux every socket sits in one epoll
// descriptor, and that descriptor is the only thing Qt's event loop polls: a thousand idle
// connections cost nothing per loop pass, where one QTcpSocket each would be polled one by one.
// Elsewhere each socket gets QSocketNotifiers (correct, but O(connections) per pass). Lives in
// the thread of the event loop that drives it.
class SocketPoller : public QObject
{
    Q_OBJECT
public:
    enum Event : unsigned { Readable = 1, Writable = 2, Closed = 4 };
    using Handler = std::function<void(int descriptor, unsigned events)>;

    explicit SocketPoller(Handler handler, QObject *parent = nullptr);
    ~SocketPoller() override;

    // Starts watching a socket for reading; false if it cannot be watched.
    bool add(int descriptor);
    void remove(int descriptor);
    void setWatch(int descriptor, bool read, bool write);

    // Which mechanism is in use, for logs: "epoll" or "notifiers".
    QString mechanism() const;

private:
    void dispatch();

    Handler m_handler;
    int m_epoll = -1;
    QSocketNotifier *m_epollNotifier = nullptr;
    struct Notifiers
    {
        std::unique_ptr<QSocketNotifier> read;
        std::unique_ptr<QSocketNotifier> write;
    };
    std::unordered_map<int, Notifiers> m_notifiers; // without epoll only
};
