// What JoinSelection reads off a logical join: its equi-join keys (Spark's ExtractEquiJoinKeys),
// a NOT IN's single-column null-aware anti join (ExtractSingleColumnNullAwareAntiJoin), and the
// strategy hints of its two sides (Spark's EliminateResolvedHint, done here at planning time).
#pragma once

#include <optional>
#include <vector>

#include "logical/operators.h"

namespace planck {

// An equi-join: keys matched by position, and the rest of the condition.
struct EquiJoinKeys {
  std::vector<ExprPtr> left_keys;
  std::vector<ExprPtr> right_keys;
  ExprPtr other_condition;  // nullptr: none
};

// The `l = r` conjuncts of the join condition with one side over each input, oriented left to
// right; nullopt when there is none. A conjunct with a constant side is not a key. Departure
// from Spark: `l <=> r` stays in the other condition (Spark makes coalesce/isnull keys of it).
std::optional<EquiJoinKeys> extractEquiJoinKeys(const Join& join);

// The keys of a left anti join whose whole condition is `(l = r) OR isnull((l = r))`: what
// RewritePredicateSubquery makes of a single-column NOT IN; nullopt for anything else.
std::optional<EquiJoinKeys> extractNullAwareAntiJoinKeys(const Join& join);

// The join's hints: its own, else the ResolvedHint markers found under each side through unary
// operators (stopping at the next join or other operator of several inputs).
JoinHint effectiveJoinHint(const Join& join);

}  // namespace planck
