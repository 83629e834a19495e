// Optimizer: Catalyst's rule-based optimizer, a RuleExecutor over the batches in optimizer.cc.
// Takes an analyzed plan and returns an equivalent one.
#pragma once

#include "absl/status/statusor.h"
#include "common/config.h"
#include "optimizer/rule_executor.h"

namespace planck {

class Optimizer {
 public:
  // Plan changes are validated (optimizer/plan_integrity.h) after every effective rule in
  // builds with assertions, and in release builds with spark.sql.planChangeValidation.
  explicit Optimizer(const Config& config);

  absl::StatusOr<PlanPtr> optimize(const PlanPtr& analyzed,
                                   const ExecutionObserver& observer = {}) const;

  const RuleExecutor& executor() const { return executor_; }

 private:
  const Config& config_;
  RuleExecutor executor_;
};

}  // namespace planck
