// The factory, and the counting and summing functions: count, count_if, sum, avg, bool_and /
// bool_or. min/max and first/last are in aggregate_value.cc, the standard deviations and
// variances in aggregate_statistics.cc, DISTINCT in aggregate_distinct.cc.
#include <cmath>

#include "fmt/format.h"
#include "runtime/exec/aggregate_internal.h"

namespace planck {
namespace aggregate_internal {

absl::Status overflow(const AggregateSpec& spec) {
  return absl::OutOfRangeError(fmt::format("integer overflow in {}", spec.sql));
}

namespace {

using int128 = __int128;

int128 pow10(int exponent) {
  int128 value = 1;
  for (int i = 0; i < exponent; ++i) value *= 10;
  return value;
}

// count(*), count(x, ...): rows where every argument is non-NULL; count_if(c): rows where c is
// TRUE.
class Count final : public AggregateFunction {
 public:
  explicit Count(bool only_true) : only_true_(only_true) {}
  void resize(size_t groups) override { counts_.resize(groups, 0); }
  absl::Status update(const uint32_t* groups, const std::vector<const Vector*>& args,
                      const uint8_t* keep, size_t rows) override {
    for (size_t row = 0; row < rows; ++row) {
      if (keep != nullptr && keep[row] == 0) continue;
      bool counted = true;
      for (const Vector* arg : args) counted = counted && !arg->isNull(row);
      if (counted && only_true_) counted = args[0]->values<uint8_t>()[row] != 0;
      counts_[groups[row]] += counted ? 1 : 0;
    }
    return absl::OkStatus();
  }
  std::vector<DataType> bufferTypes() const override { return {DataType::bigint()}; }
  absl::StatusOr<std::vector<VectorPtr>> buffers(size_t first, size_t count) const override {
    return std::vector<VectorPtr>{values(first, count)};
  }
  absl::Status merge(const uint32_t* groups, const std::vector<const Vector*>& buffers,
                     size_t rows) override {
    const int64_t* in = buffers[0]->values<int64_t>();
    for (size_t row = 0; row < rows; ++row) counts_[groups[row]] += in[row];
    return absl::OkStatus();
  }
  absl::StatusOr<VectorPtr> result(size_t first, size_t count) const override {
    return values(first, count);
  }
  size_t bytes() const override { return counts_.capacity() * sizeof(int64_t); }

 private:
  VectorPtr values(size_t first, size_t count) const {
    auto vector = Vector::make(DataType::bigint(), count);
    std::copy_n(counts_.begin() + static_cast<std::ptrdiff_t>(first), count,
                vector->values<int64_t>());
    return vector;
  }

  bool only_true_;
  std::vector<int64_t> counts_;
};

// sum and avg. Integers sum in int64 (overflow is an error), decimals in __int128 (the result
// must fit its DECIMAL type), doubles in double. avg keeps a count too and divides at the end.
class SumAvg final : public AggregateFunction {
 public:
  enum class Kind { kInteger, kDecimal, kDouble };

  SumAvg(const AggregateSpec& spec, bool average) : spec_(spec), average_(average) {
    DataType input = spec.argument_types.empty() ? DataType::bigint() : spec.argument_types[0];
    kind_ = input.isDecimal()                          ? Kind::kDecimal
            : input.id() == TypeId::kDouble || average ? Kind::kDouble
                                                       : Kind::kInteger;
    input_ = input;
    // The buffer's sum: the result type for sum; the input's decimal type (or DOUBLE) for avg.
    sum_type_ = !average ? spec.result_type
                : kind_ == Kind::kDecimal
                    ? DataType::decimal(DataType::kMaxDecimalPrecision, input.scale())
                    : DataType::float64();
  }

  void resize(size_t groups) override {
    has_value_.resize(groups, 0);
    counts_.resize(groups, 0);
    if (kind_ == Kind::kDouble) {
      doubles_.resize(groups, 0.0);
    } else {
      wide_.resize(groups, 0);
    }
  }

  absl::Status update(const uint32_t* groups, const std::vector<const Vector*>& args,
                      const uint8_t* keep, size_t rows) override {
    const Vector& column = *args[0];
    switch (kind_) {
      case Kind::kDouble:
        forEachValid(column, keep, rows, [&](size_t row) {
          add(groups[row],
              input_.id() == TypeId::kDouble ? column.values<double>()[row] : numeric(column, row));
        });
        break;
      case Kind::kDecimal:
      case Kind::kInteger:
        if (storageWidth(input_) == 4) {
          const int32_t* in = column.values<int32_t>();
          forEachValid(column, keep, rows, [&](size_t row) { addWide(groups[row], in[row]); });
        } else {
          const int64_t* in = column.values<int64_t>();
          forEachValid(column, keep, rows, [&](size_t row) { addWide(groups[row], in[row]); });
        }
        break;
    }
    return absl::OkStatus();
  }

  std::vector<DataType> bufferTypes() const override {
    if (average_) return {sum_type_, DataType::bigint()};
    return {sum_type_};
  }

  absl::StatusOr<std::vector<VectorPtr>> buffers(size_t first, size_t count) const override {
    std::vector<VectorPtr> out;
    if (kind_ == Kind::kDouble) {
      out.push_back(fixedVector(DataType::float64(), doubles_, has_value_, first, count));
    } else {
      // A partial sum must fit the buffer's type too (a task's sum that overflows is an error
      // even if later negative sums would bring the total back).
      auto sums = Vector::make(sum_type_, count);
      for (size_t i = 0; i < count; ++i) {
        if (has_value_[first + i] == 0) {
          sums->setNull(i);
        } else if (!fits(wide_[first + i], sum_type_)) {
          return overflow(spec_);
        } else {
          sums->values<int64_t>()[i] = static_cast<int64_t>(wide_[first + i]);
        }
      }
      out.push_back(sums);
    }
    if (average_) {
      auto counts = Vector::make(DataType::bigint(), count);
      std::copy_n(counts_.begin() + static_cast<std::ptrdiff_t>(first), count,
                  counts->values<int64_t>());
      out.push_back(counts);
    }
    return out;
  }

  absl::Status merge(const uint32_t* groups, const std::vector<const Vector*>& buffers,
                     size_t rows) override {
    const Vector& sums = *buffers[0];
    for (size_t row = 0; row < rows; ++row) {
      uint32_t group = groups[row];
      if (average_) counts_[group] += buffers[1]->values<int64_t>()[row];
      if (sums.isNull(row)) continue;
      has_value_[group] = 1;
      if (kind_ == Kind::kDouble) {
        doubles_[group] += sums.values<double>()[row];
      } else {
        wide_[group] += sums.values<int64_t>()[row];
      }
    }
    return absl::OkStatus();
  }

  absl::StatusOr<VectorPtr> result(size_t first, size_t count) const override {
    auto out = Vector::make(spec_.result_type, count);
    for (size_t i = 0; i < count; ++i) {
      size_t group = first + i;
      if (has_value_[group] == 0 || (average_ && counts_[group] == 0)) {
        out->setNull(i);
        continue;
      }
      if (average_) {
        double sum = kind_ == Kind::kDouble ? doubles_[group]
                                            : static_cast<double>(wide_[group]) /
                                                  static_cast<double>(pow10(input_.scale()));
        out->values<double>()[i] = sum / static_cast<double>(counts_[group]);
      } else if (kind_ == Kind::kDouble) {
        out->values<double>()[i] = doubles_[group];
      } else {
        if (!fits(wide_[group], spec_.result_type)) return overflow(spec_);
        out->values<int64_t>()[i] = static_cast<int64_t>(wide_[group]);
      }
    }
    return out;
  }

  size_t bytes() const override {
    return has_value_.capacity() + counts_.capacity() * 8 + doubles_.capacity() * 8 +
           wide_.capacity() * 16;
  }

 private:
  // Whether `sum` fits `type`: BIGINT's range, or a DECIMAL's precision.
  static bool fits(int128 sum, DataType type) {
    if (type.isDecimal()) {
      int128 limit = pow10(type.precision());
      return sum < limit && sum > -limit;
    }
    return sum >= INT64_MIN && sum <= INT64_MAX;
  }
  static double numeric(const Vector& column, size_t row) {
    switch (storageWidth(column.type())) {
      case 4:
        return column.values<int32_t>()[row];
      case 8:
        return static_cast<double>(column.values<int64_t>()[row]);
      default:
        return column.values<uint8_t>()[row];
    }
  }
  void add(uint32_t group, double value) {
    doubles_[group] += value;
    has_value_[group] = 1;
    ++counts_[group];
  }
  void addWide(uint32_t group, int64_t value) {
    wide_[group] += value;
    has_value_[group] = 1;
    ++counts_[group];
  }

  AggregateSpec spec_;
  bool average_;
  Kind kind_;
  DataType input_;
  DataType sum_type_;
  std::vector<uint8_t> has_value_;
  std::vector<int64_t> counts_;
  std::vector<double> doubles_;
  std::vector<int128> wide_;  // integer and decimal sums, checked against the type at the end
};

// bool_and / every (all TRUE) and bool_or / some (any TRUE), NULLs ignored.
class BoolAggregate final : public AggregateFunction {
 public:
  explicit BoolAggregate(bool any) : any_(any) {}
  void resize(size_t groups) override {
    values_.resize(groups, any_ ? 0 : 1);
    has_value_.resize(groups, 0);
  }
  absl::Status update(const uint32_t* groups, const std::vector<const Vector*>& args,
                      const uint8_t* keep, size_t rows) override {
    const uint8_t* in = args[0]->values<uint8_t>();
    forEachValid(*args[0], keep, rows, [&](size_t row) { fold(groups[row], in[row] != 0); });
    return absl::OkStatus();
  }
  std::vector<DataType> bufferTypes() const override { return {DataType::boolean()}; }
  absl::StatusOr<std::vector<VectorPtr>> buffers(size_t first, size_t count) const override {
    return std::vector<VectorPtr>{
        fixedVector(DataType::boolean(), values_, has_value_, first, count)};
  }
  absl::Status merge(const uint32_t* groups, const std::vector<const Vector*>& buffers,
                     size_t rows) override {
    return update(groups, buffers, nullptr, rows);
  }
  absl::StatusOr<VectorPtr> result(size_t first, size_t count) const override {
    return fixedVector(DataType::boolean(), values_, has_value_, first, count);
  }
  size_t bytes() const override { return values_.capacity() + has_value_.capacity(); }

 private:
  void fold(uint32_t group, bool value) {
    values_[group] = any_ ? (values_[group] | value) : (values_[group] & value);
    has_value_[group] = 1;
  }

  bool any_;
  std::vector<uint8_t> values_;
  std::vector<uint8_t> has_value_;
};

}  // namespace
}  // namespace aggregate_internal

absl::StatusOr<std::unique_ptr<AggregateFunction>> makeAggregateFunction(
    const AggregateSpec& spec) {
  using namespace aggregate_internal;
  const std::string& name = spec.name;
  std::unique_ptr<AggregateFunction> function;
  if (name == "count") {
    function = std::make_unique<Count>(false);
  } else if (name == "count_if") {
    function = std::make_unique<Count>(true);
  } else if (name == "sum" || name == "avg" || name == "mean") {
    if (spec.argument_types.size() != 1) {
      return absl::InvalidArgumentError(fmt::format("{} takes one argument", spec.sql));
    }
    function = std::make_unique<SumAvg>(spec, name != "sum");
  } else if (name == "min" || name == "max") {
    function = makeMinMax(spec, name == "max");
  } else if (name == "first" || name == "any_value" || name == "last") {
    function = makeFirstLast(spec, name == "last");
  } else if (name == "bool_and" || name == "every") {
    function = std::make_unique<BoolAggregate>(false);
  } else if (name == "bool_or" || name == "some") {
    function = std::make_unique<BoolAggregate>(true);
  } else if (name.starts_with("stddev") || name.starts_with("var")) {
    function = makeStatistics(spec);
  }
  if (function == nullptr) {
    return absl::UnimplementedError(
        fmt::format("the aggregate function {} cannot run yet ({})", name, spec.sql));
  }
  if (spec.distinct) function = makeDistinct(spec, std::move(function));
  return function;
}

}  // namespace planck
