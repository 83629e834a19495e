// Golden files: expected text kept under tests/golden/ and compared with what the code
// produces now. After a deliberate change, `scripts/regen-golden` rewrites them: it runs the
// golden tests with PLANCK_REGENERATE_GOLDEN=1, which makes matchesGoldenFile write instead
// of compare. Review the rewritten files with `git diff tests/golden` before committing.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <string_view>

namespace planck::golden {

// Whether this run rewrites golden files instead of comparing (PLANCK_REGENERATE_GOLDEN=1).
bool regenerating();

// A unified diff of two texts, line by line with 3 lines of context, or "" when they are
// equal. Hunk headers give 1-based line numbers as diff -u does.
std::string unifiedDiff(std::string_view expected, std::string_view actual,
                        std::string_view expected_name, std::string_view actual_name);

// Compares `actual` with the golden file at `path`; on a mismatch the failure holds the diff
// and the commands that regenerate the file. When regenerating, writes `actual` to `path`.
::testing::AssertionResult matchesGoldenFile(const std::filesystem::path& path,
                                             std::string_view actual);

}  // namespace planck::golden
