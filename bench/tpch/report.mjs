// report.mjs: bench/tpch/run.sh's Markdown report from the JSON files that tpch_bench
// (planck), duckdb_tpch.mjs (DuckDB) and, optionally, handwritten_bench (Q1 and Q6 as
// hand-written loops) wrote: per query the medians, the ratio planck/DuckDB and the row counts
// (which must agree), the geometric mean of the ratios, the sums, and planck's peak resident
// memory against the raw data size (the .tbl files' bytes). When tpch_bench also timed each
// query interpreted (--interpreted) and compiled its stages, the report has planck compiled and
// interpreted side by side, the compiled/interpreted geomean, and the compile times cold and
// cached (p50, p95, max). When it also timed each query with adaptive execution off (--aqe-off),
// the report has AQE on against off per query and their geomean.
//
//   node bench/tpch/report.mjs planck.json duckdb.json DATA_DIR [handwritten.json]
//
// Exits 1 when a query failed on either side or the row counts differ.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const [planckFile, duckdbFile, dataDir, handwrittenFile] = process.argv.slice(2);
const planck = JSON.parse(readFileSync(planckFile, 'utf8'));
const duckdb = JSON.parse(readFileSync(duckdbFile, 'utf8'));
const handwritten = handwrittenFile ? JSON.parse(readFileSync(handwrittenFile, 'utf8')) : null;
const handwrittenByQuery = new Map((handwritten ? handwritten.queries : []).map((q) => [q.query, q]));
const withInterpreted = planck.queries.some((q) => q.interpreted_median_ms !== undefined);
const withAqeOff = planck.queries.some((q) => q.aqe_off_median_ms !== undefined);
const duckdbByQuery = new Map(duckdb.queries.map((q) => [q.query, q]));

const rawBytes = readdirSync(dataDir)
  .filter((name) => name.endsWith('.tbl'))
  .reduce((sum, name) => sum + statSync(join(dataDir, name)).size, 0);
const mib = (bytes) => (bytes / 2 ** 20).toFixed(0);
const ms = (value) => value.toFixed(1);

const lines = [];
lines.push('| query | planck ms | planck exec ms | DuckDB ms | ratio | rows | planck exec peak MiB | planck HWM MiB |' +
           (withInterpreted ? ' interpreted ms | compiled / interpreted | stages | compile cold ms | cached ms | hand-written ms |' : '') +
           (withAqeOff ? ' AQE off ms | AQE on / off |' : ''));
lines.push('|---|---:|---:|---:|---:|---:|---:|---:|' + (withInterpreted ? '---:|---:|---:|---:|---:|---:|' : '') +
           (withAqeOff ? '---:|---:|' : ''));
let logSum = 0, ratios = 0, planckSum = 0, duckdbSum = 0, failed = false;
let speedupLogSum = 0, speedups = 0, interpretedSum = 0, worst = 0;
let aqeLogSum = 0, aqeRatios = 0, aqeOffSum = 0;
const colds = [], cacheds = [];
for (const p of planck.queries) {
  const d = duckdbByQuery.get(p.query);
  const notes = [];
  if (p.error) notes.push(`planck error: ${p.error}`);
  if (!d) notes.push('no DuckDB figure');
  else if (d.error) notes.push(`DuckDB error: ${d.error}`);
  if (p.slow) notes.push('planck slow: timed once');
  let ratio = '';
  let rows = String(p.rows);
  if (d && !p.error && !d.error) {
    const r = p.median_ms / d.median_ms;
    ratio = r.toFixed(2);
    logSum += Math.log(r);
    ++ratios;
    planckSum += p.median_ms;
    duckdbSum += d.median_ms;
    if (p.rows !== d.rows) {
      rows = `${p.rows} ≠ ${d.rows}`;
      notes.push('row counts differ');
    }
  }
  if (notes.length) failed = true;
  let codegen = '';
  if (withInterpreted) {
    const speedup = p.interpreted_median_ms / p.median_ms;
    if (!p.error) {
      speedupLogSum += Math.log(speedup);
      ++speedups;
      interpretedSum += p.interpreted_median_ms;
      if (d && !d.error) worst = Math.max(worst, p.median_ms / d.median_ms);
    }
    if (p.stages) {
      colds.push(p.compile_cold_ms);
      cacheds.push(p.compile_cached_ms);
    }
    const h = handwrittenByQuery.get(p.query);
    codegen = ` ${ms(p.interpreted_median_ms)} | ${(1 / speedup).toFixed(2)} | ` +
              `${p.stages_compiled}/${p.stages} | ${ms(p.compile_cold_ms)} | ` +
              `${p.compile_cached_ms.toFixed(2)} | ` +
              `${h ? `${ms(h.median_ms)} (${(p.median_ms / h.median_ms).toFixed(2)}×)` : ''} |`;
  }
  let aqe = '';
  if (withAqeOff && p.aqe_off_median_ms !== undefined) {
    const r = p.median_ms / p.aqe_off_median_ms;
    if (!p.error) {
      aqeLogSum += Math.log(r);
      ++aqeRatios;
      aqeOffSum += p.aqe_off_median_ms;
    }
    aqe = ` ${ms(p.aqe_off_median_ms)} | ${r.toFixed(2)} |`;
  }
  lines.push(`| ${p.query} | ${ms(p.median_ms)} | ${ms(p.execute_median_ms)} | ` +
             `${d ? ms(d.median_ms) : ''} | ${ratio} | ${rows} | ${mib(p.peak_memory_bytes)} | ` +
             `${mib(p.peak_rss_bytes)} |${codegen}${aqe}${notes.length ? ' ' + notes.join('; ') : ''}`);
}
const percentile = (values, p) => {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];
};
const geomean = ratios ? Math.exp(logSum / ratios) : NaN;
lines.push(`| **sum** | ${ms(planckSum)} | | ${ms(duckdbSum)} | ${(planckSum / duckdbSum).toFixed(2)} | | | |`);
lines.push('');
lines.push(`Geometric mean of the ratios (planck / DuckDB, ${ratios} queries): **${geomean.toFixed(2)}×**; ` +
           `sum ${(planckSum / duckdbSum).toFixed(2)}× DuckDB's.`);
if (withInterpreted) {
  lines.push(`Compiled against interpreted: geometric mean of the speedups **${Math.exp(speedupLogSum / speedups).toFixed(2)}×** ` +
             `(target ≥ 2×); sums ${ms(planckSum)} ms compiled, ${ms(interpretedSum)} ms interpreted; ` +
             `slowest query against DuckDB ${worst.toFixed(2)}× (target ≤ 1.2×), sum ${(planckSum / duckdbSum).toFixed(2)}× (target ≤ 0.7×).`);
  lines.push(`Compile time per query (all its stages, in parallel): cold p50 ${ms(percentile(colds, 0.5))} ms, ` +
             `p95 ${ms(percentile(colds, 0.95))} ms, max ${ms(Math.max(...colds))} ms (targets ≤ 120 and ≤ 300 ms); ` +
             `cached p50 ${percentile(cacheds, 0.5).toFixed(2)} ms, max ${Math.max(...cacheds).toFixed(2)} ms (target ≤ 1 ms).`);
}
if (withAqeOff && aqeRatios) {
  lines.push(`Adaptive execution on against off: geometric mean of the ratios (on / off) ` +
             `**${Math.exp(aqeLogSum / aqeRatios).toFixed(2)}×**; sums ${ms(planckSum)} ms on, ` +
             `${ms(aqeOffSum)} ms off.`);
}
if (handwritten) {
  for (const h of handwritten.queries) {
    const p = planck.queries.find((q) => q.query === h.query);
    lines.push(`Hand-written ${h.query}: ${ms(h.median_ms)} ms${h.same_rows ? '' : ' (ROWS DIFFER)'}; ` +
               `planck compiled ${p ? (p.median_ms / h.median_ms).toFixed(2) : '?'}× it (target ≤ 1.5×).`);
    if (!h.same_rows) failed = true;
  }
}
const maxRss = planck.max_rss_bytes;
lines.push(`Memory: raw data ${mib(rawBytes)} MiB (.tbl files); planck peak RSS ${mib(maxRss)} MiB ` +
           `(${(maxRss / rawBytes).toFixed(2)}× raw, target ≤ 2×), resident after load ` +
           `${mib(planck.resident_after_load_bytes)} MiB ` +
           `(${(planck.resident_after_load_bytes / rawBytes).toFixed(2)}× raw); DuckDB process ` +
           `peak RSS ${mib(duckdb.max_rss_bytes)} MiB.`);
lines.push(`Load (COPY of the 8 files): planck ${(planck.load_ms / 1000).toFixed(1)} s, DuckDB ` +
           `${(duckdb.load_ms / 1000).toFixed(1)} s.`);
const tweaked = duckdb.queries.filter((q) => q.tweaks && q.tweaks.length);
lines.push(tweaked.length
  ? `DuckDB query tweaks: ${tweaked.map((q) => `${q.query}: ${q.tweaks.join(', ')}`).join('; ')}.`
  : 'DuckDB ran the shared query texts unchanged.');
console.log(lines.join('\n'));
process.exit(failed ? 1 : 0);
