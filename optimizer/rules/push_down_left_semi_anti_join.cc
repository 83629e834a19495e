// PushDownLeftSemiAntiJoin (Spark's rule of the same name): a left semi or anti join moves
// below a Project, an Aggregate or a Union on its left side, so it filters rows before they
// are computed, grouped or combined.
//
//   Join LeftSemi, (k#9 = x#5)                  Project [(a#1 + 1) AS k#9]
//   :- Project [(a#1 + 1) AS k#9]        =>     +- Join LeftSemi, ((a#1 + 1) = x#5)
//   :  +- Relation t[a#1]                          :- Relation t[a#1]
//   +- Relation u[x#5]                             +- Relation u[x#5]
//
// A semi or anti join only keeps or drops left rows, and decides each row by the condition
// alone, so it commutes with an operator that maps rows one to one (a deterministic Project),
// and with an Aggregate when the condition reads only grouping columns (a group is kept or
// dropped whole). Into a Union each input gets its own join with the right side, the
// condition's columns mapped by position. As in Spark, the condition must not hold subqueries,
// and a join with no condition at all does not move (it is about the right side being empty,
// which is cheaper to ask once).
#include "logical/operators.h"
#include "logical/predicates.h"
#include "optimizer/rules.h"
#include "optimizer/rules/push_down_predicates.h"

namespace planck {
namespace {

bool allDeterministic(const std::vector<ExprPtr>& exprs) {
  for (const ExprPtr& expr : exprs) {
    if (!expr->deterministic()) return false;
  }
  return true;
}

PlanPtr belowProject(const Join& join, const Project& project) {
  if (!allDeterministic(project.projectList())) return nullptr;
  ExprPtr condition = replaceAttributes(join.condition(), aliasMap(project.projectList()));
  PlanPtr pushed = std::make_shared<Join>(project.child(0), join.right(), join.joinType(),
                                          condition, join.hint());
  return project.withNewChildren({pushed});
}

PlanPtr belowAggregate(const Join& join, const Aggregate& aggregate) {
  if (aggregate.groupingExpressions().empty() ||
      !allDeterministic(aggregate.aggregateExpressions())) {
    return nullptr;
  }
  AttributeMap grouping_aliases = groupingAliases(aggregate);
  AttributeSet allowed = referencesOf(aggregate.groupingExpressions());
  allowed.insertAll(AttributeSet(join.right()->output()));
  ExprPtr condition = replaceAttributes(join.condition(), grouping_aliases);
  if (!canEvaluate(condition, allowed)) return nullptr;
  PlanPtr pushed = std::make_shared<Join>(aggregate.child(0), join.right(), join.joinType(),
                                          condition, join.hint());
  return aggregate.withNewChildren({pushed});
}

PlanPtr belowUnion(const Join& join, const Union& union_plan) {
  std::vector<PlanPtr> children;
  for (const PlanPtr& child : union_plan.children()) {
    AttributeMap by_position = positionalMap(union_plan.output(), child->output());
    children.push_back(std::make_shared<Join>(child, join.right(), join.joinType(),
                                              replaceAttributes(join.condition(), by_position),
                                              join.hint()));
  }
  return union_plan.withNewChildren(std::move(children));
}

class PushDownLeftSemiAntiJoin final : public Rule {
 public:
  std::string_view name() const override { return "PushDownLeftSemiAntiJoin"; }
  PlanPtr apply(const PlanPtr& plan, RuleContext&) const override {
    return transformDown(plan, [](const PlanPtr& node) -> PlanPtr {
      const auto* join = node->as<Join>();
      if (join == nullptr || outputsRight(join->joinType()) || join->condition() == nullptr ||
          !join->condition()->deterministic() || hasSubquery(join->condition())) {
        return node;
      }
      const PlanPtr& left = join->left();
      PlanPtr pushed;
      if (const auto* project = left->as<Project>()) pushed = belowProject(*join, *project);
      if (const auto* aggregate = left->as<Aggregate>()) {
        pushed = belowAggregate(*join, *aggregate);
      }
      if (const auto* union_plan = left->as<Union>()) pushed = belowUnion(*join, *union_plan);
      return pushed ? pushed : node;
    });
  }
};

}  // namespace

RulePtr makePushDownLeftSemiAntiJoin() { return std::make_shared<PushDownLeftSemiAntiJoin>(); }

}  // namespace planck
