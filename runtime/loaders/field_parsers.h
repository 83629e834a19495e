// Parsing one text field into a column's storage type, without allocating: what the COPY
// reader calls for every field. Each parser accepts exactly the whole field and returns false
// on anything else (the caller reports the position and what was expected).
#pragma once

#include <cstdint>
#include <string_view>

namespace planck {

// [+-]digits, in range.
bool parseInt32Field(std::string_view text, int32_t& out);
bool parseInt64Field(std::string_view text, int64_t& out);
// [+-]digits[.digits] as DECIMAL(precision, scale), unscaled: more fractional digits than
// `scale` are rounded half away from zero (as PostgreSQL does); too many integral digits fail.
bool parseDecimalField(std::string_view text, int precision, int scale, int64_t& out);
// A double in any form std::from_chars reads, plus inf/nan spellings.
bool parseDoubleField(std::string_view text, double& out);
// yyyy-mm-dd (a valid calendar date) as days since 1970-01-01.
bool parseDateField(std::string_view text, int32_t& out);
// true/false, t/f, yes/no, 1/0 (case-insensitive).
bool parseBooleanField(std::string_view text, uint8_t& out);

}  // namespace planck
