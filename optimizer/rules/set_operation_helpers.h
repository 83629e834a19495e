// Helpers shared by the set-operation rewrites (INTERSECT / EXCEPT into joins, CTE inlining,
// union pruning): null-safe row matching and restoring an operator's exact output columns.
#pragma once

#include <memory>
#include <vector>

#include "logical/operators.h"
#include "logical/predicates.h"

namespace planck {

// left_1 <=> right_1 AND ... AND left_n <=> right_n: rows equal column by column, NULL
// matching NULL, as set operations compare rows.
inline ExprPtr nullSafeEqualAll(const Attributes& left, const Attributes& right) {
  std::vector<ExprPtr> equalities;
  for (size_t i = 0; i < left.size() && i < right.size(); ++i) {
    equalities.push_back(
        std::make_shared<BinaryComparison>(ComparisonOp::kNullSafeEqual, left[i], right[i]));
  }
  return conjunction(equalities);
}

// `plan` producing exactly the columns `target` (matched by position, same types): `plan`
// itself when its output already has their ids and nullability, else a Project that renames
// (alias with the target's name and id) or narrows (the target attribute over the same id,
// for a column the rewrite knows cannot be NULL). Columns of `plan` after the target's are
// dropped.
inline PlanPtr projectToOutput(const PlanPtr& plan, const Attributes& target) {
  const Attributes& output = plan->output();
  bool same = output.size() == target.size();
  for (size_t i = 0; same && i < output.size(); ++i) {
    same = output[i]->exprId() == target[i]->exprId() &&
           output[i]->nullable() == target[i]->nullable();
  }
  if (same) return plan;
  std::vector<ExprPtr> items;
  for (size_t i = 0; i < target.size(); ++i) {
    if (output[i]->exprId() == target[i]->exprId()) {
      items.push_back(target[i]);
    } else {
      items.push_back(std::make_shared<Alias>(output[i], target[i]->name(), target[i]->exprId()));
    }
  }
  return std::make_shared<Project>(std::move(items), plan);
}

// `plan` with one more column, the number of each row among its duplicates (1, 2, ...):
// Window [row_number() OVER (PARTITION BY every column ORDER BY every column) AS rn], so the
// k-th copy of a row is numbered k. The ORDER BY is only there because row_number needs one:
// the rows of a partition are all equal. Sets `number` to the new column.
inline PlanPtr numberDuplicates(const PlanPtr& plan, AttributePtr& number) {
  std::vector<ExprPtr> columns(plan->output().begin(), plan->output().end());
  std::vector<ExprPtr> order;
  for (const ExprPtr& column : columns)
    order.push_back(std::make_shared<SortOrder>(column, true, true));
  auto row_number = std::make_shared<ScalarFunction>("row_number", std::vector<ExprPtr>{},
                                                     DataType::integer(), NullPolicy::kNever,
                                                     /*deterministic=*/false);
  // ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW: row_number's frame in Spark.
  WindowFrame frame{true,
                    FrameType::kRows,
                    {FrameBound::Kind::kUnboundedPreceding, 0},
                    {FrameBound::Kind::kCurrentRow, 0}};
  auto spec = std::make_shared<WindowSpec>(columns, order, frame);
  auto numbered = std::make_shared<Alias>(std::make_shared<WindowExpression>(row_number, spec),
                                          "rn", newExprId());
  number = numbered->toAttribute();
  return std::make_shared<Window>(std::vector<ExprPtr>{numbered}, columns, order, plan);
}

// The join condition matching the k-th copy of a row of `left` with the k-th copy of the same
// row of `right`: every column <=> and the duplicate numbers equal.
inline ExprPtr sameCopyCondition(const Attributes& left, const AttributePtr& left_number,
                                 const Attributes& right, const AttributePtr& right_number) {
  return andOf(nullSafeEqualAll(left, right),
               std::make_shared<BinaryComparison>(ComparisonOp::kEqual, left_number, right_number));
}

// The rewrite of INTERSECT ALL and EXCEPT ALL: the duplicates of each side numbered, the k-th
// left copy of a row joined (`type`: LeftSemi or LeftAnti) with the k-th right copy of the same
// row, and the set operation's exact output restored on top.
inline PlanPtr joinMatchingCopies(const PlanPtr& set_operation, JoinType type) {
  const PlanPtr& left = set_operation->child(0);
  const PlanPtr& right = set_operation->child(1);
  AttributePtr left_number;
  AttributePtr right_number;
  PlanPtr numbered_left = numberDuplicates(left, left_number);
  PlanPtr numbered_right = numberDuplicates(right, right_number);
  auto join = std::make_shared<Join>(
      numbered_left, numbered_right, type,
      sameCopyCondition(left->output(), left_number, right->output(), right_number));
  return projectToOutput(join, set_operation->output());
}

}  // namespace planck
