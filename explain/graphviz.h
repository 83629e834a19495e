// Running Graphviz's `dot` on DOT text, and writing plan graphs to files chosen by extension.
//
// `dot` runs as a child process (posix_spawn) with the DOT text on its stdin; its stdout and
// stderr are read while the input is written, so neither side can block the other.
#pragma once

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace planck {

// What one run of `dot` produced.
struct GraphvizOutput {
  std::string output;    // the rendered graph (SVG text, PNG bytes, ...)
  std::string messages;  // dot's warnings on stderr; empty for a clean graph
};

// The path of `dot` in the directories of $PATH, or "" when there is none.
std::string findDot();

// Runs `dot -T<format>` on `dot_text`. NotFound when `dot` is not on PATH; an internal error
// with dot's messages when it fails.
absl::StatusOr<GraphvizOutput> runDot(std::string_view dot_text, std::string_view format);

// The message for a graph that could not be rendered because `dot` is missing.
std::string dotMissingMessage(const std::string& written_instead);

// Writes a graph to `path`, by its extension: `.dot` (or any other) as DOT text, `.svg` and
// `.png` rendered by dot. Returns the path written. When `dot` is not on PATH, writes the DOT
// text next to it (`path` with the extension .dot) and returns a FailedPrecondition error
// that names that file.
absl::StatusOr<std::string> writeGraph(std::string_view dot_text, const std::string& path);

// Writes `content` to `path` (binary); an error naming the path when that fails.
absl::Status writeTextFile(const std::string& path, std::string_view content);

}  // namespace planck
