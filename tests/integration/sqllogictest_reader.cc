#include "tests/integration/sqllogictest_reader.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <fstream>
#include <sstream>

#include "absl/status/status.h"
#include "fmt/format.h"

namespace planck::sqllogictest {
namespace {

// One input line with its 1-based number.
struct Line {
  int number;
  std::string_view text;
};

bool isBlank(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return std::isspace(static_cast<unsigned char>(c)); });
}

std::string toLower(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower;
}

// The whitespace-separated words of a command line, up to a `#` that starts a trailing
// comment (`skipif mysql # not compatible`).
std::vector<std::string_view> words(std::string_view text) {
  std::vector<std::string_view> found;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    if (i == text.size() || text[i] == '#') break;
    size_t start = i;
    while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    found.push_back(text.substr(start, i - start));
  }
  return found;
}

std::optional<int> parseInt(std::string_view text) {
  int value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// "N values hashing to <32 hex digits>".
std::optional<ResultHash> parseHashLine(std::string_view text) {
  std::vector<std::string_view> parts = words(text);
  if (parts.size() != 5 || parts[1] != "values" || parts[2] != "hashing" || parts[3] != "to") {
    return std::nullopt;
  }
  std::optional<int> count = parseInt(parts[0]);
  if (!count || parts[4].size() != 32 || !std::all_of(parts[4].begin(), parts[4].end(), [](char c) {
        return std::isxdigit(static_cast<unsigned char>(c));
      })) {
    return std::nullopt;
  }
  return ResultHash{*count, toLower(parts[4])};
}

std::string joinSql(const std::vector<Line>& lines, size_t begin, size_t end) {
  std::string sql;
  for (size_t i = begin; i < end; ++i) {
    if (!sql.empty()) sql += '\n';
    sql += lines[i].text;
  }
  return sql;
}

class ScriptParser {
 public:
  explicit ScriptParser(std::string_view name) : name_(name) {}

  // Parses one record: `lines` are its non-comment lines, none blank.
  absl::StatusOr<Record> parseRecord(const std::vector<Line>& lines) {
    Record record;
    size_t i = 0;
    for (; i < lines.size(); ++i) {
      std::vector<std::string_view> parts = words(lines[i].text);
      if (parts.empty() || (parts[0] != "skipif" && parts[0] != "onlyif")) break;
      if (parts.size() < 2)
        return error(lines[i], fmt::format("`{}` needs an engine name", parts[0]));
      record.conditions.push_back({parts[0] == "onlyif", toLower(parts[1])});
    }
    if (i == lines.size()) return error(lines.back(), "a condition must be followed by a record");

    const Line& command = lines[i];
    record.line = command.number;
    std::vector<std::string_view> parts = words(command.text);
    if (parts.empty()) return error(command, "a record must start with a command");
    std::string_view kind = parts[0];
    if (kind == "statement") {
      record.kind = RecordKind::kStatement;
      if (parts.size() < 2 || (parts[1] != "ok" && parts[1] != "error")) {
        return error(command, "expected `statement ok` or `statement error`");
      }
      record.expect_error = parts[1] == "error";
      if (i + 1 == lines.size()) return error(command, "the statement has no SQL");
      record.sql_line = lines[i + 1].number;
      record.sql = joinSql(lines, i + 1, lines.size());
    } else if (kind == "query") {
      record.kind = RecordKind::kQuery;
      if (parts.size() < 2) return error(command, "`query` needs a type string (e.g. `query IT`)");
      record.types = std::string(parts[1]);
      if (!std::all_of(record.types.begin(), record.types.end(),
                       [](char c) { return c == 'T' || c == 'I' || c == 'R'; })) {
        return error(command, fmt::format("bad type string `{}`: use T, I and R", parts[1]));
      }
      if (parts.size() >= 3) {
        if (parts[2] == "nosort") {
          record.sort_mode = SortMode::kNoSort;
        } else if (parts[2] == "rowsort") {
          record.sort_mode = SortMode::kRowSort;
        } else if (parts[2] == "valuesort") {
          record.sort_mode = SortMode::kValueSort;
        } else {
          return error(command, fmt::format("unknown sort mode `{}`", parts[2]));
        }
      }
      if (parts.size() >= 4) record.label = std::string(parts[3]);
      size_t separator = i + 1;
      while (separator < lines.size() && lines[separator].text != "----") ++separator;
      if (separator == i + 1) return error(command, "the query has no SQL");
      record.sql_line = lines[i + 1].number;
      record.sql = joinSql(lines, i + 1, separator);
      if (separator + 1 < lines.size()) {
        std::optional<ResultHash> hash;
        if (separator + 2 == lines.size()) hash = parseHashLine(lines[separator + 1].text);
        if (hash) {
          record.expected_hash = std::move(hash);
        } else {
          for (size_t j = separator + 1; j < lines.size(); ++j) {
            record.expected_values.emplace_back(lines[j].text);
          }
        }
      }
    } else if (kind == "hash-threshold") {
      record.kind = RecordKind::kHashThreshold;
      std::optional<int> threshold = parts.size() == 2 ? parseInt(parts[1]) : std::nullopt;
      if (!threshold || *threshold < 0) return error(command, "expected `hash-threshold <N>`");
      record.hash_threshold = *threshold;
    } else if (kind == "halt") {
      record.kind = RecordKind::kHalt;
    } else {
      return error(command, fmt::format("unknown record type `{}`", kind));
    }
    if ((record.kind == RecordKind::kHashThreshold || record.kind == RecordKind::kHalt) &&
        i + 1 != lines.size()) {
      return error(lines[i + 1], fmt::format("unexpected line after `{}`", kind));
    }
    return record;
  }

 private:
  absl::Status error(const Line& line, std::string_view message) const {
    return absl::InvalidArgumentError(fmt::format("{}:{}: {}", name_, line.number, message));
  }

  std::string_view name_;
};

}  // namespace

bool Record::runsOn(std::string_view engine) const {
  std::string name = toLower(engine);
  for (const Condition& condition : conditions) {
    if (condition.only_if != (condition.engine == name)) return false;
  }
  return true;
}

bool Record::onlyForOtherEngine(std::string_view engine) const {
  std::string name = toLower(engine);
  return std::any_of(conditions.begin(), conditions.end(), [&](const Condition& condition) {
    return condition.only_if && condition.engine != name;
  });
}

absl::StatusOr<std::vector<Record>> parseTestScript(std::string_view text, std::string_view name) {
  ScriptParser parser(name);
  std::vector<Record> records;
  std::vector<Line> current;  // the non-comment lines of the record being read
  int number = 0;
  auto flush = [&]() -> absl::Status {
    if (current.empty()) return absl::OkStatus();
    absl::StatusOr<Record> record = parser.parseRecord(current);
    current.clear();
    if (!record.ok()) return record.status();
    records.push_back(*std::move(record));
    return absl::OkStatus();
  };
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!line.empty() && line.front() == '#') continue;  // comments are not blank lines
    if (isBlank(line)) {
      absl::Status status = flush();
      if (!status.ok()) return status;
      continue;
    }
    current.push_back({number, line});
  }
  absl::Status status = flush();
  if (!status.ok()) return status;
  return records;
}

absl::StatusOr<std::vector<Record>> readTestFile(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return absl::NotFoundError(fmt::format("cannot open {}", path.string()));
  std::stringstream text;
  text << file.rdbuf();
  return parseTestScript(text.str(), path.filename().string());
}

std::vector<Record> recordsFor(const std::vector<Record>& records, std::string_view engine) {
  std::vector<Record> selected;
  for (const Record& record : records) {
    if (!record.runsOn(engine)) continue;
    if (record.kind == RecordKind::kHalt) break;
    selected.push_back(record);
  }
  return selected;
}

std::vector<std::filesystem::path> findTestFiles(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path().extension() == ".test")
      files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace planck::sqllogictest
