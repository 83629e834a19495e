// ExpressionRule: a rule that only rewrites expressions (ConstantFolding, BooleanSimplification,
// NullPropagation, ...), so that each such rule is its rewrite and nothing else.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "logical/plan.h"
#include "optimizer/rule.h"

namespace planck {

// How a rewrite walks each expression tree: from the leaves up (a node sees its children
// already rewritten), or from the root down (a node rewritten first, then its new children).
enum class ExpressionOrder { kBottomUp, kTopDown };

// A rewrite of one expression node; returns `expr` itself when nothing applies.
using ExpressionRewrite = ExprPtr (*)(const ExprPtr& expr);

// The rule `name` applying `rewrite` to every expression of every operator of the plan, in
// `order` within each expression. Operators are visited bottom-up with transformUpWithPruning,
// so subtrees this rule already left unchanged are skipped.
class ExpressionRule final : public Rule {
 public:
  ExpressionRule(std::string_view name, ExpressionRewrite rewrite, ExpressionOrder order)
      : name_(name), rewrite_(rewrite), order_(order) {}

  std::string_view name() const override { return name_; }
  PlanPtr apply(const PlanPtr& plan, RuleContext& ctx) const override {
    return transformUpWithPruning(plan, ctx.ruleMark(), [this](const PlanPtr& node) {
      return order_ == ExpressionOrder::kBottomUp ? transformExpressionsUp(node, rewrite_)
                                                  : transformExpressionsDown(node, rewrite_);
    });
  }

 private:
  std::string name_;
  ExpressionRewrite rewrite_;
  ExpressionOrder order_;
};

// An ExpressionRule, as the rule catalogue (rules.h) hands rules out.
inline RulePtr makeExpressionRule(std::string_view name, ExpressionRewrite rewrite,
                                  ExpressionOrder order = ExpressionOrder::kBottomUp) {
  return std::make_shared<ExpressionRule>(name, rewrite, order);
}

}  // namespace planck
