// PropagateEmptyRelation (Spark's rule of the same name, batches "LocalRelation early" and
// "LocalRelation"): an operator over an input known to be empty (a LocalRelation without
// rows) is replaced by what it must produce, usually an empty LocalRelation with the same
// output columns.
//
//   Join LeftOuter, (a = b)           Project [a#1, b#2, null AS x#3]
//   :- left [a#1, b#2]         =>     +- left
//   +- LocalRelation <empty>, [x#3]
//
// - Project, Filter, Sort, limits, Offset, Window, Expand, Distinct, and an Aggregate with
//   grouping over an empty input are empty. A global Aggregate (no grouping) is not: it
//   produces one row (count = 0), so it is kept.
// - Joins, as in Spark: Inner/Cross with an empty side (or a FALSE condition) are empty;
//   LeftOuter, LeftSemi and LeftAnti with an empty left side are empty; LeftSemi with an empty
//   right side is empty, LeftAnti with one is its left side; LeftOuter (FullOuter) with an
//   empty right side is the left side with NULLs for the right columns, and symmetrically.
// - Union drops its empty inputs; with none left it is empty, and when the first input went,
//   a Project restores the union's column ids. Intersect with an empty side and Except with an
//   empty left side are empty.
// Every replacement keeps the replaced operator's output ids and types; nullability only
// narrows.
#include "logical/operators.h"
#include "logical/predicates.h"
#include "optimizer/rules.h"
#include "optimizer/rules/set_operation_helpers.h"

namespace planck {
namespace {

bool isEmpty(const PlanPtr& plan) {
  const auto* local = plan->as<LocalRelation>();
  return local != nullptr && local->rows().empty();
}

PlanPtr emptyOf(const PlanPtr& plan) {
  return std::make_shared<LocalRelation>(plan->output(), std::vector<std::vector<Value>>{});
}

// `kept`'s columns as they are, then NULL for each column of `nulled`, under their ids.
PlanPtr withNullColumns(const PlanPtr& kept, const PlanPtr& nulled, bool nulls_first) {
  std::vector<ExprPtr> nulls;
  for (const AttributePtr& attr : nulled->output()) {
    nulls.push_back(
        std::make_shared<Alias>(nullLiteral(attr->dataType()), attr->name(), attr->exprId()));
  }
  std::vector<ExprPtr> items;
  if (nulls_first) items = nulls;
  items.insert(items.end(), kept->output().begin(), kept->output().end());
  if (!nulls_first) items.insert(items.end(), nulls.begin(), nulls.end());
  return std::make_shared<Project>(std::move(items), kept);
}

PlanPtr propagateThroughJoin(const PlanPtr& node, const Join& join) {
  bool left_empty = isEmpty(join.left());
  bool right_empty = isEmpty(join.right());
  bool false_condition = join.condition() != nullptr && isFalseLiteral(join.condition());
  if (!left_empty && !right_empty && !false_condition) return node;
  switch (join.joinType()) {
    case JoinType::kInner:
    case JoinType::kCross:
      return emptyOf(node);
    case JoinType::kLeftSemi:
      return emptyOf(node);
    case JoinType::kLeftAnti:
      if (left_empty) return emptyOf(node);
      return join.left();
    case JoinType::kLeftOuter:
      if (left_empty) return emptyOf(node);
      return withNullColumns(join.left(), join.right(), false);
    case JoinType::kRightOuter:
      if (right_empty) return emptyOf(node);
      return withNullColumns(join.right(), join.left(), true);
    case JoinType::kFullOuter:
      if (left_empty && right_empty) return emptyOf(node);
      if (right_empty) return withNullColumns(join.left(), join.right(), false);
      if (left_empty) return withNullColumns(join.right(), join.left(), true);
      return node;
  }
  return node;
}

PlanPtr propagateThroughUnion(const PlanPtr& node) {
  std::vector<PlanPtr> inputs;
  for (const PlanPtr& child : node->children()) {
    if (!isEmpty(child)) inputs.push_back(child);
  }
  if (inputs.size() == node->children().size()) return node;
  if (inputs.empty()) return emptyOf(node);
  PlanPtr rest = inputs.size() == 1 ? inputs[0] : std::make_shared<Union>(std::move(inputs));
  return projectToOutput(rest, node->output());
}

PlanPtr propagate(const PlanPtr& node) {
  switch (node->kind()) {
    case PlanKind::kProject:
    case PlanKind::kFilter:
    case PlanKind::kSort:
    case PlanKind::kGlobalLimit:
    case PlanKind::kLocalLimit:
    case PlanKind::kOffset:
    case PlanKind::kWindow:
    case PlanKind::kExpand:
    case PlanKind::kDistinct:
    case PlanKind::kSubqueryAlias:
    case PlanKind::kResolvedHint:
      return isEmpty(node->child(0)) ? emptyOf(node) : node;
    case PlanKind::kAggregate:
      if (node->as<Aggregate>()->groupingExpressions().empty()) return node;
      return isEmpty(node->child(0)) ? emptyOf(node) : node;
    case PlanKind::kJoin:
      return propagateThroughJoin(node, *node->as<Join>());
    case PlanKind::kUnion:
      return propagateThroughUnion(node);
    case PlanKind::kIntersect:
      return isEmpty(node->child(0)) || isEmpty(node->child(1)) ? emptyOf(node) : node;
    case PlanKind::kExcept:
      return isEmpty(node->child(0)) ? emptyOf(node) : node;
    default:
      return node;
  }
}

class PropagateEmptyRelation final : public Rule {
 public:
  std::string_view name() const override { return "PropagateEmptyRelation"; }
  PlanPtr apply(const PlanPtr& plan, RuleContext& ctx) const override {
    return transformUpWithPruning(plan, ctx.ruleMark(), propagate);
  }
};

}  // namespace

RulePtr makePropagateEmptyRelation() { return std::make_shared<PropagateEmptyRelation>(); }

}  // namespace planck
