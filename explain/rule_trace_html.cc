#include "explain/rule_trace_html.h"

#include "explain/aqe_timeline.h"
#include "explain/graphviz.h"
#include "explain/html_escape.h"
#include "explain/physical_plan_diff.h"
#include "explain/plan_diff.h"
#include "explain/tree_string.h"
#include "fmt/format.h"

namespace planck {
namespace {

// dot's SVG without the XML declaration and DOCTYPE, which do not belong inside HTML.
std::string inlineSvg(const std::string& svg) {
  size_t start = svg.find("<svg");
  return start == std::string::npos ? svg : svg.substr(start);
}

constexpr const char* kStyle = R"(
body { font-family: Helvetica, Arial, sans-serif; margin: 0; color: #222; }
header { padding: 10px 18px; background: #2d3e50; color: #fff; }
header h1 { font-size: 18px; margin: 0 0 6px 0; }
header pre.query { margin: 0; white-space: pre-wrap; color: #dfe6ee; background: transparent;
                   padding: 0; max-height: 96px; overflow-y: auto; font-size: 12px; }
#layout { display: flex; align-items: flex-start; }
nav { width: 290px; flex: none; padding: 8px; border-right: 1px solid #ddd; font-size: 13px;
      max-height: calc(100vh - 80px); overflow-y: auto; position: sticky; top: 0; }
nav ol { padding-left: 26px; margin: 0; }
nav a { color: #1a4f8b; text-decoration: none; display: block; padding: 2px 4px; }
nav a.current { background: #1a4f8b; color: #fff; border-radius: 3px; }
nav small { color: inherit; opacity: 0.75; }
main { flex: 1; padding: 8px 18px; min-width: 0; }
.controls { display: flex; gap: 12px; align-items: center; margin-bottom: 8px; }
.controls button { font-size: 14px; padding: 4px 12px; }
.step h2 { font-size: 17px; margin: 4px 0; }
.meta { color: #555; font-size: 13px; margin: 2px 0 8px 0; }
.graph svg { max-width: 100%; height: auto; }
pre { font-size: 12px; background: #f6f8fa; padding: 8px; overflow-x: auto; }
section.adaptive { border-top: 1px solid #ddd; margin-top: 16px; }
section.adaptive h2 { font-size: 17px; margin: 8px 0 4px 0; }
pre.timeline .removed { color: #c02020; }
pre.timeline .added { color: #1f7a1f; }
#errors:empty { display: none; }
#errors { color: #b00; background: #fee; }
.empty { color: #555; font-style: italic; }
)";

// Records script errors in #errors before anything else runs.
constexpr const char* kErrorScript = R"(
window.onerror = function (message, source, line) {
  var errors = document.getElementById('errors');
  errors.textContent += 'script error: ' + message + ' (line ' + line + ')\n';
  errors.setAttribute('data-count', String(Number(errors.getAttribute('data-count') || 0) + 1));
};
)";

constexpr const char* kScript = R"(
(function () {
  var steps = Array.prototype.slice.call(document.querySelectorAll('section.step'));
  var links = Array.prototype.slice.call(document.querySelectorAll('#step-list a'));
  var prev = document.getElementById('prev');
  var next = document.getElementById('next');
  var position = document.getElementById('position');
  var current = 0;
  function show(k) {
    if (k < 0 || k >= steps.length) return;
    steps.forEach(function (step, i) { step.hidden = i !== k; });
    links.forEach(function (link, i) { link.classList.toggle('current', i === k); });
    current = k;
    position.textContent = 'step ' + (k + 1) + ' of ' + steps.length;
    prev.disabled = k === 0;
    next.disabled = k === steps.length - 1;
  }
  prev.addEventListener('click', function () { show(current - 1); });
  next.addEventListener('click', function () { show(current + 1); });
  links.forEach(function (link, i) {
    link.addEventListener('click', function (event) { event.preventDefault(); show(i); });
  });
  document.addEventListener('keydown', function (event) {
    if (event.key === 'ArrowLeft' || event.key === 'ArrowUp') { show(current - 1); event.preventDefault(); }
    if (event.key === 'ArrowRight' || event.key === 'ArrowDown') { show(current + 1); event.preventDefault(); }
  });
  // Self-check: show every step once and count those that were laid out and hold a graph.
  var visited = 0, graphs = 0;
  for (var k = 0; k < steps.length; k++) {
    show(k);
    if (!steps[k].hidden && steps[k].getBoundingClientRect().height > 0) visited++;
    if (steps[k].querySelector('.graph svg, .graph pre')) graphs++;
  }
  show(0);
  if (steps.length === 0) { prev.disabled = true; next.disabled = true; position.textContent = ''; }
  var status = document.getElementById('status');
  status.setAttribute('data-steps', String(steps.length));
  status.setAttribute('data-visited', String(visited));
  status.setAttribute('data-graphs', String(graphs));
  status.setAttribute('data-initialized', 'true');
})();
)";

// The graph of `dot` as inline SVG, or its DOT text when it is not rendered.
absl::StatusOr<std::string> graphHtml(const std::string& dot, bool render) {
  if (!render) return "<pre class=\"dot\">" + htmlEscape(dot) + "</pre>";
  auto svg = runDot(dot, "svg");
  if (!svg.ok()) return svg.status();
  return inlineSvg(svg->output);
}

// The timeline text with its plan diff lines (`- ...`, `+ ...`) coloured.
std::string timelineHtml(const std::string& text) {
  std::string out;
  for (std::string_view rest = text; !rest.empty();) {
    size_t newline = rest.find('\n');
    std::string_view line = rest.substr(0, newline);
    rest.remove_prefix(newline == std::string_view::npos ? rest.size() : newline + 1);
    size_t start = line.find_first_not_of(' ');
    std::string_view body = start == std::string_view::npos ? "" : line.substr(start);
    const char* kind = body.starts_with("- ") ? "removed" : body.starts_with("+ ") ? "added" : "";
    out += *kind ? fmt::format("<span class=\"{}\">{}</span>\n", kind, htmlEscape(line))
                 : htmlEscape(line) + "\n";
  }
  return out;
}

// The "Adaptive execution" section: the initial and final physical plans side by side, then
// the timeline.
absl::StatusOr<std::string> adaptiveSection(const AdaptiveRun& run, bool render,
                                            bool normalize_ids) {
  std::string html = "<section class=\"adaptive\" id=\"adaptive\">\n<h2>Adaptive execution</h2>\n";
  html += fmt::format("<p class=\"meta\">{}</p>\n", htmlEscape(aqeSummary(run)));
  if (run.initial_plan != nullptr && run.final_plan != nullptr) {
    DotOptions dot_options;
    dot_options.title = "initial -> final physical plan";
    auto graph = graphHtml(physicalPlanDiffDot(diffPhysicalPlans(run.initial_plan, run.final_plan),
                                               "Initial plan", "Final plan", dot_options),
                           render);
    if (!graph.ok()) return graph.status();
    html += "<div class=\"graph\">" + *graph + "</div>\n";
  }
  AqeTimelineOptions options;
  options.normalize_ids = normalize_ids;
  html += "<pre class=\"timeline\">" + timelineHtml(aqeTimelineText(run, options)) + "</pre>\n";
  return html + "</section>\n";
}

}  // namespace

absl::StatusOr<RuleTracePage> ruleTraceHtml(const PlanPtr& analyzed, const PlanPtr& optimized,
                                            const std::vector<RuleApplication>& steps,
                                            const RuleTraceOptions& options) {
  RuleTracePage page;
  bool render = options.render_graphs;
  if (render && findDot().empty()) {
    render = false;
    page.dot_missing = true;
  }
  page.graphs_rendered = render;
  std::string list, sections;
  for (size_t k = 0; k < steps.size(); ++k) {
    const RuleApplication& step = steps[k];
    PlanDiff diff = diffPlans(step.before, step.after, options.normalize_ids);
    DotOptions dot_options;
    dot_options.normalize_ids = options.normalize_ids;
    dot_options.title = fmt::format("{}. {}", k + 1, step.rule);
    std::string dot = planDiffDot(diff, dot_options);
    auto graph = graphHtml(dot, render);
    if (!graph.ok()) return graph.status();
    double micros = static_cast<double>(step.time.count()) / 1e3;
    std::string counts =
        fmt::format("{} changed, {} added, {} removed, {} unchanged",
                    diff.count(DiffStatus::kChanged), diff.count(DiffStatus::kAdded),
                    diff.count(DiffStatus::kRemoved), diff.count(DiffStatus::kUnchanged));
    // A step of an optimizer run on a subquery's plan says which subquery.
    std::string batch = step.subquery.empty() ? step.batch : step.batch + ", in " + step.subquery;
    list +=
        fmt::format("<li><a href=\"#step-{0}\">{1}<br><small>{2}, iteration {3}</small></a></li>\n",
                    k + 1, htmlEscape(step.rule), htmlEscape(batch), step.iteration);
    sections += fmt::format(
        "<section class=\"step\" id=\"step-{0}\" data-rule=\"{1}\">\n"
        "<h2>{0}. {1}</h2>\n<p class=\"meta\">batch <b>{2}</b>, iteration {3}, {4:.1f} µs; "
        "{5}</p>\n<div class=\"graph\">{6}</div>\n"
        "<details><summary>Text diff</summary><pre>{7}</pre></details>\n</section>\n",
        k + 1, htmlEscape(step.rule), htmlEscape(batch), step.iteration, micros, counts, *graph,
        htmlEscape(
            planTextDiff(step.before, step.after, "before " + step.rule, "after " + step.rule)));
  }
  if (steps.empty()) sections = "<p class=\"empty\">No rule changed the plan.</p>\n";
  TreeStringOptions tree_options{options.normalize_ids};
  std::string& html = page.html;
  html = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<title>{0}</title>\n<style>{1}</style>\n</head>\n<body>\n"
      "<pre id=\"errors\"></pre>\n<script>{2}</script>\n"
      "<header><h1>{0}: {3} effective rule{4}</h1><pre class=\"query\">{5}</pre></header>\n",
      htmlEscape(options.title), kStyle, kErrorScript, steps.size(), steps.size() == 1 ? "" : "s",
      htmlEscape(options.query));
  html += "<div id=\"layout\">\n<nav><ol id=\"step-list\">\n" + list + "</ol>\n";
  if (options.adaptive_run != nullptr)
    html += "<p><a href=\"#adaptive\">Adaptive execution</a></p>\n";
  html += "</nav>\n<main>\n";
  html +=
      "<div class=\"controls\"><button id=\"prev\">&#9664; Previous</button>"
      "<span id=\"position\"></span><button id=\"next\">Next &#9654;</button>"
      "<small>(arrow keys work too)</small></div>\n";
  html += sections;
  if (options.adaptive_run != nullptr) {
    auto section = adaptiveSection(*options.adaptive_run, render, options.normalize_ids);
    if (!section.ok()) return section.status();
    html += *section;
  }
  html += fmt::format(
      "<details><summary>Analyzed plan</summary><pre>{}</pre></details>\n"
      "<details><summary>Optimized plan</summary><pre>{}</pre></details>\n",
      htmlEscape(treeString(analyzed, tree_options)),
      htmlEscape(treeString(optimized, tree_options)));
  html += "</main>\n</div>\n<div id=\"status\" data-initialized=\"false\"></div>\n";
  html += fmt::format("<script>{}</script>\n</body>\n</html>\n", kScript);
  return page;
}

}  // namespace planck
