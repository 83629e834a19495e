// CAST between the types canCast allows, with castValue's semantics (logical/value_cast.h): a
// value that does not parse or fit is an error naming the value and the expression.
//
// The numeric widenings and narrowings an analyzed plan is full of (INTEGER to BIGINT, DOUBLE
// or DECIMAL, DECIMAL to another scale) are vectorized loops; the rest (strings, booleans,
// DOUBLE to exact types) converts row by row through castValue itself, so both agree.
#include <cmath>
#include <limits>

#include "common/status.h"
#include "logical/evaluator.h"
#include "logical/value_cast.h"
#include "runtime/expression/expression_node.h"

namespace planck {
namespace {

using int128 = __int128;

class CastNode final : public ExprNode {
 public:
  CastNode(ExprPtr expr, std::vector<NodePtr> children)
      : ExprNode(std::move(expr), std::move(children)) {
    DataType from = child(0).type();
    bool widening = type().storedAsBytes() ||
                    (type().id() == TypeId::kDouble && (from.isIntegral() || from.isDecimal())) ||
                    (type().id() == TypeId::kBigInt && from.id() == TypeId::kInteger);
    if (!widening) markMayFail();
  }

  absl::StatusOr<Operand> eval(const Batch& input) const override {
    PLANCK_ASSIGN_OR_RETURN(Operand value, child(0).eval(input));
    if (value.allNull()) return nullConstant(type());
    DataType from = value.vector->type();
    if (from == type()) return value;
    size_t rows = resultRows(input, {&value});
    if (type().storedAsBytes() && from.storedAsBytes()) return relabelBytes(value, rows);
    if (type().storedAsBytes()) return castRowByRow(value, rows);
    Operand result = newResult(type(), rows, value.constant);
    propagateNulls(*result.vector, {&value});
    std::optional<bool> vectorized = castVectorized(value, *result.vector);
    if (!vectorized) return castRowByRow(value, rows);
    if (!*vectorized) return failure(value, *result.vector);
    zeroNullSlots(*result.vector);
    return result;
  }

 private:
  // The numeric casts done in one loop: true when every row fit, false when some row may not,
  // nullopt for a pair not handled here.
  std::optional<bool> castVectorized(const Operand& value, Vector& out) const {
    DataType from = value.vector->type();
    size_t rows = out.size();
    bool from_exact = from.isIntegral() || from.isDecimal();
    if (!from_exact) return std::nullopt;
    std::vector<int64_t> scratch;
    const int64_t* in = valuesAsInt64(value, scratch);
    int from_scale = from.isDecimal() ? from.scale() : 0;
    switch (type().id()) {
      case TypeId::kDouble: {
        std::vector<double> converted;
        const double* doubles = valuesAsDouble(value, converted);
        std::copy_n(doubles, rows, out.values<double>());
        return true;
      }
      case TypeId::kBigInt:
      case TypeId::kInteger: {
        int64_t divisor = powerOfTen(from_scale);  // truncates toward zero, as castValue
        int64_t low = type().id() == TypeId::kInteger ? std::numeric_limits<int32_t>::min()
                                                      : std::numeric_limits<int64_t>::min();
        int64_t high = type().id() == TypeId::kInteger ? std::numeric_limits<int32_t>::max()
                                                       : std::numeric_limits<int64_t>::max();
        bool fits = true;
        if (type().id() == TypeId::kInteger) {
          int32_t* values = out.values<int32_t>();
          for (size_t i = 0; i < rows; ++i) {
            int64_t x = in[i] / divisor;
            fits &= x >= low && x <= high;
            values[i] = static_cast<int32_t>(x);
          }
        } else {
          int64_t* values = out.values<int64_t>();
          for (size_t i = 0; i < rows; ++i) values[i] = in[i] / divisor;
        }
        return fits;
      }
      case TypeId::kDecimal: {
        int to_scale = type().scale();
        int64_t* values = out.values<int64_t>();
        bool fits = true;
        int128 limit = type().precision() >= 18 ? int128{std::numeric_limits<int64_t>::max()} + 1
                                                : int128{powerOfTen(type().precision())};
        if (to_scale >= from_scale) {
          int64_t factor = powerOfTen(to_scale - from_scale);
          for (size_t i = 0; i < rows; ++i) {
            int128 x = int128{in[i]} * factor;
            fits &= x < limit && x > -limit;
            values[i] = static_cast<int64_t>(x);
          }
        } else {
          int64_t divisor = powerOfTen(from_scale - to_scale);
          for (size_t i = 0; i < rows; ++i) {
            // Half away from zero, as castValue rounds.
            int64_t quotient = in[i] / divisor, remainder = in[i] % divisor;
            if (2 * (remainder < 0 ? -remainder : remainder) >= divisor)
              quotient += in[i] < 0 ? -1 : 1;
            fits &= quotient < limit && quotient > -limit;
            values[i] = quotient;
          }
        }
        return fits;
      }
      default:
        return std::nullopt;
    }
  }

  // VARCHAR to BINARY or back: the same bytes under the other type (UTF-8 text is its bytes).
  Operand relabelBytes(const Operand& value, size_t rows) const {
    auto out = Vector::make(type(), 0);
    out->reserve(rows);
    for (size_t i = 0; i < rows; ++i) {
      if (value.isNull(i)) {
        out->appendNull();
      } else {
        out->appendString(value.vector->string(value.at(i)));
      }
    }
    return Operand{out, value.constant};
  }

  // castValue per row: strings, booleans, DOUBLE to an exact type, anything to VARCHAR or
  // BINARY.
  absl::StatusOr<Operand> castRowByRow(const Operand& value, size_t rows) const {
    if (type().storedAsBytes()) {
      auto out = Vector::make(type(), 0);
      out->reserve(rows);
      for (size_t i = 0; i < rows; ++i) {
        if (value.isNull(i)) {
          out->appendNull();
          continue;
        }
        absl::StatusOr<Value> cast = castValue(value.vector->valueAt(value.at(i)), type());
        if (!cast.ok()) return castError(expr(), cast.status());
        out->appendString(cast->asString());
      }
      return Operand{out, value.constant};
    }
    Operand result = newResult(type(), rows, value.constant);
    for (size_t i = 0; i < rows; ++i) {
      if (value.isNull(i)) {
        result.vector->setNull(i);
        continue;
      }
      absl::StatusOr<Value> cast = castValue(value.vector->valueAt(value.at(i)), type());
      if (!cast.ok()) return castError(expr(), cast.status());
      storeValue(*result.vector, i, *cast);
    }
    return result;
  }

  // The error of the first non-NULL row that does not fit (the vectorized pass only knew one
  // might not); every row fits after all when the overflow was in a NULL slot.
  absl::StatusOr<Operand> failure(const Operand& value, Vector& out) const {
    for (size_t i = 0; i < out.size(); ++i) {
      if (out.isNull(i)) continue;
      absl::StatusOr<Value> cast = castValue(value.vector->valueAt(value.at(i)), type());
      if (!cast.ok()) return castError(expr(), cast.status());
    }
    return castRowByRow(value, out.size());
  }
};

}  // namespace

void storeValue(Vector& out, size_t row, const Value& value) {
  if (out.type().storedAsBytes()) {
    if (value.isNull()) {
      out.appendNull();
    } else {
      out.appendString(value.asString());
    }
    return;
  }
  if (value.isNull()) {
    out.setNull(row);
    return;
  }
  switch (out.type().id()) {
    case TypeId::kBoolean:
      out.values<uint8_t>()[row] = value.asBool() ? 1 : 0;
      break;
    case TypeId::kInteger:
    case TypeId::kDate:
      out.values<int32_t>()[row] = static_cast<int32_t>(value.asInt());
      break;
    case TypeId::kBigInt:
    case TypeId::kDecimal:
      out.values<int64_t>()[row] = value.asInt();
      break;
    case TypeId::kDouble:
      out.values<double>()[row] = value.asDouble();
      break;
    default:
      break;
  }
}

absl::StatusOr<NodePtr> makeCastNode(const ExprPtr& expr, std::vector<NodePtr> children) {
  DataType from = children[0]->type(), to = expr->dataType();
  if (!canCast(from, to) || to.isNull() || to.id() == TypeId::kInterval) {
    return absl::InvalidArgumentError(
        toAbsl("cannot cast " + from.sqlName() + " to " + to.sqlName() + " in " + expr->sql()));
  }
  return NodePtr(std::make_unique<CastNode>(expr, std::move(children)));
}

}  // namespace planck
