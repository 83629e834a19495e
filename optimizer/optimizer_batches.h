// OptimizerBatches: the optimizer's named batches in order, and the one way rules get into
// them. The built-in rules register through it (optimizer.cc), and so do a session's
// extensions (session/extensions.h), so an injected rule is in no way second-class.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "optimizer/rule_executor.h"

namespace planck {

class OptimizerBatches {
 public:
  // Appends a new batch at the end.
  absl::Status addBatch(std::string name, BatchStrategy strategy);
  // Inserts a new batch right before or after the batch named `anchor`.
  absl::Status addBatchBefore(std::string_view anchor, std::string name, BatchStrategy strategy);
  absl::Status addBatchAfter(std::string_view anchor, std::string name, BatchStrategy strategy);
  // Appends `rule` to the batch named `batch`.
  absl::Status addRule(std::string_view batch, RulePtr rule);

  bool hasBatch(std::string_view name) const;
  const std::vector<RuleBatch>& batches() const { return batches_; }

 private:
  absl::Status insertBatch(size_t position, std::string name, BatchStrategy strategy);
  // The index of the batch named `name`, or an error naming the batches there are.
  absl::StatusOr<size_t> find(std::string_view name) const;

  std::vector<RuleBatch> batches_;
};

// A change to the optimizer's batches, as a session's Extensions record them.
using OptimizerInjection = std::function<absl::Status(OptimizerBatches&)>;

}  // namespace planck
