#include "tests/integration/golden_file.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <vector>

#include "fmt/format.h"

namespace planck::golden {
namespace {

constexpr size_t kContext = 3;

std::vector<std::string_view> splitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

// One step of an edit script: keep, delete (from expected) or insert (from actual).
struct Edit {
  char op;               // ' ', '-', '+'
  size_t expected_line;  // 0-based index into expected lines before this edit
  size_t actual_line;    // 0-based index into actual lines before this edit
};

// The shortest edit script by longest common subsequence. Golden files are a few hundred
// lines at most, so the quadratic table is fine.
std::vector<Edit> editScript(const std::vector<std::string_view>& a,
                             const std::vector<std::string_view>& b) {
  std::vector<std::vector<int>> lcs(a.size() + 1, std::vector<int>(b.size() + 1, 0));
  for (size_t i = a.size(); i-- > 0;) {
    for (size_t j = b.size(); j-- > 0;) {
      lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  std::vector<Edit> edits;
  size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    if (i < a.size() && j < b.size() && a[i] == b[j]) {
      edits.push_back({' ', i++, j++});
    } else if (j == b.size() || (i < a.size() && lcs[i + 1][j] >= lcs[i][j + 1])) {
      edits.push_back({'-', i++, j});
    } else {
      edits.push_back({'+', i, j++});
    }
  }
  return edits;
}

std::string range(size_t start, size_t length) {
  // diff -u names an empty range by the line before it.
  return length == 0 ? fmt::format("{},0", start) : fmt::format("{},{}", start + 1, length);
}

std::string readFile(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

std::string selfPath() {
  char buffer[4096];
  ssize_t length = readlink("/proc/self/exe", buffer, sizeof(buffer) - 1);
  return length > 0 ? std::string(buffer, static_cast<size_t>(length)) : "<test binary>";
}

std::string regenerateHint() {
  const ::testing::TestInfo* test = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string filter = test == nullptr ? std::string()
                                       : fmt::format(" --gtest_filter='{}.{}'",
                                                     test->test_suite_name(), test->name());
  return fmt::format(
      "If the change is deliberate, regenerate the golden files from the repository root with\n"
      "  scripts/regen-golden [BUILD_DIR]\n"
      "or only this one with\n"
      "  PLANCK_REGENERATE_GOLDEN=1 {}{}\n"
      "and review them with `git diff tests/golden`.",
      selfPath(), filter);
}

}  // namespace

bool regenerating() {
  const char* value = std::getenv("PLANCK_REGENERATE_GOLDEN");
  return value != nullptr && *value != '\0' && std::string_view(value) != "0";
}

std::string unifiedDiff(std::string_view expected, std::string_view actual,
                        std::string_view expected_name, std::string_view actual_name) {
  if (expected == actual) return "";
  std::vector<std::string_view> a = splitLines(expected);
  std::vector<std::string_view> b = splitLines(actual);
  std::vector<Edit> edits = editScript(a, b);
  std::string out = fmt::format("--- {}\n+++ {}\n", expected_name, actual_name);
  bool any_change = false;
  size_t k = 0;
  while (k < edits.size()) {
    if (edits[k].op == ' ') {
      ++k;
      continue;
    }
    any_change = true;
    // A hunk runs from kContext lines before this change to kContext lines after the last
    // change that is at most 2 * kContext unchanged lines from the previous one.
    size_t begin = k >= kContext ? k - kContext : 0;
    size_t last_change = k;
    size_t scan = k + 1;
    while (scan < edits.size()) {
      if (edits[scan].op != ' ') {
        last_change = scan;
      } else if (scan - last_change > 2 * kContext) {
        break;
      }
      ++scan;
    }
    size_t end = std::min(edits.size(), last_change + kContext + 1);
    size_t expected_length = 0, actual_length = 0;
    for (size_t e = begin; e < end; ++e) {
      if (edits[e].op != '+') ++expected_length;
      if (edits[e].op != '-') ++actual_length;
    }
    out += fmt::format("@@ -{} +{} @@\n", range(edits[begin].expected_line, expected_length),
                       range(edits[begin].actual_line, actual_length));
    for (size_t e = begin; e < end; ++e) {
      std::string_view line =
          edits[e].op == '+' ? b[edits[e].actual_line] : a[edits[e].expected_line];
      out += edits[e].op;
      out += line;
      out += '\n';
    }
    k = end;
  }
  if (!any_change) {
    out += "(the texts differ only in their final newline)\n";
  }
  return out;
}

::testing::AssertionResult matchesGoldenFile(const std::filesystem::path& path,
                                             std::string_view actual) {
  if (regenerating()) {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    file << actual;
    file.close();
    if (!file) return ::testing::AssertionFailure() << "cannot write " << path.string();
    return ::testing::AssertionSuccess() << "wrote " << path.string();
  }
  if (!std::filesystem::exists(path)) {
    return ::testing::AssertionFailure()
           << "golden file " << path.string() << " does not exist. The output is:\n"
           << actual << "\n"
           << regenerateHint();
  }
  std::string expected = readFile(path);
  if (expected == actual) return ::testing::AssertionSuccess();
  std::string name = path.string();
  return ::testing::AssertionFailure()
         << "output differs from the golden file " << name << ":\n"
         << unifiedDiff(expected, actual, name, "actual output") << regenerateHint();
}

}  // namespace planck::golden
