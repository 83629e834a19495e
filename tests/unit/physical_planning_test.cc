// Physical planning beyond join selection: each strategy's case, EnsureRequirements (exchanges
// and sorts only where needed, co-partitioned join inputs), the redundant-operator rules,
// ReuseExchange, the EXPLAIN renderings, extensions, and every TPC-H query planned under many
// settings with its requirements checked.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "fmt/format.h"
#include "physical/planner.h"
#include "physical/preparation.h"
#include "tests/unit/physical_test_support.h"

namespace planck::test {
namespace {

// These tests look at the planner's operators and the exchanges and sorts the preparation rules
// add, so codegen stages (tests/unit/codegen_test.cc) stay out of their way, except in
// ExplainModes.
class PhysicalPlanningTest : public ::testing::Test {
 protected:
  PhysicalPlanningTest() { set("spark.sql.codegen.wholeStage", "false"); }
  PhysicalPtr plan(std::string_view sql) { return physicalPlanOf(*session_, sql); }
  void set(const char* key, const char* value) {
    ASSERT_TRUE(session_->config().set(key, value).ok()) << key;
  }
  std::string explain(std::string_view sql) {
    auto results = session_->run(sql);
    EXPECT_TRUE(results.ok()) << results.status();
    return results.ok() ? (*results)[0].text : "";
  }

  std::unique_ptr<Session> session_ = Session::withTpchSchema();
};

TEST_F(PhysicalPlanningTest, AggregationIsPartialAndFinalAroundAnExchange) {
  PhysicalPtr planned = plan("SELECT n_regionkey, count(*) FROM nation GROUP BY n_regionkey");
  auto aggregates = operatorsOf<HashAggregateExec>(planned);
  ASSERT_EQ(aggregates.size(), 2u) << physicalText(planned);
  EXPECT_EQ(aggregates[0]->aggregates()[0].mode, AggregateMode::kFinal);
  EXPECT_EQ(aggregates[1]->aggregates()[0].mode, AggregateMode::kPartial);
  ASSERT_TRUE(aggregates[0]->child(0)->is<ShuffleExchangeExec>()) << physicalText(planned);
  EXPECT_EQ(physicalText(aggregates[0]->child(0))
                .rfind("Exchange hashpartitioning(n_regionkey#x, 200), ENSURE_REQUIREMENTS", 0),
            0u);
  // The final aggregation reads the partial one's buffer columns.
  EXPECT_EQ(aggregates[1]->output().back()->exprId(),
            aggregates[0]->aggregates()[0].buffer.front()->exprId());
}

TEST_F(PhysicalPlanningTest, AGlobalAggregateGathersIntoOnePartition) {
  std::string text = physicalText(plan("SELECT sum(n_nationkey) FROM nation"));
  EXPECT_NE(text.find("Exchange SinglePartition, ENSURE_REQUIREMENTS"), std::string::npos) << text;
}

TEST_F(PhysicalPlanningTest, OneDistinctAggregateTakesFourSteps) {
  PhysicalPtr planned =
      plan("SELECT n_regionkey, count(DISTINCT n_name) FROM nation GROUP BY n_regionkey");
  auto aggregates = operatorsOf<HashAggregateExec>(planned);
  ASSERT_EQ(aggregates.size(), 4u) << physicalText(planned);
  std::string text = physicalText(planned);
  EXPECT_NE(text.find("functions=[count(distinct n_name#x)]"), std::string::npos) << text;
  EXPECT_NE(text.find("functions=[partial_count(distinct n_name#x)]"), std::string::npos) << text;
  EXPECT_NE(text.find("hashpartitioning(n_regionkey#x, n_name#x, 200)"), std::string::npos) << text;
}

TEST_F(PhysicalPlanningTest, DistinctAggregatesSparksOptimizerWouldRewriteAreOneStep) {
  // A DISTINCT with a FILTER: one complete aggregation on input clustered by the keys.
  PhysicalPtr planned = plan(
      "SELECT n_regionkey, count(DISTINCT n_name), count(DISTINCT n_comment) FILTER (WHERE "
      "n_nationkey > 1) FROM nation GROUP BY n_regionkey");
  auto aggregates = operatorsOf<HashAggregateExec>(planned);
  ASSERT_EQ(aggregates.size(), 1u) << physicalText(planned);
  EXPECT_EQ(aggregates[0]->aggregates()[0].mode, AggregateMode::kComplete);
  EXPECT_TRUE(aggregates[0]->child(0)->is<ShuffleExchangeExec>()) << physicalText(planned);
}

TEST_F(PhysicalPlanningTest, AverageBuffersASumAndACount) {
  PhysicalPtr planned = plan("SELECT avg(n_nationkey) FROM nation");
  auto aggregates = operatorsOf<HashAggregateExec>(planned);
  ASSERT_EQ(aggregates.size(), 2u) << physicalText(planned);
  const Attributes& buffer = aggregates[1]->aggregates()[0].buffer;
  ASSERT_EQ(buffer.size(), 2u);
  EXPECT_EQ(buffer[0]->name(), "sum");
  EXPECT_EQ(buffer[1]->name(), "count");
  EXPECT_EQ(buffer[1]->dataType(), DataType::bigint());
  // The partial aggregation outputs exactly its buffers (no grouping keys here).
  EXPECT_EQ(aggregates[1]->output().size(), 2u);
}

TEST_F(PhysicalPlanningTest, AnOperatorNoStrategyPlansIsAnErrorNamingIt) {
  auto execution = session_->query("SELECT n_name FROM nation");
  ASSERT_TRUE(execution.ok());
  const absl::StatusOr<PlanPtr>& optimized = (*execution)->optimized();
  ASSERT_TRUE(optimized.ok());
  SparkPlanner planner({}, session_->config(), &session_->catalog());
  absl::StatusOr<PhysicalPtr> planned = planner.plan(*optimized);
  ASSERT_FALSE(planned.ok());
  EXPECT_NE(std::string(planned.status().message())
                .find("no planner strategy plans the logical "
                      "operator Relation"),
            std::string::npos)
      << planned.status();
}

// A strategy that fails.
class Throwing final : public Strategy {
 public:
  std::string_view name() const override { return "Throwing"; }
  absl::StatusOr<PhysicalPtr> apply(const PlanPtr&, PlannerContext&) const override {
    throw std::runtime_error("boom");
  }
};

TEST_F(PhysicalPlanningTest, AStrategyThatThrowsIsAnInternalErrorNamingIt) {
  session_->extensions().injectPlannerStrategy(std::make_shared<Throwing>());
  auto execution = session_->query("SELECT n_name FROM nation");
  ASSERT_TRUE(execution.ok());
  const absl::StatusOr<PhysicalPtr>& planned = (*execution)->executedPlan();
  ASSERT_FALSE(planned.ok());
  EXPECT_EQ(planned.status().code(), absl::StatusCode::kInternal);
  EXPECT_NE(std::string(planned.status().message()).find("Throwing failed: boom"),
            std::string::npos)
      << planned.status();
}

TEST_F(PhysicalPlanningTest, SpecialLimits) {
  EXPECT_TRUE(
      plan("SELECT n_name FROM nation ORDER BY n_name LIMIT 5")->is<TakeOrderedAndProjectExec>());
  EXPECT_TRUE(plan("SELECT n_name FROM nation LIMIT 5")->is<CollectLimitExec>());
  // Below the root a limit is a global limit over one partition of local limits.
  PhysicalPtr nested = plan("SELECT count(*) FROM (SELECT n_name FROM nation LIMIT 5) t");
  auto globals = operatorsOf<GlobalLimitExec>(nested);
  ASSERT_EQ(globals.size(), 1u) << physicalText(nested);
  EXPECT_NE(physicalText(nested).find("Exchange SinglePartition"), std::string::npos);
  EXPECT_EQ(operatorsOf<LocalLimitExec>(nested).size(), 1u);
  // Above the top-n fallback threshold: a sort and a limit.
  set("spark.sql.execution.topKSortFallbackThreshold", "3");
  EXPECT_TRUE(plan("SELECT n_name FROM nation ORDER BY n_name LIMIT 5")->is<CollectLimitExec>());
}

TEST_F(PhysicalPlanningTest, WindowGetsItsPartitionsAndOrder) {
  PhysicalPtr planned =
      plan("SELECT n_name, rank() OVER (PARTITION BY n_regionkey ORDER BY n_name) FROM nation");
  std::string text = physicalText(planned);
  ASSERT_EQ(operatorsOf<WindowExec>(planned).size(), 1u) << text;
  EXPECT_NE(text.find("Sort [n_regionkey#x ASC NULLS FIRST, n_name#x ASC NULLS FIRST], false"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("Exchange hashpartitioning(n_regionkey#x, 200)"), std::string::npos) << text;
}

TEST_F(PhysicalPlanningTest, BasicOperators) {
  EXPECT_TRUE(plan("SELECT 1")->child(0)->is<LocalTableScanExec>() ||
              plan("SELECT 1")->is<LocalTableScanExec>());
  PhysicalPtr values = plan("SELECT * FROM VALUES (1, 'a'), (2, 'b') AS t(x, y)");
  EXPECT_EQ(operatorsOf<LocalTableScanExec>(values).size(), 1u) << physicalText(values);
  PhysicalPtr unioned = plan("SELECT n_name FROM nation UNION ALL SELECT r_name FROM region");
  ASSERT_EQ(operatorsOf<UnionExec>(unioned).size(), 1u) << physicalText(unioned);
  EXPECT_EQ(operatorsOf<UnionExec>(unioned)[0]->children().size(), 2u);
}

TEST_F(PhysicalPlanningTest, ScanShowsTheFilterAboveItAsPushedFilters) {
  PhysicalPtr planned = plan("SELECT n_name FROM nation WHERE n_regionkey = 1");
  auto scans = operatorsOf<ScanExec>(planned);
  ASSERT_EQ(scans.size(), 1u);
  EXPECT_EQ(scans[0]->output().size(), 2u) << physicalText(planned);
  EXPECT_EQ(scans[0]->pushedFilters().size(), 1u) << physicalText(planned);
  EXPECT_EQ(operatorsOf<FilterExec>(planned).size(), 1u) << physicalText(planned);
}

TEST_F(PhysicalPlanningTest, NoExchangeWhenTheChildIsAlreadyPartitioned) {
  // The join shuffles both sides on the order key; the aggregate on that key needs no more.
  PhysicalPtr planned = plan(
      "SELECT o_orderkey, count(*) FROM orders JOIN lineitem ON o_orderkey = l_orderkey "
      "GROUP BY o_orderkey");
  EXPECT_EQ(operatorsOf<ShuffleExchangeExec>(planned).size(), 2u) << physicalText(planned);
  auto aggregates = operatorsOf<HashAggregateExec>(planned);
  ASSERT_EQ(aggregates.size(), 2u);
  EXPECT_TRUE(aggregates[1]->child(0)->is<SortMergeJoinExec>()) << physicalText(planned);
}

TEST_F(PhysicalPlanningTest, ABroadcastJoinPartitionsByTheBuildKeysToo) {
  // nation arrives hash-partitioned on n_regionkey (its aggregate); after the broadcast join on
  // n_regionkey = r_regionkey it is also partitioned on r_regionkey, so the aggregate on
  // r_regionkey needs no exchange of its own.
  setTableSize(*session_, "region", 1000);
  PhysicalPtr planned = plan(
      "SELECT r_regionkey, sum(c) FROM (SELECT n_regionkey, count(*) c FROM nation GROUP BY "
      "n_regionkey) JOIN region ON n_regionkey = r_regionkey GROUP BY r_regionkey");
  ASSERT_EQ(operatorsOf<BroadcastHashJoinExec>(planned).size(), 1u) << physicalText(planned);
  EXPECT_EQ(operatorsOf<ShuffleExchangeExec>(planned).size(), 1u) << physicalText(planned);
}

TEST_F(PhysicalPlanningTest, JoinInputsAreCoPartitionedOnCorrespondingKeys) {
  // The left side comes hash-partitioned on (suppkey, partkey) from its aggregate; the right
  // side must be shuffled on (ps_suppkey, ps_partkey) in that order to match.
  PhysicalPtr planned = plan(
      "SELECT * FROM (SELECT l_suppkey, l_partkey, count(*) c FROM lineitem "
      "GROUP BY l_suppkey, l_partkey) l JOIN partsupp "
      "ON l_partkey = ps_partkey AND l_suppkey = ps_suppkey");
  std::string text = physicalText(planned);
  EXPECT_NE(text.find("hashpartitioning(ps_suppkey#x, ps_partkey#x, 200)"), std::string::npos)
      << text;
  EXPECT_EQ(text.find("hashpartitioning(ps_partkey#x, ps_suppkey#x"), std::string::npos) << text;
}

TEST_F(PhysicalPlanningTest, CoPartitioningKeepsTheSideWithMorePartitions) {
  auto a = AttributeReference::make("a", DataType::integer(), false);
  auto b = AttributeReference::make("b", DataType::integer(), false);
  PhysicalPtr left = std::make_shared<ShuffleExchangeExec>(
      Partitioning::hash({a}, 5),
      std::make_shared<ScanExec>("t", Attributes{a}, std::vector<ExprPtr>{}));
  PhysicalPtr right = std::make_shared<ShuffleExchangeExec>(
      Partitioning::hash({b}, 10),
      std::make_shared<ScanExec>("u", Attributes{b}, std::vector<ExprPtr>{}));
  PhysicalPtr join = std::make_shared<SortMergeJoinExec>(
      std::vector<ExprPtr>{a}, std::vector<ExprPtr>{b},
      JoinSpec{JoinType::kInner, nullptr, Attributes{a, b}}, left, right);
  Config config;
  auto prepared = prepareForExecution(join, {makeEnsureRequirements()}, config);
  ASSERT_TRUE(prepared.ok()) << prepared.status();
  auto exchanges = operatorsOf<ShuffleExchangeExec>(*prepared);
  ASSERT_EQ(exchanges.size(), 2u) << physicalText(*prepared);
  EXPECT_EQ(exchanges[0]->partitioning().num_partitions, 10);
  EXPECT_EQ(exchanges[1]->partitioning().num_partitions, 10);
  // Each side sorted on its key.
  EXPECT_EQ(operatorsOf<SortExec>(*prepared).size(), 2u);
  // Already co-partitioned: unchanged but for the sorts.
  auto again = prepareForExecution(*prepared, {makeEnsureRequirements()}, config);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, *prepared);
}

TEST_F(PhysicalPlanningTest, RedundantSortsAndProjectsAreRemoved) {
  auto a = AttributeReference::make("a", DataType::integer(), false);
  PhysicalPtr scan = std::make_shared<ScanExec>("t", Attributes{a}, std::vector<ExprPtr>{});
  std::vector<ExprPtr> order = ascendingOrders({a});
  PhysicalPtr sorted = std::make_shared<SortExec>(order, false, scan);
  PhysicalPtr twice =
      std::make_shared<SortExec>(order, false, std::make_shared<ProjectExec>(asExprs({a}), sorted));
  Config config;
  auto prepared = prepareForExecution(
      twice, {makeRemoveRedundantProjects(), makeRemoveRedundantSorts()}, config);
  ASSERT_TRUE(prepared.ok());
  EXPECT_EQ(*prepared, sorted) << physicalText(*prepared);
  // A sort on another key stays.
  auto b = AttributeReference::make("b", DataType::integer(), false);
  PhysicalPtr other = std::make_shared<SortExec>(ascendingOrders({a, b}), false, sorted);
  auto kept = prepareForExecution(other, {makeRemoveRedundantSorts()}, config);
  ASSERT_TRUE(kept.ok());
  EXPECT_EQ(*kept, other);
}

TEST_F(PhysicalPlanningTest, ReuseExchange) {
  const char* sql =
      "SELECT * FROM (SELECT n_regionkey k, count(*) c FROM nation GROUP BY n_regionkey) a "
      "JOIN (SELECT n_regionkey k, count(*) c FROM nation GROUP BY n_regionkey) b ON a.k = b.k";
  PhysicalPtr planned = plan(sql);
  auto reused = operatorsOf<ReusedExchangeExec>(planned);
  ASSERT_EQ(reused.size(), 1u) << physicalText(planned);
  EXPECT_NE(physicalText(planned).find("ReusedExchange [n_regionkey#x, count#x], Exchange "
                                       "hashpartitioning(n_regionkey#x, 200)"),
            std::string::npos)
      << physicalText(planned);
  set("spark.sql.exchange.reuse", "false");
  EXPECT_TRUE(operatorsOf<ReusedExchangeExec>(plan(sql)).empty());
  // Different filters: nothing to reuse.
  set("spark.sql.exchange.reuse", "true");
  EXPECT_TRUE(operatorsOf<ReusedExchangeExec>(
                  plan("SELECT * FROM (SELECT n_regionkey k, count(*) c FROM nation WHERE "
                       "n_nationkey > 1 GROUP BY n_regionkey) a JOIN (SELECT n_regionkey k, "
                       "count(*) c FROM nation WHERE n_nationkey > 2 GROUP BY n_regionkey) b ON "
                       "a.k = b.k"))
                  .empty());
}

TEST_F(PhysicalPlanningTest, ExplainModes) {
  const char* query = "SELECT n_regionkey, count(*) FROM nation GROUP BY n_regionkey";
  set("planck.explain.normalizeIds", "true");
  set("spark.sql.codegen.wholeStage", "true");
  // The plan as the preparation rules leave it (adaptive_execution_test.cc has EXPLAIN of an
  // adaptive plan).
  set("spark.sql.adaptive.enabled", "false");
  // Spark's shape: the operators of codegen stage n marked *(n), numbered inner stages first.
  std::string simple = explain(std::string("EXPLAIN ") + query);
  EXPECT_EQ(simple.rfind("== Physical Plan ==\n*(2) HashAggregate(keys=[n_regionkey#x], "
                         "functions=[count(1)])\n+- Exchange hashpartitioning(n_regionkey#x, 200), "
                         "ENSURE_REQUIREMENTS, [plan_id=x]\n   +- *(1) HashAggregate(",
                         0),
            0u)
      << simple;
  std::string extended = explain(std::string("EXPLAIN EXTENDED ") + query);
  EXPECT_LT(extended.find("== Optimized Logical Plan =="), extended.find("== Physical Plan =="));
  std::string formatted = explain(std::string("EXPLAIN FORMATTED ") + query);
  EXPECT_NE(formatted.find("* HashAggregate (4)\n+- Exchange (3)\n   +- * HashAggregate (2)\n"
                           "      +- * Scan nation (1)\n\n\n(1) Scan nation [codegen id : 1]\n"),
            std::string::npos)
      << formatted;
  EXPECT_NE(formatted.find("\n\n(4) HashAggregate [codegen id : 2]\nInput [2]: [n_regionkey#x, "
                           "count#x]\nKeys [1]: [n_regionkey#x]\nFunctions [1]: [count(1)]\n"),
            std::string::npos)
      << formatted;
  EXPECT_NE(formatted.find("(1) Scan nation [codegen id : 1]\nOutput [1]: [n_regionkey#x]\n"),
            std::string::npos)
      << formatted;
  std::string verbose = explain(std::string("EXPLAIN VERBOSE ") + query);
  EXPECT_LT(verbose.find("== Spark Plan =="), verbose.find("== Preparation Trace =="));
  EXPECT_NE(verbose.find("=== Applying Rule EnsureRequirements ===\nHashAggregate"),
            std::string::npos)
      << verbose;
  EXPECT_LT(verbose.find("== Preparation Trace =="), verbose.find("== Physical Plan =="));
  std::string cost = explain(std::string("EXPLAIN COST ") + query);
  EXPECT_EQ(cost.rfind("== Optimized Logical Plan ==\nAggregate [n_regionkey#x], [n_regionkey#x, "
                       "count(1) AS count(1)#x], Statistics(sizeInBytes=",
                       0),
            0u)
      << cost;
  EXPECT_NE(cost.find("\n== Physical Plan ==\n"), std::string::npos) << cost;
  std::string json = explain(std::string("EXPLAIN (FORMAT json) ") + query);
  EXPECT_EQ(json.rfind("{\n  \"node\": \"WholeStageCodegen\",\n  \"line\": \"WholeStageCodegen (2)\"", 0), 0u) << json;
  std::string pg = explain(std::string("EXPLAIN (FORMAT json, COSTS) ") + query);
  EXPECT_EQ(pg.rfind("[\n  {\n    \"Plan\": {\n      \"Node Type\": \"Aggregate\"", 0), 0u) << pg;
  EXPECT_NE(pg.find("\"Plans\": ["), std::string::npos) << pg;
  EXPECT_NE(pg.find("\"Node Type\": \"Seq Scan\""), std::string::npos) << pg;
  EXPECT_NE(pg.find("\"Relation Name\": \"nation\""), std::string::npos) << pg;
}

// A strategy that plans scans of region as an empty LocalTableScan.
class EmptyRegion final : public Strategy {
 public:
  std::string_view name() const override { return "EmptyRegion"; }
  absl::StatusOr<PhysicalPtr> apply(const PlanPtr& plan, PlannerContext&) const override {
    const auto* relation = plan->as<Relation>();
    if (relation == nullptr || relation->tableName() != "region") return nullptr;
    return PhysicalPtr(
        std::make_shared<LocalTableScanExec>(plan->output(), std::vector<std::vector<Value>>{}));
  }
};

// A preparation rule that counts the plans it sees.
class CountingRule final : public PhysicalRule {
 public:
  explicit CountingRule(int* count) : count_(count) {}
  std::string_view name() const override { return "Counting"; }
  PhysicalPtr apply(const PhysicalPtr& plan, PhysicalRuleContext&) const override {
    ++*count_;
    return plan;
  }

 private:
  int* count_;
};

TEST_F(PhysicalPlanningTest, ExtensionsInjectStrategiesBeforeTheBuiltInOnesAndRulesAfter) {
  size_t builtin = session_->extensions().plannerStrategies().size();
  session_->extensions().injectPlannerStrategy(std::make_shared<EmptyRegion>());
  int runs = 0;
  session_->extensions().injectPreparationRule(std::make_shared<CountingRule>(&runs));
  EXPECT_EQ(session_->extensions().plannerStrategies().size(), builtin + 1);
  PhysicalPtr planned = plan("SELECT r_name FROM region");
  EXPECT_EQ(operatorsOf<LocalTableScanExec>(planned).size(), 1u) << physicalText(planned);
  EXPECT_TRUE(operatorsOf<ScanExec>(planned).empty());
  EXPECT_EQ(runs, 1);
  EXPECT_EQ(operatorsOf<ScanExec>(plan("SELECT n_name FROM nation")).size(), 1u);
}

// Every operator's inputs meet its requirements, and clustered join inputs are co-partitioned.
void checkRequirements(const PhysicalPtr& plan, const std::string& context) {
  forEachNode(plan, [&](const PhysicalPtr& node) {
    std::vector<Distribution> required = node->requiredChildDistribution();
    std::vector<std::vector<ExprPtr>> orderings = node->requiredChildOrdering();
    for (size_t i = 0; i < node->children().size(); ++i) {
      const PhysicalPtr& child = node->child(i);
      EXPECT_TRUE(satisfies(child->outputPartitioning(), required[i]))
          << context << ": " << node->nodeName() << " child " << i << " is "
          << child->outputPartitioning().toString() << ", needs " << required[i].toString();
      EXPECT_TRUE(orderingSatisfies(child->outputOrdering(), orderings[i]))
          << context << ": " << node->nodeName() << " child " << i << " is not sorted";
    }
    if (node->is<SortMergeJoinExec>() || node->is<ShuffledHashJoinExec>()) {
      EXPECT_EQ(node->child(0)->outputPartitioning().num_partitions,
                node->child(1)->outputPartitioning().num_partitions)
          << context;
    }
  });
}

std::string readQuery(int number) {
  std::ifstream file(std::filesystem::path(PLANCK_SHARED_DIR) / "tpch" / "queries" /
                     fmt::format("q{:02d}.sql", number));
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

// `sql` with a hint on every TPC-H table after its first SELECT.
std::string withHint(const std::string& sql, const std::string& hint) {
  size_t select = sql.find("SELECT");
  if (select == std::string::npos) select = sql.find("select");
  if (select == std::string::npos) return sql;
  return sql.substr(0, select + 6) +
         fmt::format(
             " /*+ {}(lineitem, orders, customer, part, partsupp, supplier, nation, "
             "region, n1, n2) */",
             hint) +
         sql.substr(select + 6);
}

TEST(TpchPhysicalPlanningTest, EveryQueryPlansUnderEverySetting) {
  struct Setting {
    std::string name;
    std::vector<std::pair<const char*, const char*>> config;
    std::string hint;
    bool sizes;
  };
  std::vector<Setting> settings = {
      {"partitions 1", {{"spark.sql.shuffle.partitions", "1"}}, "", false},
      {"partitions 3", {{"spark.sql.shuffle.partitions", "3"}}, "", false},
      {"partitions 200", {}, "", false},
      {"sizes known", {}, "", true},
      {"broadcast off", {{"spark.sql.autoBroadcastJoinThreshold", "-1"}}, "", true},
      {"shuffled hash",
       {{"spark.sql.join.preferSortMergeJoin", "false"},
        {"spark.sql.autoBroadcastJoinThreshold", "1000"}},
       "",
       true},
  };
  for (const char* hint : {"BROADCAST", "MERGE", "SHUFFLE_HASH", "SHUFFLE_REPLICATE_NL"}) {
    settings.push_back({hint, {}, hint, false});
  }
  for (const Setting& setting : settings) {
    int hinted_joins = 0;  // joins of the kind the setting's hint asks for
    for (int number = 1; number <= 22; ++number) {
      auto session = Session::withTpchSchema();
      for (const auto& [key, value] : setting.config) {
        ASSERT_TRUE(session->config().set(key, value).ok());
      }
      if (setting.sizes) {
        int64_t size = 1000;
        for (const char* table : {"region", "nation", "supplier", "customer", "part", "partsupp",
                                  "orders", "lineitem"}) {
          setTableSize(*session, table, size);
          size *= 10;
        }
      }
      std::string sql = readQuery(number);
      ASSERT_FALSE(sql.empty()) << "q" << number;
      if (!setting.hint.empty()) sql = withHint(sql, setting.hint);
      std::string context = fmt::format("q{:02d} ({})", number, setting.name);
      PhysicalPtr planned = physicalPlanOf(*session, sql);
      ASSERT_NE(planned, nullptr) << context;
      checkRequirements(planned, context);
      if (setting.hint == "BROADCAST")
        hinted_joins += operatorsOf<BroadcastHashJoinExec>(planned).size();
      if (setting.hint == "MERGE") hinted_joins += operatorsOf<SortMergeJoinExec>(planned).size();
      if (setting.hint == "SHUFFLE_HASH") {
        hinted_joins += operatorsOf<ShuffledHashJoinExec>(planned).size();
      }
      if (setting.hint == "SHUFFLE_REPLICATE_NL") {
        hinted_joins += operatorsOf<CartesianProductExec>(planned).size();
      }
      if (setting.hint == "BROADCAST" || setting.sizes) continue;
      // Without sizes and hints, nothing but a one-row aggregate and a NOT IN subquery (a
      // null-aware anti join) is broadcast.
      for (const auto* exchange : operatorsOf<BroadcastExchangeExec>(planned)) {
        if (setting.hint.empty()) {
          EXPECT_TRUE(findNode(exchange->child(0),
                               [](const PhysicalPtr& node) {
                                 const auto* aggregate = node->as<HashAggregateExec>();
                                 return aggregate != nullptr && aggregate->grouping().empty();
                               }) != nullptr ||
                      !exchange->mode().hashed || exchange->mode().null_aware)
              << context << "\n"
              << physicalText(planned);
        }
      }
    }
    // The hint reached the planner: most TPC-H joins are inner equi-joins it applies to.
    if (!setting.hint.empty()) {
      EXPECT_GT(hinted_joins, 20) << setting.name;
    }
  }
}

}  // namespace
}  // namespace planck::test
