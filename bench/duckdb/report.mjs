// Merges the Google Benchmark JSON files (aggregates) of planning_bench and
// duckdb_planning_bench into the Markdown tables of bench/RESULTS.md: parse + analyze, then
// optimization.
//
//   node report.mjs FILE.json...
//
// Every figure is the median over the repetitions, in microseconds: "real (cpu)". The DuckDB
// phase columns are DuckDB's own profiler timers (wall), averaged per repetition. "load" is the
// 1-minute load average when planck's benchmarks of that query started.
import fs from 'node:fs';

const TARGET_US = 150;
const OPTIMIZE_TARGET_US = 500;
const SCALE = { ns: 1e-3, us: 1, ms: 1e3, s: 1 };

// Medians by benchmark name; `load` by query, from the context of planck's files.
function readAll(files) {
  const medians = {};
  const load = {};
  const context = {};
  for (const file of files) {
    const json = JSON.parse(fs.readFileSync(file, 'utf8'));
    Object.assign(context, json.context);
    for (const b of json.benchmarks) {
      if (b.run_type !== 'aggregate' || b.aggregate_name !== 'median') continue;
      const name = b.run_name.replace(/\/iterations:\d+$/, '');
      const query = name.split('/')[1];
      if (!name.startsWith('BM_Duckdb') && json.context.load_avg) load[query] = json.context.load_avg[0];
      if (b.error_occurred) {
        medians[name] = { error: b.error_message };
        continue;
      }
      const k = SCALE[b.time_unit] ?? 1;
      medians[name] = { real: b.real_time * k, cpu: b.cpu_time * k, counters: b };
    }
  }
  return { medians, load, context };
}

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: node report.mjs FILE.json...');
  process.exit(2);
}
const { medians: all, load, context } = readAll(files);

const num = (x) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
const cell = (m) => (!m ? 'n/a' : m.error ? 'error' : `${num(m.real)} (${num(m.cpu)})`);
const counter = (m, key) => (!m || m.error || m.counters[key] === undefined ? 'n/a' : num(m.counters[key]));

const lines = [];
lines.push(
  '| query | planck parse | planck analyze | planck parse+analyze | ≤ 150 µs? | DuckDB parse | ' +
    'DuckDB prepare | DuckDB bind | DuckDB optimize | DuckDB physical plan | load |',
);
lines.push('|---|--:|--:|--:|:-:|--:|--:|--:|--:|--:|--:|');
const totals = { parse: 0, analyze: 0, both: 0, dparse: 0, dprepare: 0 };
let met = 0;
let counted = 0;
for (let n = 1; n <= 22; n++) {
  const q = `q${String(n).padStart(2, '0')}`;
  const parse = all[`BM_Parse/${q}`];
  const analyze = all[`BM_Analyze/${q}`];
  const both = all[`BM_ParseAnalyze/${q}`];
  const dparse = all[`BM_DuckdbParse/${q}`];
  const dprepare = all[`BM_DuckdbPrepare/${q}`];
  const phases = all[`BM_DuckdbPhases/${q}`];
  let verdict = 'n/a';
  if (both && !both.error) {
    counted++;
    if (both.real <= TARGET_US) met++;
    verdict = both.real <= TARGET_US ? 'met' : `missed (${(both.real / TARGET_US).toFixed(1)}×)`;
  }
  for (const [key, m] of Object.entries({ parse, analyze, both, dparse, dprepare })) {
    if (m && !m.error) totals[key] += m.real;
  }
  lines.push(
    `| ${q} | ${cell(parse)} | ${cell(analyze)} | ${cell(both)} | ${verdict} | ${cell(dparse)} | ` +
      `${cell(dprepare)} | ${counter(phases, 'bind_us')} | ${counter(phases, 'optimize_us')} | ` +
      `${counter(phases, 'physical_us')} | ${load[q]?.toFixed(1) ?? 'n/a'} |`,
  );
}
lines.push(
  `| **sum (real)** | ${num(totals.parse)} | ${num(totals.analyze)} | ${num(totals.both)} | | ` +
    `${num(totals.dparse)} | ${num(totals.dprepare)} | | | | |`,
);
lines.push('');
lines.push(
  `Target: median parse + analyze ≤ ${TARGET_US} µs per query, warm (real time). ` +
    `Met on ${met} of ${counted} queries.`,
);

// Optimization: planck's optimizer alone (a reused Optimizer, and a new one per run) against
// DuckDB's all_optimizers timer; then planck's whole planning so far against DuckDB's prepare.
lines.push('');
lines.push(
  '| query | planck optimize | planck optimize, new Optimizer | ≤ 500 µs? | DuckDB optimize | ' +
    'planck parse+analyze+optimize | DuckDB prepare | load |',
);
lines.push('|---|--:|--:|:-:|--:|--:|--:|--:|');
const optTotals = { optimize: 0, fresh: 0, planning: 0, dprepare: 0, doptimize: 0 };
let optMet = 0;
let optCounted = 0;
for (let n = 1; n <= 22; n++) {
  const q = `q${String(n).padStart(2, '0')}`;
  const optimize = all[`BM_Optimize/${q}`];
  const fresh = all[`BM_OptimizeFresh/${q}`];
  const both = all[`BM_ParseAnalyze/${q}`];
  const dprepare = all[`BM_DuckdbPrepare/${q}`];
  const phases = all[`BM_DuckdbPhases/${q}`];
  let verdict = 'n/a';
  let planning = 'n/a';
  if (optimize && !optimize.error) {
    optCounted++;
    if (optimize.real <= OPTIMIZE_TARGET_US) optMet++;
    verdict =
      optimize.real <= OPTIMIZE_TARGET_US
        ? 'met'
        : `missed (${(optimize.real / OPTIMIZE_TARGET_US).toFixed(1)}×)`;
    optTotals.optimize += optimize.real;
    if (both && !both.error) {
      planning = num(both.real + optimize.real);
      optTotals.planning += both.real + optimize.real;
    }
  }
  if (fresh && !fresh.error) optTotals.fresh += fresh.real;
  if (dprepare && !dprepare.error) optTotals.dprepare += dprepare.real;
  if (phases && !phases.error && phases.counters.optimize_us !== undefined) {
    optTotals.doptimize += phases.counters.optimize_us;
  }
  lines.push(
    `| ${q} | ${cell(optimize)} | ${cell(fresh)} | ${verdict} | ${counter(phases, 'optimize_us')} | ` +
      `${planning} | ${cell(dprepare)} | ${load[q]?.toFixed(1) ?? 'n/a'} |`,
  );
}
lines.push(
  `| **sum (real)** | ${num(optTotals.optimize)} | ${num(optTotals.fresh)} | | ` +
    `${num(optTotals.doptimize)} | ${num(optTotals.planning)} | ${num(optTotals.dprepare)} | |`,
);
lines.push('');
lines.push(
  `Target: median optimization ≤ ${OPTIMIZE_TARGET_US} µs per query, warm (real time, reused ` +
    `Optimizer). Met on ${optMet} of ${optCounted} queries.`,
);
if (context.duckdb_version) lines.push(`DuckDB ${context.duckdb_version}.`);
console.log(lines.join('\n'));
