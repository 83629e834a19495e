// The runtime ABI of generated code: the only header a compiled pipeline includes.
//
// Whole-stage code generation (codegen/) turns each WholeStageCodegenExec of a plan into C++
// functions that the runtime calls through the types below (runtime/exec/compiled_stage.h).
// The header is small and free of the standard library's heavy headers so that a stage
// compiles in tens of milliseconds: plain structs in the runtime's own memory layout
// (runtime/vector.h), a table of runtime functions the code calls back (PlanckApi), and a few
// inline helpers (hashing, exact decimal arithmetic, the grouping and join hash tables).
//
// What a generated module exports, for a stage with codegen id N:
//
//   int planck_stage_N_init(PlanckCtx*)                 task state: ctx->state (its own struct)
//   int planck_stage_N_consume(PlanckCtx*, const PlanckBatch*)   one batch of the stage's input
//   int planck_stage_N_finish(PlanckCtx*)               input ended: sinks (aggregates, sorts) emit
//   int planck_stage_N_build_J(PlanckCtx*, const PlanckBatch*, PlanckJoinTable*)
//                                                       a hash join's table (a broadcast once, a
//                                                       shuffled join's side per task), or a
//                                                       sort-merge join's right side per task
//
// Every function returns PLANCK_OK, PLANCK_ERROR (ctx->api->fail was called: the host turns the
// stage's error number into its absl::Status) or PLANCK_STOP (a limit is reached: no more input
// is needed). Output rows go to ctx->out; when it is full the code calls ctx->api->flush, which
// hands the batch to the host and starts a new one.
#pragma once

#include <stdint.h>
#include <string.h>

#define PLANCK_ABI_VERSION 2
#define PLANCK_OK 0
#define PLANCK_ERROR 1
#define PLANCK_STOP 2

extern "C" {

// One column of an input batch, as runtime/vector.h stores it: fixed-width values, or Arrow's
// offsets (rows + 1) into `chars` for VARCHAR; `nulls` one byte per row (1 = NULL), always
// there (zeros when the column has no NULL), so a row's test is one load.
struct PlanckColumn {
  const void* values;
  const uint8_t* nulls;
  const uint32_t* offsets;
  const char* chars;
};

struct PlanckBatch {
  const PlanckColumn* columns;
  int64_t rows;
};

// A string value: bytes that live in an input batch, a build side or the task's arena.
struct PlanckString {
  const char* data;
  uint32_t size;
};

// A column of the batch being written: fixed-width values and a NULL byte per row (always
// allocated); VARCHAR columns are appended through PlanckApi::append_string instead.
struct PlanckOutColumn {
  void* values;
  uint8_t* nulls;
};

// Rows being written: the stage's output batch, or the buffer of a sort (PlanckApi::sort_buffer).
struct PlanckOutput {
  PlanckOutColumn* columns;
  int64_t rows;
  int64_t capacity;
  void* builder;  // the host's, behind flush and append_string
};

// A sort's rows in order (PlanckApi::sort): row order[i] of `rows` is the i-th, for i < count.
struct PlanckSorted {
  PlanckBatch rows;
  const uint32_t* order;
  int64_t count;
};

// A value handed to and from the runtime's row-at-a-time evaluator (the fallback for rare
// functions): the field that the expression's type uses.
struct PlanckValue {
  int64_t i;  // BOOLEAN, INTEGER, DATE, BIGINT, DECIMAL (unscaled)
  double d;   // DOUBLE
  PlanckString s;
  uint8_t is_null;
};

struct PlanckCtx;

// What generated code calls back into the runtime for.
struct PlanckApi {
  // `out` is full (or the stage ends): the host takes its batch and resets it.
  int (*flush)(PlanckCtx* ctx, PlanckOutput* out);
  // Appends one row to VARCHAR column `column` of `out` (data == 0: NULL).
  void (*append_string)(PlanckCtx* ctx, PlanckOutput* out, int column, const char* data,
                        uint32_t size);
  // Records the stage's error number `error`; returns PLANCK_ERROR.
  int (*fail)(PlanckCtx* ctx, int error);
  // `bytes` of zeroed memory held until the task ends (counted on the query's memory budget);
  // null when over the budget (the error is recorded: return PLANCK_ERROR).
  void* (*alloc)(PlanckCtx* ctx, uint64_t bytes);
  // Gives back memory from alloc early (a hash table that grew).
  void (*release)(PlanckCtx* ctx, void* memory, uint64_t bytes);
  // A copy of a string that lives until the task ends (group keys, computed strings).
  const char* (*copy_string)(PlanckCtx* ctx, const char* data, uint32_t size);
  // The stage's fallback expression number `expr` on the values of its children: the runtime's
  // row-at-a-time evaluator. PLANCK_ERROR when it fails (the error is recorded).
  int (*evaluate)(PlanckCtx* ctx, int expr, const PlanckValue* children, PlanckValue* result);
  // Where the stage's sort number `sort` (a SortExec as a pipeline's sink) takes its rows: the
  // sort's output columns, then the values of its keys that are not columns.
  PlanckOutput* (*sort_buffer)(PlanckCtx* ctx, int sort);
  // Sorts the rows written to sort_buffer(sort) by the sort's keys (the interpreter's order:
  // runtime/exec/sort.h; stable; the first `limit` only for a top-k). PLANCK_ERROR when over the
  // memory budget.
  int (*sort)(PlanckCtx* ctx, int sort, PlanckSorted* sorted);
  // The batch consume() is reading, kept whole as rows of sort `sort` (whose columns are the
  // batch's): a sort right over the stage's input copies nothing.
  int (*sort_keep_input)(PlanckCtx* ctx, int sort);
  // Sort `sort`'s rows (after sort()) appended to the stage's output in order, a column at a
  // time: a sort that is the stage's root writes no row by itself.
  int (*sort_output)(PlanckCtx* ctx, int sort);
};

// The execution settings generated code reads at run time.
struct PlanckOptions {
  // Adaptive partial aggregation: after `partial_sample_rows` input rows, a partial aggregate
  // with more than `partial_max_group_ratio` groups per row passes further rows through.
  uint8_t partial_adaptive;
  int64_t partial_sample_rows;
  double partial_max_group_ratio;
};

// One task's view of the runtime.
struct PlanckCtx {
  const PlanckApi* api;
  const PlanckOptions* options;
  PlanckOutput* out;
  int64_t* counters;    // rows out of each operator of the stage (EXPLAIN ANALYZE)
  void* state;          // the stage's own task state (set by init)
  void* const* shared;  // per stage: the broadcast join tables, built once
  void* host;           // the runtime's task (opaque)
};

}  // extern "C"

// ---- Hashing (MurmurHash3's 64-bit finalizer; runtime/hash.h's fmix64 for the runtime).
static inline uint64_t planck_mix(uint64_t k) {
  k ^= k >> 33;
  k *= 0xff51afd7ed558ccdULL;
  k ^= k >> 33;
  k *= 0xc4ceb9fe1a85ec53ULL;
  k ^= k >> 33;
  return k;
}

static inline uint64_t planck_hash_combine(uint64_t seed, uint64_t value) {
  return planck_mix(seed ^ (value + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2)));
}

static inline uint64_t planck_hash_double(double value) {
  if (value == 0.0) value = 0.0;  // -0.0 groups with 0.0
  if (value != value) return 0x7ff8000000000000ULL;  // every NaN alike
  uint64_t bits;
  memcpy(&bits, &value, 8);
  return planck_mix(bits);
}

static inline uint64_t planck_hash_string(PlanckString s) {
  uint64_t h = 0x84222325cbf29ce4ULL ^ s.size;
  uint32_t i = 0;
  for (; i + 8 <= s.size; i += 8) {
    uint64_t word;
    memcpy(&word, s.data + i, 8);
    h = (h ^ planck_mix(word)) * 0x100000001b3ULL;
  }
  uint64_t tail = 0;
  memcpy(&tail, s.data + i, s.size - i);
  return planck_mix(h ^ tail);
}

// ---- The shuffle's hash partitioning: runtime/exec/shuffle.cc deals rows by it, and a stage
// under a hash exchange computes its rows' partitions with it in generated code, so both agree
// on every row. From PLANCK_SHUFFLE_SEED, each key's bits are folded in with the finalizer (NULL
// as a constant of its own; a DOUBLE's bits normalized, as Spark's NormalizeFloatingNumbers, so
// -0.0 meets 0.0 and NaN meets NaN; a string's planck_hash_string), then the hash is reduced to
// [0, partitions) by Lemire's multiply-shift ("Fast random integer generation in an interval",
// 2019) instead of a division.
#define PLANCK_SHUFFLE_SEED 0x9e3779b97f4a7c15ULL
#define PLANCK_SHUFFLE_NULL 0x4e554c4c4b455953ULL

static inline uint64_t planck_shuffle_step(uint64_t hash, uint64_t bits) {
  return planck_mix(hash ^ bits);
}

static inline uint64_t planck_shuffle_double_bits(double value) {
  if (value == 0.0) value = 0.0;
  if (value != value) return 0x7ff8000000000000ULL;
  uint64_t bits;
  memcpy(&bits, &value, 8);
  return bits;
}

static inline uint32_t planck_shuffle_partition(uint64_t hash, uint64_t partitions) {
  return (uint32_t)(((hash >> 32) * partitions) >> 32);
}

// A key's bits folded into a running hash: one multiply per key (rustc's FxHash step), then a
// fold of the high bits into the low ones the table's slots use (planck_hash_finish).
static inline uint64_t planck_hash_step(uint64_t hash, uint64_t bits) {
  return (((hash << 5) | (hash >> 59)) ^ bits) * 0x517cc1b727220a95ULL;
}

static inline uint64_t planck_hash_finish(uint64_t hash) { return hash ^ (hash >> 29); }

// The first 8 bytes of a string, zero-padded: with its size, all of a string of up to 8 bytes
// (group keys keep it beside the string, so most comparisons need no memcmp).
static inline uint64_t planck_string_prefix(PlanckString s) {
  const char* p = s.data;
  uint32_t n = s.size;
  uint64_t word;
  if (n >= 8) {
    memcpy(&word, p, 8);
    return word;
  }
  // Assembled in registers from loads that may overlap: a short copy into a stack word and an
  // 8-byte load of it stalls on store forwarding (a third of TPC-H Q1's generated code).
  if (n >= 4) {
    uint32_t low, high;
    memcpy(&low, p, 4);
    memcpy(&high, p + n - 4, 4);
    return (uint64_t)low | ((uint64_t)high << (8 * (n - 4)));
  }
  if (n == 0) return 0;
  return (uint64_t)(uint8_t)p[0] | ((uint64_t)(uint8_t)p[n >> 1] << (8 * (n >> 1))) |
         ((uint64_t)(uint8_t)p[n - 1] << (8 * (n - 1)));
}

// A string key folded into a running hash, given its prefix.
static inline uint64_t planck_hash_string_step(uint64_t hash, PlanckString s, uint64_t prefix) {
  hash = planck_hash_step(hash, prefix ^ ((uint64_t)s.size << 56));
  uint32_t i = 8;
  for (; i + 8 <= s.size; i += 8) {
    uint64_t word;
    memcpy(&word, s.data + i, 8);
    hash = planck_hash_step(hash, word);
  }
  if (i < s.size) {
    uint64_t tail = 0;
    for (uint32_t j = i; j < s.size; ++j) tail |= (uint64_t)(uint8_t)s.data[j] << (8 * (j - i));
    hash = planck_hash_step(hash, tail);
  }
  return hash;
}

// Whether a string key equals a stored one whose prefix and size are known to match.
static inline int planck_string_rest_equals(PlanckString a, PlanckString b) {
  return a.size <= 8 || memcmp(a.data + 8, b.data + 8, a.size - 8) == 0;
}

static inline int planck_string_equals(PlanckString a, PlanckString b) {
  return a.size == b.size && memcmp(a.data, b.data, a.size) == 0;
}

// Bytes compare unsigned; a prefix sorts first.
static inline int planck_string_compare(PlanckString a, PlanckString b) {
  uint32_t n = a.size < b.size ? a.size : b.size;
  int c = memcmp(a.data, b.data, n);
  if (c != 0) return c;
  return a.size < b.size ? -1 : (a.size > b.size ? 1 : 0);
}

static inline PlanckString planck_string_at(const PlanckColumn* column, int64_t row) {
  uint32_t begin = column->offsets[row];
  PlanckString s = {column->chars + begin, column->offsets[row + 1] - begin};
  return s;
}

// Whether `text` starts with / ends with `part`.
static inline int planck_starts_with(PlanckString text, const char* part, uint32_t size) {
  return text.size >= size && memcmp(text.data, part, size) == 0;
}
static inline int planck_ends_with(PlanckString text, const char* part, uint32_t size) {
  return text.size >= size && memcmp(text.data + text.size - size, part, size) == 0;
}

// The first position >= `from` where `part` (non-empty) lies within text[from, end), or -1.
static inline int64_t planck_find(PlanckString text, uint32_t from, uint32_t end, const char* part,
                                  uint32_t size) {
  while (from + size <= end) {
    const char* hit = (const char*)memchr(text.data + from, part[0], end - size + 1 - from);
    if (hit == 0) return -1;
    uint32_t at = (uint32_t)(hit - text.data);
    if (memcmp(hit, part, size) == 0) return at;
    from = at + 1;
  }
  return -1;
}

// The byte width of the character at s[at], as the evaluator splits UTF-8 (an invalid byte is a
// character of its own; a truncated one ends with the text).
static inline uint32_t planck_char_width(PlanckString s, uint32_t at) {
  uint8_t lead = (uint8_t)s.data[at];
  uint32_t width = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
  return width < s.size - at ? width : s.size - at;
}

// substring(text, pos, length) on characters, as the evaluator: pos from 1, or from the end when
// negative; the result lies within `s` (no copy).
static inline PlanckString planck_substring(PlanckString s, int64_t pos, int64_t length) {
  int64_t start = 0;
  if (pos > 0) {
    start = pos - 1;
  } else if (pos < 0) {
    int64_t count = 0;
    for (uint32_t at = 0; at < s.size; at += planck_char_width(s, at)) ++count;
    start = count + pos;
  }
  int64_t end = start + length;
  if (start < 0) start = 0;
  PlanckString result = {s.data, 0};
  if (start >= end) return result;
  uint32_t at = 0;
  int64_t index = 0;
  for (; index < start && at < s.size; ++index) at += planck_char_width(s, at);
  uint32_t begin = at;
  for (; index < end && at < s.size; ++index) at += planck_char_width(s, at);
  result.data = s.data + begin;
  result.size = at - begin;
  return result;
}

// The calendar year, month (1-12) and day (1-31) of a DATE (days since 1970-01-01): Howard
// Hinnant's civil_from_days ("chrono-Compatible Low-Level Date Algorithms"), as the evaluator's.
static inline void planck_civil_from_days(int64_t days, int64_t* year, int32_t* month,
                                          int32_t* day) {
  int64_t z = days + 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  unsigned doe = (unsigned)(z - era * 146097);
  unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  unsigned mp = (5 * doy + 2) / 153;
  *day = (int32_t)(doy - (153 * mp + 2) / 5 + 1);
  *month = (int32_t)(mp < 10 ? mp + 3 : mp - 9);
  *year = (int64_t)yoe + era * 400 + (*month <= 2);
}

// SQL's ordering of doubles: NaN above everything, equal to itself (Spark's rule).
static inline int planck_double_compare(double a, double b) {
  if (a != a) return b != b ? 0 : 1;
  if (b != b) return -1;
  return a < b ? -1 : (a > b ? 1 : 0);
}

// ---- Exact decimals: powers of ten and the rounding the interpreter uses (half away from zero).
typedef __int128 planck_int128;

static inline planck_int128 planck_pow10(int exponent) {
  planck_int128 value = 1;
  for (int i = 0; i < exponent; ++i) value *= 10;
  return value;
}

static inline planck_int128 planck_round_div(planck_int128 value, planck_int128 divisor) {
  planck_int128 quotient = value / divisor, remainder = value % divisor;
  if (2 * (remainder < 0 ? -remainder : remainder) >= divisor) quotient += value < 0 ? -1 : 1;
  return quotient;
}

// An exact sum in 128 bits kept as two 64-bit words: GCC stores a __int128 field through the
// stack and reloads it with one 16-byte load, which stalls on store forwarding every row.
struct PlanckWide {
  uint64_t low;
  int64_t high;
};

static inline void planck_wide_add(PlanckWide* sum, int64_t value) {
  uint64_t low = sum->low + (uint64_t)value;
  sum->high += (value >> 63) + (low < sum->low);
  sum->low = low;
}

static inline planck_int128 planck_wide_value(PlanckWide sum) {
  return (planck_int128)(((unsigned __int128)(uint64_t)sum.high << 64) | sum.low);
}

// ---- Grouping: an open-addressing table of generated Entry structs, in insertion order. An
// Entry starts with `uint64_t hash`; the slots hold entry index + 1 (0 = empty), load <= 1/2.
template <class Entry>
struct PlanckGroups {
  Entry* entries;
  uint32_t* slots;
  uint64_t mask;
  uint32_t size;
  uint32_t capacity;
};

template <class Entry>
static inline int planck_groups_init(PlanckCtx* ctx, PlanckGroups<Entry>* groups,
                                     uint32_t capacity) {
  groups->entries = (Entry*)ctx->api->alloc(ctx, sizeof(Entry) * (uint64_t)capacity);
  groups->slots = (uint32_t*)ctx->api->alloc(ctx, sizeof(uint32_t) * 2 * (uint64_t)capacity);
  if (groups->entries == 0 || groups->slots == 0) return PLANCK_ERROR;
  groups->mask = 2 * (uint64_t)capacity - 1;
  groups->size = 0;
  groups->capacity = capacity;
  return PLANCK_OK;
}

template <class Entry>
static inline int planck_groups_grow(PlanckCtx* ctx, PlanckGroups<Entry>* groups) {
  uint64_t capacity = 2 * (uint64_t)groups->capacity;
  if (capacity > 0x7fffffffULL) return ctx->api->fail(ctx, 0);
  Entry* entries = (Entry*)ctx->api->alloc(ctx, sizeof(Entry) * capacity);
  uint32_t* slots = (uint32_t*)ctx->api->alloc(ctx, sizeof(uint32_t) * 2 * capacity);
  if (entries == 0 || slots == 0) return PLANCK_ERROR;
  memcpy(entries, groups->entries, sizeof(Entry) * groups->size);
  uint64_t mask = 2 * capacity - 1;
  for (uint32_t i = 0; i < groups->size; ++i) {
    uint64_t pos = entries[i].hash & mask;
    while (slots[pos] != 0) pos = (pos + 1) & mask;
    slots[pos] = i + 1;
  }
  ctx->api->release(ctx, groups->entries, sizeof(Entry) * groups->capacity);
  ctx->api->release(ctx, groups->slots, sizeof(uint32_t) * 2 * (uint64_t)groups->capacity);
  groups->entries = entries;
  groups->slots = slots;
  groups->mask = mask;
  groups->capacity = (uint32_t)capacity;
  return PLANCK_OK;
}

// The entry whose keys `equals` accepts, or a new zeroed one (`*inserted` = 1) that the caller
// fills; null when memory ran out (the error is recorded).
template <class Entry, class Equals>
static inline Entry* planck_groups_find(PlanckCtx* ctx, PlanckGroups<Entry>* groups,
                                        uint64_t hash, Equals equals, int* inserted) {
  uint64_t pos = hash & groups->mask;
  for (;;) {
    uint32_t slot = groups->slots[pos];
    if (slot == 0) break;
    Entry* entry = &groups->entries[slot - 1];
    if (entry->hash == hash && equals(entry)) {
      *inserted = 0;
      return entry;
    }
    pos = (pos + 1) & groups->mask;
  }
  if (groups->size == groups->capacity) {
    if (planck_groups_grow(ctx, groups) != PLANCK_OK) return 0;
    pos = hash & groups->mask;
    while (groups->slots[pos] != 0) pos = (pos + 1) & groups->mask;
  }
  Entry* entry = &groups->entries[groups->size];
  entry->hash = hash;
  groups->slots[pos] = ++groups->size;
  *inserted = 1;
  return entry;
}

// ---- A broadcast hash join's table over the build side's rows: chains of rows by hash.
// heads[hash & mask] is the first row + 1 (0: none), next[row] the next row + 1 in the chain.
struct PlanckJoinTable {
  const PlanckBatch* build;
  uint32_t* heads;
  uint32_t* next;
  uint64_t* hashes;
  uint64_t mask;
  uint8_t* matched;  // per build row, for outer joins that preserve the build side (unused yet)
};

static inline int planck_join_table_init(PlanckCtx* ctx, PlanckJoinTable* table,
                                         const PlanckBatch* build) {
  uint64_t slots = 16;
  while (slots < 2 * (uint64_t)build->rows) slots *= 2;
  table->build = build;
  table->mask = slots - 1;
  table->heads = (uint32_t*)ctx->api->alloc(ctx, sizeof(uint32_t) * slots);
  table->next = (uint32_t*)ctx->api->alloc(ctx, sizeof(uint32_t) * ((uint64_t)build->rows + 1));
  table->hashes = (uint64_t*)ctx->api->alloc(ctx, sizeof(uint64_t) * ((uint64_t)build->rows + 1));
  table->matched = 0;
  return table->heads != 0 && table->next != 0 && table->hashes != 0 ? PLANCK_OK : PLANCK_ERROR;
}

// Inserts build row `row` (inserted in descending row order, chains list rows ascending).
static inline void planck_join_table_insert(PlanckJoinTable* table, uint32_t row, uint64_t hash) {
  uint64_t slot = hash & table->mask;
  table->hashes[row] = hash;
  table->next[row] = table->heads[slot];
  table->heads[slot] = row + 1;
}
