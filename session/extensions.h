// Extensions: what a user adds to a session's query pipeline without forking planck, after
// Spark's SparkSessionExtensions (same method names). A session owns one; queries started after
// a change use it.
//
// The analyzer's injection points exist now; the optimizer, planner and adaptive execution add
// theirs (injectOptimizerRule, injectPlannerStrategy, ...) as those phases arrive.
#pragma once

#include <utility>

#include "analyzer/analyzer.h"

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

  const AnalyzerExtensions& analyzer() const { return analyzer_; }

 private:
  AnalyzerExtensions analyzer_;
};

}  // namespace planck
