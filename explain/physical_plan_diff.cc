#include "explain/physical_plan_diff.h"

#include <algorithm>
#include <cctype>

#include "explain/physical_explain.h"
#include "fmt/format.h"
#include "physical/adaptive_operators.h"
#include "physical/codegen_operators.h"

namespace planck {
namespace {

// `line` without the `*(n) ` that follows its tree connectors.
std::string withoutCodegenMark(std::string_view line) {
  size_t at = line.find_first_not_of(" :+-");
  if (at == std::string_view::npos || line.substr(at, 2) != "*(") return std::string(line);
  size_t digits = at + 2;
  while (digits < line.size() && std::isdigit(static_cast<unsigned char>(line[digits]))) ++digits;
  if (digits == at + 2 || line.substr(digits, 2) != ") ") return std::string(line);
  return std::string(line.substr(0, at)) + std::string(line.substr(digits + 2));
}

// Flattens `plan` in pre-order as EXPLAIN shows it: WholeStageCodegen and InputAdapter give
// their operators a stage instead of a node, a query stage's exchange is its child.
void flatten(const PhysicalPtr& plan, int codegen_stage, const std::string& path, int parent,
             std::vector<PhysicalDiffNode>& out) {
  if (const auto* stage = plan->as<WholeStageCodegenExec>()) {
    flatten(plan->child(0), stage->stageId(), path, parent, out);
    return;
  }
  if (plan->is<InputAdapterExec>()) {
    flatten(plan->child(0), 0, path, parent, out);
    return;
  }
  int index = static_cast<int>(out.size());
  PhysicalDiffNode node;
  node.plan = plan;
  node.line = plan->simpleString();
  std::replace(node.line.begin(), node.line.end(), '\n', ' ');
  node.path = path;
  node.parent = parent;
  node.codegen_stage = codegen_stage;
  out.push_back(std::move(node));
  const std::vector<PhysicalPtr> children = displayedChildren(*plan);
  int below = asQueryStage(*plan) != nullptr ? 0 : codegen_stage;
  for (size_t i = 0; i < children.size(); ++i)
    flatten(children[i], below, fmt::format("{}_{}", path, i), index, out);
}

std::string joinedLines(const std::vector<PhysicalDiffNode>& nodes) {
  std::string text;
  for (const PhysicalDiffNode& node : nodes) text += node.line + "\n";
  return text;
}

// Pairs the unmatched operators of one gap between two matches by operator name, in order.
void pairChanged(PhysicalPlanDiff& diff, const std::vector<int>& removed,
                 const std::vector<int>& added) {
  size_t from = 0;
  for (int i : removed) {
    for (size_t k = from; k < added.size(); ++k) {
      int j = added[k];
      if (diff.after[j].match >= 0 ||
          diff.after[j].plan->nodeName() != diff.before[i].plan->nodeName()) {
        continue;
      }
      diff.before[i].match = j;
      diff.after[j].match = i;
      diff.before[i].status = diff.after[j].status = DiffStatus::kChanged;
      from = k + 1;
      break;
    }
  }
}

std::string nodeLabel(const PhysicalDiffNode& node, const DotOptions& options) {
  std::string name(node.plan->nodeName());
  std::string title =
      (node.codegen_stage > 0 ? fmt::format("*({}) ", node.codegen_stage) : "") + name;
  std::string text = "<B>" + dotHtmlEscape(title) + "</B>";
  if (node.status != DiffStatus::kUnchanged)
    text += " <I>(" + std::string(diffStatusName(node.status)) + ")</I>";
  std::string_view rest = node.line;
  if (rest.starts_with(name)) rest.remove_prefix(name.size());
  while (!rest.empty() && (rest.front() == ' ' || rest.front() == ',')) rest.remove_prefix(1);
  for (const std::string& line : wrapText(rest, options.wrap_width, options.max_lines_per_param))
    text += "<BR ALIGN=\"LEFT\"/>" + dotHtmlEscape(line);
  return text + "<BR ALIGN=\"LEFT\"/>";
}

}  // namespace

std::string comparablePlanText(const PhysicalPtr& plan) {
  std::string text = physicalTreeString(plan, TreeStringOptions{true});
  std::string out;
  for (std::string_view rest = text; !rest.empty();) {
    size_t newline = rest.find('\n');
    out += withoutCodegenMark(rest.substr(0, newline));
    out += '\n';
    rest.remove_prefix(newline == std::string_view::npos ? rest.size() : newline + 1);
  }
  return out;
}

std::vector<std::string> physicalPlanLineDiff(const PhysicalPtr& before, const PhysicalPtr& after,
                                              int context) {
  // Lines are matched by their operator text, without the tree connectors: an operator that only
  // moved up or down a level (its parent was removed or added) is not a change of its own.
  auto split = [](const std::string& text, std::vector<std::string>& lines, std::string& bodies) {
    for (std::string_view rest = text; !rest.empty();) {
      size_t newline = rest.find('\n');
      std::string_view line = rest.substr(0, newline);
      rest.remove_prefix(newline == std::string_view::npos ? rest.size() : newline + 1);
      lines.emplace_back(line);
      size_t body = line.find_first_not_of(" :+-");
      bodies +=
          std::string(line.substr(body == std::string_view::npos ? line.size() : body)) + "\n";
    }
  };
  std::vector<std::string> old_lines, new_lines;
  std::string old_bodies, new_bodies;
  split(comparablePlanText(before), old_lines, old_bodies);
  split(comparablePlanText(after), new_lines, new_bodies);
  const std::vector<LineEdit> edits = diffLines(old_bodies, new_bodies);
  // Which edits show: the changes and `context` unchanged lines on either side of each.
  const size_t ctx = static_cast<size_t>(std::max(context, 0));
  std::vector<bool> shown(edits.size(), false);
  bool changed = false;
  for (size_t k = 0; k < edits.size(); ++k) {
    if (edits[k].kind == ' ') continue;
    changed = true;
    size_t from = k >= ctx ? k - ctx : 0, to = std::min(edits.size(), k + ctx + 1);
    for (size_t t = from; t < to; ++t) shown[t] = true;
  }
  std::vector<std::string> lines;
  if (!changed) return lines;
  bool skipped = false;
  for (size_t k = 0; k < edits.size(); ++k) {
    if (!shown[k]) {
      skipped = !lines.empty();
      continue;
    }
    if (skipped) lines.push_back("  ...");
    skipped = false;
    // Removed lines as the old plan printed them; added and unchanged ones as the new one does.
    if (edits[k].kind == '-') {
      lines.push_back("- " + old_lines[edits[k].before_line]);
    } else {
      lines.push_back((edits[k].kind == '+' ? "+ " : "  ") + new_lines[edits[k].after_line]);
    }
  }
  return lines;
}

int PhysicalPlanDiff::count(DiffStatus status) const {
  const std::vector<PhysicalDiffNode>& side = status == DiffStatus::kRemoved ? before : after;
  return static_cast<int>(std::count_if(
      side.begin(), side.end(), [&](const PhysicalDiffNode& n) { return n.status == status; }));
}

PhysicalPlanDiff diffPhysicalPlans(const PhysicalPtr& before, const PhysicalPtr& after) {
  ScopedNormalizedIds ids(true);
  PhysicalPlanDiff diff;
  flatten(before, 0, "0", -1, diff.before);
  flatten(after, 0, "0", -1, diff.after);
  for (PhysicalDiffNode& node : diff.before) node.status = DiffStatus::kRemoved;
  for (PhysicalDiffNode& node : diff.after) node.status = DiffStatus::kAdded;
  std::string old_text = joinedLines(diff.before), new_text = joinedLines(diff.after);
  std::vector<int> removed, added;
  for (const LineEdit& edit : diffLines(old_text, new_text)) {
    if (edit.kind == '-') {
      removed.push_back(static_cast<int>(edit.before_line));
    } else if (edit.kind == '+') {
      added.push_back(static_cast<int>(edit.after_line));
    } else {
      pairChanged(diff, removed, added);
      removed.clear();
      added.clear();
      int i = static_cast<int>(edit.before_line), j = static_cast<int>(edit.after_line);
      diff.before[i].match = j;
      diff.after[j].match = i;
      diff.before[i].status = diff.after[j].status = DiffStatus::kUnchanged;
    }
  }
  pairChanged(diff, removed, added);
  return diff;
}

std::string physicalPlanDiffDot(const PhysicalPlanDiff& diff, const std::string& before_name,
                                const std::string& after_name, const DotOptions& options) {
  std::string summary =
      fmt::format("{} unchanged, {} changed, {} added, {} removed",
                  diff.count(DiffStatus::kUnchanged), diff.count(DiffStatus::kChanged),
                  diff.count(DiffStatus::kAdded), diff.count(DiffStatus::kRemoved));
  std::string out = "digraph physical_plan_diff {\n  rankdir=BT;\n";
  out += fmt::format(
      "  labelloc=t; label=<{}{}>;\n",
      options.title.empty() ? "" : "<B>" + dotHtmlEscape(options.title) + "</B><BR/>", summary);
  out += "  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fontsize=11];\n";
  std::string edges;
  auto cluster = [&](const std::vector<PhysicalDiffNode>& side, const char* prefix,
                     const std::string& name) {
    out += fmt::format("  subgraph cluster_{} {{\n    label=<<B>{}</B>>; color=\"#bbbbbb\";\n",
                       prefix, dotHtmlEscape(name));
    for (const PhysicalDiffNode& node : side) {
      DiffColors colors = diffStatusColors(node.status);
      out += fmt::format("    {}{} [label=<{}>, fillcolor=\"{}\", color=\"{}\"{}];\n", prefix,
                         node.path, nodeLabel(node, options), colors.fill, colors.border,
                         node.status == DiffStatus::kUnchanged ? "" : ", penwidth=2");
      if (node.parent >= 0) {
        edges += fmt::format("  {0}{1} -> {0}{2};\n", prefix, node.path,
                             side[static_cast<size_t>(node.parent)].path);
      }
    }
    out += "  }\n";
  };
  // Node labels print ids as #x, as the lines they were matched by.
  ScopedNormalizedIds ids(true);
  cluster(diff.before, "b", before_name);
  cluster(diff.after, "a", after_name);
  return out + edges + diffLegendDot() + "}\n";
}

}  // namespace planck
