// QueryExecution: one query through planck's phases. Each phase is computed on first use and
// cached, errors included, as in Spark's QueryExecution.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "adaptive/adaptive_execution.h"
#include "codegen/codegen.h"
#include "logical/statement.h"
#include "optimizer/rule_executor.h"
#include "physical/physical_plan.h"
#include "runtime/exec/executor.h"

namespace planck {

class Session;

// Time spent in each phase, for the shell's .timer.
struct PhaseTimes {
  std::chrono::nanoseconds parsing{0};
  std::chrono::nanoseconds analysis{0};
  std::chrono::nanoseconds optimization{0};
  std::chrono::nanoseconds planning{0};  // physical planning and preparation
  std::chrono::nanoseconds codegen{0};   // generating, compiling and loading the stages' code
  std::chrono::nanoseconds execution{0};
};

class QueryExecution {
 public:
  // `parsed` is the parser's plan; `parse_time` how long parsing took.
  QueryExecution(const Session& session, PlanPtr parsed, std::chrono::nanoseconds parse_time = {});

  const PlanPtr& parsed() const { return parsed_; }
  // The resolved, checked plan (computed once).
  const absl::StatusOr<PlanPtr>& analyzed();
  // The analyzed plan after the optimizer's rules (computed once).
  const absl::StatusOr<PlanPtr>& optimized();

  // The physical plan the planner's strategies chose (Spark's sparkPlan; computed once).
  const absl::StatusOr<PhysicalPtr>& sparkPlan();
  // The physical plan after the preparation rules (exchanges, sorts, reuse): what runs
  // (Spark's executedPlan; computed once).
  const absl::StatusOr<PhysicalPtr>& executedPlan();

  // Whether the query runs adaptively (spark.sql.adaptive.enabled, and the executed plan has an
  // exchange to re-plan at).
  bool isAdaptive();
  // The plan adaptive execution starts from (Spark's initial plan): the planner's plan through
  // the query-stage preparation rules, without codegen stages or reused exchanges, which
  // adaptive execution makes per stage (computed once).
  const absl::StatusOr<PhysicalPtr>& initialAdaptivePlan();
  // The plan EXPLAIN prints: for an adaptive query `AdaptiveSparkPlan isFinalPlan=false` over the
  // initial plan, or, once it has run, `isFinalPlan=true` with the final and the initial plans;
  // otherwise the executed plan.
  absl::StatusOr<PhysicalPtr> explainedPlan();
  // The adaptive run of executed(): its final plan, the re-planning timeline and the stages' code;
  // null before the query has run or when it did not run adaptively.
  const AdaptiveRun* adaptiveRun() const { return adaptive_run_.get(); }

  // The executed plan's stages as generated code, compiled and loaded, with what happened to
  // each (computed once; empty when spark.sql.codegen.wholeStage is off). An adaptive query
  // compiles its stages as it makes them instead (adaptiveRun()).
  const absl::StatusOr<std::shared_ptr<const CompiledCode>>& compiledCode();

  // The query run: its rows, and what its exchanges moved (computed once). Ctrl-C in the shell
  // cancels it through `cancellation`, when given, or the one set with setCancellation.
  const absl::StatusOr<QueryResult>& executed(const Cancellation* cancellation = nullptr);
  // What stops this query's run when set (EXPLAIN ANALYZE and executed() without an argument).
  void setCancellation(const Cancellation* cancellation) { cancellation_ = cancellation; }

  // EXPLAIN output in `mode` and `format`; modes whose phase does not exist yet are errors
  // that say so.
  absl::StatusOr<std::string> explainString(ExplainMode mode, ExplainFormat format);

  const PhaseTimes& times() const { return times_; }
  // Per-rule counters of this query's analysis and optimization.
  const RuleMetrics& ruleMetrics() const { return rule_metrics_; }
  // The log messages of this query's phases that the session shows (planck.logLevel): warnings
  // of the rule executors, excluded rules that could not be excluded, the plan-change log.
  const std::vector<std::string>& messages() const { return messages_; }

 private:
  // Where this query's log messages go: messages_.
  std::function<void(std::string)> sink();
  // The session's planner strategies on an optimized plan, and its preparation rules on the
  // result: the two steps of sparkPlan() and executedPlan().
  absl::StatusOr<PhysicalPtr> planPhysical(const PlanPtr& optimized) const;
  absl::StatusOr<PhysicalPtr> prepare(const PhysicalPtr& planned) const;
  // A subquery expression's optimized plan, planned and prepared as the query's own plan was:
  // how the executor runs the subqueries that stay expressions (ExecutionOptions).
  absl::StatusOr<PhysicalPtr> planSubquery(const PlanPtr& optimized) const;
  // Adds one phase's metrics to this query's and to the session's.
  void recordMetrics(const RuleMetrics& metrics);
  // How the executed plan (or an adaptive query's stages) run: pool, limits, subqueries.
  ExecutionOptions executionOptions(const Cancellation* cancellation);
  absl::StatusOr<QueryResult> executeAdaptively(const ExecutionOptions& options);

  const Session& session_;
  PlanPtr parsed_;
  std::optional<absl::StatusOr<PlanPtr>> analyzed_;
  std::optional<absl::StatusOr<PlanPtr>> optimized_;
  std::optional<absl::StatusOr<PhysicalPtr>> spark_plan_;
  std::optional<absl::StatusOr<PhysicalPtr>> executed_plan_;
  std::optional<absl::StatusOr<std::shared_ptr<const CompiledCode>>> compiled_code_;
  std::optional<absl::StatusOr<QueryResult>> executed_;
  std::optional<absl::StatusOr<PhysicalPtr>> initial_adaptive_plan_;
  std::shared_ptr<const AdaptiveRun> adaptive_run_;
  PhaseTimes times_;
  RuleMetrics rule_metrics_;
  const Cancellation* cancellation_ = nullptr;
  std::vector<std::string> messages_;
};

}  // namespace planck
