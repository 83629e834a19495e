#include "optimizer/optimizer_batches.h"

#include "absl/status/statusor.h"
#include "common/strings.h"
#include "fmt/format.h"

namespace planck {

bool OptimizerBatches::hasBatch(std::string_view name) const { return find(name).ok(); }

absl::StatusOr<size_t> OptimizerBatches::find(std::string_view name) const {
  std::vector<std::string> names;
  for (size_t i = 0; i < batches_.size(); ++i) {
    if (batches_[i].name == name) return i;
    names.push_back(batches_[i].name);
  }
  return absl::InvalidArgumentError(fmt::format(
      "there is no optimizer batch named '{}'; the batches are: {}", name, join(names, ", ")));
}

absl::Status OptimizerBatches::insertBatch(size_t position, std::string name,
                                           BatchStrategy strategy) {
  if (hasBatch(name)) {
    return absl::InvalidArgumentError(
        fmt::format("the optimizer already has a batch named '{}'", name));
  }
  batches_.insert(batches_.begin() + static_cast<std::ptrdiff_t>(position),
                  RuleBatch{std::move(name), strategy, {}});
  return absl::OkStatus();
}

absl::Status OptimizerBatches::addBatch(std::string name, BatchStrategy strategy) {
  return insertBatch(batches_.size(), std::move(name), strategy);
}

absl::Status OptimizerBatches::addBatchBefore(std::string_view anchor, std::string name,
                                              BatchStrategy strategy) {
  absl::StatusOr<size_t> at = find(anchor);
  if (!at.ok()) return at.status();
  return insertBatch(*at, std::move(name), strategy);
}

absl::Status OptimizerBatches::addBatchAfter(std::string_view anchor, std::string name,
                                             BatchStrategy strategy) {
  absl::StatusOr<size_t> at = find(anchor);
  if (!at.ok()) return at.status();
  return insertBatch(*at + 1, std::move(name), strategy);
}

absl::Status OptimizerBatches::addRule(std::string_view batch, RulePtr rule) {
  absl::StatusOr<size_t> at = find(batch);
  if (!at.ok()) return at.status();
  batches_[*at].rules.push_back(std::move(rule));
  return absl::OkStatus();
}

}  // namespace planck
