#include "runtime/exec/window_frame.h"

#include <algorithm>

#include "common/status.h"
#include "fmt/format.h"

namespace planck {
namespace {

using Kind = FrameBound::Kind;

// The order key of `row` as a number on which "n PRECEDING" is key - n: DATE in days, DECIMAL
// in units of its scale (so the offset is scaled too), negated for a descending order so that
// preceding rows always have smaller values. long double holds every BIGINT exactly.
struct RangeKey {
  const Vector* column;
  bool ascending;
  long double scale = 1;

  long double at(uint32_t row) const {
    long double value = 0;
    switch (column->type().id()) {
      case TypeId::kInteger:
      case TypeId::kDate:
        value = column->values<int32_t>()[row];
        break;
      case TypeId::kBigInt:
      case TypeId::kDecimal:
        value = static_cast<long double>(column->values<int64_t>()[row]);
        break;
      case TypeId::kDouble:
        value = column->values<double>()[row];
        break;
      default:
        break;
    }
    return ascending ? value : -value;
  }
};

// The signed offset of a bound in rows or key units: n PRECEDING is -n, CURRENT ROW 0.
long double signedOffset(const FrameBound& bound) {
  switch (bound.kind) {
    case Kind::kPreceding:
      return -static_cast<long double>(bound.offset);
    case Kind::kFollowing:
      return static_cast<long double>(bound.offset);
    default:
      return 0;
  }
}

void rowsFrame(const WindowFrame& frame, const WindowLayout& layout, FrameBounds& out) {
  auto at = [&](const FrameBound& bound, size_t row, bool is_end) -> uint32_t {
    int64_t begin = layout.partition_begin[row], end = layout.partition_end[row];
    if (bound.kind == Kind::kUnboundedPreceding) return static_cast<uint32_t>(begin);
    if (bound.kind == Kind::kUnboundedFollowing) return static_cast<uint32_t>(end);
    int64_t position =
        static_cast<int64_t>(row) + static_cast<int64_t>(signedOffset(bound)) + (is_end ? 1 : 0);
    return static_cast<uint32_t>(std::clamp(position, begin, end));
  };
  for (size_t row = 0; row < layout.rows; ++row) {
    out.begin[row] = at(frame.lower, row, false);
    out.end[row] = at(frame.upper, row, true);
  }
}

absl::Status rangeFrame(const WindowFrame& frame, const WindowLayout& layout,
                        const SortKey* order_key, FrameBounds& out) {
  bool offsets = frame.lower.kind == Kind::kPreceding || frame.lower.kind == Kind::kFollowing ||
                 frame.upper.kind == Kind::kPreceding || frame.upper.kind == Kind::kFollowing;
  RangeKey key{nullptr, true};
  if (offsets) {
    if (order_key == nullptr) {
      return absl::InvalidArgumentError(
          "a RANGE window frame with an offset needs exactly one ORDER BY expression");
    }
    DataType type = order_key->column->type();
    if (!type.isNumeric() && type.id() != TypeId::kDate) {
      return absl::InvalidArgumentError(fmt::format(
          "a RANGE window frame with an offset needs a numeric or date ORDER BY key, not {}",
          type.sqlName()));
    }
    key = RangeKey{order_key->column, order_key->ascending};
    if (type.id() == TypeId::kDecimal) {
      for (int i = 0; i < type.scale(); ++i) key.scale *= 10;
    }
  }
  for (size_t first = 0; first < layout.rows; first = layout.partition_end[first]) {
    uint32_t begin = layout.partition_begin[first], end = layout.partition_end[first];
    // The rows with a non-NULL key: NULLs sort together at one end of the partition.
    uint32_t valid_begin = begin, valid_end = end;
    if (offsets) {
      while (valid_begin < end && key.column->isNull(valid_begin)) ++valid_begin;
      while (valid_end > valid_begin && key.column->isNull(valid_end - 1)) --valid_end;
    }
    for (uint32_t row = begin; row < end; ++row) {
      auto bound = [&](const FrameBound& bound, bool is_end) -> uint32_t {
        switch (bound.kind) {
          case Kind::kUnboundedPreceding:
            return begin;
          case Kind::kUnboundedFollowing:
            return end;
          case Kind::kCurrentRow:
            return is_end ? layout.peer_end[row] : layout.peer_begin[row];
          default:
            break;
        }
        if (key.column->isNull(row)) return is_end ? layout.peer_end[row] : layout.peer_begin[row];
        long double target = key.at(row) + signedOffset(bound) * key.scale;
        // The first valid row at or after the target (a frame start), or past it (an end).
        auto first_at = [&](uint32_t candidate) {
          long double value = key.at(candidate);
          return is_end ? value <= target : value < target;
        };
        uint32_t lo = valid_begin, hi = valid_end;
        while (lo < hi) {
          uint32_t mid = lo + (hi - lo) / 2;
          if (first_at(mid)) {
            lo = mid + 1;
          } else {
            hi = mid;
          }
        }
        return lo;
      };
      out.begin[row] = bound(frame.lower, false);
      out.end[row] = bound(frame.upper, true);
    }
  }
  return absl::OkStatus();
}

}  // namespace

WindowLayout layoutOf(size_t rows, const std::vector<SortKey>& partition_keys,
                      const std::vector<SortKey>& order_keys) {
  WindowLayout layout;
  layout.rows = rows;
  layout.partition_begin.resize(rows);
  layout.partition_end.resize(rows);
  layout.peer_begin.resize(rows);
  layout.peer_end.resize(rows);
  layout.partition_index.resize(rows);
  uint32_t partition_start = 0, peer_start = 0;
  for (uint32_t row = 0; row <= rows; ++row) {
    bool new_partition = row == rows || (row > 0 && compareRows(partition_keys, row - 1, row) != 0);
    bool new_peers = new_partition || (row > 0 && compareRows(order_keys, row - 1, row) != 0);
    if (row > 0 && new_peers) {
      for (uint32_t peer = peer_start; peer < row; ++peer) {
        layout.peer_begin[peer] = peer_start;
        layout.peer_end[peer] = row;
      }
      peer_start = row;
    }
    if (row > 0 && new_partition) {
      for (uint32_t member = partition_start; member < row; ++member) {
        layout.partition_begin[member] = partition_start;
        layout.partition_end[member] = row;
        layout.partition_index[member] = static_cast<uint32_t>(layout.partitions);
      }
      ++layout.partitions;
      partition_start = row;
    }
  }
  return layout;
}

absl::StatusOr<FrameBounds> frameBoundsOf(const WindowFrame& frame, bool has_order,
                                          const WindowLayout& layout, const SortKey* order_key) {
  FrameBounds out;
  out.begin.resize(layout.rows);
  out.end.resize(layout.rows);
  WindowFrame effective = frame;
  if (!frame.specified && !has_order) {
    effective.type = FrameType::kRows;
    effective.lower = {Kind::kUnboundedPreceding, 0};
    effective.upper = {Kind::kUnboundedFollowing, 0};
  }
  out.whole_partition = effective.lower.kind == Kind::kUnboundedPreceding &&
                        effective.upper.kind == Kind::kUnboundedFollowing;
  if (effective.type == FrameType::kRows) {
    rowsFrame(effective, layout, out);
  } else {
    PLANCK_RETURN_IF_ERROR(rangeFrame(effective, layout, order_key, out));
  }
  for (size_t row = 0; row < layout.rows; ++row)
    out.end[row] = std::max(out.end[row], out.begin[row]);
  return out;
}

}  // namespace planck
