// InferFiltersFromConstraints (Spark's rule of the same name): adds the filters that follow
// from what is already known to hold, so they can be pushed to the scans by the batch after it.
//
//   Join Inner, (a#1 = x#5)                   Join Inner, (a#1 = x#5)
//   :- Filter (a#1 = 5)                =>     :- Filter (a#1 = 5)
//   :  +- Relation t[a#1]                     :  +- Relation t[a#1]
//   +- Relation u[x#5]                        +- Filter ((x#5 = 5) AND isnotnull(x#5))
//                                                +- Relation u[x#5]
//
// The constraints of an operator are the deterministic predicates known to hold on every row
// it outputs (Spark's QueryPlanConstraints): a Filter's conjuncts and its input's constraints;
// a Project's or Aggregate's input constraints on the columns it passes on; an inner or semi
// join's conditions and both inputs' constraints; an outer join only its preserved side's. To
// these come, as in Spark, (1) IS NOT NULL for each nullable column a constraint rejects NULLs
// of, and (2) for each equality `a = b` of two columns, every other constraint with a replaced
// by b and b by a (one step, not the closure, as in Spark).
//
// A Filter gains the inferred predicates its condition and input do not have yet. A join's
// inputs each gain a Filter with the inferred predicates on their own columns: both inputs of
// an inner or semi join; only the NULL-supplying input of an outer join (inferred from the
// preserved side and the condition), never the preserved side.
#include <algorithm>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "logical/operators.h"
#include "logical/predicates.h"
#include "optimizer/rules.h"

namespace planck {
namespace {

// Predicates compared by meaning: `a = b` and `b = a` are one constraint (canonicalize); the
// first spelling seen is the one kept.
class Constraints {
 public:
  void insert(const ExprPtr& predicate) { set_.try_emplace(canonicalize(predicate), predicate); }
  template <class Iterator>
  void insert(Iterator begin, Iterator end) {
    for (; begin != end; ++begin) insert(*begin);
  }
  bool contains(const ExprPtr& predicate) const { return set_.contains(canonicalize(predicate)); }
  // The predicates, as first spelled.
  std::vector<ExprPtr> predicates() const {
    std::vector<ExprPtr> all;
    all.reserve(set_.size());
    for (const auto& [canonical, predicate] : set_) all.push_back(predicate);
    return all;
  }

 private:
  absl::flat_hash_map<ExprPtr, ExprPtr, ExprHash, ExprEqual> set_;
};

// Whether `predicate` may be a constraint of an operator with output `columns`.
bool validConstraint(const ExprPtr& predicate, const AttributeSet& columns) {
  AttributeSet references = referencesOf(predicate);
  return !references.empty() && references.subsetOf(columns) && predicate->deterministic() &&
         !hasSubquery(predicate);
}

// `known` plus what follows from it (IS NOT NULL and equality substitution), restricted to the
// predicates on `output`.
Constraints withInferred(const Constraints& known, const Attributes& output) {
  Constraints all = known;
  std::vector<ExprPtr> base = known.predicates();
  std::vector<AttributeSet> reads;
  reads.reserve(base.size());
  for (const ExprPtr& constraint : base) reads.push_back(referencesOf(constraint));
  for (const ExprPtr& constraint : base) {
    const auto* equality = constraint->as<BinaryComparison>();
    if (equality == nullptr || equality->op() != ComparisonOp::kEqual) continue;
    const auto* l = equality->left()->as<AttributeReference>();
    const auto* r = equality->right()->as<AttributeReference>();
    if (l == nullptr || r == nullptr) continue;
    for (size_t i = 0; i < base.size(); ++i) {
      const ExprPtr& other = base[i];
      // Only a constraint that reads a column of the equality changes by substitution.
      if (other == constraint) continue;
      if (reads[i].contains(l->exprId())) {
        all.insert(replaceAttributes(other, {{l->exprId(), equality->right()}}));
      }
      if (reads[i].contains(r->exprId())) {
        all.insert(replaceAttributes(other, {{r->exprId(), equality->left()}}));
      }
    }
  }
  AttributeSet columns(output);
  Constraints valid;
  for (const ExprPtr& constraint : all.predicates()) {
    if (!validConstraint(constraint, columns)) continue;
    // Substitution can make `a = a`: true when a is not NULL, which IS NOT NULL says better.
    if (const auto* c = constraint->as<BinaryComparison>();
        c && exprEquals(c->left(), c->right())) {
      continue;
    }
    valid.insert(constraint);
  }
  std::vector<ExprPtr> found = valid.predicates();
  for (const AttributePtr& column : output) {
    if (!column->nullable()) continue;
    AttributeSet just(Attributes{column});
    for (const ExprPtr& constraint : found) {
      if (nullRejecting(constraint, just)) {
        valid.insert(std::make_shared<IsNotNull>(column));
        break;
      }
    }
  }
  return valid;
}

class ConstraintCache {
 public:
  const Constraints& of(const PlanPtr& plan) {
    auto it = cache_.find(plan);
    if (it != cache_.end()) return it->second;
    Constraints known;
    auto add = [&](const Constraints& more) {
      for (const ExprPtr& predicate : more.predicates()) known.insert(predicate);
    };
    auto addConjuncts = [&](const ExprPtr& condition) {
      for (const ExprPtr& conjunct : splitConjuncts(condition)) known.insert(conjunct);
    };
    switch (plan->kind()) {
      case PlanKind::kFilter:
        add(of(plan->child(0)));
        addConjuncts(plan->as<Filter>()->condition());
        break;
      case PlanKind::kProject:
      case PlanKind::kAggregate:
      case PlanKind::kSort:
      case PlanKind::kGlobalLimit:
      case PlanKind::kLocalLimit:
      case PlanKind::kOffset:
      case PlanKind::kWindow:
      case PlanKind::kDistinct:
      case PlanKind::kResolvedHint:
        add(of(plan->child(0)));  // withInferred keeps those on the columns passed on
        break;
      case PlanKind::kJoin: {
        const auto* join = plan->as<Join>();
        switch (join->joinType()) {
          case JoinType::kInner:
          case JoinType::kCross:
          case JoinType::kLeftSemi:
            add(of(join->left()));
            add(of(join->right()));
            addConjuncts(join->condition());
            break;
          case JoinType::kLeftOuter:
          case JoinType::kLeftAnti:
            add(of(join->left()));
            break;
          case JoinType::kRightOuter:
            add(of(join->right()));
            break;
          case JoinType::kFullOuter:
            break;
        }
        break;
      }
      default:
        break;
    }
    return cache_.emplace(plan, withInferred(known, plan->output())).first->second;
  }

 private:
  // Keyed by the shared pointer, which keeps each node alive while its entry exists.
  absl::flat_hash_map<PlanPtr, Constraints> cache_;
};

// `plan` under a Filter of the predicates of `constraints` on its columns that it does not
// already guarantee.
PlanPtr withNewFilter(const PlanPtr& plan, const Constraints& constraints, ConstraintCache& cache) {
  const Constraints& existing = cache.of(plan);
  AttributeSet columns(plan->output());
  std::vector<ExprPtr> added;
  for (const ExprPtr& constraint : constraints.predicates()) {
    if (validConstraint(constraint, columns) && !existing.contains(constraint)) {
      added.push_back(constraint);
    }
  }
  if (added.empty()) return plan;
  // A stable order, whatever the hash set's: by text.
  std::sort(added.begin(), added.end(),
            [](const ExprPtr& a, const ExprPtr& b) { return a->toString() < b->toString(); });
  return std::make_shared<Filter>(conjunction(added), plan);
}

class InferFiltersFromConstraints final : public Rule {
 public:
  std::string_view name() const override { return "InferFiltersFromConstraints"; }
  PlanPtr apply(const PlanPtr& plan, RuleContext&) const override {
    ConstraintCache cache;
    return transformUp(plan, [&](const PlanPtr& node) -> PlanPtr {
      if (const auto* filter = node->as<Filter>()) {
        Constraints known = cache.of(filter->child(0));
        std::vector<ExprPtr> conjuncts = splitConjuncts(filter->condition());
        for (const ExprPtr& conjunct : conjuncts) known.insert(conjunct);
        Constraints inferred = withInferred(known, filter->output());
        Constraints have = cache.of(filter->child(0));
        have.insert(conjuncts.begin(), conjuncts.end());
        std::vector<ExprPtr> added;
        for (const ExprPtr& constraint : inferred.predicates()) {
          if (!have.contains(constraint)) added.push_back(constraint);
        }
        if (added.empty()) return node;
        std::sort(added.begin(), added.end(),
                  [](const ExprPtr& a, const ExprPtr& b) { return a->toString() < b->toString(); });
        for (ExprPtr& conjunct : added) conjuncts.push_back(std::move(conjunct));
        return std::make_shared<Filter>(conjunction(conjuncts), filter->child(0));
      }
      const auto* join = node->as<Join>();
      if (join == nullptr) return node;
      if (join->joinType() == JoinType::kFullOuter) return node;
      bool left_preserved =
          join->joinType() == JoinType::kLeftOuter || join->joinType() == JoinType::kLeftAnti;
      bool right_preserved = join->joinType() == JoinType::kRightOuter;
      Constraints all = cache.of(join->left());
      for (const ExprPtr& predicate : cache.of(join->right()).predicates()) all.insert(predicate);
      for (const ExprPtr& conjunct : splitConjuncts(join->condition())) all.insert(conjunct);
      Attributes both = join->left()->output();
      for (const AttributePtr& column : join->right()->output()) both.push_back(column);
      Constraints inferred = withInferred(all, both);
      PlanPtr left = left_preserved ? join->left() : withNewFilter(join->left(), inferred, cache);
      PlanPtr right =
          right_preserved ? join->right() : withNewFilter(join->right(), inferred, cache);
      return join->withNewChildren({left, right});
    });
  }
};

}  // namespace

RulePtr makeInferFiltersFromConstraints() {
  return std::make_shared<InferFiltersFromConstraints>();
}

}  // namespace planck
