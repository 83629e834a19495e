// The built-in planner strategies, one per file in this folder (Spark's SparkStrategies).
#pragma once

#include "physical/planner.h"

namespace planck {

// Scans of catalog tables, with the filter right above a scan shown as its pushed filters.
StrategyPtr makeFileSourceStrategy();
// LIMIT at the root (CollectLimit) and ORDER BY ... LIMIT n (TakeOrderedAndProject).
StrategyPtr makeSpecialLimits();
// Aggregates as partial and final hash aggregations (physical/agg_utils.h).
StrategyPtr makeAggregation();
// Window operators.
StrategyPtr makeWindowStrategy();
// Joins: broadcast hash, shuffled hash, sort-merge, cartesian or broadcast nested loop.
StrategyPtr makeJoinSelection();
// Every other operator, one physical operator each.
StrategyPtr makeBasicOperators();

}  // namespace planck
