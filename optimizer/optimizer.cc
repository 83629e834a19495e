// The optimizer's batches: the one place that says which rules run, in which order and how
// often. Each ordering constraint is written beside the registration that depends on it.
#include "optimizer/optimizer.h"

#include <algorithm>
#include <functional>
#include <stdexcept>

#include "common/status.h"
#include "fmt/format.h"
#include "optimizer/plan_integrity.h"
#include "optimizer/rules.h"

namespace planck {
namespace {

// The rules of Spark's operatorOptimizationRuleSet that planck has, in Spark's order. They run
// twice: before and after InferFiltersFromConstraints, whose new filters they push down.
void addOperatorOptimizationRules(OptimizerBatches& batches, std::string_view batch,
                                  const std::function<void(absl::Status)>& must) {
  [[maybe_unused]] auto add = [&](RulePtr rule) { must(batches.addRule(batch, std::move(rule))); };
  // Joins first: ReorderJoin turns comma joins + WHERE into joins with conditions, so that
  // the pushdown after it sees join conditions, and EliminateOuterJoin makes inner joins that
  // predicates may then enter from both sides.
  add(makeReorderJoin());
  add(makeEliminateOuterJoin());
  add(makePushDownPredicates());
  add(makePushPredicateThroughJoin());
  add(makePushDownLeftSemiAntiJoin());
  add(makeLimitPushDown());
  add(makeColumnPruning());
  add(makeCollapseProject());
  add(makeEliminateLimits());
  add(makeCombineUnions());
  // Expression simplification; NullPropagation before ConstantFolding so a NULL operand folds
  // the whole expression, the propagations before folding so their literals fold at once.
  add(makeNullPropagation());
  add(makeConstantPropagation());
  add(makeFoldablePropagation());
  add(makeOptimizeIn());
  add(makeConstantFolding());
  add(makeLikeSimplification());
  add(makeBooleanSimplification());
  add(makeSimplifyConditionals());
  // PruneFilters after the simplifications that make conditions TRUE or FALSE.
  add(makePruneFilters());
  add(makeSimplifyCasts());
  add(makeCombineFilters());
  add(makeRewriteCorrelatedScalarSubquery());
  add(makeRemoveRedundantAliases());
  add(makeRemoveNoopOperators());
}

// The built-in batches and rules, in order (Spark's Optimizer.defaultBatches, for the rules
// planck has).
void registerBuiltinRules(OptimizerBatches& batches) {
  std::function<void(absl::Status)> must = [](absl::Status status) {
    if (!status.ok()) throw std::logic_error(std::string(toStd(status.message())));
  };
  auto add = [&](std::string_view batch, RulePtr rule) {
    must(batches.addRule(batch, std::move(rule)));
  };
  // First, as in Spark: the later batches see through aliases of derived tables.
  must(batches.addBatch("Finish Analysis", BatchStrategy::once()));
  add("Finish Analysis", makeEliminateSubqueryAliases());
  // CTEs become plain subtrees before anything else, so every rule sees through them.
  must(batches.addBatch("Inline CTE", BatchStrategy::once()));
  add("Inline CTE", makeInlineCTE());
  // Unions flattened early, so the set-operation rewrites below see n-ary unions.
  must(batches.addBatch("Union", BatchStrategy::once()));
  add("Union", makeCombineUnions());
  must(batches.addBatch("LocalRelation early", BatchStrategy::fixedPoint()));
  add("LocalRelation early", makePropagateEmptyRelation());
  // Before OptimizeSubqueries: correlated predicates move to the top of each subquery plan,
  // where the rewrite into joins (RewritePredicateSubquery, later) finds them, and out of the
  // way of the subquery's own optimization.
  must(batches.addBatch("Pullup Correlated Expressions", BatchStrategy::once()));
  add("Pullup Correlated Expressions", makePullupCorrelatedPredicates());
  // Subquery plans get the whole optimizer. Once, as in Spark: running the optimizer inside
  // a fixed point would optimize each subquery again on every iteration.
  must(batches.addBatch("Subquery", BatchStrategy::once()));
  add("Subquery", makeOptimizeSubqueries());
  // Set operations and DISTINCT become joins and aggregates, which the operator rules below
  // know how to push through. The ALL forms first: they produce INTERSECT/EXCEPT-free plans.
  must(batches.addBatch("Replace Operators", BatchStrategy::fixedPoint()));
  add("Replace Operators", makeRewriteExceptAll());
  add("Replace Operators", makeRewriteIntersectAll());
  add("Replace Operators", makeReplaceIntersectWithSemiJoin());
  add("Replace Operators", makeReplaceExceptWithAntiJoin());
  add("Replace Operators", makeReplaceDistinctWithAggregate());
  must(batches.addBatch("Operator Optimization before Inferring Filters",
                        BatchStrategy::fixedPoint()));
  addOperatorOptimizationRules(batches, "Operator Optimization before Inferring Filters", must);
  // Once, between the two operator batches: constraints are inferred from the plan the first
  // batch pushed down, and the second batch pushes the inferred filters to the scans.
  must(batches.addBatch("Infer Filters", BatchStrategy::once()));
  add("Infer Filters", makeInferFiltersFromConstraints());
  must(batches.addBatch("Operator Optimization after Inferring Filters",
                        BatchStrategy::fixedPoint()));
  addOperatorOptimizationRules(batches, "Operator Optimization after Inferring Filters", must);
  // Spark's next batch: what an OR join condition implies for one side, pushed down to it.
  must(batches.addBatch("Push extra predicate through join", BatchStrategy::fixedPoint()));
  add("Push extra predicate through join", makePushExtraPredicateThroughJoin());
  add("Push extra predicate through join", makePushDownPredicates());
  add("Push extra predicate through join", makeCombineFilters());  // in Spark's PushDownPredicates
  // After the operator batches, as in Spark: the joins' conditions and the filters under them
  // are where they will stay, so the estimates it orders by are the final plan's.
  must(batches.addBatch("Join Reorder", BatchStrategy::once()));
  add("Join Reorder", makeCostBasedJoinReorder());
  must(batches.addBatch("Eliminate Sorts", BatchStrategy::once()));
  add("Eliminate Sorts", makeEliminateSorts());
  // After the operator batches, so the aggregate it rewrites is final.
  must(batches.addBatch("Distinct Aggregate Rewrite", BatchStrategy::once()));
  add("Distinct Aggregate Rewrite", makeRewriteDistinctAggregates());
  must(batches.addBatch("LocalRelation", BatchStrategy::fixedPoint()));
  add("LocalRelation", makePropagateEmptyRelation());
  // Last, as in Spark: EXISTS / IN subqueries become semi and anti joins only once the rest is
  // optimized, then the joins' conditions are pushed and the new plan pruned.
  must(batches.addBatch("RewriteSubquery", BatchStrategy::once()));
  add("RewriteSubquery", makeRewritePredicateSubquery());
  add("RewriteSubquery", makePushPredicateThroughJoin());
  add("RewriteSubquery", makeLimitPushDown());
  add("RewriteSubquery", makeColumnPruning());
  add("RewriteSubquery", makeCollapseProject());
  add("RewriteSubquery", makeRemoveRedundantAliases());
  add("RewriteSubquery", makeRemoveNoopOperators());
}

// The built-in batches, then a session's injections in the order they were made.
absl::StatusOr<std::vector<RuleBatch>> buildBatches(
    const std::vector<OptimizerInjection>& injections) {
  // Rules are stateless, so the built-in ones are made once.
  static const OptimizerBatches builtin = [] {
    OptimizerBatches batches;
    registerBuiltinRules(batches);
    return batches;
  }();
  if (injections.empty()) return builtin.batches();
  OptimizerBatches batches = builtin;
  for (const OptimizerInjection& inject : injections) {
    if (absl::Status status = inject(batches); !status.ok()) {
      return absl::InvalidArgumentError(
          fmt::format("an optimizer extension failed: {}", toStd(status.message())));
    }
  }
  return batches.batches();
}

// The batches without the rules spark.sql.optimizer.excludedRules names (except the
// non-excludable ones); `warnings` says which names were not excluded and why. A batch left
// without rules is dropped.
std::vector<RuleBatch> withoutExcludedRules(std::vector<RuleBatch> all, const Config& config,
                                            std::vector<std::string>& warnings) {
  std::vector<std::string> excluded = config.getList("spark.sql.optimizer.excludedRules");
  if (excluded.empty()) return all;
  auto contains = [](const std::vector<std::string>& names, std::string_view name) {
    return std::find(names.begin(), names.end(), name) != names.end();
  };
  for (const std::string& name : excluded) {
    bool known = false;
    for (const RuleBatch& batch : all) {
      for (const RulePtr& rule : batch.rules) known = known || rule->name() == name;
    }
    if (contains(nonExcludableRules(), name)) {
      warnings.push_back(
          fmt::format("Optimization rule '{}' was not excluded from the optimizer because "
                      "this rule is a non-excludable rule.",
                      name));
    } else if (!known) {
      warnings.push_back(
          fmt::format("Optimization rule '{}' was not excluded: there is no such rule.", name));
    }
  }
  std::vector<RuleBatch> batches;
  for (const RuleBatch& batch : all) {
    RuleBatch filtered{batch.name, batch.strategy, {}};
    for (const RulePtr& rule : batch.rules) {
      if (!contains(excluded, rule->name()) || contains(nonExcludableRules(), rule->name())) {
        filtered.rules.push_back(rule);
      }
    }
    if (!filtered.rules.empty()) batches.push_back(std::move(filtered));
  }
  return batches;
}

PlanChangeValidator validatorFor(const Config& config) {
#ifdef NDEBUG
  if (!config.getBool("spark.sql.planChangeValidation")) return {};
#else
  (void)config;
#endif
  return checkPlanChange;
}

}  // namespace

// Spark's Optimizer.nonExcludableRules, for the rules planck has: each replaces an operator or
// expression that has no physical implementation (Intersect, Except, Distinct, several DISTINCT
// aggregates, subquery expressions, SubqueryAlias), so without it a plan cannot run. planck adds
// InlineCTE: it has no physical operator for a CTE definition either (Spark plans one).
const std::vector<std::string>& nonExcludableRules() {
  static const std::vector<std::string> rules = {
      "EliminateSubqueryAliases",   "InlineCTE",
      "RewriteDistinctAggregates",  "ReplaceIntersectWithSemiJoin",
      "ReplaceExceptWithAntiJoin",  "RewriteExceptAll",
      "RewriteIntersectAll",        "ReplaceDistinctWithAggregate",
      "PullupCorrelatedPredicates", "RewriteCorrelatedScalarSubquery",
      "RewritePredicateSubquery",   "OptimizeSubqueries"};
  return rules;
}

OptimizerContext::OptimizerContext(const Optimizer& optimizer, const Config& config,
                                   const Catalog* catalog, const ExecutionObserver& observer)
    : RuleContext(config, catalog), optimizer_(optimizer), observer_(observer) {}

Optimizer::Optimizer(const Config& config, const std::vector<OptimizerInjection>& injections,
                     const Catalog* catalog)
    : config_(config), catalog_(catalog), executor_({}) {
  absl::StatusOr<std::vector<RuleBatch>> batches = buildBatches(injections);
  if (!batches.ok()) {
    setup_error_ = batches.status();
    return;
  }
  executor_ = RuleExecutor(withoutExcludedRules(*std::move(batches), config, exclusion_warnings_),
                           validatorFor(config));
}

absl::StatusOr<PlanPtr> Optimizer::optimize(const PlanPtr& analyzed,
                                            const ExecutionObserver& observer) const {
  if (!setup_error_.ok()) return setup_error_;
  OptimizerContext ctx(*this, config_, catalog_, observer);
  return executor_.execute(analyzed, ctx, observer);
}

}  // namespace planck
