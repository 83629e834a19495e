#include "optimizer/statistics.h"

#include <algorithm>
#include <cmath>

#include "catalog/catalog.h"
#include "common/strings.h"
#include "fmt/format.h"
#include "logical/operators.h"
#include "optimizer/estimation/filter_estimation.h"
#include "optimizer/estimation/join_estimation.h"

namespace planck {
namespace {

// The integer value of a LIMIT / OFFSET count (a literal after analysis), or nullopt.
std::optional<double> countOf(const ExprPtr& count) {
  const auto* literal = count->as<Literal>();
  if (literal == nullptr || literal->value().isNull() || !literal->value().type().isIntegral()) {
    return std::nullopt;
  }
  return static_cast<double>(literal->value().asInt());
}

// Spark's EstimationUtils.getOutputSize: rows times row width, at least 1 byte. A column with
// statistics is as wide as its average length (a string's plus its 8-byte header and 4-byte
// offset, as Spark counts), the others their type's default size.
double outputSize(const Attributes& output, double rows, const AttributeStats& stats = {}) {
  double row = 8;
  for (const AttributePtr& attribute : output) {
    auto found = stats.find(attribute->exprId());
    if (found != stats.end() && found->second.avg_length) {
      row += *found->second.avg_length + (attribute->dataType().isString() ? 12 : 0);
    } else {
      row += static_cast<double>(defaultSizeOf(attribute->dataType()));
    }
  }
  return std::max(1.0, rows * row);
}

// Only the statistics of `output`'s columns.
AttributeStats statsOf(const Attributes& output, const AttributeStats& stats) {
  AttributeStats kept;
  for (const AttributePtr& attribute : output) {
    auto found = stats.find(attribute->exprId());
    if (found != stats.end()) kept.emplace(attribute->exprId(), found->second);
  }
  return kept;
}

PlanStatistics withRows(const Attributes& output, double rows, AttributeStats stats) {
  for (auto& [id, stat] : stats) {
    if (stat.distinct_count) stat.distinct_count = std::min(*stat.distinct_count, rows);
    stat.null_count = std::min(stat.null_count, rows);
  }
  AttributeStats kept = statsOf(output, stats);
  return {outputSize(output, rows, kept), rows, std::move(kept)};
}

}  // namespace

std::string bytesToString(double bytes) {
  // Spark's Utils.bytesToString: binary units up to EiB, then 3 significant digits in bytes.
  static const char* kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  if (bytes >= 2048 * std::ldexp(1.0, 60)) return fmt::format("{:.2E} B", bytes);
  double value = bytes;
  int unit = 0;
  while (value >= 1024 && unit < 6) {
    value /= 1024;
    ++unit;
  }
  return fmt::format("{:.1f} {}", value, kUnits[unit]);
}

std::string PlanStatistics::toString() const {
  std::string text = "Statistics(sizeInBytes=" + bytesToString(size_in_bytes);
  if (row_count) text += fmt::format(", rowCount={:.0f}", *row_count);
  return text + ")";
}

int64_t defaultSizeOf(DataType type) {
  switch (type.id()) {
    case TypeId::kBoolean:
    case TypeId::kNull:
      return 1;
    case TypeId::kInteger:
    case TypeId::kDate:
      return 4;
    case TypeId::kBigInt:
    case TypeId::kDouble:
    case TypeId::kDecimal:
      return 8;
    case TypeId::kVarchar:
      return 20;
    case TypeId::kBinary:
      return 100;  // Spark's BinaryType.defaultSize
    case TypeId::kInterval:
      return 16;
  }
  return 8;
}

int64_t sizePerRow(const Attributes& output) {
  int64_t size = 8;
  for (const AttributePtr& attribute : output) size += defaultSizeOf(attribute->dataType());
  return size;
}

SizeEstimator::SizeEstimator(const Catalog* catalog, const Config& config)
    : catalog_(catalog),
      default_size_(static_cast<double>(config.getInt("spark.sql.defaultSizeInBytes"))),
      cbo_(config.getBool("spark.sql.cbo.enabled")) {}

const PlanStatistics& SizeEstimator::statisticsOf(const PlanPtr& plan) {
  auto found = cache_.find(plan.get());
  if (found != cache_.end()) return found->second;
  PlanStatistics computed = compute(plan);
  return cache_.emplace(plan.get(), computed).first->second;
}

// Spark's visitUnaryNode: the child's size scaled by how much wider or narrower a row gets.
PlanStatistics SizeEstimator::scaledByRowWidth(const LogicalPlan& plan) {
  const PlanStatistics& child = statisticsOf(plan.child(0));
  double child_row = static_cast<double>(sizePerRow(plan.child(0)->output()));
  double output_row = static_cast<double>(sizePerRow(plan.output()));
  double size = std::floor(child.size_in_bytes * output_row / child_row);
  return {std::max(size, 1.0), std::nullopt};
}

// A catalog table's size when known, else spark.sql.defaultSizeInBytes (which no broadcast
// threshold reaches). Departure from Spark: planck's column pruning narrows the Relation itself
// instead of putting a Project over it, so the size is scaled by the read columns' share of a
// row here, as Spark's Project over the full relation would scale it.
PlanStatistics SizeEstimator::relationStatistics(const LogicalPlan& relation) {
  const auto& scan = *relation.as<Relation>();
  std::shared_ptr<CatalogTable> table = catalog_ ? catalog_->find(scan.tableName()) : nullptr;
  if (table == nullptr || !table->statistics().size_in_bytes) return {default_size_, std::nullopt};
  double size = static_cast<double>(*table->statistics().size_in_bytes);
  int64_t full_row = 8;
  for (const Column& column : table->columns()) full_row += defaultSizeOf(column.type);
  double read_row = static_cast<double>(sizePerRow(relation.output()));
  double scaled = std::max(1.0, std::floor(size * read_row / static_cast<double>(full_row)));
  std::optional<double> rows;
  if (table->statistics().row_count) rows = static_cast<double>(*table->statistics().row_count);
  return {scaled, rows};
}

PlanStatistics SizeEstimator::compute(const PlanPtr& plan) {
  if (const auto* stage = plan->as<LogicalQueryStage>()) {
    // What the stage measured (both with and without CBO), or the estimate of what it replaced.
    if (!stage->observed()) return statisticsOf(stage->logical());
    PlanStatistics observed(static_cast<double>(std::max<int64_t>(1, stage->observed()->bytes)),
                            static_cast<double>(stage->observed()->rows));
    observed.is_runtime = true;
    return observed;
  }
  if (cbo_) {
    if (std::optional<PlanStatistics> estimated = estimate(plan)) return *estimated;
  }
  switch (plan->kind()) {
    case PlanKind::kRelation:
      return relationStatistics(*plan);
    case PlanKind::kLocalRelation: {
      double rows = static_cast<double>(plan->as<LocalRelation>()->rows().size());
      return {std::max(1.0, rows * static_cast<double>(sizePerRow(plan->output()) - 8)), rows};
    }
    case PlanKind::kOneRowRelation:
      return {1, 1};
    case PlanKind::kFilter:
    case PlanKind::kSort:
    case PlanKind::kSubqueryAlias:
    case PlanKind::kResolvedHint:
    case PlanKind::kDistinct:
    case PlanKind::kWithCte:
    case PlanKind::kCteRelationDef:
      return {statisticsOf(plan->children().back()).size_in_bytes, std::nullopt};
    case PlanKind::kExcept:
      return statisticsOf(plan->child(0));
    case PlanKind::kOffset: {
      PlanStatistics child = statisticsOf(plan->child(0));
      child.row_count.reset();
      return child;
    }
    case PlanKind::kAggregate:
      if (plan->as<Aggregate>()->groupingExpressions().empty()) {
        return {outputSize(plan->output(), 1), 1};
      }
      return scaledByRowWidth(*plan);
    case PlanKind::kExpand: {
      PlanStatistics scaled = scaledByRowWidth(*plan);
      scaled.size_in_bytes *= static_cast<double>(plan->as<Expand>()->projections().size());
      return scaled;
    }
    case PlanKind::kGlobalLimit: {
      std::optional<double> limit = countOf(plan->as<GlobalLimit>()->count());
      const PlanStatistics& child = statisticsOf(plan->child(0));
      if (!limit) return {child.size_in_bytes, std::nullopt};
      double rows = child.row_count ? std::min(*child.row_count, *limit) : *limit;
      return {outputSize(plan->output(), rows), rows};
    }
    case PlanKind::kLocalLimit: {
      std::optional<double> limit = countOf(plan->as<LocalLimit>()->count());
      if (limit && *limit == 0) return {1, 0};
      return statisticsOf(plan->child(0));
    }
    case PlanKind::kJoin: {
      JoinType type = plan->as<Join>()->joinType();
      if (type == JoinType::kLeftSemi || type == JoinType::kLeftAnti) {
        return {statisticsOf(plan->child(0)).size_in_bytes, std::nullopt};
      }
      break;  // the product of the sides, below
    }
    case PlanKind::kUnion: {
      double total = 0;
      for (const PlanPtr& child : plan->children()) total += statisticsOf(child).size_in_bytes;
      return {total, std::nullopt};
    }
    case PlanKind::kIntersect: {
      double left = statisticsOf(plan->child(0)).size_in_bytes;
      double right = statisticsOf(plan->child(1)).size_in_bytes;
      return {std::min(left, right), std::nullopt};
    }
    default:
      break;
  }
  if (plan->children().size() == 1) return scaledByRowWidth(*plan);
  if (plan->children().empty()) return {default_size_, std::nullopt};
  // Spark's default for several children: the product of their (positive) sizes.
  double product = 1;
  for (const PlanPtr& child : plan->children()) {
    double size = statisticsOf(child).size_in_bytes;
    if (size > 0) product *= size;
  }
  return {product, std::nullopt};
}

std::optional<PlanStatistics> SizeEstimator::estimate(const PlanPtr& plan) {
  const Attributes& output = plan->output();
  // The single child's estimate when it has a row count.
  auto child = [&]() -> const PlanStatistics* {
    const PlanStatistics& stats = statisticsOf(plan->children().back());
    return stats.row_count ? &stats : nullptr;
  };
  switch (plan->kind()) {
    case PlanKind::kRelation: {
      const auto& scan = *plan->as<Relation>();
      std::shared_ptr<CatalogTable> table = catalog_ ? catalog_->find(scan.tableName()) : nullptr;
      if (table == nullptr || !table->statistics().row_count) return std::nullopt;
      AttributeStats stats;
      for (const AttributePtr& attribute : output) {
        auto found = table->statistics().columns.find(toLower(attribute->name()));
        if (found != table->statistics().columns.end()) {
          stats.emplace(attribute->exprId(), columnStatFrom(found->second));
        }
      }
      return withRows(output, static_cast<double>(*table->statistics().row_count),
                      std::move(stats));
    }
    case PlanKind::kFilter: {
      const PlanStatistics* input = child();
      if (input == nullptr) return std::nullopt;
      FilterEstimate filtered = estimateFilter(plan->as<Filter>()->condition(), *input->row_count,
                                               input->attribute_stats);
      return withRows(output, filtered.rows, std::move(filtered.stats));
    }
    case PlanKind::kProject: {
      const PlanStatistics* input = child();
      if (input == nullptr) return std::nullopt;
      AttributeStats stats;
      for (const ExprPtr& item : plan->as<Project>()->projectList()) {
        const Expression* source = item.get();
        ExprId id = 0;
        if (const auto* alias = item->as<Alias>()) {
          source = alias->child(0).get();
          id = alias->exprId();
        }
        const auto* column = source->as<AttributeReference>();
        if (column == nullptr) continue;
        if (id == 0) id = column->exprId();
        auto found = input->attribute_stats.find(column->exprId());
        if (found != input->attribute_stats.end()) stats.emplace(id, found->second);
      }
      return withRows(output, *input->row_count, std::move(stats));
    }
    case PlanKind::kJoin: {
      const PlanStatistics& left = statisticsOf(plan->child(0));
      const PlanStatistics& right = statisticsOf(plan->child(1));
      if (!left.row_count || !right.row_count) return std::nullopt;
      std::optional<FilterEstimate> joined =
          estimateJoin(*plan->as<Join>(), *left.row_count, left.attribute_stats, *right.row_count,
                       right.attribute_stats);
      if (!joined) return std::nullopt;
      return withRows(output, joined->rows, std::move(joined->stats));
    }
    case PlanKind::kAggregate: {
      const PlanStatistics* input = child();
      if (input == nullptr) return std::nullopt;
      const auto& aggregate = *plan->as<Aggregate>();
      // Spark's AggregateEstimation: the product of the grouping columns' distinct counts (one
      // more for a column with NULLs), at most the input rows.
      double groups = 1;
      for (const ExprPtr& key : aggregate.groupingExpressions()) {
        const auto* column = key->as<AttributeReference>();
        if (column == nullptr) return std::nullopt;
        auto found = input->attribute_stats.find(column->exprId());
        if (found == input->attribute_stats.end() || !found->second.distinct_count) {
          return std::nullopt;
        }
        groups *= *found->second.distinct_count + (found->second.null_count > 0 ? 1 : 0);
      }
      double rows =
          aggregate.groupingExpressions().empty() ? 1 : std::min(groups, *input->row_count);
      // A group is one row: the input's histograms, which count its rows per value, no longer
      // describe the grouping columns (Spark keeps them).
      AttributeStats stats = input->attribute_stats;
      for (auto& [id, stat] : stats) stat.histogram.reset();
      return withRows(output, rows, std::move(stats));
    }
    case PlanKind::kGlobalLimit:
    case PlanKind::kLocalLimit: {
      const PlanStatistics* input = child();
      if (input == nullptr) return std::nullopt;
      const ExprPtr& count = plan->kind() == PlanKind::kGlobalLimit
                                 ? plan->as<GlobalLimit>()->count()
                                 : plan->as<LocalLimit>()->count();
      std::optional<double> limit = countOf(count);
      if (!limit) return std::nullopt;
      return withRows(output, std::min(*limit, *input->row_count), input->attribute_stats);
    }
    case PlanKind::kSort:
    case PlanKind::kSubqueryAlias:
    case PlanKind::kResolvedHint:
    case PlanKind::kWithCte: {
      const PlanStatistics* input = child();
      if (input == nullptr) return std::nullopt;
      return withRows(output, *input->row_count, input->attribute_stats);
    }
    case PlanKind::kUnion: {
      double rows = 0;
      for (const PlanPtr& part : plan->children()) {
        const PlanStatistics& stats = statisticsOf(part);
        if (!stats.row_count) return std::nullopt;
        rows += *stats.row_count;
      }
      return withRows(output, rows, {});
    }
    default:
      return std::nullopt;
  }
}

}  // namespace planck
