#include "codegen/codegen.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <numeric>
#include <optional>

#include "absl/synchronization/mutex.h"
#include "codegen/compiler.h"
#include "codegen/expression_codegen.h"
#include "common/status.h"
#include "fmt/format.h"
#include "physical/canonical.h"
#include "physical/operators.h"

namespace planck {

// The text of runtime/codegen/planck_abi.h, embedded at build time (planck_abi_text.cc): every
// generated source is compiled with it in front, so a planck binary needs no header on disk.
extern const char kPlanckAbiHeader[];

namespace {

double millisSince(std::chrono::steady_clock::time_point started) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
      .count();
}

CompilerSettings compilerSettings(const Config& config) {
  CompilerSettings settings;
  settings.compiler = config.getString("planck.codegen.compiler");
  // Generated code needs no exceptions, RTTI, unwind tables or C++ library: without them (and
  // with only libgcc, for 128-bit division, linked) a stage compiles a third faster. memcmp and
  // the like resolve against the process when the module is loaded. Its row loops probe hash
  // tables and do not vectorize: GCC's vectorizers took a third of the time of TPC-H Q10's
  // largest stage (-ftime-report) for no gain.
  settings.flags =
      "-pipe -fno-exceptions -fno-rtti -fno-asynchronous-unwind-tables -fno-tree-vectorize "
      "-nostdlib " +
      config.getString("planck.codegen.flags");
  settings.libraries = {"-lgcc"};
  settings.cache_dir = config.getString("planck.codegen.cacheDir");
  return settings;
}

// The errors a stage's code reports by number, as the interpreter reports them.
absl::Status stageError(size_t number, const std::string& message) {
  if (number == 0) return absl::ResourceExhaustedError(message);
  return absl::OutOfRangeError(message);
}

absl::StatusOr<CompiledStagePtr> loadStage(const GeneratedStage& generated,
                                           std::shared_ptr<const CompiledModule> module) {
  auto stage = std::make_shared<CompiledStage>();
  stage->stage_id = generated.stage_id;
  auto find = [&](const std::string& name) -> absl::StatusOr<void*> {
    void* symbol = module->symbol(name);
    if (symbol == nullptr) {
      return absl::InternalError(fmt::format("{} does not export {}", module->path(), name));
    }
    return symbol;
  };
  const std::string& prefix = generated.symbol_prefix;
  PLANCK_ASSIGN_OR_RETURN(void* init, find(prefix + "_init"));
  PLANCK_ASSIGN_OR_RETURN(void* consume, find(prefix + "_consume"));
  PLANCK_ASSIGN_OR_RETURN(void* finish, find(prefix + "_finish"));
  stage->init = reinterpret_cast<CompiledStage::InitFn>(init);
  stage->consume = reinterpret_cast<CompiledStage::ConsumeFn>(consume);
  stage->finish = reinterpret_cast<CompiledStage::FinishFn>(finish);
  for (size_t j = 0; j < generated.build_sides.size(); ++j) {
    PLANCK_ASSIGN_OR_RETURN(void* build, find(fmt::format("{}_build_{}", prefix, j)));
    stage->builds.push_back(CompiledStage::HashJoinBuild{
        generated.build_sides[j], reinterpret_cast<CompiledStage::BuildFn>(build),
        generated.build_per_task[j]});
  }
  stage->module = std::move(module);
  stage->input = generated.input;
  stage->counted = generated.counted;
  for (size_t i = 0; i < generated.errors.size(); ++i) {
    stage->errors.push_back(stageError(i, generated.errors[i]));
  }
  stage->fallbacks = generated.fallbacks;
  stage->output_types = generated.output_types;
  stage->sorts = generated.sorts;
  stage->writes_partition = generated.writes_partition;
  stage->top_rows = generated.top_rows;
  return CompiledStagePtr(std::move(stage));
}

// The nodes a compiled stage refers to, in a fixed order: the stage's operators in post-order,
// each InputAdapter's child in its place (the stage's input or a broadcast side).
std::vector<const PhysicalPlan*> stageNodes(const PhysicalPtr& stage) {
  std::vector<const PhysicalPlan*> nodes;
  std::function<void(const PhysicalPtr&)> visit = [&](const PhysicalPtr& node) {
    if (node->is<InputAdapterExec>()) {
      nodes.push_back(node->child(0).get());
      return;
    }
    for (const PhysicalPtr& child : node->children()) visit(child);
    nodes.push_back(node.get());
  };
  visit(stage->child(0));
  return nodes;
}

// Stages compiled before in this process, by their canonical text and the compiler settings:
// a query whose stage has the same operators, expressions and types as one compiled before
// (another run of the same query, or another query with that stage) reuses its code without
// generating its source again. Each entry keeps its module loaded; the oldest go past 1024.
class StageTemplates {
 public:
  struct Template {
    CompiledStagePtr stage;
    size_t input = 0;                 // positions in stageNodes()
    std::vector<size_t> counted;
    std::vector<size_t> build_sides;
    size_t source_lines = 0;
  };

  static StageTemplates& instance() {
    static auto* templates = new StageTemplates();
    return *templates;
  }

  std::optional<Template> find(const std::string& key) {
    absl::MutexLock lock(&mutex_);
    auto found = entries_.find(key);
    if (found == entries_.end()) return std::nullopt;
    return found->second;
  }

  void add(const std::string& key, Template entry) {
    absl::MutexLock lock(&mutex_);
    if (entries_.contains(key)) return;
    if (order_.size() >= kCapacity) {
      entries_.erase(order_.front());
      order_.erase(order_.begin());
    }
    order_.push_back(key);
    entries_.emplace(key, std::move(entry));
  }

 private:
  static constexpr size_t kCapacity = 1024;
  absl::Mutex mutex_;
  absl::flat_hash_map<std::string, Template> entries_;
  std::vector<std::string> order_;
};

size_t positionOf(const std::vector<const PhysicalPlan*>& nodes, const PhysicalPlan* node) {
  return static_cast<size_t>(std::find(nodes.begin(), nodes.end(), node) - nodes.begin());
}

// `entry`'s code for `stage`, whose canonical text is the entry's: the same functions, pointed
// at this plan's nodes.
CompiledStagePtr instantiate(const StageTemplates::Template& entry, const PhysicalPtr& stage,
                             const std::vector<const PhysicalPlan*>& nodes) {
  auto compiled = std::make_shared<CompiledStage>(*entry.stage);
  compiled->stage_id = codegenStageIdOf(*stage);
  auto node = [&](size_t position) {
    return nodes[position]->shared_from_this();
  };
  compiled->input = node(entry.input);
  compiled->counted.clear();
  for (size_t position : entry.counted) compiled->counted.push_back(nodes[position]);
  for (size_t j = 0; j < compiled->builds.size(); ++j) {
    compiled->builds[j].side = node(entry.build_sides[j]);
  }
  return compiled;
}

// What the code of a stage depends on of its sink: the exchange's kind, count and keys; the
// top-k's limit and order. An expression that is a column of the stage counts by its position.
std::string sinkKey(const StageSink& sink, const Attributes& output) {
  auto text = [&](const ExprPtr& expr) {
    const ExprPtr& of = expr->is<SortOrder>() ? expr->child(0) : expr;
    std::string key = of->toString() + ":" + of->dataType().toString();
    if (const auto* attribute = of->as<AttributeReference>()) {
      for (size_t i = 0; i < output.size(); ++i) {
        if (output[i]->exprId() == attribute->exprId()) key = fmt::format("#{}", i);
      }
    }
    if (const auto* order = expr->as<SortOrder>()) {
      key += fmt::format("/{}{}", order->ascending() ? "asc" : "desc",
                         order->nullsFirst() ? "/first" : "/last");
    }
    return key;
  };
  std::string key;
  if (sink.exchange != nullptr) {
    key += fmt::format("exchange {} {}", static_cast<int>(sink.exchange->kind),
                       sink.exchange->num_partitions);
    for (const ExprPtr& expr : sink.exchange->expressions) key += "," + text(expr);
  }
  if (sink.take != nullptr) {
    key += fmt::format(" top {}", sink.take->limit());
    for (const ExprPtr& expr : sink.take->order()) key += "," + text(expr);
  }
  return key;
}

std::string settingsKey(const CompilerSettings& settings) {
  return fmt::format("{}|{}|{}", settings.compiler, settings.flags,
                     fmt::join(settings.libraries, " "));
}

// A stage of the query that this call compiles (StageTemplates did not have it), and what
// compiling and loading it gave.
struct PendingStage {
  PhysicalPtr stage;
  GeneratedStage generated;
  std::string template_key;
  size_t report = 0;  // its index in CompiledCode::reports
  absl::StatusOr<CompiledStagePtr> loaded = absl::UnknownError("not compiled");
  bool cache_hit = false;
  double compile_ms = 0;
  int unit = 0;
};

// A translation unit: indices into the pending stages, in stage id order.
using Unit = std::vector<size_t>;

// What the compiler gets for a unit: the ABI header once, then each stage's source without its
// #include line, inside a namespace of its own. The namespace keeps the names a stage declares
// (its state struct, an aggregate's entry type, whatever an operator adds later) apart from
// another stage's of the same unit; the exported functions keep their names, as C linkage
// ignores namespaces.
std::string unitSource(const std::vector<PendingStage>& pending, const Unit& unit) {
  std::string text = kPlanckAbiHeader;
  const std::string pragma = "#pragma once\n";  // the header is the main file's text now
  if (size_t at = text.find(pragma); at != std::string::npos) text.replace(at, pragma.size(), "");
  const std::string include = "#include \"planck_abi.h\"\n";
  for (size_t i : unit) {
    const GeneratedStage& generated = pending[i].generated;
    std::string source = generated.source;
    if (size_t at = source.find(include); at != std::string::npos) {
      source.replace(at, include.size(), "");
    }
    text += fmt::format("\nnamespace {0} {{\n{1}}}  // namespace {0}\n", generated.symbol_prefix,
                        source);
  }
  return text;
}

// `stage3`, or `stages 2, 5`: how messages and temp files name a unit.
std::string unitName(const std::vector<PendingStage>& pending, const Unit& unit) {
  std::vector<int> ids;
  for (size_t i : unit) ids.push_back(pending[i].generated.stage_id);
  if (ids.size() == 1) return fmt::format("stage{}", ids.front());
  return fmt::format("stages {}", fmt::join(ids, ", "));
}

// Compiles `units` in parallel (numbered from `first_number`) and loads each of their stages.
void compileUnits(std::vector<PendingStage>& pending, const std::vector<Unit>& units,
                  int first_number, const CompilerSettings& settings) {
  std::vector<CompileRequest> requests;
  for (const Unit& unit : units) {
    requests.push_back(CompileRequest{unitName(pending, unit), unitSource(pending, unit)});
  }
  std::vector<CompileOutcome> outcomes = compileModules(requests, settings);
  for (size_t u = 0; u < units.size(); ++u) {
    const CompileOutcome& outcome = outcomes[u];
    for (size_t i : units[u]) {
      PendingStage& stage = pending[i];
      stage.loaded = outcome.module != nullptr ? loadStage(stage.generated, outcome.module)
                                               : absl::StatusOr<CompiledStagePtr>(outcome.status);
      stage.cache_hit = outcome.cache_hit;
      stage.compile_ms = outcome.compile_ms;
      stage.unit = first_number + static_cast<int>(u);
    }
  }
}

// Compiles the pending stages in at most `units` translation units. A stage of a unit of several
// may fail for another stage's code: those are compiled again one per unit, so only a stage
// whose own code fails falls back, with its own compiler message. Not when the compiler cannot
// be run or the cache cannot be written (FailedPrecondition): that fails every unit alike.
void compilePending(std::vector<PendingStage>& pending, size_t units,
                    const CompilerSettings& settings) {
  // Balanced by source size, which the compile time follows, so that the units finish together;
  // each pays the compiler's start-up (driver, cc1plus, as and ld: 20-30 ms) once.
  std::vector<size_t> sizes;
  for (const PendingStage& stage : pending) sizes.push_back(stage.generated.source.size());
  std::vector<Unit> packed = packBySize(sizes, units);
  compileUnits(pending, packed, 1, settings);
  std::vector<Unit> alone;
  for (const Unit& unit : packed) {
    if (unit.size() < 2) continue;
    for (size_t i : unit) {
      const absl::StatusOr<CompiledStagePtr>& loaded = pending[i].loaded;
      if (!loaded.ok() && !absl::IsFailedPrecondition(loaded.status())) alone.push_back({i});
    }
  }
  if (!alone.empty()) compileUnits(pending, alone, static_cast<int>(packed.size()) + 1, settings);
}

// Keeps a compiled stage for later queries with the same stage, by the positions of the nodes
// it reads.
void rememberTemplate(const PendingStage& pending, size_t source_lines) {
  std::vector<const PhysicalPlan*> nodes = stageNodes(pending.stage);
  const GeneratedStage& generated = pending.generated;
  StageTemplates::Template entry;
  entry.stage = *pending.loaded;
  entry.input = positionOf(nodes, generated.input.get());
  for (const PhysicalPlan* counted : generated.counted) {
    entry.counted.push_back(positionOf(nodes, counted));
  }
  for (const PhysicalPtr& side : generated.build_sides) {
    entry.build_sides.push_back(positionOf(nodes, side.get()));
  }
  entry.source_lines = source_lines;
  bool placeable = entry.input < nodes.size();
  for (size_t position : entry.counted) placeable = placeable && position < nodes.size();
  for (size_t position : entry.build_sides) placeable = placeable && position < nodes.size();
  // A subquery's value is looked up by its expression, which belongs to this query.
  for (const ExprPtr& fallback : generated.fallbacks) {
    placeable = placeable && !isQueryConstant(fallback);
  }
  if (placeable) StageTemplates::instance().add(pending.template_key, std::move(entry));
}

// setCompileUnitsForTesting's number; 0: compilerParallelism().
std::atomic<int> compile_units_for_testing{0};

}  // namespace

size_t lineCount(const std::string& text) {
  size_t lines = 0;
  for (char c : text) lines += c == '\n' ? 1 : 0;
  return lines;
}

std::vector<PhysicalPtr> codegenStagesOf(const PhysicalPtr& plan) {
  std::vector<PhysicalPtr> stages;
  std::function<void(const PhysicalPtr&)> visit = [&](const PhysicalPtr& node) {
    for (const PhysicalPtr& child : node->children()) visit(child);
    if (node->is<WholeStageCodegenExec>()) stages.push_back(node);
  };
  visit(plan);
  std::sort(stages.begin(), stages.end(), [](const PhysicalPtr& a, const PhysicalPtr& b) {
    return codegenStageIdOf(*a) < codegenStageIdOf(*b);
  });
  return stages;
}

absl::StatusOr<std::vector<GeneratedStage>> generateStages(const PhysicalPtr& plan) {
  std::vector<GeneratedStage> generated;
  std::map<const PhysicalPlan*, StageSink> sinks = stageSinks(plan);
  for (const PhysicalPtr& stage : codegenStagesOf(plan)) {
    PLANCK_ASSIGN_OR_RETURN(GeneratedStage code, generateStage(stage, sinks[stage.get()]));
    generated.push_back(std::move(code));
  }
  return generated;
}

std::vector<std::vector<size_t>> packBySize(const std::vector<size_t>& sizes, size_t bins) {
  std::vector<size_t> biggest_first(sizes.size());
  std::iota(biggest_first.begin(), biggest_first.end(), 0);
  std::stable_sort(biggest_first.begin(), biggest_first.end(),
                   [&](size_t a, size_t b) { return sizes[a] > sizes[b]; });
  std::vector<std::vector<size_t>> packed(std::min(bins, sizes.size()));
  std::vector<size_t> bin_sizes(packed.size(), 0);
  for (size_t item : biggest_first) {
    size_t smallest = static_cast<size_t>(std::min_element(bin_sizes.begin(), bin_sizes.end()) -
                                          bin_sizes.begin());
    packed[smallest].push_back(item);
    bin_sizes[smallest] += sizes[item];
  }
  for (std::vector<size_t>& bin : packed) std::sort(bin.begin(), bin.end());
  return packed;
}

void setCompileUnitsForTesting(int units) { compile_units_for_testing.store(units); }

absl::StatusOr<std::shared_ptr<const CompiledCode>> compileStages(const PhysicalPtr& plan,
                                                                  const Config& config) {
  auto started = std::chrono::steady_clock::now();
  auto code = std::make_shared<CompiledCode>();
  bool fallback = config.getBool("spark.sql.codegen.fallback");
  CompilerSettings settings = compilerSettings(config);
  std::string settings_key = settingsKey(settings);
  std::vector<PendingStage> pending;
  std::map<const PhysicalPlan*, StageSink> sinks = stageSinks(plan);
  for (const PhysicalPtr& stage : codegenStagesOf(plan)) {
    StageSink sink = sinks[stage.get()];
    StageReport report;
    report.stage_id = codegenStageIdOf(*stage);
    report.node = stage.get();
    auto generating = std::chrono::steady_clock::now();
    std::string key = PlanCanonicalizer(
                          [](const PhysicalPlan& node) { return node.is<InputAdapterExec>(); },
                          true)
                          .textOf(stage) +
                      "|" + sinkKey(sink, stage->output()) + "|" + settings_key;
    if (std::optional<StageTemplates::Template> cached = StageTemplates::instance().find(key)) {
      (*code->stages)[stage.get()] = instantiate(*cached, stage, stageNodes(stage));
      report.compiled = true;
      report.cache_hit = true;
      report.source_lines = cached->source_lines;
      report.compile_ms = millisSince(generating);
      code->reports.push_back(std::move(report));
      continue;
    }
    absl::StatusOr<GeneratedStage> source;
    {
      // Ids in the code's comments would make every query's source (and cache key) new.
      ScopedNormalizedIds ids(true);
      source = generateStage(stage, sink);
    }
    report.generate_ms = millisSince(generating);
    if (!source.ok()) {
      if (!fallback) return source.status();
      report.fallback_reason = source.status();
    } else {
      report.source_lines = lineCount(source->source);
      pending.push_back(PendingStage{.stage = stage,
                                     .generated = *std::move(source),
                                     .template_key = std::move(key),
                                     .report = code->reports.size()});
    }
    code->reports.push_back(std::move(report));
  }
  if (!pending.empty()) {
    int units = compile_units_for_testing.load();
    compilePending(pending, units > 0 ? units : compilerParallelism(), settings);
  }
  for (PendingStage& stage : pending) {
    StageReport& report = code->reports[stage.report];
    report.cache_hit = stage.cache_hit;
    report.compile_ms = stage.compile_ms;
    report.unit = stage.unit;
    if (!stage.loaded.ok()) {
      if (!fallback) {
        return absl::Status(
            stage.loaded.status().code(),
            fmt::format("WholeStageCodegen ({}) did not compile "
                        "(spark.sql.codegen.fallback is false): {}",
                        report.stage_id, std::string(stage.loaded.status().message())));
      }
      report.fallback_reason = stage.loaded.status();
      continue;
    }
    report.compiled = true;
    rememberTemplate(stage, report.source_lines);
    (*code->stages)[report.node] = *stage.loaded;
  }
  code->wall_ms = millisSince(started);
  return std::shared_ptr<const CompiledCode>(std::move(code));
}

}  // namespace planck
