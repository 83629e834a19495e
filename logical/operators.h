// The logical operators, with Spark's names and EXPLAIN parameters.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "logical/expressions.h"
#include "logical/plan.h"

namespace planck {

// Shared base of the operators: kind, name and the copy helper.
template <class Derived, PlanKind K>
class PlanNode : public NodeCopy<Derived, LogicalPlan> {
 public:
  static constexpr PlanKind kKind = K;
  using NodeCopy<Derived, LogicalPlan>::NodeCopy;
  PlanKind kind() const override { return K; }
};

// A table or view name not yet looked up: 'UnresolvedRelation [lineitem].
class UnresolvedRelation final
    : public PlanNode<UnresolvedRelation, PlanKind::kUnresolvedRelation> {
 public:
  explicit UnresolvedRelation(std::vector<std::string> name_parts)
      : name_parts_(std::move(name_parts)) {}
  const std::vector<std::string>& nameParts() const { return name_parts_; }
  std::string name() const;
  std::string_view nodeName() const override { return "UnresolvedRelation"; }
  Attributes computeOutput() const override { return {}; }
  std::vector<NodeParam> params() const override;
  bool isUnresolvedForm() const override { return true; }

 private:
  std::vector<std::string> name_parts_;
};

// One WITH entry: name [(column aliases)] AS (query).
struct CteDefinition {
  std::string name;
  std::vector<std::string> column_aliases;
  PlanPtr query;
  Origin origin;
};

// WITH a AS (...), b AS (...) query, as parsed. Children: the CTE queries then the main query.
class UnresolvedWith final : public PlanNode<UnresolvedWith, PlanKind::kUnresolvedWith> {
 public:
  UnresolvedWith(PlanPtr child, std::vector<CteDefinition> ctes);
  // The CTE definitions, with their queries taken from the current children.
  std::vector<CteDefinition> ctes() const;
  const PlanPtr& query() const { return children_.back(); }
  std::string_view nodeName() const override { return "UnresolvedWith"; }
  Attributes computeOutput() const override { return {}; }
  std::vector<NodeParam> params() const override;
  bool isUnresolvedForm() const override { return true; }

 private:
  std::vector<CteDefinition> ctes_;  // queries here are stale after a rewrite; see ctes()
};

// A hint comment /*+ NAME(params) */ over a select block: 'UnresolvedHint BROADCAST, ['t].
class UnresolvedHint final : public PlanNode<UnresolvedHint, PlanKind::kUnresolvedHint> {
 public:
  UnresolvedHint(std::string name, std::vector<ExprPtr> parameters, PlanPtr child)
      : PlanNode({std::move(child)}), name_(std::move(name)), parameters_(std::move(parameters)) {}
  const std::string& name() const { return name_; }
  const std::vector<ExprPtr>& parameters() const { return parameters_; }
  std::string_view nodeName() const override { return "UnresolvedHint"; }
  Attributes computeOutput() const override { return child(0)->output(); }
  std::vector<NodeParam> params() const override;
  bool isUnresolvedForm() const override { return true; }

 private:
  std::string name_;
  std::vector<ExprPtr> parameters_;
};

// VALUES (...), (...) [AS t(a, b)] before its types are known.
class UnresolvedInlineTable final
    : public PlanNode<UnresolvedInlineTable, PlanKind::kUnresolvedInlineTable> {
 public:
  UnresolvedInlineTable(std::vector<std::string> column_names,
                        std::vector<std::vector<ExprPtr>> rows)
      : column_names_(std::move(column_names)), rows_(std::move(rows)) {}
  const std::vector<std::string>& columnNames() const { return column_names_; }
  const std::vector<std::vector<ExprPtr>>& rows() const { return rows_; }
  std::string_view nodeName() const override { return "UnresolvedInlineTable"; }
  Attributes computeOutput() const override { return {}; }
  std::vector<NodeParam> params() const override;
  std::vector<ExprPtr> expressions() const override;
  bool isUnresolvedForm() const override { return true; }

 protected:
  PlanPtr copyWithExpressions(std::vector<ExprPtr> expressions) const override;

 private:
  std::vector<std::string> column_names_;
  std::vector<std::vector<ExprPtr>> rows_;
};

// HAVING cond over an aggregate, until the analyzer folds it into Filter + Aggregate.
class UnresolvedHaving final : public PlanNode<UnresolvedHaving, PlanKind::kUnresolvedHaving> {
 public:
  UnresolvedHaving(ExprPtr condition, PlanPtr child)
      : PlanNode({std::move(child)}), condition_(std::move(condition)) {}
  const ExprPtr& condition() const { return condition_; }
  std::string_view nodeName() const override { return "UnresolvedHaving"; }
  Attributes computeOutput() const override { return child(0)->output(); }
  std::vector<NodeParam> params() const override { return {{"condition", condition_}}; }
  std::vector<ExprPtr> expressions() const override { return {condition_}; }
  bool isUnresolvedForm() const override { return true; }

 protected:
  PlanPtr copyWithExpressions(std::vector<ExprPtr> expressions) const override;

 private:
  ExprPtr condition_;
};

// A scan of a catalog table: Relation lineitem[l_orderkey#0, ...].
class Relation final : public PlanNode<Relation, PlanKind::kRelation> {
 public:
  Relation(std::string table_name, Attributes output)
      : table_name_(std::move(table_name)), output_(std::move(output)) {}
  const std::string& tableName() const { return table_name_; }
  std::string_view nodeName() const override { return "Relation"; }
  Attributes computeOutput() const override { return output_; }
  std::vector<NodeParam> params() const override;

 private:
  std::string table_name_;
  Attributes output_;
};

// Constant rows (VALUES): LocalRelation [col1#1, col2#2].
class LocalRelation final : public PlanNode<LocalRelation, PlanKind::kLocalRelation> {
 public:
  LocalRelation(Attributes output, std::vector<std::vector<Value>> rows)
      : output_(std::move(output)), rows_(std::move(rows)) {}
  const std::vector<std::vector<Value>>& rows() const { return rows_; }
  std::string_view nodeName() const override { return "LocalRelation"; }
  Attributes computeOutput() const override { return output_; }
  std::vector<NodeParam> params() const override;

 private:
  Attributes output_;
  std::vector<std::vector<Value>> rows_;
};

// The single empty row a SELECT without FROM reads.
class OneRowRelation final : public PlanNode<OneRowRelation, PlanKind::kOneRowRelation> {
 public:
  OneRowRelation() = default;
  std::string_view nodeName() const override { return "OneRowRelation"; }
  Attributes computeOutput() const override { return {}; }
  std::vector<NodeParam> params() const override { return {}; }
};

// One resolved CTE definition inside WithCTE: CTERelationDef 0.
class CteRelationDef final : public PlanNode<CteRelationDef, PlanKind::kCteRelationDef> {
 public:
  CteRelationDef(int64_t cte_id, PlanPtr child) : PlanNode({std::move(child)}), cte_id_(cte_id) {}
  int64_t cteId() const { return cte_id_; }
  std::string_view nodeName() const override { return "CTERelationDef"; }
  Attributes computeOutput() const override { return child(0)->output(); }
  std::vector<NodeParam> params() const override { return {{"id", formatId(cte_id_)}}; }

 private:
  int64_t cte_id_;
};

// A reference to a CTE definition. Each reference has its own output ids, matched to the
// definition's output by position, so a CTE can be used several times in one query.
class CteRelationRef final : public PlanNode<CteRelationRef, PlanKind::kCteRelationRef> {
 public:
  CteRelationRef(int64_t cte_id, Attributes output) : cte_id_(cte_id), output_(std::move(output)) {}
  int64_t cteId() const { return cte_id_; }
  std::string_view nodeName() const override { return "CTERelationRef"; }
  Attributes computeOutput() const override { return output_; }
  std::vector<NodeParam> params() const override;

 private:
  int64_t cte_id_;
  Attributes output_;
};

// A query with its CTE definitions: children are CteRelationDefs, then the main query.
class WithCte final : public PlanNode<WithCte, PlanKind::kWithCte> {
 public:
  explicit WithCte(std::vector<PlanPtr> children) : PlanNode(std::move(children)) {}
  const PlanPtr& query() const { return children_.back(); }
  std::string_view nodeName() const override { return "WithCTE"; }
  Attributes computeOutput() const override { return query()->output(); }
  std::vector<NodeParam> params() const override { return {}; }
};

// Names a subtree so its columns can be qualified: SubqueryAlias l.
class SubqueryAlias final : public PlanNode<SubqueryAlias, PlanKind::kSubqueryAlias> {
 public:
  SubqueryAlias(std::string alias, PlanPtr child, std::vector<std::string> column_aliases = {})
      : PlanNode({std::move(child)}),
        alias_(std::move(alias)),
        column_aliases_(std::move(column_aliases)) {}
  const std::string& alias() const { return alias_; }
  // Column renames from `AS t(a, b)`; empty once the analyzer has applied them.
  const std::vector<std::string>& columnAliases() const { return column_aliases_; }
  std::string_view nodeName() const override { return "SubqueryAlias"; }
  Attributes computeOutput() const override;
  std::vector<NodeParam> params() const override;
  bool computeResolved() const override {
    return column_aliases_.empty() && LogicalPlan::computeResolved();
  }

 private:
  std::string alias_;
  std::vector<std::string> column_aliases_;
};

// Computes a list of named expressions per row: Project [a#1, (b#2 + 1) AS c#3].
class Project final : public PlanNode<Project, PlanKind::kProject> {
 public:
  Project(std::vector<ExprPtr> project_list, PlanPtr child)
      : PlanNode({std::move(child)}), project_list_(std::move(project_list)) {}
  const std::vector<ExprPtr>& projectList() const { return project_list_; }
  std::string_view nodeName() const override { return "Project"; }
  Attributes computeOutput() const override;
  std::vector<NodeParam> params() const override { return {{"projectList", project_list_}}; }
  std::vector<ExprPtr> expressions() const override { return project_list_; }

 protected:
  PlanPtr copyWithExpressions(std::vector<ExprPtr> expressions) const override;

 private:
  std::vector<ExprPtr> project_list_;
};

// Keeps the rows where the condition is true: Filter (a#1 > 1).
class Filter final : public PlanNode<Filter, PlanKind::kFilter> {
 public:
  Filter(ExprPtr condition, PlanPtr child)
      : PlanNode({std::move(child)}), condition_(std::move(condition)) {}
  const ExprPtr& condition() const { return condition_; }
  std::string_view nodeName() const override { return "Filter"; }
  Attributes computeOutput() const override { return child(0)->output(); }
  std::vector<NodeParam> params() const override { return {{"condition", condition_}}; }
  std::vector<ExprPtr> expressions() const override { return {condition_}; }

 protected:
  PlanPtr copyWithExpressions(std::vector<ExprPtr> expressions) const override;

 private:
  ExprPtr condition_;
};

}  // namespace planck

#include "logical/operators_relational.h"  // IWYU pragma: export
