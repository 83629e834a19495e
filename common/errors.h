// User-facing errors: absl::Status values that carry a source position and render a caret.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "common/origin.h"

namespace planck {

// Error classes a user can cause; each maps to one absl::StatusCode.
enum class ErrorKind {
  kSyntax,        // the parser rejected the text
  kAnalysis,      // unknown names, type mismatches, invalid GROUP BY, ...
  kConfig,        // unknown setting or bad value
  kNotSupported,  // parsed, but belongs to a feature not built yet
  kCatalog,       // table exists, table missing, ...
};

// Makes a status for `kind` with `message`, attaching `origin` when known.
absl::Status makeError(ErrorKind kind, std::string_view message, Origin origin = {});

absl::Status syntaxError(std::string_view message, Origin origin);
absl::Status analysisError(std::string_view message, Origin origin = {});
absl::Status notSupported(std::string_view what, Origin origin = {});

// The origin attached by makeError, or an unknown origin.
Origin errorOrigin(const absl::Status& status);

// Returns `status` with `origin` attached, unless it already carries one.
absl::Status withOrigin(absl::Status status, Origin origin);

// Renders a status for a person: the message, the position and a caret under `sql`'s line.
//
//   [ANALYSIS] column `l_orderky` cannot be resolved; did you mean `l_orderkey`? (line 1:8)
//   SELECT l_orderky FROM lineitem
//          ^
std::string formatError(const absl::Status& status, std::string_view sql);

// The candidate closest to `name` by edit distance (case-insensitive), or "" when none is
// close enough to be a plausible typo.
std::string closestMatch(std::string_view name, const std::vector<std::string>& candidates);

// ", did you mean `x`?" for the closest candidate, or "" when there is none.
std::string didYouMean(std::string_view name, const std::vector<std::string>& candidates);

}  // namespace planck
