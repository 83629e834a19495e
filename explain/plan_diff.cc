#include "explain/plan_diff.h"

#include <algorithm>
#include <map>
#include <tuple>
#include <unordered_map>

#include "explain/tree_string.h"
#include "fmt/format.h"
#include "logical/expressions.h"

namespace planck {
namespace {

// Flattens a plan, subquery plans included, in pre-order.
void flatten(const PlanPtr& plan, const std::string& path, int parent, bool subquery_link,
             std::vector<DiffNode>& out) {
  int index = static_cast<int>(out.size());
  DiffNode node;
  node.plan = plan;
  node.path = path;
  node.parent = parent;
  node.subquery_link = subquery_link;
  out.push_back(std::move(node));
  std::vector<ExprPtr> subqueries = subqueryExpressions(*plan);
  for (size_t k = 0; k < subqueries.size(); ++k) {
    flatten(subqueries[k]->asSubquery()->plan(), fmt::format("{}_s{}", path, k), index, true, out);
  }
  for (size_t i = 0; i < plan->children().size(); ++i)
    flatten(plan->child(i), fmt::format("{}_{}", path, i), index, false, out);
  out[static_cast<size_t>(index)].end = static_cast<int>(out.size());
}

class Matcher {
 public:
  Matcher(std::vector<DiffNode>& before, std::vector<DiffNode>& after)
      : before_(before), after_(after) {}

  void run() {
    matchIdenticalSubtrees();
    matchBottomUp();
    if (!before_.empty() && !after_.empty()) tryMatch(0, 0);
    recoverTopDown();
    matchEqualParameters();
    recoverTopDown();
    matchLeavesBySource();
  }

 private:
  enum class Relation { kAncestor, kDescendant, kUnrelated };

  static Relation relation(const std::vector<DiffNode>& side, int a, int b) {
    if (a < b && b < side[a].end) return Relation::kAncestor;
    if (b < a && a < side[b].end) return Relation::kDescendant;
    return Relation::kUnrelated;
  }

  // Whether matching i (old) to j (new) keeps every existing match's ancestry.
  bool consistent(int i, int j) const {
    for (int m = 0; m < static_cast<int>(before_.size()); ++m) {
      int mm = before_[m].match;
      if (mm < 0 || m == i) continue;
      if (relation(before_, i, m) != relation(after_, j, mm)) return false;
    }
    return true;
  }

  bool sameKind(int i, int j) const {
    return before_[i].plan->kind() == after_[j].plan->kind() &&
           before_[i].subquery_link == after_[j].subquery_link;
  }

  void link(int i, int j) {
    before_[i].match = j;
    after_[j].match = i;
  }

  bool tryMatch(int i, int j) {
    if (before_[i].match >= 0 || after_[j].match >= 0 || !sameKind(i, j) || !consistent(i, j))
      return false;
    link(i, j);
    return true;
  }

  bool subtreeUnmatched(const std::vector<DiffNode>& side, int root) const {
    for (int k = root; k < side[root].end; ++k)
      if (side[k].match >= 0) return false;
    return true;
  }

  // Phase 1: identical subtrees, the largest first.
  void matchIdenticalSubtrees() {
    std::unordered_multimap<size_t, int> by_hash;
    for (int j = 0; j < static_cast<int>(after_.size()); ++j)
      by_hash.emplace(after_[j].plan->hash(), j);
    for (int i = 0; i < static_cast<int>(before_.size()); ++i) {
      if (before_[i].match >= 0) continue;
      const PlanPtr& plan = before_[i].plan;
      int best = -1;
      auto [first, last] = by_hash.equal_range(plan->hash());
      for (auto it = first; it != last; ++it) {
        int j = it->second;
        const DiffNode& candidate = after_[j];
        if (candidate.match >= 0 || candidate.subquery_link != before_[i].subquery_link) continue;
        if (candidate.end - j != before_[i].end - i) continue;
        if (candidate.plan != plan && !candidate.plan->equals(*plan)) continue;
        if (!subtreeUnmatched(after_, j) || !consistent(i, j)) continue;
        // Prefer the same node, then the same position.
        int rank = candidate.plan == plan ? 0 : candidate.path == before_[i].path ? 1 : 2;
        int best_rank = best < 0                               ? 3
                        : after_[best].plan == plan            ? 0
                        : after_[best].path == before_[i].path ? 1
                                                               : 2;
        if (rank < best_rank) best = j;
      }
      if (best < 0) continue;
      for (int k = 0; k < before_[i].end - i; ++k) link(i + k, best + k);
    }
  }

  // Phase 2: an operator to the one of its kind holding most of its descendants' matches.
  void matchBottomUp() {
    for (int i = static_cast<int>(before_.size()) - 1; i >= 0; --i) {
      if (before_[i].match >= 0 || before_[i].end == i + 1) continue;
      std::vector<std::pair<double, int>> scored;
      for (int j = 0; j < static_cast<int>(after_.size()); ++j) {
        if (after_[j].match >= 0 || !sameKind(i, j) || after_[j].end == j + 1) continue;
        int common = 0;
        for (int d = i + 1; d < before_[i].end; ++d) {
          int m = before_[d].match;
          if (m > j && m < after_[j].end) ++common;
        }
        if (common == 0) continue;
        double dice = 2.0 * common / ((before_[i].end - i - 1) + (after_[j].end - j - 1));
        scored.emplace_back(dice, j);
      }
      // Highest Dice first; ties go to the earlier operator (stable order).
      std::stable_sort(scored.begin(), scored.end(),
                       [](const auto& a, const auto& b) { return a.first > b.first; });
      for (const auto& [dice, j] : scored) {
        if (tryMatch(i, j)) break;
      }
    }
  }

  // Phase 3: below matched operators, pair unmatched children of the same kind in order.
  void recoverTopDown() {
    for (int i = 0; i < static_cast<int>(before_.size()); ++i) {
      int j = before_[i].match;
      if (j < 0) continue;
      for (int c = i + 1; c < before_[i].end; c = before_[c].end) {
        if (before_[c].match >= 0) continue;
        for (int d = j + 1; d < after_[j].end; d = after_[d].end) {
          if (tryMatch(c, d)) break;
        }
      }
    }
  }

  // Last: leaves of the same kind reading the same source (equal first parameter: a
  // Relation's table), such as a scan whose columns were pruned under a rewritten parent.
  void matchLeavesBySource() {
    for (int i = 0; i < static_cast<int>(before_.size()); ++i) {
      if (before_[i].match >= 0 || before_[i].end != i + 1) continue;
      std::vector<NodeParam> params = before_[i].plan->params();
      if (params.empty()) continue;
      for (int j = 0; j < static_cast<int>(after_.size()); ++j) {
        if (after_[j].match >= 0 || after_[j].end != j + 1 || !sameKind(i, j)) continue;
        std::vector<NodeParam> other = after_[j].plan->params();
        if (other.empty() || other[0].name != params[0].name ||
            !paramValueEquals(other[0].value, params[0].value)) {
          continue;
        }
        if (tryMatch(i, j)) break;
      }
    }
  }

  // Phase 4: what is left, by kind and equal parameters.
  void matchEqualParameters() {
    for (int i = 0; i < static_cast<int>(before_.size()); ++i) {
      if (before_[i].match >= 0) continue;
      for (int j = 0; j < static_cast<int>(after_.size()); ++j) {
        if (after_[j].match >= 0 || !sameKind(i, j)) continue;
        if (paramChanges(*before_[i].plan, *after_[j].plan).empty() && tryMatch(i, j)) break;
      }
    }
  }

 public:
  // The parameters that differ between two operators of the same kind, in the new one's order.
  static std::vector<ParamChange> paramChanges(const LogicalPlan& before,
                                               const LogicalPlan& after) {
    std::vector<NodeParam> old_params = before.params(), new_params = after.params();
    std::vector<ParamChange> changes;
    std::vector<bool> seen(old_params.size(), false);
    for (const NodeParam& param : new_params) {
      auto old = std::find_if(old_params.begin(), old_params.end(),
                              [&](const NodeParam& each) { return each.name == param.name; });
      if (old == old_params.end()) {
        changes.push_back({param.name, "", paramText(param.value)});
        continue;
      }
      seen[static_cast<size_t>(old - old_params.begin())] = true;
      if (!paramValueEquals(old->value, param.value))
        changes.push_back({param.name, paramText(old->value), paramText(param.value)});
    }
    for (size_t k = 0; k < old_params.size(); ++k) {
      if (!seen[k]) changes.push_back({old_params[k].name, paramText(old_params[k].value), ""});
    }
    if (before.resolved() != after.resolved()) {
      changes.push_back(
          {"resolved", before.resolved() ? "true" : "false", after.resolved() ? "true" : "false"});
    }
    return changes;
  }

 private:
  std::vector<DiffNode>& before_;
  std::vector<DiffNode>& after_;
};

std::string diffLabel(const DiffNode& node, const DotOptions& options) {
  std::string text = "<B>" + dotHtmlEscape(operatorTitle(*node.plan)) + "</B>";
  if (node.status != DiffStatus::kUnchanged)
    text += " <I>(" + std::string(diffStatusName(node.status)) + ")</I>";
  auto line = [&](const std::string& content, const char* color) {
    std::string escaped = dotHtmlEscape(content);
    text += "<BR ALIGN=\"LEFT\"/>";
    text += color ? fmt::format("<FONT COLOR=\"{}\">{}</FONT>", color, escaped) : escaped;
  };
  for (const NodeParam& param : node.plan->params()) {
    auto change = std::find_if(node.changes.begin(), node.changes.end(),
                               [&](const ParamChange& each) { return each.name == param.name; });
    if (change != node.changes.end()) continue;
    std::string value = paramText(param.value);
    if (value.empty() || value == "[]") continue;
    for (const std::string& wrapped :
         wrapText(param.name + ": " + value, options.wrap_width, options.max_lines_per_param)) {
      line(wrapped, nullptr);
    }
  }
  for (const ParamChange& change : node.changes) {
    for (const std::string& wrapped : wrapText("- " + change.name + ": " + change.before,
                                               options.wrap_width, options.max_lines_per_param)) {
      line(wrapped, "#c02020");
    }
    for (const std::string& wrapped : wrapText("+ " + change.name + ": " + change.after,
                                               options.wrap_width, options.max_lines_per_param)) {
      line(wrapped, "#1f7a1f");
    }
  }
  return text + "<BR ALIGN=\"LEFT\"/>";
}

}  // namespace

std::string_view diffStatusName(DiffStatus status) {
  switch (status) {
    case DiffStatus::kUnchanged:
      return "unchanged";
    case DiffStatus::kChanged:
      return "changed";
    case DiffStatus::kAdded:
      return "added";
    case DiffStatus::kRemoved:
      return "removed";
  }
  return "unchanged";
}

DiffColors diffStatusColors(DiffStatus status) {
  switch (status) {
    case DiffStatus::kAdded:
      return {"#d5f5d5", "#2e9e2e"};
    case DiffStatus::kRemoved:
      return {"#fbd9d9", "#d03030"};
    case DiffStatus::kChanged:
      return {"#ffe6a8", "#e08a00"};
    case DiffStatus::kUnchanged:
      break;
  }
  return {"#eeeeee", "#9a9a9a"};
}

std::string diffLegendDot() {
  std::string out =
      "  subgraph cluster_legend {\n    label=<<B>Legend</B>>; fontsize=10; color=\"#bbbbbb\";\n";
  for (DiffStatus status :
       {DiffStatus::kUnchanged, DiffStatus::kChanged, DiffStatus::kAdded, DiffStatus::kRemoved}) {
    DiffColors colors = diffStatusColors(status);
    out += fmt::format("    legend_{0} [label=\"{0}\", fillcolor=\"{1}\", color=\"{2}\"];\n",
                       diffStatusName(status), colors.fill, colors.border);
  }
  return out + "  }\n";
}

int PlanDiff::count(DiffStatus status) const {
  const std::vector<DiffNode>& side = status == DiffStatus::kRemoved ? before : after;
  return static_cast<int>(std::count_if(
      side.begin(), side.end(), [&](const DiffNode& node) { return node.status == status; }));
}

bool PlanDiff::unchanged() const {
  if (before.size() != after.size()) return false;
  for (size_t i = 0; i < before.size(); ++i) {
    // Matched in the same pre-order position with unchanged operators: the same tree shape.
    if (before[i].match != static_cast<int>(i) || before[i].status != DiffStatus::kUnchanged ||
        before[i].path != after[i].path) {
      return false;
    }
  }
  return true;
}

PlanDiff diffPlans(const PlanPtr& before, const PlanPtr& after, bool normalize_ids) {
  ScopedNormalizedIds ids(normalize_ids);
  PlanDiff diff;
  flatten(before, "0", -1, false, diff.before);
  flatten(after, "0", -1, false, diff.after);
  Matcher(diff.before, diff.after).run();
  for (DiffNode& node : diff.before) {
    if (node.match < 0) node.status = DiffStatus::kRemoved;
  }
  for (DiffNode& node : diff.after) {
    if (node.match < 0) {
      node.status = DiffStatus::kAdded;
      continue;
    }
    DiffNode& old = diff.before[static_cast<size_t>(node.match)];
    if (old.plan != node.plan) node.changes = Matcher::paramChanges(*old.plan, *node.plan);
    if (normalize_ids) {
      // Differences in ids alone do not show with ids printed as #x: not a change to report.
      std::erase_if(node.changes,
                    [](const ParamChange& change) { return change.before == change.after; });
    }
    node.status = node.changes.empty() ? DiffStatus::kUnchanged : DiffStatus::kChanged;
    old.status = node.status;
    old.changes = node.changes;
  }
  return diff;
}

std::string planDiffDot(const PlanDiff& diff, const DotOptions& options) {
  ScopedNormalizedIds ids(options.normalize_ids);
  auto before_id = [&](int i) {
    int match = diff.before[static_cast<size_t>(i)].match;
    return match >= 0 ? "a" + diff.after[static_cast<size_t>(match)].path
                      : "b" + diff.before[static_cast<size_t>(i)].path;
  };
  std::string out = "digraph plan_diff {\n  rankdir=BT;\n";
  std::string summary =
      fmt::format("{} unchanged, {} changed, {} added, {} removed",
                  diff.count(DiffStatus::kUnchanged), diff.count(DiffStatus::kChanged),
                  diff.count(DiffStatus::kAdded), diff.count(DiffStatus::kRemoved));
  out += fmt::format(
      "  labelloc=t; label=<{}{}>;\n",
      options.title.empty() ? "" : "<B>" + dotHtmlEscape(options.title) + "</B><BR/>", summary);
  out += "  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fontsize=11];\n";
  auto emit = [&](const std::string& id, const DiffNode& node) {
    DiffColors colors = diffStatusColors(node.status);
    out += fmt::format("  {} [label=<{}>, fillcolor=\"{}\", color=\"{}\"{}];\n", id,
                       diffLabel(node, options), colors.fill, colors.border,
                       node.status == DiffStatus::kUnchanged ? "" : ", penwidth=2");
  };
  for (const DiffNode& node : diff.after) emit("a" + node.path, node);
  for (const DiffNode& node : diff.before) {
    if (node.match < 0) emit("b" + node.path, node);
  }
  // Edges child -> parent, keyed by the merged ids; 1 = old plan only, 2 = new only, 3 = both.
  std::map<std::tuple<std::string, std::string, bool>, int> edges;
  std::vector<std::tuple<std::string, std::string, bool>> order;
  auto add_edge = [&](std::string from, std::string to, bool subquery, int side) {
    auto key = std::make_tuple(std::move(from), std::move(to), subquery);
    auto [it, inserted] = edges.emplace(key, 0);
    if (inserted) order.push_back(key);
    it->second |= side;
  };
  for (const DiffNode& node : diff.after) {
    if (node.parent >= 0)
      add_edge("a" + node.path, "a" + diff.after[static_cast<size_t>(node.parent)].path,
               node.subquery_link, 2);
  }
  for (int i = 0; i < static_cast<int>(diff.before.size()); ++i) {
    const DiffNode& node = diff.before[static_cast<size_t>(i)];
    if (node.parent >= 0) add_edge(before_id(i), before_id(node.parent), node.subquery_link, 1);
  }
  for (const auto& key : order) {
    const auto& [from, to, subquery] = key;
    int side = edges[key];
    const char* color = side == 3 ? "#777777" : side == 1 ? "#d03030" : "#2e9e2e";
    out += fmt::format("  {} -> {} [color=\"{}\"{}{}];\n", from, to, color,
                       side == 3 ? "" : ", penwidth=2", subquery ? ", style=dashed" : "");
  }
  return out + diffLegendDot() + "}\n";
}

std::vector<LineEdit> diffLines(std::string_view before, std::string_view after) {
  auto lines_of = [](std::string_view text) {
    std::vector<std::string_view> lines;
    while (!text.empty()) {
      size_t newline = text.find('\n');
      lines.push_back(text.substr(0, newline));
      text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
    }
    return lines;
  };
  std::vector<std::string_view> a = lines_of(before), b = lines_of(after);
  const size_t n = a.size(), m = b.size();
  // lcs[i][j]: length of the longest common subsequence of a[i..] and b[j..].
  std::vector<std::vector<int>> lcs(n + 1, std::vector<int>(m + 1, 0));
  for (size_t i = n; i-- > 0;) {
    for (size_t j = m; j-- > 0;)
      lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
  }
  std::vector<LineEdit> edits;
  size_t i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] == b[j]) {
      edits.push_back({' ', a[i], i, j});
      ++i;
      ++j;
    } else if (j == m || (i < n && lcs[i + 1][j] >= lcs[i][j + 1])) {
      edits.push_back({'-', a[i], i, j});
      ++i;
    } else {
      edits.push_back({'+', b[j], i, j});
      ++j;
    }
  }
  return edits;
}

std::string unifiedDiff(std::string_view before, std::string_view after,
                        std::string_view before_name, std::string_view after_name, int context) {
  const std::vector<LineEdit> ops = diffLines(before, after);
  auto range = [](size_t start, size_t count) {
    // diff -u: 1-based start; an empty range names the line before it; ",1" is left out.
    if (count == 0) return fmt::format("{},0", start);
    if (count == 1) return fmt::format("{}", start + 1);
    return fmt::format("{},{}", start + 1, count);
  };
  std::string out;
  const size_t ctx = static_cast<size_t>(std::max(context, 0));
  size_t k = 0;
  while (k < ops.size()) {
    if (ops[k].kind == ' ') {
      ++k;
      continue;
    }
    // A hunk: from `ctx` lines before this change to `ctx` lines after the last change that is
    // at most 2 * ctx unchanged lines away from the previous one.
    size_t start = k >= ctx ? k - ctx : 0, end = k;
    while (end < ops.size()) {
      size_t next = end;
      while (next < ops.size() && ops[next].kind != ' ') ++next;
      size_t gap = next;
      while (gap < ops.size() && ops[gap].kind == ' ') ++gap;
      if (gap == ops.size() || gap - next > 2 * ctx) {
        end = std::min(next + ctx, ops.size());
        break;
      }
      end = gap;
    }
    size_t a_count = 0, b_count = 0;
    for (size_t t = start; t < end; ++t) {
      if (ops[t].kind != '+') ++a_count;
      if (ops[t].kind != '-') ++b_count;
    }
    if (out.empty()) out = fmt::format("--- {}\n+++ {}\n", before_name, after_name);
    out += fmt::format("@@ -{} +{} @@\n", range(ops[start].before_line, a_count),
                       range(ops[start].after_line, b_count));
    for (size_t t = start; t < end; ++t) {
      out += ops[t].kind;
      out += ops[t].text;
      out += '\n';
    }
    k = end;
  }
  return out;
}

std::string planTextDiff(const PlanPtr& before, const PlanPtr& after, std::string_view before_name,
                         std::string_view after_name) {
  TreeStringOptions options{true};
  return unifiedDiff(treeString(before, options), treeString(after, options), before_name,
                     after_name);
}

}  // namespace planck
