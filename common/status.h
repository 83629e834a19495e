// Status helpers: early-return macros for absl::Status and absl::StatusOr.
#pragma once

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

#include <string_view>

namespace planck {

// Debian's Abseil has its own string_view type; these convert at the boundary.
inline absl::string_view toAbsl(std::string_view text) { return {text.data(), text.size()}; }
inline std::string_view toStd(absl::string_view text) { return {text.data(), text.size()}; }

}  // namespace planck

#define PLANCK_CONCAT_INNER(a, b) a##b
#define PLANCK_CONCAT(a, b) PLANCK_CONCAT_INNER(a, b)

// Returns from the enclosing function when `expr` (an absl::Status) is not OK.
#define PLANCK_RETURN_IF_ERROR(expr)                 \
  do {                                               \
    ::absl::Status planck_status_ = (expr);          \
    if (!planck_status_.ok()) return planck_status_; \
  } while (false)

// Declares `lhs` from an absl::StatusOr expression, returning its status on error.
#define PLANCK_ASSIGN_OR_RETURN(lhs, expr) \
  PLANCK_ASSIGN_OR_RETURN_IMPL(PLANCK_CONCAT(planck_statusor_, __LINE__), lhs, expr)

#define PLANCK_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                 \
  if (!tmp.ok()) return std::move(tmp).status();     \
  lhs = std::move(tmp).value()
