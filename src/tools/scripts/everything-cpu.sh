#!/usr/bin/env bash
# Measures what Patient/$everything costs on a running server with a loaded cohort: the server's and
# PostgreSQL's CPU per request and per MB returned, over a fixed list of patients (the first N of a
# Patient search), two clients, after one warm-up pass over the same patients. For comparing builds or
# settings against the same database (run each several times, alternating); the benchmark harness
# (benchmark.sh) gives the latency figures.
# Usage (from any directory): src/tools/scripts/everything-cpu.sh [fhir-base-url] [server-pid] [patients]
#   defaults: http://127.0.0.1:8080/fhir, the process listening on the URL's port, 200
# Needs curl and python3; PostgreSQL must run on this host (its processes are found by name).
set -euo pipefail
BASE=${1:-http://127.0.0.1:8080/fhir}
PORT=$(echo "$BASE" | sed -E 's#.*:([0-9]+)/.*#\1#')
SERVER=${2:-$(pgrep -f "server.port=$PORT" | head -1)}
N=${3:-200}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

curl -sf -H 'Cache-Control: no-cache' "$BASE/Patient?_count=$N&_elements=id" \
	| python3 -c "import sys, json; print('\n'.join(e['resource']['id'] for e in json.load(sys.stdin)['entry']))" \
	> "$WORK/patients"
N=$(wc -l < "$WORK/patients")

ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
postgres_ticks() { # live postgres processes plus the children the postmaster has reaped
	local total=0 pid
	for pid in $(pgrep -x postgres); do total=$((total + $(ticks "$pid" 2>/dev/null || echo 0))); done
	echo $((total + $(awk '{print $16 + $17}' "/proc/$(pgrep -o -x postgres)/stat")))
}
client() { # client FIRST LAST: $everything of those patients, one after the other; prints response sizes
	sed -n "$1,$2p" "$WORK/patients" | while read -r id; do
		curl -sf -o /dev/null -w '%{size_download}\n' -H 'Cache-Control: no-cache' \
			"$BASE/Patient/$id/\$everything?_count=300"
	done
}
both_clients() {
	client 1 $((N / 2)) > "$WORK/a" &
	client $((N / 2 + 1)) "$N" > "$WORK/b" &
	wait
}

both_clients # warm-up
s0=$(ticks "$SERVER"); p0=$(postgres_ticks); t0=$(date +%s.%N)
both_clients
t1=$(date +%s.%N); s1=$(ticks "$SERVER"); p1=$(postgres_ticks)
bytes=$(cat "$WORK/a" "$WORK/b" | paste -sd+ | bc)
python3 - "$N" "$bytes" "$t0" "$t1" "$((s1 - s0))" "$((p1 - p0))" "$(getconf CLK_TCK)" <<'PY'
import sys
n, size, t0, t1, server, pg, hz = (float(x) for x in sys.argv[1:])
mb = size / 1e6
server_ms, pg_ms = server * 1000 / hz, pg * 1000 / hz
print(f"{n:.0f} requests, {mb:.1f} MB in {t1 - t0:.1f} s; server {server_ms / n:.0f} ms CPU/request "
      f"({server_ms / mb:.0f} per MB), PostgreSQL {pg_ms / n:.0f} ms CPU/request ({pg_ms / mb:.0f} per MB)")
PY
