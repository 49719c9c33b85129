#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace Qt::StringLiterals;

// The window on the screens of a lecture hall and of students' laptops: for each screen size and
// scale factor, screenprobe opens the window on an offscreen screen of that size (a fresh user: no
// saved geometry) and reports what is shown; the window must fit, and the widgets of the lesson
// (the buffer, Start, Reset, the Lost and Duplicated numbers) must be shown whole, before a run and
// after a finished 4 + 4 one.
class TestScreens : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void windowFits_data();
    void windowFits();
};

void TestScreens::windowFits_data()
{
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("height");
    QTest::addColumn<QString>("scale");
    QTest::addColumn<QString>("language");
    QTest::addRow("1024x768") << 1024 << 768 << u"1"_s << u"en_US"_s;
    QTest::addRow("1280x720") << 1280 << 720 << u"1"_s << u"en_US"_s;
    QTest::addRow("1366x768") << 1366 << 768 << u"1"_s << u"en_US"_s;
    QTest::addRow("1920x1080") << 1920 << 1080 << u"1"_s << u"en_US"_s;
    QTest::addRow("1366x768 at 1.25") << 1366 << 768 << u"1.25"_s << u"en_US"_s;
    QTest::addRow("1920x1080 at 1.5") << 1920 << 1080 << u"1.5"_s << u"en_US"_s;
    QTest::addRow("1920x1080 at 2") << 1920 << 1080 << u"2"_s << u"en_US"_s;
    // German labels are longer.
    QTest::addRow("1280x720 in German") << 1280 << 720 << u"1"_s << u"de_DE"_s;
    QTest::addRow("1366x768 at 1.25 in German") << 1366 << 768 << u"1.25"_s << u"de_DE"_s;
}

void TestScreens::windowFits()
{
    QFETCH(int, width);
    QFETCH(int, height);
    QFETCH(QString, scale);
    QFETCH(QString, language);

    QTemporaryDir home;
    QVERIFY(home.isValid());
    const QString config = home.filePath(u"screen.json"_s);
    {
        QFile file(config);
        QVERIFY(file.open(QIODevice::WriteOnly));
        const QJsonObject screen {{u"name"_s, u"Projector"_s}, {u"x"_s, 0},           {u"y"_s, 0},
                                  {u"width"_s, width},         {u"height"_s, height}, {u"logicalDpi"_s, 96},
                                  {u"logicalBaseDpi"_s, 96},   {u"dpr"_s, 1}};
        file.write(QJsonDocument(QJsonObject {{u"screens"_s, QJsonArray {screen}}}).toJson());
    }
    QProcess probe;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"QT_QPA_PLATFORM"_s, u"offscreen:configfile="_s + config);
    environment.insert(u"QT_SCALE_FACTOR"_s, scale);
    environment.insert(u"LANG"_s, language + u".UTF-8"_s);
    environment.insert(u"LANGUAGE"_s, language.left(2));
    environment.remove(u"LC_ALL"_s);
    // A first start: nothing saved, nothing written beside the user's own files.
    environment.insert(u"XDG_CONFIG_HOME"_s, home.filePath(u"config"_s));
    environment.insert(u"XDG_DATA_HOME"_s, home.filePath(u"data"_s));
    environment.insert(u"HOME"_s, home.path());
    probe.setProcessEnvironment(environment);
    probe.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    probe.start(QStringLiteral(SCREENPROBE_EXECUTABLE), {});
    QVERIFY2(probe.waitForFinished(90000), "the probe did not finish in 90 s");
    QCOMPARE(probe.exitCode(), 0);
    const QJsonObject result = QJsonDocument::fromJson(probe.readAllStandardOutput()).object();
    QVERIFY2(!result.isEmpty(), "the probe printed no JSON");

    const QJsonObject screen = result[u"screen"_s].toObject();
    const double factor = scale.toDouble();
    // The platform's screen in device-independent pixels, as the window sees it.
    QCOMPARE(screen[u"width"_s].toInt(), qRound(width / factor));
    const int screenWidth = screen[u"width"_s].toInt();
    const int screenHeight = screen[u"height"_s].toInt();
    QVERIFY2(result[u"minimumWidth"_s].toInt() <= screenWidth,
             qPrintable(
                 u"minimum width %1 > screen %2"_s.arg(result[u"minimumWidth"_s].toInt()).arg(screenWidth)));
    QVERIFY2(
        result[u"minimumHeight"_s].toInt() <= screenHeight,
        qPrintable(
            u"minimum height %1 > screen %2"_s.arg(result[u"minimumHeight"_s].toInt()).arg(screenHeight)));
    const QJsonObject frame = result[u"frame"_s].toObject();
    const QRect frameRect(frame[u"x"_s].toInt(), frame[u"y"_s].toInt(), frame[u"width"_s].toInt(),
                          frame[u"height"_s].toInt());
    // At 1.25 the screen is 1092.8 device-independent pixels wide: allow the rounding's one pixel.
    const int rounding = qFuzzyCompare(factor, std::round(factor)) ? 0 : 1;
    QVERIFY2(
        QRect(screen[u"x"_s].toInt(), screen[u"y"_s].toInt(), screenWidth + rounding, screenHeight + rounding)
            .contains(frameRect),
        qPrintable(
            u"the window (%1 x %2 at %3, %4) is not inside the screen (%5 x %6)"_s.arg(frameRect.width())
                .arg(frameRect.height())
                .arg(frameRect.x())
                .arg(frameRect.y())
                .arg(screenWidth)
                .arg(screenHeight)));
    QVERIFY(result[u"runFinished"_s].toBool());

    for (const QString &moment : {u"before"_s, u"after"_s}) {
        const QJsonArray widgets = result[moment].toArray();
        QVERIFY(widgets.size() >= 6);
        for (const QJsonValue &value : widgets) {
            const QJsonObject widget = value.toObject();
            const QString what = moment + u": "_s + widget[u"name"_s].toString();
            QVERIFY2(widget[u"found"_s].toBool(), qPrintable(what + u" not found"_s));
            if (widget[u"optional"_s].toBool() && !widget[u"visible"_s].toBool())
                continue;
            QVERIFY2(widget[u"visible"_s].toBool(), qPrintable(what + u" hidden"_s));
            QVERIFY2(widget[u"width"_s].toInt() > 0 && widget[u"height"_s].toInt() > 0,
                     qPrintable(what + u" has no size"_s));
            const bool widthOnly = widget[u"widthOnly"_s].toBool();
            QVERIFY2(widget[u"shownWidth"_s].toInt() == widget[u"width"_s].toInt()
                         && (widthOnly || widget[u"shownHeight"_s].toInt() == widget[u"height"_s].toInt()),
                     qPrintable(u"%1 clipped: %2 x %3 of %4 x %5 shown"_s.arg(what)
                                    .arg(widget[u"shownWidth"_s].toInt())
                                    .arg(widget[u"shownHeight"_s].toInt())
                                    .arg(widget[u"width"_s].toInt())
                                    .arg(widget[u"height"_s].toInt())));
        }
    }
}

QTEST_GUILESS_MAIN(TestScreens)
#include "tst_screens.moc"
