#include "analyzer/analyzer.h"

#include "analyzer/rules.h"
#include "common/errors.h"
#include "common/status.h"

namespace planck {

AnalysisContext::AnalysisContext(const Analyzer& analyzer, const Config& config,
                                 const Catalog& catalog, std::vector<Attributes> outer_scopes,
                                 int depth)
    : RuleContext(config, &catalog),
      analyzer_(analyzer),
      outer_scopes_(std::move(outer_scopes)),
      depth_(depth) {}

const FunctionRegistry& AnalysisContext::functions() const { return analyzer_.functions(); }

namespace {

const std::vector<RuleBatch>& analyzerBatches() {
  // Rules are stateless, so one set serves every Analyzer.
  static const std::vector<RuleBatch> batches = {
      // CTEs first: a WITH name shadows a table of the same name, so references must become
      // CTE references before ResolveRelations looks names up in the catalog.
      {"Substitution", BatchStrategy::once(), {makeCteSubstitution()}},
      // Hints name relations as written, so they are matched before resolution rewrites them.
      {"Hints", BatchStrategy::once(), {makeResolveHints()}},
      {"Resolution",
       BatchStrategy::fixedPoint(100),
       {
           makeResolveRelations(),
           makeResolveSubqueryColumnAliases(),
           makeResolveInlineTables(),
           makeResolveUsingJoin(),
           makeResolveReferences(),
           // Functions resolve once their arguments have; aliases once their child has.
           makeResolveFunctions(),
           makeResolveAliases(),
           // Needs resolved functions to tell aggregates apart.
           makeGlobalAggregates(),
           makeResolveGroupingAnalytics(),
           // HAVING / ORDER BY over an aggregate need the Aggregate resolved first.
           makeResolveAggregateFunctions(),
           makeResolveMissingReferences(),
           makeExtractWindowExpressions(),
           // Subqueries see the resolved output of the operator that holds them.
           makeResolveSubquery(),
           // Last: coercion inspects resolved types and inserts casts.
           makeTypeCoercion(),
       }},
  };
  return batches;
}

}  // namespace

namespace {

// The built-in batches with a session's extensions: resolution rules join the Resolution
// batch after the built-in ones; post-hoc resolution rules run once after it (Spark's
// "Post-Hoc Resolution" batch).
std::vector<RuleBatch> batchesWith(const AnalyzerExtensions& extensions) {
  if (extensions.resolution_rules.empty() && extensions.post_hoc_resolution_rules.empty()) {
    return analyzerBatches();
  }
  std::vector<RuleBatch> batches = analyzerBatches();
  for (RuleBatch& batch : batches) {
    if (batch.name != "Resolution") continue;
    batch.rules.insert(batch.rules.end(), extensions.resolution_rules.begin(),
                       extensions.resolution_rules.end());
  }
  if (!extensions.post_hoc_resolution_rules.empty()) {
    batches.push_back(
        {"Post-Hoc Resolution", BatchStrategy::once(), extensions.post_hoc_resolution_rules});
  }
  return batches;
}

}  // namespace

Analyzer::Analyzer(const Catalog& catalog, const Config& config, const FunctionRegistry& functions,
                   const AnalyzerExtensions& extensions)
    : catalog_(catalog),
      config_(config),
      functions_(functions),
      check_rules_(extensions.check_rules),
      executor_(batchesWith(extensions)) {}

absl::StatusOr<PlanPtr> Analyzer::analyze(const PlanPtr& plan, std::vector<Attributes> outer_scopes,
                                          int depth, const ExecutionObserver& observer) const {
  if (depth > kMaxDepth) {
    return analysisError(
        "views, CTEs and subqueries are nested too deeply (is a view defined in "
        "terms of itself?)",
        plan->origin());
  }
  AnalysisContext ctx(*this, config_, catalog_, outer_scopes, depth);
  auto analyzed = executor_.execute(plan, ctx, observer);
  if (!analyzed.ok()) return analyzed.status();
  PLANCK_RETURN_IF_ERROR(checkAnalysis(*analyzed, outer_scopes));
  for (const AnalyzerExtensions::CheckRule& check : check_rules_)
    PLANCK_RETURN_IF_ERROR(check(*analyzed));
  return analyzed;
}

}  // namespace planck
