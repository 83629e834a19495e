// The generic tree API shared by expressions and logical plans.
//
// Trees are immutable and shared: a rewrite builds new nodes and reuses unchanged subtrees.
// A transform that changes nothing returns the same pointer, so "did this rule fire?" is a
// pointer comparison. Depth is bounded by the parser (planck.parser.maxNestingDepth), which
// keeps these recursive walks safe.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <utility>
#include <vector>

#include "common/origin.h"

namespace planck {

// Names one rule within one run of a rule executor, for rule-id pruning (see
// transformUpWithPruning). `run` 0 means no pruning.
struct RuleMark {
  uint32_t run = 0;
  uint32_t bit = 0;  // 0..31: the rule's position in its batch
};

// Base of every tree node type `Node` (Expression, LogicalPlan).
template <class Node>
class TreeNode : public std::enable_shared_from_this<Node> {
 public:
  using Ptr = std::shared_ptr<const Node>;

  TreeNode() = default;
  explicit TreeNode(std::vector<Ptr> children) : children_(std::move(children)) {}
  TreeNode(const TreeNode& other)
      : std::enable_shared_from_this<Node>(), origin_(other.origin_), children_(other.children_) {}
  TreeNode& operator=(const TreeNode&) = delete;
  virtual ~TreeNode() = default;

  const std::vector<Ptr>& children() const { return children_; }
  const Ptr& child(size_t index) const { return children_[index]; }

  // This node with its children replaced; the same pointer when every child is unchanged.
  Ptr withNewChildren(std::vector<Ptr> children) const {
    if (children == children_) return self();
    return copyWithChildren(std::move(children));
  }

  // Where in the SQL text this node came from (unknown for nodes made by rules).
  const Origin& origin() const { return origin_; }
  // Sets the origin; only for a node that has not been shared yet (parser, builders).
  void setOrigin(Origin origin) { origin_ = origin; }

  Ptr self() const { return this->shared_from_this(); }

  // Rule-id pruning, as Spark's TreeNode.isRuleIneffective / markRuleAsIneffective: whether the
  // rule `mark` names is known, in the same executor run, to leave this whole subtree unchanged.
  // The run number and the rule bits share one atomic word, so a mark is only ever read back by
  // the run that made it; marks of other runs (another query, other settings) are ignored.
  bool isRuleIneffective(RuleMark mark) const {
    uint64_t state = ineffective_rules_.load(std::memory_order_relaxed);
    return mark.run != 0 && (state >> 32) == mark.run && (state & (uint64_t{1} << mark.bit)) != 0;
  }
  void markRuleIneffective(RuleMark mark) const {
    if (mark.run == 0) return;
    uint64_t state = ineffective_rules_.load(std::memory_order_relaxed);
    uint64_t bits = (state >> 32) == mark.run ? state & 0xffffffffu : 0;
    ineffective_rules_.store((uint64_t{mark.run} << 32) | bits | (uint64_t{1} << mark.bit),
                             std::memory_order_relaxed);
  }

  // Downcast when this node is a T (by T::kKind), else nullptr.
  template <class T>
  const T* as() const {
    const Node* node = static_cast<const Node*>(this);
    return node->kind() == T::kKind ? static_cast<const T*>(node) : nullptr;
  }
  // Whether this node is a T.
  template <class T>
  bool is() const {
    return static_cast<const Node*>(this)->kind() == T::kKind;
  }

 protected:
  // A copy of this node with other children; implemented once per node by NodeCopy below.
  virtual Ptr copyWithChildren(std::vector<Ptr> children) const = 0;
  void replaceChildren(std::vector<Ptr> children) { children_ = std::move(children); }

  Origin origin_;
  std::vector<Ptr> children_;

 private:
  // High 32 bits: the executor run of the marks; low 32 bits: one per rule of that run.
  mutable std::atomic<uint64_t> ineffective_rules_{0};
};

// Implements copyWithChildren for a concrete node type by copy construction.
template <class Derived, class Base>
class NodeCopy : public Base {
 public:
  using Base::Base;

 protected:
  typename Base::Ptr copyWithChildren(std::vector<typename Base::Ptr> children) const override {
    auto copy = std::make_shared<Derived>(static_cast<const Derived&>(*this));
    copy->replaceChildren(std::move(children));
    return copy;
  }
};

namespace tree_internal {

// Applies `transform` to each child; builds a new child list only once a child changes, so a
// pass that changes nothing allocates nothing.
template <class Node, class Transform>
std::shared_ptr<const Node> mapChildren(const std::shared_ptr<const Node>& node,
                                        const Transform& transform) {
  const auto& children = node->children();
  std::vector<std::shared_ptr<const Node>> changed;
  for (size_t i = 0; i < children.size(); ++i) {
    std::shared_ptr<const Node> after = transform(children[i]);
    if (changed.empty() && after == children[i]) continue;
    if (changed.empty()) {
      changed.reserve(children.size());
      changed.assign(children.begin(), children.begin() + static_cast<std::ptrdiff_t>(i));
    }
    changed.push_back(std::move(after));
  }
  return changed.empty() ? node : node->withNewChildren(std::move(changed));
}

}  // namespace tree_internal

// Applies `rule` to `node` first, then to the children of the result (pre-order).
template <class Node, class Rule>
std::shared_ptr<const Node> transformDown(const std::shared_ptr<const Node>& node,
                                          const Rule& rule) {
  std::shared_ptr<const Node> after = rule(node);
  return tree_internal::mapChildren(
      after, [&](const std::shared_ptr<const Node>& child) { return transformDown(child, rule); });
}

// Applies `rule` to the children first, then to the node (post-order).
template <class Node, class Rule>
std::shared_ptr<const Node> transformUp(const std::shared_ptr<const Node>& node, const Rule& rule) {
  return rule(tree_internal::mapChildren(
      node, [&](const std::shared_ptr<const Node>& child) { return transformUp(child, rule); }));
}

// transformUp that skips resolved subtrees (Spark's resolveOperatorsUp): for analyzer rules
// that only rewrite what is not resolved yet.
template <class Node, class Rule>
std::shared_ptr<const Node> transformUnresolvedUp(const std::shared_ptr<const Node>& node,
                                                  const Rule& rule) {
  if (node->resolved()) return node;
  return rule(tree_internal::mapChildren(node, [&](const std::shared_ptr<const Node>& child) {
    return transformUnresolvedUp(child, rule);
  }));
}

// transformUp with Spark's rule-id pruning: skips the subtrees that the rule `mark` names left
// unchanged earlier in the same executor run, and marks the resolved nodes it leaves unchanged
// now. For rules whose effect on a resolved subtree depends on that subtree alone (and on
// settings, which a run does not change); an unresolved node is never marked, since how it
// resolves may depend on its surroundings (outer scopes, CTEs).
template <class Node, class Rule>
std::shared_ptr<const Node> transformUpWithPruning(const std::shared_ptr<const Node>& node,
                                                   RuleMark mark, const Rule& rule) {
  if (node->isRuleIneffective(mark)) return node;
  std::shared_ptr<const Node> after =
      rule(tree_internal::mapChildren(node, [&](const std::shared_ptr<const Node>& child) {
        return transformUpWithPruning(child, mark, rule);
      }));
  if (after == node && node->resolved()) node->markRuleIneffective(mark);
  return after;
}

// Calls `visit` on every node, pre-order.
template <class Node, class Visit>
void forEachNode(const std::shared_ptr<const Node>& node, const Visit& visit) {
  visit(node);
  for (const auto& child : node->children()) forEachNode(child, visit);
}

// Every node for which `predicate` holds, pre-order.
template <class Node, class Predicate>
std::vector<std::shared_ptr<const Node>> collectNodes(const std::shared_ptr<const Node>& node,
                                                      const Predicate& predicate) {
  std::vector<std::shared_ptr<const Node>> found;
  forEachNode(node, [&](const std::shared_ptr<const Node>& each) {
    if (predicate(each)) found.push_back(each);
  });
  return found;
}

// The first node (pre-order) for which `predicate` holds, or nullptr.
template <class Node, class Predicate>
std::shared_ptr<const Node> findNode(const std::shared_ptr<const Node>& node,
                                     const Predicate& predicate) {
  if (predicate(node)) return node;
  for (const auto& child : node->children()) {
    if (auto found = findNode(child, predicate)) return found;
  }
  return nullptr;
}

// Whether `predicate` holds for some node of the tree.
template <class Node, class Predicate>
bool existsNode(const std::shared_ptr<const Node>& node, const Predicate& predicate) {
  return findNode(node, predicate) != nullptr;
}

// Number of levels of the tree (a leaf has depth 1).
template <class Node>
int treeDepth(const std::shared_ptr<const Node>& node) {
  int deepest = 0;
  for (const auto& child : node->children()) deepest = std::max(deepest, treeDepth(child));
  return deepest + 1;
}

}  // namespace planck
