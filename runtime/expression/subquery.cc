// Subquery expressions that stay expressions after optimization: scalar subqueries, EXISTS and
// IN (subquery) in select lists, CASE branches, join conditions, and the correlated ones the
// optimizer cannot turn into joins (a correlation through a non-equality under an aggregate,
// which Spark rejects: `(SELECT count(*) FROM t AS x WHERE x.b < t1.b)`).
//
// The node evaluates the outer references (and IN's value) over the batch, and asks the
// executor's subquery runner (CompileOptions::subquery_result) for what the plan returns with
// those outer values: once per batch when uncorrelated (the runner computes it once per query),
// per row when correlated (the runner keeps one result per distinct outer row, so a plan runs
// once per distinct correlation value, as PostgreSQL's SubPlan with its parameters).
//
// Semantics (SQL, as PostgreSQL and Spark): a scalar subquery is NULL for no row and an error
// for more than one; EXISTS is whether there is a row; `v IN (subquery)` is TRUE when some row
// equals v, else NULL when v is NULL (and there is a row) or a row is NULL, else FALSE.
#include <algorithm>

#include "common/status.h"
#include "fmt/format.h"
#include "logical/value_cast.h"
#include "runtime/expression/expression_node.h"

namespace planck {

std::vector<AttributePtr> outerAttributes(const SubqueryExpression& subquery) {
  std::vector<AttributePtr> attributes;
  for (const ExprPtr& ref : subquery.outerReferences()) {
    const AttributePtr& attribute = ref->as<OuterReference>()->attribute();
    bool seen = std::any_of(attributes.begin(), attributes.end(), [&](const AttributePtr& a) {
      return a->exprId() == attribute->exprId();
    });
    if (!seen) attributes.push_back(attribute);
  }
  return attributes;
}

namespace {

class SubqueryNode final : public ExprNode {
 public:
  // children: the outer attributes' values, then IN's value.
  SubqueryNode(ExprPtr expr, std::vector<NodePtr> children, size_t outer_count,
               const CompileOptions& options)
      : ExprNode(std::move(expr), std::move(children)),
        subquery_(*this->expr().asSubquery()),
        outer_count_(outer_count),
        run_(options.subquery_result) {
    markMayFail();
  }

  absl::StatusOr<Operand> eval(const Batch& input) const override {
    std::vector<Operand> args;
    for (const NodePtr& child : children()) {
      // IN over an uncorrelated subquery without rows is FALSE for every row: its value is
      // not evaluated (and cannot fail), as SQLite and PostgreSQL do.
      if (args.size() == outer_count_ && outer_count_ == 0 && expr().is<InSubquery>()) {
        PLANCK_ASSIGN_OR_RETURN(auto result, run_(subquery_, {}));
        if (result->first_column.empty()) return constantOf(Value::boolean(false), type());
      }
      PLANCK_ASSIGN_OR_RETURN(Operand value, child->eval(input));
      args.push_back(std::move(value));
    }
    bool constant = std::all_of(args.begin(), args.end(),
                                [](const Operand& operand) { return operand.constant; });
    size_t rows = constant ? std::min<size_t>(input.rows, 1) : input.rows;
    VectorPtr out = type().storedAsBytes() ? Vector::make(type(), 0) : Vector::make(type(), rows);
    std::vector<Value> outer(outer_count_);
    std::shared_ptr<const SubqueryResult> result;
    for (size_t row = 0; row < rows; ++row) {
      // Uncorrelated: one result for every row; correlated: the runner's result for this row's
      // outer values (it caches by them).
      if (result == nullptr || outer_count_ > 0) {
        for (size_t i = 0; i < outer_count_; ++i)
          outer[i] = args[i].vector->valueAt(args[i].at(row));
        PLANCK_ASSIGN_OR_RETURN(result, run_(subquery_, outer));
      }
      PLANCK_ASSIGN_OR_RETURN(Value value, valueOf(*result, args, row));
      storeValue(*out, row, value);
    }
    return Operand{out, constant};
  }

 private:
  absl::StatusOr<Value> valueOf(const SubqueryResult& result, const std::vector<Operand>& args,
                                size_t row) const {
    switch (expr().kind()) {
      case ExprKind::kScalarSubquery: {
        if (result.first_column.empty()) return Value::null(type());
        if (result.first_column.size() > 1) {
          return absl::InvalidArgumentError(toAbsl(fmt::format(
              "more than one row returned by a subquery used as an expression: {}", expr().sql())));
        }
        return castValue(result.first_column[0], type());
      }
      case ExprKind::kExists:
        return Value::boolean(!result.first_column.empty());
      case ExprKind::kInSubquery: {
        const Operand& value = args[outer_count_];
        if (result.first_column.empty()) return Value::boolean(false);
        if (value.isNull(row)) return Value::null(type());
        if (result.in_set.contains(value.vector->valueAt(value.at(row))))
          return Value::boolean(true);
        return result.has_null ? Value::null(type()) : Value::boolean(false);
      }
      default:
        return absl::InternalError("not a subquery expression");
    }
  }

  const SubqueryExpression& subquery_;
  size_t outer_count_;
  std::function<absl::StatusOr<std::shared_ptr<const SubqueryResult>>(const SubqueryExpression&,
                                                                      const std::vector<Value>&)>
      run_;
};

}  // namespace

NodePtr makeSubqueryNode(const ExprPtr& expr, std::vector<NodePtr> outer_values, NodePtr in_value,
                         const CompileOptions& options) {
  size_t outer_count = outer_values.size();
  std::vector<NodePtr> children = std::move(outer_values);
  if (in_value != nullptr) children.push_back(std::move(in_value));
  return std::make_unique<SubqueryNode>(expr, std::move(children), outer_count, options);
}

}  // namespace planck
