// The key types the executor's fast paths (GroupTable, JoinHashTable, sortedRows, the
// sort-merge join) handle as plain integers: INTEGER and DATE (int32), BIGINT and DECIMAL
// (int64, DECIMAL scaled).
#pragma once

#include "logical/data_type.h"

namespace planck {

inline bool isIntegralKey(DataType type) {
  TypeId id = type.id();
  return id == TypeId::kInteger || id == TypeId::kDate || id == TypeId::kBigInt ||
         id == TypeId::kDecimal;
}

}  // namespace planck
