#include "logical/expressions.h"

#include <algorithm>

#include "absl/hash/hash.h"
#include "common/strings.h"
#include "fmt/format.h"
#include "logical/plan.h"

namespace planck {

std::string Literal::toString() const {
  if (value_.type().isBinary() && !value_.isNull()) return "0x" + hexOf(value_.asString());
  return value_.toString();
}

bool Literal::paramsEqual(const Expression& other) const {
  return value_ == static_cast<const Literal&>(other).value_;
}

AttributePtr AttributeReference::withQualifier(std::vector<std::string> qualifier) const {
  return std::make_shared<AttributeReference>(name_, type_, nullable_, id_, std::move(qualifier));
}
AttributePtr AttributeReference::withNullability(bool nullable) const {
  if (nullable == nullable_) return std::static_pointer_cast<const AttributeReference>(self());
  return std::make_shared<AttributeReference>(name_, type_, nullable, id_, qualifier_);
}
AttributePtr AttributeReference::withName(std::string name) const {
  return std::make_shared<AttributeReference>(std::move(name), type_, nullable_, id_, qualifier_);
}
AttributePtr AttributeReference::withExprId(ExprId id) const {
  return std::make_shared<AttributeReference>(name_, type_, nullable_, id, qualifier_);
}

std::string AttributeReference::toString() const {
  return fmt::format("{}#{}", name_, formatId(id_));
}

bool AttributeReference::paramsEqual(const Expression& other) const {
  return id_ == static_cast<const AttributeReference&>(other).id_;
}

bool OuterReference::paramsEqual(const Expression& other) const {
  return attribute_->equals(*static_cast<const OuterReference&>(other).attribute_);
}

std::string UnresolvedAttribute::name() const { return join(name_parts_, "."); }

bool UnresolvedAttribute::paramsEqual(const Expression& other) const {
  return name_parts_ == static_cast<const UnresolvedAttribute&>(other).name_parts_;
}
size_t UnresolvedAttribute::paramsHash() const { return absl::HashOf(name_parts_); }

std::string UnresolvedStar::toString() const {
  return qualifier_.empty() ? "*" : join(qualifier_, ".") + ".*";
}
bool UnresolvedStar::paramsEqual(const Expression& other) const {
  return qualifier_ == static_cast<const UnresolvedStar&>(other).qualifier_;
}

UnresolvedFunction::UnresolvedFunction(std::string name, std::vector<ExprPtr> arguments,
                                       bool distinct, ExprPtr filter)
    : NodeCopy(std::move(arguments)),
      name_(std::move(name)),
      distinct_(distinct),
      has_filter_(filter != nullptr) {
  if (filter) children_.push_back(std::move(filter));
}

std::vector<ExprPtr> UnresolvedFunction::arguments() const {
  return {children_.begin(), children_.end() - (has_filter_ ? 1 : 0)};
}

std::string UnresolvedFunction::toString() const {
  std::string text =
      fmt::format("'{}({}{})", name_, distinct_ ? "distinct " : "", joinExprs(arguments()));
  if (has_filter_) text += fmt::format(" FILTER (WHERE {})", filter()->toString());
  return text;
}

std::string UnresolvedFunction::sql() const {
  return fmt::format("{}({}{})", name_, distinct_ ? "DISTINCT " : "", joinSql(arguments()));
}

bool UnresolvedFunction::paramsEqual(const Expression& other) const {
  const auto& that = static_cast<const UnresolvedFunction&>(other);
  return name_ == that.name_ && distinct_ == that.distinct_ && has_filter_ == that.has_filter_;
}
size_t UnresolvedFunction::paramsHash() const { return absl::HashOf(name_, distinct_); }

AttributePtr Alias::toAttribute() const {
  return std::make_shared<AttributeReference>(name_, child(0)->dataType(), child(0)->nullable(),
                                              id_, qualifier_);
}

std::string Alias::toString() const {
  return fmt::format("{} AS {}#{}", child(0)->toString(), name_, formatId(id_));
}
std::string Alias::sql() const { return fmt::format("{} AS {}", child(0)->sql(), name_); }

bool Alias::paramsEqual(const Expression& other) const {
  const auto& that = static_cast<const Alias&>(other);
  return id_ == that.id_ && name_ == that.name_;
}

std::string_view symbolOf(ArithmeticOp op) {
  switch (op) {
    case ArithmeticOp::kAdd:
      return "+";
    case ArithmeticOp::kSubtract:
      return "-";
    case ArithmeticOp::kMultiply:
      return "*";
    case ArithmeticOp::kDivide:
      return "/";
    case ArithmeticOp::kRemainder:
      return "%";
  }
  return "?";
}

DataType arithmeticResultType(ArithmeticOp op, DataType left, DataType right) {
  if (left.id() == TypeId::kDate && right.id() == TypeId::kInterval) return DataType::date();
  if (left.id() == TypeId::kInterval && right.id() == TypeId::kDate) return DataType::date();
  if (left.id() == TypeId::kDate && right.id() == TypeId::kDate) return DataType::integer();
  if (left.id() == TypeId::kDate && right.isIntegral()) return DataType::date();
  if (left.isDecimal() || right.isDecimal()) {
    if (left.id() == TypeId::kDouble || right.id() == TypeId::kDouble) return DataType::float64();
    // Departs from Spark (decimal): a decimal quotient is DOUBLE, as the TPC-H reference answers
    // were computed; + - * and % stay exact.
    if (op == ArithmeticOp::kDivide) return DataType::float64();
    DataType a = left.asDecimal(), b = right.asDecimal();
    int p1 = a.precision(), s1 = a.scale(), p2 = b.precision(), s2 = b.scale();
    // Spark's DecimalPrecision rules, bounded at 18 digits.
    switch (op) {
      case ArithmeticOp::kAdd:
      case ArithmeticOp::kSubtract: {
        int scale = std::max(s1, s2);
        return DataType::boundedDecimal(std::max(p1 - s1, p2 - s2) + scale + 1, scale);
      }
      case ArithmeticOp::kMultiply:
        return DataType::boundedDecimal(p1 + p2 + 1, s1 + s2);
      case ArithmeticOp::kDivide:
        return DataType::float64();  // see above
      case ArithmeticOp::kRemainder: {
        int scale = std::max(s1, s2);
        return DataType::boundedDecimal(std::min(p1 - s1, p2 - s2) + scale, scale);
      }
    }
  }
  return commonType(left, right).value_or(left);
}

DataType BinaryArithmetic::dataType() const {
  return arithmeticResultType(op_, left()->dataType(), right()->dataType());
}

bool BinaryArithmetic::nullable() const {
  return op_ == ArithmeticOp::kDivide || op_ == ArithmeticOp::kRemainder || Expression::nullable();
}

std::string BinaryArithmetic::toString() const {
  return fmt::format("({} {} {})", left()->toString(), symbolOf(op_), right()->toString());
}
std::string BinaryArithmetic::sql() const {
  return fmt::format("({} {} {})", left()->sql(), symbolOf(op_), right()->sql());
}
bool BinaryArithmetic::paramsEqual(const Expression& other) const {
  return op_ == static_cast<const BinaryArithmetic&>(other).op_;
}

std::string_view symbolOf(ComparisonOp op) {
  switch (op) {
    case ComparisonOp::kEqual:
      return "=";
    case ComparisonOp::kNullSafeEqual:
      return "<=>";
    case ComparisonOp::kLessThan:
      return "<";
    case ComparisonOp::kLessThanOrEqual:
      return "<=";
    case ComparisonOp::kGreaterThan:
      return ">";
    case ComparisonOp::kGreaterThanOrEqual:
      return ">=";
  }
  return "?";
}

ComparisonOp flipped(ComparisonOp op) {
  switch (op) {
    case ComparisonOp::kLessThan:
      return ComparisonOp::kGreaterThan;
    case ComparisonOp::kLessThanOrEqual:
      return ComparisonOp::kGreaterThanOrEqual;
    case ComparisonOp::kGreaterThan:
      return ComparisonOp::kLessThan;
    case ComparisonOp::kGreaterThanOrEqual:
      return ComparisonOp::kLessThanOrEqual;
    default:
      return op;
  }
}

bool BinaryComparison::nullable() const {
  return op_ != ComparisonOp::kNullSafeEqual && Expression::nullable();
}
std::string BinaryComparison::toString() const {
  return fmt::format("({} {} {})", left()->toString(), symbolOf(op_), right()->toString());
}
std::string BinaryComparison::sql() const {
  return fmt::format("({} {} {})", left()->sql(), symbolOf(op_), right()->sql());
}
bool BinaryComparison::paramsEqual(const Expression& other) const {
  return op_ == static_cast<const BinaryComparison&>(other).op_;
}

std::string And::toString() const {
  return fmt::format("({} AND {})", left()->toString(), right()->toString());
}
std::string And::sql() const { return fmt::format("({} AND {})", left()->sql(), right()->sql()); }
std::string Or::toString() const {
  return fmt::format("({} OR {})", left()->toString(), right()->toString());
}
std::string Or::sql() const { return fmt::format("({} OR {})", left()->sql(), right()->sql()); }

std::string Like::toString() const {
  std::string text = fmt::format("{} {} {}", child(0)->toString(),
                                 case_insensitive_ ? "ILIKE" : "LIKE", child(1)->toString());
  if (escape_ != '\\') text += fmt::format(" ESCAPE '{}'", escape_);
  return text;
}
std::string Like::sql() const {
  std::string text = fmt::format("{} {} {}", child(0)->sql(), case_insensitive_ ? "ILIKE" : "LIKE",
                                 child(1)->sql());
  if (escape_ != '\\') text += fmt::format(" ESCAPE '{}'", escape_);
  return text;
}
bool Like::paramsEqual(const Expression& other) const {
  const auto& that = static_cast<const Like&>(other);
  return escape_ == that.escape_ && case_insensitive_ == that.case_insensitive_;
}

In::In(ExprPtr value, std::vector<ExprPtr> list) {
  children_.reserve(list.size() + 1);
  children_.push_back(std::move(value));
  for (ExprPtr& item : list) children_.push_back(std::move(item));
}

bool In::foldable() const {
  for (const ExprPtr& child : children_) {
    if (!child->foldable()) return false;
  }
  return true;
}

std::string In::toString() const {
  std::string items;
  for (size_t i = 1; i < children_.size(); ++i) {
    if (i > 1) items += ",";
    items += children_[i]->toString();
  }
  return fmt::format("{} IN ({})", value()->toString(), items);
}
std::string In::sql() const { return fmt::format("({} IN ({}))", value()->sql(), joinSql(list())); }

CaseWhen::CaseWhen(std::vector<std::pair<ExprPtr, ExprPtr>> branches, ExprPtr else_value)
    : branch_count_(branches.size()) {
  for (auto& [condition, result] : branches) {
    children_.push_back(std::move(condition));
    children_.push_back(std::move(result));
  }
  if (else_value) children_.push_back(std::move(else_value));
}

DataType CaseWhen::dataType() const {
  DataType type = DataType::null();
  for (size_t i = 0; i < branch_count_; ++i) {
    type = commonType(type, result(i)->dataType()).value_or(type);
  }
  if (ExprPtr otherwise = elseValue())
    type = commonType(type, otherwise->dataType()).value_or(type);
  return type;
}

bool CaseWhen::nullable() const {
  ExprPtr otherwise = elseValue();
  if (!otherwise || otherwise->nullable()) return true;
  for (size_t i = 0; i < branch_count_; ++i) {
    if (result(i)->nullable()) return true;
  }
  return false;
}

bool CaseWhen::foldable() const {
  for (const ExprPtr& child : children_) {
    if (!child->foldable()) return false;
  }
  return true;
}

std::string CaseWhen::toString() const {
  std::string text = "CASE";
  for (size_t i = 0; i < branch_count_; ++i) {
    text += fmt::format(" WHEN {} THEN {}", condition(i)->toString(), result(i)->toString());
  }
  if (ExprPtr otherwise = elseValue()) text += " ELSE " + otherwise->toString();
  return text + " END";
}

std::string CaseWhen::sql() const {
  std::string text = "CASE";
  for (size_t i = 0; i < branch_count_; ++i) {
    text += fmt::format(" WHEN {} THEN {}", condition(i)->sql(), result(i)->sql());
  }
  if (ExprPtr otherwise = elseValue()) text += " ELSE " + otherwise->sql();
  return text + " END";
}

bool CaseWhen::paramsEqual(const Expression& other) const {
  return branch_count_ == static_cast<const CaseWhen&>(other).branch_count_;
}

bool Cast::nullable() const { return child(0)->nullable() || child(0)->dataType().isString(); }
std::string Cast::toString() const {
  return fmt::format("cast({} as {})", child(0)->toString(), type_.toString());
}
std::string Cast::sql() const {
  return fmt::format("CAST({} AS {})", child(0)->sql(), type_.sqlName());
}
bool Cast::paramsEqual(const Expression& other) const {
  return type_ == static_cast<const Cast&>(other).type_;
}

bool ScalarFunction::nullable() const {
  switch (nulls_) {
    case NullPolicy::kAnyArgument:
      return Expression::nullable();
    case NullPolicy::kNever:
      return false;
    case NullPolicy::kAlways:
      return true;
  }
  return true;
}

bool ScalarFunction::foldable() const {
  if (!deterministic_) return false;
  for (const ExprPtr& child : children_) {
    if (!child->foldable()) return false;
  }
  return true;
}

bool ScalarFunction::deterministic() const { return deterministic_ && Expression::deterministic(); }

std::string ScalarFunction::toString() const {
  return fmt::format("{}({})", name_, joinExprs(children_));
}
std::string ScalarFunction::sql() const { return fmt::format("{}({})", name_, joinSql(children_)); }
bool ScalarFunction::paramsEqual(const Expression& other) const {
  const auto& that = static_cast<const ScalarFunction&>(other);
  return name_ == that.name_ && type_ == that.type_;
}
size_t ScalarFunction::paramsHash() const { return absl::HashOf(name_); }

AggregateExpression::AggregateExpression(std::string name, std::vector<ExprPtr> arguments,
                                         bool distinct, ExprPtr filter, DataType type,
                                         bool nullable)
    : NodeCopy(std::move(arguments)),
      name_(std::move(name)),
      distinct_(distinct),
      has_filter_(filter != nullptr),
      type_(type),
      nullable_(nullable) {
  if (filter) children_.push_back(std::move(filter));
}

std::vector<ExprPtr> AggregateExpression::arguments() const {
  return {children_.begin(), children_.end() - (has_filter_ ? 1 : 0)};
}

std::string AggregateExpression::toString() const {
  std::string text =
      fmt::format("{}({}{})", name_, distinct_ ? "distinct " : "", joinExprs(arguments()));
  if (has_filter_) text += fmt::format(" FILTER (WHERE {})", filter()->toString());
  return text;
}
std::string AggregateExpression::sql() const {
  std::string text =
      fmt::format("{}({}{})", name_, distinct_ ? "DISTINCT " : "", joinSql(arguments()));
  if (has_filter_) text += fmt::format(" FILTER (WHERE {})", filter()->sql());
  return text;
}
bool AggregateExpression::paramsEqual(const Expression& other) const {
  const auto& that = static_cast<const AggregateExpression&>(other);
  return name_ == that.name_ && distinct_ == that.distinct_ && has_filter_ == that.has_filter_ &&
         type_ == that.type_;
}
size_t AggregateExpression::paramsHash() const { return absl::HashOf(name_, distinct_); }

std::string FrameBound::toString() const {
  switch (kind) {
    case Kind::kUnboundedPreceding:
      return "unboundedpreceding$()";
    case Kind::kPreceding:
      return fmt::format("-{}", offset);
    case Kind::kCurrentRow:
      return "currentrow$()";
    case Kind::kFollowing:
      return fmt::format("{}", offset);
    case Kind::kUnboundedFollowing:
      return "unboundedfollowing$()";
  }
  return "?";
}

std::string WindowFrame::toString() const {
  return fmt::format("specifiedwindowframe({}, {}, {})",
                     type == FrameType::kRows ? "RowFrame" : "RangeFrame", lower.toString(),
                     upper.toString());
}

WindowSpec::WindowSpec(std::vector<ExprPtr> partition_by, std::vector<ExprPtr> order_by,
                       WindowFrame frame)
    : partition_count_(partition_by.size()), frame_(frame) {
  for (ExprPtr& expr : partition_by) children_.push_back(std::move(expr));
  for (ExprPtr& expr : order_by) children_.push_back(std::move(expr));
}

std::vector<ExprPtr> WindowSpec::partitionBy() const {
  return {children_.begin(), children_.begin() + static_cast<std::ptrdiff_t>(partition_count_)};
}
std::vector<ExprPtr> WindowSpec::orderBy() const {
  return {children_.begin() + static_cast<std::ptrdiff_t>(partition_count_), children_.end()};
}

std::string WindowSpec::toString() const {
  std::vector<std::string> parts;
  for (const ExprPtr& child : children_) parts.push_back(child->toString());
  parts.push_back(frame_.toString());
  return fmt::format("windowspecdefinition({})", join(parts, ", "));
}

std::string WindowSpec::sql() const {
  std::string text;
  if (partition_count_ > 0) text += "PARTITION BY " + joinSql(partitionBy());
  if (children_.size() > partition_count_) {
    if (!text.empty()) text += " ";
    text += "ORDER BY " + joinSql(orderBy());
  }
  return text;
}

bool WindowSpec::paramsEqual(const Expression& other) const {
  const auto& that = static_cast<const WindowSpec&>(other);
  return partition_count_ == that.partition_count_ && frame_ == that.frame_;
}

std::string WindowExpression::toString() const {
  return fmt::format("{} {}", function()->toString(), child(1)->toString());
}
std::string WindowExpression::sql() const {
  return fmt::format("{} OVER ({})", function()->sql(), child(1)->sql());
}

std::string SortOrder::toString() const {
  return fmt::format("{} {} {}", child(0)->toString(), ascending_ ? "ASC" : "DESC",
                     nulls_first_ ? "NULLS FIRST" : "NULLS LAST");
}
std::string SortOrder::sql() const {
  return fmt::format("{} {} {}", child(0)->sql(), ascending_ ? "ASC" : "DESC",
                     nulls_first_ ? "NULLS FIRST" : "NULLS LAST");
}
bool SortOrder::paramsEqual(const Expression& other) const {
  const auto& that = static_cast<const SortOrder&>(other);
  return ascending_ == that.ascending_ && nulls_first_ == that.nulls_first_;
}

// Subquery expressions.

const SubqueryExpression* Expression::asSubquery() const {
  ExprKind k = kind();
  bool subquery =
      k == ExprKind::kScalarSubquery || k == ExprKind::kExists || k == ExprKind::kInSubquery;
  return subquery ? static_cast<const SubqueryExpression*>(this) : nullptr;
}

std::vector<ExprPtr> SubqueryExpression::outerReferences() const {
  std::vector<ExprPtr> found = planOuterReferences();
  if (join_cond_) {
    forEachNode(join_cond_, [&](const ExprPtr& each) {
      if (each->is<OuterReference>()) found.push_back(each);
    });
  }
  return found;
}

std::vector<ExprPtr> SubqueryExpression::planOuterReferences() const {
  std::vector<ExprPtr> found;
  std::vector<ExprPtr> nested_refs;
  std::vector<ExprId>
      produced;  // ids this plan produces: nested references to them are not outer here
  forEachNode(plan_, [&](const PlanPtr& node) {
    for (const AttributePtr& attr : node->output()) produced.push_back(attr->exprId());
    for (const ExprPtr& expr : node->expressions()) {
      forEachNode(expr, [&](const ExprPtr& each) {
        if (each->is<OuterReference>()) found.push_back(each);
        if (const auto* nested = each->asSubquery()) {
          for (ExprPtr& ref : nested->outerReferences()) nested_refs.push_back(std::move(ref));
        }
      });
    }
  });
  for (ExprPtr& ref : nested_refs) {
    ExprId id = ref->as<OuterReference>()->attribute()->exprId();
    if (std::find(produced.begin(), produced.end(), id) == produced.end())
      found.push_back(std::move(ref));
  }
  return found;
}

bool SubqueryExpression::isCorrelated() const { return !outerReferences().empty(); }

bool SubqueryExpression::computeResolved() const { return plan_->resolved() && childrenResolved(); }

size_t SubqueryExpression::paramsHash() const {
  return join_cond_ ? absl::HashOf(plan_->hash(), join_cond_->hash()) : plan_->hash();
}

bool SubqueryExpression::paramsEqual(const Expression& other) const {
  const auto& that = static_cast<const SubqueryExpression&>(other);
  return (plan_ == that.plan_ || plan_->equals(*that.plan_)) &&
         exprEquals(join_cond_, that.join_cond_);
}

std::string SubqueryExpression::outerString() const {
  std::vector<std::string> refs;
  for (const ExprPtr& ref : planOuterReferences()) {
    refs.push_back(ref->as<OuterReference>()->attribute()->toString());
  }
  // Spark prints the pulled-up predicates after the outer attributes: [a#1 && (b#2 = a#1)].
  if (join_cond_) refs.push_back(join_cond_->toString());
  return "[" + join(refs, " && ") + "]";
}

DataType ScalarSubquery::dataType() const {
  Attributes output = plan_->output();
  return output.empty() ? DataType::null() : output[0]->dataType();
}
std::string ScalarSubquery::toString() const {
  return fmt::format("scalar-subquery#{} {}", formatId(id_), outerString());
}
std::string ScalarSubquery::sql() const { return fmt::format("scalarsubquery()"); }

std::string Exists::toString() const {
  return fmt::format("exists#{} {}", formatId(id_), outerString());
}
std::string Exists::sql() const { return "exists()"; }

std::string InSubquery::toString() const {
  return fmt::format("{} IN (list#{} {})", value()->toString(), formatId(id_), outerString());
}
std::string InSubquery::sql() const { return fmt::format("({} IN (listquery()))", value()->sql()); }

}  // namespace planck
