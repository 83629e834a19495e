#include "optimizer/estimation/join_estimation.h"

#include <algorithm>
#include <cmath>

#include "logical/expressions.h"
#include "logical/expressions_operators.h"
#include "logical/predicates.h"

namespace planck {
namespace {

struct KeyPair {
  ExprId left, right;
};

// The `left = right` conjuncts of `condition` between a column of each side.
std::vector<KeyPair> keyPairs(const ExprPtr& condition, const AttributeSet& left_side,
                              const AttributeSet& right_side) {
  std::vector<KeyPair> pairs;
  if (condition == nullptr) return pairs;
  for (const ExprPtr& conjunct : splitConjuncts(condition)) {
    const auto* cmp = conjunct->as<BinaryComparison>();
    if (cmp == nullptr || cmp->op() != ComparisonOp::kEqual) continue;
    const auto* a = cmp->left()->as<AttributeReference>();
    const auto* b = cmp->right()->as<AttributeReference>();
    if (a == nullptr || b == nullptr) continue;
    if (left_side.contains(a->exprId()) && right_side.contains(b->exprId())) {
      pairs.push_back({a->exprId(), b->exprId()});
    } else if (left_side.contains(b->exprId()) && right_side.contains(a->exprId())) {
      pairs.push_back({b->exprId(), a->exprId()});
    }
  }
  return pairs;
}

}  // namespace

std::optional<FilterEstimate> estimateJoin(const Join& join, double left_rows,
                                           const AttributeStats& left, double right_rows,
                                           const AttributeStats& right) {
  JoinType type = join.joinType();
  FilterEstimate out;
  if (type == JoinType::kLeftSemi || type == JoinType::kLeftAnti) {
    out.rows = left_rows;
    out.stats = left;
    return out;
  }
  AttributeSet left_side(join.left()->output()), right_side(join.right()->output());
  std::vector<KeyPair> pairs = keyPairs(join.condition(), left_side, right_side);
  double inner;
  if (pairs.empty()) {
    if (join.condition() != nullptr && type != JoinType::kInner && type != JoinType::kCross) {
      return std::nullopt;
    }
    inner = left_rows * right_rows;
  } else {
    std::optional<double> smallest;
    for (const KeyPair& pair : pairs) {
      auto l = left.find(pair.left);
      auto r = right.find(pair.right);
      if (l == left.end() || r == right.end() || !l->second.distinct_count ||
          !r->second.distinct_count) {
        continue;
      }
      const ColumnStat& x = l->second;
      const ColumnStat& y = r->second;
      double rows;
      if (x.min && x.max && y.min && y.max && (*x.max < *y.min || *y.max < *x.min)) {
        rows = 0;
      } else {
        double ndv = std::max({*x.distinct_count, *y.distinct_count, 1.0});
        rows = std::ceil(left_rows * right_rows / ndv);
      }
      smallest = smallest ? std::min(*smallest, rows) : rows;
    }
    if (!smallest) return std::nullopt;
    inner = *smallest;
  }
  switch (type) {
    case JoinType::kLeftOuter:
      out.rows = std::max(inner, left_rows);
      break;
    case JoinType::kRightOuter:
      out.rows = std::max(inner, right_rows);
      break;
    case JoinType::kFullOuter:
      out.rows = std::max(inner, left_rows) + std::max(inner, right_rows) - inner;
      break;
    default:
      out.rows = inner;
      break;
  }
  // Both sides' statistics, the keys narrowed (inner joins) and every distinct count capped.
  out.stats = left;
  for (const auto& [id, stat] : right) out.stats[id] = stat;
  if (type == JoinType::kInner || type == JoinType::kCross) {
    for (const KeyPair& pair : pairs) {
      auto l = out.stats.find(pair.left);
      auto r = out.stats.find(pair.right);
      if (l == out.stats.end() || r == out.stats.end()) continue;
      ColumnStat both = l->second;
      if (l->second.distinct_count && r->second.distinct_count) {
        both.distinct_count = std::min(*l->second.distinct_count, *r->second.distinct_count);
      }
      if (both.min && r->second.min) both.min = std::max(*both.min, *r->second.min);
      if (both.max && r->second.max) both.max = std::min(*both.max, *r->second.max);
      both.null_count = 0;
      l->second = both;
      r->second = both;
    }
  }
  for (auto& [id, stat] : out.stats) {
    if (stat.distinct_count) stat.distinct_count = std::min(*stat.distinct_count, out.rows);
  }
  return out;
}

}  // namespace planck
