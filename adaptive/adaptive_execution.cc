#include "adaptive/adaptive_execution.h"

#include <algorithm>
#include <chrono>
#include <set>
#include <mutex>

#include "adaptive/adaptive_rules.h"
#include "common/status.h"
#include "fmt/format.h"
#include "logical/operators.h"
#include "optimizer/rule_executor.h"
#include "optimizer/rules.h"
#include "optimizer/statistics.h"
#include "physical/canonical.h"
#include "physical/exchange_operators.h"
#include "physical/operators.h"

namespace planck {
namespace {

class SimpleCostEvaluator final : public CostEvaluator {
 public:
  std::string_view name() const override { return "SimpleCostEvaluator"; }
  double cost(const PhysicalPtr& plan) const override {
    return static_cast<double>(
        collectNodes(plan, [](const PhysicalPtr& node) { return node->is<ShuffleExchangeExec>(); })
            .size());
  }
};

bool isExchange(const PhysicalPlan& node) {
  return node.is<ShuffleExchangeExec>() || node.is<BroadcastExchangeExec>();
}

bool sameOutputIds(const Attributes& a, const Attributes& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i]->exprId() != b[i]->exprId()) return false;
  }
  return true;
}

// What a LogicalQueryStage over `physical` observed (Spark's LogicalQueryStage.computeStats and
// AQEPropagateEmptyRelation's row count): the stage's own figures when `physical` is the stage or
// a grouped aggregate right over it; at least one row for a global aggregate; otherwise those of
// the first stage below, as an approximation.
std::optional<ObservedStatistics> observedFor(const PhysicalPtr& physical) {
  const QueryStageExec* stage = asQueryStage(*physical);
  bool exact = stage != nullptr;
  bool global_aggregate = false;
  if (stage == nullptr) {
    if (const auto* aggregate = physical->as<HashAggregateExec>()) {
      if (const QueryStageExec* below = asQueryStage(*physical->child(0))) {
        stage = below;
        exact = !aggregate->grouping().empty();
        global_aggregate = !exact;
      }
    }
  }
  if (stage == nullptr) {
    PhysicalPtr first =
        findNode(physical, [](const PhysicalPtr& node) { return asQueryStage(*node) != nullptr; });
    if (first != nullptr) stage = asQueryStage(*first);
  }
  if (stage == nullptr || stage->result() == nullptr) return std::nullopt;
  ObservedStatistics observed;
  observed.rows = stage->result()->rows();
  observed.bytes = stage->result()->bytes();
  if (global_aggregate) observed.rows = std::max<int64_t>(1, observed.rows);
  observed.empty_is_exact = exact;
  return observed;
}

class AdaptiveExecutor {
 public:
  AdaptiveExecutor(const AdaptiveContext& context, PlanPtr logical, PhysicalPtr initial)
      : ctx_(context),
        config_(*context.config),
        logical_(std::move(logical)),
        current_(std::move(initial)),
        budget_(std::make_unique<MemoryBudget>(context.execution.memory_limit)) {
    run_.initial_plan = current_;
    run_.cost_evaluator = std::string(context.cost_evaluator->name());
  }

  ~AdaptiveExecutor() {
    // The rows of every stage go with the run; their statistics stay on the plan's stages.
    for (const auto& stage : stages_) {
      if (stage->result() != nullptr) stage->result()->release();
    }
  }

  absl::StatusOr<AdaptiveRun> run() {
    std::vector<const QueryStageExec*> unreplaced;  // stages not yet in the logical plan
    for (;;) {
      PLANCK_ASSIGN_OR_RETURN(Created created, createQueryStages(current_));
      current_ = created.plan;
      if (created.new_stages.empty()) break;
      PLANCK_RETURN_IF_ERROR(materializeAll(created.new_stages));
      for (const auto& [reuse, source] : pending_reuses_) reuse->setResult(source->result());
      pending_reuses_.clear();
      unreplaced.insert(unreplaced.end(), created.new_stages.begin(), created.new_stages.end());
      PLANCK_ASSIGN_OR_RETURN(bool adopted, replan(unreplaced, created.new_stages));
      if (adopted) unreplaced.clear();
      releaseFinishedStages();
    }
    PLANCK_ASSIGN_OR_RETURN(PhysicalPtr final_plan, optimizeQueryStage(current_, nullptr));
    run_.final_plan = final_plan;
    PLANCK_RETURN_IF_ERROR(compile(final_plan));
    ExecutionOptions options = optionsForRun();
    PLANCK_ASSIGN_OR_RETURN(QueryResult result, executePlan(final_plan, *ctx_.catalog, options));
    result.metrics.merge(metrics_);
    result.exchanges.insert(result.exchanges.begin(), exchanges_.begin(), exchanges_.end());
    result.peak_memory = budget_->peak();
    run_.result = std::move(result);
    return std::move(run_);
  }

 private:
  struct Created {
    PhysicalPtr plan;
    bool all_materialized = true;
    std::vector<const QueryStageExec*> new_stages;
  };

  // Spark's createQueryStages: a stage for every exchange whose inputs have all run.
  absl::StatusOr<Created> createQueryStages(const PhysicalPtr& plan) {
    if (const QueryStageExec* stage = asQueryStage(*plan)) {
      return Created{plan, stage->result() != nullptr, {}};
    }
    if (isExchange(*plan)) {
      PLANCK_ASSIGN_OR_RETURN(Created below, createQueryStages(plan->child(0)));
      PhysicalPtr exchange =
          below.plan == plan->child(0) ? plan : plan->withNewChildren({below.plan});
      if (!below.all_materialized) return Created{exchange, false, std::move(below.new_stages)};
      std::string key = PlanCanonicalizer().textOf(exchange);
      if (config_.getBool("spark.sql.exchange.reuse")) {
        auto cached = stage_cache_.find(key);
        if (cached != stage_cache_.end()) return reuseStage(exchange, *cached->second);
      }
      PLANCK_ASSIGN_OR_RETURN(PhysicalPtr stage, newQueryStage(exchange));
      stage_cache_[key] = asQueryStage(*stage);
      return Created{stage, false, {asQueryStage(*stage)}};
    }
    Created created{plan, true, {}};
    std::vector<PhysicalPtr> children;
    bool changed = false;
    for (const PhysicalPtr& child : plan->children()) {
      PLANCK_ASSIGN_OR_RETURN(Created below, createQueryStages(child));
      changed = changed || below.plan != child;
      children.push_back(below.plan);
      created.all_materialized = created.all_materialized && below.all_materialized;
      created.new_stages.insert(created.new_stages.end(), below.new_stages.begin(),
                                below.new_stages.end());
    }
    if (changed) created.plan = plan->withNewChildren(std::move(children));
    return created;
  }

  // An exchange equal to one that has a stage reads that stage's output: a new stage over a
  // ReusedExchange of it.
  Created reuseStage(const PhysicalPtr& exchange, const QueryStageExec& existing) {
    auto reused = std::make_shared<ReusedExchangeExec>(exchange->output(), existing.exchange());
    std::shared_ptr<const QueryStageExec> stage;
    if (exchange->is<BroadcastExchangeExec>()) {
      stage = std::make_shared<BroadcastQueryStageExec>(next_stage_id_++, reused);
    } else {
      stage = std::make_shared<ShuffleQueryStageExec>(next_stage_id_++, reused);
    }
    stage->setLogicalLink(linkOf(exchange));
    stages_.push_back(stage);
    run_.stages.push_back({stage->id(), stage->simpleString(), {}, true, existing.id()});
    if (existing.result() != nullptr) {
      stage->setResult(existing.result());
      return Created{stage, true, {}};
    }
    pending_reuses_.emplace_back(stage.get(), &existing);
    return Created{stage, false, {}};
  }

  // The logical node a stage computes: the exchange's, or that of the first node below with one
  // (Spark's setLogicalLinkForNewQueryStage).
  static PlanPtr linkOf(const PhysicalPtr& exchange) {
    PhysicalPtr linked = findNode(
        exchange, [](const PhysicalPtr& node) { return node->logicalLink() != nullptr; });
    return linked != nullptr ? linked->logicalLink() : nullptr;
  }

  // Spark's newQueryStage: the exchange's input through the query-stage optimizer rules, then
  // CollapseCodegenStages, compiled, as a stage.
  absl::StatusOr<PhysicalPtr> newQueryStage(const PhysicalPtr& exchange) {
    int id = next_stage_id_++;
    StageCreation creation{id, "", {}, false, -1};
    PLANCK_ASSIGN_OR_RETURN(PhysicalPtr input, optimizeQueryStage(exchange->child(0), &creation));
    PhysicalPtr optimized = input == exchange->child(0) ? exchange : exchange->withNewChildren({input});
    optimized = collapseCodegenStages(optimized, config_, last_codegen_id_);
    std::shared_ptr<const QueryStageExec> stage;
    if (exchange->is<BroadcastExchangeExec>()) {
      stage = std::make_shared<BroadcastQueryStageExec>(id, optimized);
    } else {
      stage = std::make_shared<ShuffleQueryStageExec>(id, optimized);
    }
    stage->setLogicalLink(linkOf(exchange));
    PLANCK_RETURN_IF_ERROR(compile(optimized));
    creation.stage = stage->simpleString();
    run_.stages.push_back(std::move(creation));
    stages_.push_back(stage);
    return PhysicalPtr(stage);
  }

  // The query-stage optimizer rules on a new stage's input or on the final plan; the final plan
  // (`creation` null) is also collapsed into codegen stages.
  absl::StatusOr<PhysicalPtr> optimizeQueryStage(const PhysicalPtr& plan, StageCreation* creation) {
    std::vector<std::string> fired;
    PLANCK_ASSIGN_OR_RETURN(
        PhysicalPtr optimized,
        prepareForExecution(plan, queryStageOptimizerRules(), config_,
                            [&](const PhysicalRuleApplication& step) { fired.push_back(step.rule); }));
    if (creation != nullptr) {
      creation->rules = std::move(fired);
      return optimized;
    }
    run_.final_rules = std::move(fired);
    return collapseCodegenStages(optimized, config_, last_codegen_id_);
  }

  std::vector<PhysicalRulePtr> queryStageOptimizerRules() const {
    std::vector<PhysicalRulePtr> rules = builtinQueryStageOptimizerRules();
    rules.insert(rules.end(), ctx_.query_stage_optimizer_rules.begin(),
                 ctx_.query_stage_optimizer_rules.end());
    return rules;
  }

  absl::Status compile(const PhysicalPtr& plan) {
    PLANCK_ASSIGN_OR_RETURN(std::shared_ptr<const CompiledCode> code, compileStages(plan, config_));
    compiled_->insert(code->stages->begin(), code->stages->end());
    run_.codegen_reports.insert(run_.codegen_reports.end(), code->reports.begin(),
                                code->reports.end());
    run_.codegen_ms += code->wall_ms;
    return absl::OkStatus();
  }

  ExecutionOptions optionsForRun() const {
    ExecutionOptions options = ctx_.execution;
    options.budget = budget_.get();
    options.compiled_stages = compiled_;
    return options;
  }

  // The new stages are independent (each reads only stages that have run). They run at once,
  // their tasks sharing the pool, when together they have no more tasks than the pool has
  // threads (small stages would leave threads idle one after another); otherwise one after
  // another: each one's tasks fill the pool already, and two big stages at once were measured
  // slower on 2 cores (TPC-H SF1 Q04 86 ms against 64, Q13 156 against 99: their sorts and
  // shuffles compete for the caches).
  absl::Status materializeAll(const std::vector<const QueryStageExec*>& stages) {
    int64_t tasks = 0;
    for (const QueryStageExec* stage : stages) {
      PLANCK_ASSIGN_OR_RETURN(int count, stageTaskCount(stage->plan(), *ctx_.catalog, ctx_.execution));
      tasks += count;
    }
    if (stages.size() > 1 && tasks <= static_cast<int64_t>(ctx_.execution.pool->threads())) {
      return ctx_.execution.pool->parallelFor(
          stages.size(), [&](size_t i) { return materialize(*stages[i]); },
          ctx_.execution.cancellation);
    }
    for (const QueryStageExec* stage : stages) PLANCK_RETURN_IF_ERROR(materialize(*stage));
    return absl::OkStatus();
  }

  absl::Status materialize(const QueryStageExec& stage) {
    PLANCK_ASSIGN_OR_RETURN(StageRun ran,
                            runQueryStage(stage.plan(), *ctx_.catalog, optionsForRun()));
    stage.setResult(std::move(ran.output));
    std::lock_guard<std::mutex> lock(mutex_);
    metrics_.merge(ran.metrics);
    exchanges_.push_back(std::move(ran.statistics));
    return absl::OkStatus();
  }

  // Drops the rows of the stages no stage still to run reads, as the executor drops an
  // exchange's output after its last reader: those the current plan does not read (a stage's
  // own inputs ran with it) and no exchange still to run could reuse. Their statistics stay.
  void releaseFinishedStages() {
    std::set<const StageOutput*> read;
    std::set<std::string> pending;
    // A query stage is a leaf: its own inputs ran with it.
    forEachNode(current_, [&](const PhysicalPtr& node) {
      if (const QueryStageExec* stage = asQueryStage(*node)) read.insert(stage->result().get());
      if (isExchange(*node)) pending.insert(PlanCanonicalizer().textOf(node));
    });
    for (const auto& [key, stage] : stage_cache_) {
      const StageOutput* output = stage->result().get();
      if (output != nullptr && !read.contains(output) && !pending.contains(key)) output->release();
    }
  }

  // Spark's replaceWithQueryStagesInLogicalPlan, reOptimize and the cost comparison. Returns
  // whether the new plan was adopted.
  absl::StatusOr<bool> replan(const std::vector<const QueryStageExec*>& unreplaced,
                              const std::vector<const QueryStageExec*>& triggers) {
    ReplanStep step;
    step.step = static_cast<int>(run_.timeline.size()) + 1;
    SizeEstimator estimator(ctx_.catalog, config_);
    PlanPtr logical = logical_;
    for (const QueryStageExec* stage : unreplaced) {
      const PlanPtr& link = stage->logicalLink();
      if (link == nullptr) continue;
      PhysicalPtr physical = findNode(current_, [&](const PhysicalPtr& node) {
        return node.get() == stage || node->logicalLink() == link;
      });
      if (physical == nullptr || !sameOutputIds(physical->output(), link->output())) continue;
      auto replacement = std::make_shared<LogicalQueryStage>(
          link, physical,
          asQueryStage(*physical) != nullptr ? physical->simpleString()
                                             : std::string(physical->nodeName()),
          observedFor(physical));
      // The logical node itself, or a LogicalQueryStage of it over a stage this one reads (a
      // broadcast of a shuffle stage computes the same rows).
      logical = transformDown(logical, [&](const PlanPtr& node) -> PlanPtr {
        const auto* earlier = node->as<LogicalQueryStage>();
        bool same = node == link || (earlier != nullptr && earlier->logical() == link);
        return same ? PlanPtr(replacement) : node;
      });
    }
    for (const QueryStageExec* stage : triggers) {
      StageObservation seen;
      seen.stage_id = stage->id();
      seen.stage = stage->simpleString();
      seen.exchange = stage->exchange()->simpleString();
      if (stage->logicalLink() != nullptr) {
        const PlanStatistics& estimate = estimator.statisticsOf(stage->logicalLink());
        seen.estimated_bytes = estimate.size_in_bytes;
        seen.estimated_rows = estimate.row_count;
      }
      seen.observed_rows = stage->result()->rows();
      seen.observed_bytes = stage->result()->bytes();
      seen.partitions = static_cast<int>(stage->result()->partition_bytes.size());
      for (int64_t rows : stage->result()->partition_rows) seen.non_empty_partitions += rows > 0;
      step.triggers.push_back(std::move(seen));
    }
    PLANCK_ASSIGN_OR_RETURN(Replanned replanned, reOptimize(logical));
    step.rules = std::move(replanned.rules);
    step.before = current_;
    step.after = replanned.physical;
    step.cost_before = ctx_.cost_evaluator->cost(current_);
    step.cost_after = ctx_.cost_evaluator->cost(replanned.physical);
    bool different = PlanCanonicalizer().textOf(current_) !=
                     PlanCanonicalizer().textOf(replanned.physical);
    step.adopted = step.cost_after < step.cost_before ||
                   (step.cost_after == step.cost_before && different);
    if (step.adopted) {
      current_ = replanned.physical;
      logical_ = replanned.logical;
    }
    run_.timeline.push_back(std::move(step));
    return run_.timeline.back().adopted;
  }

  struct Replanned {
    PhysicalPtr physical;
    PlanPtr logical;
    std::vector<std::string> rules;
  };

  // Spark's reOptimize: the re-optimizer's batches on the logical plan, then the planner and the
  // query-stage preparation rules.
  absl::StatusOr<Replanned> reOptimize(const PlanPtr& logical) {
    Replanned out;
    std::vector<std::string> excluded = config_.getList("spark.sql.adaptive.optimizer.excludedRules");
    std::vector<RuleBatch> batches = runtimeOptimizerBatches(ctx_.runtime_optimizer_rules);
    for (RuleBatch& batch : batches) {
      std::erase_if(batch.rules, [&](const RulePtr& rule) {
        return std::find(excluded.begin(), excluded.end(), rule->name()) != excluded.end();
      });
    }
    RuleExecutor optimizer(std::move(batches));
    RuleContext rule_context(config_, ctx_.catalog);
    ExecutionObserver observer;
    observer.on_effective_rule = [&](const RuleApplication& step) { out.rules.push_back(step.rule); };
    PLANCK_ASSIGN_OR_RETURN(out.logical, optimizer.execute(logical, rule_context, observer));
    SparkPlanner planner(ctx_.strategies, config_, ctx_.catalog);
    PLANCK_ASSIGN_OR_RETURN(PhysicalPtr planned, planner.plan(out.logical));
    PLANCK_ASSIGN_OR_RETURN(
        out.physical,
        prepareForExecution(planned, ctx_.preparation_rules, config_,
                            [&](const PhysicalRuleApplication& step) {
                              // The rules that re-plan every time are not news.
                              if (step.rule != "EnsureRequirements" &&
                                  step.rule != "RemoveRedundantProjects" &&
                                  step.rule != "RemoveRedundantSorts") {
                                out.rules.push_back(step.rule);
                              }
                            }));
    return out;
  }

  const AdaptiveContext& ctx_;
  const Config& config_;
  PlanPtr logical_;
  PhysicalPtr current_;
  std::unique_ptr<MemoryBudget> budget_;
  AdaptiveRun run_;
  int next_stage_id_ = 0;
  int last_codegen_id_ = 0;
  std::map<std::string, const QueryStageExec*> stage_cache_;
  std::vector<std::shared_ptr<const QueryStageExec>> stages_;
  std::vector<std::pair<const QueryStageExec*, const QueryStageExec*>> pending_reuses_;
  std::shared_ptr<CompiledStages> compiled_ = std::make_shared<CompiledStages>();
  std::mutex mutex_;  // guards metrics_ and exchanges_ while stages run at once
  std::map<const PhysicalPlan*, NodeMetrics> metrics_;
  std::vector<ExchangeStatistics> exchanges_;
};

}  // namespace

CostEvaluatorPtr makeSimpleCostEvaluator() { return std::make_shared<SimpleCostEvaluator>(); }

std::vector<PhysicalRulePtr> adaptivePreparationRules(
    const std::vector<PhysicalRulePtr>& session_rules) {
  std::vector<PhysicalRulePtr> rules;
  for (const PhysicalRulePtr& rule : session_rules) {
    if (rule->name() == "CollapseCodegenStages" || rule->name() == "ReuseExchange") continue;
    rules.push_back(rule);
    // After the built-in ones, before the injected ones (Spark's order).
    if (rule->name() == "RemoveRedundantSorts") rules.push_back(makeOptimizeSkewedJoin());
  }
  return rules;
}

std::vector<RuleBatch> runtimeOptimizerBatches(const std::vector<RulePtr>& injected) {
  return {
      {"Propagate Empty Relations", BatchStrategy::fixedPoint(), {makeAQEPropagateEmptyRelation()}},
      {"Dynamic Join Selection", BatchStrategy::once(), {makeDynamicJoinSelection()}},
      {"Eliminate Limits", BatchStrategy::fixedPoint(), {makeEliminateLimits()}},
      {"User Provided Runtime Optimizers", BatchStrategy::once(), injected},
  };
}

std::vector<PhysicalRulePtr> builtinQueryStageOptimizerRules() {
  return {makeCoalesceShufflePartitions(), makeOptimizeShuffleWithLocalRead()};
}

bool shouldApplyAdaptive(const PhysicalPtr& plan) {
  return existsNode(plan, [](const PhysicalPtr& node) { return isExchange(*node); });
}

absl::StatusOr<AdaptiveRun> runAdaptive(const PlanPtr& optimized, const PhysicalPtr& initial,
                                        const AdaptiveContext& context) {
  if (context.catalog == nullptr || context.config == nullptr || context.execution.pool == nullptr) {
    return absl::InvalidArgumentError("runAdaptive needs a catalog, a config and a thread pool");
  }
  AdaptiveExecutor executor(context, optimized, initial);
  return executor.run();
}

}  // namespace planck
