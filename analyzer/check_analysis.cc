// CheckAnalysis: after the resolution rules are done, reports the first problem left in the
// plan, bottom-up (so the innermost, usually earliest, mistake is named), with its position.
#include <optional>

#include "analyzer/analyzer.h"
#include "analyzer/name_resolution.h"
#include "common/errors.h"
#include "common/status.h"
#include "common/strings.h"
#include "fmt/format.h"
#include "logical/operators.h"
#include "logical/value_cast.h"

namespace planck {
namespace {

// The first unresolved leaf of `expr`, post-order.
ExprPtr firstUnresolved(const ExprPtr& expr) {
  for (const ExprPtr& child : expr->children()) {
    if (ExprPtr found = firstUnresolved(child)) return found;
  }
  if (expr->is<UnresolvedAttribute>() || expr->is<UnresolvedStar>() ||
      expr->is<UnresolvedFunction>() || expr->is<UnresolvedAlias>()) {
    return expr;
  }
  return nullptr;
}

absl::Status unresolvedError(const ExprPtr& expr, const LogicalPlan& node,
                             const std::vector<Attributes>& outer_scopes) {
  if (const auto* name = expr->as<UnresolvedAttribute>()) {
    Attributes candidates = node.childrenOutput();
    if (node.is<Sort>() && !node.children().empty() && !node.child(0)->children().empty()) {
      Attributes below = node.child(0)->child(0)->output();
      candidates.insert(candidates.end(), below.begin(), below.end());
    }
    for (const Attributes& scope : outer_scopes)
      candidates.insert(candidates.end(), scope.begin(), scope.end());
    return analysisError(
        fmt::format("column `{}` cannot be resolved{}", name->name(),
                    didYouMean(name->nameParts().back(), candidateNames(candidates))),
        expr->origin());
  }
  if (expr->is<UnresolvedStar>()) {
    return analysisError(fmt::format("`{}` cannot be used here", expr->toString()), expr->origin());
  }
  if (const auto* call = expr->as<UnresolvedFunction>()) {
    return analysisError(fmt::format("function `{}` cannot be resolved", call->name()),
                         expr->origin());
  }
  return analysisError(fmt::format("`{}` cannot be resolved", expr->sql()), expr->origin());
}

Origin originOf(const ExprPtr& expr, const LogicalPlan& node) {
  return expr->origin().known() ? expr->origin() : node.origin();
}

ExprPtr findAggregate(const ExprPtr& expr) {
  return findNode(expr, [](const ExprPtr& e) { return e->is<AggregateExpression>(); });
}

// Whether `expr` only uses grouping keys outside aggregate calls (Spark's
// checkValidAggregateExpression).
absl::Status checkGrouped(const ExprPtr& expr, const std::vector<ExprPtr>& keys,
                          const LogicalPlan& node) {
  if (const auto* aggregate = expr->as<AggregateExpression>()) {
    for (const ExprPtr& arg : aggregate->children()) {
      if (ExprPtr nested = findAggregate(arg)) {
        return analysisError(
            fmt::format("aggregate function calls cannot be nested: `{}` inside `{}`",
                        nested->sql(), expr->sql()),
            originOf(nested, node));
      }
    }
    return absl::OkStatus();
  }
  for (const ExprPtr& key : keys) {
    if (key->equals(*expr)) return absl::OkStatus();
  }
  if (expr->is<AttributeReference>()) {
    return analysisError(
        fmt::format("`{}` must appear in GROUP BY or inside an aggregate", expr->sql()),
        originOf(expr, node));
  }
  if (expr->is<WindowExpression>()) return absl::OkStatus();
  for (const ExprPtr& child : expr->children()) {
    absl::Status status = checkGrouped(child, keys, node);
    if (!status.ok()) return withOrigin(status, originOf(expr, node));
  }
  return absl::OkStatus();
}

absl::Status checkBoolean(const ExprPtr& condition, std::string_view clause,
                          const LogicalPlan& node) {
  if (condition->dataType() == DataType::boolean()) return absl::OkStatus();
  return analysisError(fmt::format("{} condition `{}` is of type {}, not BOOLEAN", clause,
                                   condition->sql(), condition->dataType().sqlName()),
                       originOf(condition, node));
}

// The value of a constant as the parser leaves LIMIT's: a literal, possibly cast or negated.
// Other foldable expressions (1 + 1) have no value before constant folding.
std::optional<Value> constantValue(const ExprPtr& expr) {
  if (const auto* literal = expr->as<Literal>()) return literal->value();
  if (!expr->is<Cast>() && !expr->is<UnaryMinus>()) return std::nullopt;
  std::optional<Value> inner = constantValue(expr->child(0));
  if (!inner) return std::nullopt;
  if (expr->is<Cast>()) {
    absl::StatusOr<Value> cast = castValue(*inner, expr->dataType());
    return cast.ok() ? std::optional<Value>(*cast) : std::nullopt;
  }
  if (inner->type() != DataType::integer()) return std::nullopt;
  return inner->isNull() ? inner : Value::integer(static_cast<int32_t>(-inner->asInt()));
}

// LIMIT and OFFSET take a non-negative INTEGER constant (Spark's checkLimitLikeClause).
absl::Status checkLimitLike(const ExprPtr& count, std::string_view clause,
                            const LogicalPlan& node) {
  Origin origin = originOf(count, node);
  if (!count->foldable()) {
    return analysisError(
        fmt::format("the {} expression must evaluate to a constant value, but got `{}`", clause,
                    count->sql()),
        origin);
  }
  if (count->dataType() != DataType::integer()) {
    return analysisError(fmt::format("the {} expression must be of type INTEGER, but got {}",
                                     clause, count->dataType().sqlName()),
                         origin);
  }
  std::optional<Value> value = constantValue(count);
  if (value && value->isNull()) {
    return analysisError(fmt::format("the {} expression must not be NULL", clause), origin);
  }
  if (value && value->asInt() < 0) {
    return analysisError(
        fmt::format("the {} expression must be equal to or greater than 0, but got {}", clause,
                    value->asInt()),
        origin);
  }
  return absl::OkStatus();
}

absl::Status checkNode(const PlanPtr& node, const std::vector<Attributes>& outer_scopes) {
  for (const ExprPtr& expr : node->expressions()) {
    if (ExprPtr unresolved = firstUnresolved(expr))
      return unresolvedError(unresolved, *node, outer_scopes);
  }
  if (const auto* relation = node->as<UnresolvedRelation>()) {
    return makeError(ErrorKind::kCatalog,
                     fmt::format("table or view `{}` cannot be found", relation->name()),
                     node->origin());
  }
  if (const auto* filter = node->as<Filter>()) {
    if (ExprPtr aggregate = findAggregate(filter->condition())) {
      return analysisError(
          fmt::format("aggregate functions are not allowed in WHERE: `{}`", aggregate->sql()),
          originOf(aggregate, *node));
    }
    PLANCK_RETURN_IF_ERROR(checkBoolean(filter->condition(), "WHERE", *node));
  }
  if (const auto* join = node->as<Join>()) {
    if (join->isUsing()) return analysisError("USING join could not be resolved", node->origin());
    if (join->condition()) {
      if (ExprPtr aggregate = findAggregate(join->condition())) {
        return analysisError(
            fmt::format("aggregate functions are not allowed in JOIN conditions: `{}`",
                        aggregate->sql()),
            originOf(aggregate, *node));
      }
      PLANCK_RETURN_IF_ERROR(checkBoolean(join->condition(), "JOIN", *node));
    }
  }
  if (const auto* aggregate = node->as<Aggregate>()) {
    for (const ExprPtr& key : aggregate->groupingExpressions()) {
      if (ExprPtr found = findAggregate(key)) {
        return analysisError(
            fmt::format("aggregate functions are not allowed in GROUP BY: `{}`", found->sql()),
            originOf(found, *node));
      }
    }
    for (const ExprPtr& item : aggregate->aggregateExpressions()) {
      PLANCK_RETURN_IF_ERROR(checkGrouped(item, aggregate->groupingExpressions(), *node));
    }
  }
  if (const auto* sort = node->as<Sort>()) {
    // ResolveAggregateFunctions moves ORDER BY aggregates into the Aggregate below; one left
    // here orders a query that does not aggregate (SELECT a FROM t ORDER BY sum(b)).
    // (A window function there is reported below.)
    for (const ExprPtr& order : sort->order()) {
      if (containsWindow(order)) continue;
      if (ExprPtr found = findAggregate(order)) {
        return analysisError(
            fmt::format("aggregate functions are not allowed in ORDER BY of a query without "
                        "GROUP BY or aggregates in SELECT: `{}`",
                        found->sql()),
            originOf(found, *node));
      }
    }
  }
  if (const auto* limit = node->as<GlobalLimit>()) {
    PLANCK_RETURN_IF_ERROR(checkLimitLike(limit->count(), "LIMIT", *node));
  }
  if (const auto* limit = node->as<LocalLimit>()) {
    PLANCK_RETURN_IF_ERROR(checkLimitLike(limit->count(), "LIMIT", *node));
  }
  if (const auto* offset = node->as<Offset>()) {
    PLANCK_RETURN_IF_ERROR(checkLimitLike(offset->count(), "OFFSET", *node));
  }
  if (const auto* project = node->as<Project>()) {
    for (const ExprPtr& item : project->projectList()) {
      if (ExprPtr found = findAggregate(item)) {
        return analysisError(
            fmt::format("aggregate function `{}` is not allowed here", found->sql()),
            originOf(found, *node));
      }
    }
  }
  if (node->is<Union>() || node->is<Intersect>() || node->is<Except>()) {
    size_t width = node->child(0)->output().size();
    for (size_t i = 1; i < node->children().size(); ++i) {
      size_t other = node->child(i)->output().size();
      if (other != width) {
        return analysisError(
            fmt::format("{} needs the same number of columns on each side: {} vs {}",
                        toUpper(node->nodeName()), width, other),
            node->origin());
      }
    }
  }
  for (const ExprPtr& expr : node->expressions()) {
    absl::Status status;
    forEachNode(expr, [&](const ExprPtr& each) {
      if (!status.ok()) return;
      if (const auto* scalar = each->as<ScalarSubquery>()) {
        size_t columns = scalar->plan()->output().size();
        if (columns != 1) {
          status = analysisError(
              fmt::format("a scalar subquery must return exactly one column, not {}", columns),
              originOf(each, *node));
        }
      }
      if (const auto* in = each->as<InSubquery>()) {
        size_t columns = in->plan()->output().size();
        if (columns != 1) {
          status = analysisError(
              fmt::format("the subquery of IN must return exactly one column, not {}", columns),
              originOf(each, *node));
        }
      }
      if (each->is<WindowExpression>() && !node->is<Window>()) {
        status = analysisError(fmt::format("window function `{}` is not allowed here", each->sql()),
                               originOf(each, *node));
      }
    });
    PLANCK_RETURN_IF_ERROR(status);
  }
  if (!node->resolved()) {
    return analysisError(fmt::format("{} could not be resolved", node->nodeName()), node->origin());
  }
  return absl::OkStatus();
}

absl::Status checkTree(const PlanPtr& plan, const std::vector<Attributes>& outer_scopes) {
  for (const PlanPtr& child : plan->children())
    PLANCK_RETURN_IF_ERROR(checkTree(child, outer_scopes));
  return checkNode(plan, outer_scopes);
}

}  // namespace

absl::Status checkAnalysis(const PlanPtr& plan, const std::vector<Attributes>& outer_scopes) {
  return checkTree(plan, outer_scopes);
}

}  // namespace planck
