#include "repl/shell.h"

#include <algorithm>
#include <chrono>

#include "common/errors.h"
#include "common/strings.h"
#include "fmt/format.h"

namespace planck {
namespace {

constexpr const char* kHelp = R"(Statements end with ';' and may span lines. Dot-commands:
  .help              this text
  .tables            list tables and views
  .schema [table]    show CREATE TABLE statements
  .timer on|off      print the time of each phase after each statement
  .rules             per-rule runs and time of this session's analyzer and optimizer
  .quit              leave the shell (also .exit, Ctrl-D)
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
    : session_(session), out_(out), err_(err) {}

void Shell::printTable(const ResultTable& table, std::ostream& out) {
  std::vector<size_t> widths;
  for (const std::string& column : table.columns) widths.push_back(column.size());
  for (const auto& row : table.rows) {
    for (size_t i = 0; i < row.size() && i < widths.size(); ++i)
      widths[i] = std::max(widths[i], row[i].size());
  }
  auto print_row = [&](const std::vector<std::string>& cells) {
    std::string line;
    for (size_t i = 0; i < widths.size(); ++i) {
      std::string cell = i < cells.size() ? cells[i] : "";
      line += (i > 0 ? " | " : " ") + cell + std::string(widths[i] - cell.size(), ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out << line << "\n";
  };
  print_row(table.columns);
  std::string rule;
  for (size_t i = 0; i < widths.size(); ++i)
    rule += (i > 0 ? "+" : "") + std::string(widths[i] + 2, '-');
  out << rule << "\n";
  for (const auto& row : table.rows) print_row(row);
  out << fmt::format("({} row{})\n", table.rows.size(), table.rows.size() == 1 ? "" : "s");
}

void Shell::printTimes(const PhaseTimes& times) {
  out_ << "Run Time: parse " << seconds(times.parsing) << ", analyze " << seconds(times.analysis)
       << "\n";
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
    auto result = session_.execute(*statement);
    if (!result.ok()) {
      ++errors_;
      err_ << formatError(result.status(), sql) << "\n";
      continue;
    }
    if (!result->text.empty()) out_ << result->text;
    if (result->table) printTable(*result->table, out_);
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
