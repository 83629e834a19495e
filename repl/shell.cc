#include "repl/shell.h"

#include <algorithm>
#include <chrono>
#include <cstring>

#include "common/errors.h"
#include "common/status.h"
#include "common/strings.h"
#include "explain/aqe_timeline.h"
#include "explain/graphviz.h"
#include "explain/physical_plan_diff.h"
#include "explain/plan_diff.h"
#include "explain/plan_dot.h"
#include "explain/rule_trace_html.h"
#include "fmt/format.h"
#include "optimizer/optimizer.h"

namespace planck {
namespace {

constexpr const char* kHelp = R"(Statements end with ';' and may span lines. Dot-commands:
  .help              this text
  .tables            list tables and views
  .schema [table]    show CREATE TABLE statements
  .timer on|off      print the time of each phase after each statement
  .mode box|csv|line|json
                     how results print (default box)
  .output [FILE]     write results to FILE; without FILE, back to the screen
  .import [--csv|--tbl|--tsv] [--header] [--delimiter C] FILE TABLE
                     load FILE into TABLE (COPY); the format follows the extension
                     (.tbl: '|' with a '|' ending each line, .tsv: tabs, else CSV)
  .rules             per-rule runs and time of this session's analyzer and optimizer
  .graph QUERY [> FILE]
                     the optimized plan as a Graphviz graph: DOT text, or FILE by its
                     extension (.dot, .svg, .png; the last two need Graphviz `dot`)
  .diff [--set KEY=VALUE]... QUERY [> FILE]
                     what the optimizer changed: the analyzed and the optimized plan as a
                     unified diff; with --set, the optimized plan under the current settings
                     against the one under the changed settings (the session keeps its own);
                     FILE (.dot, .svg, .png) gets the coloured diff graph
  .trace QUERY [> FILE.html]
                     one HTML page stepping through every rule that changed the plan, with
                     its diff graph (default file: trace.html); a query that runs adaptively
                     is run, and the page ends with its adaptive execution
  .aqe [json]        how adaptive execution re-planned the last query: each re-plan with the
                     stages that triggered it (estimated vs observed size), the rules, the
                     costs and the plan lines it changed; then the query stages made
  .diff aqe [> FILE] the last adaptive query's initial and final physical plans: the lines
                     that differ, or FILE (.dot, .svg, .png) with both plans side by side
  .quit              leave the shell (also .exit, Ctrl-D)
QUERY is one line; the '>' before FILE may be left out.
Try: EXPLAIN EXTENDED SELECT n_name FROM nation WHERE n_regionkey = 1;
)";

constexpr const char* kKeywords[] = {
    "SELECT",     "FROM",    "WHERE",     "GROUP",    "BY",        "HAVING",    "ORDER",
    "LIMIT",      "OFFSET",  "JOIN",      "INNER",    "LEFT",      "RIGHT",     "FULL",
    "OUTER",      "CROSS",   "SEMI",      "ANTI",     "ON",        "USING",     "AS",
    "AND",        "OR",      "NOT",       "IN",       "EXISTS",    "BETWEEN",   "LIKE",
    "IS",         "NULL",    "CASE",      "WHEN",     "THEN",      "ELSE",      "END",
    "CAST",       "EXTRACT", "SUBSTRING", "DISTINCT", "UNION",     "INTERSECT", "EXCEPT",
    "ALL",        "WITH",    "EXPLAIN",   "EXTENDED", "FORMATTED", "CODEGEN",   "COST",
    "VERBOSE",    "ANALYZE", "SET",       "RESET",    "CREATE",    "TABLE",     "VIEW",
    "DROP",       "INSERT",  "INTO",      "VALUES",   "SHOW",      "TABLES",    "DESCRIBE",
    "ROLLUP",     "CUBE",    "GROUPING",  "SETS",     "OVER",      "PARTITION", "ASC",
    "DESC",       "NULLS",   "FIRST",     "LAST",     "DATE",      "INTERVAL",  "COMPUTE",
    "STATISTICS", "COLUMNS"};

std::string seconds(std::chrono::nanoseconds time) {
  return fmt::format("{:.3f} ms", static_cast<double>(time.count()) / 1e6);
}

// The arguments of .graph, .diff and .trace: `[--set KEY=VALUE]... QUERY [[>] FILE]`.
struct GraphArguments {
  std::vector<std::pair<std::string, std::string>> settings;
  std::string query;
  std::string file;  // "" when none was given
};

bool hasExtension(std::string_view word, const std::vector<std::string_view>& extensions) {
  std::string lower = toLower(word);
  for (std::string_view ext : extensions) {
    if (lower.size() > ext.size() && lower.ends_with(ext)) return true;
  }
  return false;
}

std::string_view trimSemicolons(std::string_view text) {
  text = trim(text);
  while (!text.empty() && text.back() == ';') text = trim(text.substr(0, text.size() - 1));
  return text;
}

// Splits `rest`: leading `--set KEY=VALUE` pairs when `allow_settings`, a trailing file name
// (with one of `extensions`, after an optional '>'), and the query in between.
absl::StatusOr<GraphArguments> parseGraphArguments(
    std::string_view rest, bool allow_settings, const std::vector<std::string_view>& extensions) {
  GraphArguments args;
  rest = trimSemicolons(rest);
  while (allow_settings && rest.starts_with("--set")) {
    rest = trim(rest.substr(5));
    size_t space = rest.find_first_of(" \t");
    std::string_view pair = rest.substr(0, space);
    size_t equals = pair.find('=');
    if (equals == std::string_view::npos || equals == 0) {
      return absl::InvalidArgumentError("--set needs KEY=VALUE");
    }
    args.settings.emplace_back(std::string(pair.substr(0, equals)),
                               std::string(pair.substr(equals + 1)));
    rest = space == std::string_view::npos ? "" : trim(rest.substr(space));
  }
  // The last word names the file when it has a file extension; `>` before it is optional, and
  // a `>` elsewhere is the query's (a > b).
  size_t last_space = rest.find_last_of(" \t>");
  std::string_view last = last_space == std::string_view::npos ? rest : rest.substr(last_space + 1);
  if (hasExtension(last, extensions)) {
    args.file = std::string(last);
    rest = trim(rest.substr(0, rest.size() - last.size()));
    if (rest.ends_with('>')) rest = trim(rest.substr(0, rest.size() - 1));
  } else if (hasExtension(last, {".dot", ".gv", ".svg", ".png", ".html", ".htm", ".pdf"})) {
    std::string allowed;
    for (std::string_view ext : extensions)
      allowed += (allowed.empty() ? "" : ", ") + std::string(ext);
    return absl::InvalidArgumentError(
        fmt::format("cannot write {}: use a file ending in {}", last, allowed));
  }
  args.query = std::string(trimSemicolons(rest));
  if (args.query.empty()) return absl::InvalidArgumentError("missing the query");
  return args;
}

}  // namespace

size_t completeStatementsEnd(std::string_view text) {
  size_t end = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\'' || c == '"' || c == '`') {
      size_t close = i + 1;
      while (close < text.size() && text[close] != c) ++close;
      i = close;  // an unterminated quote runs to the end: the statement is incomplete
    } else if (c == '-' && i + 1 < text.size() && text[i + 1] == '-') {
      while (i < text.size() && text[i] != '\n') ++i;
    } else if (c == '/' && i + 1 < text.size() && text[i + 1] == '*') {
      size_t close = text.find("*/", i + 2);
      if (close == std::string_view::npos) return end;
      i = close + 1;
    } else if (c == ';') {
      end = i + 1;
    }
  }
  return end;
}

Shell::Shell(Session& session, std::ostream& out, std::ostream& err)
    : session_(session), out_(out), err_(err) {
  session_.setCancellation(&cancellation_);
}

void Shell::printTable(const ResultTable& table, std::ostream& out) {
  renderTable(table, OutputMode::kBox, out, SIZE_MAX);
}

void Shell::showProgressBars() {
  std::ostream& err = err_;
  session_.setProgress([&err](std::string_view what, int64_t done, int64_t total) {
    constexpr int kWidth = 40;
    double fraction = total > 0 ? std::min(1.0, static_cast<double>(done) / total) : 1.0;
    int filled = static_cast<int>(fraction * kWidth);
    err << "\r" << what << " [" << std::string(filled, '#') << std::string(kWidth - filled, ' ')
        << "] " << static_cast<int>(fraction * 100) << "%" << (done >= total ? "\n" : "")
        << std::flush;
  });
}

void Shell::modeCommand(const std::vector<std::string>& words) {
  std::optional<OutputMode> mode = words.size() == 2 ? outputModeNamed(words[1]) : std::nullopt;
  if (!mode) return fail("usage: .mode box|csv|line|json");
  mode_ = *mode;
}

void Shell::outputCommand(const std::vector<std::string>& words) {
  if (file_out_.is_open()) file_out_.close();
  if (words.size() == 1) return;
  if (words.size() != 2) return fail("usage: .output [FILE]");
  file_out_.open(words[1], std::ios::out | std::ios::trunc);
  if (!file_out_) {
    file_out_.close();
    fail(fmt::format("cannot write {}: {}", words[1], std::strerror(errno)));
  }
}

void Shell::importCommand(const std::vector<std::string>& words) {
  constexpr const char* kUsage =
      "usage: .import [--csv|--tbl|--tsv] [--header] [--delimiter C] FILE TABLE";
  CopyStatement copy;
  std::vector<std::string> positional;
  for (size_t i = 1; i < words.size(); ++i) {
    const std::string& word = words[i];
    if (word == "--csv" || word == "--tbl" || word == "--tsv") {
      copy.options.emplace_back("format", word.substr(2));
    } else if (word == "--header") {
      copy.options.emplace_back("header", "true");
    } else if (word == "--delimiter" && i + 1 < words.size()) {
      copy.options.emplace_back("delimiter", words[++i]);
    } else if (word.starts_with("--")) {
      return fail(fmt::format("unknown option {}; {}", word, kUsage));
    } else {
      positional.push_back(word);
    }
  }
  if (positional.size() != 2) return fail(kUsage);
  copy.path = positional[0];
  copy.table = positional[1];
  auto result = session_.execute(copy);
  if (!result.ok()) return fail(formatError(result.status(), ""));
  out_ << result->text;
}

void Shell::printTimes(const PhaseTimes& times) {
  out_ << "Run Time: parse " << seconds(times.parsing) << ", analyze " << seconds(times.analysis);
  if (times.optimization.count() > 0) out_ << ", optimize " << seconds(times.optimization);
  if (times.planning.count() > 0) out_ << ", plan " << seconds(times.planning);
  if (times.execution.count() > 0) out_ << ", execute " << seconds(times.execution);
  out_ << "\n";
}

void Shell::runSql(std::string_view sql) {
  auto parse_started = std::chrono::steady_clock::now();
  auto parsed = parseScript(sql, session_.parserOptions());
  auto parse_time = std::chrono::steady_clock::now() - parse_started;
  if (!parsed.ok()) {
    ++errors_;
    err_ << formatError(parsed.status(), sql) << "\n";
    return;
  }
  for (const StatementPtr& statement : *parsed) {
    auto started = std::chrono::steady_clock::now();
    cancellation_.reset();
    auto result = session_.execute(*statement);
    const auto* explain = statement->as<ExplainStatement>();
    if (statement->kind() == StatementKind::kQuery ||
        (explain != nullptr && explain->mode == ExplainMode::kAnalyze)) {
      last_query_ = LastQuery{!result.ok(), session_.config().getBool("spark.sql.adaptive.enabled"),
                              result.ok() ? result->adaptive_run : nullptr};
    }
    if (!result.ok()) {
      ++errors_;
      err_ << formatError(result.status(), sql) << "\n";
      continue;
    }
    // Log messages first, as they were logged while the statement ran.
    for (const std::string& message : result->messages) err_ << message << "\n";
    if (!result->text.empty()) results() << result->text;
    if (result->table) renderTable(*result->table, mode_, results());
    if (timer_) {
      PhaseTimes times = result->times;
      // The script is parsed as a whole; with one statement that is this statement's time.
      if (parsed->size() == 1) times.parsing = parse_time;
      if (times.analysis.count() > 0) {
        printTimes(times);
      } else {
        // Commands (SET, SHOW, DDL) have no analysis phase: show their run time instead.
        out_ << "Run Time: parse " << seconds(times.parsing) << ", run "
             << seconds(std::chrono::steady_clock::now() - started) << "\n";
      }
    }
  }
}

bool Shell::dotCommand(std::string_view line) {
  std::vector<std::string> words = split(trim(line), ' ', /*skip_empty=*/true);
  const std::string command = toLower(words[0]);
  if (command == ".quit" || command == ".exit") return false;
  if (command == ".help") {
    out_ << kHelp;
  } else if (command == ".tables") {
    for (const std::string& name : session_.catalog().names()) out_ << name << "\n";
  } else if (command == ".schema") {
    for (const std::string& name : session_.catalog().names()) {
      if (words.size() > 1 && !equalsIgnoreCase(words[1], name)) continue;
      auto table = session_.catalog().find(name);
      if (table->kind() == CatalogTable::Kind::kView) {
        out_ << "CREATE VIEW " << table->name() << " AS " << table->viewText() << ";\n";
        continue;
      }
      out_ << "CREATE TABLE " << table->name() << " (\n";
      for (size_t i = 0; i < table->columns().size(); ++i) {
        const Column& column = table->columns()[i];
        out_ << "  " << column.name << " " << column.type.sqlName()
             << (column.nullable ? "" : " NOT NULL")
             << (i + 1 < table->columns().size() || !table->primaryKey().empty() ? ",\n" : "\n");
      }
      if (!table->primaryKey().empty())
        out_ << "  PRIMARY KEY (" << join(table->primaryKey(), ", ") << ")\n";
      out_ << ");\n";
    }
    if (words.size() > 1 && session_.catalog().find(words[1]) == nullptr) {
      ++errors_;
      err_ << formatError(session_.catalog().lookup(words[1]).status(), "") << "\n";
    }
  } else if (command == ".rules") {
    // Spark's dumpTimeSpent: every analyzer and optimizer rule this session ran.
    printTable(ruleMetricsTable(session_.ruleMetrics()), out_);
  } else if (command == ".graph" || command == ".diff" || command == ".trace") {
    std::string_view rest = trim(trim(line).substr(words[0].size()));
    if (command == ".graph") graphCommand(rest);
    if (command == ".diff") diffCommand(rest);
    if (command == ".trace") traceCommand(rest);
  } else if (command == ".aqe") {
    aqeCommand(words);
  } else if (command == ".mode") {
    modeCommand(words);
  } else if (command == ".output") {
    outputCommand(words);
  } else if (command == ".import") {
    importCommand(words);
  } else if (command == ".timer") {
    if (words.size() == 2 &&
        (equalsIgnoreCase(words[1], "on") || equalsIgnoreCase(words[1], "off"))) {
      timer_ = equalsIgnoreCase(words[1], "on");
    } else {
      ++errors_;
      err_ << "usage: .timer on|off\n";
    }
  } else {
    ++errors_;
    err_ << fmt::format("unknown command {}; try .help\n", words[0]);
  }
  return true;
}

void Shell::fail(const std::string& message) {
  ++errors_;
  err_ << message << "\n";
}

void Shell::writeGraphFile(const std::string& dot, const std::string& file) {
  absl::StatusOr<std::string> written = writeGraph(dot, file);
  if (!written.ok()) return fail(std::string(toStd(written.status().message())));
  out_ << "wrote " << *written << "\n";
}

void Shell::graphCommand(std::string_view rest) {
  auto args = parseGraphArguments(rest, false, {".dot", ".gv", ".svg", ".png"});
  if (!args.ok()) {
    return fail(fmt::format("{}; usage: .graph QUERY [> FILE.dot|.svg|.png]",
                            toStd(args.status().message())));
  }
  auto execution = session_.query(args->query);
  if (!execution.ok()) return fail(formatError(execution.status(), args->query));
  const absl::StatusOr<PlanPtr>& optimized = (*execution)->optimized();
  if (!optimized.ok()) return fail(formatError(optimized.status(), args->query));
  DotOptions options;
  options.normalize_ids = session_.config().getBool("planck.explain.normalizeIds");
  std::string dot = planDot(*optimized, options);
  if (args->file.empty()) {
    out_ << dot;
  } else {
    writeGraphFile(dot, args->file);
  }
}

void Shell::diffCommand(std::string_view rest) {
  auto args = parseGraphArguments(rest, true, {".dot", ".gv", ".svg", ".png"});
  if (!args.ok()) {
    return fail(fmt::format(
        "{}; usage: .diff [--set KEY=VALUE]... QUERY [> FILE.dot|.svg|.png] or .diff aqe [> FILE]",
        toStd(args.status().message())));
  }
  if (args->settings.empty() && equalsIgnoreCase(args->query, "aqe"))
    return aqeDiffCommand(args->file);
  const std::string& sql = args->query;
  auto execution = session_.query(sql);
  if (!execution.ok()) return fail(formatError(execution.status(), sql));
  PlanPtr before, after;
  std::string before_name, after_name;
  if (args->settings.empty()) {
    const absl::StatusOr<PlanPtr>& analyzed = (*execution)->analyzed();
    const absl::StatusOr<PlanPtr>& optimized = (*execution)->optimized();
    if (!optimized.ok()) return fail(formatError(optimized.status(), sql));
    before = *analyzed;
    after = *optimized;
    before_name = "analyzed";
    after_name = "optimized";
  } else {
    // Both plans optimize the same analyzed plan, so their columns keep the same ids; the
    // second under a copy of the session's settings, which the session never sees.
    const absl::StatusOr<PlanPtr>& current = (*execution)->optimized();
    if (!current.ok()) return fail(formatError(current.status(), sql));
    Config changed = session_.config();
    for (const auto& [key, value] : args->settings) {
      if (absl::Status status = changed.set(key, value); !status.ok())
        return fail(formatError(status, ""));
    }
    Optimizer optimizer(changed, session_.extensions().optimizer());
    absl::StatusOr<PlanPtr> plan = optimizer.optimize(*(*execution)->analyzed());
    if (!plan.ok()) return fail(formatError(plan.status(), sql));
    before = *current;
    after = *plan;
    before_name = "optimized";
    after_name = "optimized with";
    for (const auto& [key, value] : args->settings) after_name += " " + key + "=" + value;
  }
  bool normalize = session_.config().getBool("planck.explain.normalizeIds");
  PlanDiff diff = diffPlans(before, after, normalize);
  if (!args->file.empty()) {
    DotOptions options;
    options.normalize_ids = normalize;
    options.title = before_name + " -> " + after_name;
    return writeGraphFile(planDiffDot(diff, options), args->file);
  }
  std::string text = planTextDiff(before, after, before_name, after_name);
  out_ << (text.empty() ? "The plans are equal.\n" : text);
  out_ << fmt::format("{} operators changed, {} added, {} removed, {} unchanged\n",
                      diff.count(DiffStatus::kChanged), diff.count(DiffStatus::kAdded),
                      diff.count(DiffStatus::kRemoved), diff.count(DiffStatus::kUnchanged));
}

void Shell::traceCommand(std::string_view rest) {
  auto args = parseGraphArguments(rest, false, {".html", ".htm"});
  if (!args.ok()) {
    return fail(
        fmt::format("{}; usage: .trace QUERY [> FILE.html]", toStd(args.status().message())));
  }
  const std::string& sql = args->query;
  std::string file = args->file.empty() ? "trace.html" : args->file;
  auto execution = session_.query(sql);
  if (!execution.ok()) return fail(formatError(execution.status(), sql));
  const absl::StatusOr<PlanPtr>& analyzed = (*execution)->analyzed();
  if (!analyzed.ok()) return fail(formatError(analyzed.status(), sql));
  // The optimizer run again with an observer, as EXPLAIN VERBOSE does.
  std::vector<RuleApplication> steps;
  ExecutionObserver observer;
  observer.on_effective_rule = [&](const RuleApplication& step) { steps.push_back(step); };
  Optimizer optimizer(session_.config(), session_.extensions().optimizer());
  absl::StatusOr<PlanPtr> optimized = optimizer.optimize(*analyzed, observer);
  if (!optimized.ok()) return fail(formatError(optimized.status(), sql));
  RuleTraceOptions options;
  options.query = sql;
  options.normalize_ids = session_.config().getBool("planck.explain.normalizeIds");
  // A query that runs adaptively is run, for the page's adaptive execution section.
  std::string adaptive;
  if ((*execution)->isAdaptive()) {
    cancellation_.reset();
    const absl::StatusOr<QueryResult>& ran = (*execution)->executed(&cancellation_);
    if (!ran.ok()) {
      fail(formatError(ran.status(), sql) + "\n(the trace goes without its adaptive execution)");
    } else if (const AdaptiveRun* run = (*execution)->adaptiveRun()) {
      options.adaptive_run = run;
      adaptive = fmt::format(" and {} adaptive re-plan{}", run->timeline.size(),
                             run->timeline.size() == 1 ? "" : "s");
    }
  }
  auto page = ruleTraceHtml(*analyzed, *optimized, steps, options);
  if (!page.ok()) return fail(std::string(toStd(page.status().message())));
  if (absl::Status status = writeTextFile(file, page->html); !status.ok())
    return fail(std::string(toStd(status.message())));
  out_ << fmt::format("wrote the trace of {} rule{}{} to {}\n", steps.size(),
                      steps.size() == 1 ? "" : "s", adaptive, file);
  if (page->dot_missing) {
    fail(
        "Graphviz `dot` was not found on PATH; the trace shows each step's DOT text instead of "
        "its graph");
  }
}

const AdaptiveRun* Shell::lastAdaptiveRun() {
  if (!last_query_) {
    out_ << "No query has run yet: run one, then .aqe shows how adaptive execution re-planned "
            "it.\n";
  } else if (last_query_->failed) {
    out_ << "The last query failed: it has no adaptive execution to show.\n";
  } else if (last_query_->adaptive_run == nullptr) {
    out_ << (last_query_->adaptive_enabled
                 ? "The last query did not run adaptively: its plan has no exchange to re-plan "
                   "at.\n"
                 : "The last query did not run adaptively: spark.sql.adaptive.enabled is "
                   "false.\n");
  } else {
    return last_query_->adaptive_run.get();
  }
  return nullptr;
}

void Shell::aqeCommand(const std::vector<std::string>& words) {
  bool json = words.size() == 2 && equalsIgnoreCase(words[1], "json");
  if (words.size() > 2 || (words.size() == 2 && !json)) return fail("usage: .aqe [json]");
  const AdaptiveRun* run = lastAdaptiveRun();
  if (run == nullptr) return;
  AqeTimelineOptions options;
  options.normalize_ids = session_.config().getBool("planck.explain.normalizeIds");
  out_ << (json ? aqeTimelineJson(*run, options) : aqeTimelineText(*run, options));
}

void Shell::aqeDiffCommand(const std::string& file) {
  const AdaptiveRun* run = lastAdaptiveRun();
  if (run == nullptr) return;
  PhysicalPlanDiff diff = diffPhysicalPlans(run->initial_plan, run->final_plan);
  if (!file.empty()) {
    DotOptions options;
    options.title = "adaptive execution: initial -> final physical plan";
    return writeGraphFile(physicalPlanDiffDot(diff, "Initial plan", "Final plan", options), file);
  }
  std::vector<std::string> lines = physicalPlanLineDiff(run->initial_plan, run->final_plan, 3);
  if (lines.empty()) out_ << "The plans are equal.\n";
  if (!lines.empty()) out_ << "--- initial plan\n+++ final plan\n";
  for (const std::string& line : lines) out_ << line << "\n";
  out_ << fmt::format("{} operators changed, {} added, {} removed, {} unchanged\n",
                      diff.count(DiffStatus::kChanged), diff.count(DiffStatus::kAdded),
                      diff.count(DiffStatus::kRemoved), diff.count(DiffStatus::kUnchanged));
}

bool Shell::feedLine(std::string_view line) {
  if (buffer_.empty()) {
    std::string_view stripped = trim(line);
    if (stripped.empty()) return true;
    if (stripped.front() == '.') return dotCommand(stripped);
  }
  buffer_ += line;
  buffer_ += '\n';
  size_t end = completeStatementsEnd(buffer_);
  if (end == 0) return true;
  std::string complete = buffer_.substr(0, end);
  buffer_ = std::string(trim(buffer_.substr(end)));
  runSql(complete);
  return true;
}

void Shell::finish() {
  if (trim(buffer_).empty()) {
    buffer_.clear();
    return;
  }
  std::string rest = std::move(buffer_);
  buffer_.clear();
  runSql(rest);
}

std::vector<std::string> Shell::completions(std::string_view prefix) const {
  std::vector<std::string> found;
  auto consider = [&](const std::string& word, bool keyword) {
    if (!startsWithIgnoreCase(word, prefix)) return;
    // Keywords follow the case the user is typing in.
    bool lower = !prefix.empty() && std::islower(static_cast<unsigned char>(prefix[0]));
    found.push_back(keyword && lower ? toLower(word) : word);
  };
  for (const char* keyword : kKeywords) consider(keyword, true);
  for (const std::string& name : session_.catalog().names()) {
    consider(name, false);
    for (const Column& column : session_.catalog().find(name)->columns())
      consider(column.name, false);
  }
  std::sort(found.begin(), found.end());
  found.erase(std::unique(found.begin(), found.end()), found.end());
  return found;
}

}  // namespace planck
