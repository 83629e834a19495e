// The column statistics cost-based estimation works with: Spark's ColumnStat as its estimators
// see it (numbers as doubles: DATE as days since 1970, DECIMAL as its value), per attribute id.
// They come from the catalog (ANALYZE TABLE ... FOR COLUMNS, catalog/catalog.h) at a relation
// and are carried and narrowed up the plan by each operator's estimation.
#pragma once

#include <optional>

#include "absl/container/flat_hash_map.h"
#include "catalog/catalog.h"
#include "logical/expression.h"
#include "logical/value.h"

namespace planck {

struct ColumnStat {
  std::optional<double> distinct_count;
  std::optional<double> min;  // numeric and DATE columns
  std::optional<double> max;
  double null_count = 0;
  std::optional<double> avg_length;
  std::optional<Histogram> histogram;
};

using AttributeStats = absl::flat_hash_map<ExprId, ColumnStat>;

// A catalog column's statistics as estimation uses them.
ColumnStat columnStatFrom(const ColumnStatistics& stats);

// A numeric or DATE value as a double (what min, max and histograms hold), or nullopt.
std::optional<double> estimationValue(const Value& value);

// A column's distinct count after its rows went from `old_rows` to `new_rows` by a filter that
// did not constrain it: the values expected to keep a row (Cardenas' formula). Spark's
// EstimationUtils.updateNdv scales the count with the rows instead, so five order priorities in
// 574 of 15,000 orders become one and the aggregate above estimates one group; planck departs
// from it here.
double updateNdv(double old_rows, double new_rows, double ndv);

// The distinct values expected among `kept` of `rows` rows kept at random, of `ndv` spread evenly
// over them (Cardenas' formula, unrounded: updateNdv rounds it for a whole column, a histogram's
// range keeps fractions).
double keptDistinct(double rows, double kept, double ndv);

}  // namespace planck
