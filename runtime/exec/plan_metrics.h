// PlanMetrics: what each plan node's operators did in one query run (EXPLAIN ANALYZE). Every
// operator a task builds is wrapped in a meter that counts the rows and batches it returns and
// the time spent in its next(), separating the time of the metered operators it calls (its
// children) through a thread-local chain; at the end of the task the counts join the node's.
// Each node also gets a memory budget of its own that forwards to the query's, for its peak.
#pragma once

#include <map>
#include <memory>
#include <mutex>

#include "physical/physical_plan.h"
#include "runtime/exec/operator.h"

namespace planck {

class PlanMetrics {
 public:
  // `op` (an operator of `node`) metered.
  OperatorPtr meter(const PhysicalPlan* node, OperatorPtr op);
  // Rows and time of work done for `node` outside an operator (an exchange's partitioning).
  void add(const PhysicalPlan* node, const OperatorMetrics& metrics);
  // The memory budget of `node`'s operators, which counts against `query`.
  MemoryBudget* budgetFor(const PhysicalPlan* node, MemoryBudget* query);
  // The metrics of every node that did something, with the nodes' peak memory.
  std::map<const PhysicalPlan*, NodeMetrics> collect();

 private:
  std::mutex mutex_;
  std::map<const PhysicalPlan*, NodeMetrics> nodes_;
  std::map<const PhysicalPlan*, std::unique_ptr<MemoryBudget>> budgets_;
};

}  // namespace planck
