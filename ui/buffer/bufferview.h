#pragma once

#include "buffergeometry.h"
#include "bufferscene.h"

#include <QWidget>

// Draws a BufferScene: the ring of slots with the record numbers in programme colours, the in and
// out markers, the producer and consumer lanes with their states, the records travelling between
// them, and a legend. Holds no run logic: the owner updates scene() once per frame and calls
// update(); paintEvent() takes its rectangles from BufferGeometry and only draws. Records the
// checker flagged are outlined in red; a click on a record (in a slot or on its way) says which.
class BufferView : public QWidget
{
    Q_OBJECT
public:
    // Calm for "Paused", Alarm for a deadlock.
    enum class BannerTone { Calm, Alarm };

    explicit BufferView(QWidget *parent = nullptr);

    BufferScene &scene() { return m_scene; }
    const BufferScene &scene() const { return m_scene; }

    // Names the buffer in the caption: "Buffer (semaphore)".
    void setTitle(const QString &title);
    // Why the buffer holds more than its capacity, when it does for another reason than a capacity
    // that was lowered ("put back by consumers that went away"); empty: it was lowered.
    void setOverCapacityReason(const QString &reason);
    QString title() const { return m_title; }
    // A short message shown prominently under the slots ("Paused: press Space to resume"); empty
    // for none.
    void setBanner(const QString &banner, BannerTone tone = BannerTone::Calm);
    QString banner() const { return m_banner; }
    BannerTone bannerTone() const { return m_bannerTone; }
    // The caption as drawn now: "Buffer (semaphore): 7 of 10 slots filled".
    QString caption() const;

    BufferGeometry geometryFor(const QRectF &bounds) const;
    // The record drawn at this point (a token on its way, else a filled slot), or -1.
    int recordAt(const QPointF &position) const;
    // Where a record is drawn now (its token, else its slot); an empty rectangle if nowhere.
    QRectF recordRect(int record) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

    // The slot the keyboard is on (outlined while the view has the focus): the arrow keys, Home
    // and End move it, Enter opens the record in it (recordClicked()).
    int currentSlot() const;
    void setCurrentSlot(int slot);

Q_SIGNALS:
    // A record was clicked (or chosen with Enter), in a slot or on its way.
    void recordClicked(int record);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void focusInEvent(QFocusEvent *event) override;
    void focusOutEvent(QFocusEvent *event) override;

private:
    void drawLanes(QPainter &painter, const BufferGeometry &geometry) const;
    void drawLane(QPainter &painter, const QRectF &rect, const BufferScene::Lane &lane) const;
    void drawSlots(QPainter &painter, const BufferGeometry &geometry) const;
    void drawMarkers(QPainter &painter, const BufferGeometry &geometry) const;
    void drawTokens(QPainter &painter, const BufferGeometry &geometry) const;
    void drawRecord(QPainter &painter, const QRectF &rect, int record, int programme, qreal fontPixels,
                    bool flagged) const;
    void drawFlag(QPainter &painter, const QRectF &rect) const;
    // Where each token is drawn now, in drawing order.
    QList<QRectF> tokenRects(const BufferGeometry &geometry) const;
    void drawCaption(QPainter &painter, const BufferGeometry &geometry) const;
    void drawLegend(QPainter &painter, const BufferGeometry &geometry) const;
    void drawBanner(QPainter &painter, const BufferGeometry &geometry) const;
    QPointF laneAnchor(const BufferGeometry &geometry, int lane) const;
    void drawFocus(QPainter &painter, const BufferGeometry &geometry) const;

    BufferScene m_scene;
    QString m_title;
    QString m_overCapacityReason;
    QString m_banner;
    BannerTone m_bannerTone = BannerTone::Calm;
    int m_currentSlot = 0;
};
