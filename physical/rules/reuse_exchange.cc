// ReuseExchange (Spark's ReuseExchangeAndSubquery, for exchanges): when two exchanges compute
// the same rows (the same operators over the same tables, whatever their column ids), the
// second becomes a ReusedExchange that reads the first one's output, so that stage runs once.
// On while spark.sql.exchange.reuse is true.
//
//   SortMergeJoin ...                         SortMergeJoin ...
//   :- Exchange hashpartitioning(k#1, 200)    :- Exchange hashpartitioning(k#1, 200)
//   :  +- Scan t[k#1]                   =>    :  +- Scan t[k#1]
//   +- Exchange hashpartitioning(k#7, 200)    +- ReusedExchange [k#7], Exchange
//   hashpartitioning(k#1, 200)
//      +- Scan t[k#7]
//
// Two subtrees are the same when their EXPLAIN lines match with ids hidden and their column ids
// correspond one to one (each id replaced by the order in which it first appears), as Spark
// compares canonicalized plans.
#include "absl/container/flat_hash_map.h"
#include "physical/canonical.h"
#include "physical/operators.h"
#include "physical/preparation.h"

namespace planck {
namespace {

class ReuseExchange final : public PhysicalRule {
 public:
  std::string_view name() const override { return "ReuseExchange"; }
  PhysicalPtr apply(const PhysicalPtr& plan, PhysicalRuleContext& ctx) const override {
    if (!ctx.config().getBool("spark.sql.exchange.reuse")) return plan;
    absl::flat_hash_map<std::string, PhysicalPtr> seen;
    // Pre-order: the first exchange of a kind is kept with everything below it, and a later
    // equal one is replaced whole (its own inner exchanges never need a look).
    return transformDown(plan, [&](const PhysicalPtr& node) -> PhysicalPtr {
      if (!node->is<ShuffleExchangeExec>() && !node->is<BroadcastExchangeExec>()) return node;
      std::string key = PlanCanonicalizer().textOf(node);
      auto [it, inserted] = seen.emplace(std::move(key), node);
      if (inserted) return node;
      return std::make_shared<ReusedExchangeExec>(node->output(), it->second);
    });
  }
};

}  // namespace

PhysicalRulePtr makeReuseExchange() { return std::make_shared<ReuseExchange>(); }

}  // namespace planck
