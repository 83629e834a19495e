// Config: typed session settings with Spark's keys and defaults, validated on SET.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace planck {

// The type of a setting's value; decides how SET parses and validates it.
enum class SettingType { kBoolean, kInteger, kBytes, kDouble, kString, kStringList, kChoice };

// One known setting: its key, type, default and documentation.
struct SettingDefinition {
  std::string key;
  SettingType type;
  std::string default_value;  // in canonical form; "" with a kString means unset
  std::string doc;
  std::vector<std::string> choices;  // for kChoice, lower-case
  std::optional<int64_t> min_value;  // for kInteger and kBytes
  std::optional<int64_t> max_value;  // for kInteger
};

// All settings planck knows, in the order the configuration reference lists them.
const std::vector<SettingDefinition>& allSettings();

// The definition of `key` (case-insensitive), or nullptr.
const SettingDefinition* findSetting(std::string_view key);

// The values set in one session. Unset keys read as their default.
class Config {
 public:
  // Validates `raw` for `key` and stores its canonical form. Unknown keys and bad values give
  // an error naming the key.
  absl::Status set(std::string_view key, std::string_view raw);
  // Restores `key` to its default; an unknown key is an error.
  absl::Status reset(std::string_view key);
  // Restores every key to its default.
  void resetAll() { values_.clear(); }

  // The current value of a known key, in canonical text form.
  absl::StatusOr<std::string> get(std::string_view key) const;
  // Keys explicitly set in this session with their values, sorted by key.
  const std::map<std::string, std::string>& overrides() const { return values_; }

  // Typed getters for keys that must exist (a missing key is a programming error).
  bool getBool(std::string_view key) const;
  int64_t getInt(std::string_view key) const;  // kInteger and kBytes
  double getDouble(std::string_view key) const;
  std::string getString(std::string_view key) const;
  std::vector<std::string> getList(std::string_view key) const;

 private:
  std::string valueOf(std::string_view key) const;
  std::map<std::string, std::string> values_;
};

// Parses a byte size like "10MB", "1g", "512k", "-1" or "1024" into bytes.
absl::StatusOr<int64_t> parseByteSize(std::string_view text);

}  // namespace planck
