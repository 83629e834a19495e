// 64-bit hash mixing for the runtime: the shuffle's bucket hash and the hashes HyperLogLog
// counts.
#pragma once

#include <cstdint>

namespace planck {

// MurmurHash3's 64-bit finalizer (Appleby, 2011): every bit of the input moves every bit of the
// output, so consecutive integer keys spread evenly.
inline uint64_t fmix64(uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

}  // namespace planck
