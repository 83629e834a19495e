// The word lists of the TPC-H specification (clause 4.2.2.13 and 4.2.3) and the random text
// that comments are cut from.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace planck::tpch {

// A counter-based random stream: every value depends only on (seed, row, draw), so any row can
// be generated alone, by any thread, in any order. splitmix64 (Steele, Lea & Flood, "Fast
// splittable pseudorandom number generators", OOPSLA 2014) mixes the counter.
class RowRandom {
 public:
  RowRandom(uint64_t seed, uint64_t row) : state_(seed ^ (row * 0x9E3779B97F4A7C15ULL)) {}
  uint64_t next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  // Uniform in [low, high]: Lemire's multiply-shift ("Fast random integer generation in an
  // interval", 2019) instead of a division; the bias is below 2^-32 for the ranges used here.
  int64_t uniform(int64_t low, int64_t high) {
    return low + static_cast<int64_t>(below(static_cast<uint64_t>(high - low + 1)));
  }
  template <class List>
  std::string_view pick(const List& list) {
    return list[below(std::size(list))];
  }
  // Uniform in [0, bound).
  uint64_t below(uint64_t bound) {
    return static_cast<uint64_t>((static_cast<unsigned __int128>(next()) * bound) >> 64);
  }

 private:
  uint64_t state_;
};

inline constexpr std::string_view kRegions[] = {"AFRICA", "AMERICA", "ASIA", "EUROPE",
                                                "MIDDLE EAST"};
struct NationDef {
  std::string_view name;
  int32_t region;
};
inline constexpr NationDef kNations[] = {
    {"ALGERIA", 0},      {"ARGENTINA", 1}, {"BRAZIL", 1}, {"CANADA", 1},
    {"EGYPT", 4},        {"ETHIOPIA", 0},  {"FRANCE", 3}, {"GERMANY", 3},
    {"INDIA", 2},        {"INDONESIA", 2}, {"IRAN", 4},   {"IRAQ", 4},
    {"JAPAN", 2},        {"JORDAN", 4},    {"KENYA", 0},  {"MOROCCO", 0},
    {"MOZAMBIQUE", 0},   {"PERU", 1},      {"CHINA", 2},  {"ROMANIA", 3},
    {"SAUDI ARABIA", 4}, {"VIETNAM", 2},   {"RUSSIA", 3}, {"UNITED KINGDOM", 3},
    {"UNITED STATES", 1}};

// p_name is five of these colours.
inline constexpr std::string_view kColors[] = {
    "almond",   "antique",   "aquamarine", "azure",      "beige",     "bisque",    "black",
    "blanched", "blue",      "blush",      "brown",      "burlywood", "burnished", "chartreuse",
    "chiffon",  "chocolate", "coral",      "cornflower", "cornsilk",  "cream",     "cyan",
    "dark",     "deep",      "dim",        "dodger",     "drab",      "firebrick", "floral",
    "forest",   "frosted",   "gainsboro",  "ghost",      "goldenrod", "green",     "grey",
    "honeydew", "hot",       "indian",     "ivory",      "khaki",     "lace",      "lavender",
    "lawn",     "lemon",     "light",      "lime",       "linen",     "magenta",   "maroon",
    "medium",   "metallic",  "midnight",   "mint",       "misty",     "moccasin",  "navajo",
    "navy",     "olive",     "orange",     "orchid",     "pale",      "papaya",    "peach",
    "peru",     "pink",      "plum",       "powder",     "puff",      "purple",    "red",
    "rose",     "rosy",      "royal",      "saddle",     "salmon",    "sandy",     "seashell",
    "sienna",   "sky",       "slate",      "smoke",      "snow",      "spring",    "steel",
    "tan",      "thistle",   "tomato",     "turquoise",  "violet",    "wheat",     "white",
    "yellow"};
inline constexpr std::string_view kTypeSyllable1[] = {"STANDARD", "SMALL",   "MEDIUM",
                                                      "LARGE",    "ECONOMY", "PROMO"};
inline constexpr std::string_view kTypeSyllable2[] = {"ANODIZED", "BURNISHED", "PLATED", "POLISHED",
                                                      "BRUSHED"};
inline constexpr std::string_view kTypeSyllable3[] = {"TIN", "NICKEL", "BRASS", "STEEL", "COPPER"};
inline constexpr std::string_view kContainerSyllable1[] = {"SM", "LG", "MED", "JUMBO", "WRAP"};
inline constexpr std::string_view kContainerSyllable2[] = {"CASE", "BOX",  "BAG", "JAR",
                                                           "PKG",  "PACK", "CAN", "DRUM"};
inline constexpr std::string_view kSegments[] = {"AUTOMOBILE", "BUILDING", "FURNITURE", "MACHINERY",
                                                 "HOUSEHOLD"};
inline constexpr std::string_view kPriorities[] = {"1-URGENT", "2-HIGH", "3-MEDIUM",
                                                   "4-NOT SPECIFIED", "5-LOW"};
inline constexpr std::string_view kInstructions[] = {"DELIVER IN PERSON", "COLLECT COD", "NONE",
                                                     "TAKE BACK RETURN"};
inline constexpr std::string_view kShipModes[] = {"REG AIR", "AIR",  "RAIL", "SHIP",
                                                  "TRUCK",   "MAIL", "FOB"};

// Random text, as dbgen's text pool: sentences of the specification's words (clause
// 4.2.2.14). A comment of length n is the n characters at a random offset.
class TextPool {
 public:
  static const TextPool& instance();
  // A comment of `low` to `high` characters.
  std::string_view comment(RowRandom& random, int low, int high) const;

 private:
  TextPool();
  std::string text_;
};

// A v-string (clause 4.2.2.7): random characters from the 64-symbol alphabet, `low` to `high`
// long, written into `out`.
void randomAddress(RowRandom& random, int low, int high, std::string& out);

}  // namespace planck::tpch
