#include "physical/adaptive_operators.h"

#include <numeric>

#include "fmt/format.h"
#include "physical/exchange_operators.h"

namespace planck {

int64_t StageOutput::rows() const {
  return std::accumulate(partition_rows.begin(), partition_rows.end(), int64_t{0});
}

int64_t StageOutput::bytes() const {
  return std::accumulate(partition_bytes.begin(), partition_bytes.end(), int64_t{0});
}

const PhysicalPtr& QueryStageExec::exchange() const {
  if (const auto* reused = plan_->as<ReusedExchangeExec>()) return reused->exchange();
  return plan_;
}

std::vector<NodeParam> QueryStageExec::params() const {
  return {{"Arguments", static_cast<int64_t>(id_)}};
}

std::string QueryStageExec::simpleString() const {
  return fmt::format("{} {}", nodeName(), id_);
}

bool ShufflePartitionSpec::equals(const ShufflePartitionSpec& other) const {
  return kind == other.kind && start_reducer == other.start_reducer &&
         end_reducer == other.end_reducer && start_map == other.start_map &&
         end_map == other.end_map;
}

bool AQEShuffleReadExec::isCoalescedRead() const {
  for (const ShufflePartitionSpec& spec : specs_) {
    if (spec.kind != ShufflePartitionSpec::Kind::kCoalesced) return false;
  }
  return true;
}

bool AQEShuffleReadExec::hasCoalescedPartition() const {
  for (const ShufflePartitionSpec& spec : specs_) {
    if (spec.kind == ShufflePartitionSpec::Kind::kCoalesced &&
        (spec.end_reducer - spec.start_reducer > 1 || spec.end_reducer == spec.start_reducer)) {
      return true;
    }
  }
  return false;
}

bool AQEShuffleReadExec::hasSkewedPartition() const {
  for (const ShufflePartitionSpec& spec : specs_) {
    if (spec.kind == ShufflePartitionSpec::Kind::kPartialReducer) return true;
  }
  return false;
}

bool AQEShuffleReadExec::isLocalRead() const {
  if (specs_.empty()) return false;
  for (const ShufflePartitionSpec& spec : specs_) {
    if (spec.kind != ShufflePartitionSpec::Kind::kPartialMapper) return false;
  }
  return true;
}

Partitioning AQEShuffleReadExec::outputPartitioning() const {
  int n = static_cast<int>(specs_.size());
  if (!isCoalescedRead()) return Partitioning::unknown(n);
  // Coalescing keeps the distribution; only the number of partitions changes (Spark).
  Partitioning partitioning = child(0)->outputPartitioning();
  switch (partitioning.kind) {
    case Partitioning::Kind::kHash:
    case Partitioning::Kind::kRange:
      partitioning.num_partitions = n;
      return partitioning;
    case Partitioning::Kind::kSingle:
      return partitioning;
    default:
      return Partitioning::unknown(n);
  }
}

std::vector<NodeParam> AQEShuffleReadExec::params() const {
  return {{"Arguments", simpleString().substr(nodeName().size() + 1)}};
}

std::string AQEShuffleReadExec::simpleString() const {
  std::string_view what = isLocalRead()                                  ? "local"
                          : hasCoalescedPartition() && hasSkewedPartition() ? "coalesced and skewed"
                          : hasCoalescedPartition()                         ? "coalesced"
                          : hasSkewedPartition()                            ? "skewed"
                                                                            : "";
  return fmt::format("AQEShuffleRead {}", what);
}

std::vector<PhysicalPtr> AdaptiveSparkPlanExec::innerChildren() const {
  if (final_ == nullptr) return {initial_};
  return {final_, initial_};
}

std::vector<NodeParam> AdaptiveSparkPlanExec::params() const {
  return {{"Arguments", fmt::format("isFinalPlan={}", isFinalPlan())}};
}

std::string AdaptiveSparkPlanExec::simpleString() const {
  return fmt::format("AdaptiveSparkPlan isFinalPlan={}", isFinalPlan());
}

}  // namespace planck
