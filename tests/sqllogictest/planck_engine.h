// The sqllogictest Engine over a planck Session: statements and queries run as the shell runs
// them, and a query's typed rows become sqllogictest values (integers, DOUBLE, text; DECIMAL
// and dates as the shell prints them).
#pragma once

#include <memory>

#include "tests/sqllogictest/engine.h"

namespace planck {
class Session;
}

namespace planck::sqllogictest {

class PlanckEngine final : public Engine {
 public:
  PlanckEngine();
  ~PlanckEngine() override;

  std::string_view name() const override { return "planck"; }
  absl::Status execute(std::string_view sql) override;
  absl::StatusOr<QueryRows> query(std::string_view sql) override;

 private:
  std::unique_ptr<Session> session_;
};

}  // namespace planck::sqllogictest
