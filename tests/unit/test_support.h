// Helpers shared by the unit suites: parse and analyze SQL against the TPC-H schema, and find
// operators in plans.
#pragma once

#include <fstream>
#include <memory>
#include <ostream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "analyzer/analyzer.h"
#include "explain/tree_string.h"
#include "fmt/format.h"
#include "gtest/gtest.h"
#include "logical/operators.h"
#include "optimizer/optimizer.h"
#include "optimizer/plan_integrity.h"
#include "optimizer/rule_executor.h"
#include "optimizer/rules.h"
#include "parser/parser.h"
#include "session/session.h"

namespace planck {

// Readable gtest output for types and values (found by argument-dependent lookup).
inline void PrintTo(const DataType& type, std::ostream* out) { *out << type.sqlName(); }
inline void PrintTo(const Value& value, std::ostream* out) {
  *out << value.type().sqlName() << " " << value.toString();
}

}  // namespace planck

namespace planck::test {

// The message of a status as a std::string (Debian's Abseil has its own string_view).
inline std::string messageOf(const absl::Status& status) {
  return std::string(status.message().data(), status.message().size());
}

// Parses `sql` as one query; the plan, or the parse error.
inline absl::StatusOr<PlanPtr> parsePlan(std::string_view sql, const ParserOptions& options = {}) {
  return parseQuery(sql, options);
}

// Parses and analyzes `sql` as one query in `session`.
inline absl::StatusOr<PlanPtr> analyzeSql(Session& session, std::string_view sql) {
  auto parsed = parseQuery(sql, session.parserOptions());
  if (!parsed.ok()) return parsed.status();
  // Through QueryExecution, as the session analyzes (its extensions included).
  QueryExecution execution(session, *parsed);
  return execution.analyzed();
}

// Runs `rules` as one batch over `plan` (once, or to a fixed point), with plan-change
// validation on, so a rule that breaks the plan fails the test.
inline PlanPtr applyRules(const std::vector<RulePtr>& rules, const PlanPtr& plan,
                          bool fixed_point = false) {
  Config config;
  RuleContext ctx(config, nullptr);
  RuleExecutor executor(
      {{"Test", fixed_point ? BatchStrategy::fixedPoint() : BatchStrategy::once(), rules}},
      checkPlanChange);
  auto result = executor.execute(plan, ctx);
  EXPECT_TRUE(result.ok()) << result.status();
  return result.ok() ? *result : plan;
}

// Runs one rule once over `plan`.
inline PlanPtr applyOnce(const RulePtr& rule, const PlanPtr& plan) {
  return applyRules({rule}, plan);
}

// The plan as EXPLAIN prints it, ids normalized (#x): for expected plans in tests.
inline std::string planText(const PlanPtr& plan) {
  return treeString(plan, TreeStringOptions{true});
}

// The analyzed plan of `sql` over the TPC-H tables, without SubqueryAlias nodes (as the
// optimizer's first batch leaves it), so that expected plans stay short; nullptr, with a test
// failure, when `sql` does not analyze.
inline PlanPtr analyzed(std::string_view sql) {
  auto session = Session::withTpchSchema();
  auto plan = analyzeSql(*session, sql);
  EXPECT_TRUE(plan.ok()) << plan.status();
  return plan.ok() ? applyOnce(makeEliminateSubqueryAliases(), *plan) : nullptr;
}

// The expression ids of `attributes`, in order: a rule must keep those of a plan's output.
inline std::vector<ExprId> idsOf(const Attributes& attributes) {
  std::vector<ExprId> ids;
  for (const AttributePtr& attribute : attributes) ids.push_back(attribute->exprId());
  return ids;
}

// A new integer column `name`, for plans built by hand.
inline AttributePtr column(const std::string& name, bool nullable = true) {
  return AttributeReference::make(name, DataType::integer(), nullable);
}

// The table `name` with `columns`, for plans built by hand.
inline PlanPtr relation(const std::string& name, const Attributes& columns) {
  return std::make_shared<Relation>(name, columns);
}

// Parses, analyzes and optimizes `sql` in `session` with the session's optimizer.
inline absl::StatusOr<PlanPtr> optimizeSql(Session& session, std::string_view sql) {
  auto parsed = parseQuery(sql, session.parserOptions());
  if (!parsed.ok()) return parsed.status();
  QueryExecution execution(session, *parsed);
  return execution.optimized();
}

// The first status a script produced (OK when every statement succeeded).
inline absl::Status runStatus(Session& session, std::string_view sql) {
  return session.run(sql).status();
}

// Every operator of kind T in `plan` (pre-order), not looking into subquery expressions. The
// pointers share ownership of their node, so they stay valid after `plan` is gone.
template <class T>
std::vector<std::shared_ptr<const T>> nodesOf(const PlanPtr& plan) {
  std::vector<std::shared_ptr<const T>> found;
  forEachNode(plan, [&](const PlanPtr& node) {
    if (const T* typed = node->as<T>()) found.emplace_back(node, typed);
  });
  return found;
}

// The first operator of kind T in `plan` (pre-order), or nullptr.
template <class T>
std::shared_ptr<const T> firstOf(const PlanPtr& plan) {
  PlanPtr found = findNode(plan, [](const PlanPtr& node) { return node->is<T>(); });
  return found ? std::shared_ptr<const T>(found, found->as<T>()) : nullptr;
}

// Every expression node of kind T in the expressions of every operator of `plan`.
template <class T>
std::vector<std::shared_ptr<const T>> exprsOf(const PlanPtr& plan) {
  std::vector<std::shared_ptr<const T>> found;
  forEachNode(plan, [&](const PlanPtr& node) {
    for (const ExprPtr& expr : node->expressions()) {
      forEachNode(expr, [&](const ExprPtr& each) {
        if (const T* typed = each->as<T>()) found.emplace_back(each, typed);
      });
    }
  });
  return found;
}

// The plans of the subquery expressions held by `plan`'s operators (one level deep).
inline std::vector<PlanPtr> subqueryPlans(const PlanPtr& plan) {
  std::vector<PlanPtr> plans;
  forEachNode(plan, [&](const PlanPtr& node) {
    for (const ExprPtr& expr : node->expressions()) {
      forEachNode(expr, [&](const ExprPtr& each) {
        if (const auto* subquery = dynamic_cast<const SubqueryExpression*>(each.get())) {
          plans.push_back(subquery->plan());
        }
      });
    }
  });
  return plans;
}

// The text of a file, or "" when it cannot be read.
inline std::string readFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The 22 TPC-H queries from the shared folder, q01 first.
inline std::vector<std::string> tpchQueries() {
  std::vector<std::string> queries;
  for (int i = 1; i <= 22; ++i) {
    std::string name = fmt::format("q{:02d}.sql", i);
    queries.push_back(readFile(std::string(PLANCK_SHARED_DIR) + "/tpch/queries/" + name));
  }
  return queries;
}

}  // namespace planck::test
