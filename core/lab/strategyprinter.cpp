#include "strategyprinter.h"

#include "strategyparser.h"

#include <QStringList>

using namespace Qt::StringLiterals;

namespace Lab {

namespace {

using Op = Expression::Op;

// Binding strength, loosest first, as in the grammar: or, and, not, comparison, + and -, unary -.
enum Precedence : int { Or = 1, And, Not, Compare, Sum, Unary, Atom };

struct Node
{
    QString text;
    int precedence = Atom;
};

QString wrapped(const Node &node, bool parentheses)
{
    return parentheses ? u'(' + node.text + u')' : node.text;
}

QString objectName(const QList<SharedObject> &objects, int index)
{
    return index >= 0 && index < objects.size() ? objects.at(index).name : u"?"_s;
}

constexpr int MaxDepth = 64; // hand-made programs only; the parser's nest at most 8 deep

class Writer
{
public:
    explicit Writer(const StrategyProgram &program) : m_program(program) { }

    QString write();

private:
    void line(int indent, const QString &text) { m_out += QString(indent * 4, u' ') + text + u'\n'; }
    void section(const QString &role, const ThreadProgram &thread);
    void block(const QList<Instruction> &code, int from, int to, int indent, int depth);
    void body(const QString &header, const QList<Instruction> &code, int from, int to, int indent, int depth);
    // The simple statement that starts at index, and how many instructions it spans; 0 if none does.
    int simple(const QList<Instruction> &code, int index, QString *text) const;
    QString expression(const Expression &e) const
    {
        return StrategyPrinter::printExpression(e, m_program.objects);
    }
    QString name(int index) const { return objectName(m_program.objects, index); }

    const StrategyProgram &m_program;
    QString m_out;
};

QString Writer::write()
{
    if (!m_program.description.isEmpty()) {
        const QStringList lines = m_program.description.split(u'\n');
        for (const QString &text : lines)
            line(0, text.isEmpty() ? u"#"_s : u"# "_s + text);
        line(0, {});
    }
    if (StrategyParser::isStrategyName(m_program.name)) {
        line(0, u"strategy "_s + m_program.name);
        line(0, {});
    }
    for (const SharedObject &object : m_program.objects) {
        const QString initial = object.initial.isEmpty() ? u"0"_s : expression(object.initial);
        switch (object.kind) {
        case SharedObject::Kind::Semaphore:
            line(0, u"semaphore %1 = %2"_s.arg(object.name, initial));
            break;
        case SharedObject::Kind::Mutex:
            line(0, u"mutex "_s + object.name);
            break;
        case SharedObject::Kind::Condition:
            line(0, u"condition "_s + object.name);
            break;
        case SharedObject::Kind::Integer:
            line(0, u"int %1 = %2"_s.arg(object.name, initial));
            break;
        }
    }
    if (!m_program.objects.isEmpty())
        line(0, {});
    section(u"producer"_s, m_program.producer);
    line(0, {});
    section(u"consumer"_s, m_program.consumer);
    return m_out;
}

void Writer::section(const QString &role, const ThreadProgram &thread)
{
    line(0, role + u':');
    const QList<Instruction> &code = thread.code;
    int end = 0;
    while (end < code.size() && code.at(end).op != OpCode::End)
        ++end;
    const qsizetype before = m_out.size();
    block(code, 0, end, 1, 0);
    if (m_out.size() == before)
        line(1, u"pass"_s); // a section is never empty in the language
}

int Writer::simple(const QList<Instruction> &code, int index, QString *text) const
{
    const Instruction &at = code.at(index);
    const auto sequence = [&code, index](std::initializer_list<OpCode> ops) {
        int k = index;
        for (OpCode op : ops) {
            if (k >= code.size() || code.at(k).op != op)
                return false;
            ++k;
        }
        return true;
    };
    switch (at.op) {
    case OpCode::Wait:
        *text = u"wait(%1)"_s.arg(name(at.object));
        return 1;
    case OpCode::Signal:
        *text = u"signal(%1)"_s.arg(name(at.object));
        return 1;
    case OpCode::Lock:
        *text = u"lock(%1)"_s.arg(name(at.object));
        return 1;
    case OpCode::Unlock:
        *text = u"unlock(%1)"_s.arg(name(at.object));
        return 1;
    case OpCode::Notify:
        *text = u"notify(%1)"_s.arg(name(at.object));
        return 1;
    case OpCode::NotifyAll:
        *text = u"notify_all(%1)"_s.arg(name(at.object));
        return 1;
    case OpCode::Pass:
        *text = u"pass"_s;
        return 1;
    case OpCode::Assign:
        *text = u"%1 = %2"_s.arg(name(at.object), expression(at.expression));
        return 1;
    case OpCode::ConditionWait:
        *text = u"wait(%1, %2)"_s.arg(name(at.object), name(at.object2));
        return index + 1 < code.size() && code.at(index + 1).op == OpCode::ConditionReacquire
                && code.at(index + 1).object == at.object && code.at(index + 1).object2 == at.object2
            ? 2
            : 1;
    case OpCode::InsertReadIn:
        if (!sequence({OpCode::InsertReadIn, OpCode::InsertWrite, OpCode::InsertAdvance,
                       OpCode::InsertReadCount, OpCode::InsertWriteCount}))
            return 0;
        *text = u"insert"_s;
        return 5;
    case OpCode::RemoveReadOut:
        if (!sequence({OpCode::RemoveReadOut, OpCode::RemoveTake, OpCode::RemoveAdvance,
                       OpCode::RemoveReadCount, OpCode::RemoveWriteCount}))
            return 0;
        *text = u"remove"_s;
        return 5;
    default:
        return 0;
    }
}

void Writer::block(const QList<Instruction> &code, int from, int to, int indent, int depth)
{
    int i = from;
    while (i < to) {
        const Instruction &at = code.at(i);
        if (at.op == OpCode::JumpIfFalse && depth < MaxDepth) {
            const int target = at.target;
            const bool structured = target > i && target <= to;
            const Instruction *last = structured && target - 1 > i ? &code.at(target - 1) : nullptr;
            if (last && last->op == OpCode::Jump && last->target == i) {
                body(u"while "_s + expression(at.expression), code, i + 1, target - 1, indent, depth);
                i = target;
                continue;
            }
            if (last && last->op == OpCode::Jump && last->target >= target && last->target <= to) {
                body(u"if "_s + expression(at.expression), code, i + 1, target - 1, indent, depth);
                body(u"else"_s, code, target, last->target, indent, depth);
                i = last->target;
                continue;
            }
            if (structured) {
                body(u"if "_s + expression(at.expression), code, i + 1, target, indent, depth);
                i = target;
                continue;
            }
        }
        QString text;
        const int length = simple(code, i, &text);
        if (length == 0) {
            line(indent, u"# cannot be written in the language: "_s + (at.text.isEmpty() ? u"?"_s : at.text));
            ++i;
            continue;
        }
        line(indent, text);
        i += length;
    }
}

void Writer::body(const QString &header, const QList<Instruction> &code, int from, int to, int indent,
                  int depth)
{
    QString text;
    if (from < to && simple(code, from, &text) == to - from) {
        line(indent, header + u": "_s + text);
        return;
    }
    if (from >= to) {
        line(indent, header + u": pass"_s);
        return;
    }
    line(indent, header + u':');
    const qsizetype before = m_out.size();
    block(code, from, to, indent + 1, depth + 1);
    if (m_out.size() == before)
        line(indent + 1, u"pass"_s);
}

} // namespace

QString StrategyPrinter::printExpression(const Expression &expression, const QList<SharedObject> &objects)
{
    QList<Node> stack;
    const auto pop = [&stack] { return stack.isEmpty() ? Node {u"?"_s, Atom} : stack.takeLast(); };
    for (const Expression::Token &token : expression.tokens) {
        switch (token.op) {
        case Op::Constant:
            stack.append(token.value < 0 ? Node {u"-"_s + QString::number(-qint64(token.value)), Unary}
                                         : Node {QString::number(token.value), Atom});
            break;
        case Op::Capacity:
            stack.append({u"N"_s, Atom});
            break;
        case Op::Count:
            stack.append({u"count"_s, Atom});
            break;
        case Op::Integer:
            stack.append({objectName(objects, token.value), Atom});
            break;
        case Op::Negate: {
            const Node operand = pop();
            stack.append(
                {u"-"_s + wrapped(operand, operand.precedence < Unary || operand.text.startsWith(u'-')),
                 Unary});
            break;
        }
        case Op::Not: {
            const Node operand = pop();
            stack.append({u"not "_s + wrapped(operand, operand.precedence < Not), Not});
            break;
        }
        default: {
            const Node right = pop();
            const Node left = pop();
            int precedence = Sum;
            QString symbol;
            switch (token.op) {
            case Op::Add:
                symbol = u"+"_s;
                break;
            case Op::Subtract:
                symbol = u"-"_s;
                break;
            case Op::And:
                precedence = And;
                symbol = u"and"_s;
                break;
            case Op::Or:
                precedence = Or;
                symbol = u"or"_s;
                break;
            default:
                precedence = Compare;
                symbol = token.op == Op::Equal  ? u"=="_s
                    : token.op == Op::NotEqual  ? u"!="_s
                    : token.op == Op::Less      ? u"<"_s
                    : token.op == Op::LessEqual ? u"<="_s
                    : token.op == Op::Greater   ? u">"_s
                                                : u">="_s;
                break;
            }
            // Left-associative operators take their own kind on the left without parentheses;
            // a comparison takes sums on both sides, never another comparison.
            const bool leftParens
                = precedence == Compare ? left.precedence <= Compare : left.precedence < precedence;
            const bool rightParens = right.precedence <= precedence;
            stack.append(
                {wrapped(left, leftParens) + u' ' + symbol + u' ' + wrapped(right, rightParens), precedence});
            break;
        }
        }
    }
    if (stack.size() == 1)
        return stack.first().text;
    QStringList parts;
    for (const Node &node : std::as_const(stack))
        parts.append(node.text);
    return parts.join(u' ');
}

QString StrategyPrinter::print(const StrategyProgram &program)
{
    return Writer(program).write();
}

} // namespace Lab
