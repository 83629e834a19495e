#include "explain/plan_json.h"

#include "explain/tree_string.h"
#include "fmt/format.h"
#include "logical/expressions.h"

namespace planck {
namespace {

std::string paramJson(const ParamValue& value) {
  return std::visit(
      [](const auto& v) -> std::string {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::string>) {
          return jsonString(v);
        } else if constexpr (std::is_same_v<T, int64_t>) {
          return std::to_string(v);
        } else if constexpr (std::is_same_v<T, bool>) {
          return v ? "true" : "false";
        } else if constexpr (std::is_same_v<T, ExprPtr>) {
          return v ? jsonString(v->toString()) : "null";
        } else if constexpr (std::is_same_v<T, std::vector<ExprPtr>>) {
          std::string text = "[";
          for (size_t i = 0; i < v.size(); ++i)
            text += (i > 0 ? ", " : "") + jsonString(v[i]->toString());
          return text + "]";
        } else if constexpr (std::is_same_v<T, std::vector<std::string>>) {
          std::string text = "[";
          for (size_t i = 0; i < v.size(); ++i) text += (i > 0 ? ", " : "") + jsonString(v[i]);
          return text + "]";
        } else {
          std::string text = "[";
          for (size_t i = 0; i < v.size(); ++i) {
            text += i > 0 ? ", [" : "[";
            for (size_t j = 0; j < v[i].size(); ++j)
              text += (j > 0 ? ", " : "") + jsonString(v[i][j]->toString());
            text += "]";
          }
          return text + "]";
        }
      },
      value);
}

void appendNode(const PlanPtr& plan, int indent, std::string& out) {
  std::string pad(static_cast<size_t>(indent), ' ');
  out += pad + "{\n";
  out += fmt::format("{}  \"node\": {},\n", pad, jsonString(plan->nodeName()));
  out += fmt::format("{}  \"resolved\": {},\n", pad, plan->resolved() ? "true" : "false");
  out += pad + "  \"params\": {";
  std::vector<NodeParam> params = plan->params();
  for (size_t i = 0; i < params.size(); ++i) {
    out += fmt::format("{}{}: {}", i > 0 ? ", " : "", jsonString(params[i].name),
                       paramJson(params[i].value));
  }
  out += "},\n";
  out += pad + "  \"output\": [";
  Attributes output = plan->output();
  for (size_t i = 0; i < output.size(); ++i) {
    out += fmt::format("{}{{\"name\": {}, \"id\": {}, \"type\": {}, \"nullable\": {}}}",
                       i > 0 ? ", " : "", jsonString(output[i]->name()), output[i]->exprId(),
                       jsonString(output[i]->dataType().toString()),
                       output[i]->nullable() ? "true" : "false");
  }
  out += "],\n";
  out += pad + "  \"children\": [";
  if (plan->children().empty()) {
    out += "]\n";
  } else {
    out += "\n";
    for (size_t i = 0; i < plan->children().size(); ++i) {
      appendNode(plan->child(i), indent + 4, out);
      out += i + 1 < plan->children().size() ? ",\n" : "\n";
    }
    out += pad + "  ]\n";
  }
  out += pad + "}";
}

}  // namespace

std::string jsonString(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += fmt::format("\\u{:04x}", static_cast<int>(c));
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

std::string planJson(const PlanPtr& plan) {
  std::string out;
  appendNode(plan, 0, out);
  return out + "\n";
}

}  // namespace planck
