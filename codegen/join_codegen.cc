// BroadcastHashJoin and ShuffledHashJoin in generated code. The stage's build function
// (`planck_stage_N_build_j`) chains the build side's rows by the hash of their keys in a
// PlanckJoinTable, leaving out rows with a NULL key (they never match): the executor runs it
// once per query over a broadcast, and once per task over the task's partition of a shuffled
// join's build side. The
// probe is part of the streamed side's pipeline: for each streamed row, the rows of its hash
// chain whose keys equal its keys, then the condition beyond the keys; inner joins pass every
// match on, semi and anti joins the streamed row once when one matched or none did, outer joins
// every match or the streamed row padded with NULLs.
#include "codegen/stage_generator.h"
#include "common/status.h"
#include "fmt/format.h"

namespace planck {

// Probes stall on cache misses one row at a time; when the probe keys are input columns and the
// table is larger than the caches, the rows ahead are hashed early and their table entries
// prefetched: the chain head 16 rows ahead, the first build row's hash 8 rows ahead (the software prefetching of Menon, Mowry and Pavlo,
// "Relaxed Operator Fusion for In-Memory Databases", VLDB 2017, without its staging).
void StageGenerator::writeProbePrefetch(const std::string& prefix, const std::string& table,
                                        const std::vector<ExprPtr>& keys) {
  auto ahead = [&](int distance) -> std::optional<std::vector<CodeValue>> {
    std::vector<CodeValue> values;
    for (const ExprPtr& key : keys) {
      const auto* attribute = key->as<AttributeReference>();
      if (attribute == nullptr) return std::nullopt;
      std::optional<SourceColumn> column = sourceColumn(attribute->exprId());
      if (!column || !(column->type.isIntegral() || column->type.id() == TypeId::kDate)) {
        return std::nullopt;
      }
      values.push_back(CodeValue{
          fmt::format("((const {}*)batch->columns[{}].values)[{} + {}]", cTypeOf(column->type),
                      column->column, sourceRow(), distance),
          "0", column->type});
    }
    return values;
  };
  std::optional<std::vector<CodeValue>> far = ahead(16), near = ahead(8);
  if (!far || !near) return;
  // Only a table larger than the caches is worth it (heads of more than 64K slots).
  body().open(fmt::format("if ({}->mask > 65535 && {} + 16 < batch->rows)", table, sourceRow()));
  std::string far_hash = hashCode(*far);
  body().line(fmt::format("__builtin_prefetch(&{0}->heads[{1} & {0}->mask]);", table, far_hash));
  std::string near_hash = hashCode(*near);
  body().line(fmt::format("uint32_t {}_ahead = {}->heads[{} & {}->mask];", prefix, table,
                          near_hash, table));
  body().line(fmt::format("if ({0}_ahead != 0) __builtin_prefetch(&{1}->hashes[{0}_ahead - 1]);",
                          prefix, table));
  body().close();
}

namespace {

// What the probe needs of either hash join.
struct HashJoinParts {
  bool build_right;
  JoinType type;
  ExprPtr condition;
  std::vector<ExprPtr> left_keys, right_keys;
  bool per_task;
};

HashJoinParts partsOf(const PhysicalPlan& node) {
  if (const auto* join = node.as<ShuffledHashJoinExec>()) {
    return HashJoinParts{join->buildSide() == BuildSide::kRight, join->joinType(),
                         join->condition(), join->leftKeys(), join->rightKeys(), true};
  }
  const auto* join = node.as<BroadcastHashJoinExec>();
  return HashJoinParts{join->buildSide() == BuildSide::kRight, join->joinType(), join->condition(),
                       join->leftKeys(), join->rightKeys(), false};
}

}  // namespace

absl::Status StageGenerator::produceHashJoin(const PhysicalPtr& node, const RowConsumer& parent) {
  HashJoinParts join = partsOf(*node);
  bool build_right = join.build_right;
  const PhysicalPtr& streamed = build_right ? node->child(0) : node->child(1);
  const PhysicalPtr& build = build_right ? node->child(1) : node->child(0);
  const std::vector<ExprPtr>& streamed_keys = build_right ? join.left_keys : join.right_keys;
  const std::vector<ExprPtr>& build_keys = build_right ? join.right_keys : join.left_keys;
  // The build side itself: below the InputAdapter the stage put over it.
  PhysicalPtr side = build->is<InputAdapterExec>() ? build->child(0) : build;

  return produce(streamed, [&](const CodeRow& row) -> absl::Status {
    std::string prefix = beginOperator(node);
    JoinType type = join.type;

    // The build function, written once, into its own FunctionCode.
    FunctionCode code;
    FunctionCode* saved = current_;
    setCurrent(&code);
    code.preamble.line(
        "if (planck_join_table_init(ctx, table, batch) != PLANCK_OK) return PLANCK_ERROR;");
    std::string build_row = prefix + "_build_row";
    body().open(fmt::format("for (int64_t {0} = batch->rows - 1; {0} >= 0; --{0})", build_row));
    CodeRow build_values = loadRow(build->output(), "batch->columns", build_row,
                                   prefix + "_build", code.preamble);
    std::vector<CodeValue> keys;
    {
      ExpressionCodegen codegen = expressions(prefix + "_build");
      for (const ExprPtr& key : build_keys) {
        PLANCK_ASSIGN_OR_RETURN(CodeValue value, codegen.generate(key, build_values));
        keys.push_back(value);
      }
    }
    for (const CodeValue& key : keys) body().line(fmt::format("if ({}) continue;", key.is_null));
    std::string hashed = hashCode(keys);
    body().line(fmt::format("planck_join_table_insert(table, (uint32_t){}, {});", build_row,
                            hashed));
    body().close();
    setCurrent(saved);
    int number = addBuild(side, join.per_task, std::move(code));

    // The probe, in the streamed side's pipeline.
    std::string table = prefix + "_table";
    current_->preamble.line(
        fmt::format("const PlanckJoinTable* {} = (const PlanckJoinTable*)ctx->shared[{}];", table,
                    number));
    ExpressionCodegen codegen = expressions(prefix);
    std::vector<CodeValue> probe_keys;
    for (const ExprPtr& key : streamed_keys) {
      PLANCK_ASSIGN_OR_RETURN(CodeValue value, codegen.generate(key, row));
      probe_keys.push_back(value);
    }
    writeProbePrefetch(prefix, table, streamed_keys);
    std::string hash = prefix + "_hash", next = prefix + "_next", at = prefix + "_at";
    body().line(fmt::format("uint32_t {} = 0;", next));
    body().line(fmt::format("uint64_t {} = 0;", hash));
    std::string no_null = "1";
    for (const CodeValue& key : probe_keys) no_null += " && !" + key.is_null;
    body().open(fmt::format("if ({})", no_null));
    std::string probe_hash = hashCode(probe_keys);
    body().line(fmt::format("{} = {};", hash, probe_hash));
    body().line(fmt::format("{0} = {1}->heads[{2} & {1}->mask];", next, table, hash));
    body().close();
    // The next build row of the chain whose keys equal the streamed row's.
    auto next_match = [&]() -> absl::StatusOr<CodeRow> {
      body().open(fmt::format("while ({} != 0)", next));
      body().line(fmt::format("uint32_t {} = {} - 1;", at, next));
      body().line(fmt::format("{} = {}->next[{}];", next, table, at));
      body().line(fmt::format("if ({}->hashes[{}] != {}) continue;", table, at, hash));
      CodeRow matches = loadRow(build->output(), table + "->build->columns", at,
                                prefix + "_match", current_->preamble);
      ExpressionCodegen match_codegen = expressions(prefix + "_match");
      for (size_t i = 0; i < build_keys.size(); ++i) {
        PLANCK_ASSIGN_OR_RETURN(CodeValue value, match_codegen.generate(build_keys[i], matches));
        body().line(fmt::format("if ({} != 0) continue;", compareCode(probe_keys[i], value)));
      }
      return matches;
    };
    return writeJoinOutput(node, prefix, type, join.condition, row, build->output(), next_match,
                           parent);
  });
}

absl::Status StageGenerator::writeJoinOutput(
    const PhysicalPtr& node, const std::string& prefix, JoinType type, const ExprPtr& condition,
    const CodeRow& row, const Attributes& other_output,
    const std::function<absl::StatusOr<CodeRow>()>& next_candidate, const RowConsumer& parent) {
  // One loop finds the next matching row of the other side; the row goes on from one place (an
  // outer join's NULL-padded row too), so the parent's code is written once.
  bool semi_or_anti = type == JoinType::kLeftSemi || type == JoinType::kLeftAnti;
  bool outer = type == JoinType::kLeftOuter || type == JoinType::kRightOuter;
  std::string matched = prefix + "_matched", found = prefix + "_found";
  body().line(fmt::format("uint8_t {} = 0;", matched));
  // The matched row's values, as the rows after the join see them.
  CodeRow joined = row;
  if (!semi_or_anti) {
    for (const AttributePtr& attribute : other_output) {
      DataType type_of = attribute->dataType();
      CodeValue value{names_.fresh(prefix, "build"), "", type_of};
      value.is_null = value.value + "_null";
      body().line(fmt::format("{} {} = {}; uint8_t {} = 1;", cTypeOf(type_of), value.value,
                              zeroOf(type_of), value.is_null));
      joined[attribute->exprId()] = value;
    }
  }
  body().open("for (;;)");
  body().line(fmt::format("uint8_t {} = 0;", found));
  PLANCK_ASSIGN_OR_RETURN(CodeRow matches, next_candidate());
  if (condition != nullptr) {
    CodeRow candidate = row;
    for (const auto& [id, value] : matches) candidate[id] = value;
    ExpressionCodegen codegen = expressions(prefix + "_match");
    PLANCK_ASSIGN_OR_RETURN(CodeValue passed, codegen.generate(condition, candidate));
    body().line(fmt::format("if ({} || !{}) continue;", passed.is_null, passed.value));
  }
  body().line(fmt::format("{} = 1;", found));
  if (!semi_or_anti) {
    for (const AttributePtr& attribute : other_output) {
      const CodeValue& to = joined[attribute->exprId()];
      const CodeValue& from = matches[attribute->exprId()];
      body().line(fmt::format("{} = {}; {} = {};", to.value, from.value, to.is_null,
                              from.is_null));
    }
  }
  body().line("break;");
  body().close();
  if (outer) {
    body().open(fmt::format("if (!{})", found));
    body().line(fmt::format("if ({}) break;", matched));
    for (const AttributePtr& attribute : other_output) {
      const CodeValue& to = joined[attribute->exprId()];
      body().line(fmt::format("{} = {}; {} = 1;", to.value, zeroOf(attribute->dataType()),
                              to.is_null));
    }
    body().close();
  } else {
    body().line(fmt::format("if (!{}) break;", found));
  }
  body().line(fmt::format("{} = 1;", matched));
  if (semi_or_anti) {
    body().line("break;");
  } else {
    countRow(node);
    PLANCK_RETURN_IF_ERROR(parent(joined));
    if (outer) body().line(fmt::format("if (!{}) break;", found));
  }
  body().close();
  if (semi_or_anti) {
    body().open(fmt::format("if ({}{})", type == JoinType::kLeftAnti ? "!" : "", matched));
    countRow(node);
    PLANCK_RETURN_IF_ERROR(parent(row));
    body().close();
  }
  return absl::OkStatus();
}

}  // namespace planck
