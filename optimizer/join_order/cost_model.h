// CostModel: what join ordering minimizes, small and swappable (DuckDB's habit). The default is
// C_out, the sum of the estimated cardinalities of all intermediate and final join results
// (Cluet & Moerkotte, "On the Complexity of Generating Optimal Left-Deep Processing Trees with
// Cross Products", ICDT 1995): blind to join algorithms, but it ranks orders the way real costs
// mostly do, and it is what the join-ordering literature measures against.
//
// A model gives the cost of a whole subtree from its children's, so it must be monotone in the
// children's costs for dynamic programming to be exact (the principle of optimality).
#pragma once

#include <string_view>

namespace planck::join_order {

class CostModel {
 public:
  virtual ~CostModel() = default;
  virtual std::string_view name() const = 0;
  // The cost of reading a base relation of `rows` rows.
  virtual double relationCost(double rows) const = 0;
  // The cost of the subtree joining `left` and `right` into `rows` rows.
  virtual double joinCost(double left_rows, double left_cost, double right_rows, double right_cost,
                          double rows) const = 0;
  // Whether joinCost is the same with the sides swapped: the enumerators then cost one order
  // per csg-cmp pair, not two.
  virtual bool symmetric() const = 0;
};

// C_out: scans are free, each join costs the rows it produces.
class COutCostModel final : public CostModel {
 public:
  std::string_view name() const override { return "C_out"; }
  double relationCost(double) const override { return 0; }
  double joinCost(double, double left_cost, double, double right_cost, double rows) const override {
    return left_cost + right_cost + rows;
  }
  bool symmetric() const override { return true; }
};

// The model used when none is given.
const CostModel& defaultCostModel();

}  // namespace planck::join_order
