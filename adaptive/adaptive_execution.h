// Adaptive query execution (Spark's AdaptiveSparkPlanExec.getFinalPhysicalPlan): runs a physical
// plan stage by stage and re-plans what has not run from what has.
//
//   1. Query stages are made bottom-up at the exchanges whose inputs have all run (or are
//      tables): each exchange's plan goes through the query-stage optimizer rules
//      (CoalesceShufflePartitions, ...) and CollapseCodegenStages, its code is compiled, and it
//      becomes a ShuffleQueryStage or BroadcastQueryStage. An exchange equal to one that already
//      has a stage reuses that stage (spark.sql.exchange.reuse).
//   2. The new stages run (their map stages, on the thread pool), and their outputs are kept.
//   3. In the logical plan, each part a finished stage computes becomes a LogicalQueryStage with
//      the observed rows and bytes; the re-optimizer's rules run on it (AQEPropagateEmptyRelation,
//      ...); the planner plans it again (a broadcast join where a side turned out small); the
//      preparation rules (EnsureRequirements, OptimizeSkewedJoin, ...) prepare it. The new plan is
//      adopted when the cost evaluator finds it cheaper (Spark's counts shuffles), or as cheap and
//      different.
//   4. Repeat until no exchange is left to run; then the query-stage optimizer rules and
//      CollapseCodegenStages prepare the final stage, which runs and returns the rows.
//
// Each re-planning is recorded (AdaptiveRun::timeline): which stages' statistics triggered it,
// what was estimated and observed, which rules fired, and the plans before and after.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "catalog/catalog.h"
#include "codegen/codegen.h"
#include "common/config.h"
#include "optimizer/rule.h"
#include "optimizer/rule_executor.h"
#include "physical/adaptive_operators.h"
#include "physical/planner.h"
#include "physical/preparation.h"
#include "runtime/exec/executor.h"

namespace planck {

// The cost of a physical plan, to choose between the current plan and a re-planned one (Spark's
// CostEvaluator). Swappable: AdaptiveContext::cost_evaluator.
class CostEvaluator {
 public:
  virtual ~CostEvaluator() = default;
  virtual std::string_view name() const = 0;
  virtual double cost(const PhysicalPtr& plan) const = 0;
};
using CostEvaluatorPtr = std::shared_ptr<const CostEvaluator>;

// Spark's SimpleCostEvaluator: the number of shuffle exchanges still to run (query stages that
// have run cost nothing).
CostEvaluatorPtr makeSimpleCostEvaluator();

// What adaptive execution needs of the session.
struct AdaptiveContext {
  const Catalog* catalog = nullptr;
  const Config* config = nullptr;
  // The planner's strategies (injected, then built-in).
  std::vector<StrategyPtr> strategies;
  // Spark's queryStagePreparationRules: the session's preparation rules without the ones that
  // adaptive execution applies per stage (CollapseCodegenStages) or replaces (ReuseExchange: the
  // stage cache), then OptimizeSkewedJoin, then the injected query-stage preparation rules.
  std::vector<PhysicalRulePtr> preparation_rules;
  // Injected rules of the re-optimizer (Spark's injectRuntimeOptimizerRule), run in its batch
  // "User Provided Runtime Optimizers" after the built-in ones (runtimeOptimizerBatches).
  std::vector<RulePtr> runtime_optimizer_rules;
  // Injected query-stage optimizer rules (Spark's injectQueryStageOptimizerRule), applied after
  // the built-in ones (builtinQueryStageOptimizerRules) to each new stage's plan and the final
  // one.
  std::vector<PhysicalRulePtr> query_stage_optimizer_rules;
  CostEvaluatorPtr cost_evaluator = makeSimpleCostEvaluator();
  // How each stage and the final plan run: pool, cancellation, memory limit, subqueries. The
  // budget and compiled stages are set per stage.
  ExecutionOptions execution;
};

// The built-in rule lists of an AdaptiveContext, from the session's preparation rules.
std::vector<PhysicalRulePtr> adaptivePreparationRules(
    const std::vector<PhysicalRulePtr>& session_rules);
// The re-optimizer's batches (Spark's AQEOptimizer): Propagate Empty Relations
// (AQEPropagateEmptyRelation), Dynamic Join Selection, Eliminate Limits, then the `injected`
// rules in "User Provided Runtime Optimizers".
std::vector<RuleBatch> runtimeOptimizerBatches(const std::vector<RulePtr>& injected);
std::vector<PhysicalRulePtr> builtinQueryStageOptimizerRules();

// A stage's estimate and what it observed.
struct StageObservation {
  int stage_id = 0;
  std::string stage;             // `ShuffleQueryStage 2`
  std::string exchange;          // the exchange's EXPLAIN line
  double estimated_bytes = -1;   // the estimate of the logical plan it computes; -1: none
  std::optional<double> estimated_rows;
  int64_t observed_rows = 0;
  int64_t observed_bytes = 0;
  int partitions = 0;
  int non_empty_partitions = 0;
};

// One step of the re-planning timeline.
struct ReplanStep {
  int step = 0;  // from 1
  std::vector<StageObservation> triggers;  // the stages that had just run
  std::vector<std::string> rules;          // the rules that changed the plan, in order
  PhysicalPtr before;                      // the plan before re-planning
  PhysicalPtr after;                       // the re-planned plan (adopted or not)
  double cost_before = 0;
  double cost_after = 0;
  bool adopted = false;
};

// A query stage made: which rules changed its plan (CoalesceShufflePartitions, ...).
struct StageCreation {
  int stage_id = 0;
  std::string stage;
  std::vector<std::string> rules;
  bool reused = false;  // an equal exchange's stage was reused
  int reused_stage_id = -1;  // which stage it reuses
};

struct AdaptiveRun {
  QueryResult result;
  PhysicalPtr initial_plan;
  PhysicalPtr final_plan;
  std::vector<ReplanStep> timeline;
  std::vector<StageCreation> stages;
  // The query-stage optimizer rules that changed the final plan (its last stage).
  std::vector<std::string> final_rules;
  std::string cost_evaluator;  // the CostEvaluator's name
  // The code of every stage, compiled as it was made, and of the final plan.
  std::vector<StageReport> codegen_reports;
  double codegen_ms = 0;
};

// Runs `initial` (the physical plan after adaptivePreparationRules) adaptively; `optimized` is
// the logical plan it was planned from.
absl::StatusOr<AdaptiveRun> runAdaptive(const PlanPtr& optimized, const PhysicalPtr& initial,
                                        const AdaptiveContext& context);

// Whether adaptive execution applies to `plan` (Spark's InsertAdaptiveSparkPlan): it has an
// exchange to re-plan at.
bool shouldApplyAdaptive(const PhysicalPtr& plan);

}  // namespace planck
