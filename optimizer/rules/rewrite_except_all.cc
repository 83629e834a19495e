// RewriteExceptAll (Spark's rule of the same name, batch "Replace Operators"): EXCEPT ALL
// keeps each left row as many times as it occurs on the left minus on the right (at least 0).
//
//   Except true            Project [left columns]
//   :- left                +- Join LeftAnti, ((l1 <=> r1) AND ... AND (rn_l = rn_r))
//   +- right       =>         :- Window [row_number() OVER (PARTITION BY l.. ORDER BY l..) AS rn_l]
//                             :  +- left
//                             +- Window [row_number() OVER (PARTITION BY r.. ORDER BY r..) AS rn_r]
//                                +- right
//
// Numbering the copies of each row on both sides (1..m on the left, 1..n on the right) makes
// the k-th left copy of a row survive the anti join iff the right side has no k-th copy, that
// is iff n < k; the copies k = n+1..m survive, max(m - n, 0) of them, which is EXCEPT ALL.
//
// Departure from Spark: Spark unions both sides with a +1/-1 marker, sums the markers per row
// and replicates each row by the sum with Generate(ReplicateRows); planck has no Generate
// operator, so it numbers the duplicates with a Window instead. The output (the left side's
// columns) is unchanged.
#include "logical/operators.h"
#include "optimizer/rules.h"
#include "optimizer/rules/set_operation_helpers.h"

namespace planck {
namespace {

class RewriteExceptAll final : public Rule {
 public:
  std::string_view name() const override { return "RewriteExceptAll"; }
  PlanPtr apply(const PlanPtr& plan, RuleContext& ctx) const override {
    return transformUpWithPruning(plan, ctx.ruleMark(), [](const PlanPtr& node) -> PlanPtr {
      const auto* except = node->as<Except>();
      if (except == nullptr || !except->isAll()) return node;
      return joinMatchingCopies(node, JoinType::kLeftAnti);
    });
  }
};

}  // namespace

RulePtr makeRewriteExceptAll() { return std::make_shared<RewriteExceptAll>(); }

}  // namespace planck
