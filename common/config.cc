#include "common/config.h"

#include <cstdint>
#include <cstdlib>

#include "common/errors.h"
#include "common/status.h"
#include "common/strings.h"
#include "fmt/format.h"

namespace planck {
namespace {

absl::Status badValue(const SettingDefinition& setting, std::string_view raw,
                      std::string_view want) {
  return makeError(ErrorKind::kConfig, fmt::format("invalid value '{}' for setting {}: expected {}",
                                                   raw, setting.key, want));
}

std::string_view unquote(std::string_view raw) {
  raw = trim(raw);
  if (raw.size() >= 2 && (raw.front() == '\'' || raw.front() == '"') && raw.back() == raw.front()) {
    raw = raw.substr(1, raw.size() - 2);
  }
  return raw;
}

absl::StatusOr<std::string> canonicalize(const SettingDefinition& setting, std::string_view raw) {
  std::string_view text = unquote(raw);
  switch (setting.type) {
    case SettingType::kBoolean: {
      std::string lower = toLower(text);
      if (lower == "true" || lower == "false") return lower;
      return badValue(setting, raw, "true or false");
    }
    case SettingType::kInteger: {
      std::optional<int64_t> value = parseInt64(text);
      if (!value) return badValue(setting, raw, "an integer");
      bool too_small = setting.min_value && *value < *setting.min_value;
      bool too_large = setting.max_value && *value > *setting.max_value;
      if (too_small && !setting.max_value) {
        return badValue(setting, raw, fmt::format("an integer >= {}", *setting.min_value));
      }
      if (too_small || too_large) {
        return badValue(setting, raw,
                        fmt::format("an integer from {} to {}",
                                    setting.min_value.value_or(INT64_MIN), *setting.max_value));
      }
      return std::to_string(*value);
    }
    case SettingType::kBytes: {
      auto bytes = parseByteSize(text);
      if (!bytes.ok()) return badValue(setting, raw, "a size such as 10MB, 512k or -1");
      if (setting.min_value && *bytes < *setting.min_value) {
        return badValue(setting, raw, fmt::format("a size >= {}", *setting.min_value));
      }
      return std::to_string(*bytes);
    }
    case SettingType::kDouble: {
      std::optional<double> value = parseDouble(text);
      if (!value) return badValue(setting, raw, "a number");
      return fmt::format("{}", *value);
    }
    case SettingType::kString:
      return std::string(text);
    case SettingType::kStringList: {
      return join(split(text, ',', /*skip_empty=*/true), ",");
    }
    case SettingType::kChoice: {
      std::string lower = toLower(text);
      for (const std::string& choice : setting.choices) {
        if (lower == choice) return lower;
      }
      return badValue(setting, raw, fmt::format("one of {}", join(setting.choices, ", ")));
    }
  }
  return badValue(setting, raw, "a valid value");
}

absl::Status unknownKey(std::string_view key) {
  std::vector<std::string> keys;
  for (const SettingDefinition& setting : allSettings()) keys.push_back(setting.key);
  return makeError(ErrorKind::kConfig,
                   fmt::format("unknown setting {}{}", key, didYouMean(key, keys)));
}

}  // namespace

const SettingDefinition* findSetting(std::string_view key) {
  for (const SettingDefinition& setting : allSettings()) {
    if (equalsIgnoreCase(setting.key, key)) return &setting;
  }
  return nullptr;
}

absl::StatusOr<int64_t> parseByteSize(std::string_view text) {
  std::string lower = toLower(trim(text));
  int64_t multiplier = 1;
  struct Unit {
    std::string_view suffix;
    int64_t factor;
  };
  static constexpr Unit kUnits[] = {{"kb", 1LL << 10}, {"mb", 1LL << 20}, {"gb", 1LL << 30},
                                    {"tb", 1LL << 40}, {"k", 1LL << 10},  {"m", 1LL << 20},
                                    {"g", 1LL << 30},  {"t", 1LL << 40},  {"b", 1}};
  std::string_view digits = lower;
  for (const Unit& unit : kUnits) {
    if (digits.size() > unit.suffix.size() && digits.ends_with(unit.suffix)) {
      digits.remove_suffix(unit.suffix.size());
      multiplier = unit.factor;
      break;
    }
  }
  std::optional<int64_t> value = parseInt64(digits);
  if (!value) return absl::InvalidArgumentError(toAbsl(fmt::format("not a byte size: {}", text)));
  if (*value < 0) return *value;  // -1 conventionally disables a threshold
  if (*value > INT64_MAX / multiplier) {
    return absl::InvalidArgumentError(toAbsl(fmt::format("byte size too large: {}", text)));
  }
  return *value * multiplier;
}

absl::Status Config::set(std::string_view key, std::string_view raw) {
  const SettingDefinition* setting = findSetting(key);
  if (setting == nullptr) return unknownKey(key);
  auto value = canonicalize(*setting, raw);
  if (!value.ok()) return value.status();
  values_[setting->key] = *value;
  return absl::OkStatus();
}

absl::Status Config::reset(std::string_view key) {
  const SettingDefinition* setting = findSetting(key);
  if (setting == nullptr) return unknownKey(key);
  values_.erase(setting->key);
  return absl::OkStatus();
}

absl::StatusOr<std::string> Config::get(std::string_view key) const {
  const SettingDefinition* setting = findSetting(key);
  if (setting == nullptr) return unknownKey(key);
  return valueOf(setting->key);
}

std::string Config::valueOf(std::string_view key) const {
  const SettingDefinition* setting = findSetting(key);
  if (setting == nullptr) {
    fmt::print(stderr, "planck: internal error: setting {} is not defined\n", key);
    std::abort();
  }
  auto it = values_.find(setting->key);
  return it != values_.end() ? it->second : setting->default_value;
}

bool Config::getBool(std::string_view key) const { return valueOf(key) == "true"; }

int64_t Config::getInt(std::string_view key) const { return parseInt64(valueOf(key)).value_or(0); }

double Config::getDouble(std::string_view key) const {
  return parseDouble(valueOf(key)).value_or(0);
}

std::string Config::getString(std::string_view key) const { return valueOf(key); }

std::vector<std::string> Config::getList(std::string_view key) const {
  return split(valueOf(key), ',', /*skip_empty=*/true);
}

}  // namespace planck
