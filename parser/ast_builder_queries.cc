// AstBuilder: queries, SELECT blocks, relations and joins.
#include "common/errors.h"
#include "common/strings.h"
#include "fmt/format.h"
#include "parser/ast_builder.h"

namespace planck::parser_internal {
namespace {

bool isAll(P::SetQuantifierContext* quantifier) {
  return quantifier != nullptr && quantifier->ALL() != nullptr;
}

JoinType joinTypeOf(P::JoinTypeContext* ctx) {
  if (ctx->CROSS()) return JoinType::kCross;
  if (ctx->SEMI()) return JoinType::kLeftSemi;
  if (ctx->ANTI()) return JoinType::kLeftAnti;
  if (ctx->LEFT()) return JoinType::kLeftOuter;
  if (ctx->RIGHT()) return JoinType::kRightOuter;
  if (ctx->FULL()) return JoinType::kFullOuter;
  return JoinType::kInner;
}

}  // namespace

PlanPtr AstBuilder::query(P::QueryContext* ctx) {
  DepthGuard guard(*this, ctx);
  PlanPtr plan = applyOrganization(ctx->queryOrganization(), queryTerm(ctx->queryTerm()));
  if (auto* ctes = ctx->ctes()) {
    std::vector<CteDefinition> definitions;
    for (P::NamedQueryContext* named : ctes->namedQuery()) {
      std::string name = identifier(named->name);
      for (const CteDefinition& existing : definitions) {
        if (equalsIgnoreCase(existing.name, name)) {
          fail(fmt::format("CTE `{}` is defined twice in one WITH clause", name), origin(named));
        }
      }
      definitions.push_back(
          {name, identifierList(named->columnAliases), query(named->query()), origin(named)});
    }
    plan = at(std::make_shared<UnresolvedWith>(plan, std::move(definitions)), ctx);
  }
  return plan;
}

PlanPtr AstBuilder::applyOrganization(P::QueryOrganizationContext* ctx, PlanPtr plan) {
  if (!ctx->order.empty()) {
    std::vector<ExprPtr> order;
    for (P::SortItemContext* item : ctx->order) order.push_back(sortItem(item));
    plan = at(std::make_shared<Sort>(std::move(order), true, plan), ctx);
  }
  // OFFSET applies before LIMIT: LIMIT 10 OFFSET 5 returns rows 6 to 15 (Spark's order).
  if (ctx->offset != nullptr)
    plan = at(std::make_shared<Offset>(expression(ctx->offset), plan), ctx->offset);
  if (ctx->limit != nullptr) {
    ExprPtr count = expression(ctx->limit);
    plan = at(std::make_shared<GlobalLimit>(
                  count, at(std::make_shared<LocalLimit>(count, plan), ctx->limit)),
              ctx->limit);
  }
  return plan;
}

// `a UNION b INTERSECT c EXCEPT d` is `(a UNION (b INTERSECT c)) EXCEPT d`: INTERSECT binds
// tighter; UNION and EXCEPT are left-associative. Built left to right without recursion, so a
// long UNION chain becomes one flat Union.
PlanPtr AstBuilder::queryTerm(P::QueryTermContext* ctx) {
  int nested = 0;
  auto combine = [&](PlanPtr plan, PlanPtr right, P::SetOperatorContext* op) -> PlanPtr {
    bool all = isAll(op->setQuantifier());
    size_t type = op->op->getType();
    if (type == P::UNION) {
      // UNION ALL is Union; UNION is Distinct over Union. Chains of one kind are flattened.
      const PlanPtr& base = all ? plan : (plan->is<Distinct>() ? plan->child(0) : nullptr);
      std::vector<PlanPtr> inputs;
      if (base && base->is<Union>() && (all || plan->is<Distinct>())) {
        inputs = base->children();
      } else {
        inputs = {plan};
      }
      inputs.push_back(right);
      PlanPtr unioned = at(std::make_shared<Union>(std::move(inputs)), op);
      return all ? unioned : at(std::make_shared<Distinct>(unioned), op);
    }
    if (++nested + depth_ > max_depth_) {
      fail(fmt::format("the statement is nested too deeply (more than {} levels)", max_depth_),
           origin(op));
    }
    if (type == P::INTERSECT) return at(std::make_shared<Intersect>(plan, right, all), op);
    return at(std::make_shared<Except>(plan, right, all), op);
  };
  // The operand after operator i, with the INTERSECTs that follow it folded in.
  size_t next = 0;
  auto intersectChain = [&]() {
    PlanPtr plan = queryPrimary(ctx->operands[next]);
    while (next < ctx->operators.size() && ctx->operators[next]->op->getType() == P::INTERSECT) {
      ++next;
      plan = combine(plan, queryPrimary(ctx->operands[next]), ctx->operators[next - 1]);
    }
    return plan;
  };
  PlanPtr plan = intersectChain();
  while (next < ctx->operators.size()) {
    P::SetOperatorContext* op = ctx->operators[next++];
    plan = combine(plan, intersectChain(), op);
  }
  return plan;
}

PlanPtr AstBuilder::queryPrimary(P::QueryPrimaryContext* ctx) {
  if (auto* c = alternative<P::QueryPrimaryDefaultContext>(ctx))
    return querySpecification(c->querySpecification());
  if (auto* c = alternative<P::InlineTableDefaultContext>(ctx))
    return inlineTable(c->inlineTable(), {});
  auto* c = alternative<P::SubqueryContext>(ctx);
  return query(c->query());
}

PlanPtr AstBuilder::inlineTable(P::InlineTableContext* ctx, const std::vector<std::string>& names) {
  std::vector<std::vector<ExprPtr>> rows;
  for (P::ValuesRowContext* row : ctx->rows) {
    std::vector<ExprPtr> values;
    for (P::ExpressionContext* value : row->expression()) values.push_back(expression(value));
    rows.push_back(std::move(values));
  }
  std::vector<std::string> columns = names;
  size_t width = rows.empty() ? 0 : rows[0].size();
  if (columns.empty()) {
    for (size_t i = 1; i <= width; ++i) columns.push_back(fmt::format("col{}", i));
  }
  return at(std::make_shared<UnresolvedInlineTable>(std::move(columns), std::move(rows)), ctx);
}

PlanPtr AstBuilder::querySpecification(P::QuerySpecificationContext* ctx) {
  // WINDOW definitions are visible in this SELECT only.
  std::map<std::string, P::WindowSpecContext*> windows;
  if (auto* clause = ctx->windowClause()) {
    for (P::NamedWindowContext* named : clause->namedWindow())
      windows[toLower(identifier(named->name))] = named->windowSpec();
  }
  named_windows_.push_back(std::move(windows));
  PlanPtr plan = ctx->fromClause() ? fromClause(ctx->fromClause())
                                   : at(std::make_shared<OneRowRelation>(), ctx);
  if (auto* where = ctx->whereClause()) {
    plan = at(std::make_shared<Filter>(expression(where->expression()), plan), where);
  }
  P::SelectClauseContext* select = ctx->selectClause();
  std::vector<ExprPtr> items;
  for (P::NamedExpressionContext* item : select->namedExpressionSeq()->namedExpression()) {
    items.push_back(namedExpression(item));
  }
  if (auto* grouping = ctx->aggregationClause()) {
    plan = aggregate(grouping, std::move(items), plan);
  } else {
    plan = at(std::make_shared<Project>(std::move(items), plan), select);
  }
  if (auto* having = ctx->havingClause()) {
    plan = at(std::make_shared<UnresolvedHaving>(expression(having->expression()), plan), having);
  }
  if (isAll(select->setQuantifier()) == false && select->setQuantifier() != nullptr) {
    plan = at(std::make_shared<Distinct>(plan), select);
  }
  for (auto hint = select->hints.rbegin(); hint != select->hints.rend(); ++hint) {
    for (P::HintStatementContext* statement : (*hint)->hintStatements) {
      std::vector<ExprPtr> parameters;
      for (P::PrimaryExpressionContext* parameter : statement->parameters)
        parameters.push_back(primaryExpression(parameter));
      plan = at(std::make_shared<UnresolvedHint>(identifier(statement->hintName),
                                                 std::move(parameters), plan),
                statement);
    }
  }
  named_windows_.pop_back();
  return plan;
}

PlanPtr AstBuilder::aggregate(P::AggregationClauseContext* ctx, std::vector<ExprPtr> select,
                              PlanPtr child) {
  // Every GROUP BY item contributes a list of grouping sets; the query's grouping sets are
  // their cross product (GROUP BY a, ROLLUP(b, c) = sets (a, b, c), (a, b), (a)).
  std::vector<ExprPtr> keys;
  auto key_index = [&](const ExprPtr& expr) {
    for (size_t i = 0; i < keys.size(); ++i) {
      if (keys[i]->equals(*expr)) return static_cast<int>(i);
    }
    keys.push_back(expr);
    return static_cast<int>(keys.size() - 1);
  };
  auto set_of = [&](P::GroupingSetContext* set) {
    std::vector<int> indices;
    for (P::ExpressionContext* expr : set->expression())
      indices.push_back(key_index(expression(expr)));
    return indices;
  };
  std::function<std::vector<std::vector<int>>(P::GroupingAnalyticsContext*)> analytics_sets =
      [&](P::GroupingAnalyticsContext* analytics) {
        std::vector<std::vector<int>> sets;
        std::string kind = toUpper(analytics->kind->getText());
        if (kind == "GROUPING") {
          for (P::GroupingElementContext* element : analytics->groupingElement()) {
            if (auto* nested = element->groupingAnalytics()) {
              for (auto& set : analytics_sets(nested)) sets.push_back(std::move(set));
            } else {
              sets.push_back(set_of(element->groupingSet()));
            }
          }
          return sets;
        }
        std::vector<std::vector<int>> parts;
        for (P::GroupingSetContext* set : analytics->groupingSet()) parts.push_back(set_of(set));
        if (kind == "ROLLUP") {
          for (size_t n = parts.size() + 1; n-- > 0;) {
            std::vector<int> set;
            for (size_t i = 0; i < n; ++i) set.insert(set.end(), parts[i].begin(), parts[i].end());
            sets.push_back(std::move(set));
          }
        } else {
          if (parts.size() > 12)
            fail("CUBE supports at most 12 grouping columns", origin(analytics));
          size_t count = size_t{1} << parts.size();
          for (size_t mask = count; mask-- > 0;) {
            std::vector<int> set;
            for (size_t i = 0; i < parts.size(); ++i) {
              if (mask & (size_t{1} << (parts.size() - 1 - i)))
                set.insert(set.end(), parts[i].begin(), parts[i].end());
            }
            sets.push_back(std::move(set));
          }
        }
        return sets;
      };
  std::vector<std::vector<int>> sets = {{}};
  bool analytics = false;
  std::string analytics_kind = "groupingsets";
  for (P::GroupByClauseContext* item : ctx->groupingItems) {
    std::vector<std::vector<int>> item_sets;
    if (auto* grouping = item->groupingAnalytics()) {
      analytics = true;
      item_sets = analytics_sets(grouping);
      if (ctx->groupingItems.size() == 1) analytics_kind = toLower(grouping->kind->getText());
    } else {
      item_sets = {{key_index(expression(item->expression()))}};
    }
    std::vector<std::vector<int>> product;
    for (const auto& left : sets) {
      for (const auto& right : item_sets) {
        std::vector<int> combined = left;
        combined.insert(combined.end(), right.begin(), right.end());
        product.push_back(std::move(combined));
      }
    }
    sets = std::move(product);
  }
  if (ctx->kind != nullptr) {
    // GROUP BY a, b WITH ROLLUP | CUBE (Spark and MySQL syntax).
    if (analytics)
      fail("WITH ROLLUP / CUBE cannot be combined with ROLLUP, CUBE or GROUPING SETS", origin(ctx));
    analytics = true;
    analytics_kind = toLower(ctx->kind->getText());
    std::vector<int> all(keys.size());
    for (size_t i = 0; i < keys.size(); ++i) all[i] = static_cast<int>(i);
    sets.clear();
    if (analytics_kind == "rollup") {
      for (size_t n = keys.size() + 1; n-- > 0;)
        sets.push_back(std::vector<int>(all.begin(), all.begin() + static_cast<long>(n)));
    } else {
      for (size_t mask = size_t{1} << keys.size(); mask-- > 0;) {
        std::vector<int> set;
        for (size_t i = 0; i < keys.size(); ++i) {
          if (mask & (size_t{1} << (keys.size() - 1 - i))) set.push_back(static_cast<int>(i));
        }
        sets.push_back(std::move(set));
      }
    }
  }
  std::optional<GroupingAnalytics> grouping_analytics;
  if (analytics) {
    if (analytics_kind == "grouping") analytics_kind = "groupingsets";
    grouping_analytics = GroupingAnalytics{analytics_kind, std::move(sets)};
  }
  return at(std::make_shared<Aggregate>(std::move(keys), std::move(select), std::move(child),
                                        std::move(grouping_analytics)),
            ctx);
}

PlanPtr AstBuilder::fromClause(P::FromClauseContext* ctx) {
  // Comma-separated relations are inner joins without a condition (Spark's parser does the
  // same; ReorderJoin later attaches WHERE predicates to them).
  PlanPtr plan;
  size_t count = 0;
  for (P::RelationContext* item : ctx->relation()) {
    PlanPtr next = relation(item);
    if (++count + static_cast<size_t>(depth_) > static_cast<size_t>(max_depth_)) {
      fail(fmt::format("the statement is nested too deeply (more than {} levels)", max_depth_),
           origin(item));
    }
    plan = plan ? at(std::make_shared<Join>(plan, next, JoinType::kInner, nullptr), item) : next;
  }
  return plan;
}

PlanPtr AstBuilder::relation(P::RelationContext* ctx) {
  PlanPtr plan = relationPrimary(ctx->relationPrimary());
  size_t count = 0;
  for (P::JoinRelationContext* join : ctx->joinRelation()) {
    if (++count + static_cast<size_t>(depth_) > static_cast<size_t>(max_depth_)) {
      fail(fmt::format("the statement is nested too deeply (more than {} levels)", max_depth_),
           origin(join));
    }
    PlanPtr right = relationPrimary(join->right);
    JoinType type = joinTypeOf(join->joinType());
    if (join->NATURAL() != nullptr) {
      plan = at(Join::makeUsing(plan, right, type, {}, /*natural=*/true), join);
      continue;
    }
    P::JoinCriteriaContext* criteria = join->joinCriteria();
    if (criteria != nullptr && criteria->USING() != nullptr) {
      plan =
          at(Join::makeUsing(plan, right, type, identifierList(criteria->identifierList()), false),
             join);
      continue;
    }
    ExprPtr condition = criteria ? expression(criteria->expression()) : nullptr;
    plan = at(std::make_shared<Join>(plan, right, type, condition), join);
  }
  return plan;
}

PlanPtr AstBuilder::withAlias(PlanPtr plan, P::TableAliasContext* alias, bool always) {
  if (alias == nullptr || alias->alias == nullptr) {
    if (!always) return plan;
    return std::make_shared<SubqueryAlias>("__auto_generated_subquery_name", plan);
  }
  return at(std::make_shared<SubqueryAlias>(identifier(alias->alias), plan,
                                            identifierList(alias->columnAliases)),
            alias);
}

PlanPtr AstBuilder::relationPrimary(P::RelationPrimaryContext* ctx) {
  if (auto* c = alternative<P::TableNameContext>(ctx)) {
    return withAlias(
        at(std::make_shared<UnresolvedRelation>(identifiers(c->multipartIdentifier())), c),
        c->tableAlias(), false);
  }
  if (auto* c = alternative<P::AliasedQueryContext>(ctx))
    return withAlias(query(c->query()), c->tableAlias(), true);
  if (auto* c = alternative<P::AliasedRelationContext>(ctx)) {
    DepthGuard guard(*this, c);
    return withAlias(relation(c->relation()), c->tableAlias(), false);
  }
  if (auto* c = alternative<P::InlineTableRelationContext>(ctx)) {
    P::TableAliasContext* alias = c->tableAlias();
    PlanPtr table =
        inlineTable(c->inlineTable(), identifierList(alias ? alias->columnAliases : nullptr));
    if (alias == nullptr || alias->alias == nullptr) return table;
    return at(std::make_shared<SubqueryAlias>(identifier(alias->alias), table), alias);
  }
  throw BuildError(notSupported(
      fmt::format("table-valued function `{}`", ctx->getStart()->getText()), origin(ctx)));
}

}  // namespace planck::parser_internal
