#include "explain/tree_string.h"

#include "fmt/format.h"
#include "logical/operators.h"

namespace planck {
namespace {

std::string formatExprs(const std::vector<ExprPtr>& exprs) { return "[" + joinExprs(exprs) + "]"; }

// Attribute lists of leaves print without spaces, as Spark does: Relation t[a#1,b#2].
std::string compactAttributes(const Attributes& output) {
  std::string text = "[";
  for (size_t i = 0; i < output.size(); ++i) text += (i > 0 ? "," : "") + output[i]->toString();
  return text + "]";
}

// The subquery plans held by an operator's expressions, in order.
std::vector<PlanPtr> subqueryPlans(const LogicalPlan& plan) {
  std::vector<PlanPtr> plans;
  for (const ExprPtr& expr : plan.expressions()) {
    forEachNode(expr, [&](const ExprPtr& each) {
      if (const auto* subquery = each->asSubquery()) plans.push_back(subquery->plan());
    });
  }
  return plans;
}

void appendTree(const PlanPtr& plan, const std::string& prefix, const std::string& connector,
                const TreeStringOptions& options, std::string& out) {
  out += prefix + connector + nodeString(*plan);
  if (options.annotate) out += options.annotate(*plan);
  out += "\n";
  std::string child_prefix = prefix;
  if (connector == "+- ") child_prefix += "   ";
  if (connector == ":- ") child_prefix += ":  ";
  std::vector<PlanPtr> subqueries = subqueryPlans(*plan);
  const auto& children = plan->children();
  // Subquery plans come first, as inner children: ":  +- " while real children follow.
  for (size_t i = 0; i < subqueries.size(); ++i) {
    std::string inner_prefix = child_prefix + (children.empty() ? "   " : ":  ");
    appendTree(subqueries[i], inner_prefix, "+- ", options, out);
  }
  for (size_t i = 0; i < children.size(); ++i) {
    appendTree(children[i], child_prefix, i + 1 == children.size() ? "+- " : ":- ", options, out);
  }
}

}  // namespace

std::string paramText(const ParamValue& value) {
  return std::visit(
      [](const auto& v) -> std::string {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::string>) {
          return v;
        } else if constexpr (std::is_same_v<T, int64_t>) {
          return std::to_string(v);
        } else if constexpr (std::is_same_v<T, bool>) {
          return v ? "true" : "false";
        } else if constexpr (std::is_same_v<T, ExprPtr>) {
          return v ? v->toString() : "";
        } else if constexpr (std::is_same_v<T, std::vector<ExprPtr>>) {
          return formatExprs(v);
        } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
          std::string text = "[";
          for (size_t i = 0; i < v.size(); ++i) text += (i > 0 ? ", " : "") + v[i];
          return text + "]";
        } else {
          std::string text = "[";
          for (size_t i = 0; i < v.size(); ++i) text += (i > 0 ? ", " : "") + formatExprs(v[i]);
          return text + "]";
        }
      },
      value);
}

std::string nodeString(const LogicalPlan& plan) {
  std::string line = plan.resolved() ? "" : "'";
  line += plan.nodeName();
  if (const auto* relation = plan.as<Relation>())
    return line + " " + relation->tableName() + compactAttributes(plan.output());
  if (plan.is<LocalRelation>()) return line + " " + compactAttributes(plan.output());
  if (const auto* ref = plan.as<CteRelationRef>()) {
    return line + fmt::format(" {}, {}", formatId(ref->cteId()), compactAttributes(plan.output()));
  }
  std::vector<std::string> parts;
  for (const NodeParam& param : plan.params()) {
    std::string text = paramText(param.value);
    if (!text.empty()) parts.push_back(std::move(text));
  }
  for (size_t i = 0; i < parts.size(); ++i) line += (i == 0 ? " " : ", ") + parts[i];
  return line;
}

std::string treeString(const PlanPtr& plan, const TreeStringOptions& options) {
  ScopedNormalizedIds ids(options.normalize_ids);
  std::string out;
  appendTree(plan, "", "", options, out);
  return out;
}

std::string schemaString(const Attributes& output) {
  std::string text;
  for (size_t i = 0; i < output.size(); ++i) {
    text += fmt::format("{}{}: {}", i > 0 ? ", " : "", output[i]->name(),
                        output[i]->dataType().toString());
  }
  return text;
}

}  // namespace planck
