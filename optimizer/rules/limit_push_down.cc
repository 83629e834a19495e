// LimitPushDown (Spark's rule of the same name, in the operator-optimization batches): a
// LocalLimit is copied below operators whose inputs cannot need more rows than the limit, so
// each input stops early. The LocalLimit stays on top, so the result never changes.
//
//   LocalLimit 10              LocalLimit 10
//   +- Union           =>      +- Union
//      :- a                       :- LocalLimit 10
//      +- b                       :  +- a
//                                 +- LocalLimit 10
//                                    +- b
//
// Where it applies, as in Spark:
// - Union: every input (a row of the first 10 comes from the first 10 of some input);
// - LeftOuter join with a condition: the left side (each left row gives at least one row), and
//   RightOuter with a condition the right side;
// - Inner, Cross, LeftOuter, RightOuter and FullOuter joins without a condition: both sides (a
//   cross product's first rows need only the first rows of each side, when neither is empty,
//   and an outer side is kept whole when the other is empty);
// - LeftSemi and LeftAnti joins without a condition: the left side;
// - the same joins under a Project.
// A limit is not pushed into an input already known to produce no more rows than it per
// partition (a smaller LocalLimit, a small LocalRelation, a global aggregate), which also keeps
// the fixed point from stacking limits. Departure from Spark: Spark strips a GlobalLimit from
// the input it pushes into; planck keeps it (a LocalLimit cannot replace a GlobalLimit).
#include "logical/operators.h"
#include "optimizer/rules.h"
#include "optimizer/rules/max_rows.h"

namespace planck {
namespace {

// `plan` under a LocalLimit of `count`, unless it cannot produce more rows than that.
PlanPtr maybePushLocalLimit(const ExprPtr& count, const PlanPtr& plan) {
  std::optional<int64_t> limit = limitValue(count);
  if (!limit) return plan;
  std::optional<int64_t> rows = maxRowsPerPartition(plan);
  if (rows && *rows <= *limit) return plan;
  return std::make_shared<LocalLimit>(count, plan);
}

PlanPtr pushLocalLimitThroughJoin(const ExprPtr& count, const Join& join) {
  PlanPtr left = join.left();
  PlanPtr right = join.right();
  bool has_condition = join.condition() != nullptr;
  switch (join.joinType()) {
    case JoinType::kLeftOuter:
      left = maybePushLocalLimit(count, left);
      if (!has_condition) right = maybePushLocalLimit(count, right);
      break;
    case JoinType::kRightOuter:
      right = maybePushLocalLimit(count, right);
      if (!has_condition) left = maybePushLocalLimit(count, left);
      break;
    case JoinType::kInner:
    case JoinType::kCross:
    case JoinType::kFullOuter:
      if (!has_condition) {
        left = maybePushLocalLimit(count, left);
        right = maybePushLocalLimit(count, right);
      }
      break;
    case JoinType::kLeftSemi:
    case JoinType::kLeftAnti:
      if (!has_condition) left = maybePushLocalLimit(count, left);
      break;
  }
  return join.withNewChildren({left, right});
}

class LimitPushDown final : public Rule {
 public:
  std::string_view name() const override { return "LimitPushDown"; }
  PlanPtr apply(const PlanPtr& plan, RuleContext&) const override {
    return transformDown(plan, [](const PlanPtr& node) -> PlanPtr {
      const auto* limit = node->as<LocalLimit>();
      if (limit == nullptr) return node;
      const PlanPtr& child = node->child(0);
      PlanPtr pushed = child;
      if (child->is<Union>()) {
        std::vector<PlanPtr> inputs;
        for (const PlanPtr& input : child->children()) {
          inputs.push_back(maybePushLocalLimit(limit->count(), input));
        }
        pushed = child->withNewChildren(std::move(inputs));
      } else if (const auto* join = child->as<Join>()) {
        pushed = pushLocalLimitThroughJoin(limit->count(), *join);
      } else if (child->is<Project>() && child->child(0)->is<Join>()) {
        const auto* join = child->child(0)->as<Join>();
        pushed = child->withNewChildren({pushLocalLimitThroughJoin(limit->count(), *join)});
      }
      return node->withNewChildren({pushed});
    });
  }
};

}  // namespace

RulePtr makeLimitPushDown() { return std::make_shared<LimitPushDown>(); }

}  // namespace planck
