#!/usr/bin/env bash
# How the query latencies grow from a small to a large cohort (the bar: p95 grows by less than 1.5x
# from 1,000 to 10,000 patients), measured with several harness runs per size so that one run's
# pauses (GC, JIT, the VM) do not decide the verdict:
#   1. starts PostgreSQL 17 (test-scope main BenchPostgres) with one fresh database per size,
#   2. loads each cohort through a server with validation off (concurrency 4),
#   3. per size: starts a validating server on the loaded database and runs the harness's queries
#      (`benchmark --skip-ingest`) 1 + RUNS times; the first run warms the server up and is kept apart,
#   4. prints, per query, the median p95 of the RUNS runs at each size and their ratio.
# Usage (from any directory): src/tools/scripts/query-growth.sh [small 1000] [large 10000] [runs 3]
# Output: every run's text and JSON and the summary (summary.txt) in RESULTS (default
#   target/query-growth, relative to the repository root); PostgreSQL and logs there too.
# Environment: PG_PORT (15477), PORT (8077), SERVER_HEAP (2g), SKIP_BUILD, BENCH_ARGS (extra harness options,
#   e.g. "--iterations 20" for a smoke run).
set -euo pipefail
SMALL=${1:-1000}
LARGE=${2:-10000}
RUNS=${3:-3}
PG_PORT=${PG_PORT:-15477}
PORT=${PORT:-8077}
HEAP=${SERVER_HEAP:-2g}
. "$(dirname "$0")/lib.sh"
WORK=${RESULTS:-target/query-growth}
mkdir -p "$WORK"
exec > >(tee "$WORK/summary.txt") 2>&1

[ -n "${SKIP_BUILD:-}" ] || build_server
JAR=$(server_jar)
tools_classpath
stop_server() { kill "$1"; while kill -0 "$1" 2>/dev/null; do sleep 1; done; }

start_postgres "$PG_PORT" "$WORK/pg" "$WORK/postgres.log" "msfhir_$SMALL" "msfhir_$LARGE"
for n in "$SMALL" "$LARGE"; do
	data=target/bench-data-$n
	if [ ! -f "$data/cohort-42-$n.done" ]; then
		echo "generating $n patients into $data ..."
		rm -rf "$data"
		tool generate --patients "$n" --out "$data" >/dev/null
	fi
	start_server "$JAR" "$HEAP" "$PORT" "$PG_PORT" "msfhir_$n" false "$WORK/load-$n.log"
	pid=$SERVER_PID
	wait_healthy "$PORT" "$WORK/load-$n.log"
	loaded=$(tool load --in "$data" --url "http://127.0.0.1:$PORT/fhir" --concurrency 4 | grep '^loaded')
	echo "$n patients: $loaded"
	# the harness's marker: the cohort in this folder is complete (it holds the resource count)
	[ -f "$data/cohort-42-$n.done" ] || echo "$loaded" | sed -E 's/.*patients, ([0-9]+) resources.*/\1/' >"$data/cohort-42-$n.done"
	stop_server "$pid"
done

for n in "$SMALL" "$LARGE"; do
	start_server "$JAR" "$HEAP" "$PORT" "$PG_PORT" "msfhir_$n" true "$WORK/server-$n.log"
	pid=$SERVER_PID
	wait_healthy "$PORT" "$WORK/server-$n.log"
	for run in $(seq 0 "$RUNS"); do
		tool benchmark --validated-url "http://127.0.0.1:$PORT/fhir" --validated-pid "$pid" --skip-ingest \
			--patients "$n" --data "target/bench-data-$n" --out "$WORK/queries-$n-run$run.json" ${BENCH_ARGS:-} >"$WORK/queries-$n-run$run.txt"
		echo "$n patients, run $run done"
	done
	stop_server "$pid"
done

python3 - "$WORK" "$SMALL" "$LARGE" "$RUNS" <<'PY'
import json, statistics, sys
work, small, large, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
def p95s(n, run):
    return {q["query"]: q["latencyMs"]["p95"] for q in json.load(open(f"{work}/queries-{n}-run{run}.json"))["queries"]}
queries = list(p95s(small, 1))
print(f"p95 ms: warm-up run, then runs 1-{runs} and their median, at {small} and {large} patients; growth = median ratio")
for q in queries:
    s = [p95s(small, r)[q] for r in range(1, runs + 1)]
    l = [p95s(large, r)[q] for r in range(1, runs + 1)]
    ms, ml = statistics.median(s), statistics.median(l)
    print(f"{q[:44]:44s} {small}: ({p95s(small, 0)[q]:6.1f}) {' '.join(f'{x:6.1f}' for x in s)} | median {ms:6.1f}"
          f"   {large}: ({p95s(large, 0)[q]:6.1f}) {' '.join(f'{x:6.1f}' for x in l)} | median {ml:6.1f}   growth {ml / ms:4.2f}")
PY
