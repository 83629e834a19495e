// Which side of a join a predicate may enter: the truth table that PushDownPredicates (a
// filter above a join) and PushPredicateThroughJoin (the join's own condition) share. The table
// and why each entry holds are at the top of push_down_predicates.cc.
#pragma once

#include <vector>

#include "logical/operators.h"
#include "logical/predicates.h"

namespace planck {

// Where a predicate comes from: a Filter above the join, or the join's ON condition.
enum class PredicateSource { kFilterAbove, kJoinCondition };
enum class JoinSide { kLeft, kRight };

// Whether a predicate from `source` that reads only `side`'s columns may be evaluated below the
// join, on that side's input, without changing the join's result.
bool mayPushIntoSide(JoinType type, PredicateSource source, JoinSide side);

// A join's condition conjuncts sorted by the columns they read.
struct SplitPredicates {
  std::vector<ExprPtr> left_only;   // read only the left side's columns (or none)
  std::vector<ExprPtr> right_only;  // read only the right side's columns
  std::vector<ExprPtr> both;        // read both sides
  std::vector<ExprPtr> stay;        // non-deterministic: never moved
};

// Sorts `conjuncts` by which of `join`'s sides they read. A conjunct that reads no column at all
// counts as left-only, as in Spark.
SplitPredicates splitBySide(const std::vector<ExprPtr>& conjuncts, const Join& join);

// The output columns of `aggregate` that are its grouping expressions, each mapped to that
// expression: what lets a predicate above the aggregate be stated below it.
AttributeMap groupingAliases(const Aggregate& aggregate);

// `plan` under Filter(predicates), or `plan` itself when there are none.
PlanPtr filterOf(const std::vector<ExprPtr>& predicates, const PlanPtr& plan);

}  // namespace planck
