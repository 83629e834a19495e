#include "runtime/exec/window_functions.h"

#include <algorithm>

#include "common/status.h"
#include "fmt/format.h"
#include "runtime/exec/aggregate_function.h"
#include "runtime/exec/picked_rows.h"
#include "runtime/expression/compiled_expression.h"

namespace planck {
namespace {

absl::StatusOr<VectorPtr> evaluateOver(const ExprPtr& expr, const WindowInput& in) {
  PLANCK_ASSIGN_OR_RETURN(auto compiled, compileExpression(expr, *in.input, *in.compile));
  return compiled->evaluate(*in.rows);
}

// A constant argument (ntile's bucket count, lag's offset, nth_value's n) as an integer.
absl::StatusOr<int64_t> constantArgument(const ExprPtr& expr, std::string_view function,
                                         const WindowInput& in) {
  if (!expr->foldable()) {
    return absl::InvalidArgumentError(
        fmt::format("the argument {} of {} must be a constant", expr->sql(), function));
  }
  PLANCK_ASSIGN_OR_RETURN(VectorPtr value, evaluateOver(expr, in));
  if (value->isNull(0)) {
    return absl::InvalidArgumentError(
        fmt::format("the argument {} of {} must not be NULL", expr->sql(), function));
  }
  return value->valueAt(0).asInt();
}

absl::StatusOr<VectorPtr> ranking(const std::string& name, const std::vector<ExprPtr>& args,
                                  const WindowInput& in) {
  const WindowLayout& layout = *in.layout;
  size_t rows = layout.rows;
  bool is_double = name == "percent_rank" || name == "cume_dist";
  VectorPtr out = Vector::make(is_double ? DataType::float64() : DataType::integer(), rows);
  int64_t buckets = 0;
  if (name == "ntile") {
    PLANCK_ASSIGN_OR_RETURN(buckets, constantArgument(args[0], name, in));
    if (buckets <= 0) {
      return absl::InvalidArgumentError(
          fmt::format("the argument of ntile must be positive, got {}", buckets));
    }
  }
  int32_t dense = 0;
  for (size_t row = 0; row < rows; ++row) {
    int64_t begin = layout.partition_begin[row], size = layout.partition_end[row] - begin;
    int64_t position = static_cast<int64_t>(row) - begin;  // 0-based in the partition
    int64_t rank = layout.peer_begin[row] - begin + 1;
    if (static_cast<int64_t>(row) == begin) dense = 0;
    if (layout.peer_begin[row] == row) ++dense;
    if (is_double) {
      double value = name == "cume_dist"
                         ? static_cast<double>(layout.peer_end[row] - begin) / size
                         : (size == 1 ? 0.0 : static_cast<double>(rank - 1) / (size - 1));
      out->values<double>()[row] = value;
      continue;
    }
    int64_t value = position + 1;  // row_number
    if (name == "rank") {
      value = rank;
    } else if (name == "dense_rank") {
      value = dense;
    } else if (name == "ntile") {
      // Spark's NTile: the first size % buckets buckets hold one row more than the others.
      int64_t per = size / buckets, extra = size % buckets;
      int64_t large = extra * (per + 1);
      value = position < large ? position / (per + 1) + 1 : extra + (position - large) / per + 1;
    }
    out->values<int32_t>()[row] = static_cast<int32_t>(value);
  }
  return out;
}

absl::StatusOr<VectorPtr> lagLead(const std::string& name, const std::vector<ExprPtr>& args,
                                  DataType type, const WindowInput& in) {
  const WindowLayout& layout = *in.layout;
  PLANCK_ASSIGN_OR_RETURN(VectorPtr values, evaluateOver(args[0], in));
  int64_t offset = 1;
  if (args.size() >= 2) {
    PLANCK_ASSIGN_OR_RETURN(offset, constantArgument(args[1], name, in));
  }
  if (name == "lag") offset = -offset;
  VectorPtr fallback;
  if (args.size() == 3) {
    PLANCK_ASSIGN_OR_RETURN(fallback, evaluateOver(args[2], in));
  }
  std::vector<PickedRow> picks(layout.rows);
  for (size_t row = 0; row < layout.rows; ++row) {
    int64_t source = static_cast<int64_t>(row) + offset;
    if (source >= layout.partition_begin[row] && source < layout.partition_end[row]) {
      picks[row] = {values.get(), static_cast<uint32_t>(source)};
    } else if (fallback != nullptr) {
      picks[row] = {fallback.get(), static_cast<uint32_t>(row)};
    }
  }
  return pickRows(type, picks.data(), picks.size());
}

absl::StatusOr<VectorPtr> frameValue(const std::string& name, const std::vector<ExprPtr>& args,
                                     DataType type, const FrameBounds& frames,
                                     const WindowInput& in) {
  PLANCK_ASSIGN_OR_RETURN(VectorPtr values, evaluateOver(args[0], in));
  int64_t nth = 1;
  if (name == "nth_value") {
    PLANCK_ASSIGN_OR_RETURN(nth, constantArgument(args[1], name, in));
    if (nth <= 0) {
      return absl::InvalidArgumentError(
          fmt::format("the offset of nth_value must be positive, got {}", nth));
    }
  }
  std::vector<PickedRow> picks(in.layout->rows);
  for (size_t row = 0; row < picks.size(); ++row) {
    int64_t begin = frames.begin[row], end = frames.end[row];
    int64_t source = name == "last_value" ? end - 1 : begin + nth - 1;
    if (source >= begin && source < end) picks[row] = {values.get(), static_cast<uint32_t>(source)};
  }
  return pickRows(type, picks.data(), picks.size());
}

// Holds `bytes` on the budget while alive.
class Reservation {
 public:
  explicit Reservation(MemoryBudget* budget) : budget_(budget) {}
  ~Reservation() {
    if (budget_ != nullptr) budget_->release(held_);
  }
  absl::Status add(int64_t bytes) {
    if (budget_ == nullptr) return absl::OkStatus();
    held_ += bytes;
    return budget_->reserve(bytes, "Window");
  }

 private:
  MemoryBudget* budget_;
  int64_t held_ = 0;
};

// Whether every frame starts at its partition's start and ends no earlier than the frame
// before it (a running frame).
bool isRunning(const FrameBounds& frames, const WindowLayout& layout) {
  for (size_t row = 0; row < layout.rows; ++row) {
    if (frames.begin[row] != layout.partition_begin[row]) return false;
    if (row > layout.partition_begin[row] && frames.end[row] < frames.end[row - 1]) return false;
  }
  return true;
}

// A running frame, incrementally: every distinct frame end of a partition is a step, whose
// group first gets the rows the step adds (one vectorized update for all steps) and then the
// state of the step before it (one single-row merge per step). Merging the earlier state last
// is only right for aggregates whose merge is order-insensitive: not first and last.
absl::StatusOr<VectorPtr> runningAggregate(AggregateFunction& function,
                                           const std::vector<const Vector*>& args,
                                           const uint8_t* keep, const FrameBounds& frames,
                                           const WindowInput& in, Reservation& reservation) {
  const WindowLayout& layout = *in.layout;
  size_t rows = layout.rows;
  std::vector<uint32_t> step_of_output(rows), step_of_input(rows, 0);
  std::vector<uint8_t> included(rows, 0);
  std::vector<uint8_t> continues;  // whether step s continues step s - 1's partition
  uint32_t steps = 0, covered = 0;
  for (size_t row = 0; row < rows; ++row) {
    bool partition_start = row == layout.partition_begin[row];
    if (partition_start) covered = layout.partition_begin[row];
    if (partition_start || frames.end[row] != frames.end[row - 1]) {
      continues.push_back(partition_start ? 0 : 1);
      ++steps;
      for (; covered < frames.end[row]; ++covered) {
        step_of_input[covered] = steps - 1;
        included[covered] = keep == nullptr || keep[covered] != 0;
      }
    }
    step_of_output[row] = steps - 1;
  }
  function.resize(steps);
  PLANCK_RETURN_IF_ERROR(function.update(step_of_input.data(), args, included.data(), rows));
  PLANCK_RETURN_IF_ERROR(reservation.add(static_cast<int64_t>(function.bytes())));
  for (uint32_t step = 1; step < steps; ++step) {
    if (continues[step] == 0) continue;
    PLANCK_ASSIGN_OR_RETURN(std::vector<VectorPtr> before, function.buffers(step - 1, 1));
    std::vector<const Vector*> columns;
    for (const VectorPtr& buffer : before) columns.push_back(buffer.get());
    PLANCK_RETURN_IF_ERROR(function.merge(&step, columns, 1));
  }
  PLANCK_ASSIGN_OR_RETURN(VectorPtr values, function.result(0, steps));
  return gather(*values, step_of_output.data(), rows);
}

// The aggregate over every row's frame: per partition when every frame is its partition, else
// by a segment tree (see the header).
absl::StatusOr<VectorPtr> aggregateOverFrames(AggregateFunction& function, const std::string& name,
                                              const std::vector<const Vector*>& args,
                                              const uint8_t* keep, const FrameBounds& frames,
                                              const WindowInput& in) {
  const WindowLayout& layout = *in.layout;
  size_t rows = layout.rows;
  Reservation reservation(in.budget);
  bool order_sensitive = name == "first" || name == "last" || name == "any_value";
  if (!frames.whole_partition && !order_sensitive && isRunning(frames, layout)) {
    return runningAggregate(function, args, keep, frames, in, reservation);
  }
  if (frames.whole_partition) {
    function.resize(layout.partitions);
    PLANCK_RETURN_IF_ERROR(function.update(layout.partition_index.data(), args, keep, rows));
    PLANCK_RETURN_IF_ERROR(reservation.add(static_cast<int64_t>(function.bytes())));
    PLANCK_ASSIGN_OR_RETURN(VectorPtr values, function.result(0, layout.partitions));
    return gather(*values, layout.partition_index.data(), rows);
  }
  // Groups: [1, n) inner nodes, [n, 2n) leaves (row i at n + i), [2n, 3n) row i's frame at 2n+i.
  uint32_t n = static_cast<uint32_t>(rows);
  function.resize(3 * static_cast<size_t>(n));
  std::vector<uint32_t> groups(rows);
  for (uint32_t row = 0; row < n; ++row) groups[row] = n + row;
  PLANCK_RETURN_IF_ERROR(function.update(groups.data(), args, keep, rows));
  // Inner nodes bottom-up, a range at a time whose children are all done: node i merges 2i
  // and 2i + 1, left before right.
  for (uint32_t done = n; done > 1;) {
    uint32_t first = (done + 1) / 2;
    uint32_t children = 2 * (done - first);
    PLANCK_ASSIGN_OR_RETURN(std::vector<VectorPtr> buffers, function.buffers(2 * first, children));
    std::vector<const Vector*> columns;
    for (const VectorPtr& buffer : buffers) columns.push_back(buffer.get());
    groups.resize(children);
    for (uint32_t child = 0; child < children; ++child) groups[child] = first + child / 2;
    PLANCK_RETURN_IF_ERROR(function.merge(groups.data(), columns, children));
    done = first;
  }
  PLANCK_ASSIGN_OR_RETURN(std::vector<VectorPtr> nodes, function.buffers(0, 2 * size_t{n}));
  int64_t node_bytes = 0;
  for (const VectorPtr& node : nodes) node_bytes += static_cast<int64_t>(node->bytes());
  PLANCK_RETURN_IF_ERROR(reservation.add(static_cast<int64_t>(function.bytes()) + node_bytes));
  // Each row's frame: the covering nodes, left ones in order then right ones reversed (the
  // bottom-up walk of an iterative segment tree), merged a chunk of rows at a time.
  std::vector<uint32_t> selection, targets, right_nodes;
  for (uint32_t chunk = 0; chunk < n; chunk += static_cast<uint32_t>(kBatchRows)) {
    selection.clear();
    targets.clear();
    uint32_t chunk_end = std::min<uint32_t>(n, chunk + static_cast<uint32_t>(kBatchRows));
    for (uint32_t row = chunk; row < chunk_end; ++row) {
      right_nodes.clear();
      for (uint32_t lo = frames.begin[row] + n, hi = frames.end[row] + n; lo < hi;
           lo /= 2, hi /= 2) {
        if (lo & 1) {
          selection.push_back(lo++);
          targets.push_back(2 * n + row);
        }
        if (hi & 1) right_nodes.push_back(--hi);
      }
      for (auto node = right_nodes.rbegin(); node != right_nodes.rend(); ++node) {
        selection.push_back(*node);
        targets.push_back(2 * n + row);
      }
    }
    std::vector<VectorPtr> gathered;
    std::vector<const Vector*> columns;
    for (const VectorPtr& node : nodes) {
      gathered.push_back(gather(*node, selection.data(), selection.size()));
      columns.push_back(gathered.back().get());
    }
    PLANCK_RETURN_IF_ERROR(function.merge(targets.data(), columns, targets.size()));
  }
  return function.result(2 * size_t{n}, rows);
}

absl::StatusOr<VectorPtr> aggregate(const AggregateExpression& call, const FrameBounds& frames,
                                    const WindowInput& in) {
  if (call.isDistinct()) {
    return absl::UnimplementedError(
        fmt::format("{}: DISTINCT aggregates are not supported as window functions", call.sql()));
  }
  AggregateSpec spec;
  spec.name = call.name();
  for (const ExprPtr& arg : call.arguments()) spec.argument_types.push_back(arg->dataType());
  spec.result_type = call.dataType();
  spec.sql = call.sql();
  PLANCK_ASSIGN_OR_RETURN(auto function, makeAggregateFunction(spec));
  std::vector<VectorPtr> values;
  std::vector<const Vector*> args;
  for (const ExprPtr& arg : call.arguments()) {
    PLANCK_ASSIGN_OR_RETURN(VectorPtr value, evaluateOver(arg, in));
    values.push_back(value);
    args.push_back(value.get());
  }
  std::vector<uint8_t> keep;
  if (call.filter() != nullptr) {
    PLANCK_ASSIGN_OR_RETURN(VectorPtr condition, evaluateOver(call.filter(), in));
    keep.resize(in.layout->rows);
    for (size_t row = 0; row < keep.size(); ++row) {
      keep[row] = !condition->isNull(row) && condition->values<uint8_t>()[row] != 0;
    }
  }
  return aggregateOverFrames(*function, call.name(), args, keep.empty() ? nullptr : keep.data(),
                             frames, in);
}

}  // namespace

absl::StatusOr<VectorPtr> evaluateWindowFunction(const WindowExpression& window,
                                                 const WindowInput& in) {
  DataType type = window.dataType();
  if (in.layout->rows == 0) return Vector::make(type, 0);
  const WindowSpec& spec = window.spec();
  auto frames = [&]() {
    return frameBoundsOf(spec.frame(), in.has_order, *in.layout, in.order_key);
  };
  if (const auto* call = window.function()->as<AggregateExpression>()) {
    PLANCK_ASSIGN_OR_RETURN(FrameBounds bounds, frames());
    return aggregate(*call, bounds, in);
  }
  const auto* function = window.function()->as<ScalarFunction>();
  if (function == nullptr) {
    return absl::InternalError(fmt::format("not a window function: {}", window.sql()));
  }
  const std::string& name = function->name();
  std::vector<ExprPtr> args = function->children();
  if (name == "row_number" || name == "rank" || name == "dense_rank" || name == "percent_rank" ||
      name == "cume_dist" || name == "ntile") {
    return ranking(name, args, in);
  }
  if (name == "lag" || name == "lead") return lagLead(name, args, type, in);
  if (name == "first_value" || name == "last_value" || name == "nth_value") {
    PLANCK_ASSIGN_OR_RETURN(FrameBounds bounds, frames());
    return frameValue(name, args, type, bounds, in);
  }
  return absl::UnimplementedError(fmt::format("window function {} cannot run yet", name));
}

}  // namespace planck
