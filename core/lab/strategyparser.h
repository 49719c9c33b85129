#pragma once

// Turns the text of a .blstrategy file into a StrategyProgram, or into a list of errors a student
// can act on ("3:9: "emtpy" is not declared; did you mean "empty"?").
//
// The language, in short (README, "The strategy language", has all of it):
//
//   # leading comment lines: the description
//   strategy NAME                       optional; else the file's base name
//   semaphore NAME = CONSTEXPR          declarations: semaphore, mutex, condition, int
//   producer:                           one producer: and one consumer: section, indented blocks
//       wait(empty)                     wait/signal, wait(C, M), lock/unlock, notify/notify_all,
//       while count == N: pass          x = e, insert, remove, pass, while, if/else
//
// Every input is bounded and every problem is an error, never a crash: files of at most
// MaxFileBytes (text of at most MaxTextLength characters), lines of at most MaxLineLength characters,
// MaxNesting blocks inside one another, MaxInstructions per thread program, MaxObjects declarations,
// expressions MaxExpressionDepth deep. The parser never recurses over blocks (an explicit stack of at most
// MaxNesting + 2 frames); over an expression it recurses at most MaxExpressionDepth levels.

#include "strategyprogram.h"

#include <QList>
#include <QString>

namespace Lab {

// One problem in a strategy's text: where (1-based line and column, counted in characters, a tab
// is one; line 0 for the file as a whole: it cannot be read, or is not text) and what is wrong.
struct ParseError
{
    int line = 0;
    int column = 0;
    QString message;

    // "FILE:LINE:COLUMN: message", "FILE: message" for line 0; without "FILE:" when fileName is empty.
    QString toString(const QString &fileName) const;

    friend bool operator==(const ParseError &, const ParseError &) = default;
};

struct ParseResult
{
    StrategyProgram program; // complete only when ok(); a default StrategyProgram otherwise
    QList<ParseError> errors; // in the order of the text, at most StrategyParser::MaxErrors

    bool ok() const { return errors.isEmpty(); }
};

class StrategyParser
{
public:
    static constexpr qint64 MaxFileBytes = 64 * 1024;
    // parse() takes text from anywhere (an editor, a resource); this bounds its work, not a file.
    static constexpr qsizetype MaxTextLength = 1 << 20;
    static constexpr int MaxLineLength = 300;
    static constexpr int MaxNesting = 8; // while, if and else blocks inside one another
    static constexpr int MaxInstructions = 256; // per thread program, its End included
    static constexpr int MaxObjects = 32;
    static constexpr int MaxNameLength = 32;
    static constexpr int MaxLiteral = 1000; // integer literals are 0..1000; with "-", -1000..1000
    static constexpr int MaxExpressionDepth = 32; // parentheses, "not" and "-" inside one another
    static constexpr int MaxErrors = 50;

    // fileName gives the program its name when the text has no `strategy` line (its base name:
    // "monitor" for ".../monitor.blstrategy"); it is not read.
    static ParseResult parse(const QString &source, const QString &fileName = {});
    // Reads a regular file only, without following a symbolic link and without blocking on a FIFO
    // (SafeFile), of at most MaxFileBytes, that is UTF-8 text without NUL bytes; what cannot be read
    // is one error on line 0 ("file too large: 70000 bytes, at most 65536", "not a regular file
    // (a FIFO)", "not a text file (binary data at byte 12)", the offset counted from 0).
    static ParseResult parseFile(const QString &path);

    // A NAME of the language: [A-Za-z_][A-Za-z0-9_]*, at most MaxNameLength, not a keyword.
    static bool isName(QStringView word);
    // What may follow `strategy`: the same shape, keywords included ("strategy semaphore"): the
    // strategy's name is never read where a semaphore, mutex, condition or int is.
    static bool isStrategyName(QStringView word);
    static bool isKeyword(QStringView word);
};

} // namespace Lab
