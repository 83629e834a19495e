// The skew join of adaptive execution (OptimizeSkewedJoin) on skewed TPC-H data: lineitem joined
// with part on l_partkey, where l_partkey is Zipf-distributed (CALL dbgen's skew), so one shuffle
// partition holds the hot part's lines. Times the query with spark.sql.adaptive.skewJoin.enabled
// on and off, and the slowest task of the join's stage (what the skew join shortens). The
// cluster-scale thresholds are scaled to SF 1 in memory: a partition is skewed above 4 MB (and 5
// times the median), and the advisory partition size is 4 MB (Spark: 256 MB and 64 MB).
//
//   skew_join_bench [--sf 1] [--skew 1.2] [--runs 5] [--threads 2] [--partitions 200]
//                   [--set key=value ...]
//
// Prints one Markdown table row per setting (bench/RESULTS.md records the run).
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "common/status.h"
#include "fmt/format.h"
#include "physical/codegen_operators.h"
#include "physical/join_operators.h"
#include "session/query_execution.h"
#include "session/session.h"

namespace planck {
namespace {

struct Options {
  double sf = 1;
  double skew = 1.2;
  int runs = 5;
  int threads = 2;
  int partitions = 200;
  std::vector<std::string> settings;
};

struct Figures {
  std::vector<double> query_ms;
  std::vector<double> slowest_task_ms;
  size_t join_tasks = 0;
  bool skew_join = false;
  int64_t rows = 0;
};

double median(std::vector<double> values) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  size_t middle = values.size() / 2;
  return values.size() % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
}

bool containsJoin(const PhysicalPtr& plan) {
  if (plan->is<SortMergeJoinExec>() || plan->is<ShuffledHashJoinExec>()) return true;
  for (const PhysicalPtr& child : plan->children()) {
    if (!child->is<InputAdapterExec>() && containsJoin(child)) return true;
  }
  return false;
}

// The join's stage in the final plan: its codegen stage (or the join itself when interpreted),
// and whether it is a skew join.
void findJoinStage(const PhysicalPtr& plan, const PhysicalPlan*& stage, bool& skew) {
  if ((plan->is<WholeStageCodegenExec>() && containsJoin(plan->child(0))) ||
      ((plan->is<SortMergeJoinExec>() || plan->is<ShuffledHashJoinExec>()) && stage == nullptr)) {
    stage = plan.get();
  }
  if (isSkewJoin(*plan)) skew = true;
  for (const PhysicalPtr& child : displayedChildren(*plan)) findJoinStage(child, stage, skew);
}

absl::Status runOnce(Session& session, const std::string& sql, Figures& figures) {
  auto started = std::chrono::steady_clock::now();
  PLANCK_ASSIGN_OR_RETURN(std::unique_ptr<QueryExecution> query, session.query(sql));
  const absl::StatusOr<QueryResult>& result = query->executed();
  if (!result.ok()) return result.status();
  figures.query_ms.push_back(
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count());
  figures.rows = result->rowCount();
  PLANCK_ASSIGN_OR_RETURN(PhysicalPtr plan, query->explainedPlan());
  const PhysicalPlan* stage = nullptr;
  bool skew = false;
  findJoinStage(plan, stage, skew);
  figures.skew_join = skew;
  auto found = stage != nullptr ? result->metrics.find(stage) : result->metrics.end();
  if (found == result->metrics.end()) return absl::InternalError("no join stage in the plan");
  double slowest = 0;
  for (const OperatorMetrics& task : found->second.tasks) {
    slowest = std::max(slowest, static_cast<double>(task.nanos) / 1e6);
  }
  figures.slowest_task_ms.push_back(slowest);
  figures.join_tasks = found->second.tasks.size();
  return absl::OkStatus();
}

int run(const Options& options) {
  Session session;
  std::string setup = fmt::format(
      "SET planck.executor.threads = {}; SET spark.sql.files.maxPartitionBytes = 4m; "
      "CALL dbgen(sf => {}, skew => {})",
      options.threads, options.sf, options.skew);
  auto started = std::chrono::steady_clock::now();
  if (auto done = session.run(setup); !done.ok()) {
    std::cerr << "skew_join_bench: " << done.status() << "\n";
    return 1;
  }
  std::cerr << fmt::format(
      "generated SF {} with skew {} in {:.1f} s\n", options.sf, options.skew,
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  std::string settings = fmt::format(
      "SET spark.sql.autoBroadcastJoinThreshold = -1; SET spark.sql.shuffle.partitions = {}; "
      "SET spark.sql.adaptive.skewJoin.skewedPartitionThresholdInBytes = 4m; "
      "SET spark.sql.adaptive.advisoryPartitionSizeInBytes = 4m",
      options.partitions);
  for (const std::string& setting : options.settings) {
    size_t eq = setting.find('=');
    settings += fmt::format("; SET {} = {}", setting.substr(0, eq), setting.substr(eq + 1));
  }
  if (auto done = session.run(settings); !done.ok()) {
    std::cerr << "skew_join_bench: " << done.status() << "\n";
    return 1;
  }
  const std::string sql =
      "SELECT p_brand, sum(l_extendedprice), count(*) FROM lineitem JOIN part ON l_partkey = "
      "p_partkey GROUP BY p_brand";
  std::cout << "| skew join | query ms (median) | slowest join task ms | join tasks | skew join "
               "in the final plan | rows |\n|---|---:|---:|---:|---|---:|\n";
  for (const char* enabled : {"false", "true"}) {
    if (auto done = session.run(fmt::format("SET spark.sql.adaptive.skewJoin.enabled = {}", enabled));
        !done.ok()) {
      std::cerr << "skew_join_bench: " << done.status() << "\n";
      return 1;
    }
    Figures figures;
    for (int i = 0; i <= options.runs; ++i) {  // the first run warms up (compiles the stages)
      Figures once;
      if (absl::Status ran = runOnce(session, sql, once); !ran.ok()) {
        std::cerr << "skew_join_bench: " << ran << "\n";
        return 1;
      }
      if (i == 0) continue;
      figures.query_ms.push_back(once.query_ms.front());
      figures.slowest_task_ms.push_back(once.slowest_task_ms.front());
      figures.join_tasks = once.join_tasks;
      figures.skew_join = once.skew_join;
      figures.rows = once.rows;
    }
    std::cout << fmt::format("| {} | {:.1f} | {:.1f} | {} | {} | {} |\n",
                             std::string(enabled) == "true" ? "on" : "off",
                             median(figures.query_ms), median(figures.slowest_task_ms),
                             figures.join_tasks, figures.skew_join ? "yes" : "no", figures.rows)
              << std::flush;
  }
  return 0;
}

}  // namespace
}  // namespace planck

int main(int argc, char** argv) {
  planck::Options options;
  for (int i = 1; i < argc; ++i) {
    std::string argument = argv[i];
    bool has_value = i + 1 < argc;
    if (argument == "--sf" && has_value) {
      options.sf = std::atof(argv[++i]);
    } else if (argument == "--skew" && has_value) {
      options.skew = std::atof(argv[++i]);
    } else if (argument == "--runs" && has_value) {
      options.runs = std::max(1, std::atoi(argv[++i]));
    } else if (argument == "--threads" && has_value) {
      options.threads = std::atoi(argv[++i]);
    } else if (argument == "--partitions" && has_value) {
      options.partitions = std::atoi(argv[++i]);
    } else if (argument == "--set" && has_value) {
      options.settings.push_back(argv[++i]);
    } else {
      std::cerr << "usage: skew_join_bench [--sf N] [--skew S] [--runs N] [--threads N] "
                   "[--partitions N] [--set key=value ...]\n";
      return 2;
    }
  }
  return planck::run(options);
}
