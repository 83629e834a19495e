#include "runtime/loaders/table_loader.h"

#include "common/errors.h"
#include "common/strings.h"
#include "fmt/format.h"
#include "logical/value_cast.h"
#include "runtime/columnar_table.h"
#include "runtime/loaders/delimited_reader.h"

namespace planck {
namespace {

// Writes a non-NULL value of exactly `vector`'s type into row `row`.
void store(Vector& vector, size_t row, const Value& value) {
  switch (vector.type().id()) {
    case TypeId::kBoolean:
      vector.values<uint8_t>()[row] = value.asBool() ? 1 : 0;
      break;
    case TypeId::kInteger:
    case TypeId::kDate:
      vector.values<int32_t>()[row] = static_cast<int32_t>(value.asInt());
      break;
    case TypeId::kBigInt:
    case TypeId::kDecimal:
      vector.values<int64_t>()[row] = value.asInt();
      break;
    case TypeId::kDouble:
      vector.values<double>()[row] = value.asDouble();
      break;
    case TypeId::kVarchar:
    case TypeId::kBinary:
      vector.appendString(value.asString());
      break;
    case TypeId::kNull:
    case TypeId::kInterval:
      break;
  }
}

void install(CatalogTable& table, std::vector<BatchPtr> batches, const PartitionLayout& layout) {
  table.setData(columnarData(table)->appended(std::move(batches), layout));
}

}  // namespace

absl::StatusOr<LoadTarget> loadTarget(const CatalogTable& table,
                                      const std::vector<std::string>& columns) {
  LoadTarget target;
  target.table_name = table.name();
  target.columns = table.columns();
  if (columns.empty()) {
    for (size_t i = 0; i < target.columns.size(); ++i) target.field_columns.push_back(i);
    return target;
  }
  std::vector<bool> listed(target.columns.size(), false);
  for (const std::string& name : columns) {
    std::optional<size_t> index = table.columnIndex(name);
    if (!index) {
      std::vector<std::string> names;
      for (const Column& column : target.columns) names.push_back(column.name);
      return analysisError(fmt::format("column `{}` does not exist in `{}`{}", name, table.name(),
                                       didYouMean(name, names)));
    }
    if (listed[*index]) {
      return analysisError(fmt::format("column `{}` is listed twice", target.columns[*index].name));
    }
    listed[*index] = true;
    target.field_columns.push_back(*index);
  }
  for (size_t i = 0; i < target.columns.size(); ++i) {
    if (!listed[i] && !target.columns[i].nullable) {
      return analysisError(fmt::format("column `{}` of `{}` is NOT NULL and gets no value",
                                       target.columns[i].name, table.name()));
    }
  }
  return target;
}

absl::StatusOr<LoadSummary> copyFromFile(
    CatalogTable& table, const std::vector<std::string>& columns, const std::string& path,
    const std::vector<std::pair<std::string, std::string>>& options, const PartitionLayout& layout,
    const LoadProgress& progress) {
  auto target = loadTarget(table, columns);
  if (!target.ok()) return target.status();
  auto format = delimitedFormat(path, options);
  if (!format.ok()) return format.status();
  LoadSummary summary;
  auto batches = readDelimitedFile(path, *target, *format, [&](int64_t done, int64_t total) {
    summary.bytes_read = done;
    if (progress) progress(done, total);
  });
  if (!batches.ok()) return batches.status();
  for (const BatchPtr& batch : *batches) summary.rows += static_cast<int64_t>(batch->rows);
  install(table, std::move(*batches), layout);
  return summary;
}

absl::StatusOr<LoadSummary> insertRows(CatalogTable& table, const std::vector<std::string>& columns,
                                       const std::vector<std::vector<Value>>& rows,
                                       const PartitionLayout& layout) {
  auto target = loadTarget(table, columns);
  if (!target.ok()) return target.status();
  const std::vector<Column>& table_columns = target->columns;
  std::vector<BatchPtr> batches;
  for (size_t first = 0; first < rows.size(); first += kBatchRows) {
    size_t count = std::min(kBatchRows, rows.size() - first);
    auto batch = std::make_shared<Batch>();
    batch->rows = count;
    for (const Column& column : table_columns) {
      batch->columns.push_back(column.type.storedAsBytes() ? Vector::make(column.type, 0)
                                                           : Vector::make(column.type, count));
    }
    std::vector<bool> filled(table_columns.size(), false);
    for (size_t f = 0; f < target->field_columns.size(); ++f) {
      size_t c = target->field_columns[f];
      filled[c] = true;
      const Column& column = table_columns[c];
      Vector& vector = *batch->columns[c];
      for (size_t r = 0; r < count; ++r) {
        const Value& given = rows[first + r].at(f);
        auto where = [&] {
          return fmt::format("INSERT INTO {}, row {}, column {}", table.name(), first + r + 1,
                             column.name);
        };
        absl::StatusOr<Value> value = castValue(given, column.type);
        // Storing a value is strict (Spark's ANSI store assignment): a value that does not
        // convert is an error, never a silent NULL.
        if (!value.ok() || (value->isNull() && !given.isNull())) {
          return absl::InvalidArgumentError(fmt::format("{}: cannot store {} {} as {}", where(),
                                                        given.type().sqlName(), given.toSql(),
                                                        column.type.sqlName()));
        }
        if (value->isNull()) {
          if (!column.nullable) {
            return absl::InvalidArgumentError(
                fmt::format("{}: NULL in a NOT NULL column", where()));
          }
          if (column.type.storedAsBytes()) {
            vector.appendNull();
          } else {
            vector.setNull(r);
          }
          continue;
        }
        store(vector, r, *value);
      }
    }
    for (size_t c = 0; c < table_columns.size(); ++c) {
      if (!filled[c])
        batch->columns[c] =
            Vector::constant(Value::null(table_columns[c].type), table_columns[c].type, count);
    }
    batches.push_back(std::move(batch));
  }
  LoadSummary summary;
  summary.rows = static_cast<int64_t>(rows.size());
  install(table, std::move(batches), layout);
  return summary;
}

}  // namespace planck
