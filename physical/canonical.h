// The canonical text of a physical subtree (Spark's canonicalized plans): its operators' EXPLAIN
// lines with ids hidden, and its column ids replaced by the order in which they first appear, so
// two subtrees that compute the same rows from the same tables give the same text whatever ids
// their columns have. ReuseExchange compares exchanges by it; whole-stage codegen finds the code
// of a stage it compiled before by it.
#pragma once

#include <functional>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "physical/physical_plan.h"

namespace planck {

class PlanCanonicalizer {
 public:
  // `leaf`: operators whose subtree is left out (only their output columns count);
  // `with_types`: every column and expression adds its type (what generated code depends on).
  explicit PlanCanonicalizer(std::function<bool(const PhysicalPlan&)> leaf = {},
                             bool with_types = false)
      : leaf_(std::move(leaf)), with_types_(with_types) {}

  std::string textOf(const PhysicalPtr& plan);

 private:
  void appendId(ExprId id, std::string& text);

  std::function<bool(const PhysicalPlan&)> leaf_;
  bool with_types_;
  absl::flat_hash_map<ExprId, size_t> ordinals_;
};

}  // namespace planck
