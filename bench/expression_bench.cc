// Vectorized expression evaluation (runtime/expression/) on TPC-H Q1-like expressions, in
// nanoseconds per row: the charge of a lineitem row, a date filter and a LIKE filter, over
// batches of kBatchRows rows (one million rows per iteration).
//
//   build/bench/expression_bench [--benchmark_filter=...]
//
// The columns are generated here (deterministic, lineitem's value domains) so the benchmark
// needs no data files; the expressions are built with the analyzer's types.
#include <random>
#include <string>
#include <vector>

#include "benchmark/benchmark.h"
#include "logical/expressions.h"
#include "runtime/expression/compiled_expression.h"

namespace planck {
namespace {

constexpr size_t kRows = 1 << 20;

struct Lineitem {
  AttributePtr extendedprice =
      AttributeReference::make("l_extendedprice", DataType::decimal(15, 2), false);
  AttributePtr discount = AttributeReference::make("l_discount", DataType::decimal(15, 2), false);
  AttributePtr tax = AttributeReference::make("l_tax", DataType::decimal(15, 2), false);
  AttributePtr shipdate = AttributeReference::make("l_shipdate", DataType::date(), false);
  AttributePtr comment = AttributeReference::make("l_comment", DataType::varchar(), false);
  Attributes columns() const { return {extendedprice, discount, tax, shipdate, comment}; }

  std::vector<Batch> batches;

  Lineitem() {
    std::mt19937 random(42);
    static const char* kWords[] = {"special",  "requests", "furiously", "carefully", "pending",
                                   "deposits", "quickly",  "final",     "ironic",    "accounts"};
    for (size_t start = 0; start < kRows; start += kBatchRows) {
      size_t rows = std::min(kBatchRows, kRows - start);
      Batch batch;
      batch.rows = rows;
      auto prices = Vector::make(DataType::decimal(15, 2), rows);
      auto discounts = Vector::make(DataType::decimal(15, 2), rows);
      auto taxes = Vector::make(DataType::decimal(15, 2), rows);
      auto dates = Vector::make(DataType::date(), rows);
      auto comments = Vector::make(DataType::varchar(), 0);
      for (size_t i = 0; i < rows; ++i) {
        prices->values<int64_t>()[i] = 90000 + random() % 10400000;  // 900.00 .. 104,900.00
        discounts->values<int64_t>()[i] = random() % 11;             // 0.00 .. 0.10
        taxes->values<int64_t>()[i] = random() % 9;                  // 0.00 .. 0.08
        dates->values<int32_t>()[i] = 8036 + static_cast<int32_t>(random() % 2526);  // 1992..1998
        std::string comment;
        for (int w = 0; w < 4; ++w) {
          if (w > 0) comment += ' ';
          comment += kWords[random() % std::size(kWords)];
        }
        comments->appendString(comment);
      }
      batch.columns = {prices, discounts, taxes, dates, comments};
      batches.push_back(std::move(batch));
    }
  }
};

const Lineitem& lineitem() {
  static const Lineitem* data = new Lineitem();
  return *data;
}

ExprPtr decimalLiteral(int64_t unscaled) { return Literal::make(Value::decimal(unscaled, 15, 2)); }

// l_extendedprice * (1 - l_discount) * (1 + l_tax), as the analyzer types it (decimal(18,6)).
ExprPtr charge(const Lineitem& l) {
  ExprPtr one_minus =
      std::make_shared<BinaryArithmetic>(ArithmeticOp::kSubtract, decimalLiteral(100), l.discount);
  ExprPtr one_plus =
      std::make_shared<BinaryArithmetic>(ArithmeticOp::kAdd, decimalLiteral(100), l.tax);
  ExprPtr price =
      std::make_shared<BinaryArithmetic>(ArithmeticOp::kMultiply, l.extendedprice, one_minus);
  return std::make_shared<BinaryArithmetic>(ArithmeticOp::kMultiply, price, one_plus);
}

void reportPerRow(benchmark::State& state) {
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * kRows));
  state.counters["ns_per_row"] =
      benchmark::Counter(static_cast<double>(kRows), benchmark::Counter::kIsIterationInvariantRate |
                                                         benchmark::Counter::kInvert);
}

void evaluateBench(benchmark::State& state, const ExprPtr& expr) {
  const Lineitem& l = lineitem();
  auto compiled = compileExpression(expr, l.columns());
  if (!compiled.ok()) {
    state.SkipWithError(std::string(compiled.status().message()).c_str());
    return;
  }
  for (auto _ : state) {
    for (const Batch& batch : l.batches) {
      auto result = (*compiled)->evaluate(batch);
      benchmark::DoNotOptimize(result);
    }
  }
  reportPerRow(state);
}

void selectBench(benchmark::State& state, const ExprPtr& expr) {
  const Lineitem& l = lineitem();
  auto compiled = compileExpression(expr, l.columns());
  if (!compiled.ok()) {
    state.SkipWithError(std::string(compiled.status().message()).c_str());
    return;
  }
  std::vector<uint32_t> selection(kBatchRows);
  size_t kept = 0;
  for (auto _ : state) {
    for (const Batch& batch : l.batches)
      kept += (*compiled)->select(batch, selection.data()).value();
  }
  benchmark::DoNotOptimize(kept);
  reportPerRow(state);
}

void BM_Q1Charge(benchmark::State& state) { evaluateBench(state, charge(lineitem())); }
BENCHMARK(BM_Q1Charge)->Unit(benchmark::kMillisecond);

void BM_Q1DiscountedPrice(benchmark::State& state) {
  const Lineitem& l = lineitem();
  ExprPtr one_minus =
      std::make_shared<BinaryArithmetic>(ArithmeticOp::kSubtract, decimalLiteral(100), l.discount);
  evaluateBench(state, std::make_shared<BinaryArithmetic>(ArithmeticOp::kMultiply, l.extendedprice,
                                                          one_minus));
}
BENCHMARK(BM_Q1DiscountedPrice)->Unit(benchmark::kMillisecond);

// l_shipdate <= DATE '1998-09-02' (Q1's filter after constant folding).
void BM_Q1ShipdateFilter(benchmark::State& state) {
  const Lineitem& l = lineitem();
  selectBench(state, std::make_shared<BinaryComparison>(ComparisonOp::kLessThanOrEqual, l.shipdate,
                                                        Literal::make(Value::date(10471))));
}
BENCHMARK(BM_Q1ShipdateFilter)->Unit(benchmark::kMillisecond);

// l_comment LIKE '%special%requests%' (Q13's pattern: two parts in order).
void BM_LikeFilter(benchmark::State& state) {
  const Lineitem& l = lineitem();
  selectBench(state, std::make_shared<Like>(l.comment,
                                            Literal::make(Value::varchar("%special%requests%"))));
}
BENCHMARK(BM_LikeFilter)->Unit(benchmark::kMillisecond);

// The three together as one filter with the charge projected (a Q1-like stage).
void BM_Q1FilterAndProject(benchmark::State& state) {
  const Lineitem& l = lineitem();
  ExprPtr date_ok = std::make_shared<BinaryComparison>(ComparisonOp::kLessThanOrEqual, l.shipdate,
                                                       Literal::make(Value::date(10471)));
  ExprPtr like = std::make_shared<Not>(
      std::make_shared<Like>(l.comment, Literal::make(Value::varchar("%special%requests%"))));
  auto filter = compileExpression(std::make_shared<And>(date_ok, like), l.columns()).value();
  auto project = compileExpression(charge(l), l.columns()).value();
  std::vector<uint32_t> selection(kBatchRows);
  for (auto _ : state) {
    for (const Batch& batch : l.batches) {
      size_t kept = filter->select(batch, selection.data()).value();
      Batch rows = gather(batch, selection.data(), kept);
      auto result = project->evaluate(rows);
      benchmark::DoNotOptimize(result);
    }
  }
  reportPerRow(state);
}
BENCHMARK(BM_Q1FilterAndProject)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace planck

BENCHMARK_MAIN();
