#include "explain/plan_dot.h"

#include "explain/html_escape.h"
#include "explain/tree_string.h"
#include "fmt/format.h"
#include "logical/expressions.h"

namespace planck {
namespace {

// `at`, moved back to the start of a UTF-8 character: a cut never splits one.
size_t characterStart(std::string_view text, size_t at) {
  while (at > 0 && at < text.size() && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80) --at;
  return at;
}

// Emits the nodes of one tree (and, in nested clusters, of its subquery plans) into `nodes`,
// and its edges into `edges`. Edges are written at the top level after every cluster: an edge
// written inside a cluster would pull the operator outside the cluster into it.
class DotWriter {
 public:
  explicit DotWriter(const DotOptions& options) : options_(options) {}

  void tree(const PlanPtr& plan, const std::string& id, const std::string& indent,
            std::string& nodes) {
    nodes += fmt::format("{}{} [label=<{}>];\n", indent, id, label(*plan));
    std::vector<ExprPtr> subqueries = subqueryExpressions(*plan);
    for (size_t k = 0; k < subqueries.size(); ++k) {
      const auto* subquery = subqueries[k]->asSubquery();
      std::string sub_id = fmt::format("{}_s{}", id, k);
      nodes += fmt::format("{}subgraph cluster_{} {{\n", indent, sub_id);
      nodes += fmt::format("{}  label=<{}>; style=dashed; color=\"#7f7f7f\"; fontsize=10;\n",
                           indent, dotHtmlEscape(subqueryTitle(*subqueries[k])));
      tree(subquery->plan(), sub_id, indent + "  ", nodes);
      nodes += indent + "}\n";
      edges_ += fmt::format("  {} -> {} [style=dashed];\n", sub_id, id);
    }
    for (size_t i = 0; i < plan->children().size(); ++i) {
      std::string child_id = fmt::format("{}_{}", id, i);
      tree(plan->child(i), child_id, indent, nodes);
      edges_ += fmt::format("  {} -> {};\n", child_id, id);
    }
  }

  const std::string& edges() const { return edges_; }

 private:
  std::string label(const LogicalPlan& plan) const {
    std::string text = "<B>" + dotHtmlEscape(operatorTitle(plan)) + "</B>";
    for (const std::string& line : paramLines(plan, options_))
      text += "<BR ALIGN=\"LEFT\"/>" + dotHtmlEscape(line);
    return text + "<BR ALIGN=\"LEFT\"/>";
  }

  // A cluster's title: the subquery expression without its plan, e.g. `exists#12 []`.
  static std::string subqueryTitle(const Expression& expr) {
    std::string text = expr.toString();
    return text.size() > 80 ? text.substr(0, 77) + "..." : text;
  }

  const DotOptions& options_;
  std::string edges_;
};

}  // namespace

std::string dotHtmlEscape(std::string_view text) {
  return htmlEscape(text, ControlCharacters::kBlank);
}

std::vector<std::string> wrapText(std::string_view text, size_t width, size_t max_lines) {
  std::vector<std::string> lines;
  width = std::max<size_t>(width, 8);
  while (!text.empty()) {
    if (lines.size() + 1 == max_lines && text.size() > width) {
      lines.push_back(std::string(text.substr(0, characterStart(text, width - 3))) + "...");
      break;
    }
    size_t cut = text.size();
    if (cut > width) {
      // Break after the last ", " or space that leaves at least half a line, else mid-word.
      size_t space = text.substr(0, width).rfind(' ');
      cut = space != std::string_view::npos && space >= width / 2 ? space + 1
                                                                  : characterStart(text, width);
      if (cut == 0) cut = width;  // not UTF-8 after all
    }
    lines.emplace_back(text.substr(0, cut));
    text.remove_prefix(cut);
  }
  return lines;
}

std::string operatorTitle(const LogicalPlan& plan) {
  return (plan.resolved() ? "" : "'") + std::string(plan.nodeName());
}

std::vector<std::string> paramLines(const LogicalPlan& plan, const DotOptions& options) {
  std::vector<std::string> lines;
  for (const NodeParam& param : plan.params()) {
    std::string value = paramText(param.value);
    if (value.empty() || value == "[]") continue;
    for (std::string& line :
         wrapText(param.name + ": " + value, options.wrap_width, options.max_lines_per_param)) {
      lines.push_back(std::move(line));
    }
  }
  return lines;
}

std::vector<ExprPtr> subqueryExpressions(const LogicalPlan& plan) {
  std::vector<ExprPtr> found;
  for (const ExprPtr& expr : plan.expressions()) {
    forEachNode(expr, [&](const ExprPtr& each) {
      if (each->asSubquery() != nullptr) found.push_back(each);
    });
  }
  return found;
}

std::string planDot(const PlanPtr& plan, const DotOptions& options) {
  ScopedNormalizedIds ids(options.normalize_ids);
  DotWriter writer(options);
  std::string nodes;
  writer.tree(plan, "n0", "  ", nodes);
  std::string out = "digraph plan {\n  rankdir=BT;\n";
  if (!options.title.empty()) {
    out += fmt::format("  labelloc=t; label=<<B>{}</B>>;\n", dotHtmlEscape(options.title));
  }
  out +=
      "  node [shape=box, style=\"rounded,filled\", fillcolor=\"#f4f6fa\", "
      "fontname=\"Helvetica\", fontsize=11];\n  edge [color=\"#555555\"];\n";
  return out + nodes + writer.edges() + "}\n";
}

}  // namespace planck
