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

#include "catalog/catalog.h"
#include "common/config.h"
#include "explain/tree_string.h"
#include "physical/physical_plan.h"
#include "runtime/exec/executor.h"

namespace planck {

std::string explainAnalyzed(const PhysicalPtr& plan, const QueryResult& result,
                            const Catalog& catalog, const Config& config,
                            TreeStringOptions options);

}  // namespace planck
