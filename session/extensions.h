// Extensions: what a user adds to a session's query pipeline without forking planck, after
// Spark's SparkSessionExtensions (same method names). A session owns one; queries started after
// a change use it.
//
// The analyzer's and the optimizer's injection points exist now; the planner and adaptive
// execution add theirs (injectPlannerStrategy, ...) as those phases arrive. The built-in
// optimizer rules register through the same OptimizerBatches API (optimizer/optimizer.cc).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "analyzer/analyzer.h"
#include "optimizer/optimizer_batches.h"

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

  const AnalyzerExtensions& analyzer() const { return analyzer_; }
  // The optimizer injections, in the order they were made (see Optimizer).
  const std::vector<OptimizerInjection>& optimizer() const { return optimizer_; }

  static constexpr const char* kUserBatch = "User Provided Optimizers";

 private:
  AnalyzerExtensions analyzer_;
  std::vector<OptimizerInjection> optimizer_;
};

}  // namespace planck
