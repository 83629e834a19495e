// The four properties every optimized TPC-H plan must have, asserted per query:
//   1. no subquery expression is left (all were decorrelated into joins);
//   2. no cartesian product the query does not require: a join without a condition has a
//      side that produces at most one row (an uncorrelated scalar subquery's aggregate);
//   3. filters sit at the scans they reference: no deterministic conjunct that reads the
//      columns of one scan only is anywhere but directly above that scan (or in a join below
//      which it may not move, by the join truth table);
//   4. scans read only columns that some operator above them uses.
#include <string>
#include <vector>

#include "fmt/format.h"
#include "gtest/gtest.h"
#include "logical/predicates.h"
#include "optimizer/plan_integrity.h"
#include "optimizer/rules/push_down_predicates.h"
#include "test_support.h"

namespace planck {
namespace {

// Every expression held by an operator of `plan`, including the plans inside subqueries.
void forEachExpression(const PlanPtr& plan, const std::function<void(const ExprPtr&)>& visit) {
  forEachNode(plan, [&](const PlanPtr& node) {
    for (const ExprPtr& expr : node->expressions()) {
      forEachNode(expr, [&](const ExprPtr& each) {
        visit(each);
        if (const SubqueryExpression* subquery = each->asSubquery()) {
          forEachExpression(subquery->plan(), visit);
        }
      });
    }
  });
}

// Whether `plan` produces at most one row: a global aggregate, under row-preserving operators.
bool atMostOneRow(const PlanPtr& plan) {
  switch (plan->kind()) {
    case PlanKind::kAggregate:
      return plan->as<Aggregate>()->groupingExpressions().empty();
    case PlanKind::kProject:
    case PlanKind::kFilter:
    case PlanKind::kSort:
      return atMostOneRow(plan->child(0));
    case PlanKind::kOneRowRelation:
      return true;
    default:
      return false;
  }
}

// The scan (Relation) whose columns are all of `references`, or nullptr.
const Relation* onlyScanRead(const PlanPtr& root, const AttributeSet& references) {
  if (references.empty()) return nullptr;
  const Relation* found = nullptr;
  forEachNode(root, [&](const PlanPtr& node) {
    if (const auto* relation = node->as<Relation>()) {
      if (references.subsetOf(AttributeSet(relation->output()))) found = relation;
    }
  });
  return found;
}

// The conjuncts (of filters and join conditions) that read one scan's columns only but are
// not directly above that scan, where the join truth table would let them get there.
std::vector<std::string> misplacedFilters(const PlanPtr& plan) {
  std::vector<std::string> misplaced;
  forEachNode(plan, [&](const PlanPtr& node) {
    std::vector<ExprPtr> conjuncts;
    const auto* filter = node->as<Filter>();
    const auto* join = node->as<Join>();
    if (filter) conjuncts = splitConjuncts(filter->condition());
    if (join) conjuncts = splitConjuncts(join->condition());
    for (const ExprPtr& conjunct : conjuncts) {
      if (!conjunct->deterministic() || hasSubquery(conjunct)) continue;
      const Relation* scan = onlyScanRead(plan, referencesOf(conjunct));
      if (scan == nullptr) continue;
      if (filter && filter->child(0).get() == scan) continue;
      if (join) {
        JoinSide side = canEvaluate(conjunct, *join->left()) ? JoinSide::kLeft : JoinSide::kRight;
        if (!mayPushIntoSide(join->joinType(), PredicateSource::kJoinCondition, side)) continue;
      }
      misplaced.push_back(conjunct->toString() + " (reads only " + scan->tableName() + ")");
    }
  });
  return misplaced;
}

// The scan columns that no operator above reads and the plan does not output.
std::vector<std::string> unusedScanColumns(const PlanPtr& plan) {
  AttributeSet used(plan->output());
  forEachExpression(plan, [&](const ExprPtr& expr) {
    if (const auto* attribute = expr->as<AttributeReference>()) used.insert(attribute->exprId());
    if (const auto* outer = expr->as<OuterReference>()) {
      used.insert(outer->attribute()->exprId());
    }
  });
  std::vector<std::string> unused;
  for (const auto& scan : test::nodesOf<Relation>(plan)) {
    for (const AttributePtr& column : scan->output()) {
      if (!used.contains(column->exprId()))
        unused.push_back(scan->tableName() + "." + column->name());
    }
  }
  return unused;
}

class TpchPlanPropertiesTest : public ::testing::TestWithParam<int> {
 protected:
  void SetUp() override {
    session_ = Session::withTpchSchema();
    std::string sql = test::tpchQueries()[GetParam() - 1];
    auto plan = test::optimizeSql(*session_, sql);
    ASSERT_TRUE(plan.ok()) << plan.status();
    plan_ = *plan;
    text_ = test::planText(plan_);
  }

  std::unique_ptr<Session> session_;
  PlanPtr plan_;
  std::string text_;
};

TEST_P(TpchPlanPropertiesTest, NoSubqueryExpressionIsLeft) {
  forEachExpression(plan_, [&](const ExprPtr& expr) {
    EXPECT_EQ(expr->asSubquery(), nullptr) << expr->toString() << "\n" << text_;
  });
}

TEST_P(TpchPlanPropertiesTest, NoCartesianProductTheQueryDoesNotRequire) {
  for (const auto& join : test::nodesOf<Join>(plan_)) {
    if (join->condition() != nullptr) continue;
    EXPECT_TRUE(atMostOneRow(join->left()) || atMostOneRow(join->right()))
        << "a join without a condition between inputs of many rows:\n"
        << text_;
  }
}

TEST_P(TpchPlanPropertiesTest, FiltersSitAtTheScansTheyRead) {
  EXPECT_EQ(misplacedFilters(plan_), std::vector<std::string>{}) << text_;
}

TEST_P(TpchPlanPropertiesTest, ScansReadOnlyUsedColumns) {
  EXPECT_EQ(unusedScanColumns(plan_), std::vector<std::string>{}) << text_;
}

TEST_P(TpchPlanPropertiesTest, ThePlanIsWellFormed) {
  EXPECT_TRUE(checkPlanIntegrity(plan_).ok()) << checkPlanIntegrity(plan_) << "\n" << text_;
}

// The checks can fail: the analyzed (unoptimized) plan of Q3 has its filter above the joins
// and scans that read every column.
TEST(TpchPlanPropertiesControlTest, TheAnalyzedPlanFailsTheChecks) {
  auto session = Session::withTpchSchema();
  auto analyzed = test::analyzeSql(*session, test::tpchQueries()[2]);
  ASSERT_TRUE(analyzed.ok()) << analyzed.status();
  EXPECT_FALSE(misplacedFilters(*analyzed).empty());
  EXPECT_FALSE(unusedScanColumns(*analyzed).empty());
}

INSTANTIATE_TEST_SUITE_P(Tpch, TpchPlanPropertiesTest, ::testing::Range(1, 23),
                         [](const ::testing::TestParamInfo<int>& info) {
                           return fmt::format("q{:02d}", info.param);
                         });

}  // namespace
}  // namespace planck
