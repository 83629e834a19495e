// Extensions: what a user adds to a session's query pipeline without forking planck, after
// Spark's SparkSessionExtensions (same method names). A session owns one; queries started after
// a change use it.
//
// The analyzer's, the optimizer's, the physical planner's and adaptive execution's injection
// points. The built-in optimizer rules register through
// the same OptimizerBatches API (optimizer/optimizer.cc), and the built-in planner strategies and
// preparation rules through the lists below, which a new Extensions starts with.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "analyzer/analyzer.h"
#include "codegen/codegen.h"
#include "optimizer/optimizer_batches.h"
#include "physical/planner.h"
#include "physical/preparation.h"

namespace planck {

class Extensions {
 public:
  using CheckRule = AnalyzerExtensions::CheckRule;

  // A rule run in the analyzer's Resolution batch (to a fixed point), after the built-in rules.
  void injectResolutionRule(RulePtr rule) { analyzer_.resolution_rules.push_back(std::move(rule)); }
  // A rule run once after the Resolution batch, on the resolved plan.
  void injectPostHocResolutionRule(RulePtr rule) {
    analyzer_.post_hoc_resolution_rules.push_back(std::move(rule));
  }
  // A check of the analyzed plan, after the built-in CheckAnalysis; an error fails the query.
  void injectCheckRule(CheckRule check) { analyzer_.check_rules.push_back(std::move(check)); }

  // A rule for the "User Provided Optimizers" batch (to a fixed point), which runs after the
  // built-in batches; Spark's injectOptimizerRule / extraOptimizations.
  void injectOptimizerRule(RulePtr rule) {
    optimizer_.push_back([rule = std::move(rule)](OptimizerBatches& batches) {
      if (!batches.hasBatch(kUserBatch)) {
        absl::Status added = batches.addBatch(kUserBatch, BatchStrategy::fixedPoint());
        if (!added.ok()) return added;
      }
      return batches.addRule(kUserBatch, rule);
    });
  }
  // A rule appended to the optimizer batch named `batch` (an error when there is none).
  void injectOptimizerRule(std::string batch, RulePtr rule) {
    optimizer_.push_back([batch = std::move(batch), rule = std::move(rule)](
                             OptimizerBatches& batches) { return batches.addRule(batch, rule); });
  }
  // A new optimizer batch with `rules`, right before (or after) the batch named `anchor`.
  enum class Position { kBefore, kAfter };
  void injectOptimizerBatch(std::string name, BatchStrategy strategy, std::vector<RulePtr> rules,
                            Position position, std::string anchor) {
    optimizer_.push_back([=](OptimizerBatches& batches) {
      absl::Status added = position == Position::kBefore
                               ? batches.addBatchBefore(anchor, name, strategy)
                               : batches.addBatchAfter(anchor, name, strategy);
      for (const RulePtr& rule : rules) {
        if (!added.ok()) break;
        added = batches.addRule(name, rule);
      }
      return added;
    });
  }

  // A planner strategy tried before the built-in ones (Spark's injectPlannerStrategy: extra
  // strategies come first), after the strategies injected before it.
  void injectPlannerStrategy(StrategyPtr strategy) {
    strategies_.insert(strategies_.begin() + static_cast<std::ptrdiff_t>(injected_strategies_++),
                       std::move(strategy));
  }
  // A physical rule run once after the built-in preparation rules (EnsureRequirements, ...),
  // on the plan about to run, and on every plan adaptive execution re-plans (Spark's
  // injectQueryStagePrepRule).
  void injectPreparationRule(PhysicalRulePtr rule) { preparation_.push_back(std::move(rule)); }
  // A logical rule of adaptive execution's re-optimizer, run once per re-planning after the
  // built-in ones (AQEPropagateEmptyRelation, ...) on the plan with the stages that have run as
  // LogicalQueryStages (Spark's injectRuntimeOptimizerRule).
  void injectRuntimeOptimizerRule(RulePtr rule) { runtime_optimizer_.push_back(std::move(rule)); }
  // A physical rule applied to each new query stage's plan and to the final plan, after the
  // built-in ones (CoalesceShufflePartitions, ...) (Spark's injectQueryStageOptimizerRule).
  void injectQueryStageOptimizerRule(PhysicalRulePtr rule) {
    query_stage_optimizer_.push_back(std::move(rule));
  }

  const AnalyzerExtensions& analyzer() const { return analyzer_; }
  // The planner's strategies in the order they are tried: injected, then built-in.
  const std::vector<StrategyPtr>& plannerStrategies() const { return strategies_; }
  // The preparation rules in the order they run: built-in, then injected.
  const std::vector<PhysicalRulePtr>& preparationRules() const { return preparation_; }
  // The optimizer injections, in the order they were made (see Optimizer).
  const std::vector<OptimizerInjection>& optimizer() const { return optimizer_; }
  // Adaptive execution's injected rules, in the order they were injected.
  const std::vector<RulePtr>& runtimeOptimizerRules() const { return runtime_optimizer_; }
  const std::vector<PhysicalRulePtr>& queryStageOptimizerRules() const {
    return query_stage_optimizer_;
  }

  static constexpr const char* kUserBatch = "User Provided Optimizers";

 private:
  AnalyzerExtensions analyzer_;
  std::vector<OptimizerInjection> optimizer_;
  std::vector<StrategyPtr> strategies_ = builtinStrategies();
  size_t injected_strategies_ = 0;
  std::vector<PhysicalRulePtr> preparation_ =
      builtinPreparationRules(makeCollapseCodegenStages());
  std::vector<RulePtr> runtime_optimizer_;
  std::vector<PhysicalRulePtr> query_stage_optimizer_;
};

}  // namespace planck
