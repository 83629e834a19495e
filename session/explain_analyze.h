// EXPLAIN ANALYZE: the physical plan after it ran, each operator with what it did next to what
// the planner estimated:
//
//   HashAggregate(keys=[...], functions=[...])  [rows=4 · est. 96.0 B · 1.9 ms (self 0.4 ms) · 3
//   tasks, rows 1/1/2 · peak 16.0 KiB]
//
// rows: the rows it returned over all tasks; est.: the size estimate of the logical operator it
// was planned from (size-only statistics, as Spark's without CBO); time: in its operators,
// summed over tasks, with the part not spent in its children's; tasks: with the smallest,
// median and largest row count per task when they differ (skew shows there); peak: the most
// memory its tasks held at once. Exchanges report the rows they moved and the time to partition
// them.
#pragma once

#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "codegen/codegen.h"
#include "common/config.h"
#include "explain/tree_string.h"
#include "optimizer/statistics.h"
#include "physical/physical_plan.h"
#include "runtime/exec/executor.h"

namespace planck {

// The q-error of an estimate (Moerkotte, Neumann and Steidl, "Preventing Bad Plans by Bounding
// the Impact of Cardinality Estimation Errors", VLDB 2009): the factor between estimated and
// actual rows, either way, each taken as at least 1.
double qError(double estimated, double actual);

// One operator that ran, with the rows its logical plan was estimated to return.
struct RowEstimate {
  const PhysicalPlan* node;
  double estimated;
  int64_t actual;
};

// The operators of `plan` that ran and have a row estimate (spark.sql.cbo.enabled), in pre-order:
// what EXPLAIN ANALYZE's q-errors and bench/tpch/cbo_report's distribution are computed from.
// Partial aggregates are left out: their rows are each task's groups so far, not their logical
// operator's.
std::vector<RowEstimate> rowEstimates(const PhysicalPtr& plan, const QueryResult& result,
                                      SizeEstimator& sizes);

// The rows that came out of the join operators of a run: its intermediate results, what the
// join order decides (C_out measured; bench/tpch/cbo_report and the TPC-H tests compare it).
int64_t joinOutputRows(const QueryResult& result);

// The plan with each operator's annotation, then, when `code` is given, one line per codegen
// stage: compiled (with the compile time and whether the cache had it) or run interpreted and
// why, and the stage's time and rows.
std::string explainAnalyzed(const PhysicalPtr& plan, const QueryResult& result,
                            const Catalog& catalog, const Config& config,
                            TreeStringOptions options, const CompiledCode* code = nullptr);

}  // namespace planck
