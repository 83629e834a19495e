#!/usr/bin/env bash
# Runs SQL corpora through planck_syntax_check and counts what fails to parse.
#
#   grammar/tools/check_corpus.sh [--bin PATH] [--diagnostics] PATH...
#
# PATH may be a directory (searched for *.test, *.sql and *.ddl files) or a file:
#   *.test        sqllogictest scripts: every statement/query record is extracted and parsed on
#                 its own. Records for other engines (`onlyif X`, X != sqlite) are skipped;
#                 `skipif sqlite` and `onlyif sqlite` records are parsed. An unconditional
#                 `halt` ends the file, as it does for sqllogictest. `statement error` records
#                 are counted separately: they may fail for non-syntax reasons, and a syntax
#                 error there is not a grammar bug.
#   anything else a SQL script, parsed as a whole (multipleStatements).
#
# --bin defaults to build/grammar/planck_syntax_check (then /tmp/bt/grammar/...).
# --diagnostics also reports ANTLR ambiguities (slow: full LL on every input).
# Exit status: 0 when every statement that must parse does.

set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
bin=""
diagnostics=()
paths=()
while (($#)); do
  case "$1" in
    --bin) bin=$2; shift 2 ;;
    --diagnostics) diagnostics=(--diagnostics); shift ;;
    -h|--help) sed -n '2,18p' "${BASH_SOURCE[0]}"; exit 0 ;;
    *) paths+=("$1"); shift ;;
  esac
done
if ((${#paths[@]} == 0)); then
  echo "usage: $0 [--bin PATH] [--diagnostics] PATH..." >&2
  exit 2
fi
if [[ -z $bin ]]; then
  for candidate in "$repo_root/build/grammar/planck_syntax_check" \
                   "/tmp/bt/grammar/planck_syntax_check"; do
    if [[ -x $candidate ]]; then bin=$candidate; break; fi
  done
fi
if [[ -z $bin || ! -x $bin ]]; then
  echo "planck_syntax_check not found; build it (make build) or pass --bin" >&2
  exit 2
fi

test_files=()
sql_files=()
for path in "${paths[@]}"; do
  if [[ -d $path ]]; then
    while IFS= read -r -d '' f; do
      case "$f" in *.test) test_files+=("$f") ;; *) sql_files+=("$f") ;; esac
    done < <(find "$path" -type f \( -name '*.test' -o -name '*.sql' -o -name '*.ddl' \) \
               -print0 | sort -z)
  else
    case "$path" in *.test) test_files+=("$path") ;; *) sql_files+=("$path") ;; esac
  fi
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Extracts the records of sqllogictest files into two split files ("-- @@ file:line kind"
# markers): must_parse.sql (statement ok, query) and statement_error.sql. Prints the number
# of records skipped because they are for other engines.
extract() {
  awk -v must="$work/must_parse.sql" -v err="$work/statement_error.sql" '
    function reset() { n = 0; nconds = 0; head = ""; in_sql = 0 }
    function flush(   i, skip, target) {
      skip = 0
      for (i = 1; i <= nconds; i++) {
        if (cond_kind[i] == "onlyif" && cond_db[i] != "sqlite") skip = 1
        if (head == "halt" && cond_kind[i] == "skipif" && cond_db[i] == "sqlite") skip = 1
      }
      if (head == "halt") {
        if (!skip) halted = 1
      } else if (head ~ /^(statement|query)/ && n > 0) {
        if (skip) {
          skipped++
        } else {
          target = (head == "statement error") ? err : must
          printf "-- @@ %s:%d %s\n", file, start, head > target
          for (i = 1; i <= n; i++) print sql[i] > target
        }
      }
      reset()
    }
    FNR == 1 { flush(); halted = 0 }
    halted { next }
    /^#/ { next }                                   # comment lines are not blank lines
    /^[ \t\r]*$/ { flush(); next }                  # a blank line ends a record
    {
      sub(/\r$/, "")
      if (head == "") {
        if (nconds == 0) { start = FNR; file = FILENAME }
        if ($1 == "skipif" || $1 == "onlyif") {
          nconds++; cond_kind[nconds] = $1; cond_db[nconds] = $2
        } else if ($1 == "statement") {
          head = "statement " $2; in_sql = 1
        } else if ($1 == "query") {
          head = "query"; in_sql = 1
        } else {
          head = $1                                 # halt, hash-threshold, ...
        }
        next
      }
      if (in_sql) {
        if ($0 ~ /^----/) { in_sql = 0; next }
        sql[++n] = $0
      }
    }
    END { flush(); print skipped + 0 }
  ' "$@"
}

status=0

if ((${#sql_files[@]})); then
  echo "== SQL scripts (${#sql_files[@]} files)"
  if ! "$bin" --quiet --no-ll-fallback "${diagnostics[@]}" "${sql_files[@]}"; then status=1; fi
fi

if ((${#test_files[@]})); then
  : > "$work/must_parse.sql"
  : > "$work/statement_error.sql"
  skipped=$(extract "${test_files[@]}")
  echo "== sqllogictest (${#test_files[@]} files; $skipped records for other engines skipped)"
  echo "-- statement ok / query records (must parse):"
  if ! "$bin" --quiet --split "${diagnostics[@]}" "$work/must_parse.sql"; then status=1; fi
  if [[ -s $work/statement_error.sql ]]; then
    echo "-- statement error records (may fail; a syntax error is acceptable):"
    "$bin" --quiet --split "${diagnostics[@]}" "$work/statement_error.sql" || true
  fi
fi

exit $status
