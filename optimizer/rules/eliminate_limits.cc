// EliminateLimits (Spark's rule of the same name, with CombineLimits folded in as in Spark
// 3.x; operator-optimization batches): a limit that cannot cut anything is removed, and
// nested limits become one with the least count.
//
//   GlobalLimit 10                 Aggregate [], [count(1) AS c]
//   +- LocalLimit 10        =>     +- ...
//      +- Aggregate [], [count(1) AS c]       (a global aggregate has one row)
//
//   GlobalLimit 5                  GlobalLimit 3
//   +- LocalLimit 5                +- LocalLimit 3
//      +- GlobalLimit 3     =>        +- child
//         +- LocalLimit 3
//            +- child
//
// Safe: a GlobalLimit over an input known to have at most that many rows (maxRows), or a
// LocalLimit over an input with at most that many rows per partition, returns its input
// unchanged; LIMIT a over LIMIT b is LIMIT min(a, b). Only integer literal counts are read.
#include <algorithm>

#include "logical/operators.h"
#include "optimizer/rules.h"
#include "optimizer/rules/max_rows.h"

namespace planck {
namespace {

// The count of the two literal counts that is smaller (the outer one on a tie), or nullptr.
ExprPtr leastCount(const ExprPtr& outer, const ExprPtr& inner) {
  std::optional<int64_t> a = limitValue(outer);
  std::optional<int64_t> b = limitValue(inner);
  if (!a || !b) return nullptr;
  return *b < *a ? inner : outer;
}

// GlobalLimit n over LocalLimit n, Spark's Limit(n): sets the count and returns the input below
// both, or nullptr.
PlanPtr limitInput(const PlanPtr& node, ExprPtr& count) {
  const auto* global = node->as<GlobalLimit>();
  if (global == nullptr) return nullptr;
  const auto* local = node->child(0)->as<LocalLimit>();
  if (local == nullptr || !exprEquals(global->count(), local->count())) return nullptr;
  count = global->count();
  return local->child(0);
}

PlanPtr eliminate(const PlanPtr& node) {
  if (const auto* global = node->as<GlobalLimit>()) {
    std::optional<int64_t> limit = limitValue(global->count());
    std::optional<int64_t> rows = maxRows(node->child(0));
    if (limit && rows && *rows <= *limit) return node->child(0);
    ExprPtr outer_count;
    ExprPtr inner_count;
    PlanPtr outer_input = limitInput(node, outer_count);
    PlanPtr input = outer_input ? limitInput(outer_input, inner_count) : nullptr;
    if (input != nullptr) {
      if (ExprPtr count = leastCount(outer_count, inner_count)) {
        return std::make_shared<GlobalLimit>(count, std::make_shared<LocalLimit>(count, input));
      }
    }
    if (const auto* inner = node->child(0)->as<GlobalLimit>()) {
      if (ExprPtr count = leastCount(global->count(), inner->count())) {
        return std::make_shared<GlobalLimit>(count, inner->child(0));
      }
    }
    return node;
  }
  if (const auto* local = node->as<LocalLimit>()) {
    std::optional<int64_t> limit = limitValue(local->count());
    std::optional<int64_t> rows = maxRowsPerPartition(node->child(0));
    if (limit && rows && *rows <= *limit) return node->child(0);
    if (const auto* inner = node->child(0)->as<LocalLimit>()) {
      if (ExprPtr count = leastCount(local->count(), inner->count())) {
        return std::make_shared<LocalLimit>(count, inner->child(0));
      }
    }
  }
  return node;
}

class EliminateLimits final : public Rule {
 public:
  std::string_view name() const override { return "EliminateLimits"; }
  PlanPtr apply(const PlanPtr& plan, RuleContext&) const override {
    return transformDown(plan, [](const PlanPtr& node) {
      // To a fixed point at each node: removing a GlobalLimit can leave a LocalLimit to remove.
      PlanPtr current = node;
      for (PlanPtr next = eliminate(current); next != current; next = eliminate(current)) {
        current = next;
      }
      return current;
    });
  }
};

}  // namespace

RulePtr makeEliminateLimits() { return std::make_shared<EliminateLimits>(); }

}  // namespace planck
