// Whole-stage code generation of one WholeStageCodegenExec: its operators fused into C++
// functions by produce/consume (T. Neumann, "Efficiently Compiling Efficient Query Plans for
// Modern Hardware", VLDB 2011; Spark's CodegenSupport.produce/consume).
//
// produce(op) writes the loop that drives op's rows; for each row it calls its parent's consume
// with the row's values in local variables, and the parent writes its work for that row inside
// the loop: a Filter an `if`, a Project new variables, a hash join's probe a loop over the
// matching build rows, a hash aggregate's update the find-or-insert into its table. A pipeline
// breaker (the aggregate) ends one pipeline (in `consume`, over the input batches) and starts
// the next (in `finish`, over its groups). The root's consume writes the row to the output.
//
// The functions a stage exports are described in runtime/codegen/planck_abi.h.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "physical/partitioning.h"
#include "physical/operators.h"
#include "physical/physical_plan.h"
#include "runtime/exec/compiled_stage.h"

namespace planck {

// The generated source of one stage and what the runtime needs to run it.
struct GeneratedStage {
  int stage_id = 0;
  std::string source;  // the C++ translation unit (it includes planck_abi.h)
  // planck_stage_<id>: the exported functions are <prefix>_init, _consume, _finish, _build_<j>.
  std::string symbol_prefix;
  PhysicalPtr input;                  // whose batches consume() reads
  std::vector<PhysicalPtr> build_sides;  // the build side of each _build_<j>
  std::vector<bool> build_per_task;      // built per task (a shuffled join), else once
  std::vector<const PhysicalPlan*> counted;  // ctx->counters
  std::vector<std::string> errors;           // fail(ctx, i): the message of error i
  std::vector<ExprPtr> fallbacks;            // evaluate(ctx, i, ...)
  std::vector<DataType> output_types;
  std::vector<CompiledStage::SortSpec> sorts;  // sort_buffer(i) and sort(i)
  bool writes_partition = false;  // CompiledStage::writes_partition
  int64_t top_rows = -1;          // CompiledStage::top_rows
};

// Where a stage's rows go when generated code does part of that too (its parent's work, outside
// the stage in the plan, as in Spark).
struct StageSink {
  // A hash exchange of more than one partition: the code computes each row's partition.
  const Partitioning* exchange = nullptr;
  // A TakeOrderedAndProject: the code keeps each task's first rows by its order, so the final
  // merge reads at most `limit` rows per task.
  const TakeOrderedAndProjectExec* take = nullptr;
};

// Generates the code of `stage` (a WholeStageCodegenExec) whose rows go to `sink`.
absl::StatusOr<GeneratedStage> generateStage(const PhysicalPtr& stage, StageSink sink = {});

// The sink of each stage of `plan` (by its WholeStageCodegenExec) whose parent generated code
// can help: a hash exchange of more than one partition, a TakeOrderedAndProject.
std::map<const PhysicalPlan*, StageSink> stageSinks(const PhysicalPtr& plan);

// Whether generated code can run `node` inside a stage (CollapseCodegenStages asks): the
// operator kind is one the generator fuses and all its expressions can be generated.
// `max_fields` is spark.sql.codegen.maxFields: more output or input columns than that stay
// interpreted.
bool supportsCodegen(const PhysicalPlan& node, int max_fields);

}  // namespace planck
