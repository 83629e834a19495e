// MD5 as specified in RFC 1321 (R. Rivest, 1992): 64-byte blocks, four rounds of sixteen
// operations with the sine-derived constants T[i] = floor(2^32 * |sin(i + 1)|), computed below.
#include "tests/sqllogictest/md5.h"

#include <cmath>
#include <cstring>

#include "fmt/format.h"

namespace planck::sqllogictest {
namespace {

// Per-operation left rotations, by round (RFC 1321, section 3.4).
constexpr int kShift[4][4] = {{7, 12, 17, 22}, {5, 9, 14, 20}, {4, 11, 16, 23}, {6, 10, 15, 21}};

const std::array<uint32_t, 64>& sineTable() {
  static const std::array<uint32_t, 64> table = [] {
    std::array<uint32_t, 64> t{};
    for (int i = 0; i < 64; ++i) {
      t[i] = static_cast<uint32_t>(std::floor(std::fabs(std::sin(i + 1.0)) * 4294967296.0));
    }
    return t;
  }();
  return table;
}

uint32_t rotateLeft(uint32_t x, int n) { return (x << n) | (x >> (32 - n)); }

}  // namespace

Md5::Md5() : state_{0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476} {}

void Md5::block(const uint8_t* data) {
  uint32_t x[16];
  for (int i = 0; i < 16; ++i) {
    x[i] = uint32_t{data[4 * i]} | uint32_t{data[4 * i + 1]} << 8 |
           uint32_t{data[4 * i + 2]} << 16 | uint32_t{data[4 * i + 3]} << 24;
  }
  const std::array<uint32_t, 64>& t = sineTable();
  uint32_t a = state_[0], b = state_[1], c = state_[2], d = state_[3];
  for (int i = 0; i < 64; ++i) {
    uint32_t f;
    int k;
    switch (i / 16) {
      case 0:
        f = (b & c) | (~b & d);
        k = i;
        break;
      case 1:
        f = (b & d) | (c & ~d);
        k = (5 * i + 1) % 16;
        break;
      case 2:
        f = b ^ c ^ d;
        k = (3 * i + 5) % 16;
        break;
      default:
        f = c ^ (b | ~d);
        k = (7 * i) % 16;
        break;
    }
    uint32_t rotated = rotateLeft(a + f + x[k] + t[i], kShift[i / 16][i % 4]);
    a = d;
    d = c;
    c = b;
    b = b + rotated;
  }
  state_[0] += a;
  state_[1] += b;
  state_[2] += c;
  state_[3] += d;
}

void Md5::update(std::string_view data) {
  size_t used = length_ % 64;
  length_ += data.size();
  const auto* bytes = reinterpret_cast<const uint8_t*>(data.data());
  size_t n = data.size();
  if (used > 0) {
    size_t take = std::min(n, 64 - used);
    std::memcpy(buffer_.data() + used, bytes, take);
    bytes += take;
    n -= take;
    if (used + take < 64) return;
    block(buffer_.data());
  }
  for (; n >= 64; bytes += 64, n -= 64) block(bytes);
  std::memcpy(buffer_.data(), bytes, n);
}

std::string Md5::hexDigest() {
  uint64_t bits = length_ * 8;
  // Padding: 0x80, zeros up to 56 mod 64, then the length in bits, little-endian.
  static const uint8_t kPadding[64] = {0x80};
  size_t used = length_ % 64;
  update(std::string_view(reinterpret_cast<const char*>(kPadding),
                          used < 56 ? 56 - used : 120 - used));
  uint8_t length[8];
  for (int i = 0; i < 8; ++i) length[i] = static_cast<uint8_t>(bits >> (8 * i));
  update(std::string_view(reinterpret_cast<const char*>(length), 8));
  std::string hex;
  for (uint32_t word : state_) {
    for (int i = 0; i < 4; ++i) hex += fmt::format("{:02x}", (word >> (8 * i)) & 0xff);
  }
  return hex;
}

std::string md5Hex(std::string_view data) {
  Md5 md5;
  md5.update(data);
  return md5.hexDigest();
}

}  // namespace planck::sqllogictest
