// Aggregate functions for hash aggregation: the states of one aggregate call for every group,
// kept in arrays indexed by group id (GroupTable's ids).
//
// Aggregation runs as Spark's HashAggregate: a partial aggregate per task folds input rows into
// per-group buffers (update), which are written out as buffer columns (buffers) and shuffled;
// the final aggregate folds buffer rows into its groups (merge) and computes each group's value
// (result). A complete aggregate (no shuffle) updates and then takes the results. The buffer
// columns of each function are Spark's aggBufferAttributes:
//
//   count, count_if                  count BIGINT
//   sum                              sum (BIGINT, DECIMAL or DOUBLE: the result type; NULL = no
//                                    value yet)
//   avg, mean                        sum (DECIMAL of the input, or DOUBLE), count BIGINT
//   min, max                         the value (NULL = none yet)
//   first, last, any_value           the value, valueSet BOOLEAN
//   stddev*, var*                    n DOUBLE, avg DOUBLE, m2 DOUBLE (Welford's update, with
//                                    Chan et al.'s pairwise merge)
//   bool_and, every, bool_or, some   the value (NULL = none yet)
//
// DISTINCT aggregates keep a set of the distinct argument rows per group and support only
// update and result (the planner gives them a complete aggregate).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "runtime/vector.h"

namespace planck {

// What the runtime needs to know about one aggregate call.
struct AggregateSpec {
  std::string name;                      // the function, lower case: sum, count, avg, ...
  std::vector<DataType> argument_types;  // after the analyzer's casts
  DataType result_type;
  bool distinct = false;
  std::string sql;  // how errors name the call: sum(l_quantity)
};

class AggregateFunction {
 public:
  virtual ~AggregateFunction() = default;

  // Makes room for groups [0, groups): new groups start empty.
  virtual void resize(size_t groups) = 0;
  // Folds `rows` input rows into their groups: groups[i] is row i's group, `args` the evaluated
  // arguments (one vector per argument; none for count(*)). Rows with keep[i] == 0 are skipped
  // (the aggregate's FILTER clause); keep may be null.
  virtual absl::Status update(const uint32_t* groups, const std::vector<const Vector*>& args,
                              const uint8_t* keep, size_t rows) = 0;
  // The types of the buffer columns (see above).
  virtual std::vector<DataType> bufferTypes() const = 0;
  // The buffers of groups [first, first + count), one vector per buffer column.
  // An error when a partial sum does not fit the buffer's type.
  virtual absl::StatusOr<std::vector<VectorPtr>> buffers(size_t first, size_t count) const = 0;
  // Folds `rows` rows of buffer columns (as buffers() wrote them) into their groups.
  virtual absl::Status merge(const uint32_t* groups, const std::vector<const Vector*>& buffers,
                             size_t rows) = 0;
  // The values of groups [first, first + count), of the spec's result type.
  virtual absl::StatusOr<VectorPtr> result(size_t first, size_t count) const = 0;
  // Memory held by the states, in bytes.
  virtual size_t bytes() const = 0;
};

// The function `spec` names, or an error naming an unknown function or argument type.
absl::StatusOr<std::unique_ptr<AggregateFunction>> makeAggregateFunction(const AggregateSpec& spec);

}  // namespace planck
