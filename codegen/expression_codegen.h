// Expressions as generated C++: each expression of an operator becomes statements that compute
// one row's value into two local variables, the value and whether it is NULL (Spark's ExprCode:
// `value` and `isNull`).
//
// Semantics are the interpreter's (docs/sql-semantics.md) by construction: the common cases are
// written inline (arithmetic with overflow checks, exact decimals, comparisons across numeric
// types, three-valued logic, CASE, COALESCE, IN lists, numeric casts), each copying the
// vectorized kernel's rule; a row whose inline computation would fail (overflow, division by
// zero, a cast that does not fit) and every other expression (the rarer functions, LIKE
// patterns with `_`, casts from strings) go through the runtime's row-at-a-time evaluator
// (evaluateWithChildValues, PlanckApi::evaluate) — the same fallback the interpreter uses for
// them, so the value or the error message is the same. Lazy parts (the right side of AND/OR,
// CASE branches, later COALESCE arguments) run only for the rows that reach them, as in the
// interpreter, so a row that never reaches an expression never fails on it.
#pragma once

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "codegen/code_writer.h"
#include "logical/expressions.h"

namespace planck {

// A value computed by generated code: C++ expressions (variable names, or constants) for the
// value and for whether it is NULL ("0" when it cannot be).
struct CodeValue {
  std::string value;
  std::string is_null;
  DataType type;
};

// The values of the row an operator's expressions read, by the ExprId of their attributes.
using CodeRow = absl::flat_hash_map<ExprId, CodeValue>;

// The C++ type generated code holds a value of `type` in.
std::string cTypeOf(DataType type);

// The C++ value generated code holds for a NULL of `type` (zero; an empty string).
std::string zeroOf(DataType type);

// Whether generated code can compute `expr` (inline or through the row evaluator): not for
// correlated or IN subqueries, correlated references, aggregates, window functions or
// non-deterministic functions, which leave their operator to the interpreter.
bool canGenerateExpression(const ExprPtr& expr);

// An uncorrelated scalar subquery or EXISTS: one value in the whole query, which generated code
// asks the runtime for (PlanckApi::evaluate; the runtime runs it once and keeps the value).
bool isQueryConstant(const ExprPtr& expr);

// Writes the code of expressions into a function being generated.
class ExpressionCodegen {
 public:
  // `prefix` names the variables after their operator (`filter3`); `fallbacks` collects the
  // expressions generated code hands to PlanckApi::evaluate, by number.
  ExpressionCodegen(CodeWriter& out, NameSource& names, std::vector<ExprPtr>& fallbacks,
                    std::string prefix)
      : out_(out), names_(names), fallbacks_(fallbacks), prefix_(std::move(prefix)) {}

  // Statements computing `expr` over `row`; the returned variables hold its value.
  absl::StatusOr<CodeValue> generate(const ExprPtr& expr, const CodeRow& row);

 private:
  absl::StatusOr<CodeValue> generateNode(const ExprPtr& expr, const CodeRow& row);
  absl::StatusOr<std::vector<CodeValue>> generateChildren(const ExprPtr& expr,
                                                          const CodeRow& row);
  CodeValue literal(const Value& value, DataType type);
  CodeValue declare(DataType type, std::string_view what);
  // The row evaluator on `children`'s values; `row_failed` (a C++ condition) limits the call to
  // the rows the inline code flagged ("1": always).
  CodeValue fallback(const ExprPtr& expr, const std::vector<CodeValue>& children);
  void fallbackInto(const ExprPtr& expr, const std::vector<CodeValue>& children,
                    const CodeValue& result);
  absl::StatusOr<CodeValue> arithmetic(const ExprPtr& expr, const CodeRow& row);
  absl::StatusOr<CodeValue> negate(const ExprPtr& expr, const CodeRow& row);
  absl::StatusOr<CodeValue> comparison(const ExprPtr& expr, const CodeRow& row);
  absl::StatusOr<CodeValue> in(const ExprPtr& expr, const CodeRow& row);
  absl::StatusOr<CodeValue> logic(const ExprPtr& expr, const CodeRow& row, bool is_and);
  absl::StatusOr<CodeValue> caseWhen(const ExprPtr& expr, const CodeRow& row,
                                     const std::vector<std::pair<ExprPtr, ExprPtr>>& branches,
                                     const ExprPtr& else_value);
  absl::StatusOr<CodeValue> coalesce(const ExprPtr& expr, const CodeRow& row);
  absl::StatusOr<CodeValue> cast(const ExprPtr& expr, const CodeRow& row);
  // LIKE with a constant pattern of text and `%` (else the row evaluator).
  absl::StatusOr<CodeValue> like(const ExprPtr& expr, const CodeRow& row);
  // startswith / endswith / contains with a constant part.
  absl::StatusOr<CodeValue> stringMatch(const ExprPtr& expr, const CodeRow& row);
  // substring(text, pos[, length]) on characters.
  absl::StatusOr<CodeValue> substring(const ExprPtr& expr, const CodeRow& row);
  // year, month, day, quarter of a DATE.
  absl::StatusOr<CodeValue> datePart(const ExprPtr& expr, const CodeRow& row);
  // A boolean computed from one non-NULL string value: NULL in, NULL out.
  CodeValue stringTest(const CodeValue& text, DataType type, const std::string& test);
  std::string name(std::string_view what) { return names_.fresh(prefix_, what); }

  CodeWriter& out_;
  NameSource& names_;
  std::vector<ExprPtr>& fallbacks_;
  std::string prefix_;
  // Common subexpressions (Spark's spark.sql.subexpressionElimination): a deterministic
  // expression computed outside any lazy branch is reused by the later ones of this operator,
  // which all run at the same level. Inside a lazy branch (lazy_depth_ > 0) nothing is kept:
  // the branch's variables end with it.
  absl::flat_hash_map<ExprPtr, CodeValue, ExprHash, ExprEqual> computed_;
  int lazy_depth_ = 0;
  struct LazyBranch {
    explicit LazyBranch(int& depth) : depth_(depth) { ++depth_; }
    ~LazyBranch() { --depth_; }
    int& depth_;
  };
};

// A C++ expression: the three-way comparison (<0, 0, >0) of two non-NULL values, as the
// interpreter compares their types (comparison.cc's planComparison); empty when they do not
// compare.
std::string compareCode(const CodeValue& left, const CodeValue& right);

}  // namespace planck
