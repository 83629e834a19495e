// RuleExecutor (optimizer/rule_executor.h): batches, fixed points, cycles, the iteration cap,
// and rules that throw.
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/config.h"
#include "gtest/gtest.h"
#include "logical/operators.h"
#include "optimizer/rule_executor.h"

namespace planck {
namespace {

// A rule made of a function, counting its runs.
class FunctionRule final : public Rule {
 public:
  FunctionRule(std::string name, std::function<PlanPtr(const PlanPtr&)> rewrite)
      : name_(std::move(name)), rewrite_(std::move(rewrite)) {}
  std::string_view name() const override { return name_; }
  PlanPtr apply(const PlanPtr& plan, RuleContext&) const override {
    ++runs;
    return rewrite_(plan);
  }
  mutable int runs = 0;

 private:
  std::string name_;
  std::function<PlanPtr(const PlanPtr&)> rewrite_;
};

struct Fixture {
  AttributePtr a = AttributeReference::make("a", DataType::integer(), false);
  PlanPtr table = std::make_shared<Relation>("t", Attributes{a});
  PlanPtr filterAbove(int64_t bound) const {
    return std::make_shared<Filter>(
        std::make_shared<BinaryComparison>(ComparisonOp::kGreaterThan, a,
                                           Literal::make(Value::bigint(bound))),
        table);
  }
  static int64_t boundOf(const PlanPtr& plan) {
    return plan->as<Filter>()->condition()->child(1)->as<Literal>()->value().asInt();
  }
  Config config;
  RuleContext ctx{config, nullptr};
  std::vector<std::string> warnings;
  std::vector<std::string> trace;
  ExecutionObserver observer() {
    ExecutionObserver result;
    result.on_warning = [this](const std::string& text) { warnings.push_back(text); };
    result.on_effective_rule = [this](const RuleApplication& step) {
      trace.push_back(step.batch + "/" + std::to_string(step.iteration) + "/" + step.rule);
    };
    return result;
  }
};

TEST(RuleExecutorTest, AFixedPointStopsWhenNoRuleChangesThePlan) {
  Fixture f;
  auto noop = std::make_shared<FunctionRule>("Noop", [](const PlanPtr& plan) { return plan; });
  RuleExecutor executor({{"B", BatchStrategy::fixedPoint(), {noop}}});
  auto result = executor.execute(f.filterAbove(1), f.ctx, f.observer());
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(noop->runs, 1);
  EXPECT_TRUE(f.warnings.empty());
}

// A rule that builds a new but equal plan every time reaches a fixed point by the plan
// signature, not by pointer identity.
TEST(RuleExecutorTest, AFixedPointIsAlsoAnEqualPlan) {
  Fixture f;
  auto rebuild = std::make_shared<FunctionRule>(
      "Rebuild", [&f](const PlanPtr& plan) { return f.filterAbove(Fixture::boundOf(plan)); });
  RuleExecutor executor({{"B", BatchStrategy::fixedPoint(), {rebuild}}});
  auto result = executor.execute(f.filterAbove(1), f.ctx, f.observer());
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(rebuild->runs, 1);
  EXPECT_TRUE(f.warnings.empty());
}

// Rules that undo each other across iterations are a cycle: the batch stops with a warning
// that names it, without running to the cap.
TEST(RuleExecutorTest, ACycleStopsTheBatchWithAWarning) {
  Fixture f;
  auto toggle = std::make_shared<FunctionRule>("Toggle", [&f](const PlanPtr& plan) {
    return f.filterAbove(Fixture::boundOf(plan) == 1 ? 2 : 1);
  });
  RuleExecutor executor({{"Flip", BatchStrategy::fixedPoint(), {toggle}}});
  auto result = executor.execute(f.filterAbove(1), f.ctx, f.observer());
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(toggle->runs, 2);
  ASSERT_EQ(f.warnings.size(), 1u);
  EXPECT_NE(f.warnings[0].find("batch Flip"), std::string::npos) << f.warnings[0];
}

TEST(RuleExecutorTest, TheIterationCapComesFromTheSettingAndWarns) {
  Fixture f;
  ASSERT_TRUE(f.config.set("spark.sql.optimizer.maxIterations", "5").ok());
  auto grow = std::make_shared<FunctionRule>(
      "Grow", [&f](const PlanPtr& plan) { return f.filterAbove(Fixture::boundOf(plan) + 1); });
  RuleExecutor executor({{"Growing", BatchStrategy::fixedPoint(), {grow}}});
  auto result = executor.execute(f.filterAbove(1), f.ctx, f.observer());
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(grow->runs, 5);
  EXPECT_EQ(Fixture::boundOf(*result), 6);
  EXPECT_EQ(f.warnings,
            std::vector<std::string>{"Max iterations (5) reached for batch Growing, please set "
                                     "'spark.sql.optimizer.maxIterations' to a larger value."});
  // A batch's own cap wins over the setting.
  Fixture g;
  auto grow_more = std::make_shared<FunctionRule>(
      "Grow", [&g](const PlanPtr& plan) { return g.filterAbove(Fixture::boundOf(plan) + 1); });
  RuleExecutor capped({{"Capped", BatchStrategy::fixedPoint(3), {grow_more}}});
  ASSERT_TRUE(capped.execute(g.filterAbove(1), g.ctx, g.observer()).ok());
  EXPECT_EQ(grow_more->runs, 3);
}

// An exception from a rule becomes an error naming the rule; the trace up to it survives.
TEST(RuleExecutorTest, AThrowingRuleIsNamedAndTheTraceSurvives) {
  Fixture f;
  auto first = std::make_shared<FunctionRule>(
      "First", [&f](const PlanPtr& plan) { return f.filterAbove(Fixture::boundOf(plan) + 10); });
  auto broken = std::make_shared<FunctionRule>(
      "Broken", [](const PlanPtr&) -> PlanPtr { throw std::runtime_error("index out of range"); });
  RuleExecutor executor({{"B", BatchStrategy::once(), {first, broken}}});
  auto result = executor.execute(f.filterAbove(1), f.ctx, f.observer());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), absl::StatusCode::kInternal);
  EXPECT_EQ(result.status().message(), "rule Broken failed: index out of range");
  EXPECT_EQ(f.trace, std::vector<std::string>{"B/1/First"});
}

}  // namespace
}  // namespace planck
