// Size-only statistics of logical plans, after Spark's SizeInBytesOnlyStatsPlanVisitor: how many
// bytes each operator outputs, estimated from table sizes in the catalog and propagated up the
// plan without column statistics. The physical planner's JoinSelection decides broadcasts on
// these sizes (spark.sql.autoBroadcastJoinThreshold). The cost-based estimator (row counts,
// histograms, selectivities) replaces this in the CBO issue.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "common/config.h"
#include "logical/plan.h"

namespace planck {

class Catalog;

// An operator's estimated output. Sizes are doubles where Spark uses BigInt: a product of
// unknown sizes (spark.sql.defaultSizeInBytes = Long.MaxValue each) must not overflow, and
// comparisons with thresholds are all the planner needs of them.
struct PlanStatistics {
  double size_in_bytes = 0;
  std::optional<double> row_count;
  // Spark's text: Statistics(sizeInBytes=8.0 EiB) or Statistics(sizeInBytes=1024.0 B, rowCount=4).
  std::string toString() const;
};

// `1.5 KiB`: a size as Spark prints it (Utils.bytesToString).
std::string bytesToString(double bytes);

// Spark's DataType.defaultSize: the bytes one value takes in estimates (int 4, string 20, ...).
int64_t defaultSizeOf(DataType type);
// Spark's EstimationUtils.getSizePerRow without column statistics: 8 bytes of row overhead plus
// each column's default size.
int64_t sizePerRow(const Attributes& output);

// Computes and caches the statistics of the nodes of plans (nodes are immutable, so a node's
// statistics never change). One per planning run: table sizes are read when first needed.
class SizeEstimator {
 public:
  SizeEstimator(const Catalog* catalog, const Config& config);

  const PlanStatistics& statisticsOf(const PlanPtr& plan);

 private:
  PlanStatistics compute(const PlanPtr& plan);
  PlanStatistics scaledByRowWidth(const LogicalPlan& plan);
  PlanStatistics relationStatistics(const LogicalPlan& relation);

  const Catalog* catalog_;
  double default_size_;
  absl::flat_hash_map<const LogicalPlan*, PlanStatistics> cache_;
};

}  // namespace planck
