// stddev, stddev_samp, stddev_pop, variance, var_samp, var_pop over DOUBLE arguments. Each group
// keeps (n, mean, m2) updated with Welford's method (B. P. Welford, "Note on a method for
// calculating corrected sums of squares and products", Technometrics 4(3), 1962), and partial
// states combine with the pairwise formula of Chan, Golub and LeVeque ("Algorithms for computing
// the sample variance", The American Statistician 37(3), 1983), as Spark's CentralMomentAgg.
#include <cmath>

#include "runtime/exec/aggregate_internal.h"

namespace planck::aggregate_internal {
namespace {

class Statistics final : public AggregateFunction {
 public:
  explicit Statistics(const AggregateSpec& spec)
      : population_(spec.name.ends_with("_pop")), deviation_(spec.name.starts_with("stddev")) {}
  void resize(size_t groups) override {
    n_.resize(groups, 0.0);
    mean_.resize(groups, 0.0);
    m2_.resize(groups, 0.0);
  }
  absl::Status update(const uint32_t* groups, const std::vector<const Vector*>& args,
                      const uint8_t* keep, size_t rows) override {
    const double* in = args[0]->values<double>();
    forEachValid(*args[0], keep, rows, [&](size_t row) {
      uint32_t g = groups[row];
      n_[g] += 1;
      double delta = in[row] - mean_[g];
      mean_[g] += delta / n_[g];
      m2_[g] += delta * (in[row] - mean_[g]);
    });
    return absl::OkStatus();
  }
  std::vector<DataType> bufferTypes() const override {
    return {DataType::float64(), DataType::float64(), DataType::float64()};
  }
  absl::StatusOr<std::vector<VectorPtr>> buffers(size_t first, size_t count) const override {
    std::vector<VectorPtr> out;
    for (const std::vector<double>* values : {&n_, &mean_, &m2_}) {
      auto vector = Vector::make(DataType::float64(), count);
      std::copy_n(values->begin() + static_cast<std::ptrdiff_t>(first), count,
                  vector->values<double>());
      out.push_back(vector);
    }
    return out;
  }
  absl::Status merge(const uint32_t* groups, const std::vector<const Vector*>& buffers,
                     size_t rows) override {
    const double* n = buffers[0]->values<double>();
    const double* mean = buffers[1]->values<double>();
    const double* m2 = buffers[2]->values<double>();
    for (size_t row = 0; row < rows; ++row) {
      if (n[row] == 0) continue;
      uint32_t g = groups[row];
      double total = n_[g] + n[row];
      double delta = mean[row] - mean_[g];
      mean_[g] += delta * n[row] / total;
      m2_[g] += m2[row] + delta * delta * n_[g] * n[row] / total;
      n_[g] = total;
    }
    return absl::OkStatus();
  }
  absl::StatusOr<VectorPtr> result(size_t first, size_t count) const override {
    auto out = Vector::make(DataType::float64(), count);
    for (size_t i = 0; i < count; ++i) {
      size_t g = first + i;
      // Spark: NULL without rows, and the sample statistics NULL for a single row.
      double divisor = population_ ? n_[g] : n_[g] - 1;
      if (n_[g] == 0 || divisor <= 0) {
        out->setNull(i);
        continue;
      }
      double variance = m2_[g] / divisor;
      out->values<double>()[i] = deviation_ ? std::sqrt(variance) : variance;
    }
    return out;
  }
  size_t bytes() const override { return 3 * n_.capacity() * sizeof(double); }

 private:
  bool population_;
  bool deviation_;
  std::vector<double> n_, mean_, m2_;
};

}  // namespace

std::unique_ptr<AggregateFunction> makeStatistics(const AggregateSpec& spec) {
  return std::make_unique<Statistics>(spec);
}

}  // namespace planck::aggregate_internal
