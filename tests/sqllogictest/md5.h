// MD5 (RFC 1321), for sqllogictest's "N values hashing to <md5>" results. Not for security.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace planck::sqllogictest {

class Md5 {
 public:
  Md5();
  void update(std::string_view data);
  // The digest as 32 lower-case hex digits; the object is spent afterwards.
  std::string hexDigest();

 private:
  void block(const uint8_t* data);

  std::array<uint32_t, 4> state_;
  std::array<uint8_t, 64> buffer_{};
  uint64_t length_ = 0;  // bytes seen
};

// The MD5 of `data` as 32 lower-case hex digits.
std::string md5Hex(std::string_view data);

}  // namespace planck::sqllogictest
