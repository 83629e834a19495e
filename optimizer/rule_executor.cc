#include "optimizer/rule_executor.h"

#include <atomic>
#include <cstdint>

namespace planck {

namespace {

// Numbers executor runs for rule-id pruning: marks made in one run are not trusted by another.
// 0 means "no pruning", so it is skipped when the counter wraps.
uint32_t nextRun() {
  static std::atomic<uint32_t> counter{0};
  uint32_t run = counter.fetch_add(1, std::memory_order_relaxed) + 1;
  return run != 0 ? run : counter.fetch_add(1, std::memory_order_relaxed) + 1;
}

}  // namespace

absl::StatusOr<PlanPtr> RuleExecutor::execute(PlanPtr plan, RuleContext& ctx,
                                              const ExecutionObserver& observer) const {
  using Clock = std::chrono::steady_clock;
  // Timing costs two clock reads per rule application: only when someone looks at it.
  const bool timed = observer.metrics != nullptr || static_cast<bool>(observer.on_effective_rule);
  const uint32_t run = nextRun();
  uint32_t position = 0;
  for (const Batch& batch : batches_) {
    const uint32_t first_position = position;
    for (int iteration = 1; iteration <= batch.strategy.max_iterations; ++iteration) {
      PlanPtr batch_start = plan;
      position = first_position;
      for (const RulePtr& rule : batch.rules) {
        // Rules past the 32nd of an executor run without pruning.
        ctx.setRuleMark(position < 32 ? RuleMark{run, position} : RuleMark{});
        ++position;
        auto started = timed ? Clock::now() : Clock::time_point{};
        PlanPtr after = rule->apply(plan, ctx);
        auto elapsed =
            timed ? std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - started)
                  : std::chrono::nanoseconds{0};
        bool effective = after != plan;
        if (observer.metrics != nullptr) {
          RuleMetric& metric = (*observer.metrics)[std::string(rule->name())];
          ++metric.runs;
          metric.total_time += elapsed;
          if (effective) {
            ++metric.effective_runs;
            metric.effective_time += elapsed;
          }
        }
        if (!ctx.status().ok()) return ctx.status();
        if (effective && observer.on_effective_rule) {
          observer.on_effective_rule(RuleApplication{
              batch.name, iteration, std::string(rule->name()), plan, after, elapsed});
        }
        plan = std::move(after);
      }
      // Fixed point: no rule of the batch changed the plan in this iteration.
      if (!batch.strategy.fixed_point || plan == batch_start) break;
    }
    position = first_position + static_cast<uint32_t>(batch.rules.size());
  }
  return plan;
}

}  // namespace planck
