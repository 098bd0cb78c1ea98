#!/usr/bin/env bash
# Run the test suite N times in a row under a CPU load (issue 19 item 7): the suite must pass every time.
#
#   tests/stress_suite.sh [-n RUNS] [-l LOAD] [-- PYTEST ARGS...]
#
# RUNS (default 20) full runs of `python -m pytest -q` (or of the PYTEST ARGS given after --, e.g. a subset);
# LOAD (default 4) busy processes that keep the CPUs loaded for the whole time (a load of 4 on 2 cores). The
# busy processes are this script's own children and are stopped by their process ids when it ends (also on
# Ctrl-C). Prints one line per run and a summary; exits 0 only when every run passed. The log of every run is
# kept in $STRESS_LOG_DIR (default: a temporary folder, printed at the end).
#
# It takes the whole machine for a long time: run it on an otherwise idle machine (the lead runs it at the end).
set -u
RUNS=20
LOAD=4
while [ $# -gt 0 ]; do
  case "$1" in
    -n) RUNS="$2"; shift 2 ;;
    -l) LOAD="$2"; shift 2 ;;
    --) shift; break ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "stress_suite.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PY="${PYTHON:-python}"
LOGS="${STRESS_LOG_DIR:-$(mktemp -d -t jaring-stress.XXXXXX)}"
mkdir -p "$LOGS"
BUSY=()
stop_load() {
  for pid in "${BUSY[@]}"; do kill "$pid" 2>/dev/null; done
  for pid in "${BUSY[@]}"; do wait "$pid" 2>/dev/null; done
  BUSY=()
}
trap 'stop_load; echo "stress_suite.sh: interrupted" >&2; exit 130' INT TERM
for _ in $(seq 1 "$LOAD"); do
  "$PY" -c "while True: pass" &
  BUSY+=("$!")
done
echo "stress_suite.sh: $RUNS run(s) under a load of $LOAD busy process(es) on $(nproc) core(s); logs in $LOGS"
PASSED=0
FAILED=0
cd "$ROOT" || exit 2
for i in $(seq 1 "$RUNS"); do
  start=$(date +%s)
  if [ $# -gt 0 ]; then ARGS=("$@"); else ARGS=(-q -p no:cacheprovider); fi
  if "$PY" -m pytest "${ARGS[@]}" >"$LOGS/run-$i.log" 2>&1; then
    PASSED=$((PASSED + 1)); status=passed
  else
    FAILED=$((FAILED + 1)); status="FAILED (log: $LOGS/run-$i.log)"
  fi
  echo "run $i/$RUNS: $status in $(( $(date +%s) - start )) s; $(grep -v "^\s*$" "$LOGS/run-$i.log" 2>/dev/null | tail -n 1)"
done
stop_load
echo "stress_suite.sh: $PASSED passed, $FAILED failed of $RUNS run(s) under a load of $LOAD"
[ "$FAILED" -eq 0 ]
