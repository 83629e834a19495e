// ResolveFunctions: a call whose arguments are resolved is looked up in the function registry,
// which names the argument casts and the result type. Aggregates become AggregateExpression,
// everything else ScalarFunction. Window-only functions (rank, lag, ...) must have OVER.
// EXTRACT(field FROM x) becomes the function named by the field: year(x), month(x), ...
#include "analyzer/analyzer.h"
#include "analyzer/name_resolution.h"
#include "analyzer/rules.h"
#include "common/errors.h"
#include "common/strings.h"
#include "fmt/format.h"
#include "logical/operators.h"

namespace planck {
namespace {

bool argumentsResolved(const UnresolvedFunction& call) {
  for (const ExprPtr& child : call.children()) {
    if (!child->resolved()) return false;
  }
  return true;
}

std::string arityText(const FunctionDefinition& def) {
  if (def.max_arguments < 0) return fmt::format("at least {}", def.min_arguments);
  if (def.min_arguments == def.max_arguments) return std::to_string(def.min_arguments);
  return fmt::format("{} to {}", def.min_arguments, def.max_arguments);
}

// The registry name for an EXTRACT field.
std::optional<std::string> extractFunction(std::string_view field) {
  std::string lower = toLower(field);
  if (lower == "year" || lower == "years") return "year";
  if (lower == "month" || lower == "months") return "month";
  if (lower == "day" || lower == "days") return "day";
  if (lower == "quarter") return "quarter";
  if (lower == "week") return "week";
  if (lower == "dayofweek" || lower == "dow") return "dayofweek";
  if (lower == "dayofyear" || lower == "doy") return "dayofyear";
  return std::nullopt;
}

ExprPtr resolveCall(const ExprPtr& expr, bool in_window, AnalysisContext& ctx) {
  const auto& call = *expr->as<UnresolvedFunction>();
  std::string name = call.name();
  std::vector<ExprPtr> args = call.arguments();
  if (equalsIgnoreCase(name, "extract")) {
    const auto* field = args.empty() ? nullptr : args[0]->as<Literal>();
    std::optional<std::string> function = field && field->value().type().isString()
                                              ? extractFunction(field->value().asString())
                                              : std::nullopt;
    if (!function || args.size() != 2) {
      ctx.fail(analysisError(fmt::format("EXTRACT does not support the field `{}`",
                                         field ? field->value().toString() : "?"),
                             expr->origin()));
      return expr;
    }
    name = *function;
    args.erase(args.begin());
  }
  const FunctionDefinition* def = ctx.functions().find(name);
  if (def == nullptr) {
    ctx.fail(analysisError(fmt::format("function `{}` cannot be resolved{}", name,
                                       didYouMean(name, ctx.functions().names())),
                           expr->origin()));
    return expr;
  }
  int count = static_cast<int>(args.size());
  if (count < def->min_arguments || (def->max_arguments >= 0 && count > def->max_arguments)) {
    ctx.fail(analysisError(
        fmt::format("function `{}` takes {} argument{}, got {}; usage: {}", def->name,
                    arityText(*def), def->max_arguments == 1 ? "" : "s", count, def->usage),
        expr->origin()));
    return expr;
  }
  if (def->kind == FunctionKind::kWindow && !in_window) {
    ctx.fail(analysisError(fmt::format("window function `{}` requires an OVER clause", def->name),
                           expr->origin()));
    return expr;
  }
  if (def->kind != FunctionKind::kAggregate && (call.isDistinct() || call.hasFilter())) {
    ctx.fail(analysisError(
        fmt::format("DISTINCT and FILTER are only allowed with aggregate functions, not `{}`",
                    def->name),
        expr->origin()));
    return expr;
  }
  std::vector<DataType> types;
  for (const ExprPtr& arg : args) types.push_back(arg->dataType());
  auto resolved = def->resolve(types);
  if (!resolved.ok()) {
    ctx.fail(analysisError(std::string(resolved.status().message()), expr->origin()));
    return expr;
  }
  for (size_t i = 0; i < args.size(); ++i)
    args[i] = castIfNeeded(args[i], resolved->argument_types[i]);
  ExprPtr result;
  if (def->kind == FunctionKind::kAggregate) {
    ExprPtr filter = call.filter();
    if (filter && filter->dataType() != DataType::boolean()) {
      ctx.fail(analysisError(
          fmt::format("FILTER condition must be BOOLEAN, got {}", filter->dataType().sqlName()),
          filter->origin()));
      return expr;
    }
    result = std::make_shared<AggregateExpression>(def->name, std::move(args), call.isDistinct(),
                                                   filter, resolved->result, resolved->nullable);
  } else {
    result = std::make_shared<ScalarFunction>(def->name, std::move(args), resolved->result,
                                              resolved->nulls, def->deterministic);
  }
  std::const_pointer_cast<Expression>(result)->setOrigin(expr->origin());
  return result;
}

class ResolveFunctions final : public Rule {
 public:
  std::string_view name() const override { return "ResolveFunctions"; }
  PlanPtr apply(const PlanPtr& plan, RuleContext& rule_ctx) const override {
    AnalysisContext& ctx = AnalysisContext::of(rule_ctx);
    return transformUnresolvedUp(plan, [&](const PlanPtr& node) -> PlanPtr {
      if (!ctx.status().ok()) return node;
      return transformExpressionsDown(node, [&](const ExprPtr& expr) -> ExprPtr {
        if (!ctx.status().ok()) return expr;
        if (const auto* window = expr->as<WindowExpression>()) {
          const auto* call = window->function()->as<UnresolvedFunction>();
          if (call == nullptr || !argumentsResolved(*call)) return expr;
          ExprPtr function = resolveCall(window->function(), /*in_window=*/true, ctx);
          return expr->withNewChildren({function, expr->child(1)});
        }
        const auto* call = expr->as<UnresolvedFunction>();
        if (call == nullptr || !argumentsResolved(*call)) return expr;
        return resolveCall(expr, /*in_window=*/false, ctx);
      });
    });
  }
};

}  // namespace

RulePtr makeResolveFunctions() { return std::make_shared<ResolveFunctions>(); }

}  // namespace planck
