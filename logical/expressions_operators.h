// Operators, predicates, conditionals, casts, function calls, aggregates, windows, sort orders.
// Included from expressions.h.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "logical/expression.h"

namespace planck {

enum class ArithmeticOp : uint8_t { kAdd, kSubtract, kMultiply, kDivide, kRemainder };

// The operator symbol: + - * / %.
std::string_view symbolOf(ArithmeticOp op);
// The result type of `left op right` on coerced operands (Spark's decimal rules, precision
// bounded at 18; DATE +/- INTERVAL is DATE; DATE - DATE is INTEGER days).
DataType arithmeticResultType(ArithmeticOp op, DataType left, DataType right);

// Spark's Add, Subtract, Multiply, Divide and Remainder, as one node with an operator.
class BinaryArithmetic final : public NodeCopy<BinaryArithmetic, Expression> {
 public:
  static constexpr ExprKind kKind = ExprKind::kBinaryArithmetic;
  BinaryArithmetic(ArithmeticOp op, ExprPtr left, ExprPtr right)
      : NodeCopy({std::move(left), std::move(right)}), op_(op) {}

  ArithmeticOp op() const { return op_; }
  const ExprPtr& left() const { return child(0); }
  const ExprPtr& right() const { return child(1); }
  ExprKind kind() const override { return kKind; }
  DataType dataType() const override;
  // Division and remainder by zero yield NULL, so they are always nullable.
  bool nullable() const override;
  bool foldable() const override { return left()->foldable() && right()->foldable(); }
  std::string toString() const override;
  std::string sql() const override;

 protected:
  bool paramsEqual(const Expression& other) const override;
  size_t paramsHash() const override { return static_cast<size_t>(op_); }

 private:
  ArithmeticOp op_;
};

// `<>` is written Not(EqualTo), as in Spark. kNullSafeEqual is `<=>`.
enum class ComparisonOp : uint8_t {
  kEqual,
  kNullSafeEqual,
  kLessThan,
  kLessThanOrEqual,
  kGreaterThan,
  kGreaterThanOrEqual
};

std::string_view symbolOf(ComparisonOp op);
// The operator with its operands swapped: a < b == b > a.
ComparisonOp flipped(ComparisonOp op);

// Spark's EqualTo, EqualNullSafe, LessThan, ... as one node with an operator.
class BinaryComparison final : public NodeCopy<BinaryComparison, Expression> {
 public:
  static constexpr ExprKind kKind = ExprKind::kBinaryComparison;
  BinaryComparison(ComparisonOp op, ExprPtr left, ExprPtr right)
      : NodeCopy({std::move(left), std::move(right)}), op_(op) {}

  ComparisonOp op() const { return op_; }
  const ExprPtr& left() const { return child(0); }
  const ExprPtr& right() const { return child(1); }
  ExprKind kind() const override { return kKind; }
  DataType dataType() const override { return DataType::boolean(); }
  bool nullable() const override;
  bool foldable() const override { return left()->foldable() && right()->foldable(); }
  std::string toString() const override;
  std::string sql() const override;

 protected:
  bool paramsEqual(const Expression& other) const override;
  size_t paramsHash() const override { return static_cast<size_t>(op_); }

 private:
  ComparisonOp op_;
};

// Shared shape of AND and OR.
template <class Derived, ExprKind K>
class BinaryLogic : public NodeCopy<Derived, Expression> {
 public:
  static constexpr ExprKind kKind = K;
  BinaryLogic(ExprPtr left, ExprPtr right)
      : NodeCopy<Derived, Expression>({std::move(left), std::move(right)}) {}
  const ExprPtr& left() const { return this->child(0); }
  const ExprPtr& right() const { return this->child(1); }
  ExprKind kind() const override { return K; }
  DataType dataType() const override { return DataType::boolean(); }
  bool foldable() const override { return left()->foldable() && right()->foldable(); }

 protected:
  bool paramsEqual(const Expression&) const override { return true; }
  size_t paramsHash() const override { return static_cast<size_t>(K); }
};

class And final : public BinaryLogic<And, ExprKind::kAnd> {
 public:
  using BinaryLogic::BinaryLogic;
  std::string toString() const override;
  std::string sql() const override;
};

class Or final : public BinaryLogic<Or, ExprKind::kOr> {
 public:
  using BinaryLogic::BinaryLogic;
  std::string toString() const override;
  std::string sql() const override;
};

// Shared shape of NOT, IS NULL, IS NOT NULL: one child, a boolean result.
template <class Derived, ExprKind K>
class UnaryPredicate : public NodeCopy<Derived, Expression> {
 public:
  static constexpr ExprKind kKind = K;
  explicit UnaryPredicate(ExprPtr child) : NodeCopy<Derived, Expression>({std::move(child)}) {}
  ExprKind kind() const override { return K; }
  DataType dataType() const override { return DataType::boolean(); }
  bool foldable() const override { return this->child(0)->foldable(); }

 protected:
  bool paramsEqual(const Expression&) const override { return true; }
  size_t paramsHash() const override { return static_cast<size_t>(K); }
};

class Not final : public UnaryPredicate<Not, ExprKind::kNot> {
 public:
  using UnaryPredicate::UnaryPredicate;
  std::string toString() const override { return "NOT " + child(0)->toString(); }
  std::string sql() const override { return "(NOT " + child(0)->sql() + ")"; }
};

class IsNull final : public UnaryPredicate<IsNull, ExprKind::kIsNull> {
 public:
  using UnaryPredicate::UnaryPredicate;
  bool nullable() const override { return false; }
  std::string toString() const override { return "isnull(" + child(0)->toString() + ")"; }
  std::string sql() const override { return "(" + child(0)->sql() + " IS NULL)"; }
};

class IsNotNull final : public UnaryPredicate<IsNotNull, ExprKind::kIsNotNull> {
 public:
  using UnaryPredicate::UnaryPredicate;
  bool nullable() const override { return false; }
  std::string toString() const override { return "isnotnull(" + child(0)->toString() + ")"; }
  std::string sql() const override { return "(" + child(0)->sql() + " IS NOT NULL)"; }
};

// x [I]LIKE pattern [ESCAPE 'c']; the pattern is child 1.
class Like final : public NodeCopy<Like, Expression> {
 public:
  static constexpr ExprKind kKind = ExprKind::kLike;
  Like(ExprPtr value, ExprPtr pattern, char escape = '\\', bool case_insensitive = false)
      : NodeCopy({std::move(value), std::move(pattern)}),
        escape_(escape),
        case_insensitive_(case_insensitive) {}

  char escape() const { return escape_; }
  bool caseInsensitive() const { return case_insensitive_; }
  ExprKind kind() const override { return kKind; }
  DataType dataType() const override { return DataType::boolean(); }
  bool foldable() const override { return child(0)->foldable() && child(1)->foldable(); }
  std::string toString() const override;
  std::string sql() const override;

 protected:
  bool paramsEqual(const Expression& other) const override;
  size_t paramsHash() const override { return static_cast<size_t>(escape_); }

 private:
  char escape_;
  bool case_insensitive_;
};

// value IN (list...): child 0 is the value, the rest the list.
class In final : public NodeCopy<In, Expression> {
 public:
  static constexpr ExprKind kKind = ExprKind::kIn;
  In(ExprPtr value, std::vector<ExprPtr> list);

  const ExprPtr& value() const { return child(0); }
  std::vector<ExprPtr> list() const { return {children_.begin() + 1, children_.end()}; }
  ExprKind kind() const override { return kKind; }
  DataType dataType() const override { return DataType::boolean(); }
  bool foldable() const override;
  std::string toString() const override;
  std::string sql() const override;

 protected:
  bool paramsEqual(const Expression&) const override { return true; }
  size_t paramsHash() const override { return 0; }
};

// CASE WHEN c1 THEN v1 ... [ELSE e] END; children are c1, v1, c2, v2, ..., [e].
// The simple form CASE x WHEN a THEN ... is parsed into this searched form (x = a).
class CaseWhen final : public NodeCopy<CaseWhen, Expression> {
 public:
  static constexpr ExprKind kKind = ExprKind::kCaseWhen;
  CaseWhen(std::vector<std::pair<ExprPtr, ExprPtr>> branches, ExprPtr else_value);

  size_t branchCount() const { return branch_count_; }
  const ExprPtr& condition(size_t i) const { return child(2 * i); }
  const ExprPtr& result(size_t i) const { return child(2 * i + 1); }
  // The ELSE value, or nullptr (NULL).
  ExprPtr elseValue() const {
    return children_.size() > 2 * branch_count_ ? children_.back() : nullptr;
  }

  ExprKind kind() const override { return kKind; }
  DataType dataType() const override;
  bool nullable() const override;
  bool foldable() const override;
  std::string toString() const override;
  std::string sql() const override;

 protected:
  bool paramsEqual(const Expression& other) const override;
  size_t paramsHash() const override { return branch_count_; }

 private:
  size_t branch_count_;
};

// CAST(x AS type).
class Cast final : public NodeCopy<Cast, Expression> {
 public:
  static constexpr ExprKind kKind = ExprKind::kCast;
  Cast(ExprPtr child, DataType type) : NodeCopy({std::move(child)}), type_(type) {}

  ExprKind kind() const override { return kKind; }
  DataType dataType() const override { return type_; }
  // A cast from a string can fail and yield NULL.
  bool nullable() const override;
  bool foldable() const override { return child(0)->foldable(); }
  std::string toString() const override;
  std::string sql() const override;

 protected:
  bool paramsEqual(const Expression& other) const override;
  size_t paramsHash() const override { return static_cast<size_t>(type_.id()); }

 private:
  DataType type_;
};

// How a function's result nullability follows from its arguments.
enum class NullPolicy : uint8_t {
  kAnyArgument,  // NULL when any argument is NULL (most functions)
  kNever,        // never NULL (coalesce with a non-null fallback is decided per call)
  kAlways,       // may be NULL regardless of arguments
};

// A resolved call of a built-in scalar function: substring, upper, year, coalesce, ...
class ScalarFunction final : public NodeCopy<ScalarFunction, Expression> {
 public:
  static constexpr ExprKind kKind = ExprKind::kScalarFunction;
  ScalarFunction(std::string name, std::vector<ExprPtr> arguments, DataType type, NullPolicy nulls,
                 bool deterministic = true)
      : NodeCopy(std::move(arguments)),
        name_(std::move(name)),
        type_(type),
        nulls_(nulls),
        deterministic_(deterministic) {}

  const std::string& name() const { return name_; }
  NullPolicy nullPolicy() const { return nulls_; }
  ExprKind kind() const override { return kKind; }
  DataType dataType() const override { return type_; }
  bool nullable() const override;
  bool foldable() const override;
  bool deterministic() const override;
  // Whether the function itself gives one value for the same arguments (deterministic() asks
  // the arguments too): false for rand(), uuid(), ...
  bool isDeterministicFunction() const { return deterministic_; }
  std::string toString() const override;
  std::string sql() const override;

 protected:
  bool paramsEqual(const Expression& other) const override;
  size_t paramsHash() const override;

 private:
  std::string name_;
  DataType type_;
  NullPolicy nulls_;
  bool deterministic_;
};

// A resolved aggregate call: sum(x), count(DISTINCT y), min(z) FILTER (WHERE ...).
// Children: the arguments, then the filter when present.
class AggregateExpression final : public NodeCopy<AggregateExpression, Expression> {
 public:
  static constexpr ExprKind kKind = ExprKind::kAggregateExpression;
  AggregateExpression(std::string name, std::vector<ExprPtr> arguments, bool distinct,
                      ExprPtr filter, DataType type, bool nullable);

  const std::string& name() const { return name_; }
  bool isDistinct() const { return distinct_; }
  std::vector<ExprPtr> arguments() const;
  ExprPtr filter() const { return has_filter_ ? children_.back() : nullptr; }

  ExprKind kind() const override { return kKind; }
  DataType dataType() const override { return type_; }
  bool nullable() const override { return nullable_; }
  std::string toString() const override;
  std::string sql() const override;

 protected:
  bool paramsEqual(const Expression& other) const override;
  size_t paramsHash() const override;

 private:
  std::string name_;
  bool distinct_;
  bool has_filter_;
  DataType type_;
  bool nullable_;
};

// ROWS or RANGE.
enum class FrameType : uint8_t { kRows, kRange };
// One end of a window frame.
struct FrameBound {
  enum class Kind : uint8_t {
    kUnboundedPreceding,
    kPreceding,
    kCurrentRow,
    kFollowing,
    kUnboundedFollowing
  };
  Kind kind = Kind::kCurrentRow;
  int64_t offset = 0;  // for kPreceding and kFollowing
  bool operator==(const FrameBound&) const = default;
  std::string toString() const;
};
// A window frame; `specified` is false when the query gave none (the default frame applies).
struct WindowFrame {
  bool specified = false;
  FrameType type = FrameType::kRange;
  FrameBound lower{FrameBound::Kind::kUnboundedPreceding, 0};
  FrameBound upper{FrameBound::Kind::kCurrentRow, 0};
  bool operator==(const WindowFrame&) const = default;
  std::string toString() const;
};

// OVER (PARTITION BY p... ORDER BY o... frame): children are the partition expressions then
// the sort orders.
class WindowSpec final : public NodeCopy<WindowSpec, Expression> {
 public:
  static constexpr ExprKind kKind = ExprKind::kWindowSpec;
  WindowSpec(std::vector<ExprPtr> partition_by, std::vector<ExprPtr> order_by, WindowFrame frame);

  std::vector<ExprPtr> partitionBy() const;
  std::vector<ExprPtr> orderBy() const;
  const WindowFrame& frame() const { return frame_; }

  ExprKind kind() const override { return kKind; }
  DataType dataType() const override { return DataType::null(); }
  std::string toString() const override;
  std::string sql() const override;

 protected:
  bool paramsEqual(const Expression& other) const override;
  size_t paramsHash() const override { return partition_count_; }

 private:
  size_t partition_count_;
  WindowFrame frame_;
};

// function OVER (spec): child 0 is the function (aggregate or ranking), child 1 the spec.
class WindowExpression final : public NodeCopy<WindowExpression, Expression> {
 public:
  static constexpr ExprKind kKind = ExprKind::kWindowExpression;
  WindowExpression(ExprPtr function, ExprPtr spec)
      : NodeCopy({std::move(function), std::move(spec)}) {}

  const ExprPtr& function() const { return child(0); }
  const WindowSpec& spec() const { return *child(1)->as<WindowSpec>(); }
  ExprKind kind() const override { return kKind; }
  DataType dataType() const override { return function()->dataType(); }
  bool nullable() const override { return function()->nullable(); }
  std::string toString() const override;
  std::string sql() const override;

 protected:
  bool paramsEqual(const Expression&) const override { return true; }
  size_t paramsHash() const override { return 0; }
};

// One ORDER BY item: x ASC NULLS FIRST. Spark's defaults: ASC puts NULLs first, DESC last.
class SortOrder final : public NodeCopy<SortOrder, Expression> {
 public:
  static constexpr ExprKind kKind = ExprKind::kSortOrder;
  SortOrder(ExprPtr child, bool ascending, bool nulls_first)
      : NodeCopy({std::move(child)}), ascending_(ascending), nulls_first_(nulls_first) {}

  bool ascending() const { return ascending_; }
  bool nullsFirst() const { return nulls_first_; }
  ExprKind kind() const override { return kKind; }
  DataType dataType() const override { return child(0)->dataType(); }
  std::string toString() const override;
  std::string sql() const override;

 protected:
  bool paramsEqual(const Expression& other) const override;
  size_t paramsHash() const override { return ascending_ * 2 + nulls_first_; }

 private:
  bool ascending_;
  bool nulls_first_;
};

}  // namespace planck

#include "logical/subquery_expressions.h"  // IWYU pragma: export
