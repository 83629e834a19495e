# wait_quiet NAME: on a shared machine, waits until it is quiet before a measurement: the
# 1-minute load average below $QUIET_LOAD and, in at least 4 of 5 samples over one second, no
# runnable task but the sampler itself (/proc/loadavg's running count). At most $QUIET_TIMEOUT
# seconds (default 600). Without QUIET_LOAD it returns at once. What was waited is appended to
# $out/environment.txt. Sourced by bench/compare_duckdb.sh and bench/tpch/run.sh.
wait_quiet() {
  [[ -z ${QUIET_LOAD:-} ]] && return 0
  local waited=0
  while ((waited < ${QUIET_TIMEOUT:-600})); do
    local busy=0
    for _ in 1 2 3 4 5; do
      # One awk reads the file: the only runnable task of the sampler's own.
      (($(awk '{ split($4, n, "/"); print n[1] }' /proc/loadavg) > 1)) && busy=$((busy + 1))
      sleep 0.2
    done
    if ((busy <= 1)) && awk -v max="$QUIET_LOAD" '{ exit !($1 < max) }' /proc/loadavg; then
      break
    fi
    sleep 4
    waited=$((waited + 5))
  done
  echo "$1: waited ${waited}s for quiet, load $(cut -d' ' -f1-4 /proc/loadavg)" >>"$out/environment.txt"
}
