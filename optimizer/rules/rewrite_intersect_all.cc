// RewriteIntersectAll (Spark's rule of the same name, batch "Replace Operators"): INTERSECT
// ALL keeps each row as many times as the lesser of its counts on the two sides.
//
//   Intersect true         Project [left columns]
//   :- left                +- Join LeftSemi, ((l1 <=> r1) AND ... AND (rn_l = rn_r))
//   +- right       =>         :- Window [row_number() OVER (PARTITION BY l.. ORDER BY l..) AS rn_l]
//                             :  +- left
//                             +- Window [row_number() OVER (PARTITION BY r.. ORDER BY r..) AS rn_r]
//                                +- right
//
// Numbering the copies of each row on both sides (1..m on the left, 1..n on the right) makes
// the k-th left copy of a row survive the semi join iff the right side has a k-th copy, that
// is iff k <= n; the copies k = 1..min(m, n) survive, which is INTERSECT ALL.
//
// Departure from Spark: Spark unions both sides with marker columns, counts per row with an
// Aggregate and replicates each row min(m, n) times with Generate(ReplicateRows); planck has no
// Generate operator, so it numbers the duplicates with a Window instead. The Project also
// narrows a column back to NOT NULL where Intersect's output is (the right side's column is
// NOT NULL, so a surviving left value is too), keeping the output exactly.
#include "logical/operators.h"
#include "optimizer/rules.h"
#include "optimizer/rules/set_operation_helpers.h"

namespace planck {
namespace {

class RewriteIntersectAll final : public Rule {
 public:
  std::string_view name() const override { return "RewriteIntersectAll"; }
  PlanPtr apply(const PlanPtr& plan, RuleContext& ctx) const override {
    return transformUpWithPruning(plan, ctx.ruleMark(), [](const PlanPtr& node) -> PlanPtr {
      const auto* intersect = node->as<Intersect>();
      if (intersect == nullptr || !intersect->isAll()) return node;
      return joinMatchingCopies(node, JoinType::kLeftSemi);
    });
  }
};

}  // namespace

RulePtr makeRewriteIntersectAll() { return std::make_shared<RewriteIntersectAll>(); }

}  // namespace planck
