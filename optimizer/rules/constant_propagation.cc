// ConstantPropagation (Spark's rule of the same name): within a conjunction of a Filter or Join
// condition, an equality `attribute = literal` lets the other comparisons of that conjunction
// use the literal instead of the attribute.
//
//   Filter ((a#1 = 5) AND (b#2 > a#1))   =>   Filter ((a#1 = 5) AND (b#2 > 5))
//
// Safe because the conjunction is only TRUE where the equality is TRUE, i.e. where a is 5.
// Following Spark's traversal: equalities are collected through AND only; below an OR each
// side is rewritten with its own equalities, but none flow out of it; below a NOT neither,
// and there a nullable attribute is not a source (inside NOT, `a = 5` being NULL instead of
// FALSE matters). At the top of a condition NULL acts as FALSE, so there and under AND/OR a
// nullable attribute may be a source. Sources are `a = lit`, `lit = a`, `a <=> lit`; the
// attribute is replaced only inside the other binary comparisons, never in the sources
// themselves. The whole condition must be deterministic.
#include "logical/operators.h"
#include "logical/predicates.h"
#include "optimizer/rules.h"

namespace planck {
namespace {

struct Source {
  ExprId id;
  ExprPtr literal;
  ExprPtr predicate;
};

// The equality `expr` states between an attribute and a literal, if it is a usable source.
std::optional<Source> sourceOf(const ExprPtr& expr, bool null_is_false) {
  const auto* cmp = expr->as<BinaryComparison>();
  if (!cmp || (cmp->op() != ComparisonOp::kEqual && cmp->op() != ComparisonOp::kNullSafeEqual))
    return std::nullopt;
  const ExprPtr* attribute = &cmp->left();
  const ExprPtr* literal = &cmp->right();
  if (!(*attribute)->is<AttributeReference>()) std::swap(attribute, literal);
  if (!(*attribute)->is<AttributeReference>() || !(*literal)->is<Literal>()) return std::nullopt;
  if ((*attribute)->dataType() != (*literal)->dataType()) return std::nullopt;
  if ((*attribute)->nullable() && !null_is_false) return std::nullopt;
  return Source{(*attribute)->as<AttributeReference>()->exprId(), *literal, expr};
}

ExprPtr replaceConstants(const ExprPtr& condition, const std::vector<Source>& sources) {
  AttributeMap constants;
  for (const Source& source : sources) constants[source.id] = source.literal;
  return transformDown(condition, [&](const ExprPtr& node) -> ExprPtr {
    if (!node->is<BinaryComparison>()) return node;
    for (const Source& source : sources) {
      if (exprEquals(source.predicate, node)) return node;
    }
    return replaceAttributes(node, constants);
  });
}

// Spark's traverse: the rewritten condition and the equalities it contributes to an
// enclosing AND.
std::pair<ExprPtr, std::vector<Source>> traverse(const ExprPtr& condition, bool replace_children,
                                                 bool null_is_false) {
  if (const auto* conjunction = condition->as<And>()) {
    auto [left, left_sources] = traverse(conjunction->left(), false, null_is_false);
    auto [right, right_sources] = traverse(conjunction->right(), false, null_is_false);
    left_sources.insert(left_sources.end(), right_sources.begin(), right_sources.end());
    if (!left_sources.empty() && replace_children) {
      left = replaceConstants(left, left_sources);
      right = replaceConstants(right, left_sources);
    }
    return {condition->withNewChildren({left, right}), std::move(left_sources)};
  }
  if (condition->is<Or>()) {
    ExprPtr left = traverse(condition->child(0), true, null_is_false).first;
    ExprPtr right = traverse(condition->child(1), true, null_is_false).first;
    return {condition->withNewChildren({left, right}), {}};
  }
  if (condition->is<Not>()) {
    ExprPtr child = traverse(condition->child(0), true, false).first;
    return {condition->withNewChildren({child}), {}};
  }
  if (std::optional<Source> source = sourceOf(condition, null_is_false))
    return {condition, {*source}};
  return {condition, {}};
}

ExprPtr propagate(const ExprPtr& condition) {
  if (!condition || !condition->deterministic()) return condition;
  return traverse(condition, true, true).first;
}

class ConstantPropagation final : public Rule {
 public:
  std::string_view name() const override { return "ConstantPropagation"; }
  PlanPtr apply(const PlanPtr& plan, RuleContext& ctx) const override {
    return transformUpWithPruning(plan, ctx.ruleMark(), [](const PlanPtr& node) -> PlanPtr {
      if (const auto* filter = node->as<Filter>())
        return node->withNewExpressions({propagate(filter->condition())});
      if (const auto* join = node->as<Join>(); join && join->condition())
        return node->withNewExpressions({propagate(join->condition())});
      return node;
    });
  }
};

}  // namespace

RulePtr makeConstantPropagation() { return std::make_shared<ConstantPropagation>(); }

}  // namespace planck
