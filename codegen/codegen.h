// Whole-stage code generation, from an executed plan to loaded code: the entry points the
// session uses.
//
//   CollapseCodegenStages (a preparation rule) puts WholeStageCodegenExec(id) over each maximal
//   chain of operators generated code can run, with InputAdapters where the chain reads another
//   operator, numbered in post-order from 1 as Spark numbers them;
//   generateStages writes each stage's C++ (stage_codegen.h) — what EXPLAIN CODEGEN shows;
//   compileStages packs the stages of a query into as many translation units as compilers run
//   at once, compiles those in parallel (compiler.h: cached on disk by the hash of source, flags
//   and compiler), loads them and resolves each stage's functions, into the CompiledStages the
//   executor runs. A stage whose code cannot be compiled (no compiler, a compile error) runs
//   interpreted, and the report says why — unless spark.sql.codegen.fallback is false, which
//   makes that an error.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "codegen/stage_codegen.h"
#include "common/config.h"
#include "physical/preparation.h"
#include "runtime/exec/compiled_stage.h"

namespace planck {

// The preparation rule (Spark's CollapseCodegenStages), on while spark.sql.codegen.wholeStage.
PhysicalRulePtr makeCollapseCodegenStages();
// The rule's rewrite with stage ids counted on from `last_stage_id` (updated to the last id
// given): adaptive execution collapses each query stage as it makes it, and the final plan, with
// ids that go on across them as Spark's do.
PhysicalPtr collapseCodegenStages(const PhysicalPtr& plan, const Config& config,
                                  int& last_stage_id);

// What happened to one stage of a query.
struct StageReport {
  int stage_id = 0;
  const PhysicalPlan* node = nullptr;  // the WholeStageCodegenExec
  bool compiled = false;               // runs generated code
  absl::Status fallback_reason;        // why it runs interpreted
  bool cache_hit = false;              // its translation unit loaded without compiling
  double compile_ms = 0;               // compiling (or loading) its translation unit
  // The translation unit it was compiled in, numbered from 1 within the query (the stages of a
  // unit share its compile_ms and cache_hit); 0 when none (found in memory, no source).
  int unit = 0;
  double generate_ms = 0;  // writing its source
  size_t source_lines = 0;
};

// A query's compiled stages and the report of each.
struct CompiledCode {
  std::shared_ptr<CompiledStages> stages = std::make_shared<CompiledStages>();
  std::vector<StageReport> reports;
  double wall_ms = 0;  // generating, compiling and loading all of them
};

// The stages of `plan` (the WholeStageCodegenExecs, subqueries' plans not included), in stage
// id order.
std::vector<PhysicalPtr> codegenStagesOf(const PhysicalPtr& plan);

// Generates the source of every stage of `plan`.
absl::StatusOr<std::vector<GeneratedStage>> generateStages(const PhysicalPtr& plan);

// Generates, compiles and loads every stage of `plan` with the settings in `config`
// (planck.codegen.compiler, planck.codegen.flags, planck.codegen.cacheDir,
// spark.sql.codegen.fallback).
absl::StatusOr<std::shared_ptr<const CompiledCode>> compileStages(const PhysicalPtr& plan,
                                                                  const Config& config);

// Items of `sizes` packed into at most `bins` bins of about equal total size, longest processing
// time first (R. L. Graham, "Bounds on multiprocessing timing anomalies", 1969): the biggest
// item goes to the bin that is smallest so far (the first of equals). Each bin lists its items'
// indices in order. Deterministic, so the same query packs its stages alike every time and
// finds its translation units in the on-disk cache.
std::vector<std::vector<size_t>> packBySize(const std::vector<size_t>& sizes, size_t bins);

// For tests: compileStages packs a query's stages into at most `units` translation units
// instead of compilerParallelism() (0: back to that), so that packing is the same on any
// machine. Set it while no query compiles.
void setCompileUnitsForTesting(int units);

// The number of lines of a source.
size_t lineCount(const std::string& text);

}  // namespace planck
