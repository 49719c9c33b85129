#include "messagereader.h"

#include "nativeprotocol.h"

#include <QIODevice>

#include <cstring>

using namespace Qt::StringLiterals;

namespace {

bool isJsonSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

bool isBlank(QByteArrayView line)
{
    for (const char c : line) {
        if (c != ' ' && c != '\t' && c != '\r')
            return false;
    }
    return true;
}

// The first '\n' in data from `from` on, or null. (An empty view may have no data pointer at all,
// which memchr must not be given.)
const void *findNewline(QByteArrayView data, qsizetype from)
{
    return from < data.size() ? std::memchr(data.data() + from, '\n', size_t(data.size() - from)) : nullptr;
}

// Length of a line that is still missing its '\n': a '\r' at the end may be the start of "\r\n".
qsizetype unfinishedLineLength(QByteArrayView data)
{
    return data.endsWith('\r') ? data.size() - 1 : data.size();
}

} // namespace

MessageReader::MessageReader(QIODevice *device) : m_device(device) { }

void MessageReader::feed(QByteArrayView bytes)
{
    if (m_offset > 0) {
        m_buffer.remove(0, m_offset);
        m_offset = 0;
    }
    m_buffer.append(bytes.first(qMin(bytes.size(), room())));
}

bool MessageReader::canReadMessage()
{
    if (m_next)
        return true;
    if (m_oversized)
        return false;
    // Bytes are pulled only while no message is complete, and at most up to 2 * MaxMessageSize:
    // an unfinished message is never more than MaxMessageSize + 1 bytes, so there is always room.
    do {
        if (findMessage())
            return true;
    } while (readMore());
    return false;
}

MessageReader::Message MessageReader::readMessage()
{
    if (!canReadMessage())
        return {};
    Message message = std::move(*m_next);
    m_next.reset();
    return message;
}

qsizetype MessageReader::completeObjectLength(QByteArrayView data)
{
    qsizetype start = 0;
    while (start < data.size() && isJsonSpace(data[start]))
        ++start;
    if (start == data.size())
        return 0;
    if (data[start] != '{')
        return -1;
    ObjectScan scan;
    if (scanObject(data.sliced(start), scan, false) != ScanEnd::Complete)
        return 0;
    return start + scan.length;
}

MessageReader::ScanEnd MessageReader::scanObject(QByteArrayView data, ObjectScan &scan, bool stopAtNewline)
{
    const char *bytes = data.data();
    for (qsizetype i = scan.length; i < data.size(); ++i) {
        const char c = bytes[i];
        if (scan.inString) {
            if (scan.escaped)
                scan.escaped = false;
            else if (c == '\\')
                scan.escaped = true;
            else if (c == '"')
                scan.inString = false;
            continue;
        }
        switch (c) {
        case '"':
            scan.inString = true;
            break;
        case '{':
        case '[':
            ++scan.depth;
            break;
        case '}':
        case ']':
            if (--scan.depth == 0) {
                scan.length = i + 1;
                return ScanEnd::Complete;
            }
            break;
        case '\n':
            if (stopAtNewline) {
                scan.length = i;
                return ScanEnd::Newline;
            }
            break;
        default:
            break;
        }
    }
    scan.length = data.size();
    return ScanEnd::NeedMore;
}

// Whether the object has a top-level key "op", read from the text so that an object which is not
// valid JSON still counts as a native request (and gets a native error reply).
bool MessageReader::hasOpKey(QByteArrayView object)
{
    qsizetype depth = 0;
    for (qsizetype i = 0; i < object.size(); ++i) {
        const char c = object[i];
        if (c == '{' || c == '[') {
            ++depth;
        } else if (c == '}' || c == ']') {
            --depth;
        } else if (c == '"') {
            const qsizetype start = i;
            for (++i; i < object.size() && object[i] != '"'; ++i) {
                if (object[i] == '\\')
                    ++i;
            }
            if (i >= object.size())
                return false;
            if (depth != 1)
                continue;
            qsizetype next = i + 1;
            while (next < object.size() && isJsonSpace(object[next]))
                ++next;
            if (next == object.size() || object[next] != ':')
                continue;
            const QByteArrayView key = object.sliced(start, i + 1 - start);
            if (key == "\"op\"")
                return true;
            if (key.contains('\\')) {
                const auto decoded = NativeProtocol::parseJson(key);
                if (decoded && decoded->toString() == "op"_L1)
                    return true;
            }
        }
    }
    return false;
}

bool MessageReader::findMessage()
{
    switch (m_framing) {
    case Framing::Undecided:
        return findFirstMessage();
    case Framing::Native:
        return findLine();
    case Framing::Legacy:
        return findLegacyObject();
    }
    return false;
}

bool MessageReader::findFirstMessage()
{
    if (m_scan.length == 0 && m_lineScanned == 0)
        skipWhitespace(true);
    const QByteArrayView data = pending();
    if (data.isEmpty())
        return false;
    if (data.front() != '{') {
        // Not an object, so only a newline can decide: the connection is native.
        const void *newline = findNewline(data, m_lineScanned);
        if (newline) {
            m_framing = Framing::Native;
            return findLine();
        }
        m_lineScanned = data.size();
        if (unfinishedLineLength(data) > MaxMessageSize) {
            setOversized();
            return true;
        }
        return false;
    }
    switch (scanObject(data, m_scan, true)) {
    case ScanEnd::Complete: {
        const qsizetype length = m_scan.length;
        if (length > MaxMessageSize) {
            setOversized();
            return true;
        }
        const bool native = hasOpKey(data.first(length));
        m_framing = native ? Framing::Native : Framing::Legacy;
        qsizetype consumed = length;
        if (native) {
            if (data.sliced(length).startsWith("\r\n"))
                consumed += 2;
            else if (data.sliced(length).startsWith('\n'))
                consumed += 1;
        }
        takeMessage(length, consumed);
        return true;
    }
    case ScanEnd::Newline:
        m_framing = Framing::Native;
        m_scan = {};
        return findLine();
    case ScanEnd::NeedMore:
        if (m_scan.length > MaxMessageSize) {
            setOversized();
            return true;
        }
        return false;
    }
    return false;
}

bool MessageReader::findLine()
{
    for (;;) {
        const QByteArrayView data = pending();
        const void *found = findNewline(data, m_lineScanned);
        if (!found) {
            m_lineScanned = data.size();
            if (unfinishedLineLength(data) > MaxMessageSize) {
                setOversized();
                return true;
            }
            return false;
        }
        const qsizetype newline = static_cast<const char *>(found) - data.data();
        QByteArrayView line = data.first(newline);
        if (line.endsWith('\r'))
            line.chop(1);
        if (line.size() > MaxMessageSize) {
            setOversized();
            return true;
        }
        if (isBlank(line)) {
            m_offset += newline + 1;
            m_lineScanned = 0;
            continue;
        }
        takeMessage(line.size(), newline + 1);
        return true;
    }
}

bool MessageReader::findLegacyObject()
{
    if (m_scan.length == 0)
        skipWhitespace(false);
    const QByteArrayView data = pending();
    if (data.isEmpty())
        return false;
    if (data.front() != '{') {
        const qsizetype length = qMin(data.size(), MaxMessageSize);
        takeMessage(length, length);
        return true;
    }
    switch (scanObject(data, m_scan, false)) {
    case ScanEnd::Complete:
        if (m_scan.length > MaxMessageSize) {
            setOversized();
            return true;
        }
        takeMessage(m_scan.length, m_scan.length);
        return true;
    case ScanEnd::NeedMore:
    case ScanEnd::Newline:
        if (m_scan.length > MaxMessageSize) {
            setOversized();
            return true;
        }
        return false;
    }
    return false;
}

bool MessageReader::readMore()
{
    if (!m_device || !m_device->isReadable())
        return false;
    const qint64 available = m_device->bytesAvailable();
    if (available <= 0)
        return false;
    if (m_offset > 0) {
        m_buffer.remove(0, m_offset);
        m_offset = 0;
    }
    const qsizetype room = 2 * MaxMessageSize - m_buffer.size();
    if (room <= 0)
        return false;
    const qsizetype wanted = static_cast<qsizetype>(qMin<qint64>(available, room));
    const qsizetype oldSize = m_buffer.size();
    m_buffer.resize(oldSize + wanted);
    const qint64 got = m_device->read(m_buffer.data() + oldSize, wanted);
    m_buffer.resize(oldSize + qMax<qint64>(got, 0));
    return got > 0;
}

void MessageReader::squeeze()
{
    constexpr qsizetype KeepCapacity = 16 * 1024;
    if (pendingBytes() == 0 && m_buffer.capacity() > KeepCapacity) {
        m_buffer = QByteArray();
        m_offset = 0;
    }
}

void MessageReader::skipWhitespace(bool stopAtNewline)
{
    while (m_offset < m_buffer.size() && isJsonSpace(m_buffer.at(m_offset))) {
        if (stopAtNewline && m_buffer.at(m_offset) == '\n')
            return;
        ++m_offset;
    }
}

void MessageReader::takeMessage(qsizetype length, qsizetype consumed)
{
    m_next = Message {Status::Message, m_buffer.sliced(m_offset, length)};
    m_offset += consumed;
    m_scan = {};
    m_lineScanned = 0;
    if (m_offset == m_buffer.size()) {
        m_buffer.resize(0);
        m_offset = 0;
    }
}

void MessageReader::setOversized()
{
    m_next = Message {Status::Oversized, {}};
    m_oversized = true;
    m_buffer = QByteArray();
    m_offset = 0;
    m_scan = {};
    m_lineScanned = 0;
}
