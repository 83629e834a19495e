// ExtractWindowExpressions: window functions in a SELECT list are computed by Window
// operators (one per distinct PARTITION BY / ORDER BY) between the input and a Project:
//
//   Project [a, rank() OVER (PARTITION BY b ORDER BY c) AS r]
//     =>  Project [a, _we0 AS r]
//         +- Window [rank() ... AS _we0], [b], [c ASC NULLS FIRST]
//
// Over a GROUP BY, the aggregates and keys the window functions use are computed by the
// Aggregate first (as _w0, _w1, ...) and the windows run over its output, as in Spark.
#include <map>

#include "analyzer/name_resolution.h"
#include "analyzer/rules.h"
#include "fmt/format.h"
#include "logical/operators.h"

namespace planck {
namespace {

std::vector<ExprPtr> collectWindows(const std::vector<ExprPtr>& items) {
  std::vector<ExprPtr> windows;
  for (const ExprPtr& item : items) {
    forEachNode(item, [&](const ExprPtr& expr) {
      if (!expr->is<WindowExpression>()) return;
      for (const ExprPtr& seen : windows) {
        if (seen->equals(*expr)) return;
      }
      windows.push_back(expr);
    });
  }
  return windows;
}

ExprPtr replaceWindows(const ExprPtr& expr, const std::vector<ExprPtr>& windows,
                       const Attributes& attrs) {
  for (size_t i = 0; i < windows.size(); ++i) {
    if (windows[i]->equals(*expr)) return attrs[i];
  }
  std::vector<ExprPtr> children;
  for (const ExprPtr& child : expr->children())
    children.push_back(replaceWindows(child, windows, attrs));
  return expr->withNewChildren(std::move(children));
}

// Builds the Window operators for `windows` over `child`; fills `attrs` with their outputs.
PlanPtr addWindows(const std::vector<ExprPtr>& windows, PlanPtr child, Attributes& attrs) {
  std::vector<std::pair<const WindowSpec*, std::vector<ExprPtr>>> groups;
  for (size_t i = 0; i < windows.size(); ++i) {
    auto alias = std::make_shared<Alias>(windows[i], fmt::format("_we{}", i), newExprId());
    attrs.push_back(alias->toAttribute());
    const WindowSpec& spec = windows[i]->as<WindowExpression>()->spec();
    bool placed = false;
    for (auto& [group_spec, members] : groups) {
      if (exprListEquals(group_spec->partitionBy(), spec.partitionBy()) &&
          exprListEquals(group_spec->orderBy(), spec.orderBy())) {
        members.push_back(alias);
        placed = true;
        break;
      }
    }
    if (!placed) groups.push_back({&spec, {alias}});
  }
  for (auto& [spec, members] : groups) {
    child = std::make_shared<Window>(members, spec->partitionBy(), spec->orderBy(), child);
  }
  return child;
}

// Rewrites a select item over a GROUP BY so that what its window functions need comes from
// the Aggregate: aggregate calls become _wN columns, keys are added to the Aggregate's output.
// The window function itself (sum(x) OVER ...) stays: it is computed by the Window.
ExprPtr pullAggregates(const ExprPtr& expr, std::vector<ExprPtr>& aggregates, int& counter) {
  if (const auto* window = expr->as<WindowExpression>()) {
    std::vector<ExprPtr> args;
    for (const ExprPtr& arg : window->function()->children()) {
      args.push_back(pullAggregates(arg, aggregates, counter));
    }
    ExprPtr function = window->function()->withNewChildren(std::move(args));
    return expr->withNewChildren({function, pullAggregates(expr->child(1), aggregates, counter)});
  }
  if (expr->is<AggregateExpression>()) {
    for (const ExprPtr& item : aggregates) {
      if (const auto* alias = item->as<Alias>(); alias && alias->child(0)->equals(*expr))
        return alias->toAttribute();
    }
    auto alias = std::make_shared<Alias>(expr, fmt::format("_w{}", counter++), newExprId());
    aggregates.push_back(alias);
    return alias->toAttribute();
  }
  if (const auto* attr = expr->as<AttributeReference>()) {
    for (const ExprPtr& item : aggregates) {
      AttributePtr out = namedToAttribute(item);
      if (out && out->exprId() == attr->exprId()) return expr;
    }
    aggregates.push_back(expr);
    return expr;
  }
  std::vector<ExprPtr> children;
  for (const ExprPtr& child : expr->children())
    children.push_back(pullAggregates(child, aggregates, counter));
  return expr->withNewChildren(std::move(children));
}

class ExtractWindowExpressions final : public Rule {
 public:
  std::string_view name() const override { return "ExtractWindowExpressions"; }
  PlanPtr apply(const PlanPtr& plan, RuleContext& ctx) const override {
    return transformUpWithPruning(plan, ctx.ruleMark(), [](const PlanPtr& node) -> PlanPtr {
      if (!node->is<Project>() && !node->is<Aggregate>()) return node;
      if (!node->resolved()) return node;
      std::vector<ExprPtr> items = node->is<Project>()
                                       ? node->as<Project>()->projectList()
                                       : node->as<Aggregate>()->aggregateExpressions();
      std::vector<ExprPtr> windows = collectWindows(items);
      if (windows.empty()) return node;
      PlanPtr input = node->child(0);
      if (const auto* aggregate = node->as<Aggregate>()) {
        std::vector<ExprPtr> aggregates;
        for (const ExprPtr& item : items) {
          if (!containsWindow(item)) aggregates.push_back(item);
        }
        int counter = 0;
        std::vector<ExprPtr> top;
        for (const ExprPtr& item : items) {
          if (containsWindow(item)) {
            top.push_back(pullAggregates(item, aggregates, counter));
          } else {
            top.push_back(namedToAttribute(item) ? ExprPtr(namedToAttribute(item)) : item);
          }
        }
        items = std::move(top);
        windows = collectWindows(items);
        input = std::make_shared<Aggregate>(aggregate->groupingExpressions(), std::move(aggregates),
                                            input);
      }
      Attributes attrs;
      PlanPtr windowed = addWindows(windows, input, attrs);
      std::vector<ExprPtr> list;
      for (const ExprPtr& item : items) list.push_back(replaceWindows(item, windows, attrs));
      return std::make_shared<Project>(std::move(list), windowed);
    });
  }
};

}  // namespace

RulePtr makeExtractWindowExpressions() { return std::make_shared<ExtractWindowExpressions>(); }

}  // namespace planck
