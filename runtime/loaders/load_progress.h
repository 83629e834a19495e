// The progress callback of loads: bytes (or rows) done and the total expected.
#pragma once

#include <cstdint>
#include <functional>

namespace planck {

using LoadProgress = std::function<void(int64_t done, int64_t total)>;

}  // namespace planck
