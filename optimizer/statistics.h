// Statistics of logical plans. Without spark.sql.cbo.enabled, size-only, after Spark's
// SizeInBytesOnlyStatsPlanVisitor: how many bytes each operator outputs, estimated from table
// sizes in the catalog and propagated up the plan without column statistics. With it, Spark's
// BasicStatsPlanVisitor: row counts and column statistics from ANALYZE TABLE, carried through
// filters (optimizer/estimation/filter_estimation.h), joins (join_estimation.h), aggregates,
// projections and limits, and sizes from rows times row width; an operator it cannot estimate
// falls back to size-only. The physical planner's JoinSelection decides broadcasts on these
// sizes (spark.sql.autoBroadcastJoinThreshold).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "absl/container/node_hash_map.h"
#include "common/config.h"
#include "logical/plan.h"
#include "optimizer/estimation/column_stat.h"

namespace planck {

class Catalog;

// An operator's estimated output. Sizes are doubles where Spark uses BigInt: a product of
// unknown sizes (spark.sql.defaultSizeInBytes = Long.MaxValue each) must not overflow, and
// comparisons with thresholds are all the planner needs of them.
struct PlanStatistics {
  PlanStatistics() = default;
  PlanStatistics(double size, std::optional<double> rows, AttributeStats stats = {})
      : size_in_bytes(size), row_count(rows), attribute_stats(std::move(stats)) {}

  double size_in_bytes = 0;
  std::optional<double> row_count;
  AttributeStats attribute_stats;  // with CBO: the output columns' statistics
  // Observed by adaptive execution (a LogicalQueryStage that has run), not estimated: the planner
  // then uses spark.sql.adaptive.autoBroadcastJoinThreshold (Spark's Statistics.isRuntime).
  bool is_runtime = false;
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
  // Spark's BasicStatsPlanVisitor (CBO), or nullopt to fall back to size-only.
  std::optional<PlanStatistics> estimate(const PlanPtr& plan);
  PlanStatistics scaledByRowWidth(const LogicalPlan& plan);
  PlanStatistics relationStatistics(const LogicalPlan& relation);

  const Catalog* catalog_;
  double default_size_;
  bool cbo_;
  // Node-based: statisticsOf's references stay valid while more nodes are added.
  absl::node_hash_map<const LogicalPlan*, PlanStatistics> cache_;
};

}  // namespace planck
