// Constant evaluation of expressions that read no columns: what ConstantFolding folds.
//
// Semantics are Spark's non-ANSI mode: division or remainder by zero is NULL, a cast that
// fails is NULL, a decimal result that does not fit its type is NULL, and integer overflow
// wraps around (two's complement, as the JVM does). Anything the evaluator does not implement
// (a non-deterministic function, an aggregate, a subquery, a column) is an error status, never
// a crash, so a caller can simply leave such an expression alone.
#pragma once

#include <optional>

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

// Whether `a` and `b` are the same deterministic computation (Spark's semanticEquals, without
// canonicalization of commutative operators).
bool semanticEquals(const ExprPtr& a, const ExprPtr& b);

}  // namespace planck
