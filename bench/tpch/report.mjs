// report.mjs: bench/tpch/run.sh's Markdown report from the two JSON files that tpch_bench
// (planck) and duckdb_tpch.mjs (DuckDB) wrote: per query the medians, the ratio planck/DuckDB
// and the row counts (which must agree), the geometric mean of the ratios, the sums, and
// planck's peak resident memory against the raw data size (the .tbl files' bytes).
//
//   node bench/tpch/report.mjs planck.json duckdb.json DATA_DIR
//
// Exits 1 when a query failed on either side or the row counts differ.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const [planckFile, duckdbFile, dataDir] = process.argv.slice(2);
const planck = JSON.parse(readFileSync(planckFile, 'utf8'));
const duckdb = JSON.parse(readFileSync(duckdbFile, 'utf8'));
const duckdbByQuery = new Map(duckdb.queries.map((q) => [q.query, q]));

const rawBytes = readdirSync(dataDir)
  .filter((name) => name.endsWith('.tbl'))
  .reduce((sum, name) => sum + statSync(join(dataDir, name)).size, 0);
const mib = (bytes) => (bytes / 2 ** 20).toFixed(0);
const ms = (value) => value.toFixed(1);

const lines = [];
lines.push('| query | planck ms | planck exec ms | DuckDB ms | ratio | rows | planck exec peak MiB | planck HWM MiB |');
lines.push('|---|---:|---:|---:|---:|---:|---:|---:|');
let logSum = 0, ratios = 0, planckSum = 0, duckdbSum = 0, failed = false;
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
  lines.push(`| ${p.query} | ${ms(p.median_ms)} | ${ms(p.execute_median_ms)} | ` +
             `${d ? ms(d.median_ms) : ''} | ${ratio} | ${rows} | ${mib(p.peak_memory_bytes)} | ` +
             `${mib(p.peak_rss_bytes)} |${notes.length ? ' ' + notes.join('; ') : ''}`);
}
const geomean = ratios ? Math.exp(logSum / ratios) : NaN;
lines.push(`| **sum** | ${ms(planckSum)} | | ${ms(duckdbSum)} | ${(planckSum / duckdbSum).toFixed(2)} | | | |`);
lines.push('');
lines.push(`Geometric mean of the ratios (planck / DuckDB, ${ratios} queries): **${geomean.toFixed(2)}×** ` +
           '(target ≤ 3×).');
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
