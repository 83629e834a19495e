#include "logical/predicates.h"

#include "logical/operators.h"

namespace planck {

bool AttributeSet::subsetOf(const AttributeSet& other) const {
  if (size() > other.size()) return false;
  for (ExprId id : ids_) {
    if (!other.contains(id)) return false;
  }
  return true;
}

bool AttributeSet::intersects(const AttributeSet& other) const {
  const AttributeSet& small = size() <= other.size() ? *this : other;
  const AttributeSet& large = size() <= other.size() ? other : *this;
  for (ExprId id : small.ids_) {
    if (large.contains(id)) return true;
  }
  return false;
}

namespace {

void addReferences(const ExprPtr& expr, AttributeSet& into) {
  forEachNode(expr, [&](const ExprPtr& node) {
    if (const auto* attribute = node->as<AttributeReference>()) {
      into.insert(attribute->exprId());
    } else if (const SubqueryExpression* subquery = node->asSubquery()) {
      for (const ExprPtr& outer : subquery->outerReferences()) {
        into.insert(outer->as<OuterReference>()->attribute()->exprId());
      }
    }
  });
}

void split(const ExprPtr& condition, ExprKind kind, std::vector<ExprPtr>& into) {
  if (condition->kind() == kind) {
    split(condition->child(0), kind, into);
    split(condition->child(1), kind, into);
  } else {
    into.push_back(condition);
  }
}

}  // namespace

AttributeSet referencesOf(const ExprPtr& expr) {
  AttributeSet references;
  addReferences(expr, references);
  return references;
}

AttributeSet referencesOf(const std::vector<ExprPtr>& exprs) {
  AttributeSet references;
  for (const ExprPtr& expr : exprs) addReferences(expr, references);
  return references;
}

AttributeSet referencesOf(const LogicalPlan& plan) { return referencesOf(plan.expressions()); }

std::vector<ExprPtr> splitConjuncts(const ExprPtr& condition) {
  std::vector<ExprPtr> parts;
  if (condition) split(condition, ExprKind::kAnd, parts);
  return parts;
}

std::vector<ExprPtr> splitDisjuncts(const ExprPtr& condition) {
  std::vector<ExprPtr> parts;
  if (condition) split(condition, ExprKind::kOr, parts);
  return parts;
}

ExprPtr conjunction(const std::vector<ExprPtr>& predicates) {
  ExprPtr result;
  for (const ExprPtr& predicate : predicates) result = andOf(result, predicate);
  return result;
}

ExprPtr disjunction(const std::vector<ExprPtr>& predicates) {
  ExprPtr result;
  for (const ExprPtr& predicate : predicates) {
    result = result ? std::make_shared<Or>(result, predicate) : predicate;
  }
  return result;
}

ExprPtr andOf(const ExprPtr& a, const ExprPtr& b) {
  if (!a) return b;
  if (!b) return a;
  return std::make_shared<And>(a, b);
}

bool canEvaluate(const ExprPtr& expr, const AttributeSet& available) {
  return referencesOf(expr).subsetOf(available);
}

bool canEvaluate(const ExprPtr& expr, const LogicalPlan& plan) {
  return canEvaluate(expr, AttributeSet(plan.output()));
}

bool hasSubquery(const ExprPtr& expr) {
  return existsNode(expr, [](const ExprPtr& node) { return node->asSubquery() != nullptr; });
}

AttributeMap aliasMap(const std::vector<ExprPtr>& project_list) {
  AttributeMap map;
  for (const ExprPtr& named : project_list) {
    if (const auto* alias = named->as<Alias>()) {
      map.emplace(alias->exprId(), alias->child(0));
    } else if (const auto* attribute = named->as<AttributeReference>()) {
      map.emplace(attribute->exprId(), named);
    }
  }
  return map;
}

AttributeMap positionalMap(const Attributes& from, const Attributes& to) {
  AttributeMap map;
  for (size_t i = 0; i < from.size() && i < to.size(); ++i) map[from[i]->exprId()] = to[i];
  return map;
}

PlanPtr projectedTo(const PlanPtr& plan, const Attributes& output) {
  const Attributes& has = plan->output();
  bool same = has.size() == output.size();
  for (size_t i = 0; same && i < has.size(); ++i) same = has[i]->exprId() == output[i]->exprId();
  if (same) return plan;
  return std::make_shared<Project>(std::vector<ExprPtr>(output.begin(), output.end()), plan);
}

ExprPtr replaceAttributes(const ExprPtr& expr, const AttributeMap& map) {
  if (map.empty()) return expr;
  return transformUp(expr, [&](const ExprPtr& node) -> ExprPtr {
    if (const auto* attribute = node->as<AttributeReference>()) {
      auto it = map.find(attribute->exprId());
      if (it != map.end()) return it->second;
    }
    return node;
  });
}

AttributePtr toAttribute(const ExprPtr& named) {
  if (const auto* alias = named->as<Alias>()) return alias->toAttribute();
  if (named->is<AttributeReference>())
    return std::static_pointer_cast<const AttributeReference>(named);
  return nullptr;
}

bool nullOnNullInput(const ExprPtr& expr, const AttributeSet& side) {
  switch (expr->kind()) {
    case ExprKind::kAttributeReference:
      return side.contains(expr->as<AttributeReference>()->exprId());
    case ExprKind::kBinaryComparison:
      if (expr->as<BinaryComparison>()->op() == ComparisonOp::kNullSafeEqual) return false;
      [[fallthrough]];
    case ExprKind::kBinaryArithmetic:
    case ExprKind::kUnaryMinus:
    case ExprKind::kCast:
    case ExprKind::kNot:
    case ExprKind::kLike:
      for (const ExprPtr& child : expr->children()) {
        if (nullOnNullInput(child, side)) return true;
      }
      return false;
    case ExprKind::kIn:
      return nullOnNullInput(expr->child(0), side);
    case ExprKind::kScalarFunction: {
      // Only functions that are NULL when any argument is (not coalesce, say).
      const auto* function = expr->as<ScalarFunction>();
      if (function->nullPolicy() != NullPolicy::kAnyArgument) return false;
      for (const ExprPtr& child : expr->children()) {
        if (nullOnNullInput(child, side)) return true;
      }
      return false;
    }
    default:
      return false;
  }
}

bool nullRejecting(const ExprPtr& predicate, const AttributeSet& side) {
  switch (predicate->kind()) {
    case ExprKind::kAnd:
      return nullRejecting(predicate->child(0), side) || nullRejecting(predicate->child(1), side);
    case ExprKind::kOr:
      return nullRejecting(predicate->child(0), side) && nullRejecting(predicate->child(1), side);
    case ExprKind::kIsNotNull:
      return nullOnNullInput(predicate->child(0), side);
    default:
      return nullOnNullInput(predicate, side);
  }
}

ExprPtr canonicalize(const ExprPtr& predicate) {
  const auto* comparison = predicate->as<BinaryComparison>();
  if (comparison == nullptr) return predicate;
  const ExprPtr& left = comparison->left();
  const ExprPtr& right = comparison->right();
  // Any fixed order works: literals on the right (as people write them), otherwise by the
  // cached hash.
  bool left_literal = left->is<Literal>(), right_literal = right->is<Literal>();
  bool ordered = left_literal != right_literal ? right_literal : left->hash() <= right->hash();
  if (ordered) return predicate;
  return std::make_shared<BinaryComparison>(flipped(comparison->op()), right, left);
}

ExprPtr trueLiteral() {
  static const ExprPtr literal = Literal::make(Value::boolean(true));
  return literal;
}

ExprPtr falseLiteral() {
  static const ExprPtr literal = Literal::make(Value::boolean(false));
  return literal;
}

ExprPtr nullLiteral(DataType type) { return Literal::make(Value::null(type)); }

bool isTrueLiteral(const ExprPtr& expr) {
  const auto* literal = expr->as<Literal>();
  return literal && !literal->value().isNull() &&
         literal->value().type().id() == TypeId::kBoolean && literal->value().asBool();
}

bool isFalseLiteral(const ExprPtr& expr) {
  const auto* literal = expr->as<Literal>();
  return literal && !literal->value().isNull() &&
         literal->value().type().id() == TypeId::kBoolean && !literal->value().asBool();
}

bool isNullLiteral(const ExprPtr& expr) {
  const auto* literal = expr->as<Literal>();
  return literal && literal->value().isNull();
}

}  // namespace planck
