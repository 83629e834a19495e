// Helpers every plan rewrite needs: splitting and rebuilding conjunctions, the set of columns
// an expression reads, and substituting expressions for columns.
#pragma once

#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "logical/expressions.h"
#include "logical/plan.h"

namespace planck {

// A set of columns, by id (Spark's AttributeSet).
class AttributeSet {
 public:
  AttributeSet() = default;
  explicit AttributeSet(const Attributes& attributes) {
    for (const AttributePtr& attribute : attributes) insert(attribute->exprId());
  }

  bool contains(ExprId id) const { return ids_.contains(id); }
  bool contains(const AttributeReference& attribute) const { return contains(attribute.exprId()); }
  void insert(ExprId id) { ids_.insert(id); }
  void insertAll(const AttributeSet& other) { ids_.insert(other.ids_.begin(), other.ids_.end()); }
  bool empty() const { return ids_.empty(); }
  size_t size() const { return ids_.size(); }
  // Whether every id here is in `other`.
  bool subsetOf(const AttributeSet& other) const;
  // Whether some id is in both.
  bool intersects(const AttributeSet& other) const;

  auto begin() const { return ids_.begin(); }
  auto end() const { return ids_.end(); }

 private:
  absl::flat_hash_set<ExprId> ids_;
};

// The columns `expr` reads: its attribute references, and the outer references of the
// subquery plans it holds (the columns a correlated subquery reads from this query).
AttributeSet referencesOf(const ExprPtr& expr);
AttributeSet referencesOf(const std::vector<ExprPtr>& exprs);
// The columns an operator's own expressions read (Spark's LogicalPlan.references).
AttributeSet referencesOf(const LogicalPlan& plan);

// a AND b AND c -> [a, b, c] (nested ANDs flattened, left to right).
std::vector<ExprPtr> splitConjuncts(const ExprPtr& condition);
// a OR b OR c -> [a, b, c].
std::vector<ExprPtr> splitDisjuncts(const ExprPtr& condition);
// [a, b, c] -> a AND b AND c (left-deep, as Spark's reduceLeft(And)); nullptr when empty.
ExprPtr conjunction(const std::vector<ExprPtr>& predicates);
// [a, b, c] -> a OR b OR c; nullptr when empty.
ExprPtr disjunction(const std::vector<ExprPtr>& predicates);
// `a AND b`, where either may be nullptr (no condition).
ExprPtr andOf(const ExprPtr& a, const ExprPtr& b);

// Whether `expr` reads only columns in `available`.
bool canEvaluate(const ExprPtr& expr, const AttributeSet& available);
// Whether `expr` reads only `plan`'s output.
bool canEvaluate(const ExprPtr& expr, const LogicalPlan& plan);

// Whether `expr` contains a subquery expression.
bool hasSubquery(const ExprPtr& expr);
// Whether every node of `expr` is deterministic.
inline bool isDeterministic(const ExprPtr& expr) { return expr->deterministic(); }

// Column id -> the expression that computes it (a Project's aliases, say).
using AttributeMap = absl::flat_hash_map<ExprId, ExprPtr>;

// The aliases of a project list: alias id -> aliased expression (without the Alias), and each
// plain attribute to itself.
AttributeMap aliasMap(const std::vector<ExprPtr>& project_list);
// Each column of `from` mapped to the column at the same position of `to` (a Union's output to
// one of its inputs').
AttributeMap positionalMap(const Attributes& from, const Attributes& to);
// `expr` with each attribute in `map` replaced by its expression. Attributes not in the map
// stay. Aliases met on the way are kept (only references are replaced).
ExprPtr replaceAttributes(const ExprPtr& expr, const AttributeMap& map);

// `plan` itself when it outputs exactly `output` (the same ids in the same order), else a Project
// of `output` over it: how a rewrite that reorders a subtree's columns keeps what its parent
// sees.
PlanPtr projectedTo(const PlanPtr& plan, const Attributes& output);

// The expression under any Alias: `x AS y` -> x.
inline const ExprPtr& stripAlias(const ExprPtr& expr) {
  return expr->is<Alias>() ? expr->child(0) : expr;
}
// The attribute a named expression outputs: an attribute itself or an alias's attribute;
// nullptr for an unnamed expression.
AttributePtr toAttribute(const ExprPtr& named);

// `predicate` in a canonical form for comparing predicates by meaning rather than spelling
// (Spark's canonicalized): a comparison's operands in a fixed order (`b = a` and `a = b` give
// the same form; `b > a` becomes `a < b`). Other predicates are returned as they are.
ExprPtr canonicalize(const ExprPtr& predicate);

// Whether `expr` is NULL whenever every column in `columns` is NULL, judged from its form:
// comparisons (not <=>), arithmetic, casts, NOT, LIKE, IN (on its value) and functions that
// are NULL on any NULL argument propagate NULL.
bool nullOnNullInput(const ExprPtr& expr, const AttributeSet& columns);
// Whether `predicate` is never TRUE while every column in `columns` is NULL: a NULL-propagating
// predicate, IS NOT NULL of a NULL-propagating expression, an AND with one such side, an OR with
// two.
bool nullRejecting(const ExprPtr& predicate, const AttributeSet& columns);

// Literal TRUE / FALSE / NULL of a type.
ExprPtr trueLiteral();
ExprPtr falseLiteral();
ExprPtr nullLiteral(DataType type);
// Whether `expr` is the literal TRUE / FALSE / NULL.
bool isTrueLiteral(const ExprPtr& expr);
bool isFalseLiteral(const ExprPtr& expr);
bool isNullLiteral(const ExprPtr& expr);

}  // namespace planck
