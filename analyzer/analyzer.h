// Analyzer: turns the parser's unresolved plan into a resolved, type-checked plan. It is a
// RuleExecutor over the batches in analyzer.cc, followed by CheckAnalysis, which turns
// whatever is still unresolved or invalid into a clear error with a source position.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "catalog/catalog.h"
#include "catalog/function_registry.h"
#include "common/config.h"
#include "optimizer/rule_executor.h"

namespace planck {

class Analyzer;

// What analyzer rules see besides the plan: the analyzer itself (views, CTEs and subqueries
// are analyzed recursively) and the columns of enclosing queries for correlated subqueries.
class AnalysisContext : public RuleContext {
 public:
  AnalysisContext(const Analyzer& analyzer, const Config& config, const Catalog& catalog,
                  std::vector<Attributes> outer_scopes, int depth);

  const Analyzer& analyzer() const { return analyzer_; }
  const FunctionRegistry& functions() const;
  // Columns of enclosing queries, innermost last.
  const std::vector<Attributes>& outerScopes() const { return outer_scopes_; }
  // Nesting of recursive analyses (views, CTEs, subqueries); bounded to stop view cycles.
  int depth() const { return depth_; }

  // Downcast for analyzer rules, which only ever run under the Analyzer.
  static AnalysisContext& of(RuleContext& ctx) { return static_cast<AnalysisContext&>(ctx); }

 private:
  const Analyzer& analyzer_;
  std::vector<Attributes> outer_scopes_;
  int depth_;
};

// What a session adds to its analyzer (see session/extensions.h, Spark's
// SparkSessionExtensions): rules appended to the Resolution batch, rules run once after it, and
// checks run on the analyzed plan after CheckAnalysis.
struct AnalyzerExtensions {
  using CheckRule = std::function<absl::Status(const PlanPtr&)>;
  std::vector<RulePtr> resolution_rules;
  std::vector<RulePtr> post_hoc_resolution_rules;
  std::vector<CheckRule> check_rules;
};

class Analyzer {
 public:
  static constexpr int kMaxDepth = 64;

  Analyzer(const Catalog& catalog, const Config& config,
           const FunctionRegistry& functions = FunctionRegistry::builtin(),
           const AnalyzerExtensions& extensions = {});

  // Resolves and checks `plan`. `outer_scopes` are the columns a correlated subquery may
  // refer to; `depth` counts enclosing analyses.
  absl::StatusOr<PlanPtr> analyze(const PlanPtr& plan, std::vector<Attributes> outer_scopes = {},
                                  int depth = 0, const ExecutionObserver& observer = {}) const;

  const RuleExecutor& executor() const { return executor_; }
  const Catalog& catalog() const { return catalog_; }
  const Config& config() const { return config_; }
  const FunctionRegistry& functions() const { return functions_; }

 private:
  const Catalog& catalog_;
  const Config& config_;
  const FunctionRegistry& functions_;
  std::vector<AnalyzerExtensions::CheckRule> check_rules_;
  RuleExecutor executor_;
};

// Checks a plan the rules are done with: reports the first unresolved name, invalid
// aggregate, non-boolean condition, ... with its position. OK when the plan is valid.
absl::Status checkAnalysis(const PlanPtr& plan, const std::vector<Attributes>& outer_scopes);

}  // namespace planck
