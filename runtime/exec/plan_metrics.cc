#include "runtime/exec/plan_metrics.h"

#include <chrono>

namespace planck {
namespace {

class MeteredOperator;
// The metered operator whose next() runs on this thread: the caller of the one starting now.
thread_local MeteredOperator* running = nullptr;

class MeteredOperator final : public Operator {
 public:
  MeteredOperator(PlanMetrics& metrics, const PhysicalPlan* node, OperatorPtr inner)
      : metrics_(metrics), node_(node), inner_(std::move(inner)) {}
  ~MeteredOperator() override { metrics_.add(node_, counts_); }

  absl::StatusOr<std::optional<Batch>> next() override {
    MeteredOperator* caller = running;
    running = this;
    auto started = std::chrono::steady_clock::now();
    absl::StatusOr<std::optional<Batch>> batch = inner_->next();
    int64_t nanos = std::chrono::duration_cast<std::chrono::nanoseconds>(
                        std::chrono::steady_clock::now() - started)
                        .count();
    running = caller;
    counts_.nanos += nanos;
    if (caller != nullptr) caller->counts_.child_nanos += nanos;
    if (batch.ok() && batch->has_value()) {
      counts_.rows += static_cast<int64_t>((*batch)->rows);
      ++counts_.batches;
    }
    return batch;
  }

 private:
  PlanMetrics& metrics_;
  const PhysicalPlan* node_;
  OperatorPtr inner_;
  OperatorMetrics counts_;
};

}  // namespace

OperatorPtr PlanMetrics::meter(const PhysicalPlan* node, OperatorPtr op) {
  return std::make_unique<MeteredOperator>(*this, node, std::move(op));
}

void PlanMetrics::add(const PhysicalPlan* node, const OperatorMetrics& metrics) {
  std::lock_guard<std::mutex> lock(mutex_);
  nodes_[node].tasks.push_back(metrics);
}

MemoryBudget* PlanMetrics::budgetFor(const PhysicalPlan* node, MemoryBudget* query) {
  std::lock_guard<std::mutex> lock(mutex_);
  std::unique_ptr<MemoryBudget>& budget = budgets_[node];
  if (budget == nullptr) budget = std::make_unique<MemoryBudget>(0, query);
  return budget.get();
}

std::map<const PhysicalPlan*, NodeMetrics> PlanMetrics::collect() {
  std::lock_guard<std::mutex> lock(mutex_);
  std::map<const PhysicalPlan*, NodeMetrics> nodes = nodes_;
  for (const auto& [node, budget] : budgets_) nodes[node].peak_memory = budget->peak();
  return nodes;
}

}  // namespace planck
