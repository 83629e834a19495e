// The concrete expression nodes, with Spark's names and printed forms.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "logical/expression.h"
#include "logical/value.h"

namespace planck {

// A constant value.
class Literal final : public NodeCopy<Literal, Expression> {
 public:
  static constexpr ExprKind kKind = ExprKind::kLiteral;
  explicit Literal(Value value) : value_(std::move(value)) {}
  static ExprPtr make(Value value) { return std::make_shared<Literal>(std::move(value)); }

  const Value& value() const { return value_; }
  ExprKind kind() const override { return kKind; }
  DataType dataType() const override { return value_.type(); }
  bool nullable() const override { return value_.isNull(); }
  bool foldable() const override { return true; }
  // As Spark's Literal.toString: the value's display form, but 0x303132 for BINARY.
  std::string toString() const override;
  std::string sql() const override { return value_.toSql(); }

 protected:
  bool paramsEqual(const Expression& other) const override;
  size_t paramsHash() const override { return value_.hash(); }

 private:
  Value value_;
};

// A resolved column: name, type, nullability and the id that identifies it (name#id).
class AttributeReference final : public NodeCopy<AttributeReference, Expression> {
 public:
  static constexpr ExprKind kKind = ExprKind::kAttributeReference;
  AttributeReference(std::string name, DataType type, bool nullable, ExprId id,
                     std::vector<std::string> qualifier = {})
      : name_(std::move(name)),
        type_(type),
        nullable_(nullable),
        id_(id),
        qualifier_(std::move(qualifier)) {}
  // A new attribute with a fresh id.
  static AttributePtr make(std::string name, DataType type, bool nullable,
                           std::vector<std::string> qualifier = {}) {
    return std::make_shared<AttributeReference>(std::move(name), type, nullable, newExprId(),
                                                std::move(qualifier));
  }

  const std::string& name() const { return name_; }
  ExprId exprId() const { return id_; }
  // The relation name(s) this column can be qualified with: {"l"} for l.l_orderkey.
  const std::vector<std::string>& qualifier() const { return qualifier_; }

  AttributePtr withQualifier(std::vector<std::string> qualifier) const;
  AttributePtr withNullability(bool nullable) const;
  AttributePtr withName(std::string name) const;
  AttributePtr withExprId(ExprId id) const;

  ExprKind kind() const override { return kKind; }
  DataType dataType() const override { return type_; }
  bool nullable() const override { return nullable_; }
  std::string toString() const override;
  std::string sql() const override { return name_; }

 protected:
  // Attributes are equal when they name the same column: same id (names are for people).
  bool paramsEqual(const Expression& other) const override;
  size_t paramsHash() const override { return std::hash<ExprId>()(id_); }

 private:
  std::string name_;
  DataType type_;
  bool nullable_;
  ExprId id_;
  std::vector<std::string> qualifier_;
};

// A column of an enclosing query, referenced from a correlated subquery.
class OuterReference final : public NodeCopy<OuterReference, Expression> {
 public:
  static constexpr ExprKind kKind = ExprKind::kOuterReference;
  explicit OuterReference(AttributePtr attribute) : attribute_(std::move(attribute)) {}

  const AttributePtr& attribute() const { return attribute_; }
  ExprKind kind() const override { return kKind; }
  DataType dataType() const override { return attribute_->dataType(); }
  bool nullable() const override { return attribute_->nullable(); }
  std::string toString() const override { return "outer(" + attribute_->toString() + ")"; }
  std::string sql() const override { return attribute_->sql(); }

 protected:
  bool paramsEqual(const Expression& other) const override;
  size_t paramsHash() const override { return attribute_->hash(); }

 private:
  AttributePtr attribute_;
};

// A column name not yet bound: a, t.a, db.t.a.
class UnresolvedAttribute final : public NodeCopy<UnresolvedAttribute, Expression> {
 public:
  static constexpr ExprKind kKind = ExprKind::kUnresolvedAttribute;
  explicit UnresolvedAttribute(std::vector<std::string> name_parts)
      : name_parts_(std::move(name_parts)) {}

  const std::vector<std::string>& nameParts() const { return name_parts_; }
  // The parts joined with '.'.
  std::string name() const;
  ExprKind kind() const override { return kKind; }
  DataType dataType() const override { return DataType::null(); }
  bool computeResolved() const override { return false; }
  std::string toString() const override { return "'" + name(); }
  std::string sql() const override { return name(); }

 protected:
  bool paramsEqual(const Expression& other) const override;
  size_t paramsHash() const override;

 private:
  std::vector<std::string> name_parts_;
};

// `*` or `t.*` in a select list or count(*).
class UnresolvedStar final : public NodeCopy<UnresolvedStar, Expression> {
 public:
  static constexpr ExprKind kKind = ExprKind::kUnresolvedStar;
  explicit UnresolvedStar(std::vector<std::string> qualifier) : qualifier_(std::move(qualifier)) {}

  const std::vector<std::string>& qualifier() const { return qualifier_; }
  ExprKind kind() const override { return kKind; }
  DataType dataType() const override { return DataType::null(); }
  bool computeResolved() const override { return false; }
  std::string toString() const override;
  std::string sql() const override { return toString(); }

 protected:
  bool paramsEqual(const Expression& other) const override;
  size_t paramsHash() const override { return qualifier_.size(); }

 private:
  std::vector<std::string> qualifier_;
};

// A function call by name, before the registry has resolved it.
class UnresolvedFunction final : public NodeCopy<UnresolvedFunction, Expression> {
 public:
  static constexpr ExprKind kKind = ExprKind::kUnresolvedFunction;
  // `filter` (FILTER (WHERE ...)), when present, is the last child.
  UnresolvedFunction(std::string name, std::vector<ExprPtr> arguments, bool distinct,
                     ExprPtr filter = nullptr);

  const std::string& name() const { return name_; }
  bool isDistinct() const { return distinct_; }
  bool hasFilter() const { return has_filter_; }
  std::vector<ExprPtr> arguments() const;
  ExprPtr filter() const { return has_filter_ ? children_.back() : nullptr; }

  ExprKind kind() const override { return kKind; }
  DataType dataType() const override { return DataType::null(); }
  bool computeResolved() const override { return false; }
  std::string toString() const override;
  std::string sql() const override;

 protected:
  bool paramsEqual(const Expression& other) const override;
  size_t paramsHash() const override;

 private:
  std::string name_;
  bool distinct_;
  bool has_filter_;
};

// A select-list item without a name; the analyzer names it (Spark's UnresolvedAlias).
class UnresolvedAlias final : public NodeCopy<UnresolvedAlias, Expression> {
 public:
  static constexpr ExprKind kKind = ExprKind::kUnresolvedAlias;
  explicit UnresolvedAlias(ExprPtr child) : NodeCopy({std::move(child)}) {}

  ExprKind kind() const override { return kKind; }
  DataType dataType() const override { return child(0)->dataType(); }
  bool computeResolved() const override { return false; }
  std::string toString() const override { return "unresolvedalias(" + child(0)->toString() + ")"; }
  std::string sql() const override { return child(0)->sql(); }

 protected:
  bool paramsEqual(const Expression&) const override { return true; }
  size_t paramsHash() const override { return 0; }
};

// Names an expression, producing a new column: sum(x) AS total#12.
class Alias final : public NodeCopy<Alias, Expression> {
 public:
  static constexpr ExprKind kKind = ExprKind::kAlias;
  Alias(ExprPtr child, std::string name, ExprId id, std::vector<std::string> qualifier = {})
      : NodeCopy({std::move(child)}),
        name_(std::move(name)),
        id_(id),
        qualifier_(std::move(qualifier)) {}
  // An alias with a fresh id.
  static ExprPtr make(ExprPtr child, std::string name) {
    return std::make_shared<Alias>(std::move(child), std::move(name), newExprId());
  }

  const std::string& name() const { return name_; }
  ExprId exprId() const { return id_; }
  // The attribute this alias outputs.
  AttributePtr toAttribute() const;

  ExprKind kind() const override { return kKind; }
  DataType dataType() const override { return child(0)->dataType(); }
  std::string toString() const override;
  std::string sql() const override;

 protected:
  bool paramsEqual(const Expression& other) const override;
  size_t paramsHash() const override { return std::hash<ExprId>()(id_); }

 private:
  std::string name_;
  ExprId id_;
  std::vector<std::string> qualifier_;
};

// -x
class UnaryMinus final : public NodeCopy<UnaryMinus, Expression> {
 public:
  static constexpr ExprKind kKind = ExprKind::kUnaryMinus;
  explicit UnaryMinus(ExprPtr child) : NodeCopy({std::move(child)}) {}

  ExprKind kind() const override { return kKind; }
  DataType dataType() const override { return child(0)->dataType(); }
  bool foldable() const override { return child(0)->foldable(); }
  std::string toString() const override { return "-" + child(0)->toString(); }
  std::string sql() const override { return "(- " + child(0)->sql() + ")"; }

 protected:
  bool paramsEqual(const Expression&) const override { return true; }
  size_t paramsHash() const override { return 0; }
};

}  // namespace planck

#include "logical/expressions_operators.h"  // IWYU pragma: export
