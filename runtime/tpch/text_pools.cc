#include "runtime/tpch/text_pools.h"

namespace planck::tpch {
namespace {

// The parts of speech of the specification's comment grammar (clause 4.2.2.14), a subset.
constexpr std::string_view kNouns[] = {
    "foxes",     "ideas",     "theodolites", "pinto beans", "instructions",   "dependencies",
    "excuses",   "platelets", "asymptotes",  "courts",      "dolphins",       "multipliers",
    "sauternes", "warthogs",  "frets",       "dinos",       "attainments",    "somas",
    "Tiresias'", "patterns",  "forges",      "braids",      "hockey players", "frays",
    "warhorses", "dugouts",   "notornis",    "epitaphs",    "pearls",         "tithes",
    "waters",    "orbits",    "gifts",       "sheaves",     "depths",         "sentiments",
    "decoys",    "realms",    "pains",       "grouches",    "escapades",      "packages",
    "requests",  "accounts",  "deposits",    "packages",    "pinto beans",    "requests"};
constexpr std::string_view kVerbs[] = {
    "sleep",  "wake",   "are",       "cajole",   "haggle", "nag",   "use",     "boost",
    "affix",  "detect", "integrate", "maintain", "nod",    "was",   "lose",    "sublate",
    "solve",  "thrash", "promise",   "engage",   "hinder", "print", "x-ray",   "breach",
    "eat",    "grow",   "impress",   "mold",     "poach",  "serve", "run",     "dazzle",
    "snooze", "doze",   "unwind",    "kindle",   "play",   "hang",  "believe", "doubt"};
constexpr std::string_view kAdjectives[] = {
    "furious",  "sly",     "careful", "blithe",  "quick",   "fluffy", "slow",     "quiet",
    "ruthless", "thin",    "close",   "dogged",  "daring",  "brave",  "stealthy", "permanent",
    "enticing", "idle",    "busy",    "regular", "final",   "ironic", "even",     "bold",
    "silent",   "express", "pending", "special", "unusual", "fluffy"};
constexpr std::string_view kAdverbs[] = {
    "sometimes", "always",    "never",   "furiously",  "slyly",       "carefully",  "blithely",
    "quickly",   "fluffily",  "slowly",  "quietly",    "ruthlessly",  "thinly",     "closely",
    "doggedly",  "daringly",  "bravely", "stealthily", "permanently", "enticingly", "idly",
    "busily",    "regularly", "finally", "ironically", "evenly",      "boldly",     "silently"};
constexpr std::string_view kPrepositions[] = {
    "about",        "above",      "according to", "across",  "after",  "against",    "along",
    "alongside of", "among",      "around",       "at",      "atop",   "before",     "behind",
    "beneath",      "beside",     "besides",      "between", "beyond", "by",         "despite",
    "during",       "except",     "for",          "from",    "inside", "instead of", "into",
    "near",         "of",         "on",           "outside", "over",   "past",       "since",
    "through",      "throughout", "to",           "toward",  "under",  "until",      "up",
    "upon",         "without",    "with",         "within"};
constexpr std::string_view kTerminators[] = {".", ";", ":", "?", "!", "--"};

constexpr size_t kPoolBytes = 1 << 20;

}  // namespace

TextPool::TextPool() {
  // A fixed seed: the pool, and so every comment, is the same in every run.
  RowRandom random(0x7470636850u, 0);
  text_.reserve(kPoolBytes + 200);
  while (text_.size() < kPoolBytes) {
    // sentence: noun phrase, verb phrase, [prepositional phrase], terminator
    if (random.next() % 2 == 0) {
      text_ += random.pick(kAdjectives);
      text_ += ' ';
    }
    text_ += random.pick(kNouns);
    text_ += ' ';
    if (random.next() % 3 == 0) {
      text_ += random.pick(kAdverbs);
      text_ += ' ';
    }
    text_ += random.pick(kVerbs);
    if (random.next() % 2 == 0) {
      text_ += ' ';
      text_ += random.pick(kPrepositions);
      text_ += " the ";
      text_ += random.pick(kAdjectives);
      text_ += ' ';
      text_ += random.pick(kNouns);
    }
    text_ += random.pick(kTerminators);
    text_ += ' ';
  }
}

const TextPool& TextPool::instance() {
  static const TextPool pool;
  return pool;
}

std::string_view TextPool::comment(RowRandom& random, int low, int high) const {
  auto length = static_cast<size_t>(random.uniform(low, high));
  size_t offset = random.below(text_.size() - length);
  return std::string_view(text_).substr(offset, length);
}

void randomAddress(RowRandom& random, int low, int high, std::string& out) {
  static constexpr char kAlphabet[] =
      "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ,.";
  auto length = static_cast<size_t>(random.uniform(low, high));
  out.resize(length);
  uint64_t bits = 0;
  for (size_t i = 0; i < length; ++i) {
    if (i % 10 == 0) bits = random.next();
    out[i] = kAlphabet[bits & 63];
    bits >>= 6;
  }
}

}  // namespace planck::tpch
