// The one list of settings planck knows. Spark's keys and defaults where Spark has the
// setting, so what a user learns here carries over; planck's own keys start with `planck.`.
#include "common/config.h"

namespace planck {
namespace {

SettingDefinition setting(std::string key, SettingType type, std::string default_value,
                          std::string doc, std::vector<std::string> choices = {},
                          std::optional<int64_t> min_value = {},
                          std::optional<int64_t> max_value = {}) {
  return SettingDefinition{
      std::move(key), type,     std::move(default_value), std::move(doc), std::move(choices),
      min_value,      max_value};
}

}  // namespace

const std::vector<SettingDefinition>& allSettings() {
  static const std::vector<SettingDefinition> kSettings = {
      setting("spark.sql.shuffle.partitions", SettingType::kInteger, "200",
              "Number of partitions a shuffle exchange produces.", {}, 1),
      setting("spark.sql.autoBroadcastJoinThreshold", SettingType::kBytes, "10485760",
              "Largest estimated size of a join side that is broadcast; -1 disables broadcasting.",
              {}, -1),
      setting("spark.sql.join.preferSortMergeJoin", SettingType::kBoolean, "true",
              "Prefer sort-merge join over shuffled hash join."),
      setting("spark.sql.adaptive.enabled", SettingType::kBoolean, "true",
              "Adaptive query execution: re-plan between stages from runtime statistics."),
      setting("spark.sql.adaptive.autoBroadcastJoinThreshold", SettingType::kBytes, "10485760",
              "Largest observed size of a join side that adaptive execution broadcasts; -1 "
              "disables it. Unset: spark.sql.autoBroadcastJoinThreshold's value.",
              {}, -1),
      setting("spark.sql.adaptive.coalescePartitions.enabled", SettingType::kBoolean, "true",
              "Adaptive execution reads adjacent small shuffle partitions in one task "
              "(CoalesceShufflePartitions)."),
      setting("spark.sql.adaptive.coalescePartitions.parallelismFirst", SettingType::kBoolean,
              "true",
              "Coalesce to no fewer partitions than planck.executor.threads (ignoring the "
              "advisory size when that is bigger), only respecting the minimum partition size."),
      setting("spark.sql.adaptive.coalescePartitions.minPartitionSize", SettingType::kBytes,
              "1048576", "The smallest coalesced partition adaptive execution makes.", {}, 1),
      setting("planck.adaptive.coalescePartitions.maxPartitionSize", SettingType::kBytes,
              "2097152",
              "The largest partition CoalesceShufflePartitions makes, whatever Spark's settings "
              "allow: planck's shuffles stay in memory and a task costs microseconds, so small "
              "partitions keep each task's sort or hash table in the caches; -1: no cap (Spark).",
              {}, -1),
      setting("spark.sql.adaptive.advisoryPartitionSizeInBytes", SettingType::kBytes, "67108864",
              "The size adaptive execution aims at when it coalesces or splits shuffle "
              "partitions.",
              {}, 1),
      setting("spark.sql.adaptive.skewJoin.enabled", SettingType::kBoolean, "true",
              "Adaptive execution splits skewed partitions of sort-merge and shuffled hash joins "
              "(OptimizeSkewedJoin)."),
      setting("spark.sql.adaptive.skewJoin.skewedPartitionFactor", SettingType::kDouble, "5",
              "A partition is skewed when it is this many times the median partition size and "
              "above the threshold."),
      setting("spark.sql.adaptive.skewJoin.skewedPartitionThresholdInBytes", SettingType::kBytes,
              "268435456", "A partition is skewed only above this size (and the factor).", {}, 0),
      setting("spark.sql.adaptive.localShuffleReader.enabled", SettingType::kBoolean, "true",
              "Read a shuffle by map task where no exchange is needed any more "
              "(OptimizeShuffleWithLocalRead, after a join became a broadcast join)."),
      setting("spark.sql.adaptive.nonEmptyPartitionRatioForBroadcastJoin", SettingType::kDouble,
              "0.2",
              "A join side whose shuffle has fewer non-empty partitions than this ratio is not "
              "broadcast (DynamicJoinSelection)."),
      setting("spark.sql.adaptive.maxShuffledHashJoinLocalMapThreshold", SettingType::kBytes, "0",
              "A join side whose every shuffle partition is at most this size is built as a hash "
              "table (DynamicJoinSelection prefers a shuffled hash join); 0 disables it.",
              {}, 0),
      setting("spark.sql.adaptive.optimizer.excludedRules", SettingType::kStringList, "",
              "Comma-separated rules of adaptive execution's re-optimizer to skip."),
      setting("spark.sql.cbo.enabled", SettingType::kBoolean, "false",
              "Cost-based optimization from table and column statistics."),
      setting("spark.sql.cbo.joinReorder.enabled", SettingType::kBoolean, "false",
              "Cost-based join reordering (needs spark.sql.cbo.enabled)."),
      setting("spark.sql.cbo.joinReorder.dp.threshold", SettingType::kInteger, "12",
              "Join blocks of at most this many relations are ordered by exact DPhyp, whatever "
              "their shape.",
              {}, 1),
      setting("planck.cbo.joinReorder.connectedSubgraphBudget", SettingType::kInteger, "10000",
              "Larger join blocks are still ordered by exact DPhyp while they have at most this "
              "many connected subgraphs (Neumann & Radke's budget).",
              {}, 0),
      setting("planck.cbo.joinReorder.linearizedDpLimit", SettingType::kInteger, "100",
              "Join blocks beyond the exact limits are ordered by linearized DP up to this many "
              "relations, by GOO-DP beyond.",
              {}, 2),
      setting("planck.cbo.joinReorder.gooDpBlockSize", SettingType::kInteger, "100",
              "The largest subtree GOO-DP re-orders at once.", {}, 2),
      setting("spark.sql.optimizer.excludedRules", SettingType::kStringList, "",
              "Comma-separated optimizer rules to skip (non-excludable rules are kept)."),
      setting("spark.sql.optimizer.maxIterations", SettingType::kInteger, "100",
              "Iteration cap of fixed-point rule batches.", {}, 1),
      setting("spark.sql.planChangeLog.level", SettingType::kChoice, "trace",
              "Log level of plan changes made by rules.",
              {"trace", "debug", "info", "warn", "error"}),
      setting("spark.sql.planChangeLog.rules", SettingType::kStringList, "",
              "Only log plan changes of these rules (empty: all)."),
      setting("spark.sql.planChangeLog.batches", SettingType::kStringList, "",
              "Only log plan changes of these batches (empty: all)."),
      setting("planck.logLevel", SettingType::kChoice, "warn",
              "Lowest level of the log messages a session shows (spark-shell's console shows "
              "WARN and above).",
              {"trace", "debug", "info", "warn", "error"}),
      setting("spark.sql.planChangeValidation", SettingType::kBoolean, "false",
              "Check plan integrity after every effective rule in release builds."),
      setting("spark.sql.groupByOrdinal", SettingType::kBoolean, "true",
              "Integer literals in GROUP BY refer to select-list positions."),
      setting("spark.sql.orderByOrdinal", SettingType::kBoolean, "true",
              "Integer literals in ORDER BY refer to select-list positions."),
      setting("spark.sql.groupByAliases", SettingType::kBoolean, "true",
              "GROUP BY may refer to select-list aliases."),
      setting("spark.sql.codegen.wholeStage", SettingType::kBoolean, "true",
              "Fuse operator pipelines into generated code."),
      setting("spark.sql.codegen.fallback", SettingType::kBoolean, "true",
              "Run a stage interpreted when its generated code fails to compile."),
      setting("spark.sql.codegen.maxFields", SettingType::kInteger, "100",
              "Most columns an operator may read or produce and still be fused into generated "
              "code.",
              {}, 1),
      setting("planck.codegen.compiler", SettingType::kString, "",
              "C++ compiler for generated code; empty: $PLANCK_CXX, else c++ on PATH."),
      setting("planck.codegen.flags", SettingType::kString, "-O2",
              "Compiler flags for generated code (besides -std=c++20 -fPIC -shared)."),
      setting("planck.codegen.cacheDir", SettingType::kString, "",
              "Where compiled stages are cached; empty: $XDG_CACHE_HOME/planck (or "
              "~/.cache/planck)."),
      // Physical planning (issue 4).
      setting("spark.sql.defaultSizeInBytes", SettingType::kBytes, "9223372036854775807",
              "Estimated size of a table without statistics (so it is never broadcast).", {}, 0),
      setting("spark.sql.execution.topKSortFallbackThreshold", SettingType::kInteger, "2147483632",
              "Largest LIMIT over ORDER BY planned as TakeOrderedAndProject (a top-k sort).", {},
              0),
      setting("spark.sql.exchange.reuse", SettingType::kBoolean, "true",
              "Plan identical exchanges once (ReusedExchange)."),
      setting("spark.sql.files.maxPartitionBytes", SettingType::kBytes, "134217728",
              "Largest amount of table data in one scan partition.", {}, 1),
      // The runtime (issue 4).
      setting("planck.executor.threads", SettingType::kInteger, "0",
              "Threads that run tasks; 0 means one per hardware core.", {}, 0),
      setting("planck.executor.memoryLimit", SettingType::kBytes, "0",
              "Memory a query may hold in operators before it fails with an error; 0 means no "
              "limit.",
              {}, 0),
      setting("spark.sql.execution.aggregate.adaptivePartialAggregation.enabled",
              SettingType::kBoolean, "true",
              "A partial aggregation whose keys turn out nearly unique stops grouping and passes "
              "its rows to the shuffle (Spark 4.3)."),
      setting("spark.sql.execution.aggregate.adaptivePartialAggregation.sampleRows",
              SettingType::kInteger, "10000",
              "Input rows a partial aggregation groups before it decides whether to go on.", {}, 1),
      setting("planck.executor.partialAggregation.maxGroupRatio", SettingType::kDouble, "0.5",
              "Groups per input row above which a partial aggregation passes its further rows "
              "through (adaptive partial aggregation)."),
      setting("spark.sql.statistics.histogram.enabled", SettingType::kBoolean, "false",
              "Build equi-height histograms in ANALYZE ... FOR COLUMNS."),
      setting("spark.sql.statistics.histogram.numBins", SettingType::kInteger, "254",
              "Number of histogram bins.", {}, 2),
      setting("planck.stats.autoAnalyze", SettingType::kBoolean, "true",
              "Compute table and column statistics (ANALYZE TABLE ... FOR ALL COLUMNS) after "
              "COPY and CALL dbgen."),
      // The upper bound keeps the recursive parser and tree walks within an 8 MB stack: a
      // release build handled 5,000 nested parentheses there and crashed at 10,000
      // (tests/unit/robustness_test.cc runs deep statements at this bound).
      setting("planck.parser.maxNestingDepth", SettingType::kInteger, "1000",
              "Deepest nesting of parentheses, subqueries and expressions a statement may have (8 "
              "to 2000).",
              {}, 8, 2000),
      setting("planck.explain.normalizeIds", SettingType::kBoolean, "false",
              "Print attribute ids as #x in EXPLAIN, for stable output."),
  };
  return kSettings;
}

}  // namespace planck
