#include "catalog/catalog.h"

#include "common/errors.h"
#include "common/strings.h"
#include "fmt/format.h"

namespace planck {

std::optional<size_t> CatalogTable::columnIndex(std::string_view name) const {
  for (size_t i = 0; i < columns_.size(); ++i) {
    if (equalsIgnoreCase(columns_[i].name, name)) return i;
  }
  return std::nullopt;
}

void CatalogTable::setData(TableDataPtr data) {
  if (data != nullptr) {
    statistics_.size_in_bytes = data->sizeInBytes();
    statistics_.row_count = data->rowCount();
  } else {
    statistics_.size_in_bytes.reset();
    statistics_.row_count.reset();
  }
  // Size and row count are exact after every change; column statistics need a new ANALYZE.
  statistics_.stale = !statistics_.columns.empty();
  data_.store(std::move(data), std::memory_order_release);
}

std::shared_ptr<CatalogTable> CatalogTable::makeView(std::string name, std::vector<Column> columns,
                                                     std::string sql, PlanPtr plan) {
  auto view = std::make_shared<CatalogTable>(std::move(name), std::move(columns));
  view->kind_ = Kind::kView;
  view->view_text_ = std::move(sql);
  view->view_plan_ = std::move(plan);
  return view;
}

absl::Status Catalog::add(std::shared_ptr<CatalogTable> table, bool replace) {
  std::string key = toLower(table->name());
  auto it = tables_.find(key);
  if (it != tables_.end() && !replace) {
    return makeError(ErrorKind::kCatalog,
                     fmt::format("{} `{}` already exists",
                                 it->second->kind() == CatalogTable::Kind::kView ? "view" : "table",
                                 table->name()));
  }
  tables_[key] = std::move(table);
  return absl::OkStatus();
}

absl::Status Catalog::drop(std::string_view name, CatalogTable::Kind kind) {
  auto it = tables_.find(toLower(name));
  std::string_view what = kind == CatalogTable::Kind::kView ? "view" : "table";
  if (it == tables_.end()) {
    return makeError(ErrorKind::kCatalog, fmt::format("{} `{}` does not exist{}", what, name,
                                                      didYouMean(name, names())));
  }
  if (it->second->kind() != kind) {
    return makeError(ErrorKind::kCatalog,
                     fmt::format("`{}` is a {}, not a {}", name,
                                 kind == CatalogTable::Kind::kView ? "table" : "view", what));
  }
  tables_.erase(it);
  return absl::OkStatus();
}

std::shared_ptr<CatalogTable> Catalog::find(std::string_view name) const {
  auto it = tables_.find(toLower(name));
  return it == tables_.end() ? nullptr : it->second;
}

absl::StatusOr<std::shared_ptr<CatalogTable>> Catalog::lookup(std::string_view name) const {
  if (auto table = find(name)) return table;
  return makeError(ErrorKind::kCatalog, fmt::format("table or view `{}` cannot be found{}", name,
                                                    didYouMean(name, names())));
}

std::vector<std::string> Catalog::names() const {
  std::vector<std::string> names;
  for (const auto& [key, table] : tables_) names.push_back(table->name());
  return names;
}

void addTpchSchema(Catalog& catalog) {
  const DataType integer = DataType::integer(), money = DataType::decimal(15, 2),
                 text = DataType::varchar(), date = DataType::date();
  struct TableDef {
    const char* name;
    std::vector<Column> columns;
    std::vector<std::string> key;
  };
  const std::vector<TableDef> tables = {
      {"nation",
       {{"n_nationkey", integer, false},
        {"n_name", text, false},
        {"n_regionkey", integer, false},
        {"n_comment", text, true}},
       {"n_nationkey"}},
      {"region",
       {{"r_regionkey", integer, false}, {"r_name", text, false}, {"r_comment", text, true}},
       {"r_regionkey"}},
      {"part",
       {{"p_partkey", integer, false},
        {"p_name", text, false},
        {"p_mfgr", text, false},
        {"p_brand", text, false},
        {"p_type", text, false},
        {"p_size", integer, false},
        {"p_container", text, false},
        {"p_retailprice", money, false},
        {"p_comment", text, false}},
       {"p_partkey"}},
      {"supplier",
       {{"s_suppkey", integer, false},
        {"s_name", text, false},
        {"s_address", text, false},
        {"s_nationkey", integer, false},
        {"s_phone", text, false},
        {"s_acctbal", money, false},
        {"s_comment", text, false}},
       {"s_suppkey"}},
      {"partsupp",
       {{"ps_partkey", integer, false},
        {"ps_suppkey", integer, false},
        {"ps_availqty", integer, false},
        {"ps_supplycost", money, false},
        {"ps_comment", text, false}},
       {"ps_partkey", "ps_suppkey"}},
      {"customer",
       {{"c_custkey", integer, false},
        {"c_name", text, false},
        {"c_address", text, false},
        {"c_nationkey", integer, false},
        {"c_phone", text, false},
        {"c_acctbal", money, false},
        {"c_mktsegment", text, false},
        {"c_comment", text, false}},
       {"c_custkey"}},
      {"orders",
       {{"o_orderkey", integer, false},
        {"o_custkey", integer, false},
        {"o_orderstatus", text, false},
        {"o_totalprice", money, false},
        {"o_orderdate", date, false},
        {"o_orderpriority", text, false},
        {"o_clerk", text, false},
        {"o_shippriority", integer, false},
        {"o_comment", text, false}},
       {"o_orderkey"}},
      {"lineitem",
       {{"l_orderkey", integer, false},
        {"l_partkey", integer, false},
        {"l_suppkey", integer, false},
        {"l_linenumber", integer, false},
        {"l_quantity", money, false},
        {"l_extendedprice", money, false},
        {"l_discount", money, false},
        {"l_tax", money, false},
        {"l_returnflag", text, false},
        {"l_linestatus", text, false},
        {"l_shipdate", date, false},
        {"l_commitdate", date, false},
        {"l_receiptdate", date, false},
        {"l_shipinstruct", text, false},
        {"l_shipmode", text, false},
        {"l_comment", text, false}},
       {"l_orderkey", "l_linenumber"}},
  };
  for (const TableDef& def : tables) {
    auto table = std::make_shared<CatalogTable>(def.name, def.columns);
    table->setPrimaryKey(def.key);
    (void)catalog.add(std::move(table), /*replace=*/true);
  }
}

}  // namespace planck
