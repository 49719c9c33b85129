#include "recordcard.h"

#include "colorscheme.h"
#include "studentxml.h"
#include "theme.h"

#include <QDialogButtonBox>
#include <QEvent>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace {

QLabel *sectionTitle(const QString &text)
{
    auto *label = new QLabel(text);
    QFont font = label->font();
    font.setBold(true);
    font.setPointSizeF(font.pointSizeF() * 1.1);
    label->setFont(font);
    return label;
}

QLabel *valueLabel()
{
    auto *label = new QLabel;
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

QString markText(double mark)
{
    return StudentXml::formatMark(mark);
}

} // namespace

RecordCard::RecordCard(QWidget *parent) : QDialog(parent)
{
    setModal(false);
    setSizeGripEnabled(true);

    m_title = new QLabel;
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.6);
    m_title->setFont(titleFont);

    m_flag = new QLabel;
    m_flag->setWordWrap(true);
    Theme::setTone(m_flag, Theme::Tone::AlarmBox);
    QFont bold = m_flag->font();
    bold.setBold(true);
    m_flag->setFont(bold);
    m_flag->setVisible(false);

    // The fields on the left.
    m_name = valueLabel();
    m_id = valueLabel();
    m_programme = valueLabel();
    m_average = valueLabel();
    m_verdict = valueLabel();
    QFont verdictFont = m_verdict->font();
    verdictFont.setBold(true);
    verdictFont.setPointSizeF(verdictFont.pointSizeF() * 1.3);
    m_verdict->setFont(verdictFont);
    auto *coursesWidget = new QWidget;
    m_courses = new QGridLayout(coursesWidget);
    m_courses->setContentsMargins(0, 0, 0, 0);
    m_courses->setHorizontalSpacing(16);
    m_courses->setVerticalSpacing(3);
    coursesWidget->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Minimum);
    m_sourceLabel = new QLabel;
    m_sourceLabel->setWordWrap(true);
    m_sourceLabel->setForegroundRole(QPalette::PlaceholderText);
    auto *form = new QFormLayout;
    form->setLabelAlignment(Qt::AlignLeft);
    form->setVerticalSpacing(6);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->addRow(tr("Name"), m_name);
    form->addRow(tr("Student ID"), m_id);
    form->addRow(tr("Programme"), m_programme);
    form->addRow(tr("Courses"), coursesWidget);
    form->addRow(tr("Average"), m_average);
    form->addRow(tr("Result"), m_verdict);
    auto *fields = new QVBoxLayout;
    fields->addWidget(sectionTitle(tr("The record")));
    fields->addLayout(form);
    fields->addWidget(m_sourceLabel);
    fields->addStretch(1);

    // The journey on the right.
    m_journey = new QLabel;
    m_journey->setTextFormat(Qt::RichText);
    m_journey->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    m_journey->setWordWrap(true);
    m_journey->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_journey->setContentsMargins(0, 0, 0, 0);
    m_where = new QLabel;
    m_where->setWordWrap(true);
    QFont whereFont = m_where->font();
    whereFont.setItalic(true);
    m_where->setFont(whereFont);
    auto *journey = new QVBoxLayout;
    journey->addWidget(sectionTitle(tr("Its journey")));
    journey->addWidget(m_journey);
    journey->addWidget(m_where);
    journey->addStretch(1);

    auto *columns = new QHBoxLayout;
    columns->setSpacing(28);
    columns->addLayout(fields, 1);
    columns->addLayout(journey, 1);

    m_xmlTitle = sectionTitle(tr("XML file"));
    m_xml = new QPlainTextEdit;
    m_xml->setReadOnly(true);
    m_xml->setLineWrapMode(QPlainTextEdit::NoWrap);
    QFont xmlFont = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    xmlFont.setPointSizeF(qMax(xmlFont.pointSizeF(), font().pointSizeF() - 0.5));
    m_xml->setFont(xmlFont);
    m_xml->setMinimumHeight(QFontMetrics(xmlFont).lineSpacing() * 8);
    m_xml->setFocusPolicy(Qt::ClickFocus);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->setSpacing(10);
    layout->addWidget(m_title);
    layout->addWidget(m_flag);
    layout->addLayout(columns, 0);
    layout->addWidget(m_xmlTitle);
    layout->addWidget(m_xml, 1);
    layout->addWidget(buttons);
    resize(820, 680);
}

void RecordCard::setRecord(int record, const ITStudent &student, Source source, const QString &note)
{
    m_record = record;
    m_student = student;
    m_source = source;
    setWindowTitle(tr("Student %1").arg(record));
    m_title->setText(student.name.isEmpty() ? tr("Student %1").arg(record)
                                            : tr("Student %1 — %2").arg(record).arg(student.name));
    m_name->setText(student.name);
    m_id->setText(student.studentId);
    const int programme = student.programmeIndex();
    m_programme->setText(u"<span style=\"color:%1\">\u25A0</span> %2"_s.arg(
        ColorScheme::programme(programme).name(), student.programme.toHtmlEscaped()));

    while (QLayoutItem *item = m_courses->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    for (int i = 0; i < student.courses.size(); ++i) {
        const Course &course = student.courses.at(i);
        auto *name = new QLabel(course.name);
        auto *mark = new QLabel(markText(course.mark));
        mark->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
        if (course.mark < ITStudent::PassMark)
            Theme::setTone(mark, Theme::Tone::Failed);
        m_courses->addWidget(name, i, 0);
        m_courses->addWidget(mark, i, 1);
    }
    m_courses->setColumnStretch(2, 1);

    m_average->setText(QString::number(student.average(), 'f', 2));
    m_verdict->setText(student.verdict());
    Theme::setTone(m_verdict, student.passed() ? Theme::Tone::Passed : Theme::Tone::Failed);
    m_sourceLabel->setText(note);
    m_xmlTitle->setText(tr("XML file (%1)").arg(StudentXml::fileName(record)));
    m_xml->setPlainText(QString::fromUtf8(StudentXml::toXml(student)));
    showJourney();
}

void RecordCard::setJourney(const QList<RecordStep> &steps, const QStringList &workerNames)
{
    m_steps = steps;
    m_workerNames = workerNames;
    showJourney();
}

QString RecordCard::outcome() const
{
    return tr("average %1, %2").arg(QString::number(m_student.average(), 'f', 2), m_student.verdict());
}

void RecordCard::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        showJourney();
    QDialog::changeEvent(event);
}

void RecordCard::showJourney()
{
    const auto nameOf = [this](int worker) {
        return worker >= 0 && worker < m_workerNames.size() ? m_workerNames.at(worker) : QString();
    };
    m_journeyLines.clear();
    // Rich text takes no palette roles: the colours are written in, from the palette of the moment.
    const QColor ground = palette().color(QPalette::Window);
    const QString alarmColor = ColorScheme::readableOn(ColorScheme::alarm(palette()), ground, 4.5).name();
    const QString timeColor
        = ColorScheme::readableOn(palette().color(QPalette::PlaceholderText), ground, 4.5).name();
    QString html;
    QStringList flags;
    for (const RecordStep &step : std::as_const(m_steps)) {
        const QString text
            = stepText(step, nameOf(step.worker), m_source == Source::Processed ? outcome() : QString());
        m_journeyLines.append(timeText(step.timeNs) + u"  "_s + text);
        const bool alarm = step.kind == RecordStep::Kind::Flagged || step.kind == RecordStep::Kind::Failed;
        if (step.kind == RecordStep::Kind::Flagged)
            flags.append(step.detail);
        const QString style = alarm ? u" style=\"color:%1; font-weight:bold\""_s.arg(alarmColor) : QString();
        html += u"<tr><td style=\"padding-right:12px; color:%1\">%2</td><td%3>%4</td></tr>"_s.arg(
            timeColor, timeText(step.timeNs), style, text.toHtmlEscaped());
    }
    if (m_steps.isEmpty())
        html = tr("<i>Nothing recorded about this record.</i>");
    else
        html = u"<table cellspacing=\"2\" cellpadding=\"1\" style=\"margin:0\">"_s + html + u"</table>"_s;
    m_journey->setText(html);

    // Where it is now, from its last step.
    m_whereText.clear();
    if (!m_steps.isEmpty()) {
        const RecordStep &last = m_steps.last();
        switch (last.kind) {
        case RecordStep::Kind::Generated:
        case RecordStep::Kind::FileWritten:
            m_whereText = tr("Now: with %1, on its way into the buffer.").arg(nameOf(last.worker));
            break;
        case RecordStep::Kind::Inserted:
            m_whereText = tr("Now: in slot %1, waiting for a consumer.").arg(last.slot);
            break;
        case RecordStep::Kind::Removed:
        case RecordStep::Kind::FileRead:
            m_whereText = tr("Now: with %1, being processed.").arg(nameOf(last.worker));
            break;
        case RecordStep::Kind::Processed:
        case RecordStep::Kind::Failed:
        case RecordStep::Kind::Flagged:
            break;
        }
    }
    m_where->setText(m_whereText);
    m_where->setVisible(!m_whereText.isEmpty());

    flags.removeDuplicates();
    m_flag->setText(flags.isEmpty() ? QString()
                                    : tr("The checker flagged this record: %1").arg(flags.join(u"; "_s)));
    m_flag->setVisible(!flags.isEmpty());
}

QString RecordCard::stepText(const RecordStep &step, const QString &workerName, const QString &outcome)
{
    const QString by = workerName.isEmpty() ? QString() : tr(" by %1").arg(workerName);
    switch (step.kind) {
    case RecordStep::Kind::Generated:
        return tr("generated") + by;
    case RecordStep::Kind::FileWritten:
        return tr("file written");
    case RecordStep::Kind::Inserted:
        return tr("inserted into slot %1").arg(step.slot) + by;
    case RecordStep::Kind::Removed:
        return tr("removed from slot %1").arg(step.slot) + by;
    case RecordStep::Kind::FileRead:
        return tr("file read") + by;
    case RecordStep::Kind::Processed:
        return tr("processed") + by + (outcome.isEmpty() ? QString() : u": "_s + outcome);
    case RecordStep::Kind::Failed:
        return tr("could not be processed") + by
            + (step.detail.isEmpty() ? QString() : u": "_s + step.detail);
    case RecordStep::Kind::Flagged:
        return tr("CHECKER: %1").arg(step.detail);
    }
    return {};
}

QString RecordCard::timeText(qint64 timeNs)
{
    return QString::number(double(timeNs) / 1e9, 'f', 3) + u" s"_s;
}

QString RecordCard::nameText() const
{
    return m_name->text();
}

QString RecordCard::idText() const
{
    return m_id->text();
}

QString RecordCard::programmeText() const
{
    return m_student.programme;
}

QString RecordCard::averageText() const
{
    return m_average->text();
}

QString RecordCard::verdictText() const
{
    return m_verdict->text();
}

QStringList RecordCard::courseLines() const
{
    QStringList lines;
    for (const Course &course : m_student.courses)
        lines.append(course.name + u' ' + markText(course.mark));
    return lines;
}

QString RecordCard::sourceText() const
{
    return m_sourceLabel->text();
}

QString RecordCard::xmlText() const
{
    return m_xml->toPlainText();
}

QStringList RecordCard::journeyLines() const
{
    return m_journeyLines;
}

QString RecordCard::whereText() const
{
    return m_whereText;
}

QString RecordCard::flagText() const
{
    return m_flag->text();
}
