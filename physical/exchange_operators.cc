#include "physical/exchange_operators.h"

#include <atomic>

#include "fmt/format.h"
#include "logical/predicates.h"

namespace planck {
namespace {

std::string_view originName(ShuffleOrigin origin) {
  return origin == ShuffleOrigin::kEnsureRequirements ? "ENSURE_REQUIREMENTS"
                                                      : "REPARTITION_BY_NUM";
}

}  // namespace

int64_t newPlanId() {
  static std::atomic<int64_t> counter{0};
  return counter.fetch_add(1, std::memory_order_relaxed) + 1;
}

std::vector<NodeParam> ShuffleExchangeExec::params() const {
  return {{"Arguments", fmt::format("{}, {}, [plan_id={}]", partitioning_.toString(),
                                    originName(origin_), formatId(plan_id_))}};
}

std::string ShuffleExchangeExec::simpleString() const {
  return fmt::format("Exchange {}, {}, [plan_id={}]", partitioning_.toString(), originName(origin_),
                     formatId(plan_id_));
}

std::vector<NodeParam> BroadcastExchangeExec::params() const {
  return {{"Arguments", fmt::format("{}, [plan_id={}]", mode_.toString(), formatId(plan_id_))}};
}

std::string BroadcastExchangeExec::simpleString() const {
  return fmt::format("BroadcastExchange {}, [plan_id={}]", mode_.toString(), formatId(plan_id_));
}

Partitioning ReusedExchangeExec::outputPartitioning() const {
  // The reused exchange's partitioning, in this use's column ids.
  AttributeMap renames = positionalMap(exchange_->output(), output_);
  Partitioning partitioning = exchange_->outputPartitioning();
  for (ExprPtr& expr : partitioning.expressions) expr = replaceAttributes(expr, renames);
  for (ExprPtr& key : partitioning.mode.keys) key = replaceAttributes(key, renames);
  return partitioning;
}

std::vector<NodeParam> ReusedExchangeExec::params() const {
  return {
      {"Arguments", fmt::format("{}, {}", bracketed(asExprs(output_)), exchange_->simpleString())}};
}

std::string ReusedExchangeExec::simpleString() const {
  return fmt::format("ReusedExchange {}, {}", bracketed(asExprs(output_)),
                     exchange_->simpleString());
}

}  // namespace planck
