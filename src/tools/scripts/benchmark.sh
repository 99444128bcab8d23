#!/usr/bin/env bash
# Runs the MS FHIR benchmark end to end on this machine, needing only JDK 17 and Maven:
#   1. builds the server jar (skip with SKIP_BUILD=1),
#   2. starts PostgreSQL 17 from the zonky binaries (test-scope main BenchPostgres) with two fresh databases,
#   3. starts two instances of the server on it: one with MS profile validation on, one with it off,
#   4. runs the benchmark harness (generate cohort, ingest at concurrency 1/2/4 into both, queries),
#   5. stops everything it started (by pid).
# Usage (from any directory): src/tools/scripts/benchmark.sh [patients]        (default 1000)
# Output: the console output and the JSON report in RESULTS (default target/benchmark-results, relative to the
#   repository root), named benchmark-<patients>-<date-time>.txt/.json; logs in target/bench-logs.
# Environment: PG_PORT (15487), VALIDATED_PORT (8087), UNVALIDATED_PORT (18087), SERVER_HEAP (2g; with 1g the validating server ran near its heap limit),
#   SERVER_OPTS (extra JVM options, e.g. JFR), SERVER_ARGS (extra server settings for both instances, e.g.
#   "--hapi.fhir.tag-storage-mode=INLINE"), BENCH_ARGS (extra harness options, e.g. "--iterations 100").
set -euo pipefail
PATIENTS=${1:-1000}
PG_PORT=${PG_PORT:-15487}
V_PORT=${VALIDATED_PORT:-8087}
U_PORT=${UNVALIDATED_PORT:-18087}
HEAP=${SERVER_HEAP:-2g}
. "$(dirname "$0")/lib.sh"
LOGS=target/bench-logs
RESULTS=${RESULTS:-target/benchmark-results}
mkdir -p "$LOGS" "$RESULTS"
REPORT=$RESULTS/benchmark-$PATIENTS-$(date +%Y-%m-%d-%H%M)
exec > >(tee "$REPORT.txt") 2>&1

if [ -z "${SKIP_BUILD:-}" ]; then
	echo "building ..."
	build_server
fi
JAR=$(server_jar)
tools_classpath

start_postgres "$PG_PORT" target/bench-pg "$LOGS/postgres.log" msfhir_validated msfhir_unvalidated
grep "ready on port" "$LOGS/postgres.log"

# shellcheck disable=SC2086 # SERVER_ARGS holds several options
start_server "$JAR" "$HEAP" "$V_PORT" "$PG_PORT" msfhir_validated true "$LOGS/server-validated.log" ${SERVER_ARGS:-}
V_PID=$SERVER_PID
# shellcheck disable=SC2086
start_server "$JAR" "$HEAP" "$U_PORT" "$PG_PORT" msfhir_unvalidated false "$LOGS/server-unvalidated.log" ${SERVER_ARGS:-}
U_PID=$SERVER_PID
wait_healthy "$V_PORT" "$LOGS"
wait_healthy "$U_PORT" "$LOGS"
echo "servers up: validated :$V_PORT (pid $V_PID), unvalidated :$U_PORT (pid $U_PID)"

ARGS="benchmark --validated-url http://127.0.0.1:$V_PORT/fhir --validated-pid $V_PID"
ARGS="$ARGS --unvalidated-url http://127.0.0.1:$U_PORT/fhir --unvalidated-pid $U_PID"
ARGS="$ARGS --patients $PATIENTS --data target/bench-data-$PATIENTS --out $REPORT.json ${BENCH_ARGS:-}"
# shellcheck disable=SC2086 # ARGS holds several options
tool $ARGS
