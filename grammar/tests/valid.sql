-- Statements the grammar must accept; one per "-- @@" section (planck_syntax_check --split).
-- Each section is parsed on its own as a script (multipleStatements).

-- @@ select: literals
SELECT 1, 1., .5, 1.5, 1e10, 1.5E-3, 'it''s', TRUE, false, NULL, X'303132'
-- @@ select: typed literals and intervals
SELECT DATE '1998-12-01', TIMESTAMP '2020-01-01 10:00:00', INTERVAL '3' DAY, INTERVAL 3 DAYS,
       INTERVAL '1' YEAR '2' MONTHS, INTERVAL '1-2' YEAR TO MONTH, INTERVAL -3 day, INTERVAL '3 days'
-- @@ select: date arithmetic
SELECT * FROM lineitem WHERE l_shipdate <= DATE '1998-12-01' - INTERVAL '90' DAY
-- @@ select: unary operators and precedence
SELECT - - 1, + col, ~ 5, -a * b + c / d % e DIV f, a || b || 'x', 1 << 2 >> 1, a & b | c ^ d
-- @@ select: comparison operators
SELECT a = b, a == b, a <> b, a != b, a < b, a <= b, a > b, a >= b, a <=> b FROM t
-- @@ select: predicates
SELECT * FROM t
WHERE a BETWEEN 1 AND 2 AND b NOT BETWEEN c AND d
  AND e IN (1, 2, 3) AND f NOT IN (SELECT x FROM u) AND g IN ()
  AND h LIKE 'a%' AND i NOT LIKE 'a!%' ESCAPE '!' AND j ILIKE 'A%' AND k NOT ILIKE 'b'
  AND l IS NULL AND m IS NOT NULL AND n NOT NULL
  AND o IS TRUE AND p IS NOT FALSE AND q IS UNKNOWN
  AND r IS DISTINCT FROM s AND u IS NOT DISTINCT FROM v
  AND x IN t2
-- @@ select: boolean precedence
SELECT * FROM t WHERE NOT a > 5 OR b AND NOT c = 1 AND (d OR e)
-- @@ select: case, cast, coalesce
SELECT CASE WHEN a < b THEN 1 WHEN a = b THEN 2 ELSE 3 END,
       CASE a + 1 WHEN b THEN 'x' WHEN c THEN 'y' END,
       CAST(NULL AS INTEGER), CAST(x AS DECIMAL(15, 2)), CAST(y AS VARCHAR(10)),
       CAST(z AS DOUBLE), CAST(z AS BIGINT), CAST(z AS date), coalesce(a, b, c), abs(x)
-- @@ select: special function syntax
SELECT extract(year FROM o_orderdate), EXTRACT(MONTH FROM d),
       substring(c_phone FROM 1 FOR 2), SUBSTRING(s FROM 3), substring(s, 1, 2), substr(s, 1),
       POSITION('a' IN s), TRIM(s), TRIM(BOTH FROM s), TRIM(LEADING 'x' FROM s),
       TRIM(TRAILING FROM s), TRIM('x' FROM s), left(s, 2), right(s, 2),
       current_date, CURRENT_TIMESTAMP, current_date()
-- @@ select: aggregates
SELECT count(*), count(DISTINCT a), sum(ALL b), avg(c) FILTER (WHERE c > 0),
       count(DISTINCT a, b), min(x), max(y)
FROM t
-- @@ select: window functions
SELECT rank() OVER (PARTITION BY a ORDER BY b DESC NULLS LAST),
       sum(x) OVER (ORDER BY y ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW),
       sum(x) OVER (ORDER BY y RANGE BETWEEN 1 PRECEDING AND 2 FOLLOWING),
       sum(x) OVER (ROWS UNBOUNDED PRECEDING),
       sum(x) OVER (ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING),
       avg(x) OVER w, avg(x) OVER (w), count(*) OVER ()
FROM t
WINDOW w AS (PARTITION BY a), w2 AS (ORDER BY b)
-- @@ select: star, qualified star, dereference
SELECT *, t.*, s.t.*, t.a, s.t.a, t.a.b FROM s.t
-- @@ select: aliases
SELECT a AS x, b y, c AS `weird name`, d AS "quoted", e AS 'string alias', f date, g value
FROM t
-- @@ select: keywords as identifiers
SELECT date, year, value, first, last, key, format, current, filter, range, rows, index, to,
       query, set, show, tables, view, temp, desc, asc, columns, statistics, cost
FROM t AS key
-- @@ select: row constructor and parenthesised expressions
SELECT (1), ((a + b)) * c, (a, b) IN (SELECT x, y FROM u), (a, b) = (1, 2)
-- @@ select: subqueries
SELECT (SELECT max(x) FROM u), ((SELECT 1)), ((SELECT 1) + 2)
FROM t
WHERE EXISTS (SELECT 1 FROM u WHERE u.a = t.a) AND NOT EXISTS (SELECT * FROM v)
  AND a > (SELECT avg(a) FROM t) AND b IN ((SELECT 1))
-- @@ select: set quantifiers
SELECT DISTINCT a FROM t
-- @@ select: select all
SELECT ALL + 94 AS col0 FROM tab0 AS cor0 CROSS JOIN tab1
-- @@ select: hints
SELECT /*+ BROADCAST(t), MERGE(a, b) */ * FROM t JOIN a ON t.x = a.x JOIN b ON a.y = b.y
-- @@ select: all hint names, optional commas, several hint comments
SELECT /*+ BROADCASTJOIN(t) MAPJOIN(u) SHUFFLE_MERGE(v) MERGEJOIN(w) */
       /*+ SHUFFLE_HASH(x), SHUFFLE_REPLICATE_NL(y), REPARTITION(10) */ DISTINCT a
FROM t
-- @@ select: comments are not hints
SELECT /* comment */ a, /**/ b, /***/ c -- trailing comment
FROM t /* multi
line */
-- @@ from: joins
SELECT * FROM a
  JOIN b ON a.x = b.x
  INNER JOIN c USING (x, y)
  CROSS JOIN d
  LEFT JOIN e ON TRUE
  LEFT OUTER JOIN f ON a.x = f.x
  RIGHT JOIN g ON a.x = g.x
  RIGHT OUTER JOIN h ON a.x = h.x
  FULL JOIN i ON a.x = i.x
  FULL OUTER JOIN j ON a.x = j.x
  SEMI JOIN k ON a.x = k.x
  LEFT SEMI JOIN l ON a.x = l.x
  ANTI JOIN m ON a.x = m.x
  LEFT ANTI JOIN n ON a.x = n.x
  NATURAL JOIN o
  NATURAL LEFT OUTER JOIN p
-- @@ from: aliases and derived tables
SELECT * FROM t1 x, t2 AS y, t3 AS z(a, b), (SELECT 1 AS a) s, (SELECT 2) AS s2(b),
              (a JOIN b ON a.x = b.x), (a JOIN b ON a.x = b.x) AS ab, db.t4
-- @@ from: VALUES as a relation
SELECT * FROM VALUES (1, 'a'), (2, 'b') AS v(id, name), (VALUES (3), (4)) w(x)
-- @@ from: table-valued function and SQLite index hints
SELECT * FROM range(10) r, t1 NOT INDEXED, t2 AS x INDEXED BY i2
-- @@ query: VALUES as a query
VALUES (1, 2), (3, 4)
-- @@ query: group by forms
SELECT a, b, count(*) FROM t GROUP BY a, b HAVING count(*) > 1
-- @@ query: rollup cube grouping sets
SELECT a, b, sum(c) FROM t GROUP BY ROLLUP(a, b);
SELECT a, b, sum(c) FROM t GROUP BY CUBE(a, (a, b));
SELECT a, b, sum(c) FROM t GROUP BY GROUPING SETS ((a, b), (a), ());
SELECT a, b, sum(c) FROM t GROUP BY a, ROLLUP(b), GROUPING SETS (ROLLUP(a), (b));
SELECT a, b, sum(c), grouping(a) FROM t GROUP BY a, b WITH ROLLUP;
SELECT a, b, sum(c) FROM t GROUP BY a, b WITH CUBE
-- @@ query: order by, limit, offset
SELECT a FROM t ORDER BY a ASC NULLS FIRST, b DESC, c LIMIT 10 OFFSET 5;
SELECT a FROM t LIMIT ALL;
SELECT a FROM t OFFSET 3;
SELECT a FROM t ORDER BY 1 LIMIT 2 + 3
-- @@ query: set operations
SELECT a FROM t UNION SELECT b FROM u;
SELECT a FROM t UNION ALL SELECT b FROM u UNION DISTINCT SELECT c FROM v;
SELECT a FROM t INTERSECT SELECT b FROM u EXCEPT SELECT c FROM v;
SELECT a FROM t EXCEPT ALL SELECT b FROM u MINUS SELECT c FROM v INTERSECT ALL SELECT d FROM w;
(SELECT a FROM t ORDER BY a LIMIT 1) UNION (SELECT b FROM u) ORDER BY 1 LIMIT 5;
SELECT a FROM t UNION (SELECT b FROM u INTERSECT SELECT c FROM v)
-- @@ query: CTEs
WITH a AS (SELECT 1 AS x), b (y) AS (SELECT 2), c AS (SELECT * FROM a JOIN b ON x = y)
SELECT * FROM c;
WITH r AS (SELECT 1) SELECT * FROM r UNION ALL SELECT * FROM r ORDER BY 1
-- @@ query: nested WITH inside a subquery
SELECT * FROM (WITH q AS (SELECT 1 AS a) SELECT a FROM q) AS s
-- @@ explain
EXPLAIN SELECT 1;
EXPLAIN EXTENDED SELECT 1;
EXPLAIN CODEGEN SELECT 1;
EXPLAIN COST SELECT 1;
EXPLAIN FORMATTED SELECT 1;
EXPLAIN ANALYZE SELECT 1;
EXPLAIN VERBOSE SELECT 1;
EXPLAIN ANALYZE VERBOSE SELECT 1;
EXPLAIN (FORMAT json) SELECT 1;
EXPLAIN (FORMAT dot, ANALYZE) SELECT 1;
EXPLAIN (FORMAT text, ANALYZE true, VERBOSE false, COSTS off) SELECT 1;
EXPLAIN (SELECT 1);
EXPLAIN ANALYZE TABLE t COMPUTE STATISTICS;
EXPLAIN INSERT INTO t VALUES (1)
-- @@ set and reset
SET;
SET spark.sql.shuffle.partitions;
SET spark.sql.shuffle.partitions = 10;
SET spark.sql.autoBroadcastJoinThreshold=10MB;
SET spark.sql.autoBroadcastJoinThreshold = -1;
SET spark.sql.adaptive.enabled = true;
SET spark.sql.optimizer.excludedRules = org.x.PushDownPredicates,CombineFilters;
SET planck.explain.format = 'json';
SET spark.sql.join.preferSortMergeJoin = false;
SET spark.sql.limit.scaleUpFactor = 4;
SET planck.weird = a$b @c;
RESET;
RESET spark.sql.shuffle.partitions
-- @@ create table
CREATE TABLE t1(a INTEGER, b INTEGER);
CREATE TABLE IF NOT EXISTS s.t2 (
  id BIGINT NOT NULL PRIMARY KEY,
  name VARCHAR(25) NULL,
  price DECIMAL(15, 2) NOT NULL,
  d DATE,
  flag BOOLEAN,
  x INT UNIQUE,
  y TEXT CHECK (y <> ''),
  z SMALLINT REFERENCES other(id),
  u TINYINT CONSTRAINT nn NOT NULL,
  v REAL, w FLOAT, c CHAR(1), s STRING, n NUMERIC, ts TIMESTAMP,
  PRIMARY KEY (id, name),
  UNIQUE (x),
  CONSTRAINT fk FOREIGN KEY (z) REFERENCES other (id),
  CHECK (price > 0)
);
CREATE TABLE t3 AS SELECT * FROM t1;
CREATE TABLE t4 (a, b) AS (SELECT 1, 2)
-- @@ create view, index; drop
CREATE VIEW v AS SELECT 1;
CREATE OR REPLACE TEMPORARY VIEW v (a, b) AS SELECT 1, 2;
CREATE TEMP VIEW IF NOT EXISTS v AS WITH q AS (SELECT 1) SELECT * FROM q;
CREATE INDEX t1i1 ON t1(x);
CREATE UNIQUE INDEX IF NOT EXISTS i2 ON t1 (x DESC, y ASC);
DROP TABLE t1;
DROP TABLE IF EXISTS s.t1;
DROP VIEW v;
DROP VIEW IF EXISTS v;
DROP INDEX t1i1;
DROP INDEX IF EXISTS t1i1
-- @@ insert
INSERT INTO t1 VALUES (1, 2), (3, 4);
INSERT INTO t1(e,c,b,d,a) VALUES(103,102,100,101,104);
INSERT INTO t1 (a, b) SELECT x, y FROM u;
INSERT INTO TABLE t1 SELECT * FROM u;
INSERT INTO t1 (SELECT * FROM u);
INSERT INTO t1 WITH q AS (SELECT 1, 2) SELECT * FROM q
-- @@ analyze, show, describe
ANALYZE TABLE t COMPUTE STATISTICS;
ANALYZE TABLE t COMPUTE STATISTICS NOSCAN;
ANALYZE TABLE t COMPUTE STATISTICS FOR COLUMNS a, b;
ANALYZE TABLE t COMPUTE STATISTICS FOR ALL COLUMNS;
SHOW TABLES;
SHOW TABLES LIKE 'line*';
DESCRIBE t;
DESC t;
DESCRIBE TABLE t;
DESCRIBE EXTENDED t;
DESC FORMATTED s.t;
DESCRIBE t a;
DESCRIBE TABLE EXTENDED t a;
DESCRIBE SELECT 1;
DESC QUERY SELECT * FROM t
-- @@ copy and call
COPY lineitem FROM '/data/lineitem.tbl';
COPY lineitem FROM 'lineitem.tbl' (DELIMITER '|', HEADER false, FORMAT csv);
COPY t (a, b) FROM 'x.csv' WITH (HEADER, NULL 'NA', QUOTE = '"', SKIP 1);
COPY t TO 'out.csv';
CALL planck.load_tpch(scale => 0.01, path = '/data');
CALL refresh();
CALL p(1, 'x', name => -1)
-- @@ scripts: empty statements and trailing semicolons
;; SELECT 1;; SELECT 2; ;
-- @@ case-insensitive keywords
select Distinct A from T where b iS nOt NuLl Order By a DeSc
-- @@ tpch-like
SELECT l_returnflag, l_linestatus, sum(l_quantity) AS sum_qty,
       sum(l_extendedprice * (1 - l_discount) * (1 + l_tax)) AS sum_charge, count(*) AS count_order
FROM lineitem
WHERE l_shipdate <= CAST('1998-09-02' AS date)
GROUP BY l_returnflag, l_linestatus
ORDER BY l_returnflag, l_linestatus
-- @@ sqlite-like
SELECT DISTINCT + + 79 - COUNT ( * ) * - 11 FROM tab0 AS cor0 CROSS JOIN tab0 AS cor1
WHERE NOT ( NULL ) NOT BETWEEN NULL AND - col0 OR NOT CAST ( NULL AS INTEGER ) IS NOT NULL;
INSERT INTO t1 VALUES(1<<63,'true'); DROP INDEX t1i1;
SELECT x'303132' IN (), 1 NOT IN t1, group_concat(x,':') FROM t1 NOT INDEXED
-- @@ unicode identifiers and strings
SELECT 'größe', größe, "名前" FROM tëst
