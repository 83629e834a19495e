#include "explain/physical_explain.h"

#include <map>
#include <vector>

#include "explain/plan_json.h"
#include "fmt/format.h"
#include "optimizer/statistics.h"
#include "physical/adaptive_operators.h"
#include "physical/operators.h"

namespace planck {
namespace {

// Spark's generateTreeString: a WholeStageCodegen prints no line of its own but marks every
// operator of its stage `*(n) `; an InputAdapter prints its child in its place, unmarked.
void appendTree(const PhysicalPtr& plan, const std::string& prefix, const std::string& connector,
                const std::string& stage_mark, const TreeStringOptions& options,
                std::string& out) {
  if (const auto* stage = plan->as<WholeStageCodegenExec>()) {
    appendTree(plan->child(0), prefix, connector, fmt::format("*({}) ", stage->stageId()), options,
               out);
    return;
  }
  if (plan->is<InputAdapterExec>()) {
    appendTree(plan->child(0), prefix, connector, "", options, out);
    return;
  }
  out += prefix + connector + stage_mark + plan->simpleString();
  // An adaptive plan's and a query stage's figures are their plans' and their exchange's.
  bool annotated = !plan->is<AdaptiveSparkPlanExec>() && asQueryStage(*plan) == nullptr;
  if (options.annotate_physical && annotated) out += options.annotate_physical(*plan);
  out += "\n";
  std::string child_prefix = prefix;
  if (connector == "+- ") child_prefix += "   ";
  if (connector == ":- ") child_prefix += ":  ";
  if (const auto* adaptive = plan->as<AdaptiveSparkPlanExec>(); adaptive && adaptive->isFinalPlan()) {
    // Spark's shape: each plan under its heading.
    out += child_prefix + "+- == Final Plan ==\n";
    appendTree(adaptive->finalPlan(), child_prefix + "   ", "", "", options, out);
    out += child_prefix + "+- == Initial Plan ==\n";
    TreeStringOptions plain = options;  // what ran is the final plan's
    plain.annotate_physical = nullptr;
    appendTree(adaptive->initialPlan(), child_prefix + "   ", "", "", plain, out);
    return;
  }
  // A query stage's exchange prints below it, outside its codegen stage.
  if (asQueryStage(*plan) != nullptr) {
    appendTree(asQueryStage(*plan)->plan(), child_prefix, "+- ", "", options, out);
    return;
  }
  const std::vector<PhysicalPtr> children = displayedChildren(*plan);
  for (size_t i = 0; i < children.size(); ++i) {
    appendTree(children[i], child_prefix, i + 1 == children.size() ? "+- " : ":- ", stage_mark,
               options, out);
  }
}

// Operators in the order FORMATTED numbers them: inputs before the operators that read them
// (Spark's generateOperatorIDs), so the scans come first and the root last. WholeStageCodegen
// and InputAdapter get no number (Spark leaves them out too); `stages` maps each operator of a
// stage to its codegen id.
void numberNodes(const PhysicalPtr& plan, int stage, std::vector<PhysicalPtr>& nodes,
                 std::map<const PhysicalPlan*, int>& stages) {
  if (const auto* whole = plan->as<WholeStageCodegenExec>()) {
    numberNodes(plan->child(0), whole->stageId(), nodes, stages);
    return;
  }
  if (plan->is<InputAdapterExec>()) {
    numberNodes(plan->child(0), 0, nodes, stages);
    return;
  }
  for (const PhysicalPtr& child : displayedChildren(*plan)) {
    numberNodes(child, asQueryStage(*plan) != nullptr ? 0 : stage, nodes, stages);
  }
  nodes.push_back(plan);
  if (stage > 0) stages[plan.get()] = stage;
}

size_t idOf(const std::vector<PhysicalPtr>& nodes, const PhysicalPlan* node) {
  for (size_t i = 0; i < nodes.size(); ++i) {
    if (nodes[i].get() == node) return i + 1;
  }
  return 0;
}

// The operator's name in FORMATTED: a scan names its table, as Spark's `Scan parquet t`.
std::string formattedName(const PhysicalPlan& plan) {
  if (const auto* scan = plan.as<ScanExec>()) return "Scan " + scan->tableName();
  return std::string(plan.nodeName());
}

// The outline: `* Filter (3)` for an operator of a codegen stage, as Spark marks them.
void appendOutline(const PhysicalPtr& plan, const std::vector<PhysicalPtr>& nodes,
                   const std::map<const PhysicalPlan*, int>& stages, const std::string& prefix,
                   const std::string& connector, std::string& out) {
  if (plan->is<WholeStageCodegenExec>() || plan->is<InputAdapterExec>()) {
    appendOutline(plan->child(0), nodes, stages, prefix, connector, out);
    return;
  }
  out += fmt::format("{}{}{}{} ({})\n", prefix, connector, stages.contains(plan.get()) ? "* " : "",
                     formattedName(*plan), idOf(nodes, plan.get()));
  std::string child_prefix = prefix;
  if (connector == "+- ") child_prefix += "   ";
  if (connector == ":- ") child_prefix += ":  ";
  const std::vector<PhysicalPtr> children = displayedChildren(*plan);
  for (size_t i = 0; i < children.size(); ++i) {
    appendOutline(children[i], nodes, stages, child_prefix,
                  i + 1 == children.size() ? "+- " : ":- ", out);
  }
}

// A FORMATTED detail line: lists with their length, `Keys [2]: [a#1, b#2]`.
std::string detailLine(const NodeParam& param) {
  if (const auto* exprs = std::get_if<std::vector<ExprPtr>>(&param.value)) {
    return fmt::format("{} [{}]: {}", param.name, exprs->size(), paramText(param.value));
  }
  if (const auto* texts = std::get_if<std::vector<std::string>>(&param.value)) {
    return fmt::format("{} [{}]: {}", param.name, texts->size(), paramText(param.value));
  }
  return fmt::format("{}: {}", param.name, paramText(param.value));
}

std::string attributesJson(const Attributes& output) {
  std::string text = "[";
  for (size_t i = 0; i < output.size(); ++i) {
    text += (i > 0 ? ", " : "") + jsonString(output[i]->toString());
  }
  return text + "]";
}

void appendJson(const PhysicalPtr& plan, int indent, std::string& out) {
  std::string pad(static_cast<size_t>(indent), ' ');
  out += pad + "{\n";
  out += fmt::format("{}  \"node\": {},\n", pad, jsonString(plan->nodeName()));
  out += fmt::format("{}  \"line\": {},\n", pad, jsonString(plan->simpleString()));
  out += pad + "  \"details\": {";
  std::vector<NodeParam> params = plan->params();
  for (size_t i = 0; i < params.size(); ++i) {
    out += fmt::format("{}{}: {}", i > 0 ? ", " : "", jsonString(params[i].name),
                       jsonString(paramText(params[i].value)));
  }
  out += "},\n";
  out += fmt::format("{}  \"output\": {},\n", pad, attributesJson(plan->output()));
  out += fmt::format("{}  \"partitioning\": {},\n", pad,
                     jsonString(plan->outputPartitioning().toString()));
  out += pad + "  \"children\": [";
  const std::vector<PhysicalPtr> children = displayedChildren(*plan);
  if (children.empty()) {
    out += "]\n";
  } else {
    out += "\n";
    for (size_t i = 0; i < children.size(); ++i) {
      appendJson(children[i], indent + 4, out);
      out += i + 1 < children.size() ? ",\n" : "\n";
    }
    out += pad + "  ]\n";
  }
  out += pad + "}";
}

std::string_view pgJoinType(JoinType type) {
  switch (type) {
    case JoinType::kInner:
    case JoinType::kCross:
      return "Inner";
    case JoinType::kLeftOuter:
      return "Left";
    case JoinType::kRightOuter:
      return "Right";
    case JoinType::kFullOuter:
      return "Full";
    case JoinType::kLeftSemi:
      return "Semi";
    case JoinType::kLeftAnti:
      return "Anti";
  }
  return "Inner";
}

std::string keyPairs(const std::vector<ExprPtr>& left, const std::vector<ExprPtr>& right) {
  std::string text = "(";
  for (size_t i = 0; i < left.size(); ++i) {
    text +=
        fmt::format("{}{} = {}", i > 0 ? " AND " : "", left[i]->toString(), right[i]->toString());
  }
  return text + ")";
}

std::string stringList(const std::vector<ExprPtr>& exprs) {
  std::string text = "[";
  for (size_t i = 0; i < exprs.size(); ++i) {
    text += (i > 0 ? ", " : "") + jsonString(exprs[i]->toString());
  }
  return text + "]";
}

// The PostgreSQL node type and the fields pev2 shows for one operator.
std::vector<std::pair<std::string, std::string>> pgFields(const PhysicalPlan& plan) {
  std::vector<std::pair<std::string, std::string>> fields;
  auto text = [](const std::string& value) { return jsonString(value); };
  std::string type(plan.nodeName());
  if (const auto* scan = plan.as<ScanExec>()) {
    type = "Seq Scan";
    fields.emplace_back("Relation Name", text(scan->tableName()));
    if (!scan->pushedFilters().empty()) {
      fields.emplace_back("Filter", text(bracketed(scan->pushedFilters())));
    }
  } else if (const auto* filter = plan.as<FilterExec>()) {
    type = "Result";
    fields.emplace_back("Filter", text(filter->condition()->toString()));
  } else if (const auto* aggregate = plan.as<HashAggregateExec>()) {
    type = "Aggregate";
    fields.emplace_back("Strategy", text(aggregate->grouping().empty() ? "Plain" : "Hashed"));
    std::string mode = "Simple";
    if (!aggregate->aggregates().empty()) {
      AggregateMode first = aggregate->aggregates().front().mode;
      if (first == AggregateMode::kPartial) mode = "Partial";
      if (first == AggregateMode::kFinal) mode = "Finalize";
    }
    fields.emplace_back("Partial Mode", text(mode));
    std::vector<ExprPtr> keys;
    for (const ExprPtr& key : aggregate->grouping()) keys.push_back(key);
    if (!keys.empty()) fields.emplace_back("Group Key", stringList(keys));
  } else if (const auto* sort = plan.as<SortExec>()) {
    type = "Sort";
    fields.emplace_back("Sort Key", stringList(sort->order()));
  } else if (const auto* top = plan.as<TakeOrderedAndProjectExec>()) {
    type = "Limit";
    fields.emplace_back("Sort Key", stringList(top->order()));
  } else if (plan.is<LocalLimitExec>() || plan.is<GlobalLimitExec>() ||
             plan.is<CollectLimitExec>()) {
    type = "Limit";
  } else if (plan.is<UnionExec>()) {
    type = "Append";
  } else if (plan.is<LocalTableScanExec>()) {
    type = "Values Scan";
  } else if (plan.is<ShuffleExchangeExec>() || plan.is<BroadcastExchangeExec>() ||
             plan.is<ReusedExchangeExec>()) {
    type = "Gather";
  } else if (plan.is<WindowExec>()) {
    type = "WindowAgg";
  } else if (plan.is<ProjectExec>()) {
    type = "Result";
  } else if (const auto* hash = plan.as<BroadcastHashJoinExec>()) {
    type = "Hash Join";
    fields.emplace_back("Join Type", text(std::string(pgJoinType(hash->joinType()))));
    fields.emplace_back("Hash Cond", text(keyPairs(hash->leftKeys(), hash->rightKeys())));
  } else if (const auto* shuffled = plan.as<ShuffledHashJoinExec>()) {
    type = "Hash Join";
    fields.emplace_back("Join Type", text(std::string(pgJoinType(shuffled->joinType()))));
    fields.emplace_back("Hash Cond", text(keyPairs(shuffled->leftKeys(), shuffled->rightKeys())));
  } else if (const auto* merge = plan.as<SortMergeJoinExec>()) {
    type = "Merge Join";
    fields.emplace_back("Join Type", text(std::string(pgJoinType(merge->joinType()))));
    fields.emplace_back("Merge Cond", text(keyPairs(merge->leftKeys(), merge->rightKeys())));
  } else if (const auto* loop = plan.as<BroadcastNestedLoopJoinExec>()) {
    type = "Nested Loop";
    fields.emplace_back("Join Type", text(std::string(pgJoinType(loop->joinType()))));
    if (loop->condition()) fields.emplace_back("Join Filter", text(loop->condition()->toString()));
  } else if (const auto* product = plan.as<CartesianProductExec>()) {
    type = "Nested Loop";
    fields.emplace_back("Join Type", text("Inner"));
    if (product->condition()) {
      fields.emplace_back("Join Filter", text(product->condition()->toString()));
    }
  }
  fields.insert(fields.begin(), {"Node Type", text(type)});
  fields.emplace_back("Spark Node", text(std::string(plan.nodeName())));
  fields.emplace_back("Spark Details", text(plan.simpleString()));
  fields.emplace_back("Output", stringList(asExprs(plan.output())));
  fields.emplace_back("Startup Cost", "0.0");
  fields.emplace_back("Total Cost", "0.0");
  fields.emplace_back("Plan Rows", "0");
  fields.emplace_back("Plan Width", std::to_string(sizePerRow(plan.output())));
  return fields;
}

void appendPgNode(const PhysicalPtr& plan, int indent, const char* relationship, std::string& out) {
  // PostgreSQL has no codegen stages: the operators show in their place.
  if (plan->is<WholeStageCodegenExec>() || plan->is<InputAdapterExec>()) {
    appendPgNode(plan->child(0), indent, relationship, out);
    return;
  }
  std::string pad(static_cast<size_t>(indent), ' ');
  out += "{\n";
  std::vector<std::pair<std::string, std::string>> fields = pgFields(*plan);
  if (relationship != nullptr) {
    fields.insert(fields.begin() + 1, {"Parent Relationship", jsonString(relationship)});
  }
  const std::vector<PhysicalPtr> children = displayedChildren(*plan);
  for (size_t i = 0; i < fields.size(); ++i) {
    out += fmt::format("{}  {}: {}", pad, jsonString(fields[i].first), fields[i].second);
    out += i + 1 < fields.size() || !children.empty() ? ",\n" : "\n";
  }
  if (!children.empty()) {
    out += pad + "  \"Plans\": [\n";
    for (size_t i = 0; i < children.size(); ++i) {
      const char* role = children.size() == 1 ? "Outer" : (i == 0 ? "Outer" : "Inner");
      if (plan->is<UnionExec>()) role = "Member";
      out += pad + "    ";
      appendPgNode(children[i], indent + 4, role, out);
      out += i + 1 < children.size() ? ",\n" : "\n";
    }
    out += pad + "  ]\n";
  }
  out += pad + "}";
}

}  // namespace

std::string physicalTreeString(const PhysicalPtr& plan, const TreeStringOptions& options) {
  ScopedNormalizedIds ids(options.normalize_ids);
  std::string out;
  appendTree(plan, "", "", "", options, out);
  return out;
}

std::string physicalFormatted(const PhysicalPtr& plan, const TreeStringOptions& options) {
  ScopedNormalizedIds ids(options.normalize_ids);
  std::vector<PhysicalPtr> nodes;
  std::map<const PhysicalPlan*, int> stages;
  numberNodes(plan, 0, nodes, stages);
  std::string out;
  appendOutline(plan, nodes, stages, "", "", out);
  for (size_t i = 0; i < nodes.size(); ++i) {
    const PhysicalPtr& node = nodes[i];
    auto stage = stages.find(node.get());
    out += fmt::format("{}({}) {}{}\n", i == 0 ? "\n\n" : "\n", i + 1, formattedName(*node),
                       stage != stages.end() ? fmt::format(" [codegen id : {}]", stage->second)
                                             : std::string());
    if (node->children().empty()) {
      out += fmt::format("Output [{}]: {}\n", node->output().size(),
                         bracketed(asExprs(node->output())));
    } else {
      Attributes input = node->childrenOutput();
      out += fmt::format("Input [{}]: {}\n", input.size(), bracketed(asExprs(input)));
    }
    for (const NodeParam& param : node->params()) out += detailLine(param) + "\n";
  }
  return out;
}

std::string physicalPlanJson(const PhysicalPtr& plan, const TreeStringOptions& options) {
  ScopedNormalizedIds ids(options.normalize_ids);
  std::string out;
  appendJson(plan, 0, out);
  return out + "\n";
}

std::string physicalPgJson(const PhysicalPtr& plan, const TreeStringOptions& options) {
  ScopedNormalizedIds ids(options.normalize_ids);
  std::string out = "[\n  {\n    \"Plan\": ";
  appendPgNode(plan, 4, nullptr, out);
  return out + "\n  }\n]\n";
}

}  // namespace planck
