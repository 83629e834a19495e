// Constant evaluation of expressions that read no columns: what ConstantFolding folds.
//
// Semantics are the runtime's (docs/sql-semantics.md), so a folded constant and the vectorized
// evaluator (runtime/expression/) always agree: integer overflow, division or remainder by
// zero, a decimal result that does not fit its type and a failed cast are errors naming the
// expression (PostgreSQL's behaviour, Spark's ANSI mode). Anything the evaluator does not
// implement (a non-deterministic function, an aggregate, a subquery, a column) is an error
// status too, never a crash; ConstantFolding leaves an expression it cannot evaluate alone.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "absl/status/statusor.h"
#include "logical/expressions.h"
#include "logical/value.h"

namespace planck {

// The value of a foldable expression, of exactly `expr.dataType()`; an error status when the
// expression reads columns or uses something the evaluator does not implement.
absl::StatusOr<Value> evaluateConstant(const Expression& expr);

// SQL comparison of two non-NULL values of comparable types (numbers of any numeric type,
// strings, dates, booleans): negative, zero or positive; nullopt when they do not compare.
// NaN equals NaN and is greater than any other double, as in Spark.
std::optional<int> compareValues(const Value& left, const Value& right);

// Whether `expr` is NULL whenever any of its children is NULL (Spark's NullIntolerant): the
// arithmetic, comparisons other than <=>, NOT, casts, LIKE and the functions that return
// NULL for any NULL argument.
bool isNullIntolerant(const Expression& expr);

// A proleptic Gregorian date: year, month (1-12), day (1-31).
struct CivilDate {
  int64_t year;
  unsigned month;
  unsigned day;
};
// The calendar date of `days` since 1970-01-01.
CivilDate civilFromDays(int64_t days);
// `days` plus `months` calendar months, the day clamped to the end of the month (Spark's
// add_months: 2024-01-31 + 1 month = 2024-02-29).
int64_t addMonthsToDate(int64_t days, int64_t months);

// The value of `expr` computed from the values of its children, for a node that evaluates all
// its children (not AND, OR, CASE, coalesce, if): the runtime's row-at-a-time fallback for
// rarely used functions, so that both evaluators agree by construction.
absl::StatusOr<Value> evaluateWithChildValues(const Expression& expr,
                                              const std::vector<Value>& children);

// The errors evaluation reports, shared by this evaluator and the vectorized one in runtime/
// so both say the same thing; each names the expression by its sql().
// "integer overflow in (a + 1): the result does not fit INTEGER" (also DECIMAL and DATE).
absl::Status overflowError(const Expression& expr);
// "division by zero in (a / b)".
absl::Status divisionByZeroError(const Expression& expr);
// `cause` (a failed castValue) with " in <expr>" appended.
absl::Status castError(const Expression& expr, const absl::Status& cause);

// Whether `a` and `b` are the same deterministic computation (Spark's semanticEquals, without
// canonicalization of commutative operators).
bool semanticEquals(const ExprPtr& a, const ExprPtr& b);

}  // namespace planck
