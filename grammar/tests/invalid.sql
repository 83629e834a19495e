-- Statements the grammar must reject; one per "-- @@" section (planck_syntax_check --split
-- --expect-errors fails if any of them parses).

-- @@ missing select list
SELECT FROM t
-- @@ trailing comma
SELECT a, FROM t
-- @@ reserved word as a column
SELECT select FROM t
-- @@ reserved word as a table alias
SELECT * FROM t join
-- @@ unbalanced parenthesis
SELECT (a + b FROM t
-- @@ two statements without a separator
SELECT 1 SELECT 2
-- @@ unknown character
SELECT a # b FROM t
-- @@ unterminated string
SELECT 'abc FROM t
-- @@ unterminated comment
SELECT 1 /* never closed
-- @@ hint without a name
SELECT /*+ */ a FROM t
-- @@ BETWEEN without AND
SELECT * FROM t WHERE a BETWEEN 1
-- @@ CASE without END
SELECT CASE WHEN a THEN b FROM t
-- @@ CAST without a type
SELECT CAST(a AS) FROM t
-- @@ ORDER BY before WHERE
SELECT a FROM t ORDER BY a WHERE a > 1
-- @@ JOIN without a right side
SELECT * FROM a JOIN ON a.x = 1
-- @@ CREATE TABLE without columns
CREATE TABLE t ()
-- @@ CREATE TABLE column without a type
CREATE TABLE t (a, b INT)
-- @@ INSERT without a source
INSERT INTO t
-- @@ empty VALUES row
INSERT INTO t VALUES ()
-- @@ DROP without an object kind
DROP t
-- @@ ANALYZE without COMPUTE STATISTICS
ANALYZE TABLE t
-- @@ EXPLAIN without a statement
EXPLAIN
-- @@ numeric parameter in a data type must be an integer
CREATE TABLE t (a DECIMAL(1.5))
-- @@ a window frame bound needs PRECEDING or FOLLOWING
SELECT sum(a) OVER (ROWS 1) FROM t
-- @@ set operation without a right side
SELECT 1 UNION
