// The physical planner (Spark's SparkPlanner / QueryPlanner): turns an optimized logical plan
// into a physical one by asking strategies, in order, for each operator. The first strategy that
// returns a plan wins; a strategy plans an operator's inputs by calling planLater, which runs
// the same search on them. Strategies come from Extensions (session/extensions.h): the ones a
// user injects first, then the built-in ones in Spark's order (physical/strategies/).
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "common/config.h"
#include "logical/plan.h"
#include "optimizer/statistics.h"
#include "physical/physical_plan.h"

namespace planck {

class Catalog;
class PlannerContext;

// Plans some logical operators (Spark's SparkStrategy).
class Strategy {
 public:
  virtual ~Strategy() = default;
  virtual std::string_view name() const = 0;
  // The physical plan for `plan`, or nullptr when this strategy does not plan such operators.
  // An error stops planning.
  virtual absl::StatusOr<PhysicalPtr> apply(const PlanPtr& plan, PlannerContext& ctx) const = 0;
};
using StrategyPtr = std::shared_ptr<const Strategy>;

// What a strategy consults while it runs.
class PlannerContext {
 public:
  PlannerContext(const std::vector<StrategyPtr>& strategies, const Config& config,
                 const Catalog* catalog, const PlanPtr& root)
      : strategies_(strategies), config_(config), sizes_(catalog, config), root_(root) {}

  // Plans `plan` (an input of the operator being planned) with every strategy.
  absl::StatusOr<PhysicalPtr> planLater(const PlanPtr& plan);

  const Config& config() const { return config_; }
  // Size estimates of logical plans (optimizer/statistics.h), cached for this planning run.
  const PlanStatistics& statisticsOf(const PlanPtr& plan) { return sizes_.statisticsOf(plan); }
  // Whether `plan` is the query's root (Spark's ReturnAnswer: SpecialLimits plans a limit there
  // as CollectLimit).
  bool isRoot(const PlanPtr& plan) const { return plan == root_; }

 private:
  const std::vector<StrategyPtr>& strategies_;
  const Config& config_;
  SizeEstimator sizes_;
  PlanPtr root_;
};

// Plans whole queries with a list of strategies.
class SparkPlanner {
 public:
  SparkPlanner(std::vector<StrategyPtr> strategies, const Config& config, const Catalog* catalog)
      : strategies_(std::move(strategies)), config_(config), catalog_(catalog) {}

  // The physical plan of an optimized logical plan, before preparation (Spark's sparkPlan).
  absl::StatusOr<PhysicalPtr> plan(const PlanPtr& optimized) const;

 private:
  std::vector<StrategyPtr> strategies_;
  const Config& config_;
  const Catalog* catalog_;
};

// The built-in strategies in Spark's order: FileSourceStrategy, SpecialLimits, Aggregation,
// Window, JoinSelection, BasicOperators.
std::vector<StrategyPtr> builtinStrategies();

}  // namespace planck
