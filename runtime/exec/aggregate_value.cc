// min, max, first, last and any_value: functions that keep one value of the input per group.
#include <cmath>
#include <string>

#include "runtime/exec/aggregate_internal.h"

namespace planck::aggregate_internal {
namespace {

// Per-group values of storage type T (std::string for VARCHAR).
template <class T>
class Values {
 public:
  void resize(size_t groups) {
    values_.resize(groups);
    has_value_.resize(groups, 0);
  }
  static T read(const Vector& column, size_t row) {
    if constexpr (std::is_same_v<T, std::string>) {
      return std::string(column.string(row));
    } else {
      return column.values<T>()[row];
    }
  }
  void set(uint32_t group, const Vector& column, size_t row) {
    values_[group] = read(column, row);
    has_value_[group] = 1;
  }
  void setNull(uint32_t group) { has_value_[group] = 0; }
  bool has(uint32_t group) const { return has_value_[group] != 0; }
  const T& get(uint32_t group) const { return values_[group]; }
  VectorPtr vector(DataType type, size_t first, size_t count) const {
    if constexpr (std::is_same_v<T, std::string>) {
      auto out = Vector::make(type, 0);
      for (size_t i = first; i < first + count; ++i) {
        if (has_value_[i] != 0) {
          out->appendString(values_[i]);
        } else {
          out->appendNull();
        }
      }
      return out;
    } else {
      return fixedVector(type, values_, has_value_, first, count);
    }
  }
  size_t bytes() const {
    size_t total = values_.capacity() * sizeof(T) + has_value_.capacity();
    if constexpr (std::is_same_v<T, std::string>) {
      for (const std::string& value : values_) total += value.capacity();
    }
    return total;
  }

 private:
  std::vector<T> values_;
  std::vector<uint8_t> has_value_;
};

// a < b as SQL orders values: NaN above every other double (Spark's rule).
template <class T>
bool less(const T& a, const T& b) {
  if constexpr (std::is_same_v<T, double>) {
    if (std::isnan(a)) return false;
    if (std::isnan(b)) return true;
  }
  return a < b;
}

template <class T>
class MinMax final : public AggregateFunction {
 public:
  MinMax(DataType type, bool max) : type_(type), max_(max) {}
  void resize(size_t groups) override { values_.resize(groups); }
  absl::Status update(const uint32_t* groups, const std::vector<const Vector*>& args,
                      const uint8_t* keep, size_t rows) override {
    const Vector& column = *args[0];
    forEachValid(column, keep, rows, [&](size_t row) { fold(groups[row], column, row); });
    return absl::OkStatus();
  }
  std::vector<DataType> bufferTypes() const override { return {type_}; }
  absl::StatusOr<std::vector<VectorPtr>> buffers(size_t first, size_t count) const override {
    return std::vector<VectorPtr>{values_.vector(type_, first, count)};
  }
  absl::Status merge(const uint32_t* groups, const std::vector<const Vector*>& buffers,
                     size_t rows) override {
    return update(groups, buffers, nullptr, rows);
  }
  absl::StatusOr<VectorPtr> result(size_t first, size_t count) const override {
    return values_.vector(type_, first, count);
  }
  size_t bytes() const override { return values_.bytes(); }

 private:
  void fold(uint32_t group, const Vector& column, size_t row) {
    if (!values_.has(group)) {
      values_.set(group, column, row);
      return;
    }
    T value = Values<T>::read(column, row);
    const T& current = values_.get(group);
    if (max_ ? less(current, value) : less(value, current)) values_.set(group, column, row);
  }

  DataType type_;
  bool max_;
  Values<T> values_;
};

// first (and any_value): the first row's value, NULL included (Spark's first without
// ignoreNulls); last: the last row's.
template <class T>
class FirstLast final : public AggregateFunction {
 public:
  FirstLast(DataType type, bool last) : type_(type), last_(last) {}
  void resize(size_t groups) override {
    values_.resize(groups);
    set_.resize(groups, 0);
  }
  absl::Status update(const uint32_t* groups, const std::vector<const Vector*>& args,
                      const uint8_t* keep, size_t rows) override {
    const Vector& column = *args[0];
    for (size_t row = 0; row < rows; ++row) {
      if (keep != nullptr && keep[row] == 0) continue;
      take(groups[row], column, row);
    }
    return absl::OkStatus();
  }
  std::vector<DataType> bufferTypes() const override { return {type_, DataType::boolean()}; }
  absl::StatusOr<std::vector<VectorPtr>> buffers(size_t first, size_t count) const override {
    auto flags = Vector::make(DataType::boolean(), count);
    for (size_t i = 0; i < count; ++i) flags->values<uint8_t>()[i] = set_[first + i];
    return std::vector<VectorPtr>{values_.vector(type_, first, count), flags};
  }
  absl::Status merge(const uint32_t* groups, const std::vector<const Vector*>& buffers,
                     size_t rows) override {
    const uint8_t* flags = buffers[1]->values<uint8_t>();
    for (size_t row = 0; row < rows; ++row) {
      if (flags[row] != 0) take(groups[row], *buffers[0], row);
    }
    return absl::OkStatus();
  }
  absl::StatusOr<VectorPtr> result(size_t first, size_t count) const override {
    return values_.vector(type_, first, count);
  }
  size_t bytes() const override { return values_.bytes() + set_.capacity(); }

 private:
  void take(uint32_t group, const Vector& column, size_t row) {
    if (set_[group] != 0 && !last_) return;
    set_[group] = 1;
    if (column.isNull(row)) {
      values_.setNull(group);
    } else {
      values_.set(group, column, row);
    }
  }

  DataType type_;
  bool last_;
  Values<T> values_;
  std::vector<uint8_t> set_;
};

template <template <class> class Function, class... Args>
std::unique_ptr<AggregateFunction> forType(DataType type, Args... args) {
  switch (type.id()) {
    case TypeId::kBoolean:
      return std::make_unique<Function<uint8_t>>(type, args...);
    case TypeId::kInteger:
    case TypeId::kDate:
      return std::make_unique<Function<int32_t>>(type, args...);
    case TypeId::kBigInt:
    case TypeId::kDecimal:
      return std::make_unique<Function<int64_t>>(type, args...);
    case TypeId::kDouble:
      return std::make_unique<Function<double>>(type, args...);
    case TypeId::kVarchar:
    case TypeId::kBinary:
      return std::make_unique<Function<std::string>>(type, args...);
    case TypeId::kNull:
      // min(NULL): the analyzer typed it INTEGER; every value is NULL.
      return std::make_unique<Function<int32_t>>(DataType::integer(), args...);
    case TypeId::kInterval:
      break;
  }
  return nullptr;
}

}  // namespace

std::unique_ptr<AggregateFunction> makeMinMax(const AggregateSpec& spec, bool max) {
  return forType<MinMax>(spec.result_type, max);
}

std::unique_ptr<AggregateFunction> makeFirstLast(const AggregateSpec& spec, bool last) {
  return forType<FirstLast>(spec.result_type, last);
}

}  // namespace planck::aggregate_internal
