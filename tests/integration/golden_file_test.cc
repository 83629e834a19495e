#include "tests/integration/golden_file.h"

#include <gtest/gtest.h>

namespace planck::golden {
namespace {

TEST(UnifiedDiff, EqualTextsHaveNoDiff) {
  EXPECT_EQ(unifiedDiff("a\nb\n", "a\nb\n", "expected", "actual"), "");
}

TEST(UnifiedDiff, ShowsChangedLinesWithContextAndLineNumbers) {
  std::string expected = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n";
  std::string actual = "1\n2\n3\n4\n5\nsix\n7\n8\n9\n10\n11\n";
  EXPECT_EQ(unifiedDiff(expected, actual, "golden", "actual"),
            "--- golden\n"
            "+++ actual\n"
            "@@ -3,8 +3,9 @@\n"
            " 3\n"
            " 4\n"
            " 5\n"
            "-6\n"
            "+six\n"
            " 7\n"
            " 8\n"
            " 9\n"
            " 10\n"
            "+11\n");
}

TEST(UnifiedDiff, SeparatesDistantChangesIntoHunks) {
  std::string expected = "a\n1\n2\n3\n4\n5\n6\n7\n8\nb\n";
  std::string actual = "A\n1\n2\n3\n4\n5\n6\n7\n8\nB\n";
  EXPECT_EQ(unifiedDiff(expected, actual, "golden", "actual"),
            "--- golden\n"
            "+++ actual\n"
            "@@ -1,4 +1,4 @@\n"
            "-a\n"
            "+A\n"
            " 1\n"
            " 2\n"
            " 3\n"
            "@@ -7,4 +7,4 @@\n"
            " 6\n"
            " 7\n"
            " 8\n"
            "-b\n"
            "+B\n");
}

TEST(UnifiedDiff, EmptyExpectedText) {
  EXPECT_EQ(unifiedDiff("", "x\n", "golden", "actual"),
            "--- golden\n+++ actual\n@@ -0,0 +1,1 @@\n+x\n");
}

TEST(UnifiedDiff, FinalNewlineOnly) {
  EXPECT_NE(unifiedDiff("x\n", "x", "golden", "actual").find("final newline"), std::string::npos);
}

}  // namespace
}  // namespace planck::golden
