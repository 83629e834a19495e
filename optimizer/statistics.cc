#include "optimizer/statistics.h"

#include <algorithm>
#include <cmath>

#include "catalog/catalog.h"
#include "fmt/format.h"
#include "logical/operators.h"

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

// Spark's EstimationUtils.getOutputSize: rows times row width, at least 1 byte.
double outputSize(const Attributes& output, double rows) {
  return std::max(1.0, rows * static_cast<double>(sizePerRow(output)));
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
      default_size_(static_cast<double>(config.getInt("spark.sql.defaultSizeInBytes"))) {}

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

}  // namespace planck
