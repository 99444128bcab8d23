#!/usr/bin/env bash
# Runs the MS FHIR benchmark end to end on this machine, needing only JDK 17 and Maven:
#   1. builds the server jar (skip with SKIP_BUILD=1),
#   2. starts PostgreSQL 17 from the zonky binaries (test-scope main BenchPostgres) with two fresh databases,
#   3. starts two instances of the server on it: one with MS profile validation on, one with it off,
#   4. runs the benchmark harness (generate cohort, ingest at concurrency 1/2/4 into both, queries),
#   5. stops everything it started (by pid).
# Usage: scripts/benchmark.sh [patients]        (default 1000)
# Environment: PG_PORT (15487), VALIDATED_PORT (8087), UNVALIDATED_PORT (18087), SERVER_HEAP (2g; with 1g the validating server ran near its heap limit),
#   SERVER_OPTS (extra JVM options, e.g. JFR), BENCH_ARGS (extra harness options, e.g. "--iterations 100").
set -euo pipefail
PATIENTS=${1:-1000}
PG_PORT=${PG_PORT:-15487}
V_PORT=${VALIDATED_PORT:-8087}
U_PORT=${UNVALIDATED_PORT:-18087}
HEAP=${SERVER_HEAP:-2g}
cd "$(dirname "$0")/.."
LOGS=target/bench-logs
mkdir -p "$LOGS"
PIDS=()
cleanup() {
	for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
	for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

if [ -z "${SKIP_BUILD:-}" ]; then
	echo "building ..."
	mvn -q -B -DskipTests package
fi
JAR=$(ls target/ms-fhir-server-*.jar | grep -v '\.original' | head -1)

rm -rf target/bench-pg
mvn -q -B exec:java -Dexec.classpathScope=test -Dexec.mainClass=org.msfhir.tools.benchmark.BenchPostgres \
	-Dexec.args="$PG_PORT target/bench-pg msfhir_validated msfhir_unvalidated" >"$LOGS/postgres.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 120); do grep -q "ready on port" "$LOGS/postgres.log" && break; sleep 1; done
grep "ready on port" "$LOGS/postgres.log"

start_server() { # name port validation
	java -Xmx"$HEAP" ${SERVER_OPTS:-} -jar "$JAR" \
		--server.port="$2" --server.address=127.0.0.1 \
		--spring.profiles.active=postgres \
		--spring.datasource.url="jdbc:postgresql://localhost:$PG_PORT/msfhir_$1" \
		--spring.datasource.username=postgres --spring.datasource.password=postgres \
		--msfhir.validation.enabled="$3" --msfhir.security.mode=open \
		>"$LOGS/server-$1.log" 2>&1 &
	PIDS+=($!)
	echo $! >"$LOGS/server-$1.pid"
}
start_server validated "$V_PORT" true
start_server unvalidated "$U_PORT" false
for port in "$V_PORT" "$U_PORT"; do
	for i in $(seq 1 900); do
		curl -sf "http://127.0.0.1:$port/actuator/health" >/dev/null 2>&1 && break
		[ "$i" = 900 ] && { echo "server on $port did not start, see $LOGS"; exit 1; }
		sleep 1
	done
done
echo "servers up: validated :$V_PORT (pid $(cat $LOGS/server-validated.pid)), unvalidated :$U_PORT (pid $(cat $LOGS/server-unvalidated.pid))"

ARGS="benchmark --validated-url http://127.0.0.1:$V_PORT/fhir --validated-pid $(cat $LOGS/server-validated.pid)"
ARGS="$ARGS --unvalidated-url http://127.0.0.1:$U_PORT/fhir --unvalidated-pid $(cat $LOGS/server-unvalidated.pid)"
ARGS="$ARGS --patients $PATIENTS --data target/bench-data-$PATIENTS --out target/benchmark-$PATIENTS.json ${BENCH_ARGS:-}"
mvn -q -B exec:java -Dexec.args="$ARGS"
