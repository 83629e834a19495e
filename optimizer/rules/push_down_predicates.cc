// PushDownPredicates (Spark's rule of the same name, less the two parts planck keeps as rules
// of their own: CombineFilters, and PushPredicateThroughJoin for join conditions): moves the
// conjuncts of a Filter below the operator under it, towards the scans, so fewer rows flow
// through the plan.
//
//   Filter (a#1 > 1 AND s#9 > 10)              Filter (s#9 > 10)
//   +- Aggregate [a#1], [a#1, sum(b#2) AS s#9]  =>  +- Aggregate [a#1], [a#1, sum(b#2) AS s#9]
//      +- Relation t[a#1, b#2]                        +- Filter (a#1 > 1)
//                                                        +- Relation t[a#1, b#2]
//
// Only deterministic conjuncts move: evaluating a non-deterministic one on other rows (or a
// different number of them) would change its results. Through which operators:
//   - Project: always, with the project's aliases substituted into the conjunct.
//   - Aggregate: conjuncts that read only grouping columns (aliases of grouping expressions
//     substituted) and read at least one column: on a global aggregate a constant conjunct
//     decides whether the single row appears even for empty input, so it stays.
//   - Window: conjuncts that read only the partition columns (a partition is kept or dropped
//     whole, so every window function sees the same rows).
//   - Union: into every input, with the union's columns mapped to each input's by position.
//   - Sort and ResolvedHint: below them (order and hints do not depend on which rows exist).
//   - Join: by the truth table below.
//
// Which side of a join a predicate may enter. A predicate on one side's columns may move to
// that side's input only if evaluating it early drops exactly the output rows it would drop
// late:
//
//   join type    | from a Filter above  | from the ON condition
//                | left      right      | left      right
//   -------------+----------------------+---------------------
//   Inner, Cross | yes       yes        | yes       yes
//   LeftSemi     | yes       (no cols)  | yes       yes
//   LeftAnti     | yes       (no cols)  | no        yes
//   LeftOuter    | yes       no         | no        yes
//   RightOuter   | no        yes        | yes       no
//   FullOuter    | no        no         | no        no
//
// Above an outer join, a preserved side's row appears with NULLs when it has no match, so a
// filter on the NULL-supplying side must see those rows: it stays above (EliminateOuterJoin
// may first turn the join into an inner one). In an ON condition it is the reverse: the
// condition decides matches, not which preserved rows appear, so it may filter the
// NULL-supplying side early, but never the preserved side. A LeftAnti join keeps left rows
// without a match, so an ON conjunct on the left columns cannot move into the left input.
// Semi and anti joins output no right columns, so a filter above them never reads the right
// side. Conjuncts of a Filter above an inner join that read both sides join the ON condition.
#include "optimizer/rules/push_down_predicates.h"

#include "logical/predicates.h"
#include "optimizer/rules.h"

namespace planck {

bool mayPushIntoSide(JoinType type, PredicateSource source, JoinSide side) {
  bool left = side == JoinSide::kLeft;
  switch (type) {
    case JoinType::kInner:
    case JoinType::kCross:
      return true;
    case JoinType::kLeftSemi:
      return left || source == PredicateSource::kJoinCondition;
    case JoinType::kLeftAnti:
      return source == PredicateSource::kFilterAbove ? left : !left;
    case JoinType::kLeftOuter:
      return source == PredicateSource::kFilterAbove ? left : !left;
    case JoinType::kRightOuter:
      return source == PredicateSource::kFilterAbove ? !left : left;
    case JoinType::kFullOuter:
      return false;
  }
  return false;
}

SplitPredicates splitBySide(const std::vector<ExprPtr>& conjuncts, const Join& join) {
  AttributeSet left(join.left()->output());
  AttributeSet right(join.right()->output());
  SplitPredicates split;
  for (const ExprPtr& conjunct : conjuncts) {
    if (!conjunct->deterministic()) {
      split.stay.push_back(conjunct);
      continue;
    }
    AttributeSet references = referencesOf(conjunct);
    if (references.subsetOf(left)) {
      split.left_only.push_back(conjunct);
    } else if (references.subsetOf(right)) {
      split.right_only.push_back(conjunct);
    } else {
      split.both.push_back(conjunct);
    }
  }
  return split;
}

AttributeMap groupingAliases(const Aggregate& aggregate) {
  AttributeMap aliases;
  for (const ExprPtr& named : aggregate.aggregateExpressions()) {
    const ExprPtr& value = stripAlias(named);
    for (const ExprPtr& key : aggregate.groupingExpressions()) {
      if (exprEquals(key, value)) {
        aliases.emplace(toAttribute(named)->exprId(), value);
        break;
      }
    }
  }
  return aliases;
}

PlanPtr filterOf(const std::vector<ExprPtr>& predicates, const PlanPtr& plan) {
  ExprPtr condition = conjunction(predicates);
  return condition ? std::make_shared<Filter>(condition, plan) : plan;
}

namespace {

// Splits `condition`'s conjuncts into those `pushable` accepts (deterministic ones only) and the
// rest, in their original order.
template <class Pushable>
void partition(const ExprPtr& condition, const Pushable& pushable, std::vector<ExprPtr>& push,
               std::vector<ExprPtr>& stay) {
  for (const ExprPtr& conjunct : splitConjuncts(condition)) {
    (conjunct->deterministic() && pushable(conjunct) ? push : stay).push_back(conjunct);
  }
}

// Whether substituting `aliases` into `conjunct` leaves no reference behind: the columns a
// subquery plan reads from this query are outer references inside that plan, which the
// substitution does not reach, so they must not name an alias.
bool substitutable(const ExprPtr& conjunct, const AttributeMap& aliases) {
  bool ok = true;
  forEachNode(conjunct, [&](const ExprPtr& node) {
    if (const SubqueryExpression* subquery = node->asSubquery()) {
      for (const ExprPtr& outer : subquery->outerReferences()) {
        auto it = aliases.find(outer->as<OuterReference>()->attribute()->exprId());
        ok = ok && (it == aliases.end() || it->second->is<AttributeReference>());
      }
    }
  });
  return ok;
}

PlanPtr throughProject(const Filter& filter, const Project& project) {
  for (const ExprPtr& named : project.projectList()) {
    if (!named->deterministic()) return nullptr;
  }
  AttributeMap aliases = aliasMap(project.projectList());
  std::vector<ExprPtr> push, stay;
  partition(
      filter.condition(), [&](const ExprPtr& conjunct) { return substitutable(conjunct, aliases); },
      push, stay);
  if (push.empty()) return nullptr;
  for (ExprPtr& conjunct : push) conjunct = replaceAttributes(conjunct, aliases);
  PlanPtr pushed = project.withNewChildren({filterOf(push, project.child(0))});
  return filterOf(stay, pushed);
}

PlanPtr throughAggregate(const Filter& filter, const Aggregate& aggregate) {
  AttributeMap aliases = groupingAliases(aggregate);
  AttributeSet grouping_columns = referencesOf(aggregate.groupingExpressions());
  std::vector<ExprPtr> push, stay;
  partition(
      filter.condition(),
      [&](const ExprPtr& conjunct) {
        AttributeSet references = referencesOf(conjunct);
        if (references.empty() || !substitutable(conjunct, aliases)) return false;
        for (ExprId id : references) {
          if (!aliases.contains(id) && !grouping_columns.contains(id)) return false;
        }
        return true;
      },
      push, stay);
  if (push.empty()) return nullptr;
  for (ExprPtr& conjunct : push) conjunct = replaceAttributes(conjunct, aliases);
  return filterOf(stay, aggregate.withNewChildren({filterOf(push, aggregate.child(0))}));
}

PlanPtr throughWindow(const Filter& filter, const Window& window) {
  AttributeSet partition_columns;
  for (const ExprPtr& key : window.partitionSpec()) {
    if (const auto* attribute = key->as<AttributeReference>()) {
      partition_columns.insert(attribute->exprId());
    }
  }
  std::vector<ExprPtr> push, stay;
  partition(
      filter.condition(),
      [&](const ExprPtr& conjunct) {
        AttributeSet references = referencesOf(conjunct);
        return !references.empty() && references.subsetOf(partition_columns);
      },
      push, stay);
  if (push.empty()) return nullptr;
  return filterOf(stay, window.withNewChildren({filterOf(push, window.child(0))}));
}

PlanPtr throughUnion(const Filter& filter, const Union& union_plan) {
  std::vector<ExprPtr> push, stay;
  // Columns map to each input's by position; a subquery's outer references would not follow.
  partition(
      filter.condition(), [](const ExprPtr& conjunct) { return !hasSubquery(conjunct); }, push,
      stay);
  if (push.empty()) return nullptr;
  ExprPtr condition = conjunction(push);
  std::vector<PlanPtr> children;
  for (const PlanPtr& child : union_plan.children()) {
    AttributeMap by_position = positionalMap(union_plan.output(), child->output());
    children.push_back(std::make_shared<Filter>(replaceAttributes(condition, by_position), child));
  }
  return filterOf(stay, union_plan.withNewChildren(std::move(children)));
}

PlanPtr throughUnaryNode(const Filter& filter, const LogicalPlan& node) {
  std::vector<ExprPtr> push, stay;
  partition(
      filter.condition(), [](const ExprPtr&) { return true; }, push, stay);
  if (push.empty()) return nullptr;
  return filterOf(stay, node.withNewChildren({filterOf(push, node.child(0))}));
}

PlanPtr throughJoin(const Filter& filter, const Join& join) {
  SplitPredicates split = splitBySide(splitConjuncts(filter.condition()), join);
  std::vector<ExprPtr> left, right, into_condition, stay = split.stay;
  auto route = [&](std::vector<ExprPtr>& conjuncts, JoinSide side, std::vector<ExprPtr>& into) {
    for (ExprPtr& conjunct : conjuncts) {
      (mayPushIntoSide(join.joinType(), PredicateSource::kFilterAbove, side) ? into : stay)
          .push_back(std::move(conjunct));
    }
  };
  route(split.left_only, JoinSide::kLeft, left);
  route(split.right_only, JoinSide::kRight, right);
  bool inner = join.joinType() == JoinType::kInner || join.joinType() == JoinType::kCross;
  for (ExprPtr& conjunct : split.both) (inner ? into_condition : stay).push_back(conjunct);
  if (left.empty() && right.empty() && into_condition.empty()) return nullptr;

  ExprPtr condition = join.condition();
  std::vector<ExprPtr> existing = splitConjuncts(condition);
  for (ExprPtr& conjunct : existing) conjunct = canonicalize(conjunct);
  for (const ExprPtr& conjunct : into_condition) {
    ExprPtr canonical = canonicalize(conjunct);
    bool known = false;
    for (const ExprPtr& have : existing) known = known || exprEquals(have, canonical);
    if (!known) condition = andOf(condition, conjunct);
  }
  JoinType type =
      join.joinType() == JoinType::kCross && condition ? JoinType::kInner : join.joinType();
  PlanPtr pushed = std::make_shared<Join>(
      filterOf(left, join.left()), filterOf(right, join.right()), type, condition, join.hint());
  return filterOf(stay, pushed);
}

class PushDownPredicates final : public Rule {
 public:
  std::string_view name() const override { return "PushDownPredicates"; }
  PlanPtr apply(const PlanPtr& plan, RuleContext&) const override {
    // Top-down, so a filter moved below an operator is pushed further in the same pass.
    return transformDown(plan, [](const PlanPtr& node) -> PlanPtr {
      const auto* filter = node->as<Filter>();
      if (filter == nullptr) return node;
      const PlanPtr& child = filter->child(0);
      PlanPtr pushed;
      switch (child->kind()) {
        case PlanKind::kProject:
          pushed = throughProject(*filter, *child->as<Project>());
          break;
        case PlanKind::kAggregate:
          pushed = throughAggregate(*filter, *child->as<Aggregate>());
          break;
        case PlanKind::kWindow:
          pushed = throughWindow(*filter, *child->as<Window>());
          break;
        case PlanKind::kUnion:
          pushed = throughUnion(*filter, *child->as<Union>());
          break;
        case PlanKind::kSort:
        case PlanKind::kResolvedHint:
          pushed = throughUnaryNode(*filter, *child);
          break;
        case PlanKind::kJoin:
          pushed = throughJoin(*filter, *child->as<Join>());
          break;
        default:
          break;
      }
      return pushed ? pushed : node;
    });
  }
};

}  // namespace

RulePtr makePushDownPredicates() { return std::make_shared<PushDownPredicates>(); }

}  // namespace planck
