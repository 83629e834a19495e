// ResolveUsingJoin: JOIN ... USING (a, b) and NATURAL JOIN become a join on l.a = r.a AND ...
// under a Project that lists each key once, as Spark does: the key columns first (from the
// left, from the right for RIGHT joins, coalesce(l, r) for FULL joins), then the other
// columns of the left and of the right.
#include "analyzer/analyzer.h"
#include "analyzer/name_resolution.h"
#include "analyzer/rules.h"
#include "common/errors.h"
#include "common/strings.h"
#include "fmt/format.h"
#include "logical/operators.h"

namespace planck {
namespace {

AttributePtr findUnique(const Attributes& side, const std::string& name, std::string_view which,
                        Origin origin, AnalysisContext& ctx) {
  auto found = resolveName({name}, side, origin);
  if (!found.ok()) {
    ctx.fail(found.status());
    return nullptr;
  }
  if (!*found) {
    ctx.fail(analysisError(
        fmt::format("USING column `{}` cannot be resolved on the {} side of the join{}", name,
                    which, didYouMean(name, candidateNames(side))),
        origin));
  }
  return *found;
}

class ResolveUsingJoin final : public Rule {
 public:
  std::string_view name() const override { return "ResolveUsingJoin"; }
  PlanPtr apply(const PlanPtr& plan, RuleContext& rule_ctx) const override {
    AnalysisContext& ctx = AnalysisContext::of(rule_ctx);
    return transformUnresolvedUp(plan, [&](const PlanPtr& node) -> PlanPtr {
      const auto* join = node->as<Join>();
      if (join == nullptr || !join->isUsing() || !node->childrenResolved() || !ctx.status().ok())
        return node;
      Attributes left = join->left()->output(), right = join->right()->output();
      std::vector<std::string> keys = join->usingColumns();
      if (join->isNatural()) {
        for (const AttributePtr& l : left) {
          for (const AttributePtr& r : right) {
            if (equalsIgnoreCase(l->name(), r->name())) {
              keys.push_back(l->name());
              break;
            }
          }
        }
      }
      std::vector<AttributePtr> left_keys, right_keys;
      ExprPtr condition;
      for (const std::string& key : keys) {
        AttributePtr l = findUnique(left, key, "left", node->origin(), ctx);
        AttributePtr r = l ? findUnique(right, key, "right", node->origin(), ctx) : nullptr;
        if (!l || !r) return node;
        left_keys.push_back(l);
        right_keys.push_back(r);
        ExprPtr equal = std::make_shared<BinaryComparison>(ComparisonOp::kEqual, l, r);
        condition = condition ? std::make_shared<And>(condition, equal) : equal;
      }
      JoinType type = join->joinType();
      if (type == JoinType::kCross) type = JoinType::kInner;
      auto joined =
          std::make_shared<Join>(join->left(), join->right(), type, condition, join->hint());
      auto is_key = [](const std::vector<AttributePtr>& keys, const AttributePtr& attr) {
        for (const AttributePtr& key : keys) {
          if (key->exprId() == attr->exprId()) return true;
        }
        return false;
      };
      Attributes joined_output = joined->output();
      auto nullable_version = [&](const AttributePtr& attr) {
        for (const AttributePtr& out : joined_output) {
          if (out->exprId() == attr->exprId()) return out;
        }
        return attr;
      };
      std::vector<ExprPtr> columns;
      for (size_t i = 0; i < keys.size(); ++i) {
        if (type == JoinType::kRightOuter) {
          columns.push_back(nullable_version(right_keys[i]));
        } else if (type == JoinType::kFullOuter) {
          auto common = commonType(left_keys[i]->dataType(), right_keys[i]->dataType())
                            .value_or(left_keys[i]->dataType());
          auto coalesce = std::make_shared<ScalarFunction>(
              "coalesce",
              std::vector<ExprPtr>{castIfNeeded(nullable_version(left_keys[i]), common),
                                   castIfNeeded(nullable_version(right_keys[i]), common)},
              common, NullPolicy::kAnyArgument);
          columns.push_back(Alias::make(coalesce, left_keys[i]->name()));
        } else {
          columns.push_back(nullable_version(left_keys[i]));
        }
      }
      for (const AttributePtr& attr : left) {
        if (!is_key(left_keys, attr)) columns.push_back(nullable_version(attr));
      }
      if (outputsRight(type)) {
        for (const AttributePtr& attr : right) {
          if (!is_key(right_keys, attr)) columns.push_back(nullable_version(attr));
        }
      }
      return std::make_shared<Project>(std::move(columns), joined);
    });
  }
};

}  // namespace

RulePtr makeResolveUsingJoin() { return std::make_shared<ResolveUsingJoin>(); }

}  // namespace planck
