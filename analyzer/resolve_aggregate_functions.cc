// ResolveAggregateFunctions: HAVING and ORDER BY over an aggregate may use aggregates and
// grouping columns the SELECT list does not output. They are added to the Aggregate as
// extra columns, the condition or ordering refers to those, and a Project on top restores the
// original output:
//
//   UnresolvedHaving (sum(x) > 10)            Project [k, s]
//   +- Aggregate [k], [k, sum(x) AS s]   =>   +- Filter (s > 10)
//                                                +- Aggregate [k], [k, sum(x) AS s]
//
// ORDER BY after HAVING works the same way on the Aggregate below the HAVING filter:
//
//   Sort [max(y)]                       Project [k]
//   +- Project [k]                      +- Sort [m]
//      +- Filter (c > 1)         =>        +- Filter (c > 1)
//         +- Aggregate [k], [k, c]            +- Aggregate [k], [k, c, max(y) AS m]
//
// An aggregate already computed (the same expression) is reused rather than added again.
// HAVING without GROUP BY makes the SELECT a global aggregate, as in Spark.
#include "analyzer/name_resolution.h"
#include "analyzer/rules.h"
#include "logical/operators.h"

namespace planck {
namespace {

// Rewrites `exprs` to refer to the Aggregate's output, adding what is missing to `aggregates`.
std::vector<ExprPtr> pushIntoAggregate(const std::vector<ExprPtr>& exprs,
                                       const Aggregate& aggregate,
                                       std::vector<ExprPtr>& aggregates) {
  Attributes output = aggregate.output();
  auto in_output = [&](ExprId id) {
    for (const AttributePtr& attr : output) {
      if (attr->exprId() == id) return true;
    }
    return false;
  };
  auto reuse_or_add = [&](const ExprPtr& expr) -> ExprPtr {
    for (const ExprPtr& item : aggregates) {
      if (const auto* alias = item->as<Alias>(); alias && alias->child(0)->equals(*expr))
        return alias->toAttribute();
      if (item->equals(*expr)) return item;
    }
    if (expr->is<AttributeReference>()) {
      aggregates.push_back(expr);
      return expr;
    }
    auto alias = std::make_shared<Alias>(expr, generatedName(expr), newExprId());
    aggregates.push_back(alias);
    return alias->toAttribute();
  };
  std::vector<ExprPtr> rewritten;
  for (const ExprPtr& expr : exprs) {
    rewritten.push_back(transformDown(expr, [&](const ExprPtr& node) -> ExprPtr {
      if (node->is<AggregateExpression>()) return reuse_or_add(node);
      if (const auto* attr = node->as<AttributeReference>()) {
        return in_output(attr->exprId()) ? node : reuse_or_add(node);
      }
      for (const ExprPtr& key : aggregate.groupingExpressions()) {
        if (!key->is<AttributeReference>() && key->equals(*node)) return reuse_or_add(node);
      }
      return node;
    }));
  }
  return rewritten;
}

bool needsPush(const std::vector<ExprPtr>& exprs, const Aggregate& aggregate) {
  Attributes output = aggregate.output();
  for (const ExprPtr& expr : exprs) {
    bool missing = existsNode(expr, [&](const ExprPtr& node) {
      if (node->is<AggregateExpression>()) return true;
      const auto* attr = node->as<AttributeReference>();
      if (attr == nullptr) return false;
      for (const AttributePtr& out : output) {
        if (out->exprId() == attr->exprId()) return false;
      }
      return true;
    });
    if (missing) return true;
  }
  return false;
}

PlanPtr projectOver(const Attributes& output, PlanPtr child) {
  return std::make_shared<Project>(std::vector<ExprPtr>(output.begin(), output.end()),
                                   std::move(child));
}

// The HAVING filter a Sort sits on, if any: Filter over Aggregate, possibly under the Project
// of plain columns HAVING adds when it computes extra aggregates.
PlanPtr havingFilter(const PlanPtr& child) {
  PlanPtr filter = child;
  if (const auto* project = child->as<Project>()) {
    for (const ExprPtr& item : project->projectList()) {
      if (!item->is<AttributeReference>()) return nullptr;
    }
    filter = child->child(0);
  }
  if (!filter->is<Filter>() || !filter->child(0)->is<Aggregate>()) return nullptr;
  return filter;
}

class ResolveAggregateFunctions final : public Rule {
 public:
  std::string_view name() const override { return "ResolveAggregateFunctions"; }
  PlanPtr apply(const PlanPtr& plan, RuleContext& ctx) const override {
    return transformUpWithPruning(plan, ctx.ruleMark(), [](const PlanPtr& node) -> PlanPtr {
      if (const auto* having = node->as<UnresolvedHaving>()) {
        PlanPtr child = node->child(0);
        if (const auto* project = child->as<Project>(); project && child->resolved()) {
          // HAVING without GROUP BY: the SELECT becomes a global aggregate.
          return node->withNewChildren({std::make_shared<Aggregate>(
              std::vector<ExprPtr>{}, project->projectList(), child->child(0))});
        }
        const auto* aggregate = child->as<Aggregate>();
        if (aggregate == nullptr || !child->resolved() || !having->condition()->resolved())
          return node;
        std::vector<ExprPtr> aggregates = aggregate->aggregateExpressions();
        ExprPtr condition = pushIntoAggregate({having->condition()}, *aggregate, aggregates)[0];
        auto extended = std::make_shared<Aggregate>(aggregate->groupingExpressions(), aggregates,
                                                    child->child(0));
        extended->setOrigin(child->origin());
        PlanPtr filter = std::make_shared<Filter>(condition, extended);
        if (aggregates.size() == aggregate->aggregateExpressions().size()) return filter;
        return projectOver(aggregate->output(), filter);
      }
      if (const auto* sort = node->as<Sort>()) {
        const PlanPtr& child = node->child(0);
        PlanPtr having = havingFilter(child);
        PlanPtr source = having ? having->child(0) : child;
        const auto* aggregate = source->as<Aggregate>();
        if (aggregate == nullptr || !child->resolved()) return node;
        for (const ExprPtr& order : sort->order()) {
          if (!order->resolved()) return node;
        }
        if (!needsPush(sort->order(), *aggregate)) return node;
        std::vector<ExprPtr> aggregates = aggregate->aggregateExpressions();
        std::vector<ExprPtr> order = pushIntoAggregate(sort->order(), *aggregate, aggregates);
        auto extended = std::make_shared<Aggregate>(aggregate->groupingExpressions(), aggregates,
                                                    source->child(0));
        extended->setOrigin(source->origin());
        // The HAVING filter stays on the Aggregate; a Project HAVING added is replaced by the
        // one restoring the output, above the Sort.
        PlanPtr sorted_input = having ? having->withNewChildren({extended}) : extended;
        return projectOver(child->output(),
                           std::make_shared<Sort>(order, sort->global(), sorted_input));
      }
      return node;
    });
  }
};

}  // namespace

RulePtr makeResolveAggregateFunctions() { return std::make_shared<ResolveAggregateFunctions>(); }

}  // namespace planck
