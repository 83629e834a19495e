// Spark's plan-change log (spark.sql.planChangeLog.level / .rules / .batches): what each rule
// and each batch of the optimizer did, as log messages at the configured level. planck shows a
// message when its level is at least planck.logLevel (default WARN, like spark-shell's console),
// so with the defaults (TRACE) nothing shows and `SET spark.sql.planChangeLog.level = warn`
// makes the log appear.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "common/config.h"
#include "optimizer/rule_executor.h"

namespace planck {

// Log levels, lowest first, named as the settings name them.
enum class LogLevel : uint8_t { kTrace, kDebug, kInfo, kWarn, kError };
// The level a setting names ("trace" ... "error").
LogLevel parseLogLevel(std::string_view name);
// "TRACE" ... "ERROR", as log lines print it.
std::string_view logLevelName(LogLevel level);

// Receives a message the session shows (already filtered by planck.logLevel).
using LogSink = std::function<void(std::string message)>;

// Sends `message` to `sink` when `level` is at least the config's planck.logLevel, as
// "LEVEL source: message".
void logMessage(const Config& config, const LogSink& sink, LogLevel level, std::string_view source,
                std::string_view message);

// Adds the plan-change log to `observer`: after each effective rule and each batch, and once at
// the end (call the returned function when the execution is over), messages in Spark's form
// ("=== Applying Rule X ===", "=== Result of Batch B ===", "Batch B has no effect.", "=== Metrics
// of Executed Rules ==="). The plans are shown as a unified diff. Returns an empty function and
// leaves `observer` alone when the log level is below planck.logLevel (the default).
std::function<void()> attachPlanChangeLog(const Config& config, const LogSink& sink,
                                          ExecutionObserver& observer);

}  // namespace planck
