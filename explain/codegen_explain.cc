#include "explain/codegen_explain.h"

#include "codegen/codegen.h"
#include "common/status.h"
#include "explain/physical_explain.h"
#include "fmt/format.h"

namespace planck {

absl::StatusOr<std::string> explainCodegen(const PhysicalPtr& plan, bool normalize_ids) {
  std::vector<PhysicalPtr> stages = codegenStagesOf(plan);
  std::string text = fmt::format("Found {} WholeStageCodegen subtree{}.\n", stages.size(),
                                 stages.size() == 1 ? "" : "s");
  TreeStringOptions options;
  options.normalize_ids = normalize_ids;
  ScopedNormalizedIds ids(normalize_ids);
  PLANCK_ASSIGN_OR_RETURN(std::vector<GeneratedStage> generated, generateStages(plan));
  for (size_t i = 0; i < stages.size(); ++i) {
    const GeneratedStage& code = generated[i];
    size_t lines = lineCount(code.source);
    text += fmt::format("== Subtree {} / {} (codegen id {}, {} source lines) ==\n", i + 1,
                        stages.size(), code.stage_id, lines);
    text += physicalTreeString(stages[i], options);
    text += "\nGenerated code:\n";
    size_t number = 1, begin = 0;
    while (begin < code.source.size()) {
      size_t end = code.source.find('\n', begin);
      if (end == std::string::npos) end = code.source.size();
      text += fmt::format("/* {:03} */ {}\n", number++, code.source.substr(begin, end - begin));
      begin = end + 1;
    }
    text += "\n";
  }
  return text;
}

}  // namespace planck
