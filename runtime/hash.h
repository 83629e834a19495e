// 64-bit hash mixing for the runtime: the shuffle's bucket hash and the hashes HyperLogLog
// counts.
#pragma once

#include <cstdint>

#include "runtime/codegen/planck_abi.h"

namespace planck {

// MurmurHash3's 64-bit finalizer (Appleby, 2011): every bit of the input moves every bit of the
// output, so consecutive integer keys spread evenly. The one generated code uses
// (planck_abi.h's planck_mix), so the shuffle and generated code hash alike.
inline uint64_t fmix64(uint64_t h) { return planck_mix(h); }

}  // namespace planck
