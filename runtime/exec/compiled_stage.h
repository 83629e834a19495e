// The host side of whole-stage code generation: what a compiled stage is to the executor, and
// the operator that runs one task of it (the generated functions of runtime/codegen/planck_abi.h
// over the task's input batches).
//
// codegen/ generates and compiles the code and fills a CompiledStage per WholeStageCodegenExec;
// the executor runs a WholeStageCodegenExec that has one through makeCompiledStageOperator, and
// one that has none (codegen off, or its code failed to compile) through the interpreted
// operators of its subtree. Both give the same rows.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "physical/physical_plan.h"
#include "runtime/codegen/planck_abi.h"
#include "runtime/exec/aggregate_operator.h"
#include "runtime/exec/operator.h"
#include "runtime/expression/compiled_expression.h"
#include "runtime/vector.h"

namespace planck {

// One stage's generated code, loaded, with everything its calls back refer to by number.
struct CompiledStage {
  using InitFn = int (*)(PlanckCtx*);
  using ConsumeFn = int (*)(PlanckCtx*, const PlanckBatch*);
  using FinishFn = int (*)(PlanckCtx*);
  using BuildFn = int (*)(PlanckCtx*, const PlanckBatch*, PlanckJoinTable*);

  // A hash join of the stage: its table is built by `build` over the rows of `side` and is
  // ctx->shared[i] for the i-th. A broadcast (`per_task` false: a broadcast exchange, or a
  // reuse of one) is built once per query; a shuffled join's side once per task, over the task's
  // partition of it.
  struct HashJoinBuild {
    PhysicalPtr side;
    BuildFn build = nullptr;
    bool per_task = false;
  };

  // A SortExec of the stage as a pipeline's sink (PlanckApi::sort_buffer and sort): the columns
  // its rows are buffered in, and which of them are its keys, in order.
  struct SortSpec {
    struct Key {
      size_t column;
      bool ascending;
      bool nulls_first;
    };
    std::vector<DataType> types;
    std::vector<Key> keys;
    int64_t limit = -1;  // >= 0: only the first `limit` rows (a top-k)
  };

  int stage_id = 0;
  std::shared_ptr<const void> module;  // keeps the code loaded while a task may run it
  InitFn init = nullptr;
  ConsumeFn consume = nullptr;
  FinishFn finish = nullptr;
  // The operator whose batches consume() reads: a scan, or the child of an InputAdapter.
  PhysicalPtr input;
  std::vector<HashJoinBuild> builds;
  // ctx->counters[i] counts the rows out of counted[i] (EXPLAIN ANALYZE).
  std::vector<const PhysicalPlan*> counted;
  // fail(ctx, i) reports errors[i]; evaluate(ctx, i, ...) evaluates fallbacks[i].
  std::vector<absl::Status> errors;
  std::vector<ExprPtr> fallbacks;
  // The types of the stage's output columns.
  std::vector<DataType> output_types;
  std::vector<SortSpec> sorts;  // the sort_buffer(i) and sort(i) of the code
  // The stage is the map side of a hash exchange and its last output column (INT, beyond the
  // stage's own) is each row's partition, computed by the code (runtime/exec/shuffle.h).
  bool writes_partition = false;
  // >= 0: the stage's parent is a TakeOrderedAndProject and each task's rows are its first
  // `top_rows` by its order, in order (what the interpreter's per-partition top-k would give).
  int64_t top_rows = -1;
};
using CompiledStagePtr = std::shared_ptr<const CompiledStage>;
// The compiled stages of a plan, by their WholeStageCodegenExec node.
using CompiledStages = std::map<const PhysicalPlan*, CompiledStagePtr>;

// A broadcast join's table as the generated build function made it, over rows it keeps alive.
class CompiledJoinTable {
 public:
  ~CompiledJoinTable();
  // Runs `build` over `rows` (a broadcast's one batch, or a task's partition of a side put in
  // one batch); memory counted on `budget`: the table's, and the rows' when `rows_are_new` (a
  // task's copy, not a broadcast the exchange already counts).
  static absl::StatusOr<std::shared_ptr<CompiledJoinTable>> make(const CompiledStage& stage,
                                                                 CompiledStage::BuildFn build,
                                                                 Batch rows, bool rows_are_new,
                                                                 MemoryBudget* budget);
  PlanckJoinTable* table() { return &table_; }

 private:
  CompiledJoinTable() = default;
  struct Memory;
  std::unique_ptr<Memory> memory_;
  Batch rows_;
  std::vector<PlanckColumn> columns_;
  std::vector<uint8_t> zeros_;
  PlanckBatch view_{};
  PlanckJoinTable table_{};
};

// One task of `stage`: reads `input` to its end through consume(), then finish(), and returns
// the rows the code wrote, a batch at a time. `tables` are the stage's built broadcast tables
// (ctx->shared). `on_done` gets the per-operator row counters when the task has finished.
// `partial` is what the generated partial aggregates adapt by (as the interpreted ones);
// `compile` runs the uncorrelated subqueries the code asks for (PlanckApi::evaluate), once per
// task.
absl::StatusOr<OperatorPtr> makeCompiledStageOperator(
    CompiledStagePtr stage, OperatorPtr input,
    std::vector<std::shared_ptr<CompiledJoinTable>> tables, MemoryBudget* budget,
    std::function<void(const std::vector<int64_t>&)> on_done, const Cancellation* cancellation,
    const PartialAggregationOptions& partial, const CompileOptions* compile);

}  // namespace planck
