#include "session/query_execution.h"

#include "analyzer/analyzer.h"
#include "common/errors.h"
#include "common/status.h"
#include "explain/codegen_explain.h"
#include "explain/physical_explain.h"
#include "explain/plan_dot.h"
#include "explain/plan_json.h"
#include "explain/tree_string.h"
#include "fmt/format.h"
#include "optimizer/optimizer.h"
#include "optimizer/statistics.h"
#include "physical/planner.h"
#include "physical/preparation.h"
#include "session/explain_analyze.h"
#include "session/plan_change_log.h"
#include "session/session.h"

namespace planck {

QueryExecution::QueryExecution(const Session& session, PlanPtr parsed,
                               std::chrono::nanoseconds parse_time)
    : session_(session), parsed_(std::move(parsed)) {
  times_.parsing = parse_time;
}

LogSink QueryExecution::sink() {
  return [this](std::string message) { messages_.push_back(std::move(message)); };
}

void QueryExecution::recordMetrics(const RuleMetrics& metrics) {
  addRuleMetrics(rule_metrics_, metrics);
  session_.addRuleMetrics(metrics);
}

const absl::StatusOr<PlanPtr>& QueryExecution::analyzed() {
  if (!analyzed_) {
    auto started = std::chrono::steady_clock::now();
    Analyzer analyzer(session_.catalog(), session_.config(), FunctionRegistry::builtin(),
                      session_.extensions().analyzer());
    RuleMetrics metrics;
    ExecutionObserver observer;
    observer.metrics = &metrics;
    observer.on_warning = [this](const std::string& warning) {
      logMessage(session_.config(), sink(), LogLevel::kWarn, "Analyzer", warning);
    };
    analyzed_ = analyzer.analyze(parsed_, {}, 0, observer);
    recordMetrics(metrics);
    times_.analysis = std::chrono::steady_clock::now() - started;
  }
  return *analyzed_;
}

const absl::StatusOr<PlanPtr>& QueryExecution::optimized() {
  if (!optimized_) {
    const absl::StatusOr<PlanPtr>& plan = analyzed();
    if (!plan.ok()) {
      optimized_ = plan.status();
    } else {
      auto started = std::chrono::steady_clock::now();
      const Config& config = session_.config();
      Optimizer optimizer(config, session_.extensions().optimizer(), &session_.catalog());
      for (const std::string& warning : optimizer.exclusionWarnings()) {
        logMessage(config, sink(), LogLevel::kWarn, "Optimizer", warning);
      }
      RuleMetrics metrics;
      ExecutionObserver observer;
      observer.metrics = &metrics;
      observer.on_warning = [this, &config](const std::string& warning) {
        logMessage(config, sink(), LogLevel::kWarn, "Optimizer", warning);
      };
      std::function<void()> end_log = attachPlanChangeLog(config, sink(), observer);
      optimized_ = optimizer.optimize(*plan, observer);
      if (end_log) end_log();
      recordMetrics(metrics);
      times_.optimization = std::chrono::steady_clock::now() - started;
    }
  }
  return *optimized_;
}

const absl::StatusOr<PhysicalPtr>& QueryExecution::sparkPlan() {
  if (!spark_plan_) {
    const absl::StatusOr<PlanPtr>& plan = optimized();
    if (!plan.ok()) {
      spark_plan_ = plan.status();
    } else {
      auto started = std::chrono::steady_clock::now();
      spark_plan_ = planPhysical(*plan);
      times_.planning += std::chrono::steady_clock::now() - started;
    }
  }
  return *spark_plan_;
}

const absl::StatusOr<PhysicalPtr>& QueryExecution::executedPlan() {
  if (!executed_plan_) {
    const absl::StatusOr<PhysicalPtr>& plan = sparkPlan();
    if (!plan.ok()) {
      executed_plan_ = plan.status();
    } else {
      auto started = std::chrono::steady_clock::now();
      executed_plan_ = prepare(*plan);
      times_.planning += std::chrono::steady_clock::now() - started;
    }
  }
  return *executed_plan_;
}

absl::StatusOr<PhysicalPtr> QueryExecution::planPhysical(const PlanPtr& optimized) const {
  SparkPlanner planner(session_.extensions().plannerStrategies(), session_.config(),
                       &session_.catalog());
  return planner.plan(optimized);
}

absl::StatusOr<PhysicalPtr> QueryExecution::prepare(const PhysicalPtr& planned) const {
  return prepareForExecution(planned, session_.extensions().preparationRules(), session_.config());
}

absl::StatusOr<PhysicalPtr> QueryExecution::planSubquery(const PlanPtr& optimized) const {
  PLANCK_ASSIGN_OR_RETURN(PhysicalPtr planned, planPhysical(optimized));
  return prepare(planned);
}

const absl::StatusOr<std::shared_ptr<const CompiledCode>>& QueryExecution::compiledCode() {
  if (!compiled_code_) {
    const absl::StatusOr<PhysicalPtr>& plan = executedPlan();
    if (!plan.ok()) {
      compiled_code_ = plan.status();
    } else {
      auto started = std::chrono::steady_clock::now();
      compiled_code_ = compileStages(*plan, session_.config());
      times_.codegen += std::chrono::steady_clock::now() - started;
    }
  }
  return *compiled_code_;
}

ExecutionOptions QueryExecution::executionOptions(const Cancellation* cancellation) {
  const Config& config = session_.config();
  ExecutionOptions options;
  options.pool = &sharedThreadPool(static_cast<size_t>(config.getInt("planck.executor.threads")));
  options.cancellation = cancellation != nullptr ? cancellation : cancellation_;
  options.memory_limit = config.getInt("planck.executor.memoryLimit");
  options.partial_aggregation.adaptive =
      config.getBool("spark.sql.execution.aggregate.adaptivePartialAggregation.enabled");
  options.partial_aggregation.sample_rows =
      config.getInt("spark.sql.execution.aggregate.adaptivePartialAggregation.sampleRows");
  options.partial_aggregation.max_group_ratio =
      config.getDouble("planck.executor.partialAggregation.maxGroupRatio");
  options.plan_subquery = [this](const PlanPtr& logical) { return planSubquery(logical); };
  return options;
}

bool QueryExecution::isAdaptive() {
  if (!session_.config().getBool("spark.sql.adaptive.enabled")) return false;
  const absl::StatusOr<PhysicalPtr>& plan = executedPlan();
  return plan.ok() && shouldApplyAdaptive(*plan);
}

const absl::StatusOr<PhysicalPtr>& QueryExecution::initialAdaptivePlan() {
  if (!initial_adaptive_plan_) {
    const absl::StatusOr<PhysicalPtr>& plan = sparkPlan();
    if (!plan.ok()) {
      initial_adaptive_plan_ = plan.status();
    } else {
      auto started = std::chrono::steady_clock::now();
      initial_adaptive_plan_ = prepareForExecution(
          *plan, adaptivePreparationRules(session_.extensions().preparationRules()),
          session_.config());
      times_.planning += std::chrono::steady_clock::now() - started;
    }
  }
  return *initial_adaptive_plan_;
}

absl::StatusOr<PhysicalPtr> QueryExecution::explainedPlan() {
  if (!isAdaptive()) return executedPlan();
  const absl::StatusOr<PhysicalPtr>& initial = initialAdaptivePlan();
  if (!initial.ok()) return initial.status();
  PhysicalPtr final_plan = adaptive_run_ != nullptr ? adaptive_run_->final_plan : nullptr;
  return PhysicalPtr(std::make_shared<AdaptiveSparkPlanExec>(*initial, final_plan));
}

absl::StatusOr<QueryResult> QueryExecution::executeAdaptively(const ExecutionOptions& options) {
  const absl::StatusOr<PhysicalPtr>& initial = initialAdaptivePlan();
  if (!initial.ok()) return initial.status();
  AdaptiveContext context;
  context.catalog = &session_.catalog();
  context.config = &session_.config();
  context.strategies = session_.extensions().plannerStrategies();
  context.preparation_rules = adaptivePreparationRules(session_.extensions().preparationRules());
  context.runtime_optimizer_rules = session_.extensions().runtimeOptimizerRules();
  context.query_stage_optimizer_rules = session_.extensions().queryStageOptimizerRules();
  context.execution = options;
  PLANCK_ASSIGN_OR_RETURN(AdaptiveRun run, runAdaptive(*optimized(), *initial, context));
  times_.codegen += std::chrono::duration_cast<std::chrono::nanoseconds>(
      std::chrono::duration<double, std::milli>(run.codegen_ms));
  QueryResult result = std::move(run.result);
  run.result = QueryResult();
  adaptive_run_ = std::make_shared<const AdaptiveRun>(std::move(run));
  return result;
}

const absl::StatusOr<QueryResult>& QueryExecution::executed(const Cancellation* cancellation) {
  if (!executed_) {
    const absl::StatusOr<PhysicalPtr>& plan = executedPlan();
    if (!plan.ok()) {
      executed_ = plan.status();
    } else if (isAdaptive()) {
      auto started = std::chrono::steady_clock::now();
      executed_ = executeAdaptively(executionOptions(cancellation));
      times_.execution += std::chrono::steady_clock::now() - started;
    } else if (const auto& code = compiledCode(); !code.ok()) {
      executed_ = code.status();
    } else {
      auto started = std::chrono::steady_clock::now();
      ExecutionOptions options = executionOptions(cancellation);
      options.compiled_stages = (*code)->stages;
      executed_ = executePlan(*plan, session_.catalog(), options);
      times_.execution += std::chrono::steady_clock::now() - started;
    }
  }
  return *executed_;
}

namespace {

// EXPLAIN VERBOSE's `== Optimizer Trace ==`: the optimizer run again, traced: how many rule runs
// changed the plan, and the plan after each one that did.
absl::StatusOr<std::string> optimizerTrace(const Session& session, const PlanPtr& analyzed,
                                           const TreeStringOptions& options) {
  std::string steps;
  RuleMetrics metrics;
  ExecutionObserver observer;
  observer.metrics = &metrics;
  // A rule's notes say what it decided and why (CostBasedJoinReorder: which algorithm ordered
  // each join block), also when it left the plan as it was.
  auto notes = [](const RuleApplication& step) {
    std::string text;
    for (const std::string& note : step.notes) text += "-- " + note + "\n";
    return text;
  };
  observer.on_effective_rule = [&](const RuleApplication& step) {
    std::string where = step.subquery.empty() ? "" : ", in " + step.subquery;
    steps += fmt::format("\n=== Applying Rule {} (batch {}, iteration {}{}) ===\n{}{}", step.rule,
                         step.batch, step.iteration, where, notes(step),
                         treeString(step.after, options));
  };
  observer.on_unchanged_with_notes = [&](const RuleApplication& step) {
    std::string where = step.subquery.empty() ? "" : ", in " + step.subquery;
    steps += fmt::format("\n=== Rule {} left the plan unchanged (batch {}, iteration {}{}) ===\n{}",
                         step.rule, step.batch, step.iteration, where, notes(step));
  };
  Optimizer optimizer(session.config(), session.extensions().optimizer(), &session.catalog());
  PLANCK_RETURN_IF_ERROR(optimizer.optimize(analyzed, observer).status());
  int64_t runs = 0, effective = 0;
  for (const auto& [rule, metric] : metrics) {
    runs += metric.runs;
    effective += metric.effective_runs;
  }
  return fmt::format("\n== Optimizer Trace ==\n{} of {} rule runs changed the plan.\n{}", effective,
                     runs, steps);
}

// EXPLAIN VERBOSE's `== Preparation Trace ==`: the preparation rules run again on the planner's
// plan, with the plan after each one that changed it.
absl::StatusOr<std::string> preparationTrace(const Session& session, const PhysicalPtr& planned,
                                             const TreeStringOptions& options) {
  std::string steps;
  int effective = 0;
  const auto& rules = session.extensions().preparationRules();
  PLANCK_RETURN_IF_ERROR(prepareForExecution(planned, rules, session.config(),
                                             [&](const PhysicalRuleApplication& step) {
                                               ++effective;
                                               steps += fmt::format(
                                                   "\n=== Applying Rule {} ===\n{}", step.rule,
                                                   physicalTreeString(step.after, options));
                                             })
                             .status());
  return fmt::format("\n== Preparation Trace ==\n{} of {} preparation rules changed the plan.\n{}",
                     effective, rules.size(), steps);
}

}  // namespace

absl::StatusOr<std::string> QueryExecution::explainString(ExplainMode mode, ExplainFormat format) {
  TreeStringOptions options{session_.config().getBool("planck.explain.normalizeIds")};
  const absl::StatusOr<PlanPtr>& plan = analyzed();
  switch (format) {
    case ExplainFormat::kJson: {
      // The physical plan; with COSTS, in PostgreSQL's shape for pev2 (explain/physical_explain.h).
      const absl::StatusOr<PhysicalPtr>& physical = executedPlan();
      if (!physical.ok()) return physical.status();
      if (mode == ExplainMode::kCost) return physicalPgJson(*physical, options);
      return physicalPlanJson(*physical, options);
    }
    case ExplainFormat::kDot: {
      // The optimized plan as a Graphviz graph (explain/plan_dot.h).
      const absl::StatusOr<PlanPtr>& optimized_plan = optimized();
      if (!optimized_plan.ok()) return optimized_plan.status();
      DotOptions dot_options;
      dot_options.normalize_ids = options.normalize_ids;
      return planDot(*optimized_plan, dot_options);
    }
    case ExplainFormat::kText:
      break;
  }
  if (!plan.ok()) return plan.status();
  switch (mode) {
    case ExplainMode::kSimple: {
      absl::StatusOr<PhysicalPtr> physical = explainedPlan();
      if (!physical.ok()) return physical.status();
      return "== Physical Plan ==\n" + physicalTreeString(*physical, options);
    }
    case ExplainMode::kFormatted: {
      absl::StatusOr<PhysicalPtr> physical = explainedPlan();
      if (!physical.ok()) return physical.status();
      return "== Physical Plan ==\n" + physicalFormatted(*physical, options);
    }
    case ExplainMode::kExtended:
    case ExplainMode::kVerbose: {
      std::string text = "== Parsed Logical Plan ==\n" + treeString(parsed_, options);
      text += "\n== Analyzed Logical Plan ==\n" + schemaString((*plan)->output()) + "\n" +
              treeString(*plan, options);
      if (mode == ExplainMode::kVerbose) {
        PLANCK_ASSIGN_OR_RETURN(std::string trace, optimizerTrace(session_, *plan, options));
        text += trace;
      }
      const absl::StatusOr<PlanPtr>& optimized_plan = optimized();
      if (!optimized_plan.ok()) return optimized_plan.status();
      text += "\n== Optimized Logical Plan ==\n" + treeString(*optimized_plan, options);
      if (mode == ExplainMode::kVerbose) {
        const absl::StatusOr<PhysicalPtr>& planned = sparkPlan();
        if (!planned.ok()) return planned.status();
        text += "\n== Spark Plan ==\n" + physicalTreeString(*planned, options);
        PLANCK_ASSIGN_OR_RETURN(std::string trace, preparationTrace(session_, *planned, options));
        text += trace;
      }
      absl::StatusOr<PhysicalPtr> physical = explainedPlan();
      if (!physical.ok()) return physical.status();
      text += "\n== Physical Plan ==\n" + physicalTreeString(*physical, options);
      return text;
    }
    case ExplainMode::kCodegen: {
      const absl::StatusOr<PhysicalPtr>& physical = executedPlan();
      if (!physical.ok()) return physical.status();
      return explainCodegen(*physical, options.normalize_ids);
    }
    case ExplainMode::kCost: {
      // Spark's EXPLAIN COST: the optimized plan with each operator's size estimate (the
      // size-only statistics; row counts and the cost model come with the CBO).
      const absl::StatusOr<PlanPtr>& optimized_plan = optimized();
      if (!optimized_plan.ok()) return optimized_plan.status();
      SizeEstimator sizes(&session_.catalog(), session_.config());
      TreeStringOptions with_statistics = options;
      with_statistics.annotate = [&sizes](const LogicalPlan& node) {
        return ", " + sizes.statisticsOf(node.self()).toString();
      };
      std::string text =
          "== Optimized Logical Plan ==\n" + treeString(*optimized_plan, with_statistics);
      absl::StatusOr<PhysicalPtr> physical = explainedPlan();
      if (!physical.ok()) return physical.status();
      return text + "\n== Physical Plan ==\n" + physicalTreeString(*physical, options);
    }
    case ExplainMode::kAnalyze: {
      // The query runs (once: a later executed() returns the same result).
      const absl::StatusOr<QueryResult>& result = executed(cancellation_);
      if (!result.ok()) return result.status();
      if (adaptive_run_ != nullptr) {
        CompiledCode code;
        code.reports = adaptive_run_->codegen_reports;
        PLANCK_ASSIGN_OR_RETURN(PhysicalPtr shown, explainedPlan());
        return explainAnalyzed(shown, *result, session_.catalog(), session_.config(), options,
                               &code);
      }
      return explainAnalyzed(*executedPlan(), *result, session_.catalog(), session_.config(),
                             options, compiledCode()->get());
    }
  }
  return notSupported("this EXPLAIN mode");
}

}  // namespace planck
