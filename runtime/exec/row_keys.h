// Row keys: the values of several key columns of one row, encoded as one byte string, so that
// grouping and hash joins can find equal keys with one hash-map lookup whatever the key types.
//
// Encoding, column after column: a NULL flag byte (0 valid, 1 NULL), then for a valid value its
// fixed-width bytes (BOOLEAN 1, INTEGER/DATE 4, BIGINT/DECIMAL/DOUBLE 8) or, for VARCHAR, a
// 4-byte length and the bytes. Two rows of the same key types have equal encodings exactly when
// every key is equal or both NULL (what GROUP BY needs; joins drop NULL keys first). DOUBLE keys
// are normalized first: -0.0 becomes 0.0 and every NaN one NaN, as Spark's
// NormalizeFloatingNumbers.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/vector.h"

namespace planck {

// The encoded keys of `rows` rows of `columns`, kept in one buffer.
class RowKeys {
 public:
  // Encodes rows [0, rows) of `columns` (all at least `rows` long).
  void encode(const std::vector<const Vector*>& columns, size_t rows);

  size_t size() const { return offsets_.empty() ? 0 : offsets_.size() - 1; }
  std::string_view key(size_t row) const {
    return std::string_view(bytes_.data() + offsets_[row], offsets_[row + 1] - offsets_[row]);
  }
  // Whether some key column of `row` is NULL (joins skip such rows: NULL equals nothing).
  bool hasNull(size_t row) const { return has_null_[row] != 0; }

 private:
  std::string bytes_;
  std::vector<uint32_t> offsets_;
  std::vector<uint8_t> has_null_;
  std::vector<uint32_t> cursor_;  // encode's scratch: each row's next byte
};

// Appends the key values of `key` (encoded as above, for `types`) to `columns`, one row each:
// how the distinct keys of a hash table become output columns again.
void decodeRowKey(std::string_view key, const std::vector<DataType>& types,
                  std::vector<Vector*>& columns);

}  // namespace planck
