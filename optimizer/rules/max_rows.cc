#include "optimizer/rules/max_rows.h"

#include <algorithm>
#include <limits>

#include "logical/operators.h"

namespace planck {
namespace {

using Bound = std::optional<int64_t>;

// Arithmetic on bounds: unknown stays unknown, and so does an overflow.
Bound plus(Bound a, Bound b) {
  if (!a || !b || *a > std::numeric_limits<int64_t>::max() - *b) return std::nullopt;
  return *a + *b;
}
Bound times(Bound a, Bound b) {
  if (!a || !b) return std::nullopt;
  if (*a != 0 && *b > std::numeric_limits<int64_t>::max() / *a) return std::nullopt;
  return *a * *b;
}
Bound least(Bound a, Bound b) {
  if (!a) return b;
  if (!b) return a;
  return std::min(*a, *b);
}

}  // namespace

std::optional<int64_t> limitValue(const ExprPtr& count) {
  const auto* literal = count->as<Literal>();
  if (literal == nullptr || literal->value().isNull()) return std::nullopt;
  DataType type = literal->dataType();
  if (type != DataType::integer() && type != DataType::bigint()) return std::nullopt;
  return literal->value().asInt();
}

std::optional<int64_t> maxRows(const PlanPtr& plan) {
  switch (plan->kind()) {
    case PlanKind::kLocalRelation:
      return static_cast<int64_t>(plan->as<LocalRelation>()->rows().size());
    case PlanKind::kOneRowRelation:
      return 1;
    case PlanKind::kAggregate:
      if (plan->as<Aggregate>()->groupingExpressions().empty()) return 1;
      return maxRows(plan->child(0));
    case PlanKind::kProject:
    case PlanKind::kFilter:
    case PlanKind::kSort:
    case PlanKind::kWindow:
    case PlanKind::kDistinct:
    case PlanKind::kSubqueryAlias:
    case PlanKind::kResolvedHint:
    case PlanKind::kLocalLimit:
    case PlanKind::kIntersect:
    case PlanKind::kExcept:
      return maxRows(plan->child(0));
    case PlanKind::kGlobalLimit:
      return least(limitValue(plan->as<GlobalLimit>()->count()), maxRows(plan->child(0)));
    case PlanKind::kOffset: {
      Bound rows = maxRows(plan->child(0));
      Bound offset = limitValue(plan->as<Offset>()->count());
      if (!rows || !offset) return rows;
      return std::max<int64_t>(0, *rows - *offset);
    }
    case PlanKind::kExpand:
      return times(maxRows(plan->child(0)),
                   static_cast<int64_t>(plan->as<Expand>()->projections().size()));
    case PlanKind::kUnion: {
      Bound total = 0;
      for (const PlanPtr& child : plan->children()) total = plus(total, maxRows(child));
      return total;
    }
    case PlanKind::kJoin: {
      Bound left = maxRows(plan->child(0));
      Bound right = maxRows(plan->child(1));
      switch (plan->as<Join>()->joinType()) {
        case JoinType::kLeftSemi:
        case JoinType::kLeftAnti:
          return left;
        case JoinType::kInner:
        case JoinType::kCross:
          return times(left, right);
        case JoinType::kLeftOuter:
          return plus(times(left, right), left);
        case JoinType::kRightOuter:
          return plus(times(left, right), right);
        case JoinType::kFullOuter:
          return plus(plus(times(left, right), left), right);
      }
      return std::nullopt;
    }
    default:
      return std::nullopt;
  }
}

std::optional<int64_t> maxRowsPerPartition(const PlanPtr& plan) {
  Bound per_partition;
  switch (plan->kind()) {
    case PlanKind::kLocalLimit:
      per_partition =
          least(limitValue(plan->as<LocalLimit>()->count()), maxRowsPerPartition(plan->child(0)));
      break;
    case PlanKind::kProject:
    case PlanKind::kFilter:
    case PlanKind::kSubqueryAlias:
    case PlanKind::kResolvedHint:
      per_partition = maxRowsPerPartition(plan->child(0));
      break;
    default:
      break;
  }
  return least(per_partition, maxRows(plan));
}

}  // namespace planck
