#include "explain/aqe_timeline.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "common/strings.h"
#include "explain/plan_json.h"
#include "fmt/format.h"
#include "optimizer/statistics.h"
#include "physical/adaptive_operators.h"
#include "physical/codegen_operators.h"
#include "physical/exchange_operators.h"

namespace planck {
namespace {

// How many times the larger of two figures is the smaller (at least 1 each).
double factor(double estimate, double observed) {
  return std::max(estimate, observed) / std::max(std::min(estimate, observed), 1.0);
}

// `600x fewer rows than estimated`: what misestimated() found.
std::string misestimate(const StageObservation& seen) {
  bool rows = seen.estimated_rows.has_value();
  double estimate = rows ? *seen.estimated_rows : seen.estimated_bytes;
  double observed = static_cast<double>(rows ? seen.observed_rows : seen.observed_bytes);
  if (observed == 0) return "empty, where more was estimated";
  return fmt::format("{:.0f}x {} {} than estimated", factor(estimate, observed),
                     observed < estimate ? "fewer" : "more", rows ? "rows" : "bytes");
}

// The operators of `plan` without what adaptive execution adds around them (query stages are
// their exchanges, a reused exchange is the exchange it reuses, shuffle reads and codegen
// stages are left out), one line each, indented by depth: the initial plan's shape when
// re-planning changed nothing.
void appendOutline(const PhysicalPtr& plan, int depth, std::string& out) {
  if (const QueryStageExec* stage = asQueryStage(*plan))
    return appendOutline(stage->plan(), depth, out);
  if (const auto* reused = plan->as<ReusedExchangeExec>())
    return appendOutline(reused->exchange(), depth, out);
  if (plan->is<AQEShuffleReadExec>() || plan->is<WholeStageCodegenExec>() ||
      plan->is<InputAdapterExec>()) {
    return appendOutline(plan->child(0), depth, out);
  }
  out += std::string(static_cast<size_t>(depth) * 2, ' ') + plan->simpleString() + "\n";
  for (const PhysicalPtr& child : displayedChildren(*plan)) appendOutline(child, depth + 1, out);
}

bool finalPlanDiffers(const AdaptiveRun& run) {
  if (run.initial_plan == nullptr || run.final_plan == nullptr) return false;
  ScopedNormalizedIds ids(true);
  std::string initial, final_plan;
  appendOutline(run.initial_plan, 0, initial);
  appendOutline(run.final_plan, 0, final_plan);
  return initial != final_plan;
}

// The query stage `id` in `plan`, or null.
const QueryStageExec* findStage(const PhysicalPtr& plan, int id) {
  if (plan == nullptr) return nullptr;
  if (const QueryStageExec* stage = asQueryStage(*plan); stage != nullptr && stage->id() == id)
    return stage;
  for (const PhysicalPtr& child : displayedChildren(*plan)) {
    if (const QueryStageExec* found = findStage(child, id)) return found;
  }
  return nullptr;
}

// The trigger's exchange line, printed again from the step's plan so that ids follow the
// options (the recorded line has the ids of the run).
std::string exchangeLine(const ReplanStep& step, const StageObservation& seen,
                         const AqeTimelineOptions& options) {
  const QueryStageExec* stage = findStage(step.before, seen.stage_id);
  if (stage == nullptr) return seen.exchange;
  ScopedNormalizedIds ids(options.normalize_ids);
  return stage->exchange()->simpleString();
}

// What the cost evaluator's figures made of a step (AdaptiveExecutor::replan's rule: cheaper, or
// as cheap and different).
std::string verdict(const ReplanStep& step, bool plan_changed) {
  if (step.adopted) {
    return step.cost_after < step.cost_before ? "adopted: cheaper"
                                              : "adopted: as cheap, and a different plan";
  }
  if (step.cost_after > step.cost_before) return "kept the current plan: the new one costs more";
  return plan_changed ? "kept the current plan: the new one is not cheaper"
                      : "kept the current plan: re-planning gave the same plan";
}

std::string plural(size_t count, std::string_view one, std::string_view many) {
  return fmt::format("{} {}", count, count == 1 ? one : many);
}

// How the final plan reads the shuffle stages it reads through an AQEShuffleRead, by stage id:
// `read by AQEShuffleRead coalesced (200 partitions in 1 task)`. The stage creations do not
// say: a read is made with the stage that reads it, or with the final stage.
void collectReads(const PhysicalPtr& plan, std::set<const PhysicalPlan*>& seen,
                  std::map<int, std::vector<std::string>>& reads) {
  if (!seen.insert(plan.get()).second) return;
  if (const auto* read = plan->as<AQEShuffleReadExec>()) {
    if (const QueryStageExec* stage = asQueryStage(*plan->child(0))) {
      std::string partitions =
          stage->result() == nullptr
              ? std::string("its partitions")
              : plural(stage->result()->partition_bytes.size(), "partition", "partitions");
      reads[stage->id()].push_back(fmt::format("read by {} ({} in {})", read->simpleString(),
                                               partitions,
                                               plural(read->specs().size(), "task", "tasks")));
    }
  }
  // A reused exchange's plan is the one its first stage ran, reads included.
  if (const auto* reused = plan->as<ReusedExchangeExec>())
    collectReads(reused->exchange(), seen, reads);
  for (const PhysicalPtr& child : displayedChildren(*plan)) collectReads(child, seen, reads);
}

std::map<int, std::vector<std::string>> readsByStage(const AdaptiveRun& run) {
  std::map<int, std::vector<std::string>> reads;
  std::set<const PhysicalPlan*> seen;
  if (run.final_plan != nullptr) collectReads(run.final_plan, seen, reads);
  return reads;
}

std::string jsonNumber(double value) {
  return std::isfinite(value) ? fmt::format("{}", value) : "null";
}

std::string jsonStrings(const std::vector<std::string>& texts) {
  std::string out = "[";
  for (size_t i = 0; i < texts.size(); ++i) out += (i > 0 ? ", " : "") + jsonString(texts[i]);
  return out + "]";
}

}  // namespace

bool misestimated(const StageObservation& seen) {
  if (seen.estimated_rows.has_value()) {
    return factor(*seen.estimated_rows, static_cast<double>(seen.observed_rows)) >= 10;
  }
  if (seen.estimated_bytes < 0) return false;
  return factor(seen.estimated_bytes, static_cast<double>(seen.observed_bytes)) >= 10;
}

std::string aqeSummary(const AdaptiveRun& run) {
  size_t reused = static_cast<size_t>(std::count_if(
      run.stages.begin(), run.stages.end(), [](const StageCreation& s) { return s.reused; }));
  size_t adopted = static_cast<size_t>(std::count_if(
      run.timeline.begin(), run.timeline.end(), [](const ReplanStep& s) { return s.adopted; }));
  return fmt::format("Adaptive execution: {}{}, {}, {} adopted; {}",
                     plural(run.stages.size(), "query stage", "query stages"),
                     reused > 0 ? fmt::format(" ({} reused)", reused) : "",
                     plural(run.timeline.size(), "re-plan", "re-plans"), adopted,
                     finalPlanDiffers(run)
                         ? "the final plan differs from the initial plan"
                         : "the final plan is the initial plan, run stage by stage");
}

std::string aqeTimelineText(const AdaptiveRun& run, const AqeTimelineOptions& options) {
  std::string out = aqeSummary(run) + "\n";
  for (const ReplanStep& step : run.timeline) {
    std::vector<std::string> diff = physicalPlanLineDiff(step.before, step.after, options.context);
    out += fmt::format("\nRe-plan {}: {}\n", step.step,
                       step.adopted ? "adopted" : "kept the current plan");
    out += fmt::format("  after {} ran:\n",
                       plural(step.triggers.size(), "query stage", "query stages"));
    for (const StageObservation& seen : step.triggers) {
      out += "    " + seen.stage;
      if (misestimated(seen)) out += "  misestimated: " + misestimate(seen);
      out += "\n      " + exchangeLine(step, seen, options) + "\n      estimated ";
      if (seen.estimated_bytes < 0) {
        out += "nothing";
      } else {
        out += bytesToString(seen.estimated_bytes);
        if (seen.estimated_rows) {
          out += fmt::format(", {:.0f} row{}", *seen.estimated_rows,
                             *seen.estimated_rows == 1 ? "" : "s");
        }
      }
      out += fmt::format("; observed {}, {}; {}, {} non-empty\n",
                         bytesToString(static_cast<double>(seen.observed_bytes)),
                         plural(static_cast<size_t>(seen.observed_rows), "row", "rows"),
                         plural(static_cast<size_t>(seen.partitions), "partition", "partitions"),
                         seen.non_empty_partitions);
    }
    // Without a rule, a change is the planner's: it planned again from the observed sizes (a
    // broadcast join for a side that turned out small).
    out += "  rules: " +
           (!step.rules.empty() ? join(step.rules, ", ")
            : diff.empty()      ? std::string("none")
                           : std::string("none; the planner chose anew from the observed sizes")) +
           "\n";
    out += fmt::format("  cost ({}): {:g} -> {:g}, {}\n",
                       run.cost_evaluator.empty() ? "cost evaluator" : run.cost_evaluator,
                       step.cost_before, step.cost_after, verdict(step, !diff.empty()));
    if (diff.empty()) {
      out += "  plan: unchanged\n";
      continue;
    }
    out += step.adopted ? "  plan:\n" : "  plan (not adopted):\n";
    for (const std::string& line : diff) out += "    " + line + "\n";
  }
  if (!run.stages.empty()) out += "\nQuery stages:\n";
  std::map<int, std::vector<std::string>> reads = readsByStage(run);
  for (const StageCreation& stage : run.stages) {
    std::vector<std::string> what;
    if (stage.reused) {
      what.push_back(stage.reused_stage_id >= 0
                         ? fmt::format("reuses stage {}: an equal exchange ran there",
                                       stage.reused_stage_id)
                         : std::string("reused: an equal exchange had run"));
    }
    if (!stage.rules.empty()) what.push_back("rules " + join(stage.rules, ", "));
    what.insert(what.end(), reads[stage.stage_id].begin(), reads[stage.stage_id].end());
    out += fmt::format("  {}: {}\n", stage.stage, what.empty() ? "as planned" : join(what, "; "));
  }
  if (!run.final_rules.empty()) {
    out += fmt::format("\nFinal stage: rules {}\n", join(run.final_rules, ", "));
  }
  return out;
}

std::string aqeTimelineJson(const AdaptiveRun& run, const AqeTimelineOptions& options) {
  size_t reused = 0, adopted = 0;
  for (const StageCreation& stage : run.stages) reused += stage.reused ? 1 : 0;
  for (const ReplanStep& step : run.timeline) adopted += step.adopted ? 1 : 0;
  std::string out = "{\n";
  out += fmt::format("  \"summary\": {},\n", jsonString(aqeSummary(run)));
  out += fmt::format("  \"stages\": {}, \"reused_stages\": {}, \"replans\": {}, \"adopted\": {},\n",
                     run.stages.size(), reused, run.timeline.size(), adopted);
  out += fmt::format("  \"final_plan_differs\": {},\n", finalPlanDiffers(run));
  out += "  \"timeline\": [";
  for (size_t k = 0; k < run.timeline.size(); ++k) {
    const ReplanStep& step = run.timeline[k];
    std::vector<std::string> diff = physicalPlanLineDiff(step.before, step.after, options.context);
    out += k > 0 ? ",\n    {" : "\n    {";
    out += fmt::format(
        "\"step\": {}, \"adopted\": {}, \"verdict\": {}, \"cost_before\": {}, \"cost_after\": {}, "
        "\"rules\": {},\n     \"triggers\": [",
        step.step, step.adopted, jsonString(verdict(step, !diff.empty())),
        jsonNumber(step.cost_before), jsonNumber(step.cost_after), jsonStrings(step.rules));
    for (size_t t = 0; t < step.triggers.size(); ++t) {
      const StageObservation& seen = step.triggers[t];
      out += fmt::format(
          "{}\n       {{\"stage_id\": {}, \"stage\": {}, \"exchange\": {}, \"estimated_bytes\": "
          "{}, "
          "\"estimated_rows\": {}, \"observed_bytes\": {}, \"observed_rows\": {}, "
          "\"partitions\": {}, \"non_empty_partitions\": {}, \"misestimated\": {}}}",
          t > 0 ? "," : "", seen.stage_id, jsonString(seen.stage),
          jsonString(exchangeLine(step, seen, options)),
          seen.estimated_bytes < 0 ? "null" : jsonNumber(seen.estimated_bytes),
          seen.estimated_rows ? jsonNumber(*seen.estimated_rows) : "null", seen.observed_bytes,
          seen.observed_rows, seen.partitions, seen.non_empty_partitions, misestimated(seen));
    }
    out += fmt::format("],\n     \"plan_diff\": {}}}", jsonStrings(diff));
  }
  out += run.timeline.empty() ? "],\n" : "\n  ],\n";
  out += "  \"query_stages\": [";
  std::map<int, std::vector<std::string>> reads = readsByStage(run);
  for (size_t k = 0; k < run.stages.size(); ++k) {
    const StageCreation& stage = run.stages[k];
    out += fmt::format(
        "{}\n    {{\"stage_id\": {}, \"stage\": {}, \"rules\": {}, \"reused\": {}, \"reads\": {}}}",
        k > 0 ? "," : "", stage.stage_id, jsonString(stage.stage), jsonStrings(stage.rules),
        stage.reused, jsonStrings(reads[stage.stage_id]));
  }
  out += run.stages.empty() ? "]\n}\n" : "\n  ]\n}\n";
  return out;
}

}  // namespace planck
