// duckdb_tpch.mjs: the 22 TPC-H queries timed in DuckDB (@duckdb/node-api, an in-memory
// database) on the .tbl files bench/tpch/tpch_export wrote: DuckDB's side of bench/tpch/run.sh.
//
//   node bench/tpch/duckdb_tpch.mjs --data DIR [--queries DIR] [--threads 2] [--runs 5]
//        [--warmups 1] [--query 1,9] [--json FILE]
//
// The tables get planck's TPC-H schema (catalog/catalog.cc addTpchSchema: INTEGER keys,
// DECIMAL(15,2) money, DATE, VARCHAR text) and are loaded with
// COPY t FROM 'file' (DELIMITER '|', HEADER false). After SET threads = N each query runs
// `warmups` times untimed and `runs` times timed, end to end (connection.run: parse, plan,
// execute and materialize the result); the median wall time and the row count are reported.
// The shared query texts run unchanged (no DuckDB-specific tweaks are needed: they use no
// INTERVAL arithmetic); a tweak would be listed in the JSON's "tweaks".
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
// @duckdb/node-api is installed under bench/duckdb (package.json there).
const require = createRequire(join(here, '..', 'duckdb', 'package.json'));
const { DuckDBInstance } = require('@duckdb/node-api');

const options = {
  data: 'build/bench/tpch-sf1',
  queries: join(here, '..', '..', '..', 'shared', 'tpch', 'queries'),
  threads: 2,
  runs: 5,
  warmups: 1,
  only: [],
  json: '',
};
const args = process.argv.slice(2);
for (let i = 0; i < args.length; ++i) {
  const value = args[i + 1];
  switch (args[i]) {
    case '--data': options.data = value; ++i; break;
    case '--queries': options.queries = value; ++i; break;
    case '--threads': options.threads = Number(value); ++i; break;
    case '--runs': options.runs = Math.max(1, Number(value)); ++i; break;
    case '--warmups': options.warmups = Math.max(0, Number(value)); ++i; break;
    case '--query':
      options.only = value.split(',').filter((q) => q).map((q) => Number(q.replace(/^q/i, '')));
      ++i;
      break;
    case '--json': options.json = value; ++i; break;
    default:
      console.error('usage: duckdb_tpch.mjs [--data DIR] [--queries DIR] [--threads N] ' +
                    '[--runs N] [--warmups N] [--query 1,9] [--json FILE]');
      process.exit(2);
  }
}

const money = 'DECIMAL(15,2)';
const schema = {
  region: ['r_regionkey INTEGER NOT NULL', 'r_name VARCHAR NOT NULL', 'r_comment VARCHAR'],
  nation: ['n_nationkey INTEGER NOT NULL', 'n_name VARCHAR NOT NULL',
           'n_regionkey INTEGER NOT NULL', 'n_comment VARCHAR'],
  supplier: ['s_suppkey INTEGER NOT NULL', 's_name VARCHAR NOT NULL', 's_address VARCHAR NOT NULL',
             's_nationkey INTEGER NOT NULL', 's_phone VARCHAR NOT NULL',
             `s_acctbal ${money} NOT NULL`, 's_comment VARCHAR NOT NULL'],
  customer: ['c_custkey INTEGER NOT NULL', 'c_name VARCHAR NOT NULL', 'c_address VARCHAR NOT NULL',
             'c_nationkey INTEGER NOT NULL', 'c_phone VARCHAR NOT NULL',
             `c_acctbal ${money} NOT NULL`, 'c_mktsegment VARCHAR NOT NULL',
             'c_comment VARCHAR NOT NULL'],
  part: ['p_partkey INTEGER NOT NULL', 'p_name VARCHAR NOT NULL', 'p_mfgr VARCHAR NOT NULL',
         'p_brand VARCHAR NOT NULL', 'p_type VARCHAR NOT NULL', 'p_size INTEGER NOT NULL',
         'p_container VARCHAR NOT NULL', `p_retailprice ${money} NOT NULL`,
         'p_comment VARCHAR NOT NULL'],
  partsupp: ['ps_partkey INTEGER NOT NULL', 'ps_suppkey INTEGER NOT NULL',
             'ps_availqty INTEGER NOT NULL', `ps_supplycost ${money} NOT NULL`,
             'ps_comment VARCHAR NOT NULL'],
  orders: ['o_orderkey INTEGER NOT NULL', 'o_custkey INTEGER NOT NULL',
           'o_orderstatus VARCHAR NOT NULL', `o_totalprice ${money} NOT NULL`,
           'o_orderdate DATE NOT NULL', 'o_orderpriority VARCHAR NOT NULL',
           'o_clerk VARCHAR NOT NULL', 'o_shippriority INTEGER NOT NULL',
           'o_comment VARCHAR NOT NULL'],
  lineitem: ['l_orderkey INTEGER NOT NULL', 'l_partkey INTEGER NOT NULL',
             'l_suppkey INTEGER NOT NULL', 'l_linenumber INTEGER NOT NULL',
             `l_quantity ${money} NOT NULL`, `l_extendedprice ${money} NOT NULL`,
             `l_discount ${money} NOT NULL`, `l_tax ${money} NOT NULL`,
             'l_returnflag VARCHAR NOT NULL', 'l_linestatus VARCHAR NOT NULL',
             'l_shipdate DATE NOT NULL', 'l_commitdate DATE NOT NULL',
             'l_receiptdate DATE NOT NULL', 'l_shipinstruct VARCHAR NOT NULL',
             'l_shipmode VARCHAR NOT NULL', 'l_comment VARCHAR NOT NULL'],
};

// Textual changes a shared query needs to run in DuckDB: none today.
const tweaks = {};

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const now = () => Number(process.hrtime.bigint()) / 1e6;

const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
await connection.run(`SET threads = ${options.threads}`);

const loadStarted = now();
for (const [table, columns] of Object.entries(schema)) {
  const started = now();
  await connection.run(`CREATE TABLE ${table} (${columns.join(', ')})`);
  const file = join(options.data, `${table}.tbl`).replaceAll("'", "''");
  await connection.run(`COPY ${table} FROM '${file}' (DELIMITER '|', HEADER false)`);
  console.error(`loaded ${table.padEnd(9)} in ${(now() - started).toFixed(1).padStart(8)} ms`);
}
const loadMs = now() - loadStarted;

const numbers = options.only.length ? options.only : Array.from({ length: 22 }, (_, i) => i + 1);
const results = [];
console.log(`${'query'.padEnd(5)} ${'median ms'.padStart(10)} ${'rows'.padStart(9)}`);
for (const number of numbers) {
  const name = `q${String(number).padStart(2, '0')}`;
  let sql = readFileSync(join(options.queries, `${name}.sql`), 'utf8');
  for (const [from, to] of tweaks[name] ?? []) sql = sql.replace(from, to);
  const figures = { query: name, engine: 'duckdb', threads: options.threads, rows: 0, runs_ms: [],
                    tweaks: (tweaks[name] ?? []).map(([from, to]) => `${from} -> ${to}`),
                    error: null };
  try {
    for (let i = 0; i < options.warmups + options.runs; ++i) {
      const started = now();
      const result = await connection.run(sql);
      const elapsed = now() - started;
      figures.rows = result.rowCount;
      if (i >= options.warmups) figures.runs_ms.push(elapsed);
    }
  } catch (error) {
    figures.error = String(error.message ?? error);
  }
  figures.median_ms = figures.runs_ms.length ? median(figures.runs_ms) : 0;
  console.log(`${name.padEnd(5)} ${figures.median_ms.toFixed(1).padStart(10)} ` +
              `${String(figures.rows).padStart(9)}${figures.error ? '  error: ' + figures.error : ''}`);
  results.push(figures);
}
const maxRss = process.resourceUsage().maxRSS * 1024;
console.log(`load ${loadMs.toFixed(0)} ms; peak RSS ${(maxRss / 2 ** 20).toFixed(0)} MiB`);
if (options.json) {
  writeFileSync(options.json, JSON.stringify({ engine: 'duckdb', threads: options.threads,
                                               load_ms: loadMs, max_rss_bytes: maxRss,
                                               queries: results }, null, 1) + '\n');
}
process.exit(results.some((r) => r.error) ? 1 : 0);
