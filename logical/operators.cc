#include "logical/operators.h"

#include "common/strings.h"

namespace planck {
namespace {

std::vector<ExprPtr> asExprs(const Attributes& attributes) {
  return {attributes.begin(), attributes.end()};
}

// The attribute a named expression produces (attributes pass through, aliases name).
AttributePtr toAttribute(const ExprPtr& expr) {
  if (const auto* alias = expr->as<Alias>()) return alias->toAttribute();
  if (expr->is<AttributeReference>())
    return std::static_pointer_cast<const AttributeReference>(expr);
  // Unresolved or unnamed: a placeholder that never resolves.
  return std::make_shared<AttributeReference>(expr->sql(), expr->dataType(), true, -1);
}

template <class T>
std::shared_ptr<T> copyOf(const T& node) {
  return std::make_shared<T>(node);
}

}  // namespace

std::string UnresolvedRelation::name() const { return join(name_parts_, "."); }

std::vector<NodeParam> UnresolvedRelation::params() const {
  return {{"multipartIdentifier", name_parts_}};
}

UnresolvedWith::UnresolvedWith(PlanPtr child, std::vector<CteDefinition> ctes)
    : ctes_(std::move(ctes)) {
  for (const CteDefinition& cte : ctes_) children_.push_back(cte.query);
  children_.push_back(std::move(child));
}

std::vector<CteDefinition> UnresolvedWith::ctes() const {
  std::vector<CteDefinition> result = ctes_;
  for (size_t i = 0; i < result.size(); ++i) result[i].query = children_[i];
  return result;
}

std::vector<NodeParam> UnresolvedWith::params() const {
  std::vector<std::string> names;
  for (const CteDefinition& cte : ctes_) names.push_back(cte.name);
  return {{"cteRelations", names}};
}

std::vector<NodeParam> UnresolvedHint::params() const {
  return {{"name", name_}, {"parameters", parameters_}};
}

std::vector<NodeParam> UnresolvedInlineTable::params() const {
  return {{"names", column_names_}, {"rows", rows_}};
}

std::vector<ExprPtr> UnresolvedInlineTable::expressions() const {
  std::vector<ExprPtr> all;
  for (const auto& row : rows_) all.insert(all.end(), row.begin(), row.end());
  return all;
}

PlanPtr UnresolvedInlineTable::copyWithExpressions(std::vector<ExprPtr> expressions) const {
  auto copy = copyOf(*this);
  size_t next = 0;
  for (auto& row : copy->rows_) {
    for (auto& value : row) value = expressions[next++];
  }
  return copy;
}

PlanPtr UnresolvedHaving::copyWithExpressions(std::vector<ExprPtr> expressions) const {
  auto copy = copyOf(*this);
  copy->condition_ = std::move(expressions[0]);
  return copy;
}

std::vector<NodeParam> Relation::params() const {
  return {{"table", table_name_}, {"output", asExprs(output_)}};
}

std::vector<NodeParam> LocalRelation::params() const {
  return {{"output", asExprs(output_)}, {"rows", static_cast<int64_t>(rows_.size())}};
}

std::vector<NodeParam> CteRelationRef::params() const {
  return {{"id", cte_id_}, {"output", asExprs(output_)}};
}

Attributes SubqueryAlias::computeOutput() const {
  Attributes output = child(0)->output();
  for (AttributePtr& attribute : output) attribute = attribute->withQualifier({alias_});
  return output;
}

std::vector<NodeParam> SubqueryAlias::params() const {
  std::vector<NodeParam> params = {{"alias", alias_}};
  if (!column_aliases_.empty()) params.push_back({"columnAliases", column_aliases_});
  return params;
}

Attributes Project::computeOutput() const {
  Attributes output;
  output.reserve(project_list_.size());
  for (const ExprPtr& expr : project_list_) output.push_back(toAttribute(expr));
  return output;
}

PlanPtr Project::copyWithExpressions(std::vector<ExprPtr> expressions) const {
  auto copy = copyOf(*this);
  copy->project_list_ = std::move(expressions);
  return copy;
}

PlanPtr Filter::copyWithExpressions(std::vector<ExprPtr> expressions) const {
  auto copy = copyOf(*this);
  copy->condition_ = std::move(expressions[0]);
  return copy;
}

std::string_view joinTypeName(JoinType type) {
  switch (type) {
    case JoinType::kInner:
      return "Inner";
    case JoinType::kCross:
      return "Cross";
    case JoinType::kLeftOuter:
      return "LeftOuter";
    case JoinType::kRightOuter:
      return "RightOuter";
    case JoinType::kFullOuter:
      return "FullOuter";
    case JoinType::kLeftSemi:
      return "LeftSemi";
    case JoinType::kLeftAnti:
      return "LeftAnti";
  }
  return "?";
}

std::string_view hintName(JoinStrategyHint hint) {
  switch (hint) {
    case JoinStrategyHint::kNone:
      return "none";
    case JoinStrategyHint::kBroadcast:
      return "broadcast";
    case JoinStrategyHint::kShuffleMerge:
      return "merge";
    case JoinStrategyHint::kShuffleHash:
      return "shuffle_hash";
    case JoinStrategyHint::kShuffleReplicateNl:
      return "shuffle_replicate_nl";
    case JoinStrategyHint::kNoBroadcastHash:
      return "no_broadcast_hash";
    case JoinStrategyHint::kPreferShuffleHash:
      return "prefer_shuffle_hash";
  }
  return "?";
}

std::optional<JoinStrategyHint> parseJoinHint(std::string_view name) {
  std::string upper = toUpper(name);
  if (upper == "BROADCAST" || upper == "BROADCASTJOIN" || upper == "MAPJOIN") {
    return JoinStrategyHint::kBroadcast;
  }
  if (upper == "MERGE" || upper == "SHUFFLE_MERGE" || upper == "MERGEJOIN") {
    return JoinStrategyHint::kShuffleMerge;
  }
  if (upper == "SHUFFLE_HASH") return JoinStrategyHint::kShuffleHash;
  if (upper == "SHUFFLE_REPLICATE_NL") return JoinStrategyHint::kShuffleReplicateNl;
  return std::nullopt;
}

PlanPtr Join::makeUsing(PlanPtr left, PlanPtr right, JoinType type,
                        std::vector<std::string> using_columns, bool natural) {
  auto join = std::make_shared<Join>(std::move(left), std::move(right), type, nullptr);
  join->is_using_ = true;
  join->natural_ = natural;
  join->using_columns_ = std::move(using_columns);
  return join;
}

Attributes Join::computeOutput() const {
  Attributes left_output = left()->output();
  if (!outputsRight(type_)) return left_output;
  Attributes right_output = right()->output();
  bool left_nullable = type_ == JoinType::kRightOuter || type_ == JoinType::kFullOuter;
  bool right_nullable = type_ == JoinType::kLeftOuter || type_ == JoinType::kFullOuter;
  Attributes output;
  output.reserve(left_output.size() + right_output.size());
  for (const AttributePtr& attr : left_output) {
    output.push_back(left_nullable ? attr->withNullability(true) : attr);
  }
  for (const AttributePtr& attr : right_output) {
    output.push_back(right_nullable ? attr->withNullability(true) : attr);
  }
  return output;
}

std::vector<NodeParam> Join::params() const {
  std::string type(joinTypeName(type_));
  if (is_using_) {
    type = natural_ ? "NaturalJoin(" + type + ")"
                    : "UsingJoin(" + type + ", [" + join(using_columns_, ", ") + "])";
  }
  std::vector<NodeParam> params = {{"joinType", type}};
  if (condition_) params.push_back({"condition", condition_});
  if (hint_.left != JoinStrategyHint::kNone) {
    params.push_back({"leftHint", "leftHint=(strategy=" + std::string(hintName(hint_.left)) + ")"});
  }
  if (hint_.right != JoinStrategyHint::kNone) {
    params.push_back(
        {"rightHint", "rightHint=(strategy=" + std::string(hintName(hint_.right)) + ")"});
  }
  return params;
}

std::vector<ExprPtr> Join::expressions() const {
  if (condition_) return {condition_};
  return {};
}

PlanPtr Join::copyWithExpressions(std::vector<ExprPtr> expressions) const {
  auto copy = copyOf(*this);
  copy->condition_ = expressions.empty() ? nullptr : std::move(expressions[0]);
  return copy;
}

PlanPtr Join::withHint(JoinHint hint) const {
  if (hint == hint_) return self();
  auto copy = copyOf(*this);
  copy->hint_ = hint;
  return copy;
}

Attributes Aggregate::computeOutput() const {
  Attributes output;
  output.reserve(aggregates_.size());
  for (const ExprPtr& expr : aggregates_) output.push_back(toAttribute(expr));
  return output;
}

std::vector<NodeParam> Aggregate::params() const {
  if (!analytics_)
    return {{"groupingExpressions", grouping_}, {"aggregateExpressions", aggregates_}};
  std::string grouping = analytics_->kind + "(";
  for (size_t s = 0; s < analytics_->sets.size(); ++s) {
    if (analytics_->kind == "groupingsets") grouping += s > 0 ? ", (" : "(";
    for (size_t i = 0; i < analytics_->sets[s].size(); ++i) {
      if (i > 0) grouping += ", ";
      grouping += grouping_[static_cast<size_t>(analytics_->sets[s][i])]->toString();
    }
    if (analytics_->kind == "groupingsets") grouping += ")";
    if (analytics_->kind != "groupingsets") break;  // rollup/cube: the first set lists them all
  }
  grouping += ")";
  return {{"groupingExpressions", grouping}, {"aggregateExpressions", aggregates_}};
}

std::vector<ExprPtr> Aggregate::expressions() const {
  std::vector<ExprPtr> all = grouping_;
  all.insert(all.end(), aggregates_.begin(), aggregates_.end());
  return all;
}

PlanPtr Aggregate::copyWithExpressions(std::vector<ExprPtr> expressions) const {
  auto copy = copyOf(*this);
  auto split = expressions.begin() + static_cast<std::ptrdiff_t>(grouping_.size());
  copy->grouping_.assign(expressions.begin(), split);
  copy->aggregates_.assign(split, expressions.end());
  return copy;
}

std::vector<NodeParam> Expand::params() const {
  return {{"projections", projections_}, {"output", asExprs(output_)}};
}

std::vector<ExprPtr> Expand::expressions() const {
  std::vector<ExprPtr> all;
  for (const auto& projection : projections_)
    all.insert(all.end(), projection.begin(), projection.end());
  return all;
}

PlanPtr Expand::copyWithExpressions(std::vector<ExprPtr> expressions) const {
  auto copy = copyOf(*this);
  size_t next = 0;
  for (auto& projection : copy->projections_) {
    for (auto& expr : projection) expr = expressions[next++];
  }
  return copy;
}

PlanPtr Sort::copyWithExpressions(std::vector<ExprPtr> expressions) const {
  auto copy = copyOf(*this);
  copy->order_ = std::move(expressions);
  return copy;
}

Attributes Window::computeOutput() const {
  Attributes output = child(0)->output();
  for (const ExprPtr& expr : window_expressions_) output.push_back(toAttribute(expr));
  return output;
}

std::vector<NodeParam> Window::params() const {
  return {{"windowExpressions", window_expressions_},
          {"partitionSpec", partition_spec_},
          {"orderSpec", order_spec_}};
}

std::vector<ExprPtr> Window::expressions() const {
  std::vector<ExprPtr> all = window_expressions_;
  all.insert(all.end(), partition_spec_.begin(), partition_spec_.end());
  all.insert(all.end(), order_spec_.begin(), order_spec_.end());
  return all;
}

PlanPtr Window::copyWithExpressions(std::vector<ExprPtr> expressions) const {
  auto copy = copyOf(*this);
  auto first = expressions.begin();
  auto second = first + static_cast<std::ptrdiff_t>(window_expressions_.size());
  auto third = second + static_cast<std::ptrdiff_t>(partition_spec_.size());
  copy->window_expressions_.assign(first, second);
  copy->partition_spec_.assign(second, third);
  copy->order_spec_.assign(third, expressions.end());
  return copy;
}

Attributes Union::computeOutput() const {
  Attributes output = child(0)->output();
  for (size_t c = 1; c < children_.size(); ++c) {
    Attributes other = child(c)->output();
    for (size_t i = 0; i < output.size() && i < other.size(); ++i) {
      if (other[i]->nullable()) output[i] = output[i]->withNullability(true);
    }
  }
  return output;
}

Attributes Intersect::computeOutput() const {
  Attributes left = child(0)->output();
  Attributes right = child(1)->output();
  for (size_t i = 0; i < left.size() && i < right.size(); ++i) {
    if (!right[i]->nullable()) left[i] = left[i]->withNullability(false);
  }
  return left;
}

std::vector<NodeParam> ResolvedHint::params() const {
  return {{"hint", "(strategy=" + std::string(hintName(hint_)) + ")"}};
}

std::vector<NodeParam> LogicalQueryStage::params() const {
  std::vector<NodeParam> params{{"logicalPlan", std::string(logical_->nodeName())},
                                {"physicalPlan", physical_name_}};
  if (observed_) params.push_back({"rowCount", observed_->rows});
  return params;
}

}  // namespace planck
