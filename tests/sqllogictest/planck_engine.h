// The sqllogictest Engine over a planck Session: statements and queries run as the shell runs
// them, and a query's typed rows become sqllogictest values (integers, DOUBLE, text; DECIMAL
// and dates as the shell prints them).
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "tests/sqllogictest/engine.h"

namespace planck {
class Session;
}

namespace planck::sqllogictest {

class PlanckEngine final : public Engine {
 public:
  // `settings`: SET key = value pairs applied to the engine's session first.
  explicit PlanckEngine(const std::vector<std::pair<std::string, std::string>>& settings = {});
  ~PlanckEngine() override;

  std::string_view name() const override { return "planck"; }
  absl::Status execute(std::string_view sql) override;
  absl::StatusOr<QueryRows> query(std::string_view sql) override;

  // Queries whose rows came (in part) from compiled code, so far.
  int64_t compiledQueries() const { return compiled_queries_; }

 private:
  std::unique_ptr<Session> session_;
  int64_t compiled_queries_ = 0;
};

// Runs every statement on two PlanckEngines, the first with whole-stage codegen and the second
// without (both with `settings` otherwise), and fails a query whose rows differ between them
// (compared in order when the query has an ORDER BY, else sorted); the rows it returns are the
// compiled engine's, so the runner checks them against the expected results as well.
class CodegenDifferentialEngine final : public Engine {
 public:
  explicit CodegenDifferentialEngine(
      const std::vector<std::pair<std::string, std::string>>& settings = {});
  ~CodegenDifferentialEngine() override;

  std::string_view name() const override { return "planck"; }
  absl::Status execute(std::string_view sql) override;
  absl::StatusOr<QueryRows> query(std::string_view sql) override;

  const PlanckEngine& compiled() const { return compiled_; }
  // Queries whose compiled and interpreted rows (or errors) differed.
  int64_t differences() const { return differences_; }

 private:
  PlanckEngine compiled_;
  PlanckEngine interpreted_;
  int64_t differences_ = 0;
};

}  // namespace planck::sqllogictest
