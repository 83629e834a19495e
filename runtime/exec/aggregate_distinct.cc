// DISTINCT aggregates (count(DISTINCT x), sum(DISTINCT x), ...): each group keeps the set of its
// distinct argument rows, and only a row new to its group's set reaches the inner function.
// Rows with a NULL argument are left out, as every aggregate ignores them.
#include "absl/container/flat_hash_set.h"
#include "fmt/format.h"
#include "runtime/exec/aggregate_internal.h"
#include "runtime/exec/row_keys.h"

namespace planck::aggregate_internal {
namespace {

class Distinct final : public AggregateFunction {
 public:
  Distinct(const AggregateSpec& spec, std::unique_ptr<AggregateFunction> inner)
      : spec_(spec), inner_(std::move(inner)) {}
  void resize(size_t groups) override {
    seen_.resize(groups);
    inner_->resize(groups);
  }
  absl::Status update(const uint32_t* groups, const std::vector<const Vector*>& args,
                      const uint8_t* keep, size_t rows) override {
    keys_.encode(args, rows);
    fresh_.assign(rows, 0);
    for (size_t row = 0; row < rows; ++row) {
      if ((keep != nullptr && keep[row] == 0) || keys_.hasNull(row)) continue;
      fresh_[row] = seen_[groups[row]].emplace(keys_.key(row)).second ? 1 : 0;
    }
    return inner_->update(groups, args, fresh_.data(), rows);
  }
  std::vector<DataType> bufferTypes() const override { return inner_->bufferTypes(); }
  absl::StatusOr<std::vector<VectorPtr>> buffers(size_t, size_t) const override {
    return unsupported();
  }
  absl::Status merge(const uint32_t*, const std::vector<const Vector*>&, size_t) override {
    return unsupported();
  }
  absl::StatusOr<VectorPtr> result(size_t first, size_t count) const override {
    return inner_->result(first, count);
  }
  size_t bytes() const override {
    size_t total = inner_->bytes();
    for (const auto& set : seen_) total += set.capacity() * (sizeof(std::string) + 1);
    return total;
  }

 private:
  absl::Status unsupported() const {
    return absl::UnimplementedError(fmt::format(
        "{}: a DISTINCT aggregate runs in one complete aggregate, not in partial and final "
        "steps",
        spec_.sql));
  }

  AggregateSpec spec_;
  std::unique_ptr<AggregateFunction> inner_;
  std::vector<absl::flat_hash_set<std::string>> seen_;
  RowKeys keys_;
  std::vector<uint8_t> fresh_;
};

}  // namespace

std::unique_ptr<AggregateFunction> makeDistinct(const AggregateSpec& spec,
                                                std::unique_ptr<AggregateFunction> inner) {
  return std::make_unique<Distinct>(spec, std::move(inner));
}

}  // namespace planck::aggregate_internal
