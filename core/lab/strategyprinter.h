#pragma once

// Writes a StrategyProgram back as .blstrategy text, in one canonical layout: the description as
// leading "# " lines, `strategy NAME` (left out when the name cannot follow `strategy`, such as
// "monitor-one-condition": it then comes from the file's name again), the declarations in their
// order, then producer: and consumer:, indented by four spaces, with while, if and else rebuilt
// from the jumps. A loop or branch whose body is one simple statement is written on one line
// (`while count == N: pass`), and expressions with the parentheses their precedence needs only.
//
// What survives the trip: for every program the parser makes, parsing the printed text (with the
// same file name) gives the same program except for the positions and texts of the instructions
// and the lines of objects and sections, which belong to the text they were read from (a
// comment, a blank line or a redundant parenthesis is not in the program). Printed text is a
// fixed point: parsing it and printing again gives the same text, and parsing it twice gives
// equal programs, positions and texts included.
//
// A program built by hand that the parser could not have made (a jump into the middle of a block,
// a lone step of an insert) is printed as far as it goes, with a comment where a statement
// cannot be written.

#include "strategyprogram.h"

#include <QList>
#include <QString>

namespace Lab {

class StrategyPrinter
{
public:
    static QString print(const StrategyProgram &program);
    // One expression as the language writes it: "count == N", "not (a or b)", "x - (y - 1)".
    static QString printExpression(const Expression &expression, const QList<SharedObject> &objects);
};

} // namespace Lab
