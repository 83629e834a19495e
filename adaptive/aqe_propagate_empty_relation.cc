// AQEPropagateEmptyRelation (Spark's rule of the same name, in the re-optimizer's "Propagate
// Empty Relations" batch): a query stage that ran and produced no rows is an empty relation, so
// what it makes empty goes, as PropagateEmptyRelation does for empty LocalRelations before a
// query runs: an inner join with an empty side, a grouped aggregate over nothing, ...
//
//   Join Inner, (a#1 = b#2)                  LocalRelation <empty>, [a#1, b#2]
//   :- LogicalQueryStage ..., rowCount=0  =>
//   +- Relation t[b#2]
//
// Only a stage whose row count is exact for its part of the plan counts (the stage itself, or a
// grouped aggregate right over it): a global aggregate over no rows still makes one.
#include "adaptive/adaptive_rules.h"
#include "logical/operators.h"
#include "optimizer/rules.h"

namespace planck {
namespace {

class AQEPropagateEmptyRelation final : public Rule {
 public:
  std::string_view name() const override { return "AQEPropagateEmptyRelation"; }
  PlanPtr apply(const PlanPtr& plan, RuleContext& ctx) const override {
    PlanPtr emptied = transformUp(plan, [](const PlanPtr& node) -> PlanPtr {
      const auto* stage = node->as<LogicalQueryStage>();
      if (stage == nullptr || !stage->observed() || !stage->observed()->empty_is_exact ||
          stage->observed()->rows != 0) {
        return node;
      }
      return std::make_shared<LocalRelation>(node->output(), std::vector<std::vector<Value>>{});
    });
    if (emptied == plan) return plan;
    return propagate_->apply(emptied, ctx);
  }

 private:
  RulePtr propagate_ = makePropagateEmptyRelation();
};

}  // namespace

RulePtr makeAQEPropagateEmptyRelation() { return std::make_shared<AQEPropagateEmptyRelation>(); }

}  // namespace planck
