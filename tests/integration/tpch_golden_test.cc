// TPC-H golden plans: EXPLAIN EXTENDED (parsed, analyzed, optimized and physical plans) of the 22
// TPC-H queries, ids normalized to #x, compared with tests/golden/tpch/qNN.explain. Regenerate
// after a deliberate change with `scripts/regen-golden` and review the diff.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "common/errors.h"
#include "explain/tree_string.h"
#include "fmt/format.h"
#include "logical/expressions.h"
#include "logical/operators.h"
#include "logical/plan.h"
#include "optimizer/plan_integrity.h"
#include "session/session.h"
#include "tests/integration/golden_file.h"

namespace planck {
namespace {

const std::filesystem::path kQueryDir =
    std::filesystem::path(PLANCK_SHARED_DIR) / "tpch" / "queries";
const std::filesystem::path kGoldenDir = std::filesystem::path(PLANCK_GOLDEN_DIR) / "tpch";

constexpr int kQueryCount = 22;

std::string queryName(int number) { return fmt::format("q{:02d}", number); }

std::string readFile(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

// Every subquery expression in `plan`'s operators and in their subquery plans, at any depth.
void collectSubqueries(const PlanPtr& plan, std::vector<const SubqueryExpression*>& found) {
  forEachNode(plan, [&](const PlanPtr& node) {
    for (const ExprPtr& expr : node->expressions()) {
      forEachNode(expr, [&](const ExprPtr& each) {
        if (const SubqueryExpression* subquery = each->asSubquery()) {
          found.push_back(subquery);
          collectSubqueries(subquery->plan(), found);
        }
      });
    }
  });
}

// The ids of the columns that the operators of `plan` produce (not those of subquery plans).
std::set<ExprId> producedIds(const PlanPtr& plan) {
  std::set<ExprId> ids;
  forEachNode(plan, [&](const PlanPtr& node) {
    for (const AttributePtr& attr : node->output()) ids.insert(attr->exprId());
  });
  return ids;
}

// Checks what normalized ids hide: every scan (relation, CTE reference) of the analyzed plan
// and of its subqueries has ids of its own, so the two sides of a self-join (Q7's n1 and n2)
// are told apart; and a subquery's outer references name columns of enclosing queries, never
// columns its own plan produces.
void checkIds(const std::string& name, const PlanPtr& analyzed) {
  std::vector<PlanPtr> plans{analyzed};
  std::vector<const SubqueryExpression*> subqueries;
  collectSubqueries(analyzed, subqueries);
  for (const SubqueryExpression* subquery : subqueries) plans.push_back(subquery->plan());

  std::map<ExprId, std::string> scanned;  // id -> the scan that produces it
  for (const PlanPtr& plan : plans) {
    forEachNode(plan, [&](const PlanPtr& node) {
      if (!node->children().empty()) return;
      for (const AttributePtr& attr : node->output()) {
        auto [it, inserted] = scanned.emplace(attr->exprId(), nodeString(*node));
        EXPECT_TRUE(inserted) << name << ": id " << attr->exprId() << " (" << attr->name()
                              << ") is produced by two scans:\n  " << it->second << "\n  "
                              << nodeString(*node);
      }
    });
  }

  for (const SubqueryExpression* subquery : subqueries) {
    std::set<ExprId> inside = producedIds(subquery->plan());
    for (const ExprPtr& ref : subquery->outerReferences()) {
      const AttributePtr& attr = ref->as<OuterReference>()->attribute();
      EXPECT_EQ(inside.count(attr->exprId()), 0u)
          << name << ": " << subquery->toString() << " lists " << attr->toString()
          << " as an outer reference, but its own plan produces that column:\n"
          << treeString(subquery->plan());
    }
  }
}

class TpchGoldenTest : public ::testing::TestWithParam<int> {};

TEST_P(TpchGoldenTest, ExplainExtendedMatchesGolden) {
  const std::string name = queryName(GetParam());
  const std::filesystem::path query_path = kQueryDir / (name + ".sql");
  ASSERT_TRUE(std::filesystem::exists(query_path))
      << query_path << " is missing; set PLANCK_SHARED_DIR";
  const std::string sql = readFile(query_path);

  auto session = Session::withTpchSchema();
  ASSERT_TRUE(session->config().set("planck.explain.normalizeIds", "true").ok());
  // Every optimizer rule's rewrite is checked (optimizer/plan_integrity.h), release builds too.
  ASSERT_TRUE(session->config().set("spark.sql.planChangeValidation", "true").ok());
  absl::StatusOr<std::unique_ptr<QueryExecution>> execution = session->query(sql);
  ASSERT_TRUE(execution.ok()) << formatError(execution.status(), sql);

  const absl::StatusOr<PlanPtr>& analyzed = (*execution)->analyzed();
  ASSERT_TRUE(analyzed.ok()) << formatError(analyzed.status(), sql);
  EXPECT_TRUE((*analyzed)->resolved()) << "the analyzed plan of " << name << " is not resolved";
  std::vector<const SubqueryExpression*> subqueries;
  collectSubqueries(*analyzed, subqueries);
  for (const SubqueryExpression* subquery : subqueries) {
    EXPECT_TRUE(subquery->plan()->resolved())
        << "a subquery plan of " << name << " is not resolved";
  }
  checkIds(name, *analyzed);
  absl::Status integral = checkPlanIntegrity(*analyzed);
  EXPECT_TRUE(integral.ok()) << name << ": " << integral;

  const absl::StatusOr<PlanPtr>& optimized = (*execution)->optimized();
  ASSERT_TRUE(optimized.ok()) << optimized.status();
  // EliminateSubqueryAliases, run on subquery plans too by OptimizeSubqueries.
  auto has_alias = [](const PlanPtr& plan) {
    return existsNode(plan, [](const PlanPtr& node) { return node->is<SubqueryAlias>(); });
  };
  EXPECT_FALSE(has_alias(*optimized)) << "a SubqueryAlias is left in " << name;
  std::vector<const SubqueryExpression*> optimized_subqueries;
  collectSubqueries(*optimized, optimized_subqueries);
  for (const SubqueryExpression* subquery : optimized_subqueries) {
    EXPECT_FALSE(has_alias(subquery->plan()))
        << "a SubqueryAlias is left in a subquery of " << name;
  }

  absl::StatusOr<std::string> explain =
      (*execution)->explainString(ExplainMode::kExtended, ExplainFormat::kText);
  ASSERT_TRUE(explain.ok()) << formatError(explain.status(), sql);
  EXPECT_NE(explain->find("== Parsed Logical Plan =="), std::string::npos);
  EXPECT_NE(explain->find("== Analyzed Logical Plan =="), std::string::npos);
  EXPECT_NE(explain->find("== Optimized Logical Plan =="), std::string::npos);
  EXPECT_NE(explain->find("== Physical Plan =="), std::string::npos);
  // Ids are normalized, so the golden text does not depend on how many ids came before.
  // (Ids print as #x at render time; string literals such as Brand#45 keep their digits.)
  EXPECT_NE(explain->find("#x"), std::string::npos) << *explain;

  // A plan that fails the checks above must not become the expected text.
  if (golden::regenerating() && HasFailure()) {
    FAIL() << "not regenerating " << name << ".explain: the checks above failed";
  }
  EXPECT_TRUE(golden::matchesGoldenFile(kGoldenDir / (name + ".explain"), *explain));
}

INSTANTIATE_TEST_SUITE_P(Tpch, TpchGoldenTest, ::testing::Range(1, kQueryCount + 1),
                         [](const ::testing::TestParamInfo<int>& info) {
                           return queryName(info.param);
                         });

// Golden files without a query would never be checked again.
TEST(TpchGolden, EveryGoldenFileBelongsToAQuery) {
  if (golden::regenerating() || !std::filesystem::is_directory(kGoldenDir)) return;
  for (const auto& entry : std::filesystem::directory_iterator(kGoldenDir)) {
    std::string stem = entry.path().stem().string();
    bool known = false;
    for (int number = 1; number <= kQueryCount; ++number) {
      known = known || (stem == queryName(number) && entry.path().extension() == ".explain");
    }
    EXPECT_TRUE(known) << "stale golden file " << entry.path();
  }
}

}  // namespace
}  // namespace planck
