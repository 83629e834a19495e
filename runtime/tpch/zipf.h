// Zipf-distributed keys for skewed TPC-H data (CALL dbgen(sf = N, skew = S)).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "runtime/tpch/text_pools.h"

namespace planck::tpch {

// Draws k in [1, n] with P(k) ∝ 1 / k^s (s > 0; key 1 the most frequent) by rejection-inversion:
// W. Hörmann and G. Derflinger, "Rejection-inversion to generate variates from monotone discrete
// distributions", ACM TOMACS 6(3), 1996. Constant memory and O(1) expected work per draw: the
// rejected area below is at most 0.022 for 0 < s ≤ 4 and any n, against an accepted area of at
// least 1 (key 1's), so a draw takes under 1.03 tries on average. A CDF table with binary search
// would need 8 bytes a key: 480 MB for l_partkey at scale factor 300.
//
// The method, with h(x) = x^-s and H its antiderivative: key k ≥ 2 owns the interval
// [H(k − ½), H(k + ½)] of H's range, whose length ∫ h over [k − ½, k + ½] is at least h(k)
// because h is convex; key 1 owns [H(3/2) − 1, H(3/2)], of length h(1) exactly. A uniform u
// over [H(3/2) − 1, H(n + ½)] is inverted, x = H⁻¹(u), and rounded to the key k that owns it;
// k is accepted when u ≥ H(k + ½) − h(k), the last h(k) of its interval, so accepted keys have
// P(k) ∝ h(k). The paper's squeeze accepts without evaluating H when k − x ≤ 2 − H⁻¹(H(5/2) −
// h(2)): k − H⁻¹(H(k + ½) − h(k)) grows with k, so that bound holds for every k ≥ 2.
//
// Where this departs from the paper's presentation: H(x) = (x^(1−s) − 1) / (1 − s) and its
// inverse are written with expm1 and log1p, so s = 1 (where H is log) and s near 1 need no case
// of their own and lose no precision.
//
// A sampler is immutable once built: threads share one, each drawing from its own RowRandom.
class ZipfSampler {
 public:
  ZipfSampler(int64_t n, double s)
      : n_(n),
        s_(s),
        low_(antiderivative(1.5) - 1),
        high_(antiderivative(static_cast<double>(n) + 0.5)),
        squeeze_(2 - inverseAntiderivative(antiderivative(2.5) - density(2))) {}

  // One key in [1, n]; the number of values taken from `random` varies from draw to draw.
  int64_t draw(RowRandom& random) const {
    while (true) {
      // 53 random bits: uniform in [0, 1).
      double unit = static_cast<double>(random.next() >> 11) * 0x1.0p-53;
      double u = low_ + unit * (high_ - low_);
      double x = inverseAntiderivative(u);
      // x is at least ½ (H(3/2) − 1 ≥ H(½) by convexity); at the top, rounding can push it past
      // n + ½, or make it NaN when s > 1 and u is within an ulp of H's supremum 1 / (s − 1).
      int64_t k = x < static_cast<double>(n_) + 0.5
                      ? std::max<int64_t>(1, static_cast<int64_t>(x + 0.5))
                      : n_;
      if (static_cast<double>(k) - x <= squeeze_) return k;
      auto key = static_cast<double>(k);
      if (u >= antiderivative(key + 0.5) - density(key)) return k;
    }
  }

 private:
  // h(x) = x^-s.
  double density(double x) const { return std::exp(-s_ * std::log(x)); }
  // H(x) = (x^(1−s) − 1) / (1 − s), log x at s = 1.
  double antiderivative(double x) const {
    double log_x = std::log(x);
    return expm1OverX((1 - s_) * log_x) * log_x;
  }
  // H⁻¹(y) = (1 + (1 − s) y)^(1 / (1 − s)), e^y at s = 1.
  double inverseAntiderivative(double y) const { return std::exp(log1pOverX((1 - s_) * y) * y); }
  // (e^t − 1) / t, and its limit 1 at t = 0.
  static double expm1OverX(double t) {
    return std::abs(t) > 1e-8 ? std::expm1(t) / t : 1 + t / 2 * (1 + t / 3);
  }
  // log(1 + t) / t, and its limit 1 at t = 0.
  static double log1pOverX(double t) {
    return std::abs(t) > 1e-8 ? std::log1p(t) / t : 1 - t * (0.5 - t / 3);
  }

  int64_t n_;
  double s_;
  double low_, high_;  // H(3/2) − 1 and H(n + ½): the range u is drawn from
  double squeeze_;
};

}  // namespace planck::tpch
