// EliminateSorts (Spark's rule of the same name, batch "Eliminate Sorts"): removes sorts whose
// order nothing observes.
//
//   Aggregate [k], [k, sum(v)]           Aggregate [k], [k, sum(v)]
//   +- Project [k, v]             =>     +- Project [k, v]
//      +- Sort [v ASC], true                +- child
//         +- child
//
// - Sort keys that are foldable order nothing and are dropped; a Sort left without keys is
//   removed.
// - Below a Sort, another Sort is removed (the upper one decides the order; a local sort may
//   only remove local sorts below it), looking through deterministic Projects and Filters.
// - Below an Aggregate whose aggregate functions ignore input order (not first/last), and below
//   both sides of a join with a deterministic condition, sorts are removed the same way: these
//   operators do not promise any output order.
// Sorts under a limit, a window or anything else not listed are kept: there the order decides
// which rows come out.
#include "logical/operators.h"
#include "optimizer/rules.h"

namespace planck {
namespace {

bool isDeterministicPlan(const LogicalPlan& node) {
  for (const ExprPtr& expr : node.expressions()) {
    if (!expr->deterministic()) return false;
  }
  return true;
}

// `plan` without the sorts at its top, looking through deterministic Projects and Filters.
// A global sort is removed only when `can_remove_global` (the operator above ignores order).
PlanPtr removeSorts(const PlanPtr& plan, bool can_remove_global) {
  if (const auto* sort = plan->as<Sort>()) {
    if (can_remove_global || !sort->global()) {
      return removeSorts(plan->child(0), can_remove_global);
    }
    return plan;
  }
  if ((plan->is<Project>() || plan->is<Filter>()) && isDeterministicPlan(*plan)) {
    return plan->withNewChildren({removeSorts(plan->child(0), can_remove_global)});
  }
  return plan;
}

bool isOrderIrrelevant(const std::vector<ExprPtr>& aggregates) {
  for (const ExprPtr& item : aggregates) {
    bool order_dependent = existsNode(item, [](const ExprPtr& expr) {
      const auto* aggregate = expr->as<AggregateExpression>();
      if (aggregate == nullptr) return false;
      const std::string& name = aggregate->name();
      return name == "first" || name == "last" || name == "first_value" || name == "last_value" ||
             name == "any_value";
    });
    if (order_dependent) return false;
  }
  return true;
}

PlanPtr eliminateSorts(const PlanPtr& node) {
  if (const auto* sort = node->as<Sort>()) {
    std::vector<ExprPtr> order;
    for (const ExprPtr& key : sort->order()) {
      if (!key->child(0)->foldable()) order.push_back(key);
    }
    if (order.empty()) return node->child(0);
    PlanPtr current = node;
    if (order.size() != sort->order().size()) {
      current = std::make_shared<Sort>(std::move(order), sort->global(), node->child(0));
    }
    return current->withNewChildren({removeSorts(current->child(0), sort->global())});
  }
  if (const auto* aggregate = node->as<Aggregate>()) {
    if (!isOrderIrrelevant(aggregate->aggregateExpressions())) return node;
    return node->withNewChildren({removeSorts(node->child(0), true)});
  }
  if (const auto* join = node->as<Join>()) {
    if (join->condition() != nullptr && !join->condition()->deterministic()) return node;
    return node->withNewChildren(
        {removeSorts(join->left(), true), removeSorts(join->right(), true)});
  }
  return node;
}

class EliminateSorts final : public Rule {
 public:
  std::string_view name() const override { return "EliminateSorts"; }
  PlanPtr apply(const PlanPtr& plan, RuleContext&) const override {
    return transformDown(plan, [](const PlanPtr& node) {
      // To a fixed point at each node: a removed Sort exposes the node below it.
      PlanPtr current = node;
      for (PlanPtr next = eliminateSorts(current); next != current;
           next = eliminateSorts(current)) {
        current = next;
      }
      return current;
    });
  }
};

}  // namespace

RulePtr makeEliminateSorts() { return std::make_shared<EliminateSorts>(); }

}  // namespace planck
