// Rule: one rewrite of a logical plan. The executor owns traversal order, batches, fixed points,
// tracing and metrics; a rule is only its rewrite.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "common/config.h"
#include "logical/plan.h"

namespace planck {

class Catalog;

// What a rule may consult while it runs, and where it reports a user error.
class RuleContext {
 public:
  RuleContext(const Config& config, const Catalog* catalog) : config_(config), catalog_(catalog) {}
  virtual ~RuleContext() = default;

  const Config& config() const { return config_; }
  const Catalog* catalog() const { return catalog_; }

  // Records a user-facing error; the executor stops after the running rule and returns it.
  // Only the first error is kept.
  void fail(absl::Status status) {
    if (status_.ok()) status_ = std::move(status);
  }
  const absl::Status& status() const { return status_; }

  // Notes: what a rule decided and why, in words, for traces (EXPLAIN VERBOSE prints them under
  // the rule's step). Only kept while someone watches (notesWanted()), so a rule can skip
  // formatting them otherwise.
  bool notesWanted() const { return notes_wanted_; }
  void setNotesWanted(bool wanted) { notes_wanted_ = wanted; }
  void note(std::string text) {
    if (notes_wanted_) notes_.push_back(std::move(text));
  }
  // The notes since the last call.
  std::vector<std::string> takeNotes() { return std::exchange(notes_, {}); }

  // The running rule within this executor run, for transformUpWithPruning (tree_node.h). Set by
  // the executor before each rule application.
  RuleMark ruleMark() const { return rule_mark_; }
  void setRuleMark(RuleMark mark) { rule_mark_ = mark; }

 private:
  const Config& config_;
  const Catalog* catalog_;
  absl::Status status_;
  RuleMark rule_mark_;
  bool notes_wanted_ = false;
  std::vector<std::string> notes_;
};

// A rewrite of a logical plan. Returns `plan` itself (same pointer) when nothing applies.
class Rule {
 public:
  virtual ~Rule() = default;
  virtual std::string_view name() const = 0;
  virtual PlanPtr apply(const PlanPtr& plan, RuleContext& ctx) const = 0;
};
using RulePtr = std::shared_ptr<const Rule>;

}  // namespace planck
