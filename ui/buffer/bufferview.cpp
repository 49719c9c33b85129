#include "bufferview.h"

#include "bufferviewaccessible.h"
#include "colorscheme.h"
#include "itstudent.h"
#include "viewhelpers.h"

#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>

#include <cmath>

using namespace Qt::StringLiterals;

namespace {

QFont pixelFont(const QFont &base, qreal pixels, bool bold = false)
{
    QFont font = base;
    font.setPixelSize(qRound(qMax(pixels, ViewHelpers::MinimumPaintPixels)));
    font.setBold(bold);
    return font;
}

// The biggest font that fits the text in width (or the given pixel size, if smaller).
QFont fittingFont(const QFont &base, const QString &text, qreal width, qreal pixels, bool bold)
{
    QFont font = pixelFont(base, pixels, bold);
    const qreal textWidth = QFontMetricsF(font).horizontalAdvance(text);
    if (textWidth <= width || textWidth <= 0.0)
        return font;
    // Glyphs do not scale exactly (hinting): estimate, then step down until it fits.
    int size = qMax(1, int(pixels * width / textWidth));
    font = pixelFont(base, size, bold);
    while (size > ViewHelpers::MinimumPaintPixels && QFontMetricsF(font).horizontalAdvance(text) > width)
        font = pixelFont(base, --size, bold);
    return font;
}

// "Producer 3" -> "P3": the initials of the words, numbers kept whole.
QString abbreviated(const QString &label)
{
    QString result;
    const QStringList words = label.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    for (const QString &word : words)
        result += word.front().isDigit() ? word : word.left(1);
    return result;
}

void drawArrowHead(QPainter &painter, const QPointF &tip, qreal size, bool pointsDown)
{
    const qreal dy = pointsDown ? -size : size;
    QPainterPath path;
    path.moveTo(tip);
    path.lineTo(tip.x() - size * 0.75, tip.y() + dy);
    path.lineTo(tip.x() + size * 0.75, tip.y() + dy);
    path.closeSubpath();
    painter.fillPath(path, painter.pen().color());
}

} // namespace

BufferView::BufferView(QWidget *parent) : QWidget(parent), m_title(tr("Buffer"))
{
    setAttribute(Qt::WA_OpaquePaintEvent);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    setMouseTracking(true); // the hand cursor over records says they can be clicked
    BufferViewAccessible::install();
    setFocusPolicy(Qt::StrongFocus); // the slots can be walked and opened with the keyboard
}

QList<QRectF> BufferView::tokenRects(const BufferGeometry &geometry) const
{
    QList<QRectF> rects;
    for (const BufferScene::Token &token : m_scene.tokens()) {
        if (token.lane < 0 || token.lane >= m_scene.lanes().size() || geometry.tokenSize.width() < 4.0) {
            rects.append(QRectF());
            continue;
        }
        const QPointF lane = laneAnchor(geometry, token.lane);
        const QPointF slot = geometry.slotCentre(token.slot);
        const qreal progress = m_scene.progress(token);
        const QPointF at = token.intoSlot
            ? BufferGeometry::tokenPosition(lane, geometry.inboundCruiseY(token.slot), slot, progress)
            : BufferGeometry::tokenPosition(slot, geometry.outboundCruiseY(token.slot), lane, progress);
        rects.append(geometry.tokenRect(at));
    }
    return rects;
}

int BufferView::recordAt(const QPointF &position) const
{
    const BufferGeometry geometry = geometryFor(QRectF(rect()));
    // Tokens are drawn over the slots: the last drawn is on top.
    const QList<QRectF> tokens = tokenRects(geometry);
    for (qsizetype i = tokens.size() - 1; i >= 0; --i) {
        if (tokens.at(i).contains(position))
            return m_scene.tokens().at(std::size_t(i)).record;
    }
    const QList<BufferScene::Slot> &slots = m_scene.slots();
    for (int i = 0; i < slots.size() && i < geometry.slotRects.size(); ++i) {
        if (geometry.slotRects.at(i).contains(position) && !slots.at(i).isEmpty() && !m_scene.isArriving(i))
            return slots.at(i).record;
    }
    return -1;
}

QRectF BufferView::recordRect(int record) const
{
    const BufferGeometry geometry = geometryFor(QRectF(rect()));
    const QList<QRectF> tokens = tokenRects(geometry);
    for (qsizetype i = tokens.size() - 1; i >= 0; --i) {
        if (m_scene.tokens().at(std::size_t(i)).record == record && tokens.at(i).isValid())
            return tokens.at(i);
    }
    const QList<BufferScene::Slot> &slots = m_scene.slots();
    for (int i = 0; i < slots.size() && i < geometry.slotRects.size(); ++i) {
        if (slots.at(i).record == record && !m_scene.isArriving(i))
            return geometry.slotRects.at(i);
    }
    return {};
}

void BufferView::mousePressEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton) {
        const int record = recordAt(event->position());
        if (record >= 0) {
            Q_EMIT recordClicked(record);
            event->accept();
            return;
        }
    }
    QWidget::mousePressEvent(event);
}

void BufferView::mouseMoveEvent(QMouseEvent *event)
{
    const bool overRecord = recordAt(event->position()) >= 0;
    if (overRecord && cursor().shape() != Qt::PointingHandCursor)
        setCursor(Qt::PointingHandCursor);
    else if (!overRecord && testAttribute(Qt::WA_SetCursor))
        unsetCursor();
    QWidget::mouseMoveEvent(event);
}

void BufferView::setBanner(const QString &banner, BannerTone tone)
{
    if (banner == m_banner && tone == m_bannerTone)
        return;
    m_banner = banner;
    m_bannerTone = tone;
    update();
}

void BufferView::setTitle(const QString &title)
{
    m_title = title;
    update();
}

void BufferView::setOverCapacityReason(const QString &reason)
{
    if (reason == m_overCapacityReason)
        return;
    m_overCapacityReason = reason;
    update();
}

QString BufferView::caption() const
{
    const int size = m_scene.size();
    if (size > m_scene.capacity() && !m_overCapacityReason.isEmpty())
        return tr("%1: %2 in %3 slots — %4 %5 (hatched)")
            .arg(m_title)
            .arg(size)
            .arg(m_scene.capacity())
            .arg(size - m_scene.capacity())
            .arg(m_overCapacityReason);
    if (m_scene.isDraining())
        return tr("%1: %2 records, shrinking to %3 slots (hatched slots are going away)")
            .arg(m_title)
            .arg(size)
            .arg(m_scene.capacity());
    QString text = tr("%1: %2 of %3 slots filled").arg(m_title).arg(size).arg(m_scene.capacity());
    if (size >= m_scene.capacity())
        text += tr(" — full, producers must wait");
    else if (size == 0)
        text += tr(" — empty, consumers must wait");
    return text;
}

BufferGeometry BufferView::geometryFor(const QRectF &bounds) const
{
    return BufferGeometry::compute(bounds, m_scene.slotCount(), m_scene.laneCount(WorkerRole::Producer),
                                   m_scene.laneCount(WorkerRole::Consumer));
}

QSize BufferView::sizeHint() const
{
    return QSize(900, 420);
}

QSize BufferView::minimumSizeHint() const
{
    return QSize(320, 150);
}

void BufferView::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::TextAntialiasing);
    painter.fillRect(rect(), palette().color(QPalette::Base));

    const BufferGeometry geometry = geometryFor(QRectF(rect()));
    drawCaption(painter, geometry);
    drawLanes(painter, geometry);
    drawSlots(painter, geometry);
    drawTokens(painter, geometry);
    drawMarkers(painter, geometry); // over the tokens: in and out must always show
    drawLegend(painter, geometry);
    drawBanner(painter, geometry);
    if (hasFocus())
        drawFocus(painter, geometry);
}

void BufferView::drawBanner(QPainter &painter, const BufferGeometry &geometry) const
{
    if (m_banner.isEmpty() || geometry.slotRects.isEmpty())
        return;
    // A pill under the slots, where nothing else is drawn: "Paused: press Space to resume".
    qreal bottom = geometry.slotArea.top();
    for (const QRectF &slot : geometry.slotRects)
        bottom = qMax(bottom, slot.bottom() + geometry.markerHeight);
    QRectF room(geometry.slotArea.left(), bottom + 6.0, geometry.slotArea.width(),
                geometry.legendRect.top() - bottom - 10.0);
    const bool overCaption = room.height() < 24.0;
    if (overCaption)
        room = geometry.captionRect; // a full grid leaves no room below: cover the caption instead
    if (room.height() < 14.0)
        return;
    QFont font
        = fittingFont(this->font(), m_banner, room.width() - 32.0, qMin(20.0, room.height() * 0.6), true);
    painter.setFont(font);
    const QFontMetricsF metrics(font);
    const QSizeF size(overCaption ? room.width() : metrics.horizontalAdvance(m_banner) + 32.0,
                      metrics.height() + 12.0);
    const QRectF pill(room.center().x() - size.width() / 2.0,
                      room.top() + (room.height() - size.height()) / 2.0, size.width(),
                      qMin(size.height(), room.height()));
    // Dark on a light ground, light on a dark one: the pill always stands out from the view.
    const QColor neutral = ColorScheme::isDark(palette())
        ? ColorScheme::mix(palette().color(QPalette::Base), palette().color(QPalette::Text), 0.8)
        : QColor(0x37, 0x47, 0x4F);
    const QColor fill = m_bannerTone == BannerTone::Alarm ? ColorScheme::alarm(palette()) : neutral;
    painter.setPen(Qt::NoPen);
    painter.setBrush(fill);
    painter.drawRoundedRect(pill, pill.height() / 2.0, pill.height() / 2.0);
    painter.setPen(ColorScheme::textOn(fill));
    painter.drawText(pill, Qt::AlignCenter, m_banner);
}

QPointF BufferView::laneAnchor(const BufferGeometry &geometry, int lane) const
{
    const int index = m_scene.sideIndex(lane);
    return m_scene.lanes().at(lane).role == WorkerRole::Producer ? geometry.producerAnchor(index)
                                                                 : geometry.consumerAnchor(index);
}

void BufferView::drawCaption(QPainter &painter, const BufferGeometry &geometry) const
{
    const QRectF rect = geometry.captionRect;
    if (rect.height() < 8.0)
        return;
    const QString text = caption();
    painter.setFont(fittingFont(font(), text, rect.width(), qMin(20.0, rect.height() * 0.55), true));
    painter.setPen(palette().color(QPalette::Text));
    // Too long even at the smallest readable size (a narrow window, a longer language): two
    // lines if they fit, else cut with an ellipsis, never cut at both ends.
    const QFontMetricsF metrics(painter.font());
    if (metrics.horizontalAdvance(text) <= rect.width())
        painter.drawText(rect, Qt::AlignCenter, text);
    else if (metrics.boundingRect(rect, Qt::AlignCenter | Qt::TextWordWrap, text).height() <= rect.height())
        painter.drawText(rect, Qt::AlignCenter | Qt::TextWordWrap, text);
    else
        painter.drawText(rect, Qt::AlignCenter, metrics.elidedText(text, Qt::ElideRight, rect.width()));

    // Column headings over the lanes.
    const auto heading = [&](const QRectF &headingRect, const QString &label) {
        if (headingRect.height() < 8.0 || headingRect.width() < 8.0)
            return;
        painter.setFont(
            fittingFont(font(), label, headingRect.width(), qMin(16.0, headingRect.height() * 0.7), true));
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(headingRect, Qt::AlignHCenter | Qt::AlignVCenter, label);
    };
    heading(geometry.producerHeading, tr("Producers"));
    heading(geometry.consumerHeading, tr("Consumers"));
}

void BufferView::drawLanes(QPainter &painter, const BufferGeometry &geometry) const
{
    const QList<BufferScene::Lane> &lanes = m_scene.lanes();
    for (int i = 0; i < lanes.size(); ++i) {
        const int index = m_scene.sideIndex(i);
        const QList<QRectF> &rects
            = lanes.at(i).role == WorkerRole::Producer ? geometry.producerLanes : geometry.consumerLanes;
        if (index >= 0 && index < rects.size())
            drawLane(painter, rects.at(index), lanes.at(i));
    }
}

void BufferView::drawLane(QPainter &painter, const QRectF &rect, const BufferScene::Lane &lane) const
{
    if (rect.width() < 4.0 || rect.height() < 4.0)
        return;
    const bool waiting = isWaiting(lane.activity);
    const qreal borderWidth = lane.alarm ? 4.0 : waiting ? 3.0 : 1.5;
    const QRectF box
        = rect.adjusted(borderWidth / 2.0, borderWidth / 2.0, -borderWidth / 2.0, -borderWidth / 2.0);
    QPen pen(lane.alarm ? ColorScheme::alarm(palette()) : ColorScheme::laneBorder(lane.activity, palette()),
             borderWidth);
    if (lane.activity == LaneActivity::Paused)
        pen.setStyle(Qt::DashLine);
    painter.setPen(pen);
    painter.setBrush(ColorScheme::laneFill(lane.activity, palette()));
    painter.drawRoundedRect(box, 8.0, 8.0);

    const QRectF text = box.adjusted(10.0, 4.0, -8.0, -4.0);
    const qreal namePixels = qBound(ViewHelpers::MinimumPaintPixels + 1.0, rect.height() * 0.25, 19.0);
    const qreal statePixels = qBound(ViewHelpers::MinimumPaintPixels, rect.height() * 0.2, 16.0);
    painter.setPen(ColorScheme::laneText(lane.activity, palette()));
    const QString state = lane.record > 0 && lane.activity != LaneActivity::Done
        ? tr("%1 (student %2)").arg(lane.stateText).arg(lane.record)
        : lane.stateText;
    if (text.height() >= namePixels * 1.3 + statePixels * 2.6) {
        // Name, then the state on up to two lines.
        painter.setFont(pixelFont(font(), namePixels, true));
        const qreal nameHeight = QFontMetricsF(painter.font()).height();
        const qreal blockHeight = nameHeight + QFontMetricsF(pixelFont(font(), statePixels)).height() * 2.0;
        const QRectF block(text.left(), text.center().y() - blockHeight / 2.0, text.width(), blockHeight);
        painter.drawText(QRectF(block.left(), block.top(), block.width(), nameHeight),
                         Qt::AlignLeft | Qt::AlignVCenter, lane.label);
        painter.setFont(pixelFont(font(), statePixels));
        painter.drawText(
            QRectF(block.left(), block.top() + nameHeight, block.width(), block.height() - nameHeight),
            Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, state);
    } else if (text.height() >= namePixels * 1.2 + statePixels * 1.3) {
        painter.setFont(pixelFont(font(), namePixels, true));
        const qreal nameHeight = QFontMetricsF(painter.font()).height();
        const qreal top = text.center().y() - (nameHeight + statePixels * 1.3) / 2.0;
        painter.drawText(QRectF(text.left(), top, text.width(), nameHeight), Qt::AlignLeft | Qt::AlignVCenter,
                         lane.label);
        painter.setFont(pixelFont(font(), statePixels));
        const QString elided = QFontMetricsF(painter.font()).elidedText(state, Qt::ElideRight, text.width());
        painter.drawText(QRectF(text.left(), top + nameHeight, text.width(), statePixels * 1.3),
                         Qt::AlignLeft | Qt::AlignVCenter, elided);
    } else {
        const qreal pixels = qMin(statePixels, text.height() * 0.8);
        painter.setFont(pixelFont(font(), pixels, true));
        // One line: "Producer 3: waiting for a free slot", or "P3: waiting for ..." when that is too long.
        const QFontMetricsF metrics(painter.font());
        QString line = lane.label + u": "_s + lane.stateText;
        if (metrics.horizontalAdvance(line) > text.width())
            line = abbreviated(lane.label) + u": "_s + lane.stateText;
        painter.drawText(text, Qt::AlignLeft | Qt::AlignVCenter,
                         metrics.elidedText(line, Qt::ElideRight, text.width()));
    }
}

void BufferView::drawRecord(QPainter &painter, const QRectF &rect, int record, int programme,
                            qreal fontPixels, bool flagged) const
{
    // A removal that took an empty slot carries no record at all: an empty-set sign, flagged.
    const QString number = record < 0 ? u"\u2205"_s : QString::number(record);
    flagged = flagged || record < 0;
    const QColor fill = ColorScheme::programme(programme);
    const qreal border = flagged ? 4.0 : 1.5;
    painter.setPen(
        QPen(flagged ? ColorScheme::alarm(palette()) : ColorScheme::programmeOutline(programme, palette()),
             border));
    painter.setBrush(fill);
    const qreal radius = qMin(rect.width(), rect.height()) * 0.16;
    painter.drawRoundedRect(rect.adjusted(border / 2.0, border / 2.0, -border / 2.0, -border / 2.0), radius,
                            radius);
    painter.setPen(ColorScheme::textOn(fill));
    painter.setFont(fittingFont(font(), number, rect.width() * 0.86, fontPixels, true));
    painter.drawText(rect, Qt::AlignCenter, number);
    if (flagged)
        drawFlag(painter, rect);
}

void BufferView::drawFlag(QPainter &painter, const QRectF &rect) const
{
    // A red "!" badge on the top right corner: the checker found something wrong here.
    const qreal size = qBound(12.0, qMin(rect.width(), rect.height()) * 0.34, 24.0);
    const QRectF badge(rect.right() - size * 0.7, rect.top() - size * 0.3, size, size);
    const QColor alarm = ColorScheme::alarm(palette());
    painter.setPen(QPen(palette().color(QPalette::Base), 1.5));
    painter.setBrush(alarm);
    painter.drawEllipse(badge);
    painter.setPen(ColorScheme::textOn(alarm));
    painter.setFont(pixelFont(font(), size * 0.72, true));
    painter.drawText(badge, Qt::AlignCenter, u"!"_s);
}

void BufferView::drawSlots(QPainter &painter, const BufferGeometry &geometry) const
{
    const QList<BufferScene::Slot> &slots = m_scene.slots();
    const qreal numberPixels = geometry.slotSize * 0.42;
    const qreal indexPixels = qMax(8.0, geometry.slotSize * 0.17);
    for (int i = 0; i < slots.size() && i < geometry.slotRects.size(); ++i) {
        const QRectF rect = geometry.slotRects.at(i);
        if (rect.width() < 2.0)
            continue;
        const BufferScene::Slot &slot = slots.at(i);
        const bool draining = i >= m_scene.capacity();
        const bool shown = !slot.isEmpty() && !m_scene.isArriving(i);
        const qreal radius = rect.width() * 0.12;
        const bool slotFlagged = m_scene.isSlotFlagged(i);
        if (shown) {
            drawRecord(painter, rect, slot.record, slot.programme, numberPixels,
                       slotFlagged || m_scene.isFlagged(slot.record));
        } else {
            painter.setPen(slotFlagged ? QPen(ColorScheme::alarm(palette()), 3.0, Qt::DashLine)
                                       : QPen(ColorScheme::slotOutline(palette()), 1.0));
            painter.setBrush(ColorScheme::emptySlot(palette()));
            painter.drawRoundedRect(rect.adjusted(1.5, 1.5, -1.5, -1.5), radius, radius);
            if (slotFlagged)
                drawFlag(painter, rect);
        }
        if (draining) {
            // Slots past a lowered capacity: still holding records, gone once they drain.
            // Faded and hatched, with a dashed outline.
            painter.setPen(Qt::NoPen);
            QColor veil = palette().color(QPalette::Base);
            veil.setAlpha(120);
            painter.setBrush(veil);
            painter.drawRoundedRect(rect, radius, radius);
            QColor hatch
                = ColorScheme::mix(palette().color(QPalette::Base), palette().color(QPalette::Text), 0.7);
            painter.setPen(QPen(hatch, 1.5, Qt::DashLine));
            hatch.setAlpha(150);
            painter.setBrush(QBrush(hatch, Qt::BDiagPattern));
            painter.drawRoundedRect(rect.adjusted(0.75, 0.75, -0.75, -0.75), radius, radius);
        }
        // The slot's index, small, in the corner: the textbook's buffer[i].
        painter.setFont(pixelFont(font(), indexPixels));
        painter.setPen(shown ? ColorScheme::textOn(ColorScheme::programme(slot.programme))
                             : ColorScheme::readableOn(palette().color(QPalette::PlaceholderText),
                                                       ColorScheme::emptySlot(palette()), 4.5));
        painter.drawText(rect.adjusted(3.0, 1.0, -4.0, -2.0), Qt::AlignRight | Qt::AlignBottom,
                         QString::number(i));
    }
}

void BufferView::drawMarkers(QPainter &painter, const BufferGeometry &geometry) const
{
    if (geometry.markerHeight < 6.0)
        return;
    const qreal pixels = qBound(8.0, geometry.markerHeight * 0.5, 16.0);
    const qreal head = qMin(geometry.markerHeight * 0.3, geometry.slotSize * 0.16);
    painter.setFont(pixelFont(font(), pixels, true));
    const qreal textHeight = QFontMetricsF(painter.font()).height();

    const QRectF in = geometry.inMarkerRect(m_scene.inPosition());
    if (in.isValid()) {
        painter.setPen(QPen(ColorScheme::inMarker(palette()), 2.0));
        drawArrowHead(painter, QPointF(in.center().x(), in.bottom() - 1.0), head, true);
        painter.drawText(QRectF(in.left() - in.width(), in.bottom() - head - textHeight - 1.0,
                                in.width() * 3.0, textHeight),
                         //: the marker of the next slot a producer fills
                         Qt::AlignHCenter | Qt::AlignBottom, tr("in"));
    }
    const QRectF out = geometry.outMarkerRect(m_scene.outPosition());
    if (out.isValid()) {
        painter.setPen(QPen(ColorScheme::outMarker(palette()), 2.0));
        drawArrowHead(painter, QPointF(out.center().x(), out.top() + 1.0), head, false);
        painter.drawText(
            QRectF(out.left() - out.width(), out.top() + head + 1.0, out.width() * 3.0, textHeight),
            //: the marker of the next slot a consumer empties
            Qt::AlignHCenter | Qt::AlignTop, tr("out"));
    }
}

void BufferView::drawTokens(QPainter &painter, const BufferGeometry &geometry) const
{
    if (geometry.tokenSize.width() < 4.0)
        return;
    const QList<QRectF> rects = tokenRects(geometry);
    for (qsizetype i = 0; i < rects.size(); ++i) {
        const QRectF &rect = rects.at(i);
        if (rect.isNull())
            continue;
        const BufferScene::Token &token = m_scene.tokens().at(std::size_t(i));
        // A soft shadow lifts the token off the slots it passes over.
        painter.setPen(Qt::NoPen);
        painter.setBrush(QColor(0, 0, 0, 40));
        painter.drawRoundedRect(rect.translated(2.0, 3.0), 6.0, 6.0);
        drawRecord(painter, rect, token.record, token.programme, geometry.tokenSize.height() * 0.6,
                   m_scene.isFlagged(token.record));
    }
}

void BufferView::drawLegend(QPainter &painter, const BufferGeometry &geometry) const
{
    const QRectF area = geometry.legendRect;
    if (area.height() < 10.0 || area.width() < 40.0)
        return;
    const QStringList &names = ITStudent::programmes();
    constexpr qreal Gap = 18.0; // between entries
    const auto entryWidth = [&](const QFontMetricsF &metrics, int i) {
        return metrics.height() * 0.8 + 6.0 + metrics.horizontalAdvance(names.at(i)) + Gap;
    };
    const auto totalWidth = [&](const QFontMetricsF &metrics) {
        qreal total = 0.0;
        for (int i = 0; i < names.size(); ++i)
            total += entryWidth(metrics, i);
        return total - Gap;
    };

    // One line if a readable font allows it, otherwise lines of about equal width.
    const qreal largest = qBound(ViewHelpers::MinimumPaintPixels, area.height() * 0.32, 15.0);
    qreal pixels = largest;
    while (pixels > 12.0 && totalWidth(QFontMetricsF(pixelFont(font(), pixels))) > area.width())
        pixels -= 1.0;
    if (totalWidth(QFontMetricsF(pixelFont(font(), pixels))) > area.width())
        pixels = largest;
    painter.setFont(pixelFont(font(), pixels));
    const QFontMetricsF metrics(painter.font());
    const qreal lineHeight = metrics.height() + 4.0;
    const qreal swatch = metrics.height() * 0.8;
    const qreal total = totalWidth(metrics);
    const int lineCount = qMax(1, int(std::ceil(total / area.width())));
    const qreal target = total / lineCount + Gap;

    QList<QList<int>> lines(1);
    QList<qreal> widths(1, 0.0);
    for (int i = 0; i < names.size(); ++i) {
        const qreal w = entryWidth(metrics, i);
        if (!lines.last().isEmpty()
            && (widths.last() + w > area.width() + Gap || widths.last() + w / 2.0 > target)) {
            lines.append(QList<int>());
            widths.append(0.0);
        }
        lines.last().append(i);
        widths.last() += w;
    }
    const int fitting = qMax(1, int(area.height() / lineHeight));
    const qreal top = area.top() + (area.height() - qMin<qreal>(fitting, lines.size()) * lineHeight) / 2.0;
    for (int line = 0; line < lines.size() && line < fitting; ++line) {
        qreal x = area.center().x() - (widths.at(line) - Gap) / 2.0;
        const qreal y = top + line * lineHeight;
        for (const int i : std::as_const(lines.at(line))) {
            const QRectF box(x, y + (lineHeight - swatch) / 2.0, swatch, swatch);
            painter.setPen(QPen(ColorScheme::programmeOutline(i, palette()), 1.0));
            painter.setBrush(ColorScheme::programme(i));
            painter.drawRoundedRect(box, 3.0, 3.0);
            painter.setPen(palette().color(QPalette::Text));
            painter.drawText(QRectF(box.right() + 6.0, y, area.right() - box.right(), lineHeight),
                             Qt::AlignLeft | Qt::AlignVCenter, names.at(i));
            x += entryWidth(metrics, i);
        }
    }
}

int BufferView::currentSlot() const
{
    // The buffer may have shrunk since the slot was chosen.
    return qBound(0, m_currentSlot, qMax(0, m_scene.slotCount() - 1));
}

void BufferView::setCurrentSlot(int slot)
{
    m_currentSlot = qBound(0, slot, qMax(0, m_scene.slotCount() - 1));
    update();
}

void BufferView::keyPressEvent(QKeyEvent *event)
{
    const int slot = currentSlot();
    const BufferGeometry geometry = geometryFor(QRectF(rect()));
    // Up and Down move a row when the slots wrap into several.
    const int row = geometry.rows > 1 ? qMax(1, geometry.columns) : 1;
    switch (event->key()) {
    case Qt::Key_Left:
        setCurrentSlot(slot - 1);
        break;
    case Qt::Key_Right:
        setCurrentSlot(slot + 1);
        break;
    case Qt::Key_Up:
        setCurrentSlot(slot - row);
        break;
    case Qt::Key_Down:
        setCurrentSlot(slot + row);
        break;
    case Qt::Key_Home:
        setCurrentSlot(0);
        break;
    case Qt::Key_End:
        setCurrentSlot(m_scene.slotCount() - 1);
        break;
    case Qt::Key_Return:
    case Qt::Key_Enter: {
        const QList<BufferScene::Slot> &slots = m_scene.slots();
        if (slot < slots.size() && !slots.at(slot).isEmpty() && !m_scene.isArriving(slot))
            Q_EMIT recordClicked(slots.at(slot).record);
        break;
    }
    default:
        QWidget::keyPressEvent(event);
        return;
    }
    event->accept();
}

void BufferView::focusInEvent(QFocusEvent *event)
{
    update(); // the outline of the current slot
    QWidget::focusInEvent(event);
}

void BufferView::focusOutEvent(QFocusEvent *event)
{
    update();
    QWidget::focusOutEvent(event);
}

void BufferView::drawFocus(QPainter &painter, const BufferGeometry &geometry) const
{
    const int slot = currentSlot();
    if (slot >= geometry.slotRects.size())
        return;
    painter.save();
    painter.setBrush(Qt::NoBrush);
    painter.setPen(QPen(palette().color(QPalette::Highlight), 3.0));
    painter.drawRoundedRect(geometry.slotRects.at(slot).adjusted(-3.0, -3.0, 3.0, 3.0), 5.0, 5.0);
    painter.restore();
}
