#include "optimizer/estimation/column_stat.h"

#include <algorithm>
#include <cmath>

namespace planck {

std::optional<double> estimationValue(const Value& value) {
  if (value.isNull()) return std::nullopt;
  DataType type = value.type();
  switch (type.id()) {
    case TypeId::kInteger:
    case TypeId::kBigInt:
    case TypeId::kDate:
      return static_cast<double>(value.asInt());
    case TypeId::kDecimal:
      return static_cast<double>(value.asInt()) / std::pow(10.0, type.scale());
    case TypeId::kDouble:
      return value.asDouble();
    case TypeId::kBoolean:
      return value.asBool() ? 1.0 : 0.0;
    default:
      return std::nullopt;
  }
}

ColumnStat columnStatFrom(const ColumnStatistics& stats) {
  ColumnStat stat;
  if (stats.distinct_count) stat.distinct_count = static_cast<double>(*stats.distinct_count);
  if (stats.min) stat.min = estimationValue(*stats.min);
  if (stats.max) stat.max = estimationValue(*stats.max);
  stat.null_count = static_cast<double>(stats.null_count.value_or(0));
  if (stats.avg_length) stat.avg_length = static_cast<double>(*stats.avg_length);
  stat.histogram = stats.histogram;
  return stat;
}

double keptDistinct(double rows, double kept, double ndv) {
  if (kept >= rows || rows <= 0 || ndv <= 0) return ndv;
  // Cardenas (1975): keeping `kept` of `rows` rows at random, a value that has rows / ndv rows
  // is missed with probability (1 - kept / rows)^(rows / ndv).
  return ndv * (1.0 - std::pow(1.0 - std::max(kept, 0.0) / rows, rows / ndv));
}

double updateNdv(double old_rows, double new_rows, double ndv) {
  if (new_rows >= old_rows || old_rows <= 0 || ndv <= 0) return ndv;
  return std::max(1.0, std::min(new_rows, std::ceil(keptDistinct(old_rows, new_rows, ndv))));
}

}  // namespace planck
