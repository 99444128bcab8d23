#!/usr/bin/env bash
# Measures what one server build costs per ingested resource: loads a warm-up slice (100 patients)
# (WARMUP_PATIENTS) and then a timed slice (300 patients, ~47,000 resources) of the synthetic cohort through the
# loader at concurrency 2 into a fresh PostgreSQL database, and prints resources/s, the server's and
# PostgreSQL's CPU milliseconds per resource (from /proc, so a busy host moves them less than
# throughput) and the CPU steal of the host during the timed slice. For comparing builds or settings
# (run each several times, alternating); benchmark.sh is the benchmark.
# Usage (from any directory): src/tools/scripts/ingest-cpu.sh [jar, default src/server/target/*-exec.jar] [validation true|false] [extra server options...]
# Environment: PG_PORT (15497), PORT (8197), SERVER_HEAP (2g), SERVER_OPTS, CONCURRENCY (2), WARMUP_PATIENTS (100;
#   more gives the JIT longer to settle, which narrows the spread between runs), JFR (a file name: records
#   the server with JFR during the timed slice, for `jfr print --events jdk.ExecutionSample`), ROWS (1: also
#   print the rows each table received, from PostgreSQL's statistics, per stored resource, and the index rows
#   per search parameter), STATEMENTS (1: also
#   print the statements that took most of PostgreSQL's time in the timed slice, from pg_stat_statements), CPU_GROUPS (1: also
#   print CPU seconds of the timed slice per group of threads: server requests/JIT/GC, PostgreSQL backends and
#   background processes, the loader; cpu-groups.py).
# Work files (cohort slices, PostgreSQL, logs) go to target/ingest-cpu under the repository root; the
#   figures are printed (redirect them to keep them).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
JAR=${1:-$(server_jar)}
VALIDATION=${2:-false}
shift $(( $# > 2 ? 2 : $# ))
PG_PORT=${PG_PORT:-15497}
PORT=${PORT:-8197}
C=${CONCURRENCY:-2}
WORK=target/ingest-cpu
mkdir -p "$WORK"
tools_classpath
WARM=$WORK/warm-${WARMUP_PATIENTS:-100}
[ -d "$WARM" ] || tool generate --patients "${WARMUP_PATIENTS:-100}" --first 1600 --out "$WARM" >/dev/null
[ -d "$WORK/timed" ] || tool generate --patients 300 --first 2100 --out "$WORK/timed" >/dev/null

[ "${STATEMENTS:-0}" != 1 ] || export BENCH_PG_SETTINGS="shared_preload_libraries=pg_stat_statements${BENCH_PG_SETTINGS:+,$BENCH_PG_SETTINGS}"
start_postgres "$PG_PORT" "$WORK/pg" "$WORK/postgres.log" msfhir_ingest
start_server "$JAR" "${SERVER_HEAP:-2g}" "$PORT" "$PG_PORT" msfhir_ingest "$VALIDATION" "$WORK/server.log" "$@"
SERVER=$SERVER_PID
wait_healthy "$PORT" "$WORK/server.log"

ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
postgres_ticks() { # live postgres processes plus the children the postmaster has reaped
	local total=0 pid
	for pid in $(pgrep -x postgres); do total=$((total + $(ticks "$pid" 2>/dev/null || echo 0))); done
	local postmaster
	postmaster=$(pgrep -o -x postgres)
	echo $((total + $(awk '{print $16 + $17}' "/proc/$postmaster/stat")))
}
cpu_line() { head -1 /proc/stat; }

tool load --in "$WARM" --url "http://127.0.0.1:$PORT/fhir" --concurrency "$C" >/dev/null
sql() { PGPASSWORD=postgres psql -h localhost -p "$PG_PORT" -U postgres -d msfhir_ingest -Atc "$1"; }
[ "${STATEMENTS:-0}" != 1 ] || sql "create extension if not exists pg_stat_statements; select pg_stat_statements_reset()" >/dev/null
[ -z "${JFR:-}" ] || jcmd "$SERVER" JFR.start name=ingest settings=default filename="$(realpath -m "$JFR")" >/dev/null
STOP=$WORK/cpu-groups.stop
rm -f "$STOP"
[ "${CPU_GROUPS:-0}" != 1 ] || { python3 src/tools/scripts/cpu-groups.py "$SERVER" "$STOP" >"$WORK/cpu-groups.txt" & CPU_GROUPS_PID=$!; }
s0=$(ticks $SERVER); p0=$(postgres_ticks); c0=$(cpu_line); t0=$(date +%s.%N)
out=$(tool load --in "$WORK/timed" --url "http://127.0.0.1:$PORT/fhir" --concurrency "$C" | grep '^loaded')
t1=$(date +%s.%N); s1=$(ticks $SERVER); p1=$(postgres_ticks); c1=$(cpu_line)
touch "$STOP"
[ -z "${JFR:-}" ] || jcmd "$SERVER" JFR.stop name=ingest >/dev/null
resources=$(echo "$out" | sed -E 's/.*patients, ([0-9]+) resources.*/\1/')
hz=$(getconf CLK_TCK)
python3 - "$resources" "$t0" "$t1" "$s0" "$s1" "$p0" "$p1" "$hz" "$c0" "$c1" <<'PY'
import sys
res, t0, t1, s0, s1, p0, p1, hz = (float(x) for x in sys.argv[1:9])
c0 = [int(x) for x in sys.argv[9].split()[1:]]
c1 = [int(x) for x in sys.argv[10].split()[1:]]
delta = [b - a for a, b in zip(c0, c1)]
steal = 100.0 * delta[7] / sum(delta) if sum(delta) else 0.0
print(f"{res / (t1 - t0):.0f} resources/s; server {(s1 - s0) * 1000 / hz / res:.2f} ms CPU/resource, "
      f"PostgreSQL {(p1 - p0) * 1000 / hz / res:.2f} ms CPU/resource; host CPU steal {steal:.0f} %")
PY
echo "$out"
if [ "${STATEMENTS:-0}" = 1 ]; then
	sql "select round((100 * total_exec_time / sum(total_exec_time) over ())::numeric, 1) || ' % of statement time, ' ||
	            calls || ' calls, ' || round((total_exec_time / calls)::numeric, 3) || ' ms each: ' || left(regexp_replace(query, '\s+', ' ', 'g'), 160)
	     from pg_stat_statements where dbid = (select oid from pg_database where datname = 'msfhir_ingest')
	     order by total_exec_time desc limit 15"
fi
if [ "${CPU_GROUPS:-0}" = 1 ]; then
	wait "$CPU_GROUPS_PID"
	echo "CPU seconds of the timed slice per group:"
	cat "$WORK/cpu-groups.txt"
fi
if [ "${ROWS:-0}" = 1 ]; then
	sleep 1 # statistics reach pg_stat_user_tables within a second
	sql "
		select relname || ' ' || n_tup_ins || ' inserts, ' || n_tup_upd || ' updates, ' ||
		       round(n_tup_ins::numeric / nullif((select n_tup_ins from pg_stat_user_tables where relname = 'hfj_resource'), 0), 2) || ' per resource'
		from pg_stat_user_tables where n_tup_ins + n_tup_upd > 0 order by n_tup_ins desc"
	echo "index rows per stored resource, by table and search parameter (whole database):"
	for table in token quantity string date uri; do
		sql "
			select 'hfj_spidx_$table ' || coalesce(i.res_type || '.' || i.sp_name, 'hash ' || t.hash_identity) || ' ' ||
			       round(count(*)::numeric / (select count(*) from hfj_resource), 2)
			from hfj_spidx_$table t left join hfj_spidx_identity i on i.hash_identity = t.hash_identity
			group by t.hash_identity, i.res_type, i.sp_name order by count(*) desc limit 8"
	done
fi
