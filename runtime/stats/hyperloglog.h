// HyperLogLog: the number of distinct values of a column in a few kilobytes, for ANALYZE TABLE's
// distinct counts (Spark's HyperLogLogPlusPlus; spark.sql.statistics.ndv.maxError is 5%).
//
// Flajolet, Fusy, Gandouet and Meunier, "HyperLogLog: the analysis of a near-optimal
// cardinality estimation algorithm" (AofA 2007): each value's 64-bit hash picks one of m = 2^p
// registers by its first p bits and records the longest run of leading zeros seen in the rest;
// the harmonic mean of 2^-register estimates the count, with a relative standard error of
// 1.04 / sqrt(m) (0.8% at p = 14). As in HyperLogLog++ (Heule, Nunkesser and Hall, EDBT 2013)
// the hash has 64 bits, so no large-range correction is needed, and small counts use linear
// counting (Whang et al., 1990) while some registers are still empty.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace planck {

class HyperLogLog {
 public:
  // 2^precision registers of one byte; precision in [4, 18].
  explicit HyperLogLog(int precision = 14);

  // Adds a value by its 64-bit hash (hashValue / hashBytes below).
  void add(uint64_t hash);
  // Adds every value `other` saw (same precision).
  void merge(const HyperLogLog& other);
  // The estimated number of distinct values added.
  int64_t estimate() const;

 private:
  int precision_;
  std::vector<uint8_t> registers_;
};

// Well-spread 64-bit hashes of the values HyperLogLog counts, the same in every run (so
// statistics, and the plans that follow them, are reproducible).
uint64_t hashValue(uint64_t bits);
uint64_t hashBytes(std::string_view bytes);

}  // namespace planck
