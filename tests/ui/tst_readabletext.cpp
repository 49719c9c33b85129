#include "bufferview.h"
#include "settingspanel.h"
#include "simulation.h"
#include "syncpanel.h"
#include "threadspage.h"
#include "timelineview.h"
#include "viewhelpers.h"

#include <QPaintEngine>
#include <QPainterPath>
#include <QStandardPaths>
#include <QTest>
#include <QTextItem>

using namespace Qt::StringLiterals;

namespace {

// A paint device that draws nothing and notes the size of every piece of text painted on it.
class TextRecorder : public QPaintDevice
{
public:
    explicit TextRecorder(const QSize &size) : m_size(size) { }

    struct Text
    {
        QString text;
        qreal pixels = 0.0;
    };
    const QList<Text> &texts() const { return m_engine.texts; }

    QPaintEngine *paintEngine() const override { return &m_engine; }

protected:
    int metric(PaintDeviceMetric metric) const override
    {
        switch (metric) {
        case PdmWidth:
            return m_size.width();
        case PdmHeight:
            return m_size.height();
        case PdmWidthMM:
            return m_size.width() * 254 / 960;
        case PdmHeightMM:
            return m_size.height() * 254 / 960;
        case PdmNumColors:
            return INT_MAX;
        case PdmDepth:
            return 32;
        case PdmDpiX:
        case PdmDpiY:
        case PdmPhysicalDpiX:
        case PdmPhysicalDpiY:
            return 96;
        case PdmDevicePixelRatio:
            return 1;
        case PdmDevicePixelRatioScaled:
            return int(devicePixelRatioFScale());
        }
        return 0;
    }

private:
    class Engine : public QPaintEngine
    {
    public:
        Engine() : QPaintEngine(QPaintEngine::AllFeatures) { }
        bool begin(QPaintDevice *) override { return true; }
        bool end() override { return true; }
        void updateState(const QPaintEngineState &) override { }
        void drawPixmap(const QRectF &, const QPixmap &, const QRectF &) override { }
        void drawPath(const QPainterPath &) override { }
        void drawPolygon(const QPointF *, int, PolygonDrawMode) override { }
        void drawRects(const QRectF *, int) override { }
        void drawLines(const QLineF *, int) override { }
        void drawEllipse(const QRectF &) override { }
        void drawImage(const QRectF &, const QImage &, const QRectF &, Qt::ImageConversionFlags) override { }
        void drawTextItem(const QPointF &, const QTextItem &item) override
        {
            const QFont font = item.font();
            const qreal pixels = font.pixelSize() > 0 ? font.pixelSize() : font.pointSizeF() * 96.0 / 72.0;
            texts.append({item.text(), pixels});
        }
        Type type() const override { return QPaintEngine::User; }

        QList<Text> texts;
    };

    QSize m_size;
    mutable Engine m_engine;
};

// The smallest text the widget paints at this size, and which text it is.
TextRecorder::Text smallestText(QWidget *widget, const QSize &size)
{
    widget->resize(size);
    TextRecorder recorder(size);
    widget->render(&recorder, QPoint(), QRegion(), QWidget::DrawWindowBackground);
    TextRecorder::Text smallest {QString(), 1e9};
    for (const TextRecorder::Text &text : recorder.texts()) {
        if (!text.text.trimmed().isEmpty() && text.pixels < smallest.pixels)
            smallest = text;
    }
    return smallest;
}

} // namespace

// Nothing a painted view draws is smaller than the project's readable minimum (12 px), at the
// views' minimum sizes with 4 + 4 threads in a 16-slot buffer, and at a typical size.
class TestReadableText : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void paintedTextIsReadable_data();
    void paintedTextIsReadable();
    void cleanupTestCase();

private:
    std::unique_ptr<ThreadsPage> m_page;
};

void TestReadableText::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    m_page = std::make_unique<ThreadsPage>();
    auto *settings = m_page->findChild<SettingsPanel *>();
    QVERIFY(settings);
    SimulationConfig config = settings->config();
    config.producers = 4;
    config.consumers = 4;
    config.capacity = 16;
    config.students = 100000;
    config.producerDelay = {20, 60};
    config.consumerDelay = {40, 120};
    config.strategy = u"semaphore"_s;
    settings->setConfig(config);
    m_page->resize(1280, 720);
    m_page->show();
    m_page->start();
    QTRY_VERIFY_WITH_TIMEOUT(m_page->simulation()->statistics().consumed >= 20, 20000);
}

void TestReadableText::cleanupTestCase()
{
    m_page.reset();
}

void TestReadableText::paintedTextIsReadable_data()
{
    QTest::addColumn<QString>("view");
    QTest::addColumn<bool>("minimum");
    for (const QString &view : {u"buffer"_s, u"sync panel"_s, u"timeline"_s}) {
        QTest::addRow("%s at its minimum size", qPrintable(view)) << view << true;
        QTest::addRow("%s at 900 x 300", qPrintable(view)) << view << false;
    }
}

void TestReadableText::paintedTextIsReadable()
{
    QFETCH(QString, view);
    QFETCH(bool, minimum);
    QWidget *widget = view == u"buffer"_s ? static_cast<QWidget *>(m_page->findChild<BufferView *>())
        : view == u"sync panel"_s         ? static_cast<QWidget *>(m_page->findChild<SyncPanel *>())
                                          : static_cast<QWidget *>(m_page->findChild<TimelineView *>());
    QVERIFY(widget);
    const QSize size = minimum ? widget->minimumSizeHint() : QSize(900, 300);
    const TextRecorder::Text smallest = smallestText(widget, size);
    QVERIFY2(smallest.pixels < 1e9, "nothing was painted");
    QVERIFY2(smallest.pixels >= ViewHelpers::MinimumPaintPixels - 0.01,
             qPrintable(u"\"%1\" is painted at %2 px"_s.arg(smallest.text).arg(smallest.pixels)));
}

QTEST_MAIN(TestReadableText)
#include "tst_readabletext.moc"
