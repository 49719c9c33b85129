#include "strategyparser.h"

#include "safefile.h"

#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QStringList>

#include <algorithm>
#include <optional>

#include <sys/stat.h>

using namespace Qt::StringLiterals;

namespace Lab {

namespace {

using Op = Expression::Op;
using Kind = SharedObject::Kind;

enum class Tok : uint8_t {
    Name, // keywords too
    Integer,
    LParen,
    RParen,
    Comma,
    Colon,
    Assign,
    Equal,
    NotEqual,
    Less,
    LessEqual,
    Greater,
    GreaterEqual,
    Plus,
    Minus,
};

struct Token
{
    Tok kind = Tok::Name;
    QStringView text;
    int column = 0; // 1-based
    int value = 0; // Integer: its value, or MaxLiteral + 1 for anything larger

    bool is(QLatin1StringView word) const { return kind == Tok::Name && text == word; }
    int endColumn() const { return column + int(text.size()); }
};

const QLatin1StringView Keywords[] = {
    "strategy"_L1, "semaphore"_L1, "mutex"_L1,  "condition"_L1,  "int"_L1,    "producer"_L1,
    "consumer"_L1, "while"_L1,     "if"_L1,     "else"_L1,       "wait"_L1,   "signal"_L1,
    "lock"_L1,     "unlock"_L1,    "notify"_L1, "notify_all"_L1, "insert"_L1, "remove"_L1,
    "pass"_L1,     "and"_L1,       "or"_L1,     "not"_L1,        "N"_L1,      "count"_L1,
};

// What may begin a line inside a section, for "did you mean".
const QLatin1StringView StatementWords[] = {
    "wait"_L1,   "signal"_L1, "lock"_L1, "unlock"_L1, "notify"_L1, "notify_all"_L1,
    "insert"_L1, "remove"_L1, "pass"_L1, "while"_L1,  "if"_L1,     "else"_L1,
};

// What may begin a line outside the sections.
const QLatin1StringView TopLevelWords[] = {
    "strategy"_L1, "semaphore"_L1, "mutex"_L1, "condition"_L1, "int"_L1, "producer"_L1, "consumer"_L1,
};

bool isKeyword(QStringView word)
{
    return std::any_of(std::begin(Keywords), std::end(Keywords),
                       [word](QLatin1StringView keyword) { return word == keyword; });
}

bool isStatementWord(QStringView word)
{
    return std::any_of(std::begin(StatementWords), std::end(StatementWords),
                       [word](QLatin1StringView keyword) { return word == keyword; });
}

bool isNameStart(QChar c)
{
    const char16_t u = c.unicode();
    return (u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z') || u == u'_';
}

bool isDigit(QChar c)
{
    return c.unicode() >= u'0' && c.unicode() <= u'9';
}

bool isNameChar(QChar c)
{
    return isNameStart(c) || isDigit(c);
}

QString quoted(QStringView text)
{
    return u"\"%1\""_s.arg(text);
}

QString kindName(Kind kind)
{
    switch (kind) {
    case Kind::Semaphore:
        return u"a semaphore"_s;
    case Kind::Mutex:
        return u"a mutex"_s;
    case Kind::Condition:
        return u"a condition"_s;
    case Kind::Integer:
        return u"an int"_s;
    }
    return {};
}

QString opSymbol(Op op)
{
    switch (op) {
    case Op::Add:
        return u"+"_s;
    case Op::Subtract:
    case Op::Negate:
        return u"-"_s;
    case Op::Equal:
        return u"=="_s;
    case Op::NotEqual:
        return u"!="_s;
    case Op::Less:
        return u"<"_s;
    case Op::LessEqual:
        return u"<="_s;
    case Op::Greater:
        return u">"_s;
    case Op::GreaterEqual:
        return u">="_s;
    case Op::And:
        return u"and"_s;
    case Op::Or:
        return u"or"_s;
    case Op::Not:
        return u"not"_s;
    case Op::Constant:
    case Op::Capacity:
    case Op::Count:
    case Op::Integer:
        break;
    }
    return {};
}

std::optional<Op> comparison(Tok kind)
{
    switch (kind) {
    case Tok::Equal:
        return Op::Equal;
    case Tok::NotEqual:
        return Op::NotEqual;
    case Tok::Less:
        return Op::Less;
    case Tok::LessEqual:
        return Op::LessEqual;
    case Tok::Greater:
        return Op::Greater;
    case Tok::GreaterEqual:
        return Op::GreaterEqual;
    default:
        return std::nullopt;
    }
}

// Optimal string alignment distance (a swap of two neighbours counts one): "emtpy" is 1 from "empty".
int editDistance(QStringView a, QStringView b)
{
    constexpr int Far = 1000;
    if (a.size() > 64 || b.size() > 64)
        return Far;
    const int n = int(a.size());
    const int m = int(b.size());
    QList<int> d((n + 1) * (m + 1));
    const auto at = [m, &d](int i, int j) -> int & { return d[i * (m + 1) + j]; };
    for (int i = 0; i <= n; ++i)
        at(i, 0) = i;
    for (int j = 0; j <= m; ++j)
        at(0, j) = j;
    for (int i = 1; i <= n; ++i) {
        for (int j = 1; j <= m; ++j) {
            const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
            at(i, j) = std::min({at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                at(i, j) = std::min(at(i, j), at(i - 2, j - 2) + 1);
        }
    }
    return at(n, m);
}

// The candidate closest to word, if it is close enough to be the likely meaning: one edit for
// short names, two for longer ones, and never a whole rewrite of the word.
QString closest(QStringView word, const QStringList &candidates)
{
    QString best;
    int bestDistance = 0;
    for (const QString &candidate : candidates) {
        const int distance
            = word.compare(candidate, Qt::CaseInsensitive) == 0 ? 0 : editDistance(word, candidate);
        const int allowed = candidate.size() <= 3 ? 1 : 2;
        if (distance > allowed || distance >= candidate.size() || distance >= word.size())
            continue;
        if (best.isEmpty() || distance < bestDistance) {
            best = candidate;
            bestDistance = distance;
        }
    }
    return best;
}

template<std::size_t Size> QStringList wordList(const QLatin1StringView (&words)[Size])
{
    QStringList list;
    for (QLatin1StringView word : words)
        list.append(word);
    return list;
}

// The first NUL byte or byte of a malformed UTF-8 sequence (overlong, surrogate, beyond U+10FFFF,
// cut short), or -1 when bytes are clean UTF-8 text.
qsizetype firstBinaryByte(const QByteArray &bytes)
{
    const auto *data = reinterpret_cast<const unsigned char *>(bytes.constData());
    const qsizetype size = bytes.size();
    qsizetype i = 0;
    while (i < size) {
        const unsigned char lead = data[i];
        if (lead == 0)
            return i;
        if (lead < 0x80) {
            ++i;
            continue;
        }
        int length = 0;
        unsigned char low = 0x80;
        unsigned char high = 0xBF;
        if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            length = 3;
            if (lead == 0xE0)
                low = 0xA0; // overlong
            else if (lead == 0xED)
                high = 0x9F; // surrogates
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            length = 4;
            if (lead == 0xF0)
                low = 0x90; // overlong
            else if (lead == 0xF4)
                high = 0x8F; // beyond U+10FFFF
        } else {
            return i;
        }
        if (i + length > size)
            return i;
        for (int k = 1; k < length; ++k) {
            const unsigned char next = data[i + k];
            const unsigned char min = k == 1 ? low : 0x80;
            const unsigned char max = k == 1 ? high : 0xBF;
            if (next < min || next > max)
                return i;
        }
        i += length;
    }
    return -1;
}

// Compiles one text. Lines are read one at a time; blocks are frames on an explicit stack, never
// recursion: a frame is opened by a line ending in ":" (a section, while, if, else) once the next
// line turns out to be indented deeper, and closed by the first line indented less.
class Compiler
{
public:
    Compiler(const QString &source, const QString &fileName) : m_source(source), m_fileName(fileName) { }

    ParseResult run();

private:
    enum class FrameKind : uint8_t { Top, Section, While, If, Else, Broken };

    // Where instructions go: a thread program, or (for a repeated section or a broken line's
    // block, whose statements are still checked) a scratch program nobody sees.
    struct Target
    {
        ThreadProgram *program = nullptr;
        QString role; // "producer", "consumer"; empty for the scratch program
        bool full = false; // the program reached MaxInstructions (and that was said once)
    };

    struct Frame
    {
        FrameKind kind = FrameKind::Top;
        int width = 0; // the block's indentation; while pending, the opening line's
        Target *target = nullptr; // nullptr at the top level, outside the sections
        int jump = -1; // While, If: their JumpIfFalse; Else: the Jump over the else block
        int line = 0; // of the opening line
        int column = 0;
        QString text; // "while count == N", "if count == 0", "else", "producer"
        bool afterIf = false; // the last statement of this block is an if: an else may follow
        int ifJump = -1; // that if's JumpIfFalse
    };

    struct ParsedExpression
    {
        Expression expression;
        QList<int> columns; // the column of each token, for errors about one of them
        QString text; // as written, whitespace normalised: "count == N"

        void push(Op op, int value, int column)
        {
            expression.tokens.append({op, value});
            columns.append(column);
        }
    };

    void error(int line, int column, const QString &message);
    void error(int column, const QString &message) { error(m_line, column, message); }

    void processLine(int number, QStringView line);
    bool tokenize(QStringView line, qsizetype from);
    bool arrange(int width);
    void close();
    void dispatch();
    void dispatchTopLevel();
    void openLater(FrameKind kind, Target *target, int jump, const Token &keyword, const QString &text,
                   bool silent = false);
    void openBroken();
    bool nestedTooDeeply();

    void parseHeader();
    void parseDeclaration(bool insideBlock);
    void parseSection();
    void parseWhile();
    void parseIf();
    void parseElse(bool afterIf, int ifJump);
    bool parseCondition(const Token &keyword, ParsedExpression &condition);
    bool parseSimple();
    bool parseCall(const Token &keyword);
    bool parseAssignment();
    bool expectEnd(const QString &statement);

    bool parseExpression(ParsedExpression &out);
    bool parseOr(ParsedExpression &out, QString &text, int depth);
    bool parseAnd(ParsedExpression &out, QString &text, int depth);
    bool parseNot(ParsedExpression &out, QString &text, int depth);
    bool parseComparison(ParsedExpression &out, QString &text, int depth);
    bool parseSum(ParsedExpression &out, QString &text, int depth);
    bool parseUnary(ParsedExpression &out, QString &text, int depth);
    bool parseAtom(ParsedExpression &out, QString &text, int depth);
    bool deepEnough(int depth, int column);
    bool checkExpressionEnd(const ParsedExpression &expression);
    bool checkConstant(const ParsedExpression &expression);

    int resolve(const Token &name, QList<Kind> preferred);
    QString exampleName(Kind kind, const QString &fallback) const;

    const Token *peek() const { return m_pos < m_tokens.size() ? &m_tokens.at(m_pos) : nullptr; }
    int endColumn() const { return m_tokens.isEmpty() ? m_lineEndColumn : m_tokens.last().endColumn(); }
    int columnHere() const { return m_pos < m_tokens.size() ? m_tokens.at(m_pos).column : endColumn(); }

    Target *target() const { return m_frames.last().target; }
    int emitTo(Target *target, Instruction instruction);
    int emit(Instruction instruction) { return emitTo(target(), std::move(instruction)); }
    int emit(OpCode op, const Token &at, const QString &text, int object = -1, int object2 = -1);
    void patch(Target *target, int index);

    const QString m_source;
    const QString m_fileName;
    StrategyProgram m_program;
    ThreadProgram m_scratch;
    Target m_producer;
    Target m_consumer;
    Target m_scratchTarget;
    QList<ParseError> m_errors;
    bool m_stopped = false;

    QList<Frame> m_frames; // m_frames[0] is the top level; at most MaxNesting + 2 frames
    std::optional<Frame> m_pending; // opened by the last line, waiting for its first deeper line
    bool m_pendingSilent = false; // no error if it stays empty (its opening line had one already)
    int m_skipDeeperThan = -1; // skip lines indented deeper than this (a block already reported)

    enum class Indent : uint8_t { Unknown, Spaces, Tabs };
    Indent m_indent = Indent::Unknown;
    int m_indentLine = 0;

    bool m_inDescription = true;
    QStringList m_description;
    int m_headerLine = 0;
    QString m_headerName;
    bool m_declarationSeen = false;
    bool m_sectionSeen = false;
    bool m_tooManyObjects = false;
    QHash<QString, int> m_objectIndex;
    int m_lastStatementLine = 0; // in the open section, for its End

    // The line being compiled.
    int m_line = 0;
    int m_width = 0;
    int m_lineEndColumn = 1;
    QList<Token> m_tokens;
    int m_pos = 0;
};

void Compiler::error(int line, int column, const QString &message)
{
    if (m_stopped)
        return;
    m_errors.append({line, column, message});
    if (m_errors.size() >= StrategyParser::MaxErrors)
        m_stopped = true;
}

ParseResult Compiler::run()
{
    ParseResult result;
    if (m_source.size() > StrategyParser::MaxTextLength) {
        result.errors.append({0, 0,
                              u"text too large: %1 characters, at most %2"_s.arg(m_source.size())
                                  .arg(StrategyParser::MaxTextLength)});
        return result;
    }
    m_producer = {&m_program.producer, u"producer"_s, false};
    m_consumer = {&m_program.consumer, u"consumer"_s, false};
    m_scratchTarget = {&m_scratch, QString(), false};
    m_frames.append(Frame {});

    const QStringView source(m_source);
    int lineCount = 0;
    qsizetype start = 0;
    while (start < source.size() && !m_stopped) {
        qsizetype end = source.indexOf(u'\n', start);
        if (end < 0)
            end = source.size();
        QStringView line = source.mid(start, end - start);
        if (line.endsWith(u'\r'))
            line.chop(1);
        processLine(++lineCount, line);
        start = end + 1;
    }

    if (!m_stopped) {
        // The end of the text closes every open block, as a line at the left margin would.
        m_line = std::max(lineCount, 1);
        m_tokens.clear();
        arrange(0);
        if (m_program.producer.line == 0)
            error(
                m_line, 1,
                u"the producer: section is missing: a strategy has one producer: and one consumer: section"_s);
        if (m_program.consumer.line == 0)
            error(
                m_line, 1,
                u"the consumer: section is missing: a strategy has one producer: and one consumer: section"_s);
    }

    std::stable_sort(m_errors.begin(), m_errors.end(), [](const ParseError &a, const ParseError &b) {
        return a.line != b.line ? a.line < b.line : a.column < b.column;
    });
    result.errors = m_errors;
    if (!result.ok())
        return result;
    m_program.name = m_headerLine > 0 ? m_headerName : QFileInfo(m_fileName).completeBaseName();
    m_program.description = m_description.join(u'\n');
    result.program = m_program;
    return result;
}

void Compiler::processLine(int number, QStringView line)
{
    m_line = number;
    qsizetype indent = 0;
    qsizetype firstTab = -1;
    qsizetype firstSpace = -1;
    while (indent < line.size() && (line[indent] == u' ' || line[indent] == u'\t')) {
        qsizetype &first = line[indent] == u'\t' ? firstTab : firstSpace;
        if (first < 0)
            first = indent;
        ++indent;
    }
    const QStringView rest = line.mid(indent);
    const bool blank = rest.isEmpty() || rest.front() == u'#';
    const int width = int(indent);
    if (!blank && m_skipDeeperThan >= 0) {
        // Inside a block that was already reported (too deep, wrongly indented): not a word more.
        if (width > m_skipDeeperThan)
            return;
        m_skipDeeperThan = -1;
    }
    if (line.size() > StrategyParser::MaxLineLength) {
        error(StrategyParser::MaxLineLength + 1,
              u"line too long: %1 characters, at most %2"_s.arg(line.size())
                  .arg(StrategyParser::MaxLineLength));
        m_inDescription = false;
        // Its words are not read, but it stands where it is: a statement at its indentation, and
        // whatever is indented under it belongs to it.
        m_tokens.clear();
        m_lineEndColumn = 1;
        if (!blank && arrange(width)) {
            if (m_frames.last().kind != FrameKind::Top)
                m_lastStatementLine = number;
            m_frames.last().afterIf = false;
            m_skipDeeperThan = width;
        }
        return;
    }
    if (blank) {
        if (!m_inDescription)
            return;
        if (rest.isEmpty()) {
            m_inDescription = m_description.isEmpty(); // a blank line ends the description
            return;
        }
        QStringView text = rest.mid(1);
        if (text.startsWith(u' '))
            text = text.mid(1);
        while (!text.isEmpty() && text.back().isSpace())
            text.chop(1);
        m_description.append(text.toString());
        return;
    }
    m_inDescription = false;

    // Reported, then read all the same, counting each tab or space as one: a file indented with
    // tabs throughout, or spaces throughout, still has a consistent structure to check.
    if (firstTab >= 0 && firstSpace >= 0) {
        error(int(std::max(firstTab, firstSpace)) + 1,
              u"mixed tabs and spaces in indentation: this line has both; indent every line the same way"_s);
    } else if (width > 0) {
        const Indent kind = firstTab >= 0 ? Indent::Tabs : Indent::Spaces;
        if (m_indent == Indent::Unknown) {
            m_indent = kind;
            m_indentLine = number;
        } else if (kind != m_indent) {
            error(1,
                  u"mixed tabs and spaces in indentation: this line indents with %1, line %2 with %3; "
                  "indent every line the same way"_s.arg(kind == Indent::Tabs ? u"tabs"_s : u"spaces"_s)
                      .arg(m_indentLine)
                      .arg(kind == Indent::Tabs ? u"spaces"_s : u"tabs"_s));
        }
    }

    m_width = width;
    m_lineEndColumn = int(line.size()) + 1;
    const bool clean = tokenize(line, indent);
    if (m_tokens.isEmpty())
        return; // only an unknown character, already reported
    if (!arrange(width))
        return;
    if (!clean) {
        openBroken();
        return;
    }
    dispatch();
}

bool Compiler::tokenize(QStringView line, qsizetype from)
{
    m_tokens.clear();
    m_pos = 0;
    for (qsizetype i = from; i < line.size();) {
        const QChar c = line[i];
        const int column = int(i) + 1;
        if (c == u' ' || c == u'\t') {
            ++i;
            continue;
        }
        if (c == u'#')
            break;
        if (isNameStart(c)) {
            qsizetype j = i + 1;
            while (j < line.size() && isNameChar(line[j]))
                ++j;
            m_tokens.append({Tok::Name, line.mid(i, j - i), column, 0});
            i = j;
            continue;
        }
        if (isDigit(c)) {
            qsizetype j = i;
            int value = 0;
            while (j < line.size() && isDigit(line[j])) {
                value = std::min(value * 10 + (line[j].unicode() - u'0'), StrategyParser::MaxLiteral + 1);
                ++j;
            }
            m_tokens.append({Tok::Integer, line.mid(i, j - i), column, value});
            i = j;
            continue;
        }
        const QChar next = i + 1 < line.size() ? line[i + 1] : QChar();
        Tok kind = Tok::Name;
        int length = 1;
        QString problem;
        switch (c.unicode()) {
        case u'(':
            kind = Tok::LParen;
            break;
        case u')':
            kind = Tok::RParen;
            break;
        case u',':
            kind = Tok::Comma;
            break;
        case u':':
            kind = Tok::Colon;
            break;
        case u'+':
            kind = Tok::Plus;
            break;
        case u'-':
            kind = Tok::Minus;
            break;
        case u'=':
            kind = next == u'=' ? Tok::Equal : Tok::Assign;
            break;
        case u'<':
            kind = next == u'=' ? Tok::LessEqual : Tok::Less;
            break;
        case u'>':
            kind = next == u'=' ? Tok::GreaterEqual : Tok::Greater;
            break;
        case u'!':
            if (next == u'=')
                kind = Tok::NotEqual;
            else
                problem = u"unknown character \"!\": write \"not\" to negate, \"!=\" for not equal"_s;
            break;
        case u'&':
            problem = u"unknown character \"&\": write \"and\""_s;
            break;
        case u'|':
            problem = u"unknown character \"|\": write \"or\""_s;
            break;
        case u'*':
        case u'/':
        case u'%':
            problem = u"unknown character \"%1\": expressions use only + and -"_s.arg(c);
            break;
        case u';':
            problem = u"unknown character \";\": a statement ends at the end of its line"_s;
            break;
        case u'{':
        case u'}':
            problem = u"unknown character \"%1\": blocks are made by indentation, not braces"_s.arg(c);
            break;
        default: {
            char32_t code = c.unicode();
            qsizetype units = 1;
            if (c.isHighSurrogate() && next.isLowSurrogate()) {
                code = QChar::surrogateToUcs4(c, next);
                units = 2;
            }
            if (QChar::isPrint(code) && !QChar::isSpace(code) && !c.isSurrogate())
                problem = u"unknown character %1"_s.arg(quoted(line.mid(i, units)));
            else if (units == 2)
                problem = u"unknown character %1"_s.arg(quoted(line.mid(i, units)));
            else
                problem = u"unknown character U+%1"_s.arg(
                    QString::number(uint(code), 16).toUpper().rightJustified(4, u'0'));
            break;
        }
        }
        if (!problem.isEmpty()) {
            error(column, problem);
            return false;
        }
        if (kind == Tok::Equal || kind == Tok::NotEqual || kind == Tok::LessEqual
            || kind == Tok::GreaterEqual)
            length = 2;
        m_tokens.append({kind, line.mid(i, length), column, 0});
        i += length;
    }
    return true;
}

// Brings the block structure to this line's indentation: opens the block the previous line asked
// for, or closes the blocks this line leaves. False (reported) when the indentation fits nothing.
bool Compiler::arrange(int width)
{
    if (m_pending) {
        Frame frame = *m_pending;
        m_pending.reset();
        const int openerWidth = frame.width;
        if (width > openerWidth) {
            frame.width = width;
            m_frames.append(frame);
            return true;
        }
        if (!m_pendingSilent) {
            if (frame.kind == FrameKind::Section)
                error(frame.line, frame.column,
                      u"the %1: section is empty: indent its statements under it"_s.arg(frame.text));
            else
                error(
                    frame.line, frame.column,
                    u"empty block after \"%1:\": indent at least one statement under it (pass does nothing)"_s
                        .arg(frame.text));
        }
        // An empty block all the same, closed at once below, so every jump still finds its place.
        frame.width = openerWidth + 1;
        m_frames.append(frame);
    }
    if (width > m_frames.last().width) {
        error(1,
              u"unexpected indentation: only a line ending in \":\" (a section, while, if or else) "
              "opens a more deeply indented block"_s);
        m_skipDeeperThan = m_frames.last().width;
        return false;
    }
    const bool known = std::any_of(m_frames.cbegin(), m_frames.cend(),
                                   [width](const Frame &frame) { return frame.width == width; });
    if (!known) {
        QStringList widths;
        for (const Frame &frame : std::as_const(m_frames))
            widths.append(QString::number(frame.width));
        const QString last = widths.takeLast();
        error(1,
              u"this line is indented by %1, which matches no open block: line it up with a block around "
              "it (indented by %2)"_s.arg(width)
                  .arg(widths.isEmpty() ? last : widths.join(u", "_s) + u" or "_s + last));
        return false;
    }
    while (m_frames.last().width > width)
        close();
    return true;
}

void Compiler::close()
{
    const Frame frame = m_frames.takeLast();
    Frame &parent = m_frames.last();
    switch (frame.kind) {
    case FrameKind::Top:
    case FrameKind::Broken:
        break;
    case FrameKind::Section: {
        Instruction end;
        end.op = OpCode::End;
        end.line = std::max(m_lastStatementLine, frame.line);
        end.column = 1;
        end.text = u"end of the round"_s;
        emitTo(frame.target, end);
        m_lastStatementLine = 0;
        break;
    }
    case FrameKind::While: {
        Instruction back;
        back.op = OpCode::Jump;
        back.target = frame.jump;
        back.line = frame.line;
        back.column = frame.column;
        back.text = frame.text;
        emitTo(frame.target, back);
        patch(frame.target, frame.jump);
        break;
    }
    case FrameKind::If:
        patch(frame.target, frame.jump);
        parent.afterIf = true;
        parent.ifJump = frame.jump;
        break;
    case FrameKind::Else:
        patch(frame.target, frame.jump);
        break;
    }
}

int Compiler::emitTo(Target *target, Instruction instruction)
{
    if (!target)
        return -1;
    QList<Instruction> &code = target->program->code;
    if (code.size() >= StrategyParser::MaxInstructions) {
        if (!target->full && !target->role.isEmpty())
            error(instruction.line, instruction.column,
                  u"the %1's program is too long: more than %2 steps (insert and remove take 5 steps each)"_s
                      .arg(target->role)
                      .arg(StrategyParser::MaxInstructions));
        target->full = true;
        return -1;
    }
    code.append(std::move(instruction));
    return int(code.size()) - 1;
}

int Compiler::emit(OpCode op, const Token &at, const QString &text, int object, int object2)
{
    Instruction instruction;
    instruction.op = op;
    instruction.object = object;
    instruction.object2 = object2;
    instruction.line = m_line;
    instruction.column = at.column;
    instruction.text = text;
    return emit(std::move(instruction));
}

// Makes the jump at index continue at the next instruction to be emitted.
void Compiler::patch(Target *target, int index)
{
    if (!target || index < 0 || index >= target->program->code.size())
        return;
    target->program->code[index].target = int(target->program->code.size());
}

void Compiler::openLater(FrameKind kind, Target *target, int jump, const Token &keyword, const QString &text,
                         bool silent)
{
    Frame frame;
    frame.kind = kind;
    frame.width = m_width;
    frame.target = target;
    frame.jump = jump;
    frame.line = m_line;
    frame.column = keyword.column;
    frame.text = text;
    m_pending = frame;
    m_pendingSilent = silent;
}

// A line that opens a block but has an error: whatever is indented under it is read (and checked)
// as its block, and nothing is said if nothing is.
void Compiler::openBroken()
{
    const Token &first = m_tokens.first();
    const bool opens = first.is("while"_L1) || first.is("if"_L1) || first.is("else"_L1)
        || first.is("producer"_L1) || first.is("consumer"_L1) || m_tokens.last().kind == Tok::Colon;
    if (!opens)
        return;
    if (nestedTooDeeply()) {
        m_skipDeeperThan = m_width;
        return;
    }
    openLater(FrameKind::Broken, target() ? target() : &m_scratchTarget, -1, first, QString(), true);
}

bool Compiler::nestedTooDeeply()
{
    const qsizetype blocks = std::count_if(m_frames.cbegin(), m_frames.cend(), [](const Frame &frame) {
        return frame.kind != FrameKind::Top && frame.kind != FrameKind::Section;
    });
    return blocks >= StrategyParser::MaxNesting;
}

void Compiler::dispatch()
{
    Frame &top = m_frames.last();
    const bool afterIf = top.afterIf;
    const int ifJump = top.ifJump;
    top.afterIf = false;
    if (top.kind == FrameKind::Top) {
        dispatchTopLevel();
        return;
    }
    m_lastStatementLine = m_line;
    const Token &first = m_tokens.first();
    if (first.is("strategy"_L1)) {
        error(first.column,
              u"the strategy line cannot be inside a section: it is the first line of the file"_s);
    } else if (first.is("semaphore"_L1) || first.is("mutex"_L1) || first.is("condition"_L1)
               || first.is("int"_L1)) {
        parseDeclaration(true);
    } else if (first.is("producer"_L1) || first.is("consumer"_L1)) {
        error(first.column,
              u"%1: must start at the beginning of a line: a section cannot be inside a block"_s.arg(
                  first.text));
        openBroken();
    } else if (first.is("while"_L1)) {
        parseWhile();
    } else if (first.is("if"_L1)) {
        parseIf();
    } else if (first.is("else"_L1)) {
        parseElse(afterIf, ifJump);
    } else {
        parseSimple();
    }
}

void Compiler::dispatchTopLevel()
{
    const Token &first = m_tokens.first();
    if (first.is("strategy"_L1)) {
        parseHeader();
    } else if (first.is("semaphore"_L1) || first.is("mutex"_L1) || first.is("condition"_L1)
               || first.is("int"_L1)) {
        parseDeclaration(false);
    } else if (first.is("producer"_L1) || first.is("consumer"_L1)) {
        parseSection();
    } else if ((first.kind == Tok::Name && isStatementWord(first.text))
               || (first.kind == Tok::Name && m_tokens.size() > 1 && m_tokens.at(1).kind == Tok::Assign)) {
        error(first.column,
              u"%1 is outside any section: indent it under producer: or consumer:"_s.arg(quoted(first.text)));
        openBroken();
    } else {
        QString message
            = u"expected a declaration (semaphore, mutex, condition, int) or a section (producer:, "
              "consumer:), not %1"_s.arg(quoted(first.text));
        if (first.kind == Tok::Name) {
            const QString suggestion = closest(first.text, wordList(TopLevelWords));
            if (!suggestion.isEmpty())
                message = u"unknown word %1; did you mean %2?"_s.arg(quoted(first.text), quoted(suggestion));
        }
        error(first.column, message);
        openBroken();
    }
}

void Compiler::parseHeader()
{
    const Token &keyword = m_tokens.first();
    if (m_headerLine > 0) {
        error(keyword.column, u"a second strategy line (the first is on line %1)"_s.arg(m_headerLine));
        return;
    }
    if (m_declarationSeen || m_sectionSeen) {
        error(keyword.column, u"the strategy line must come first, before the declarations and sections"_s);
        return;
    }
    m_pos = 1;
    const Token *name = peek();
    if (!name || name->kind != Tok::Name) {
        error(columnHere(), u"missing the strategy's name: strategy semaphore"_s);
        return;
    }
    // The strategy's name may be a keyword ("strategy semaphore"): nothing else reads it.
    if (name->text.size() > StrategyParser::MaxNameLength) {
        error(name->column,
              u"name too long: %1 characters, at most %2"_s.arg(name->text.size())
                  .arg(StrategyParser::MaxNameLength));
        return;
    }
    ++m_pos;
    if (!expectEnd(u"strategy "_s + name->text.toString()))
        return;
    m_headerLine = m_line;
    m_headerName = name->text.toString();
}

void Compiler::parseDeclaration(bool insideBlock)
{
    const Token &keyword = m_tokens.first();
    const Kind kind = keyword.is("semaphore"_L1) ? Kind::Semaphore
        : keyword.is("mutex"_L1)                 ? Kind::Mutex
        : keyword.is("condition"_L1)             ? Kind::Condition
                                                 : Kind::Integer;
    const bool hasValue = kind == Kind::Semaphore || kind == Kind::Integer;
    const QString example = kind == Kind::Semaphore ? u"semaphore empty = N"_s
        : kind == Kind::Mutex                       ? u"mutex ring"_s
        : kind == Kind::Condition                   ? u"condition notFull"_s
                                                    : u"int waiting = 0"_s;
    m_declarationSeen = true;
    m_pos = 1;
    const Token *nameToken = peek();
    if (!nameToken || nameToken->kind != Tok::Name) {
        error(columnHere(), u"%1 needs a name: %2"_s.arg(kindName(kind), example));
        return;
    }
    const Token name = *nameToken;
    if (isKeyword(name.text)) {
        error(name.column, u"%1 is a keyword and cannot be a name"_s.arg(quoted(name.text)));
        return;
    }
    if (name.text.size() > StrategyParser::MaxNameLength) {
        error(name.column,
              u"name too long: %1 characters, at most %2"_s.arg(name.text.size())
                  .arg(StrategyParser::MaxNameLength));
        return;
    }
    const QString nameText = name.text.toString();
    if (const auto existing = m_objectIndex.constFind(nameText); existing != m_objectIndex.cend()) {
        error(name.column,
              u"%1 is already declared on line %2"_s.arg(quoted(name.text))
                  .arg(m_program.objects.at(*existing).line));
        return;
    }
    if (insideBlock)
        error(keyword.column,
              u"a declaration cannot be inside a block: declare %1 at the top, before "
              "producer: and consumer:"_s.arg(quoted(name.text)));
    else if (m_sectionSeen)
        error(keyword.column,
              u"declaration after a section: declare %1 at the top, before producer: and "
              "consumer:"_s.arg(quoted(name.text)));

    SharedObject object;
    object.kind = kind;
    object.name = nameText;
    object.line = m_line;
    m_pos = 2;
    if (hasValue) {
        const Token *assign = peek();
        if (!assign || assign->kind != Tok::Assign) {
            error(assign ? assign->column : name.endColumn(),
                  u"%1 needs an initial value: %2"_s.arg(kindName(kind), example));
        } else {
            ++m_pos;
            ParsedExpression initial;
            if (parseExpression(initial) && checkExpressionEnd(initial) && checkConstant(initial))
                object.initial = initial.expression;
        }
    } else if (const Token *extra = peek()) {
        if (extra->kind == Tok::Assign)
            error(extra->column, u"%1 has no initial value: %2"_s.arg(kindName(kind), example));
        else
            error(extra->column, u"unexpected %1 after the name: %2"_s.arg(quoted(extra->text), example));
    }

    if (m_program.objects.size() >= StrategyParser::MaxObjects) {
        if (!m_tooManyObjects)
            error(keyword.column,
                  u"too many declarations: at most %1 semaphores, mutexes, conditions and ints"_s.arg(
                      StrategyParser::MaxObjects));
        m_tooManyObjects = true;
        return;
    }
    m_objectIndex.insert(nameText, int(m_program.objects.size()));
    m_program.objects.append(object);
}

void Compiler::parseSection()
{
    const Token &keyword = m_tokens.first();
    const bool producer = keyword.is("producer"_L1);
    ThreadProgram &program = producer ? m_program.producer : m_program.consumer;
    Target *target = producer ? &m_producer : &m_consumer;
    bool silent = false;
    m_sectionSeen = true;
    if (m_tokens.size() < 2 || m_tokens.at(1).kind != Tok::Colon) {
        error(m_tokens.size() < 2 ? keyword.endColumn() : m_tokens.at(1).column,
              u"missing \":\" after %1"_s.arg(keyword.text));
        silent = true;
    } else if (m_tokens.size() > 2) {
        error(m_tokens.at(2).column,
              u"the statements of %1: go on the lines below it, indented"_s.arg(keyword.text));
        silent = true;
    }
    if (program.line > 0) {
        error(
            keyword.column,
            u"a second %1: section (the first is on line %2): a strategy has one of each"_s.arg(keyword.text)
                .arg(program.line));
        target = &m_scratchTarget;
        silent = true;
    } else {
        program.line = m_line;
    }
    openLater(FrameKind::Section, target, -1, keyword, keyword.text.toString(), silent);
}

bool Compiler::parseCondition(const Token &keyword, ParsedExpression &condition)
{
    m_pos = 1;
    if (!peek() || peek()->kind == Tok::Colon) {
        error(columnHere(), u"%1 needs a condition: %1 count == N:"_s.arg(keyword.text));
        return false;
    }
    if (!parseExpression(condition))
        return false;
    const Token *next = peek();
    if (next && next->kind == Tok::Colon) {
        ++m_pos;
        return true;
    }
    if (next && (next->kind == Tok::Assign || next->kind == Tok::RParen || comparison(next->kind)))
        return checkExpressionEnd(condition); // says what is wrong: "=" for "==", a chained comparison
    error(next ? next->column : endColumn(),
          u"missing \":\" after \"%1 %2\""_s.arg(keyword.text, condition.text));
    return false;
}

void Compiler::parseWhile()
{
    const Token keyword = m_tokens.first();
    ParsedExpression condition;
    if (!parseCondition(keyword, condition)) {
        openBroken();
        return;
    }
    const QString text = u"while "_s + condition.text;
    Instruction check;
    check.op = OpCode::JumpIfFalse;
    check.expression = condition.expression;
    check.line = m_line;
    check.column = keyword.column;
    check.text = text;
    const int jump = emit(check);
    if (peek()) {
        parseSimple();
        Instruction back;
        back.op = OpCode::Jump;
        back.target = jump;
        back.line = m_line;
        back.column = keyword.column;
        back.text = text;
        emit(back);
        patch(target(), jump);
        return;
    }
    if (nestedTooDeeply()) {
        error(keyword.column,
              u"blocks nested too deeply: at most %1 inside one another"_s.arg(StrategyParser::MaxNesting));
        m_skipDeeperThan = m_width;
        return;
    }
    openLater(FrameKind::While, target(), jump, keyword, text);
}

void Compiler::parseIf()
{
    const Token keyword = m_tokens.first();
    ParsedExpression condition;
    if (!parseCondition(keyword, condition)) {
        openBroken();
        return;
    }
    const QString text = u"if "_s + condition.text;
    Instruction check;
    check.op = OpCode::JumpIfFalse;
    check.expression = condition.expression;
    check.line = m_line;
    check.column = keyword.column;
    check.text = text;
    const int jump = emit(check);
    if (peek()) {
        parseSimple();
        patch(target(), jump);
        m_frames.last().afterIf = true;
        m_frames.last().ifJump = jump;
        return;
    }
    if (nestedTooDeeply()) {
        error(keyword.column,
              u"blocks nested too deeply: at most %1 inside one another"_s.arg(StrategyParser::MaxNesting));
        m_skipDeeperThan = m_width;
        return;
    }
    openLater(FrameKind::If, target(), jump, keyword, text);
}

void Compiler::parseElse(bool afterIf, int ifJump)
{
    const Token keyword = m_tokens.first();
    if (!afterIf) {
        error(keyword.column, u"else without if: else follows the block of an if, at the same indentation"_s);
        openBroken();
        return;
    }
    m_pos = 1;
    if (!peek() || peek()->kind != Tok::Colon) {
        error(peek() ? peek()->column : keyword.endColumn(), u"missing \":\" after else"_s);
        openBroken();
        return;
    }
    ++m_pos;
    const int skip = emit(OpCode::Jump, keyword, u"else"_s);
    patch(target(), ifJump); // the if's check, when false, continues here
    if (peek()) {
        parseSimple();
        patch(target(), skip);
        return;
    }
    if (nestedTooDeeply()) {
        error(keyword.column,
              u"blocks nested too deeply: at most %1 inside one another"_s.arg(StrategyParser::MaxNesting));
        m_skipDeeperThan = m_width;
        return;
    }
    openLater(FrameKind::Else, target(), skip, keyword, u"else"_s);
}

// One simple statement from m_pos to the end of the line.
bool Compiler::parseSimple()
{
    const Token &first = m_tokens.at(m_pos);
    if (first.is("wait"_L1) || first.is("signal"_L1) || first.is("lock"_L1) || first.is("unlock"_L1)
        || first.is("notify"_L1) || first.is("notify_all"_L1))
        return parseCall(first);
    if (first.is("insert"_L1) || first.is("remove"_L1)) {
        const Token keyword = first;
        ++m_pos;
        if (!expectEnd(keyword.text.toString()))
            return false;
        struct Step
        {
            OpCode op;
            const char16_t *text;
        };
        static const Step insertSteps[] = {
            {OpCode::InsertReadIn, u"insert: read in"},
            {OpCode::InsertWrite, u"insert: write slot[in]"},
            {OpCode::InsertAdvance, u"insert: in = in + 1"},
            {OpCode::InsertReadCount, u"insert: read count"},
            {OpCode::InsertWriteCount, u"insert: count = count + 1"},
        };
        static const Step removeSteps[] = {
            {OpCode::RemoveReadOut, u"remove: read out"},
            {OpCode::RemoveTake, u"remove: take slot[out]"},
            {OpCode::RemoveAdvance, u"remove: out = out + 1"},
            {OpCode::RemoveReadCount, u"remove: read count"},
            {OpCode::RemoveWriteCount, u"remove: count = count - 1"},
        };
        for (const Step &step : keyword.is("insert"_L1) ? insertSteps : removeSteps)
            emit(step.op, keyword, QString::fromUtf16(step.text));
        return true;
    }
    if (first.is("pass"_L1)) {
        const Token keyword = first;
        ++m_pos;
        if (!expectEnd(u"pass"_s))
            return false;
        emit(OpCode::Pass, keyword, u"pass"_s);
        return true;
    }
    if (first.kind == Tok::Name && m_pos + 1 < m_tokens.size() && m_tokens.at(m_pos + 1).kind == Tok::Assign)
        return parseAssignment();

    if (first.kind != Tok::Name) {
        error(first.column,
              u"unknown statement: a statement begins with wait, signal, lock, unlock, notify, "
              "notify_all, insert, remove, pass, while, if or the name of an int, not %1"_s.arg(
                  quoted(first.text)));
        return false;
    }
    if (const auto object = m_objectIndex.constFind(first.text.toString()); object != m_objectIndex.cend()) {
        const SharedObject &declared = m_program.objects.at(*object);
        QString hint;
        switch (declared.kind) {
        case Kind::Semaphore:
            hint = u"wait(%1) or signal(%1)"_s.arg(declared.name);
            break;
        case Kind::Mutex:
            hint = u"lock(%1) or unlock(%1)"_s.arg(declared.name);
            break;
        case Kind::Condition:
            hint = u"wait(%1, %2) or notify(%1)"_s.arg(declared.name, exampleName(Kind::Mutex, u"m"_s));
            break;
        case Kind::Integer:
            hint = u"%1 = %1 + 1"_s.arg(declared.name);
            break;
        }
        error(first.column,
              u"unknown statement %1: it is %2; did you mean %3?"_s.arg(quoted(first.text),
                                                                        kindName(declared.kind), hint));
        return false;
    }
    QString message = u"unknown statement %1"_s.arg(quoted(first.text));
    const QString suggestion = closest(first.text, wordList(StatementWords));
    if (!suggestion.isEmpty()) {
        message += u"; did you mean %1?"_s.arg(quoted(suggestion));
        if (first.text.compare(suggestion, Qt::CaseInsensitive) == 0)
            message += u" (keywords are lower case)"_s;
    }
    error(first.column, message);
    return false;
}

bool Compiler::parseCall(const Token &keywordToken)
{
    const Token keyword = keywordToken;
    const QString word = keyword.text.toString();
    ++m_pos;
    const Token *open = peek();
    if (!open || open->kind != Tok::LParen) {
        const QString example = word == u"wait"_s
            ? u"wait(%1)"_s.arg(exampleName(Kind::Semaphore, u"empty"_s))
            : word == u"signal"_s ? u"signal(%1)"_s.arg(exampleName(Kind::Semaphore, u"full"_s))
            : (word == u"lock"_s || word == u"unlock"_s)
            ? u"%1(%2)"_s.arg(word, exampleName(Kind::Mutex, u"m"_s))
            : u"%1(%2)"_s.arg(word, exampleName(Kind::Condition, u"notEmpty"_s));
        error(open ? open->column : keyword.endColumn(), u"missing \"(\" after %1: %2"_s.arg(word, example));
        return false;
    }
    ++m_pos;
    QList<Token> arguments;
    const auto written = [&word, &arguments]() -> QString {
        QStringList names;
        for (const Token &argument : std::as_const(arguments))
            names.append(argument.text.toString());
        return word + u'(' + names.join(u", "_s);
    };
    if (peek() && peek()->kind == Tok::RParen) {
        ++m_pos;
    } else {
        for (;;) {
            const Token *argument = peek();
            if (!argument) {
                error(endColumn(), u"missing \")\" after %1"_s.arg(written()));
                return false;
            }
            if (argument->kind != Tok::Name) {
                error(argument->column, u"expected a name here, not %1"_s.arg(quoted(argument->text)));
                return false;
            }
            arguments.append(*argument);
            ++m_pos;
            const Token *after = peek();
            if (!after) {
                error(endColumn(), u"missing \")\" after %1"_s.arg(written()));
                return false;
            }
            ++m_pos;
            if (after->kind == Tok::RParen)
                break;
            if (after->kind != Tok::Comma) {
                error(after->column, u"expected \",\" or \")\" here, not %1"_s.arg(quoted(after->text)));
                return false;
            }
        }
    }
    const QString text = written() + u')';
    if (!expectEnd(text))
        return false;

    const auto wrongCount = [&](const QString &takes) {
        const int column = arguments.size() > 1 ? arguments.last().column : keyword.column;
        error(column, u"%1: wrong number of arguments: %2"_s.arg(text, takes));
        return false;
    };
    const QString semaphoreExample = exampleName(Kind::Semaphore, u"empty"_s);
    const QString mutexExample = exampleName(Kind::Mutex, u"m"_s);
    const QString conditionExample = exampleName(Kind::Condition, u"notFull"_s);

    if (word == u"wait"_s) {
        const QString takes
            = u"wait takes a semaphore, or a condition and a mutex: wait(%1) or wait(%2, %3)"_s.arg(
                semaphoreExample, conditionExample, mutexExample);
        if (arguments.isEmpty() || arguments.size() > 2)
            return wrongCount(takes);
        if (arguments.size() == 1) {
            const Token &argument = arguments.first();
            const int index = resolve(argument, {Kind::Semaphore, Kind::Condition});
            if (index < 0)
                return false;
            const SharedObject &object = m_program.objects.at(index);
            switch (object.kind) {
            case Kind::Semaphore:
                emit(OpCode::Wait, keyword, text, index);
                return true;
            case Kind::Condition:
                error(argument.column,
                      u"%1: %2 is a condition; waiting on it needs the mutex it releases as "
                      "well: wait(%3, %4)"_s.arg(text, quoted(argument.text), object.name, mutexExample));
                return false;
            case Kind::Mutex:
                error(argument.column,
                      u"%1: %2 is a mutex; wait takes a semaphore, or a condition and a mutex: wait(%3, %4)"_s
                          .arg(text, quoted(argument.text), conditionExample, object.name));
                return false;
            case Kind::Integer:
                error(argument.column, u"%1: %2 is an int; %3"_s.arg(text, quoted(argument.text), takes));
                return false;
            }
            return false;
        }
        const Token &conditionToken = arguments.at(0);
        const Token &mutexToken = arguments.at(1);
        const int condition = resolve(conditionToken, {Kind::Condition});
        if (condition < 0)
            return false;
        const SharedObject &first = m_program.objects.at(condition);
        if (first.kind == Kind::Semaphore) {
            error(conditionToken.column,
                  u"%1: %2 is a semaphore; with a semaphore, wait takes nothing else: "
                  "wait(%3)"_s.arg(text, quoted(conditionToken.text), first.name));
            return false;
        }
        if (first.kind != Kind::Condition) {
            error(
                conditionToken.column,
                u"%1: %2 is %3; with two arguments, the first is a condition: wait(%4, %5)"_s.arg(
                    text, quoted(conditionToken.text), kindName(first.kind), conditionExample, mutexExample));
            return false;
        }
        const int mutex = resolve(mutexToken, {Kind::Mutex});
        if (mutex < 0)
            return false;
        const SharedObject &second = m_program.objects.at(mutex);
        if (second.kind != Kind::Mutex) {
            error(
                mutexToken.column,
                u"%1: %2 is %3; the second argument is the mutex that the wait releases: wait(%4, %5)"_s.arg(
                    text, quoted(mutexToken.text), kindName(second.kind), first.name, mutexExample));
            return false;
        }
        emit(OpCode::ConditionWait, keyword, text, condition, mutex);
        emit(OpCode::ConditionReacquire, keyword, text, condition, mutex);
        return true;
    }

    // signal, lock, unlock, notify, notify_all: one object of one kind.
    const Kind wanted = word == u"signal"_s          ? Kind::Semaphore
        : (word == u"lock"_s || word == u"unlock"_s) ? Kind::Mutex
                                                     : Kind::Condition;
    const QString example = wanted == Kind::Semaphore ? exampleName(Kind::Semaphore, u"full"_s)
        : wanted == Kind::Mutex                       ? mutexExample
                                                      : exampleName(Kind::Condition, u"notEmpty"_s);
    const QString takes = u"%1 takes one %2: %1(%3)"_s.arg(word, kindName(wanted).section(u' ', 1), example);
    if (arguments.size() != 1)
        return wrongCount(takes);
    const Token &argument = arguments.first();
    const int index = resolve(argument, {wanted});
    if (index < 0)
        return false;
    const SharedObject &object = m_program.objects.at(index);
    if (object.kind != wanted) {
        QString hint;
        if (object.kind == Kind::Semaphore && wanted == Kind::Mutex)
            hint = word == u"lock"_s ? u" (a semaphore is taken with wait(%1))"_s.arg(object.name)
                                     : u" (a semaphore is given back with signal(%1))"_s.arg(object.name);
        else if (object.kind == Kind::Semaphore && wanted == Kind::Condition)
            hint = u" (a semaphore is raised with signal(%1))"_s.arg(object.name);
        else if (object.kind == Kind::Condition && wanted == Kind::Semaphore)
            hint = u"; wake its waiters with notify(%1) or notify_all(%1)"_s.arg(object.name);
        else if (object.kind == Kind::Mutex && wanted == Kind::Semaphore)
            hint = u" (a mutex is released with unlock(%1))"_s.arg(object.name);
        else if (object.kind == Kind::Mutex && wanted == Kind::Condition)
            hint = u" (a mutex is released with unlock(%1))"_s.arg(object.name);
        else if (object.kind == Kind::Condition && wanted == Kind::Mutex)
            hint = u" (a condition is waited on with wait(%1, %2))"_s.arg(object.name, mutexExample);
        if (hint.startsWith(u';'))
            error(argument.column,
                  u"%1: %2 is %3%4"_s.arg(text, quoted(argument.text), kindName(object.kind), hint));
        else
            error(argument.column,
                  u"%1: %2 is %3; %4%5"_s.arg(text, quoted(argument.text), kindName(object.kind),
                                              takes.section(u':', 0, 0), hint));
        return false;
    }
    const OpCode op = word == u"signal"_s ? OpCode::Signal
        : word == u"lock"_s               ? OpCode::Lock
        : word == u"unlock"_s             ? OpCode::Unlock
        : word == u"notify"_s             ? OpCode::Notify
                                          : OpCode::NotifyAll;
    emit(op, keyword, text, index);
    return true;
}

bool Compiler::parseAssignment()
{
    const Token name = m_tokens.at(m_pos);
    m_pos += 2;
    if (name.is("count"_L1)) {
        error(name.column, u"count is the buffer's own: only insert and remove change it"_s);
        return false;
    }
    if (name.is("N"_L1)) {
        error(name.column, u"N is the buffer's capacity, a constant: it cannot be assigned"_s);
        return false;
    }
    if (isKeyword(name.text)) {
        error(name.column, u"%1 is a keyword and cannot be assigned"_s.arg(quoted(name.text)));
        return false;
    }
    const int index = resolve(name, {Kind::Integer});
    if (index < 0)
        return false;
    const SharedObject &object = m_program.objects.at(index);
    if (object.kind != Kind::Integer) {
        const QString how = object.kind == Kind::Semaphore ? u" (a semaphore changes with wait and signal)"_s
            : object.kind == Kind::Mutex                   ? u" (a mutex changes with lock and unlock)"_s
                                                           : QString();
        error(
            name.column,
            u"%1 is %2: only an int can be assigned%3"_s.arg(quoted(name.text), kindName(object.kind), how));
        return false;
    }
    ParsedExpression value;
    if (!peek()) {
        error(endColumn(), u"missing the value after \"%1 =\""_s.arg(name.text));
        return false;
    }
    if (!parseExpression(value) || !checkExpressionEnd(value))
        return false;
    Instruction assign;
    assign.op = OpCode::Assign;
    assign.object = index;
    assign.expression = value.expression;
    assign.line = m_line;
    assign.column = name.column;
    assign.text = u"%1 = %2"_s.arg(name.text, value.text);
    emit(std::move(assign));
    return true;
}

bool Compiler::expectEnd(const QString &statement)
{
    if (const Token *extra = peek()) {
        if (extra->kind == Tok::LParen
            && (statement == u"insert"_s || statement == u"remove"_s || statement == u"pass"_s))
            error(extra->column, u"%1 takes no parentheses: write %1 alone"_s.arg(statement));
        else
            error(extra->column,
                  u"unexpected %1 after %2: one statement per line"_s.arg(quoted(extra->text), statement));
        return false;
    }
    return true;
}

// The name's object, or -1 after saying why not; preferred kinds are suggested first.
int Compiler::resolve(const Token &name, QList<Kind> preferred)
{
    if (isKeyword(name.text)) {
        const QString what = name.is("N"_L1) ? u" (the buffer's capacity)"_s
            : name.is("count"_L1)            ? u" (the buffer's count of records)"_s
                                             : QString();
        error(name.column, u"%1 is a keyword%2, not a declared name"_s.arg(quoted(name.text), what));
        return -1;
    }
    if (const auto found = m_objectIndex.constFind(name.text.toString()); found != m_objectIndex.cend())
        return *found;
    QStringList candidates;
    for (const SharedObject &object : std::as_const(m_program.objects)) {
        if (preferred.contains(object.kind))
            candidates.append(object.name);
    }
    QString suggestion = closest(name.text, candidates);
    if (suggestion.isEmpty()) {
        candidates.clear();
        for (const SharedObject &object : std::as_const(m_program.objects))
            candidates.append(object.name);
        suggestion = closest(name.text, candidates);
    }
    QString message = u"%1 is not declared"_s.arg(quoted(name.text));
    if (!suggestion.isEmpty())
        message += u"; did you mean %1?"_s.arg(quoted(suggestion));
    error(name.column, message);
    return -1;
}

// A declared name of that kind for an example in a message, so it reads like the student's program.
QString Compiler::exampleName(Kind kind, const QString &fallback) const
{
    for (const SharedObject &object : m_program.objects) {
        if (object.kind == kind)
            return object.name;
    }
    return fallback;
}

bool Compiler::parseExpression(ParsedExpression &out)
{
    out = {};
    return parseOr(out, out.text, 0);
}

bool Compiler::deepEnough(int depth, int column)
{
    if (depth < StrategyParser::MaxExpressionDepth)
        return true;
    error(column,
          u"expression nested too deeply: at most %1 parentheses, \"not\" and \"-\" inside one another"_s.arg(
              StrategyParser::MaxExpressionDepth));
    return false;
}

bool Compiler::parseOr(ParsedExpression &out, QString &text, int depth)
{
    if (!parseAnd(out, text, depth))
        return false;
    while (peek() && peek()->is("or"_L1)) {
        const int column = peek()->column;
        ++m_pos;
        QString right;
        if (!parseAnd(out, right, depth))
            return false;
        out.push(Op::Or, 0, column);
        text = text + u" or "_s + right;
    }
    return true;
}

bool Compiler::parseAnd(ParsedExpression &out, QString &text, int depth)
{
    if (!parseNot(out, text, depth))
        return false;
    while (peek() && peek()->is("and"_L1)) {
        const int column = peek()->column;
        ++m_pos;
        QString right;
        if (!parseNot(out, right, depth))
            return false;
        out.push(Op::And, 0, column);
        text = text + u" and "_s + right;
    }
    return true;
}

bool Compiler::parseNot(ParsedExpression &out, QString &text, int depth)
{
    if (peek() && peek()->is("not"_L1)) {
        const int column = peek()->column;
        if (!deepEnough(depth, column))
            return false;
        ++m_pos;
        QString operand;
        if (!parseNot(out, operand, depth + 1))
            return false;
        out.push(Op::Not, 0, column);
        text = u"not "_s + operand;
        return true;
    }
    return parseComparison(out, text, depth);
}

bool Compiler::parseComparison(ParsedExpression &out, QString &text, int depth)
{
    if (!parseSum(out, text, depth))
        return false;
    const Token *op = peek();
    const std::optional<Op> compare = op ? comparison(op->kind) : std::nullopt;
    if (!compare)
        return true;
    const Token opToken = *op;
    ++m_pos;
    QString right;
    if (!parseSum(out, right, depth))
        return false;
    out.push(*compare, 0, opToken.column);
    text = text + u' ' + opToken.text + u' ' + right;
    return true;
}

bool Compiler::parseSum(ParsedExpression &out, QString &text, int depth)
{
    if (!parseUnary(out, text, depth))
        return false;
    while (peek() && (peek()->kind == Tok::Plus || peek()->kind == Tok::Minus)) {
        const Token op = *peek();
        ++m_pos;
        QString right;
        if (!parseUnary(out, right, depth))
            return false;
        out.push(op.kind == Tok::Plus ? Op::Add : Op::Subtract, 0, op.column);
        text = text + u' ' + op.text + u' ' + right;
    }
    return true;
}

bool Compiler::parseUnary(ParsedExpression &out, QString &text, int depth)
{
    if (peek() && peek()->kind == Tok::Minus) {
        const int column = peek()->column;
        if (!deepEnough(depth, column))
            return false;
        ++m_pos;
        QString operand;
        if (!parseUnary(out, operand, depth + 1))
            return false;
        out.push(Op::Negate, 0, column);
        text = u"-"_s + operand;
        return true;
    }
    return parseAtom(out, text, depth);
}

bool Compiler::parseAtom(ParsedExpression &out, QString &text, int depth)
{
    const Token *token = peek();
    if (!token) {
        error(endColumn(),
              u"the expression ends too early: a value (a number, N, count or an int) is missing"_s);
        return false;
    }
    const Token atom = *token;
    switch (atom.kind) {
    case Tok::Integer:
        if (atom.value > StrategyParser::MaxLiteral) {
            error(atom.column,
                  u"the number %1 is out of range: numbers go from -%2 to %2"_s.arg(atom.text).arg(
                      StrategyParser::MaxLiteral));
            return false;
        }
        ++m_pos;
        out.push(Op::Constant, atom.value, atom.column);
        text = atom.text.toString();
        return true;
    case Tok::LParen: {
        if (!deepEnough(depth, atom.column))
            return false;
        ++m_pos;
        QString inner;
        if (!parseOr(out, inner, depth + 1))
            return false;
        const Token *close = peek();
        if (!close || close->kind != Tok::RParen) {
            error(close ? close->column : endColumn(),
                  u"missing \")\" to close the \"(\" at column %1"_s.arg(atom.column));
            return false;
        }
        ++m_pos;
        text = u'(' + inner + u')';
        return true;
    }
    case Tok::Name: {
        ++m_pos;
        text = atom.text.toString();
        if (atom.is("N"_L1)) {
            out.push(Op::Capacity, 0, atom.column);
            return true;
        }
        if (atom.is("count"_L1)) {
            out.push(Op::Count, 0, atom.column);
            return true;
        }
        if (isKeyword(atom.text)) {
            error(atom.column,
                  u"expected a value (a number, N, count or an int), not the keyword %1"_s.arg(
                      quoted(atom.text)));
            return false;
        }
        const int index = resolve(atom, {Kind::Integer});
        if (index < 0)
            return false;
        const SharedObject &object = m_program.objects.at(index);
        if (object.kind != Kind::Integer) {
            error(atom.column,
                  u"%1 is %2; an expression reads only numbers, N, count and ints"_s.arg(
                      quoted(atom.text), kindName(object.kind)));
            return false;
        }
        out.push(Op::Integer, index, atom.column);
        return true;
    }
    default:
        error(atom.column,
              u"expected a value (a number, N, count or an int), not %1"_s.arg(quoted(atom.text)));
        return false;
    }
}

// After a whole expression: the line or the condition must end here.
bool Compiler::checkExpressionEnd(const ParsedExpression &expression)
{
    const Token *next = peek();
    if (!next)
        return true;
    if (next->kind == Tok::Assign) {
        error(next->column, u"\"=\" assigns; to compare, write \"==\""_s);
        return false;
    }
    if (comparison(next->kind)) {
        error(next->column, u"comparisons cannot be chained: write \"a < b and b < c\""_s);
        return false;
    }
    if (next->kind == Tok::RParen) {
        error(next->column, u"unexpected \")\": no \"(\" is open"_s);
        return false;
    }
    if (next->kind == Tok::Colon)
        return true; // the caller decides whether a colon belongs here
    error(next->column, u"unexpected %1 after %2"_s.arg(quoted(next->text), quoted(expression.text)));
    return false;
}

// A declaration's initial value is computed before any thread runs: numbers, N, + and - only.
bool Compiler::checkConstant(const ParsedExpression &expression)
{
    if (const Token *next = peek()) {
        error(next->column, u"unexpected %1 after %2"_s.arg(quoted(next->text), quoted(expression.text)));
        return false;
    }
    const QList<Expression::Token> &tokens = expression.expression.tokens;
    for (qsizetype i = 0; i < tokens.size(); ++i) {
        const int column = expression.columns.at(i);
        switch (tokens.at(i).op) {
        case Op::Constant:
        case Op::Capacity:
        case Op::Add:
        case Op::Subtract:
        case Op::Negate:
            break;
        case Op::Count:
            error(column,
                  u"an initial value cannot use count: it is set before any thread runs "
                  "(use numbers, N, + and -)"_s);
            return false;
        case Op::Integer:
            error(column,
                  u"an initial value cannot use the int %1: it is set before any thread runs "
                  "(use numbers, N, + and -)"_s.arg(quoted(m_program.objects.at(tokens.at(i).value).name)));
            return false;
        default:
            error(column,
                  u"an initial value can use only numbers, N, + and -, not %1"_s.arg(
                      quoted(opSymbol(tokens.at(i).op))));
            return false;
        }
    }
    return true;
}

} // namespace

QString ParseError::toString(const QString &fileName) const
{
    const QString prefix = fileName.isEmpty() ? QString() : fileName + u':';
    if (line <= 0)
        return fileName.isEmpty() ? message : fileName + u": "_s + message;
    return u"%1%2:%3: %4"_s.arg(prefix).arg(line).arg(column).arg(message);
}

bool StrategyParser::isKeyword(QStringView word)
{
    return Lab::isKeyword(word);
}

bool StrategyParser::isStrategyName(QStringView word)
{
    return !word.isEmpty() && word.size() <= MaxNameLength && isNameStart(word.front())
        && std::all_of(word.begin(), word.end(), isNameChar);
}

bool StrategyParser::isName(QStringView word)
{
    return isStrategyName(word) && !isKeyword(word);
}

ParseResult StrategyParser::parse(const QString &source, const QString &fileName)
{
    return Compiler(source, fileName).run();
}

ParseResult StrategyParser::parseFile(const QString &path)
{
    ParseResult result;
    QString error;
    const std::optional<QByteArray> bytes = SafeFile::readRegular(path, MaxFileBytes, &error);
    if (!bytes) {
        if (error.startsWith(u"too large"_s)) {
            // SafeFile opened it as a regular file and found it too large; say how large.
            struct stat status;
            const QByteArray name = QFile::encodeName(path);
            if (::lstat(name.constData(), &status) == 0 && S_ISREG(status.st_mode)
                && status.st_size > MaxFileBytes)
                error
                    = u"file too large: %1 bytes, at most %2"_s.arg(qint64(status.st_size)).arg(MaxFileBytes);
            else
                error = u"file too large: more than %1 bytes"_s.arg(MaxFileBytes);
        }
        result.errors.append({0, 0, error});
        return result;
    }
    const qsizetype binary = firstBinaryByte(*bytes);
    if (binary >= 0) {
        result.errors.append({0, 0, u"not a text file (binary data at byte %1)"_s.arg(binary)});
        return result;
    }
    QByteArrayView text(*bytes);
    if (text.startsWith("\xEF\xBB\xBF"))
        text = text.sliced(3); // a byte order mark some editors write
    return parse(QString::fromUtf8(text), path);
}

} // namespace Lab
