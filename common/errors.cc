#include "common/errors.h"

#include "common/status.h"

#include <algorithm>
#include <cctype>

#include "absl/strings/cord.h"
#include "common/strings.h"
#include "fmt/format.h"

namespace planck {
namespace {

constexpr std::string_view kOriginPayload = "planck.origin";
constexpr std::string_view kKindPayload = "planck.kind";

absl::StatusCode codeOf(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kSyntax:
    case ErrorKind::kAnalysis:
    case ErrorKind::kConfig:
      return absl::StatusCode::kInvalidArgument;
    case ErrorKind::kNotSupported:
      return absl::StatusCode::kUnimplemented;
    case ErrorKind::kCatalog:
      return absl::StatusCode::kNotFound;
  }
  return absl::StatusCode::kUnknown;
}

std::string_view labelOf(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kSyntax:
      return "PARSE_SYNTAX_ERROR";
    case ErrorKind::kAnalysis:
      return "ANALYSIS_ERROR";
    case ErrorKind::kConfig:
      return "CONFIG_ERROR";
    case ErrorKind::kNotSupported:
      return "NOT_SUPPORTED";
    case ErrorKind::kCatalog:
      return "CATALOG_ERROR";
  }
  return "ERROR";
}

size_t editDistance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      bool same = std::tolower(static_cast<unsigned char>(a[i - 1])) ==
                  std::tolower(static_cast<unsigned char>(b[j - 1]));
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (same ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

absl::Status makeError(ErrorKind kind, std::string_view message, Origin origin) {
  absl::Status status(codeOf(kind), toAbsl(message));
  status.SetPayload(toAbsl(kKindPayload), absl::Cord(toAbsl(labelOf(kind))));
  if (origin.known()) {
    status.SetPayload(
        toAbsl(kOriginPayload),
        absl::Cord(fmt::format("{}:{}:{}", origin.line, origin.column, origin.offset)));
  }
  return status;
}

absl::Status syntaxError(std::string_view message, Origin origin) {
  return makeError(ErrorKind::kSyntax, message, origin);
}

absl::Status analysisError(std::string_view message, Origin origin) {
  return makeError(ErrorKind::kAnalysis, message, origin);
}

absl::Status notSupported(std::string_view what, Origin origin) {
  return makeError(ErrorKind::kNotSupported, fmt::format("not supported yet: {}", what), origin);
}

Origin errorOrigin(const absl::Status& status) {
  auto payload = status.GetPayload(toAbsl(kOriginPayload));
  if (!payload) return {};
  std::vector<std::string> parts = split(std::string(*payload), ':');
  if (parts.size() != 3) return {};
  auto line = parseInt64(parts[0]), column = parseInt64(parts[1]), offset = parseInt64(parts[2]);
  if (!line || !column || !offset) return {};
  return Origin{static_cast<int>(*line), static_cast<int>(*column), static_cast<int>(*offset)};
}

absl::Status withOrigin(absl::Status status, Origin origin) {
  if (status.ok() || !origin.known() || errorOrigin(status).known()) return status;
  status.SetPayload(toAbsl(kOriginPayload),
                    absl::Cord(fmt::format("{}:{}:{}", origin.line, origin.column, origin.offset)));
  return status;
}

std::string formatError(const absl::Status& status, std::string_view sql) {
  std::string label = "ERROR";
  if (auto kind = status.GetPayload(toAbsl(kKindPayload))) label = std::string(*kind);
  std::string text = fmt::format("[{}] {}", label, toStd(status.message()));
  Origin origin = errorOrigin(status);
  if (!origin.known()) return text;
  text += fmt::format(" (line {}:{})", origin.line, origin.column);
  std::vector<std::string> lines = split(sql, '\n');
  if (origin.line > static_cast<int>(lines.size())) return text;
  std::string_view line = lines[origin.line - 1];
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  // Very long lines (generated queries) are cut around the caret.
  constexpr int kWindow = 100;
  int column = std::max(1, origin.column);
  int start = 0;
  if (static_cast<int>(line.size()) > kWindow && column > kWindow / 2) start = column - kWindow / 2;
  std::string_view shown = line.substr(std::min<size_t>(start, line.size()), kWindow);
  std::string caret(static_cast<size_t>(column - 1 - start), ' ');
  for (size_t i = 0; i < caret.size() && i < shown.size(); ++i) {
    if (shown[i] == '\t') caret[i] = '\t';
  }
  return fmt::format("{}\n{}\n{}^", text, shown, caret);
}

std::string closestMatch(std::string_view name, const std::vector<std::string>& candidates) {
  std::string best;
  size_t best_distance = std::max<size_t>(2, name.size() / 3) + 1;
  for (const std::string& candidate : candidates) {
    size_t distance = editDistance(name, candidate);
    if (distance < best_distance) {
      best_distance = distance;
      best = candidate;
    }
  }
  return best;
}

std::string didYouMean(std::string_view name, const std::vector<std::string>& candidates) {
  std::string best = closestMatch(name, candidates);
  return best.empty() ? "" : fmt::format("; did you mean `{}`?", best);
}

}  // namespace planck
