// The executor: runs a physical plan on Spark's model. The plan is cut into stages at its
// exchanges; each stage runs one task per partition on the thread pool, and materializes its
// output in memory: a shuffle exchange as spark.sql.shuffle.partitions buckets (hash, range,
// single, round-robin), a broadcast exchange as one copy shared by every task that reads it (its
// hash table built once). The last stage's tasks produce the query's rows, in partition order.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "catalog/catalog.h"
#include "physical/adaptive_operators.h"
#include "physical/physical_plan.h"
#include "runtime/exec/aggregate_operator.h"
#include "runtime/exec/compiled_stage.h"
#include "runtime/exec/operator.h"
#include "runtime/exec/thread_pool.h"
#include "runtime/expression/compiled_expression.h"
#include "runtime/vector.h"

namespace planck {

// What an exchange materialized: rows and bytes per output partition (the statistics adaptive
// execution will re-plan from).
struct ExchangeStatistics {
  std::string exchange;  // the exchange's EXPLAIN line
  std::vector<int64_t> rows;
  std::vector<int64_t> bytes;
};

struct QueryResult {
  Attributes columns;  // names and types of the result
  std::vector<BatchPtr> batches;
  std::vector<ExchangeStatistics> exchanges;
  int64_t peak_memory = 0;  // bytes held by operators and exchanges at the peak
  // What each node of the plan did (EXPLAIN ANALYZE); the plan must outlive the keys' use.
  std::map<const PhysicalPlan*, NodeMetrics> metrics;

  int64_t rowCount() const;
  // Row `row` (over all batches) as Values: for tests and small results.
  std::vector<std::vector<Value>> rows() const;
};

class MemoryBudget;
class SubqueryPlans;

struct ExecutionOptions {
  ThreadPool* pool = nullptr;  // required
  const Cancellation* cancellation = nullptr;
  int64_t memory_limit = 0;  // planck.executor.memoryLimit; 0: none
  PartialAggregationOptions partial_aggregation;
  // Plans the logical plan of a subquery expression that stayed an expression into an executed
  // physical plan (the session's planner and preparation rules). Unset: such subqueries cannot
  // run.
  std::function<absl::StatusOr<PhysicalPtr>(const PlanPtr&)> plan_subquery;
  // The compiled code of the plan's WholeStageCodegenExecs (codegen/); a stage without an entry
  // runs its operators interpreted.
  std::shared_ptr<const CompiledStages> compiled_stages;

  // Set by the executor for the plans of subqueries it runs: the values bound to the outer
  // references (a correlated subquery, for one outer row), the enclosing query's memory budget
  // and its cache of planned subqueries.
  std::shared_ptr<const OuterValues> outer_values;
  MemoryBudget* budget = nullptr;
  std::shared_ptr<SubqueryPlans> subquery_plans;
};

// Runs `plan` (an executed plan: after the preparation rules) over the tables of `catalog`.
// The plan may read query stages adaptive execution has run (physical/adaptive_operators.h).
absl::StatusOr<QueryResult> executePlan(const PhysicalPtr& plan, const Catalog& catalog,
                                        const ExecutionOptions& options);

// A query stage of adaptive execution, run: the exchange's output (to set as the stage's result),
// its statistics, and what each operator of the stage did (EXPLAIN ANALYZE).
struct StageRun {
  std::shared_ptr<const StageOutput> output;
  ExchangeStatistics statistics;
  std::map<const PhysicalPlan*, NodeMetrics> metrics;
};

// Runs the map stage below `exchange` (a ShuffleExchange or BroadcastExchange whose inputs are
// query stages that have run, or tables) and keeps its output, counted on `options.budget`
// (required) until the output is released.
absl::StatusOr<StageRun> runQueryStage(const PhysicalPtr& exchange, const Catalog& catalog,
                                       const ExecutionOptions& options);

// How many tasks the map stage below `exchange` runs (one per partition of its input).
absl::StatusOr<int> stageTaskCount(const PhysicalPtr& exchange, const Catalog& catalog,
                                   const ExecutionOptions& options);

}  // namespace planck
