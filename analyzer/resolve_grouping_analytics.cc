// ResolveGroupingAnalytics: ROLLUP, CUBE and GROUPING SETS become an Expand that emits each
// input row once per grouping set (keys outside the set replaced by NULL, plus the set's
// spark_grouping_id), under an ordinary Aggregate on the expanded keys and the id:
//
//   Aggregate rollup(a, b), [a, b, sum(x)]      Aggregate [a', b', spark_grouping_id], [a', b',
//   sum(x)]
//                                          =>   +- Expand [[.., a, b, 0], [.., a, null, 1], [..,
//                                          null, null, 3]]
//
// As in Spark, bit i of spark_grouping_id (most significant first) is set when key i is not in
// the set.
#include "analyzer/name_resolution.h"
#include "analyzer/rules.h"
#include "logical/operators.h"

namespace planck {
namespace {

ExprPtr replaceKeys(const ExprPtr& expr, const std::vector<ExprPtr>& keys,
                    const Attributes& key_attrs) {
  if (expr->is<AggregateExpression>()) return expr;
  for (size_t i = 0; i < keys.size(); ++i) {
    if (keys[i]->equals(*expr)) return key_attrs[i];
  }
  std::vector<ExprPtr> children;
  for (const ExprPtr& child : expr->children())
    children.push_back(replaceKeys(child, keys, key_attrs));
  return expr->withNewChildren(std::move(children));
}

class ResolveGroupingAnalytics final : public Rule {
 public:
  std::string_view name() const override { return "ResolveGroupingAnalytics"; }
  PlanPtr apply(const PlanPtr& plan, RuleContext&) const override {
    return transformUnresolvedUp(plan, [](const PlanPtr& node) -> PlanPtr {
      const auto* aggregate = node->as<Aggregate>();
      if (aggregate == nullptr || !aggregate->groupingAnalytics() || !node->childrenResolved())
        return node;
      for (const ExprPtr& expr : node->expressions()) {
        if (!expr->resolved()) return node;
      }
      const std::vector<ExprPtr>& keys = aggregate->groupingExpressions();
      const GroupingAnalytics& analytics = *aggregate->groupingAnalytics();
      Attributes input = node->child(0)->output();
      Attributes key_attrs;
      for (const ExprPtr& key : keys) {
        std::string name = key->is<AttributeReference>() ? key->as<AttributeReference>()->name()
                                                         : generatedName(key);
        key_attrs.push_back(AttributeReference::make(name, key->dataType(), true));
      }
      AttributePtr grouping_id =
          AttributeReference::make("spark_grouping_id", DataType::bigint(), false);
      std::vector<std::vector<ExprPtr>> projections;
      for (const std::vector<int>& set : analytics.sets) {
        std::vector<ExprPtr> row(input.begin(), input.end());
        int64_t id = 0;
        for (size_t i = 0; i < keys.size(); ++i) {
          bool in_set = std::find(set.begin(), set.end(), static_cast<int>(i)) != set.end();
          row.push_back(in_set ? keys[i] : Literal::make(Value::null(keys[i]->dataType())));
          if (!in_set) id |= int64_t{1} << (keys.size() - 1 - i);
        }
        row.push_back(Literal::make(Value::bigint(id)));
        projections.push_back(std::move(row));
      }
      Attributes expand_output = input;
      expand_output.insert(expand_output.end(), key_attrs.begin(), key_attrs.end());
      expand_output.push_back(grouping_id);
      auto expand = std::make_shared<Expand>(std::move(projections), std::move(expand_output),
                                             node->child(0));
      std::vector<ExprPtr> grouping(key_attrs.begin(), key_attrs.end());
      grouping.push_back(grouping_id);
      std::vector<ExprPtr> aggregates;
      for (const ExprPtr& item : aggregate->aggregateExpressions()) {
        ExprPtr replaced = replaceKeys(item, keys, key_attrs);
        // A selected key keeps its name: a becomes a' and is output as such.
        aggregates.push_back(replaced);
      }
      auto result = std::make_shared<Aggregate>(std::move(grouping), std::move(aggregates), expand);
      result->setOrigin(node->origin());
      return result;
    });
  }
};

}  // namespace

RulePtr makeResolveGroupingAnalytics() { return std::make_shared<ResolveGroupingAnalytics>(); }

}  // namespace planck
