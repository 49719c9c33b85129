#include "syncpanel.h"

#include "colorscheme.h"
#include "syncpanelaccessible.h"
#include "viewhelpers.h"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

constexpr qreal Margin = 10.0;
constexpr qreal CardGap = 12.0;
constexpr qreal ChipGap = 6.0;

// The panel's own greys, from the palette it is shown with: a card a shade off the ground, its
// border, and text that reads on it (full or quiet).
QColor cardFill(const QPalette &palette)
{
    return ColorScheme::isDark(palette)
        ? ColorScheme::mix(palette.color(QPalette::Base), palette.color(QPalette::Text), 0.05)
        : QColor(0xF7, 0xF9, 0xFB);
}

QColor cardBorder(const QPalette &palette)
{
    return ColorScheme::isDark(palette)
        ? ColorScheme::mix(palette.color(QPalette::Base), palette.color(QPalette::Text), 0.3)
        : QColor(0xCF, 0xD8, 0xDC);
}

QColor ink(const QPalette &palette)
{
    return ColorScheme::readableOn(palette.color(QPalette::Text), cardFill(palette), 4.5);
}

QColor quiet(const QPalette &palette)
{
    return ColorScheme::readableOn(palette.color(QPalette::PlaceholderText), cardFill(palette), 4.5);
}

QFont pixelFont(const QFont &base, qreal pixels, bool bold = false)
{
    QFont font = base;
    font.setPixelSize(qRound(qMax(pixels, ViewHelpers::MinimumPaintPixels)));
    font.setBold(bold);
    return font;
}

// "Producer 3" -> "P3".
QString abbreviated(const QString &name)
{
    QString result;
    const QStringList words = name.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    for (const QString &word : words)
        result += word.front().isDigit() ? word : word.left(1);
    return result;
}

bool sameObjects(const SyncSnapshot &a, const SyncSnapshot &b)
{
    if (a.strategy != b.strategy || a.objects.size() != b.objects.size())
        return false;
    for (qsizetype i = 0; i < a.objects.size(); ++i) {
        const SyncObject &x = a.objects.at(i);
        const SyncObject &y = b.objects.at(i);
        if (x.name != y.name || x.meaning != y.meaning || x.kind != y.kind || x.value != y.value
            || x.holder != y.holder || x.waiters != y.waiters)
            return false;
    }
    return true;
}

QString kindText(SyncObject::Kind kind, bool unsafe)
{
    if (unsafe)
        return SyncPanel::tr("BUSY-WAIT");
    switch (kind) {
    case SyncObject::Kind::Semaphore:
        return SyncPanel::tr("SEMAPHORE");
    case SyncObject::Kind::Mutex:
        return SyncPanel::tr("MUTEX");
    case SyncObject::Kind::Condition:
        return SyncPanel::tr("CONDITION");
    }
    return {};
}

} // namespace

SyncPanel::SyncPanel(QWidget *parent) : QWidget(parent)
{
    setAttribute(Qt::WA_OpaquePaintEvent);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    SyncPanelAccessible::install();
}

void SyncPanel::setWorkers(const QStringList &names, const QList<WorkerRole> &roles)
{
    m_names = names;
    m_roles = roles;
    update();
}

bool SyncPanel::setSnapshot(const SyncSnapshot &snapshot)
{
    if (sameObjects(snapshot, m_snapshot)) {
        m_snapshot.operations = snapshot.operations;
        return false;
    }
    m_snapshot = snapshot;
    update();
    return true;
}

void SyncPanel::setDeadlock(const DeadlockReport &report)
{
    m_deadlockWorkers = report.cycle;
    update();
}

void SyncPanel::clearDeadlock()
{
    if (m_deadlockWorkers.isEmpty())
        return;
    m_deadlockWorkers.clear();
    update();
}

QString SyncPanel::workerName(int worker) const
{
    return worker >= 0 && worker < m_names.size() ? m_names.at(worker) : tr("worker %1").arg(worker + 1);
}

WorkerRole SyncPanel::workerRole(int worker) const
{
    return worker >= 0 && worker < m_roles.size() ? m_roles.at(worker) : WorkerRole::Producer;
}

QString SyncPanel::valueText(int object) const
{
    if (object < 0 || object >= objectCount())
        return {};
    const SyncObject &o = m_snapshot.objects.at(object);
    switch (o.kind) {
    case SyncObject::Kind::Semaphore:
        return QString::number(o.value);
    case SyncObject::Kind::Mutex:
        //: a mutex nobody holds
        return o.holder < 0 ? tr("free") : tr("held by %1").arg(workerName(o.holder));
    case SyncObject::Kind::Condition:
        return m_snapshot.strategy == u"unsafe"_s ? tr("count %1").arg(o.value) : QString();
    }
    return {};
}

QStringList SyncPanel::waiterNames(int object) const
{
    QStringList names;
    if (object < 0 || object >= objectCount())
        return names;
    for (const int worker : m_snapshot.objects.at(object).waiters)
        names.append(workerName(worker));
    return names;
}

bool SyncPanel::isHighlighted(int object) const
{
    if (object < 0 || object >= objectCount())
        return false;
    const SyncObject &o = m_snapshot.objects.at(object);
    return std::any_of(m_deadlockWorkers.cbegin(), m_deadlockWorkers.cend(), [&o](int worker) {
        return o.waiters.contains(worker) || (o.kind == SyncObject::Kind::Mutex && o.holder == worker);
    });
}

QString SyncPanel::warning() const
{
    if (m_snapshot.strategy != u"unsafe"_s)
        return {};
    return tr("Nothing is locked. Threads only busy-wait on a shared count, then read and write the slots "
              "whenever they like.");
}

QList<QRectF> SyncPanel::cardRects(const QRectF &bounds, int count, qreal gap)
{
    QList<QRectF> rects;
    if (count <= 0)
        return rects;
    gap = qMin(gap, bounds.width() / (4.0 * count));
    const qreal width = qMax<qreal>(0.0, (bounds.width() - gap * (count - 1)) / count);
    for (int i = 0; i < count; ++i)
        rects.append(QRectF(bounds.left() + i * (width + gap), bounds.top(), width,
                            qMax<qreal>(0.0, bounds.height())));
    return rects;
}

QList<QRectF> SyncPanel::flowRects(const QRectF &area, const QList<qreal> &widths, qreal height, qreal gap)
{
    QList<QRectF> rects;
    qreal x = area.left();
    qreal y = area.top();
    for (const qreal width : widths) {
        if (x > area.left() && x + width > area.right()) {
            x = area.left();
            y += height + gap;
        }
        if (y + height > area.bottom() + 0.5 || x + width > area.right() + 0.5)
            break;
        rects.append(QRectF(x, y, width, height));
        x += width + gap;
    }
    return rects;
}

QSize SyncPanel::sizeHint() const
{
    return QSize(900, 140);
}

QSize SyncPanel::minimumSizeHint() const
{
    return QSize(320, 72);
}

void SyncPanel::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::TextAntialiasing);
    painter.fillRect(rect(), palette().color(QPalette::Base));
    // A hairline that separates the panel from the buffer above, which it belongs to.
    painter.setPen(QPen(cardBorder(palette()), 1.0));
    painter.drawLine(QPointF(Margin, 0.5), QPointF(width() - Margin, 0.5));

    const QRectF bounds = QRectF(rect()).adjusted(Margin, 6.0, -Margin, -8.0);
    if (m_snapshot.objects.isEmpty()) {
        painter.setPen(quiet(palette()));
        painter.setFont(pixelFont(font(), 15.0));
        painter.drawText(bounds, Qt::AlignCenter, tr("This strategy has no synchronization objects."));
        return;
    }
    const bool unsafe = !warning().isEmpty();
    const QList<QRectF> cards = cardRects(bounds, objectCount() + (unsafe ? 1 : 0), CardGap);
    for (int i = 0; i < objectCount(); ++i)
        drawCard(painter, cards.at(i), i);
    if (unsafe)
        drawWarning(painter, cards.last());
}

void SyncPanel::drawCard(QPainter &painter, const QRectF &rect, int object) const
{
    if (rect.width() < 40.0 || rect.height() < 30.0)
        return;
    const SyncObject &o = m_snapshot.objects.at(object);
    const bool highlighted = isHighlighted(object);
    const bool unsafe = m_snapshot.strategy == u"unsafe"_s;
    const qreal border = highlighted ? 3.0 : 1.0;
    const QColor accent = highlighted ? ColorScheme::alarmText(palette()) : ink(palette());
    const QColor muted = highlighted ? ColorScheme::alarmText(palette()) : quiet(palette());
    painter.setPen(QPen(highlighted ? ColorScheme::alarm(palette()) : cardBorder(palette()), border));
    painter.setBrush(highlighted ? ColorScheme::alarmFill(palette()) : cardFill(palette()));
    const QRectF box = rect.adjusted(border / 2.0, border / 2.0, -border / 2.0, -border / 2.0);
    painter.drawRoundedRect(box, 8.0, 8.0);

    const QRectF inner = box.adjusted(10.0, 6.0, -10.0, -6.0);
    const qreal headerHeight = qBound(16.0, inner.height() * 0.24, 26.0);
    const QRectF header(inner.left(), inner.top(), inner.width(), headerHeight);
    const QRectF body(inner.left(), header.bottom() + 4.0, inner.width(),
                      qMax<qreal>(0.0, inner.bottom() - header.bottom() - 4.0));

    // Header: the name in bold, what it stands for in grey, and the kind of object on the right.
    const QFont nameFont = pixelFont(font(), headerHeight * 0.78, true);
    const QFont meaningFont = pixelFont(font(), headerHeight * 0.66);
    const QFont kindFont = pixelFont(font(), headerHeight * 0.5, true);
    const QString kind = kindText(o.kind, unsafe);
    const qreal kindWidth = QFontMetricsF(kindFont).horizontalAdvance(kind) + 4.0;
    painter.setFont(kindFont);
    painter.setPen(muted);
    painter.drawText(header, Qt::AlignRight | Qt::AlignVCenter, kind);
    painter.setFont(nameFont);
    painter.setPen(accent);
    const qreal nameWidth = QFontMetricsF(nameFont).horizontalAdvance(o.name);
    painter.drawText(header, Qt::AlignLeft | Qt::AlignVCenter, o.name);
    painter.setFont(meaningFont);
    painter.setPen(muted);
    const qreal meaningLeft = header.left() + nameWidth + 8.0;
    const qreal meaningWidth = header.right() - kindWidth - 8.0 - meaningLeft;
    // Whole or not at all: a meaning cut to a few letters says nothing.
    if (QFontMetricsF(meaningFont).horizontalAdvance(o.meaning) <= meaningWidth)
        painter.drawText(QRectF(meaningLeft, header.top(), meaningWidth, header.height()),
                         Qt::AlignLeft | Qt::AlignVCenter, o.meaning);

    if (body.height() < 12.0)
        return;
    const qreal chipHeight = qBound(18.0, body.height() * 0.31, 27.0);
    // The value on the left: a count in big digits, or who holds the mutex.
    qreal valueWidth = 0.0;
    const qreal captionPixels = qBound(10.0, body.height() * 0.17, 14.0);
    const QFont captionFont = pixelFont(font(), captionPixels);
    if (o.kind == SyncObject::Kind::Semaphore || (o.kind == SyncObject::Kind::Condition && unsafe)) {
        const QString digits = QString::number(o.value);
        const QFont bigFont = pixelFont(font(), qMin(body.height() * 0.8, 56.0), true);
        const qreal digitsWidth = QFontMetricsF(bigFont).horizontalAdvance(u"00"_s);
        valueWidth = digitsWidth + 24.0;
        const QRectF valueRect(body.left(), body.top(), valueWidth, body.height());
        painter.setFont(bigFont);
        painter.setPen(accent);
        painter.drawText(valueRect.adjusted(0, 0, -24.0, 0), Qt::AlignHCenter | Qt::AlignVCenter, digits);
        if (o.kind == SyncObject::Kind::Condition) {
            painter.setFont(captionFont);
            painter.setPen(muted);
            painter.drawText(valueRect.adjusted(0, 0, -24.0, 0), Qt::AlignHCenter | Qt::AlignTop,
                             tr("count"));
        }
    } else if (o.kind == SyncObject::Kind::Mutex) {
        const QFont chipFont = pixelFont(font(), chipHeight * 0.56, true);
        const qreal chipWidth = QFontMetricsF(chipFont).horizontalAdvance(tr("Consumer 8")) + 20.0;
        valueWidth = qMin(chipWidth + 16.0, body.width() * 0.45);
        const QRectF valueRect(body.left(), body.top(), valueWidth - 16.0, body.height());
        if (o.holder < 0) {
            painter.setFont(pixelFont(font(), qMin(body.height() * 0.42, 30.0), true));
            painter.setPen(ColorScheme::readableOn(ColorScheme::passed(palette()), cardFill(palette()), 4.5));
            painter.drawText(valueRect, Qt::AlignLeft | Qt::AlignVCenter, tr("free"));
        } else {
            painter.setFont(captionFont);
            painter.setPen(muted);
            const qreal captionHeight = QFontMetricsF(captionFont).height();
            const qreal blockTop = valueRect.center().y() - (captionHeight + 2.0 + chipHeight) / 2.0;
            painter.drawText(QRectF(valueRect.left(), blockTop, valueRect.width(), captionHeight),
                             Qt::AlignLeft | Qt::AlignVCenter, tr("held by"));
            const QString name = workerName(o.holder);
            const qreal width
                = qMin(valueRect.width(), QFontMetricsF(chipFont).horizontalAdvance(name) + 20.0);
            drawChip(painter, QRectF(valueRect.left(), blockTop + captionHeight + 2.0, width, chipHeight),
                     o.holder, name);
        }
    }
    if (valueWidth > 0.0) {
        // A quiet divider between the value and the queue.
        painter.setPen(QPen(cardBorder(palette()), 1.0));
        const qreal x = body.left() + valueWidth - 12.0;
        painter.drawLine(QPointF(x, body.top() + 4.0), QPointF(x, body.bottom() - 4.0));
    }
    const QRectF queue(body.left() + valueWidth, body.top(), qMax<qreal>(0.0, body.width() - valueWidth),
                       body.height());
    painter.setFont(captionFont);
    painter.setPen(muted);
    const qreal captionHeight = QFontMetricsF(captionFont).height();
    if (o.waiters.isEmpty()) {
        painter.drawText(queue, Qt::AlignLeft | Qt::AlignVCenter, tr("no one waiting"));
        return;
    }
    painter.drawText(QRectF(queue.left(), queue.top(), queue.width(), captionHeight),
                     Qt::AlignLeft | Qt::AlignVCenter,
                     o.waiters.size() == 1 ? tr("waiting") : tr("waiting, in order of arrival"));
    drawWaiters(painter, queue.adjusted(0, captionHeight + 3.0, 0, 0), o.waiters, chipHeight);
}

void SyncPanel::drawWaiters(QPainter &painter, const QRectF &area, const QList<int> &waiters,
                            qreal chipHeight) const
{
    const QFont chipFont = pixelFont(font(), chipHeight * 0.56, true);
    const QFontMetricsF metrics(chipFont);
    // Full names if they fit, else initials ("P2"), else as many as fit and a count of the rest.
    for (const bool shortNames : {false, true}) {
        QStringList texts;
        QList<qreal> widths;
        for (const int worker : waiters) {
            texts.append(shortNames ? abbreviated(workerName(worker)) : workerName(worker));
            widths.append(metrics.horizontalAdvance(texts.last()) + (shortNames ? 14.0 : 20.0));
        }
        const QList<QRectF> rects = flowRects(area, widths, chipHeight, ChipGap);
        if (rects.size() == texts.size()) {
            for (int i = 0; i < rects.size(); ++i)
                drawChip(painter, rects.at(i), waiters.at(i), texts.at(i));
            return;
        }
        if (!shortNames)
            continue;
        // Keep room for the "+N" chip.
        const int shown = qMax(0, int(rects.size()) - 1);
        for (int i = 0; i < shown; ++i)
            drawChip(painter, rects.at(i), waiters.at(i), texts.at(i));
        if (rects.isEmpty())
            return;
        const QRectF more = rects.at(shown);
        painter.setPen(QPen(cardBorder(palette()), 1.0));
        painter.setBrush(palette().color(QPalette::Base));
        painter.drawRoundedRect(more, chipHeight / 2.0, chipHeight / 2.0);
        painter.setFont(chipFont);
        painter.setPen(palette().color(QPalette::Text));
        painter.drawText(more, Qt::AlignCenter, u"+%1"_s.arg(waiters.size() - shown));
    }
}

void SyncPanel::drawChip(QPainter &painter, const QRectF &rect, int worker, const QString &text) const
{
    const WorkerRole role = workerRole(worker);
    const bool inCycle = m_deadlockWorkers.contains(worker);
    const qreal border = inCycle ? 2.5 : 1.5;
    const QColor fill = ColorScheme::roleFill(role, palette());
    painter.setPen(
        QPen(inCycle ? ColorScheme::alarm(palette()) : ColorScheme::roleBorder(role, palette()), border));
    painter.setBrush(fill);
    const QRectF box = rect.adjusted(border / 2.0, border / 2.0, -border / 2.0, -border / 2.0);
    painter.drawRoundedRect(box, box.height() / 2.0, box.height() / 2.0);
    painter.setFont(pixelFont(font(), rect.height() * 0.56, true));
    painter.setPen(ColorScheme::isDark(palette()) ? ColorScheme::textOn(fill) : QColor(0x26, 0x32, 0x38));
    painter.drawText(box, Qt::AlignCenter, text);
}

void SyncPanel::drawWarning(QPainter &painter, const QRectF &rect) const
{
    if (rect.width() < 40.0 || rect.height() < 30.0)
        return;
    painter.setPen(QPen(ColorScheme::warning(palette()), 1.5));
    painter.setBrush(ColorScheme::warningFill(palette()));
    const QRectF box = rect.adjusted(0.75, 0.75, -0.75, -0.75);
    painter.drawRoundedRect(box, 8.0, 8.0);
    // A warning triangle, then the sentence.
    const qreal size = qMin(34.0, box.height() * 0.4);
    const QPointF top(box.left() + 12.0 + size / 2.0, box.center().y() - size / 2.0);
    QPainterPath triangle;
    triangle.moveTo(top);
    triangle.lineTo(top.x() + size / 2.0, top.y() + size * 0.9);
    triangle.lineTo(top.x() - size / 2.0, top.y() + size * 0.9);
    triangle.closeSubpath();
    painter.setPen(Qt::NoPen);
    painter.setBrush(ColorScheme::warning(palette()));
    painter.drawPath(triangle);
    painter.setPen(ColorScheme::textOn(ColorScheme::warning(palette())));
    painter.setFont(pixelFont(font(), size * 0.6, true));
    painter.drawText(QRectF(top.x() - size / 2.0, top.y() + size * 0.2, size, size * 0.7), Qt::AlignCenter,
                     u"!"_s);
    const QRectF text = box.adjusted(size + 24.0, 6.0, -10.0, -6.0);
    QFont font = pixelFont(this->font(), qBound(11.0, box.height() * 0.15, 16.0), true);
    // The biggest font that fits the sentence in the box.
    while (font.pixelSize() > 9
           && QFontMetricsF(font).boundingRect(text, Qt::TextWordWrap, warning()).height() > text.height())
        font.setPixelSize(font.pixelSize() - 1);
    painter.setFont(font);
    painter.setPen(ColorScheme::warningText(palette()));
    painter.drawText(text, Qt::AlignLeft | Qt::AlignVCenter | Qt::TextWordWrap, warning());
}
