// Comparisons (= <=> < <= > >=) and IN lists, for every comparable pair of types: numbers of
// any numeric types (exact across integer and decimal scales, as doubles when either side is
// DOUBLE, where NaN equals NaN and sorts above every number as in Spark), strings bytewise,
// dates, booleans. The pair's representation is chosen once, at compile time.
#include <cmath>
#include <string_view>

#include "common/status.h"
#include "logical/value_cast.h"
#include "runtime/expression/expression_node.h"

namespace planck {
namespace {

using int128 = __int128;

// How two operands are compared.
enum class CompareAs : uint8_t { kInt32, kInt64, kScaled, kDouble, kString, kBoolean };

struct ComparePlan {
  CompareAs as = CompareAs::kInt64;
  int64_t left_factor = 1;  // kScaled: multipliers to the common scale
  int64_t right_factor = 1;
};

std::optional<ComparePlan> planComparison(DataType left, DataType right) {
  if (left.isNull() || right.isNull()) return ComparePlan{};  // always NULL: never compared
  if (left.isNumeric() && right.isNumeric()) {
    if (left.id() == TypeId::kDouble || right.id() == TypeId::kDouble)
      return ComparePlan{CompareAs::kDouble};
    if (left.id() == TypeId::kInteger && right.id() == TypeId::kInteger)
      return ComparePlan{CompareAs::kInt32};
    int ls = left.isDecimal() ? left.scale() : 0, rs = right.isDecimal() ? right.scale() : 0;
    if (ls == rs) return ComparePlan{CompareAs::kInt64};
    int scale = std::max(ls, rs);
    return ComparePlan{CompareAs::kScaled, powerOfTen(scale - ls), powerOfTen(scale - rs)};
  }
  if (left.id() != right.id()) return std::nullopt;
  switch (left.id()) {
    case TypeId::kDate:
      return ComparePlan{CompareAs::kInt32};
    case TypeId::kVarchar:
    case TypeId::kBinary:
      return ComparePlan{CompareAs::kString};
    case TypeId::kBoolean:
      return ComparePlan{CompareAs::kBoolean};
    default:
      return std::nullopt;
  }
}

// SQL order of doubles as Spark has it: NaN equals NaN and is above everything else.
inline int threeWayDouble(double a, double b) {
  if (a < b) return -1;
  if (a > b) return 1;
  if (a == b) return 0;
  return static_cast<int>(std::isnan(a)) - static_cast<int>(std::isnan(b));
}

template <ComparisonOp kOp, class T>
inline uint8_t holds(const T& a, const T& b) {
  switch (kOp) {
    case ComparisonOp::kEqual:
    case ComparisonOp::kNullSafeEqual:
      return a == b;
    case ComparisonOp::kLessThan:
      return a < b;
    case ComparisonOp::kLessThanOrEqual:
      return a <= b;
    case ComparisonOp::kGreaterThan:
      return a > b;
    case ComparisonOp::kGreaterThanOrEqual:
      return a >= b;
  }
  return 0;
}

template <ComparisonOp kOp, bool kL, bool kR, class A, class B, class Project>
void compareLoop(const A* a, const B* b, uint8_t* out, size_t rows, Project project) {
  for (size_t i = 0; i < rows; ++i)
    out[i] = holds<kOp>(project(a[kL ? 0 : i], 0), project(b[kR ? 0 : i], 1));
}

template <ComparisonOp kOp>
void compareAll(const ComparePlan& plan, const Operand& left, const Operand& right, uint8_t* out,
                size_t rows) {
  auto identity = [](auto value, int) { return value; };
  dispatchConstness(left, right, [&]<bool kL, bool kR>() {
    switch (plan.as) {
      case CompareAs::kInt32:
        compareLoop<kOp, kL, kR>(left.values<int32_t>(), right.values<int32_t>(), out, rows,
                                 identity);
        break;
      case CompareAs::kBoolean:
        compareLoop<kOp, kL, kR>(left.values<uint8_t>(), right.values<uint8_t>(), out, rows,
                                 identity);
        break;
      case CompareAs::kInt64: {
        std::vector<int64_t> ls, rs;
        compareLoop<kOp, kL, kR>(valuesAsInt64(left, ls), valuesAsInt64(right, rs), out, rows,
                                 identity);
        break;
      }
      case CompareAs::kScaled: {
        std::vector<int64_t> ls, rs;
        int64_t factors[2] = {plan.left_factor, plan.right_factor};
        compareLoop<kOp, kL, kR>(
            valuesAsInt64(left, ls), valuesAsInt64(right, rs), out, rows,
            [&](int64_t value, int side) { return int128{value} * factors[side]; });
        break;
      }
      case CompareAs::kDouble: {
        std::vector<double> ls, rs;
        const double* a = valuesAsDouble(left, ls);
        const double* b = valuesAsDouble(right, rs);
        for (size_t i = 0; i < rows; ++i)
          out[i] = holds<kOp>(threeWayDouble(a[kL ? 0 : i], b[kR ? 0 : i]), 0);
        break;
      }
      case CompareAs::kString: {
        const Vector& a = *left.vector;
        const Vector& b = *right.vector;
        for (size_t i = 0; i < rows; ++i)
          out[i] = holds<kOp>(a.string(kL ? 0 : i), b.string(kR ? 0 : i));
        break;
      }
    }
    return 0;
  });
}

// out[i] = left op right for rows [0, rows), NULLs not considered.
void compareOperands(ComparisonOp op, const ComparePlan& plan, const Operand& left,
                     const Operand& right, uint8_t* out, size_t rows) {
  switch (op) {
    case ComparisonOp::kEqual:
    case ComparisonOp::kNullSafeEqual:
      return compareAll<ComparisonOp::kEqual>(plan, left, right, out, rows);
    case ComparisonOp::kLessThan:
      return compareAll<ComparisonOp::kLessThan>(plan, left, right, out, rows);
    case ComparisonOp::kLessThanOrEqual:
      return compareAll<ComparisonOp::kLessThanOrEqual>(plan, left, right, out, rows);
    case ComparisonOp::kGreaterThan:
      return compareAll<ComparisonOp::kGreaterThan>(plan, left, right, out, rows);
    case ComparisonOp::kGreaterThanOrEqual:
      return compareAll<ComparisonOp::kGreaterThanOrEqual>(plan, left, right, out, rows);
  }
}

class ComparisonNode final : public ExprNode {
 public:
  ComparisonNode(ExprPtr expr, std::vector<NodePtr> children, ComparisonOp op, ComparePlan plan)
      : ExprNode(std::move(expr), std::move(children)), op_(op), plan_(plan) {}

  absl::StatusOr<Operand> eval(const Batch& input) const override {
    PLANCK_ASSIGN_OR_RETURN(Operand left, child(0).eval(input));
    PLANCK_ASSIGN_OR_RETURN(Operand right, child(1).eval(input));
    bool constant = allConstant({&left, &right});
    size_t rows = resultRows(input, {&left, &right});
    if (op_ != ComparisonOp::kNullSafeEqual) {
      if (left.allNull() || right.allNull()) return nullConstant(type());
      Operand result = newResult(type(), rows, constant);
      compareOperands(op_, plan_, left, right, result.vector->values<uint8_t>(), rows);
      if (propagateNulls(*result.vector, {&left, &right})) zeroNullSlots(*result.vector);
      return result;
    }
    // <=>: never NULL; two NULLs are equal, one NULL is unequal.
    Operand result = newResult(type(), rows, constant);
    uint8_t* out = result.vector->values<uint8_t>();
    if (!left.allNull() && !right.allNull()) compareOperands(op_, plan_, left, right, out, rows);
    if (left.hasNulls() || right.hasNulls()) {
      for (size_t i = 0; i < rows; ++i) {
        bool l = left.isNull(i), r = right.isNull(i);
        out[i] = (l || r) ? static_cast<uint8_t>(l && r) : out[i];
      }
    }
    return result;
  }

 private:
  ComparisonOp op_;
  ComparePlan plan_;
};

// value IN (item, ...): TRUE on a match; else NULL if the value or any item is NULL; else FALSE.
class InNode final : public ExprNode {
 public:
  InNode(ExprPtr expr, std::vector<NodePtr> children, std::vector<ComparePlan> plans)
      : ExprNode(std::move(expr), std::move(children)), plans_(std::move(plans)) {}

  absl::StatusOr<Operand> eval(const Batch& input) const override {
    // An empty list is FALSE, even for NULL (Spark 3.5+, SQLite).
    if (children().size() == 1) return constantOf(Value::boolean(false), type());
    PLANCK_ASSIGN_OR_RETURN(Operand value, child(0).eval(input));
    std::vector<Operand> items;
    bool constant = value.constant;
    for (size_t i = 1; i < children().size(); ++i) {
      PLANCK_ASSIGN_OR_RETURN(Operand item, child(i).eval(input));
      constant = constant && item.constant;
      items.push_back(std::move(item));
    }
    if (value.allNull()) return nullConstant(type());
    size_t rows = input.rows > 0 && constant ? 1 : input.rows;
    Operand result = newResult(type(), rows, constant);
    uint8_t* found = result.vector->values<uint8_t>();
    std::vector<uint8_t> saw_null(rows, 0), equal(rows);
    for (size_t k = 0; k < items.size(); ++k) {
      const Operand& item = items[k];
      if (item.allNull()) {
        std::fill(saw_null.begin(), saw_null.end(), uint8_t{1});
        continue;
      }
      compareOperands(ComparisonOp::kEqual, plans_[k], value, item, equal.data(), rows);
      if (item.hasNulls()) {
        for (size_t i = 0; i < rows; ++i) {
          bool null = item.isNull(i);
          saw_null[i] |= static_cast<uint8_t>(null);
          found[i] |= equal[i] & static_cast<uint8_t>(!null);
        }
      } else {
        for (size_t i = 0; i < rows; ++i) found[i] |= equal[i];
      }
    }
    for (size_t i = 0; i < rows; ++i) {
      if (value.isNull(i) || (saw_null[i] && !found[i])) {
        result.vector->setNull(i);
        found[i] = 0;
      }
    }
    return result;
  }

 private:
  std::vector<ComparePlan> plans_;
};

// nullif(a, b): NULL where a = b, else a.
class NullIfNode final : public ExprNode {
 public:
  NullIfNode(ExprPtr expr, std::vector<NodePtr> children, ComparePlan plan)
      : ExprNode(std::move(expr), std::move(children)), plan_(plan) {}

  absl::StatusOr<Operand> eval(const Batch& input) const override {
    PLANCK_ASSIGN_OR_RETURN(Operand left, child(0).eval(input));
    PLANCK_ASSIGN_OR_RETURN(Operand right, child(1).eval(input));
    if (left.allNull() || right.allNull()) return left;
    size_t rows = resultRows(input, {&left, &right});
    std::vector<uint8_t> equal(rows);
    compareOperands(ComparisonOp::kEqual, plan_, left, right, equal.data(), rows);
    bool any = false;
    for (size_t i = 0; i < rows; ++i) any |= equal[i] && !left.isNull(i) && !right.isNull(i);
    if (!any) return left;
    VectorPtr out = left.constant ? materialize(left, rows) : gatherAll(*left.vector);
    for (size_t i = 0; i < rows; ++i) {
      if (equal[i] && !left.isNull(i) && !right.isNull(i)) out->setNull(i);
    }
    if (!out->type().storedAsBytes()) zeroNullSlots(*out);
    return Operand{out, allConstant({&left, &right})};
  }

 private:
  // A private copy of `vector` to set NULLs in (strings keep their bytes: a NULL row may hold
  // any string, readers test the mask first).
  static VectorPtr gatherAll(const Vector& vector) {
    std::vector<uint32_t> all(vector.size());
    for (size_t i = 0; i < all.size(); ++i) all[i] = static_cast<uint32_t>(i);
    return gather(vector, all.data(), all.size());
  }
  ComparePlan plan_;
};

absl::Status incomparable(const Expression& expr, DataType left, DataType right) {
  return absl::InvalidArgumentError(toAbsl("cannot compare " + left.sqlName() + " with " +
                                           right.sqlName() + " in " + expr.sql()));
}

}  // namespace

absl::StatusOr<NodePtr> makeComparisonNode(const ExprPtr& expr, std::vector<NodePtr> children) {
  DataType left = children[0]->type(), right = children[1]->type();
  std::optional<ComparePlan> plan = planComparison(left, right);
  if (!plan) return incomparable(*expr, left, right);
  ComparisonOp op = expr->as<BinaryComparison>()->op();
  return NodePtr(std::make_unique<ComparisonNode>(expr, std::move(children), op, *plan));
}

absl::StatusOr<NodePtr> makeNullIfNode(const ExprPtr& expr, std::vector<NodePtr> children) {
  DataType left = children[0]->type(), right = children[1]->type();
  std::optional<ComparePlan> plan = planComparison(left, right);
  if (!plan) return incomparable(*expr, left, right);
  return NodePtr(std::make_unique<NullIfNode>(expr, std::move(children), *plan));
}

absl::StatusOr<NodePtr> makeInNode(const ExprPtr& expr, std::vector<NodePtr> children) {
  std::vector<ComparePlan> plans;
  for (size_t i = 1; i < children.size(); ++i) {
    std::optional<ComparePlan> plan = planComparison(children[0]->type(), children[i]->type());
    if (!plan) return incomparable(*expr, children[0]->type(), children[i]->type());
    plans.push_back(*plan);
  }
  return NodePtr(std::make_unique<InNode>(expr, std::move(children), std::move(plans)));
}

}  // namespace planck
