// Structural plan diffs (explain/plan_diff.h): matching, statuses, changed parameters, the
// diff graph and the unified text diff.
#include <algorithm>
#include <string>
#include <vector>

#include "explain/plan_diff.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "logical/operators.h"
#include "optimizer/rule.h"
#include "session/extensions.h"
#include "test_support.h"

namespace planck {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

ExprPtr greaterThan(const ExprPtr& left, int32_t right) {
  return std::make_shared<BinaryComparison>(ComparisonOp::kGreaterThan, left,
                                            Literal::make(Value::integer(right)));
}

// Columns and leaves shared by the before and after plans, as a rewrite keeps them.
struct Tables {
  AttributePtr a = AttributeReference::make("a", DataType::integer(), false);
  AttributePtr b = AttributeReference::make("b", DataType::integer(), false);
  PlanPtr t = std::make_shared<Relation>("t", Attributes{a});
  PlanPtr u = std::make_shared<Relation>("u", Attributes{b});
  ExprPtr join_condition = std::make_shared<BinaryComparison>(ComparisonOp::kEqual, a, b);

  PlanPtr join(PlanPtr left, PlanPtr right) const {
    return std::make_shared<Join>(std::move(left), std::move(right), JoinType::kInner,
                                  join_condition);
  }
  PlanPtr project(PlanPtr child) const {
    return std::make_shared<Project>(std::vector<ExprPtr>{a}, std::move(child));
  }
};

// "Name:status" for each operator of one side, pre-order.
std::vector<std::string> statuses(const std::vector<DiffNode>& side) {
  std::vector<std::string> out;
  for (const DiffNode& node : side)
    out.push_back(std::string(node.plan->nodeName()) + ":" +
                  std::string(diffStatusName(node.status)));
  return out;
}

TEST(PlanDiffTest, IdenticalPlansAreAllUnchanged) {
  Tables tables;
  PlanPtr plan = tables.project(tables.join(tables.t, tables.u));
  PlanDiff same = diffPlans(plan, plan);
  EXPECT_TRUE(same.unchanged());
  EXPECT_EQ(same.count(DiffStatus::kUnchanged), 4);
  EXPECT_EQ(statuses(same.after),
            (std::vector<std::string>{"Project:unchanged", "Join:unchanged", "Relation:unchanged",
                                      "Relation:unchanged"}));
  // A structurally equal copy (other nodes, same attributes) too, matched in place.
  PlanDiff equal = diffPlans(plan, tables.project(tables.join(tables.t, tables.u)));
  EXPECT_TRUE(equal.unchanged());
  for (size_t i = 0; i < equal.before.size(); ++i) EXPECT_EQ(equal.before[i].match, int(i));
  EXPECT_EQ(planTextDiff(plan, plan), "");
}

TEST(PlanDiffTest, APushedDownFilterIsRemovedAboveAndAddedBelowTheRestUnchanged) {
  Tables tables;
  ExprPtr condition = greaterThan(tables.a, 1);
  // Project <- Filter(a > 1) <- Join(t, u)   =>   Project <- Join(Filter(a > 1) <- t, u)
  PlanPtr before =
      tables.project(std::make_shared<Filter>(condition, tables.join(tables.t, tables.u)));
  PlanPtr after =
      tables.project(tables.join(std::make_shared<Filter>(condition, tables.t), tables.u));
  PlanDiff diff = diffPlans(before, after);
  EXPECT_EQ(statuses(diff.before),
            (std::vector<std::string>{"Project:unchanged", "Filter:removed", "Join:unchanged",
                                      "Relation:unchanged", "Relation:unchanged"}));
  EXPECT_EQ(statuses(diff.after),
            (std::vector<std::string>{"Project:unchanged", "Join:unchanged", "Filter:added",
                                      "Relation:unchanged", "Relation:unchanged"}));
  EXPECT_EQ(diff.count(DiffStatus::kAdded), 1);
  EXPECT_EQ(diff.count(DiffStatus::kRemoved), 1);
  EXPECT_EQ(diff.count(DiffStatus::kChanged), 0);
  EXPECT_FALSE(diff.unchanged());
  // The Join keeps its place in the graph; the edges around it say what moved.
  std::string dot = planDiffDot(diff);
  EXPECT_THAT(dot, HasSubstr("1 added, 1 removed"));
  EXPECT_THAT(dot, HasSubstr("b0_0 [label=<<B>Filter</B> <I>(removed)</I>"));
  EXPECT_THAT(dot, HasSubstr("a0_0_0 [label=<<B>Filter</B> <I>(added)</I>"));
  EXPECT_THAT(dot, HasSubstr("a0_0_0 -> a0_0 [color=\"#2e9e2e\", penwidth=2];"));  // new edge
  EXPECT_THAT(dot, HasSubstr("b0_0 -> a0 [color=\"#d03030\", penwidth=2];"));      // old edge
  EXPECT_THAT(dot, HasSubstr("a0_0_1 -> a0_0 [color=\"#777777\"];"));              // u: kept
  EXPECT_THAT(dot, HasSubstr("legend_removed"));
}

TEST(PlanDiffTest, AChangedParameterIsReportedWithItsOldAndNewValue) {
  Tables tables;
  PlanPtr before = tables.project(std::make_shared<Filter>(greaterThan(tables.a, 1), tables.t));
  PlanPtr after = tables.project(std::make_shared<Filter>(greaterThan(tables.a, 2), tables.t));
  PlanDiff diff = diffPlans(before, after);
  EXPECT_EQ(statuses(diff.after), (std::vector<std::string>{"Project:unchanged", "Filter:changed",
                                                            "Relation:unchanged"}));
  ASSERT_EQ(diff.after[1].changes.size(), 1u);
  const ParamChange& change = diff.after[1].changes[0];
  EXPECT_EQ(change.name, "condition");
  EXPECT_EQ(change.before, "(a#x > 1)");
  EXPECT_EQ(change.after, "(a#x > 2)");
  std::string dot = planDiffDot(diff);
  EXPECT_THAT(dot, HasSubstr("<FONT COLOR=\"#c02020\">- condition: (a#x &gt; 1)</FONT>"));
  EXPECT_THAT(dot, HasSubstr("<FONT COLOR=\"#1f7a1f\">+ condition: (a#x &gt; 2)</FONT>"));
}

TEST(PlanDiffTest, ALeafUnderAMatchedParentIsChangedNotReplaced) {
  // Column pruning narrows a scan: the Relation is the same scan with other columns.
  Tables tables;
  PlanPtr wide = std::make_shared<Relation>("t", Attributes{tables.a, tables.b});
  PlanPtr before = tables.project(wide);
  PlanPtr after = tables.project(tables.t);
  PlanDiff diff = diffPlans(before, after);
  EXPECT_EQ(statuses(diff.after),
            (std::vector<std::string>{"Project:unchanged", "Relation:changed"}));
  ASSERT_EQ(diff.after[1].changes.size(), 1u);
  EXPECT_EQ(diff.after[1].changes[0].name, "output");
  EXPECT_EQ(diff.after[1].changes[0].before, "[a#x, b#x]");
  EXPECT_EQ(diff.after[1].changes[0].after, "[a#x]");
}

TEST(PlanDiffTest, TheDiffGraphIsStable) {
  Tables tables;
  PlanPtr before = tables.project(std::make_shared<Filter>(greaterThan(tables.a, 1), tables.t));
  PlanPtr after = tables.project(tables.t);
  std::string dot = planDiffDot(diffPlans(before, after));
  EXPECT_EQ(dot, planDiffDot(diffPlans(before, after)));
  Tables other;  // the same shape with other ids
  PlanPtr other_before = other.project(std::make_shared<Filter>(greaterThan(other.a, 1), other.t));
  DotOptions normalized;
  normalized.normalize_ids = true;
  EXPECT_EQ(planDiffDot(diffPlans(before, after), normalized),
            planDiffDot(diffPlans(other_before, other.project(other.t)), normalized));
}

TEST(PlanDiffTest, UnifiedDiffOfLines) {
  EXPECT_EQ(unifiedDiff("a\nb\nc\n", "a\nb\nc\n", "x", "y"), "");
  EXPECT_EQ(unifiedDiff("a\nb\nc\n", "a\nB\nc\n", "x", "y"),
            "--- x\n+++ y\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n");
  // Changes far apart make two hunks; a one-line range prints without its count.
  std::string ten = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n";
  std::string changed = "1\nX\n3\n4\n5\n6\n7\n8\n9\nY\n";
  EXPECT_EQ(unifiedDiff(ten, changed, "x", "y", 1),
            "--- x\n+++ y\n@@ -1,3 +1,3 @@\n 1\n-2\n+X\n 3\n@@ -9,2 +9,2 @@\n 9\n-10\n+Y\n");
  // An insertion into an empty text.
  EXPECT_EQ(unifiedDiff("", "new\n", "x", "y"), "--- x\n+++ y\n@@ -0,0 +1 @@\n+new\n");
}

TEST(PlanDiffTest, PlanTextDiffShowsTheMovedFilter) {
  Tables tables;
  ExprPtr condition = greaterThan(tables.a, 1);
  PlanPtr before =
      tables.project(std::make_shared<Filter>(condition, tables.join(tables.t, tables.u)));
  PlanPtr after =
      tables.project(tables.join(std::make_shared<Filter>(condition, tables.t), tables.u));
  EXPECT_EQ(planTextDiff(before, after, "analyzed", "optimized"),
            "--- analyzed\n"
            "+++ optimized\n"
            "@@ -1,5 +1,5 @@\n"
            " Project [a#x]\n"
            "-+- Filter (a#x > 1)\n"
            "-   +- Join Inner, (a#x = b#x)\n"
            "-      :- Relation t[a#x]\n"
            "-      +- Relation u[b#x]\n"
            "++- Join Inner, (a#x = b#x)\n"
            "+   :- Filter (a#x > 1)\n"
            "+   :  +- Relation t[a#x]\n"
            "+   +- Relation u[b#x]\n");
}

// A rule injected into the optimizer that raises every `> n` literal by one: a deterministic
// rewrite to trace and diff, whatever rules the optimizer has.
class RaiseBounds final : public Rule {
 public:
  std::string_view name() const override { return "RaiseBounds"; }
  PlanPtr apply(const PlanPtr& plan, RuleContext&) const override {
    return transformUp(plan, [](const PlanPtr& node) -> PlanPtr {
      const auto* filter = node->as<Filter>();
      if (filter == nullptr) return node;
      const auto* comparison = filter->condition()->as<BinaryComparison>();
      if (comparison == nullptr || comparison->op() != ComparisonOp::kGreaterThan) return node;
      const auto* literal = comparison->child(1)->as<Literal>();
      if (literal == nullptr || literal->value().type() != DataType::integer()) return node;
      return std::make_shared<Filter>(
          greaterThan(comparison->child(0), static_cast<int32_t>(literal->value().asInt() + 1)),
          node->child(0));
    });
  }
};

TEST(PlanDiffTest, AnInjectedRulesStepDiffsAsAChangedFilter) {
  auto session = Session::withTpchSchema();
  session->extensions().injectOptimizerBatch("Raise", BatchStrategy::once(),
                                             {std::make_shared<RaiseBounds>()},
                                             Extensions::Position::kAfter, "Finish Analysis");
  auto analyzed = test::analyzeSql(*session, "SELECT n_name FROM nation WHERE n_nationkey > 3");
  ASSERT_TRUE(analyzed.ok()) << analyzed.status();
  std::vector<RuleApplication> steps;
  ExecutionObserver observer;
  observer.on_effective_rule = [&](const RuleApplication& step) {
    if (step.rule == "RaiseBounds") steps.push_back(step);
  };
  Optimizer optimizer(session->config(), session->extensions().optimizer());
  ASSERT_TRUE(optimizer.optimize(*analyzed, observer).ok());
  ASSERT_EQ(steps.size(), 1u);
  PlanDiff diff = diffPlans(steps[0].before, steps[0].after);
  EXPECT_EQ(diff.count(DiffStatus::kChanged), 1);
  EXPECT_EQ(diff.count(DiffStatus::kAdded) + diff.count(DiffStatus::kRemoved), 0);
  auto changed = std::find_if(diff.after.begin(), diff.after.end(), [](const DiffNode& node) {
    return node.status == DiffStatus::kChanged;
  });
  ASSERT_NE(changed, diff.after.end());
  EXPECT_TRUE(changed->plan->is<Filter>());
  ASSERT_EQ(changed->changes.size(), 1u);
  EXPECT_EQ(changed->changes[0].before, "(n_nationkey#x > 3)");
  EXPECT_EQ(changed->changes[0].after, "(n_nationkey#x > 4)");
}

}  // namespace
}  // namespace planck
