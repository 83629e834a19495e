// ResolveReferences: binds column names to attributes once an operator's children are
// resolved. Where a name is looked up, in order:
//   1. the children's output;
//   2. ORDER BY: columns below a Project or Aggregate, or below the Aggregate under a HAVING
//      (ResolveMissingReferences and ResolveAggregateFunctions then make them available);
//      HAVING: the aggregate's input;
//      GROUP BY: select-list aliases (spark.sql.groupByAliases);
//   3. the output of enclosing queries (an OuterReference: a correlated subquery).
// It also expands `*` / `t.*` and replaces GROUP BY / ORDER BY ordinals
// (spark.sql.groupByOrdinal, spark.sql.orderByOrdinal).
#include "analyzer/analyzer.h"
#include "analyzer/name_resolution.h"
#include "analyzer/rules.h"
#include "common/errors.h"
#include "common/strings.h"
#include "fmt/format.h"
#include "logical/operators.h"

namespace planck {
namespace {

// A copy of `attribute` that remembers where the name was written, so later errors (GROUP BY
// validity, types) point at it.
ExprPtr boundAt(const AttributePtr& attribute, Origin origin) {
  auto copy = std::make_shared<AttributeReference>(*attribute);
  copy->setOrigin(origin);
  return copy;
}

// Binds the unresolved attributes of `expr` against `inputs` (tried in order), then the
// enclosing queries. Names that match nothing stay unresolved for CheckAnalysis to report.
ExprPtr resolveExpression(const ExprPtr& expr, const std::vector<Attributes>& inputs,
                          AnalysisContext& ctx) {
  return transformUp(expr, [&](const ExprPtr& node) -> ExprPtr {
    const auto* name = node->as<UnresolvedAttribute>();
    if (name == nullptr || !ctx.status().ok()) return node;
    for (const Attributes& input : inputs) {
      auto found = resolveName(name->nameParts(), input, node->origin());
      if (!found.ok()) {
        ctx.fail(found.status());
        return node;
      }
      if (*found) return boundAt(*found, node->origin());
    }
    const auto& outer = ctx.outerScopes();
    for (auto scope = outer.rbegin(); scope != outer.rend(); ++scope) {
      auto found = resolveName(name->nameParts(), *scope, node->origin());
      if (!found.ok()) {
        ctx.fail(found.status());
        return node;
      }
      if (*found) {
        auto outer_ref = std::make_shared<OuterReference>(*found);
        outer_ref->setOrigin(node->origin());
        return outer_ref;
      }
    }
    return node;
  });
}

std::vector<ExprPtr> resolveAll(const std::vector<ExprPtr>& exprs,
                                const std::vector<Attributes>& inputs, AnalysisContext& ctx) {
  std::vector<ExprPtr> resolved;
  resolved.reserve(exprs.size());
  for (const ExprPtr& expr : exprs) resolved.push_back(resolveExpression(expr, inputs, ctx));
  return resolved;
}

// Replaces `*` and `t.*` items of a select list by the columns they stand for.
std::vector<ExprPtr> expandStars(const std::vector<ExprPtr>& items, const Attributes& input,
                                 AnalysisContext& ctx) {
  std::vector<ExprPtr> expanded;
  for (const ExprPtr& item : items) {
    const auto* star = item->as<UnresolvedStar>();
    if (star == nullptr) {
      expanded.push_back(item);
      continue;
    }
    auto columns = expandStar(*star, input, item->origin());
    if (!columns.ok()) {
      ctx.fail(columns.status());
      return items;
    }
    expanded.insert(expanded.end(), columns->begin(), columns->end());
  }
  return expanded;
}

// The integer an ordinal literal holds, if `expr` is one.
std::optional<int64_t> ordinalOf(const ExprPtr& expr) {
  const auto* literal = expr->as<Literal>();
  if (literal == nullptr || !literal->value().type().isIntegral() || literal->value().isNull()) {
    return std::nullopt;
  }
  return literal->value().asInt();
}

ExprPtr stripAlias(const ExprPtr& expr) {
  if (expr->is<Alias>() || expr->is<UnresolvedAlias>()) return expr->child(0);
  return expr;
}

PlanPtr resolveProject(const Project& project, AnalysisContext& ctx) {
  Attributes input = project.child(0)->output();
  std::vector<ExprPtr> list = expandStars(project.projectList(), input, ctx);
  list = resolveAll(list, {input}, ctx);
  return project.withNewExpressions(std::move(list));
}

PlanPtr resolveAggregate(const Aggregate& aggregate, AnalysisContext& ctx) {
  Attributes input = aggregate.child(0)->output();
  std::vector<ExprPtr> aggregates = expandStars(aggregate.aggregateExpressions(), input, ctx);
  std::vector<ExprPtr> grouping = aggregate.groupingExpressions();
  bool by_ordinal = ctx.config().getBool("spark.sql.groupByOrdinal");
  for (ExprPtr& key : grouping) {
    std::optional<int64_t> ordinal = by_ordinal ? ordinalOf(key) : std::nullopt;
    if (!ordinal) continue;
    if (*ordinal < 1 || *ordinal > static_cast<int64_t>(aggregates.size())) {
      ctx.fail(analysisError(
          fmt::format("GROUP BY position {} is not in select list (valid range is [1, {}])",
                      *ordinal, aggregates.size()),
          key->origin()));
      return aggregate.self();
    }
    ExprPtr target = stripAlias(aggregates[static_cast<size_t>(*ordinal - 1)]);
    bool aggregated = containsAggregate(target) || existsNode(target, [&ctx](const ExprPtr& e) {
                        const auto* call = e->as<UnresolvedFunction>();
                        const FunctionDefinition* def =
                            call ? ctx.functions().find(call->name()) : nullptr;
                        return def != nullptr && def->kind == FunctionKind::kAggregate;
                      });
    if (aggregated) {
      ctx.fail(
          analysisError(fmt::format("GROUP BY position {} refers to an aggregate function `{}`",
                                    *ordinal, target->sql()),
                        key->origin()));
      return aggregate.self();
    }
    key = target;
  }
  aggregates = resolveAll(aggregates, {input}, ctx);
  // GROUP BY keys: the input first, then select-list aliases.
  for (ExprPtr& key : grouping) {
    key = resolveExpression(key, {input}, ctx);
    const auto* name = key->as<UnresolvedAttribute>();
    if (name == nullptr || name->nameParts().size() != 1 ||
        !ctx.config().getBool("spark.sql.groupByAliases")) {
      continue;
    }
    for (const ExprPtr& item : aggregates) {
      const auto* alias = item->as<Alias>();
      if (alias != nullptr && equalsIgnoreCase(alias->name(), name->nameParts()[0]) &&
          !containsAggregate(alias->child(0))) {
        key = alias->child(0);
        break;
      }
    }
  }
  std::vector<ExprPtr> all = grouping;
  all.insert(all.end(), aggregates.begin(), aggregates.end());
  if (aggregate.groupingAnalytics() && all.size() != aggregate.expressions().size()) {
    return aggregate
        .self();  // star expansion changed arity under ROLLUP: leave it to CheckAnalysis
  }
  if (all.size() == aggregate.expressions().size())
    return aggregate.withNewExpressions(std::move(all));
  return std::make_shared<Aggregate>(std::move(grouping), std::move(aggregates), aggregate.child(0),
                                     aggregate.groupingAnalytics());
}

PlanPtr resolveSort(const Sort& sort, AnalysisContext& ctx) {
  const PlanPtr& child = sort.child(0);
  Attributes output = child->output();
  std::vector<ExprPtr> order = sort.order();
  bool by_ordinal = ctx.config().getBool("spark.sql.orderByOrdinal");
  for (ExprPtr& item : order) {
    std::optional<int64_t> ordinal = by_ordinal ? ordinalOf(item->child(0)) : std::nullopt;
    if (!ordinal) continue;
    if (*ordinal < 1 || *ordinal > static_cast<int64_t>(output.size())) {
      ctx.fail(analysisError(
          fmt::format("ORDER BY position {} is not in select list (valid range is [1, {}])",
                      *ordinal, output.size()),
          item->child(0)->origin()));
      return sort.self();
    }
    item = item->withNewChildren({output[static_cast<size_t>(*ordinal - 1)]});
  }
  std::vector<Attributes> inputs = {output};
  if (child->is<Project>() || child->is<Aggregate>()) inputs.push_back(child->child(0)->output());
  // After HAVING (Filter, or Project over Filter, over the Aggregate): the aggregate's input.
  PlanPtr below_having = child->is<Project>() ? child->child(0) : child;
  if (below_having->is<Filter>() && below_having->child(0)->is<Aggregate>()) {
    inputs.push_back(below_having->child(0)->child(0)->output());
  }
  return sort.withNewExpressions(resolveAll(order, inputs, ctx));
}

// Whether a Sort or Aggregate still has an integer literal where an ordinal may stand.
bool hasOrdinal(const LogicalPlan& node) {
  if (const auto* sort = node.as<Sort>()) {
    for (const ExprPtr& order : sort->order()) {
      if (ordinalOf(order->child(0))) return true;
    }
  }
  if (const auto* aggregate = node.as<Aggregate>()) {
    for (const ExprPtr& key : aggregate->groupingExpressions()) {
      if (ordinalOf(key)) return true;
    }
  }
  return false;
}

PlanPtr resolveNode(const PlanPtr& node, AnalysisContext& ctx) {
  if (const auto* project = node->as<Project>()) return resolveProject(*project, ctx);
  if (const auto* aggregate = node->as<Aggregate>()) return resolveAggregate(*aggregate, ctx);
  if (const auto* sort = node->as<Sort>()) return resolveSort(*sort, ctx);
  if (const auto* having = node->as<UnresolvedHaving>()) {
    std::vector<Attributes> inputs = {node->child(0)->output()};
    if (node->child(0)->is<Aggregate>()) inputs.push_back(node->child(0)->child(0)->output());
    return node->withNewExpressions({resolveExpression(having->condition(), inputs, ctx)});
  }
  return node->withNewExpressions(resolveAll(node->expressions(), {node->childrenOutput()}, ctx));
}

class ResolveReferences final : public Rule {
 public:
  std::string_view name() const override { return "ResolveReferences"; }
  PlanPtr apply(const PlanPtr& plan, RuleContext& rule_ctx) const override {
    AnalysisContext& ctx = AnalysisContext::of(rule_ctx);
    return transformUpWithPruning(plan, rule_ctx.ruleMark(), [&](const PlanPtr& node) -> PlanPtr {
      if (!ctx.status().ok() || !node->childrenResolved()) return node;
      // A resolved operator only needs this rule for GROUP BY / ORDER BY ordinals, which are
      // resolved integer literals until replaced.
      if (node->resolved() && !hasOrdinal(*node)) return node;
      if (node->is<UnresolvedInlineTable>()) return node;
      if (const auto* join = node->as<Join>(); join && join->isUsing()) return node;
      return resolveNode(node, ctx);
    });
  }
};

}  // namespace

RulePtr makeResolveReferences() { return std::make_shared<ResolveReferences>(); }

}  // namespace planck
