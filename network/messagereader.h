#pragma once

#include <QByteArray>

#include <optional>

class QIODevice;

// Splits what a client sends into messages. Two framings share BufferLab's port:
//
//  * native (BufferLab's own): one JSON object per line, UTF-8, terminated by '\n' (a '\r'
//    before it is dropped), at most MaxMessageSize bytes per line. Empty lines are skipped.
//  * legacy (the original Python program): one JSON object with no delimiter at all; the client
//    then waits for the reply.
//
// The first message decides. If a complete top-level JSON object arrives before any newline,
// it is that message: an object with an "op" key makes the connection native (a newline right
// after it is consumed), anything else makes it legacy. If a newline comes first, the connection
// is native. Strings (with escapes) are honoured when looking for the end of an object, so braces
// and newlines inside strings never split a message. A request may arrive in any number of TCP
// segments; several messages may arrive in one.
//
// Reads only what the device already has (never blocks): drain with
//     while (reader.canReadMessage()) handle(reader.readMessage());
//
// Details the rules above leave open: a line holding only spaces, tabs and '\r' counts as empty;
// MaxMessageSize counts a line without its "\r\n" and a legacy object without the whitespace
// before it. Brackets are counted, not matched, when looking for the end of an object ("{]" ends
// there and the parser reports it). A legacy connection that sends something other than an
// object after its first one gets those bytes as a message (up to MaxMessageSize at a time), for
// the parser to reject. After Oversized nothing more is read. At most 2 * MaxMessageSize bytes
// are held, however much the device has buffered.
class MessageReader
{
public:
    static constexpr qsizetype MaxMessageSize = 64 * 1024;

    enum class Framing { Undecided, Native, Legacy };
    enum class Status {
        Message, // data holds one complete message (a native line without its '\n', or a legacy object)
        Oversized // more than MaxMessageSize bytes without a complete message; the stream is unusable now
    };
    struct Message
    {
        Status status = Status::Message;
        QByteArray data;
    };

    explicit MessageReader(QIODevice *device);
    // Without a device: the owner reads the socket itself and feed()s the bytes.
    MessageReader() = default;

    // Adds received bytes; at most room() of them are kept.
    void feed(QByteArrayView bytes);
    // How many more bytes may be buffered (2 * MaxMessageSize in all).
    qsizetype room() const { return 2 * MaxMessageSize - pendingBytes(); }

    Framing framing() const { return m_framing; }
    // Pulls the bytes the device has buffered; true if readMessage() has a message (or an
    // Oversized report) to return.
    bool canReadMessage();
    // Only after canReadMessage() returned true; otherwise an empty Message.
    Message readMessage();
    // Bytes received and not yet returned as a message.
    qsizetype pendingBytes() const { return m_buffer.size() - m_offset; }
    // Gives memory back once nothing is pending: a burst of large messages does not leave every
    // idle connection holding its high-water mark.
    void squeeze();

    // Length of the first complete top-level JSON object in data, counting leading whitespace;
    // 0 if it is not complete yet; -1 if data (after whitespace) does not start with '{'.
    static qsizetype completeObjectLength(QByteArrayView data);

private:
    // Where the search for the end of an object stopped, so that bytes arriving one at a time
    // are each looked at once.
    struct ObjectScan
    {
        qsizetype length = 0; // bytes looked at, from the '{'
        qsizetype depth = 0;
        bool inString = false;
        bool escaped = false;
    };
    enum class ScanEnd { NeedMore, Complete, Newline };
    static ScanEnd scanObject(QByteArrayView data, ObjectScan &scan, bool stopAtNewline);
    static bool hasOpKey(QByteArrayView object);

    bool findMessage();
    bool findFirstMessage();
    bool findLine();
    bool findLegacyObject();
    bool readMore();
    void skipWhitespace(bool stopAtNewline);
    void takeMessage(qsizetype length, qsizetype consumed);
    void setOversized();
    QByteArrayView pending() const { return QByteArrayView(m_buffer).sliced(m_offset); }

    QIODevice *m_device = nullptr;
    QByteArray m_buffer;
    qsizetype m_offset = 0; // start of the unread part of m_buffer
    Framing m_framing = Framing::Undecided;
    bool m_oversized = false;
    ObjectScan m_scan;
    qsizetype m_lineScanned = 0; // bytes after m_offset known to hold no '\n'
    std::optional<Message> m_next;
};
