#include "optimizer/join_order/cost_model.h"

namespace planck::join_order {

const CostModel& defaultCostModel() {
  static const COutCostModel model;
  return model;
}

}  // namespace planck::join_order
