#include "optimizer/rule_executor.h"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <exception>

#include "common/status.h"
#include "fmt/format.h"

namespace planck {

namespace {

// Numbers executor runs for rule-id pruning: marks made in one run are not trusted by another.
// 0 means "no pruning", so it is skipped when the counter wraps.
uint32_t nextRun() {
  static std::atomic<uint32_t> counter{0};
  uint32_t run = counter.fetch_add(1, std::memory_order_relaxed) + 1;
  return run != 0 ? run : counter.fetch_add(1, std::memory_order_relaxed) + 1;
}

// Runs one rule. An exception escaping a rule is a bug in that rule: it becomes an internal
// error naming the rule (the trace recorded so far is the observer's and survives).
absl::StatusOr<PlanPtr> applyRule(const Rule& rule, const PlanPtr& plan, RuleContext& ctx) {
  try {
    return rule.apply(plan, ctx);
  } catch (const std::exception& error) {
    return absl::InternalError(fmt::format("rule {} failed: {}", rule.name(), error.what()));
  } catch (...) {
    return absl::InternalError(
        fmt::format("rule {} failed with an unknown exception", rule.name()));
  }
}

// The iteration cap of a fixed-point batch: its own, or spark.sql.optimizer.maxIterations.
int maxIterations(const BatchStrategy& strategy, const RuleContext& ctx) {
  if (!strategy.fixed_point || strategy.max_iterations > 0) return strategy.max_iterations;
  return static_cast<int>(ctx.config().getInt("spark.sql.optimizer.maxIterations"));
}

}  // namespace

absl::StatusOr<PlanPtr> RuleExecutor::execute(PlanPtr plan, RuleContext& ctx,
                                              const ExecutionObserver& observer) const {
  using Clock = std::chrono::steady_clock;
  // Timing costs two clock reads per rule application: only when someone looks at it.
  const bool timed = observer.metrics != nullptr || static_cast<bool>(observer.on_effective_rule);
  uint32_t position = 0;
  const bool notes_wanted_before = ctx.notesWanted();
  ctx.setNotesWanted(notes_wanted_before || static_cast<bool>(observer.on_effective_rule) ||
                     static_cast<bool>(observer.on_unchanged_with_notes));
  struct RestoreNotesWanted {
    RuleContext& ctx;
    bool wanted;
    ~RestoreNotesWanted() { ctx.setNotesWanted(wanted); }
  } restore_notes_wanted{ctx, notes_wanted_before};
  // Metrics are counted per rule position and added to observer.metrics by name once, when
  // the execution ends (a map lookup by name per rule application cost more than the rule).
  std::vector<RuleMetric> counters;
  if (observer.metrics != nullptr) {
    size_t rules = 0;
    for (const RuleBatch& batch : batches_) rules += batch.rules.size();
    counters.resize(rules);
  }
  struct Flush {
    const std::vector<RuleBatch>& batches;
    const std::vector<RuleMetric>& counters;
    RuleMetrics* metrics;
    ~Flush() {
      if (metrics == nullptr) return;
      size_t i = 0;
      for (const RuleBatch& batch : batches) {
        for (const RulePtr& rule : batch.rules) {
          const RuleMetric& counted = counters[i++];
          if (counted.runs == 0) continue;
          addRuleMetric(*metrics, rule->name(), counted);
        }
      }
    }
  } flush{batches_, counters, observer.metrics};
  for (const RuleBatch& batch : batches_) {
    const uint32_t first_position = position;
    const int max_iterations = maxIterations(batch.strategy, ctx);
    // A rule's pruning marks only help the same rule in a later iteration of the same batch
    // run, so each run of a batch that iterates draws its own run number, and a rule's position
    // in its batch is its bit: the first 32 rules of every fixed-point batch prune.
    const uint32_t run = max_iterations > 1 ? nextRun() : 0;
    const PlanPtr batch_before = plan;
    // The plans this batch ended its iterations with, to tell a fixed point reached through
    // new but equal nodes, and a cycle of rules undoing each other, from progress.
    std::vector<PlanPtr> seen;
    for (int iteration = 1; iteration <= max_iterations; ++iteration) {
      PlanPtr batch_start = plan;
      position = first_position;
      for (const RulePtr& rule : batch.rules) {
        const uint32_t bit = position - first_position;
        ctx.setRuleMark(run != 0 && bit < 32 ? RuleMark{run, bit} : RuleMark{});
        ++position;
        auto started = timed ? Clock::now() : Clock::time_point{};
        absl::StatusOr<PlanPtr> applied = applyRule(*rule, plan, ctx);
        if (!applied.ok()) return applied.status();
        PlanPtr after = *std::move(applied);
        auto elapsed =
            timed ? std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - started)
                  : std::chrono::nanoseconds{0};
        bool effective = after != plan;
        if (observer.metrics != nullptr) {
          RuleMetric& metric = counters[position - 1];
          ++metric.runs;
          metric.total_time += elapsed;
          if (effective) {
            ++metric.effective_runs;
            metric.effective_time += elapsed;
          }
        }
        if (!ctx.status().ok()) return ctx.status();
        if (effective && validator_) {
          if (absl::Status valid = validator_(plan, after); !valid.ok()) {
            return absl::InternalError(
                fmt::format("rule {} (batch {}, iteration {}) broke the plan: {}", rule->name(),
                            batch.name, iteration, toStd(valid.message())));
          }
        }
        std::vector<std::string> notes = ctx.takeNotes();
        if (effective && observer.on_effective_rule) {
          observer.on_effective_rule(RuleApplication{batch.name, iteration,
                                                     std::string(rule->name()), plan, after,
                                                     elapsed, {}, std::move(notes)});
        } else if (!effective && !notes.empty() && observer.on_unchanged_with_notes) {
          observer.on_unchanged_with_notes(RuleApplication{batch.name, iteration,
                                                           std::string(rule->name()), plan, after,
                                                           elapsed, {}, std::move(notes)});
        }
        plan = std::move(after);
      }
      if (!batch.strategy.fixed_point) break;
      // Fixed point: no rule changed the plan (same pointer), or the plan equals the one this
      // iteration started from (a structural signature: cached hash, then equality).
      if (plan == batch_start) break;
      auto same = [&](const PlanPtr& other) {
        return other->hash() == plan->hash() && other->equals(*plan);
      };
      if (same(batch_start)) break;
      // A cycle: the plan is one an earlier iteration ended with; going on would repeat it.
      if (std::any_of(seen.begin(), seen.end(), same)) {
        if (observer.on_warning) {
          observer.on_warning(
              fmt::format("Rules of batch {} undo each other: iteration {} gave the plan of an "
                          "earlier iteration; the batch stops there.",
                          batch.name, iteration));
        }
        break;
      }
      seen.push_back(batch_start);
      if (iteration == max_iterations && observer.on_warning) {
        // Spark's wording.
        observer.on_warning(
            fmt::format("Max iterations ({}) reached for batch {}, please set "
                        "'spark.sql.optimizer.maxIterations' to a larger value.",
                        max_iterations, batch.name));
      }
    }
    position = first_position + static_cast<uint32_t>(batch.rules.size());
    if (observer.on_batch_end) observer.on_batch_end(batch.name, batch_before, plan);
  }
  return plan;
}

}  // namespace planck
