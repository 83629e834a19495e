// RewriteDistinctAggregates (Spark's rule of the same name, batch "Distinct Aggregate
// Rewrite"): an Aggregate with DISTINCT aggregates over more than one set of arguments becomes
// two aggregations over an Expand, so that no aggregate needs a DISTINCT of its own.
//
//   Aggregate [k], [k, count(DISTINCT a) AS ca, count(DISTINCT b) AS cb, sum(c) AS sc]
//   =>
//   Aggregate [k'], [k' AS k, count(a') FILTER (WHERE gid = 1) AS ca,
//                    count(b') FILTER (WHERE gid = 2) AS cb,
//                    first(sum(c')) FILTER (WHERE gid = 0) AS sc]
//   +- Aggregate [k', a', b', gid], [k', a', b', gid, sum(c') AS sum(c')]
//      +- Expand [[k, null, null, 0, c], [k, a, null, 1, null], [k, null, b, 2, null]],
//                [k', a', b', gid, c']
//         +- child
//
// The Expand emits each row once for the regular (non-DISTINCT) aggregates (gid 0) and once
// per distinct argument set (gid j, only that set's arguments, the others NULL). The first
// Aggregate groups on the keys, all distinct arguments and gid: for gid j it leaves one row
// per distinct value of set j, and for gid 0 it computes the regular aggregates over exactly
// the original rows. The second Aggregate groups on the keys: a distinct aggregate of set j
// is the plain aggregate over the gid = j rows, and a regular one is the single value of its
// gid = 0 row. For a global aggregate over no rows the first Aggregate is empty, so count
// (whose empty result is 0, not NULL) is wrapped as coalesce(first(...), 0), as Spark does.
//
// A single distinct argument set (TPC-H Q16's count(DISTINCT ps_suppkey)) is left alone, as in
// Spark: the physical planner aggregates it in two phases itself. Departure from Spark: an
// Aggregate whose DISTINCT aggregates carry a FILTER is left alone too (Spark rewrites it into
// conditional arguments), and so is one with another non-nullable regular aggregate than count.
// The output columns keep their ids, names and types.
#include <functional>

#include "logical/operators.h"
#include "logical/predicates.h"
#include "optimizer/rules.h"

namespace planck {
namespace {

// The first expression in `list` equal to `expr`, as an index, or -1.
int indexOf(const std::vector<ExprPtr>& list, const ExprPtr& expr) {
  for (size_t i = 0; i < list.size(); ++i) {
    if (list[i]->equals(*expr)) return static_cast<int>(i);
  }
  return -1;
}

void addUnique(std::vector<ExprPtr>& list, const ExprPtr& expr) {
  if (indexOf(list, expr) < 0) list.push_back(expr);
}

// The non-foldable children of an aggregate (its arguments and filter), which the Expand
// carries; literals stay where they are.
std::vector<ExprPtr> carriedChildren(const AggregateExpression& aggregate) {
  std::vector<ExprPtr> carried;
  for (const ExprPtr& child : aggregate.children()) {
    if (!child->foldable()) addUnique(carried, child);
  }
  return carried;
}

// Same argument set: each carried child of one is a carried child of the other.
bool sameSet(const std::vector<ExprPtr>& a, const std::vector<ExprPtr>& b) {
  if (a.size() != b.size()) return false;
  for (const ExprPtr& expr : a) {
    if (indexOf(b, expr) < 0) return false;
  }
  return true;
}

// `aggregate` with its carried children replaced by the Expand's columns for them.
ExprPtr patched(const AggregateExpression& aggregate, const std::vector<ExprPtr>& carried,
                const Attributes& columns, bool distinct, ExprPtr filter) {
  std::vector<ExprPtr> arguments;
  for (const ExprPtr& argument : aggregate.arguments()) {
    int index = argument->foldable() ? -1 : indexOf(carried, argument);
    arguments.push_back(index < 0 ? argument : ExprPtr(columns[static_cast<size_t>(index)]));
  }
  if (filter == nullptr && aggregate.filter() != nullptr) {
    int index = indexOf(carried, aggregate.filter());
    filter = index < 0 ? aggregate.filter() : ExprPtr(columns[static_cast<size_t>(index)]);
  }
  return std::make_shared<AggregateExpression>(aggregate.name(), std::move(arguments), distinct,
                                               std::move(filter), aggregate.dataType(),
                                               aggregate.nullable());
}

ExprPtr nullLiteralOf(const ExprPtr& expr) { return nullLiteral(expr->dataType()); }

AttributePtr columnFor(const ExprPtr& expr, bool nullable) {
  const auto* attr = expr->as<AttributeReference>();
  return AttributeReference::make(attr ? attr->name() : expr->sql(), expr->dataType(), nullable);
}

ExprPtr gidIs(const AttributePtr& gid, int value) {
  return std::make_shared<BinaryComparison>(ComparisonOp::kEqual, gid,
                                            Literal::make(Value::integer(value)));
}

PlanPtr rewrite(const PlanPtr& node) {
  const auto* aggregate = node->as<Aggregate>();
  if (aggregate == nullptr) return node;
  std::vector<ExprPtr> aggregates;  // every aggregate call, once
  for (const ExprPtr& item : aggregate->aggregateExpressions()) {
    forEachNode(item, [&](const ExprPtr& expr) {
      if (expr->is<AggregateExpression>()) addUnique(aggregates, expr);
    });
  }
  std::vector<std::vector<ExprPtr>> distinct_sets;
  std::vector<ExprPtr> regular;
  for (const ExprPtr& expr : aggregates) {
    const auto* call = expr->as<AggregateExpression>();
    if (!call->isDistinct()) {
      if (!call->nullable() && call->name() != "count" && call->name() != "count_if") return node;
      regular.push_back(expr);
      continue;
    }
    if (call->filter() != nullptr) return node;
    std::vector<ExprPtr> set = carriedChildren(*call);
    bool known = false;
    for (const auto& seen : distinct_sets) known = known || sameSet(seen, set);
    if (!known) distinct_sets.push_back(std::move(set));
  }
  if (distinct_sets.size() < 2) return node;

  const std::vector<ExprPtr>& keys = aggregate->groupingExpressions();
  Attributes key_columns;
  for (const ExprPtr& key : keys) key_columns.push_back(columnFor(key, key->nullable()));
  std::vector<ExprPtr> distinct_children;
  for (const auto& set : distinct_sets) {
    for (const ExprPtr& expr : set) addUnique(distinct_children, expr);
  }
  Attributes distinct_columns;
  for (const ExprPtr& expr : distinct_children) distinct_columns.push_back(columnFor(expr, true));
  std::vector<ExprPtr> regular_children;
  for (const ExprPtr& expr : regular) {
    for (const ExprPtr& child : carriedChildren(*expr->as<AggregateExpression>())) {
      addUnique(regular_children, child);
    }
  }
  Attributes regular_columns;
  for (const ExprPtr& expr : regular_children) regular_columns.push_back(columnFor(expr, true));
  AttributePtr gid = AttributeReference::make("gid", DataType::integer(), false);

  // One projection for the regular aggregates (when there are any), one per distinct set.
  std::vector<std::vector<ExprPtr>> projections;
  for (int j = regular.empty() ? 1 : 0; j <= static_cast<int>(distinct_sets.size()); ++j) {
    std::vector<ExprPtr> row = keys;
    for (const ExprPtr& expr : distinct_children) {
      bool in_set = j > 0 && indexOf(distinct_sets[static_cast<size_t>(j - 1)], expr) >= 0;
      row.push_back(in_set ? expr : nullLiteralOf(expr));
    }
    row.push_back(Literal::make(Value::integer(j)));
    for (const ExprPtr& expr : regular_children) {
      row.push_back(j == 0 ? expr : nullLiteralOf(expr));
    }
    projections.push_back(std::move(row));
  }
  Attributes expand_output = key_columns;
  expand_output.insert(expand_output.end(), distinct_columns.begin(), distinct_columns.end());
  expand_output.push_back(gid);
  expand_output.insert(expand_output.end(), regular_columns.begin(), regular_columns.end());
  auto expand = std::make_shared<Expand>(std::move(projections), expand_output, node->child(0));

  // First aggregation: per keys, distinct values and gid; the regular aggregates computed.
  std::vector<ExprPtr> first_grouping(
      expand_output.begin(),
      expand_output.end() - static_cast<std::ptrdiff_t>(regular_columns.size()));
  std::vector<ExprPtr> first_outputs = first_grouping;
  Attributes regular_results;
  for (const ExprPtr& expr : regular) {
    auto result =
        std::make_shared<Alias>(patched(*expr->as<AggregateExpression>(), regular_children,
                                        regular_columns, false, nullptr),
                                expr->sql(), newExprId());
    regular_results.push_back(result->toAttribute());
    first_outputs.push_back(result);
  }
  auto first = std::make_shared<Aggregate>(first_grouping, first_outputs, expand);

  // Second aggregation: per keys; each original aggregate over its gid's rows.
  std::function<ExprPtr(const ExprPtr&)> replace = [&](const ExprPtr& expr) -> ExprPtr {
    if (const auto* call = expr->as<AggregateExpression>()) {
      if (call->isDistinct()) {
        std::vector<ExprPtr> set = carriedChildren(*call);
        int j = 1;
        while (!sameSet(distinct_sets[static_cast<size_t>(j - 1)], set)) ++j;
        return patched(*call, distinct_children, distinct_columns, false, gidIs(gid, j));
      }
      const AttributePtr& value = regular_results[static_cast<size_t>(indexOf(regular, expr))];
      ExprPtr picked = std::make_shared<AggregateExpression>(
          "first", std::vector<ExprPtr>{value}, false, gidIs(gid, 0), value->dataType(), true);
      if (call->nullable()) return picked;
      return std::make_shared<ScalarFunction>(
          "coalesce", std::vector<ExprPtr>{picked, Literal::make(Value::bigint(0))},
          call->dataType(), NullPolicy::kNever);
    }
    int key = indexOf(keys, expr);
    if (key >= 0) return key_columns[static_cast<size_t>(key)];
    std::vector<ExprPtr> children;
    for (const ExprPtr& child : expr->children()) children.push_back(replace(child));
    return expr->withNewChildren(std::move(children));
  };
  std::vector<ExprPtr> outputs;
  for (const ExprPtr& item : aggregate->aggregateExpressions()) {
    ExprPtr rewritten = replace(item);
    AttributePtr was = toAttribute(item);
    AttributePtr now = toAttribute(rewritten);
    if (was != nullptr && (now == nullptr || now->exprId() != was->exprId())) {
      rewritten = std::make_shared<Alias>(rewritten, was->name(), was->exprId());
    }
    outputs.push_back(rewritten);
  }
  std::vector<ExprPtr> second_grouping(key_columns.begin(), key_columns.end());
  return std::make_shared<Aggregate>(std::move(second_grouping), std::move(outputs), first);
}

class RewriteDistinctAggregates final : public Rule {
 public:
  std::string_view name() const override { return "RewriteDistinctAggregates"; }
  PlanPtr apply(const PlanPtr& plan, RuleContext&) const override {
    return transformUp(plan, rewrite);
  }
};

}  // namespace

RulePtr makeRewriteDistinctAggregates() { return std::make_shared<RewriteDistinctAggregates>(); }

}  // namespace planck
