// How sqllogictest turns query results into the text it compares (about.wiki, "Test-Script
// Format"): one value per line, integers as printf("%d"), floating point as printf("%.3f"),
// NULL as "NULL", the empty string as "(empty)", unprintable characters as "@"; rows or values
// sorted as the record's sort mode says; long results compared as an MD5 hash.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "tests/integration/sqllogictest_reader.h"
#include "tests/sqllogictest/engine.h"

namespace planck::sqllogictest {

// `value` rendered for a column of type `type` ('I', 'R' or 'T'). A value of another kind is
// converted as SQLite's sqlite3_column_int64 / _double / _text would: 3.9 in an I column is 3,
// "12abc" is 12, 7 in an R column is 7.000.
std::string renderValue(const Value& value, char type);

// The rendered values of `rows`, one per result value, in the order `mode` asks for. Rows must
// have types.size() values each (checked by the caller).
std::vector<std::string> renderResults(const QueryRows& rows, std::string_view types,
                                       SortMode mode);

// "N values hashing to <md5>" of rendered values: the MD5 of every value followed by '\n'.
ResultHash hashValues(const std::vector<std::string>& values);

}  // namespace planck::sqllogictest
