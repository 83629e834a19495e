// Columnar data in memory: a Vector is one column of a batch of rows, typed, with a NULL mask;
// a Batch is the columns of up to kBatchRows rows. Tables are stored as batches
// (runtime/columnar_table.h), the interpreted operators work a batch at a time, and compiled
// pipelines (issue 6) read and write the same layout.
//
// How a value of each SQL type is stored (DESIGN.md, "Types"):
//
//   BOOLEAN           uint8_t, 0 or 1
//   INTEGER, DATE     int32_t (DATE: days since 1970-01-01)
//   BIGINT, DECIMAL   int64_t (DECIMAL(p, s): the value times 10^s, p <= 18)
//   DOUBLE            double
//   VARCHAR, BINARY   Arrow's layout: size + 1 uint32_t offsets into one byte buffer; row i is
//                     bytes [offsets[i], offsets[i + 1]). BINARY shares VARCHAR's layout and
//                     code paths (DataType::storedAsBytes); bytes compare unsigned.
//   NULL (void)       no values: every row is NULL
//
// A NULL row's value slot holds zero (an empty string for VARCHAR), so vectorized arithmetic may
// run over it harmlessly; a check that can fail (overflow, division by zero) must skip NULL rows.
// The NULL mask is one byte per row (1 = NULL), absent while no row is NULL: most columns have no
// NULLs, and then nothing is allocated or tested.
#pragma once

#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "logical/data_type.h"
#include "logical/value.h"

namespace planck {

// Rows per batch the operators aim for (DuckDB's STANDARD_VECTOR_SIZE is 2048 too).
inline constexpr size_t kBatchRows = 2048;

// The C++ type a fixed-width SQL type is stored as; void for VARCHAR, BINARY and NULL.
template <TypeId kId>
using StorageOf = std::conditional_t<
    kId == TypeId::kBoolean, uint8_t,
    std::conditional_t<
        kId == TypeId::kInteger || kId == TypeId::kDate, int32_t,
        std::conditional_t<kId == TypeId::kBigInt || kId == TypeId::kDecimal, int64_t,
                           std::conditional_t<kId == TypeId::kDouble, double, void>>>>;

// Bytes per value of a fixed-width type; 0 for VARCHAR, BINARY and NULL.
size_t storageWidth(DataType type);

class Vector;
using VectorPtr = std::shared_ptr<Vector>;

class Vector {
 public:
  // `size` rows of `type`: values zero (strings empty), no NULLs.
  Vector(DataType type, size_t size);
  static VectorPtr make(DataType type, size_t size) { return std::make_shared<Vector>(type, size); }
  // `size` rows all equal to `value` (which may be NULL).
  static VectorPtr constant(const Value& value, DataType type, size_t size);

  DataType type() const { return type_; }
  size_t size() const { return size_; }

  // Fixed-width values; T must be the storage type of type() (checked in debug builds).
  template <class T>
  T* values() {
    return reinterpret_cast<T*>(data_.data());
  }
  template <class T>
  const T* values() const {
    return reinterpret_cast<const T*>(data_.data());
  }

  // NULLs.
  bool hasNulls() const { return !nulls_.empty(); }
  bool isNull(size_t row) const { return !nulls_.empty() && nulls_[row] != 0; }
  // The mask, one byte per row (1 = NULL), or nullptr when no row is NULL.
  const uint8_t* nullMask() const { return nulls_.empty() ? nullptr : nulls_.data(); }
  // The mask for writing: allocated (all rows valid) on first use.
  uint8_t* mutableNullMask();
  void setNull(size_t row) { mutableNullMask()[row] = 1; }
  // Drops the mask if no row is NULL (after an operation that may have set none).
  void compactNullMask();

  // VARCHAR and BINARY rows. A string vector is written in row order: appendString after
  // construction with size 0, or setStrings at once.
  std::string_view string(size_t row) const {
    return std::string_view(chars_.data() + offsets_[row], offsets_[row + 1] - offsets_[row]);
  }
  const uint32_t* offsets() const { return offsets_.data(); }
  const char* chars() const { return chars_.data(); }
  void appendString(std::string_view text);
  void appendNull();  // VARCHAR or fixed width: a NULL row at the end
  // Appends a fixed-width value at the end (grows the vector by one row).
  template <class T>
  void append(T value) {
    size_t at = data_.size();
    data_.resize(at + sizeof(T));
    std::memcpy(data_.data() + at, &value, sizeof(T));
    if (!nulls_.empty()) nulls_.push_back(0);
    ++size_;
  }
  void reserve(size_t rows, size_t string_bytes = 0);
  // Keeps the first `rows` rows of a fixed-width or NULL vector (one written in place up to a
  // capacity, as compiled pipelines write their output).
  void truncate(size_t rows);

  // Row `row` as a Value (slow: for results, tests and the row-at-a-time fallbacks).
  Value valueAt(size_t row) const;

  // Memory held, in bytes (values, mask, strings): what statistics and memory limits count.
  size_t bytes() const;

 private:
  // gather() writes a byte-string vector's offsets and bytes at once.
  friend VectorPtr gather(const Vector& source, const uint32_t* selection, size_t count);

  DataType type_;
  size_t size_;
  std::vector<uint8_t> data_;      // fixed-width values
  std::vector<uint8_t> nulls_;     // empty, or one byte per row
  std::vector<uint32_t> offsets_;  // VARCHAR: size_ + 1 offsets
  std::string chars_;              // VARCHAR: the bytes of all rows
};

// The rows of up to kBatchRows rows, one vector per column, all of the same size.
struct Batch {
  std::vector<VectorPtr> columns;
  size_t rows = 0;

  size_t bytes() const;
};
using BatchPtr = std::shared_ptr<const Batch>;

// A new vector with rows `selection[0..count)` of `source`, in that order (filters, shuffles,
// hash-join output).
VectorPtr gather(const Vector& source, const uint32_t* selection, size_t count);
// A new batch with rows `selection[0..count)` of every column of `batch`.
Batch gather(const Batch& batch, const uint32_t* selection, size_t count);

}  // namespace planck
