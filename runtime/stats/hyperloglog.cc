#include "runtime/stats/hyperloglog.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>

#include "runtime/hash.h"

namespace planck {

HyperLogLog::HyperLogLog(int precision)
    : precision_(std::clamp(precision, 4, 18)), registers_(size_t{1} << precision_, 0) {}

void HyperLogLog::add(uint64_t hash) {
  size_t index = hash >> (64 - precision_);
  // The rank of the remaining bits: the position of their first 1 (64 - p + 1 when all zero).
  uint64_t rest = (hash << precision_) | (uint64_t{1} << (precision_ - 1));
  auto rank = static_cast<uint8_t>(std::countl_zero(rest) + 1);
  registers_[index] = std::max(registers_[index], rank);
}

void HyperLogLog::merge(const HyperLogLog& other) {
  for (size_t i = 0; i < registers_.size() && i < other.registers_.size(); ++i) {
    registers_[i] = std::max(registers_[i], other.registers_[i]);
  }
}

int64_t HyperLogLog::estimate() const {
  auto m = static_cast<double>(registers_.size());
  double sum = 0;
  size_t zeros = 0;
  for (uint8_t value : registers_) {
    sum += std::ldexp(1.0, -value);
    if (value == 0) ++zeros;
  }
  // alpha_m of the paper (its large-m form; m >= 16 here).
  double alpha = 0.7213 / (1 + 1.079 / m);
  double raw = alpha * m * m / sum;
  if (raw <= 2.5 * m && zeros > 0) {
    return std::llround(m * std::log(m / static_cast<double>(zeros)));
  }
  return std::llround(raw);
}

uint64_t hashValue(uint64_t bits) { return fmix64(bits ^ 0x9e3779b97f4a7c15ULL); }

uint64_t hashBytes(std::string_view bytes) {
  // Eight bytes at a time, each word mixed in by a multiply and a rotation, then the tail and
  // the length, then the finalizer: every input bit reaches every output bit.
  uint64_t h = 0x243f6a8885a308d3ULL ^ bytes.size();
  size_t at = 0;
  for (; at + 8 <= bytes.size(); at += 8) {
    uint64_t word;
    std::memcpy(&word, bytes.data() + at, 8);
    h = std::rotl(h ^ (word * 0x87c37b91114253d5ULL), 31) * 0x4cf5ad432745937fULL;
  }
  uint64_t tail = 0;
  std::memcpy(&tail, bytes.data() + at, bytes.size() - at);
  h = std::rotl(h ^ (tail * 0x87c37b91114253d5ULL), 31) * 0x4cf5ad432745937fULL;
  return fmix64(h);
}

}  // namespace planck
