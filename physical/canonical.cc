#include "physical/canonical.h"

#include "physical/operators.h"

namespace planck {

std::string PlanCanonicalizer::textOf(const PhysicalPtr& plan) {
  std::string text = "(";
  bool leaf = leaf_ && leaf_(*plan);
  if (!leaf) {
    for (const PhysicalPtr& child : plan->children()) text += textOf(child);
  }
  {
    ScopedNormalizedIds hidden;
    // A codegen stage's id is a label (Spark's canonical form sets it to 0).
    text += plan->is<WholeStageCodegenExec>() ? "WholeStageCodegen" : plan->simpleString();
  }
  text += " |";
  for (const AttributePtr& attribute : plan->output()) {
    appendId(attribute->exprId(), text);
    if (with_types_) text += ":" + attribute->dataType().toString();
  }
  text += " |";
  if (!leaf) {
    for (const ExprPtr& expr : plan->expressions()) {
      // The whole expression: an operator's line may name a column without its definition
      // (HashAggregate's keys=[_groupingexpression#5] hides that it is `5 AS ...`).
      {
        ScopedNormalizedIds hidden;
        text += " " + expr->toString();
      }
      forEachNode(expr, [&](const ExprPtr& node) {
        if (const auto* attribute = node->as<AttributeReference>()) {
          appendId(attribute->exprId(), text);
        } else if (const auto* alias = node->as<Alias>()) {
          appendId(alias->exprId(), text);
        }
        if (with_types_ && node->resolved()) text += ":" + node->dataType().toString();
      });
    }
  }
  return text + ")";
}

void PlanCanonicalizer::appendId(ExprId id, std::string& text) {
  auto [it, inserted] = ordinals_.emplace(id, ordinals_.size());
  text += " " + std::to_string(it->second);
}

}  // namespace planck
