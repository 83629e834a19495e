// Config: typed settings, SET/RESET validation, byte sizes, and the errors that name the key.
#include <string>

#include "common/config.h"
#include "common/errors.h"
#include "gtest/gtest.h"
#include "test_support.h"

namespace planck {
namespace {

using test::messageOf;

TEST(ConfigTest, DefaultsAreSparks) {
  Config config;
  EXPECT_EQ(config.getInt("spark.sql.shuffle.partitions"), 200);
  EXPECT_EQ(config.getInt("spark.sql.autoBroadcastJoinThreshold"), 10485760);
  EXPECT_TRUE(config.getBool("spark.sql.adaptive.enabled"));
  EXPECT_FALSE(config.getBool("spark.sql.cbo.enabled"));
  EXPECT_EQ(config.getString("spark.sql.planChangeLog.level"), "trace");
  EXPECT_TRUE(config.getList("spark.sql.optimizer.excludedRules").empty());
  EXPECT_EQ(config.getInt("planck.parser.maxNestingDepth"), 1000);
  EXPECT_EQ(config.get("spark.sql.shuffle.partitions").value(), "200");
  EXPECT_TRUE(config.overrides().empty());
}

TEST(ConfigTest, SetStoresTheCanonicalValueUnderTheCanonicalKey) {
  Config config;
  ASSERT_TRUE(config.set("SPARK.SQL.SHUFFLE.PARTITIONS", " 8 ").ok());
  EXPECT_EQ(config.getInt("spark.sql.shuffle.partitions"), 8);
  EXPECT_EQ(config.overrides().count("spark.sql.shuffle.partitions"), 1u);
  ASSERT_TRUE(config.set("spark.sql.cbo.enabled", "TRUE").ok());
  EXPECT_TRUE(config.getBool("spark.sql.cbo.enabled"));
  EXPECT_EQ(config.get("spark.sql.cbo.enabled").value(), "true");
  ASSERT_TRUE(config.set("spark.sql.cbo.enabled", "'false'").ok());  // quotes are stripped
  EXPECT_FALSE(config.getBool("spark.sql.cbo.enabled"));
  ASSERT_TRUE(
      config.set("spark.sql.optimizer.excludedRules", " CombineFilters, ,PushDownPredicates ")
          .ok());
  EXPECT_EQ(config.getList("spark.sql.optimizer.excludedRules"),
            (std::vector<std::string>{"CombineFilters", "PushDownPredicates"}));
  EXPECT_EQ(config.get("spark.sql.optimizer.excludedRules").value(),
            "CombineFilters,PushDownPredicates");
  ASSERT_TRUE(config.set("spark.sql.planChangeLog.level", "WARN").ok());
  EXPECT_EQ(config.getString("spark.sql.planChangeLog.level"), "warn");
}

TEST(ConfigTest, UnknownKeyNamesTheKeyAndSuggestsTheClosest) {
  Config config;
  absl::Status status = config.set("spark.sql.shufle.partitions", "10");
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(
      messageOf(status),
      "unknown setting spark.sql.shufle.partitions; did you mean `spark.sql.shuffle.partitions`?");
  EXPECT_EQ(formatError(status, ""),
            "[CONFIG_ERROR] unknown setting spark.sql.shufle.partitions; did you mean "
            "`spark.sql.shuffle.partitions`?");
  // Nothing close: no suggestion.
  EXPECT_EQ(messageOf(config.set("no.such.key", "1")), "unknown setting no.such.key");
  EXPECT_EQ(
      messageOf(config.get("spark.sql.adaptive.enabld").status()),
      "unknown setting spark.sql.adaptive.enabld; did you mean `spark.sql.adaptive.enabled`?");
  EXPECT_EQ(messageOf(config.reset("spark.sql.cbo.enabeld")),
            "unknown setting spark.sql.cbo.enabeld; did you mean `spark.sql.cbo.enabled`?");
  EXPECT_TRUE(config.overrides().empty());
}

TEST(ConfigTest, BadIntegersAreRejectedWithTheKey) {
  Config config;
  EXPECT_EQ(messageOf(config.set("spark.sql.shuffle.partitions", "abc")),
            "invalid value 'abc' for setting spark.sql.shuffle.partitions: expected an integer");
  EXPECT_EQ(messageOf(config.set("spark.sql.shuffle.partitions", "0")),
            "invalid value '0' for setting spark.sql.shuffle.partitions: expected an integer >= 1");
  EXPECT_EQ(
      messageOf(config.set("spark.sql.shuffle.partitions", "-3")),
      "invalid value '-3' for setting spark.sql.shuffle.partitions: expected an integer >= 1");
  EXPECT_FALSE(config.set("spark.sql.shuffle.partitions", "2.5").ok());
  EXPECT_FALSE(config.set("spark.sql.shuffle.partitions", "99999999999999999999").ok());
  EXPECT_FALSE(config.set("spark.sql.shuffle.partitions", "").ok());
  EXPECT_FALSE(config.set("planck.parser.maxNestingDepth", "7").ok());
  // A rejected value leaves the old one.
  EXPECT_EQ(config.getInt("spark.sql.shuffle.partitions"), 200);
  EXPECT_EQ(config.set("spark.sql.shuffle.partitions", "abc").code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(ConfigTest, BadBooleansAndChoicesAreRejectedWithTheKey) {
  Config config;
  EXPECT_EQ(messageOf(config.set("spark.sql.adaptive.enabled", "yes")),
            "invalid value 'yes' for setting spark.sql.adaptive.enabled: expected true or false");
  EXPECT_EQ(messageOf(config.set("spark.sql.planChangeLog.level", "loud")),
            "invalid value 'loud' for setting spark.sql.planChangeLog.level: expected one of "
            "trace, debug, "
            "info, warn, error");
}

TEST(ConfigTest, ByteSizes) {
  Config config;
  ASSERT_TRUE(config.set("spark.sql.autoBroadcastJoinThreshold", "10MB").ok());
  EXPECT_EQ(config.getInt("spark.sql.autoBroadcastJoinThreshold"), 10485760);
  EXPECT_EQ(config.get("spark.sql.autoBroadcastJoinThreshold").value(), "10485760");
  ASSERT_TRUE(config.set("spark.sql.autoBroadcastJoinThreshold", "-1").ok());
  EXPECT_EQ(config.getInt("spark.sql.autoBroadcastJoinThreshold"), -1);
  ASSERT_TRUE(config.set("spark.sql.autoBroadcastJoinThreshold", "512k").ok());
  EXPECT_EQ(config.getInt("spark.sql.autoBroadcastJoinThreshold"), 524288);
  ASSERT_TRUE(config.set("spark.sql.autoBroadcastJoinThreshold", "1g").ok());
  EXPECT_EQ(config.getInt("spark.sql.autoBroadcastJoinThreshold"), 1073741824);
  ASSERT_TRUE(config.set("spark.sql.autoBroadcastJoinThreshold", "2048").ok());
  EXPECT_EQ(config.getInt("spark.sql.autoBroadcastJoinThreshold"), 2048);

  EXPECT_EQ(
      messageOf(config.set("spark.sql.autoBroadcastJoinThreshold", "-2")),
      "invalid value '-2' for setting spark.sql.autoBroadcastJoinThreshold: expected a size >= -1");
  EXPECT_EQ(messageOf(config.set("spark.sql.autoBroadcastJoinThreshold", "ten")),
            "invalid value 'ten' for setting spark.sql.autoBroadcastJoinThreshold: expected a size "
            "such as "
            "10MB, 512k or -1");
  EXPECT_FALSE(config.set("spark.sql.autoBroadcastJoinThreshold", "1.5g").ok());
  EXPECT_FALSE(config.set("spark.sql.autoBroadcastJoinThreshold", "MB").ok());
  EXPECT_EQ(config.getInt("spark.sql.autoBroadcastJoinThreshold"), 2048);

  EXPECT_EQ(parseByteSize("10mb").value(), 10LL << 20);
  EXPECT_EQ(parseByteSize(" 3 KB ").value(), 3LL << 10);
  EXPECT_EQ(parseByteSize("2t").value(), 2LL << 40);
  EXPECT_EQ(parseByteSize("7b").value(), 7);
  EXPECT_FALSE(parseByteSize("").ok());
  EXPECT_FALSE(parseByteSize("k").ok());
}

// A size whose byte count does not fit in 64 bits must be rejected, not wrapped around
// (signed overflow is undefined behaviour): 16777216t is 2^64 bytes.
TEST(ConfigTest, ByteSizesThatOverflowAreRejected) {
  auto size = parseByteSize("16777216t");
  EXPECT_FALSE(size.ok()) << "parsed as " << *size;
  auto bigger = parseByteSize("16777217t");
  EXPECT_FALSE(bigger.ok()) << "parsed as " << *bigger;
  Config config;
  EXPECT_FALSE(config.set("spark.sql.autoBroadcastJoinThreshold", "16777217t").ok())
      << "stored " << config.getInt("spark.sql.autoBroadcastJoinThreshold");
}

TEST(ConfigTest, ResetRestoresDefaults) {
  Config config;
  ASSERT_TRUE(config.set("spark.sql.shuffle.partitions", "4").ok());
  ASSERT_TRUE(config.set("spark.sql.cbo.enabled", "true").ok());
  ASSERT_TRUE(config.reset("Spark.Sql.Shuffle.Partitions").ok());
  EXPECT_EQ(config.getInt("spark.sql.shuffle.partitions"), 200);
  EXPECT_TRUE(config.getBool("spark.sql.cbo.enabled"));
  EXPECT_EQ(config.overrides().size(), 1u);
  config.resetAll();
  EXPECT_FALSE(config.getBool("spark.sql.cbo.enabled"));
  EXPECT_TRUE(config.overrides().empty());
  // Resetting a key that was never set is fine.
  EXPECT_TRUE(config.reset("spark.sql.cbo.enabled").ok());
}

TEST(ConfigTest, EverySettingHasAValidDefault) {
  ASSERT_FALSE(allSettings().empty());
  for (const SettingDefinition& setting : allSettings()) {
    Config config;
    EXPECT_TRUE(config.set(setting.key, setting.default_value).ok()) << setting.key;
    EXPECT_EQ(config.get(setting.key).value(), setting.default_value) << setting.key;
    EXPECT_EQ(findSetting(setting.key), &setting);
    EXPECT_FALSE(setting.doc.empty()) << setting.key;
  }
  EXPECT_EQ(findSetting("nope"), nullptr);
}

TEST(ConfigTest, SessionSetAndResetStatements) {
  auto session = Session::withTpchSchema();
  auto results = session->run(
      "SET spark.sql.shuffle.partitions = 16; SET spark.sql.autoBroadcastJoinThreshold = 10MB");
  ASSERT_TRUE(results.ok()) << results.status();
  ASSERT_EQ(results->size(), 2u);
  ASSERT_TRUE((*results)[1].table.has_value());
  EXPECT_EQ((*results)[1].table->rows, (std::vector<std::vector<std::string>>{
                                           {"spark.sql.autoBroadcastJoinThreshold", "10485760"}}));
  EXPECT_EQ(session->config().getInt("spark.sql.shuffle.partitions"), 16);

  // SET key shows one value; SET lists the overrides.
  auto shown = session->run("SET spark.sql.shuffle.partitions");
  ASSERT_TRUE(shown.ok());
  EXPECT_EQ((*shown)[0].table->rows,
            (std::vector<std::vector<std::string>>{{"spark.sql.shuffle.partitions", "16"}}));
  auto listed = session->run("SET");
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ((*listed)[0].table->rows.size(), 2u);

  ASSERT_TRUE(session->run("RESET spark.sql.shuffle.partitions").ok());
  EXPECT_EQ(session->config().getInt("spark.sql.shuffle.partitions"), 200);
  EXPECT_EQ(session->config().getInt("spark.sql.autoBroadcastJoinThreshold"), 10485760);
  ASSERT_TRUE(session->run("SET spark.sql.cbo.enabled = true; RESET").ok());
  EXPECT_FALSE(session->config().getBool("spark.sql.cbo.enabled"));
  EXPECT_TRUE(session->config().overrides().empty());

  // The raw text after '=' is the value: a quoted string, a negative number.
  ASSERT_TRUE(session->run("SET spark.sql.autoBroadcastJoinThreshold = -1").ok());
  EXPECT_EQ(session->config().getInt("spark.sql.autoBroadcastJoinThreshold"), -1);
  ASSERT_TRUE(session->run("SET spark.sql.optimizer.excludedRules = 'A,B'").ok());
  EXPECT_EQ(session->config().getList("spark.sql.optimizer.excludedRules"),
            (std::vector<std::string>{"A", "B"}));
}

// A bad value is reported at the value, an unknown key at the key.
TEST(ConfigTest, SessionConfigErrorsPointAtTheKeyOrTheValue) {
  auto session = Session::withTpchSchema();
  const char* set_sql = "\n  SET spark.sql.shuffle.partitions = abc";
  absl::Status status = session->run(set_sql).status();
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(messageOf(status),
            "invalid value 'abc' for setting spark.sql.shuffle.partitions: expected an integer");
  EXPECT_EQ(errorOrigin(status).line, 2);
  EXPECT_EQ(errorOrigin(status).column, 38);
  EXPECT_EQ(formatError(status, set_sql),
            "[CONFIG_ERROR] invalid value 'abc' for setting spark.sql.shuffle.partitions: expected "
            "an integer "
            "(line 2:38)\n  SET spark.sql.shuffle.partitions = abc\n                               "
            "      ^");
  absl::Status unknown = session->run("RESET spark.sql.nope").status();
  EXPECT_EQ(
      formatError(unknown, "RESET spark.sql.nope"),
      "[CONFIG_ERROR] unknown setting spark.sql.nope (line 1:7)\nRESET spark.sql.nope\n      ^");
  absl::Status unknown_set = session->run("SET spark.sql.nope = 1").status();
  EXPECT_EQ(errorOrigin(unknown_set).column, 5);
}

}  // namespace
}  // namespace planck
