#!/usr/bin/env bash
# Sustained mixed load (docs/reliability.md) end to end on this machine, needing only JDK 17 and Maven:
#   1. builds the server jar (skip with SKIP_BUILD=1),
#   2. starts PostgreSQL 17 from the zonky binaries (test-scope main BenchPostgres) with a fresh database,
#   3. starts ONE server with SMART security on (embedded authorization server) and one confidential
#      backend client, load-test (client_credentials; system/*.cruds msfhir/metrics), whose random secret
#      this script makes up for the run,
#   4. loads the synthetic cohort (seed 42, generated into target/bench-data-<patients> unless the
#      benchmark or an earlier run already did) as that client, 4 bundles at a time,
#   5. runs org.msfhir.tools.reliability.MixedLoad for the duration,
#   6. stops everything it started (by pid).
# Usage (from any directory): src/tools/scripts/mixed-load.sh [patients] [duration]   (defaults 1000 PT10M)
# Output: everything printed goes to target/mixed-load/mixed-load-<patients>-<date-time>.txt as well; the
#   server's and PostgreSQL's logs are in target/mixed-load. Exit status 1 when any operation failed.
# The secret never appears on a command line: the server gets the client from SPRING_APPLICATION_JSON, the
#   loader from MSFHIR_CLIENT_SECRET, MixedLoad from MSFHIR_LOAD_CLIENT_SECRET (environment variables, which
#   only this user can read).
# Environment: PG_PORT (15491), SERVER_PORT (8091), SERVER_HEAP (2g), SERVER_OPTS (extra JVM options),
#   SERVER_ARGS (extra server settings), LOAD_ARGS (extra MixedLoad options, e.g. "--writers=4").
set -euo pipefail
PATIENTS=${1:-1000}
DURATION=${2:-PT10M}
PG_PORT=${PG_PORT:-15491}
PORT=${SERVER_PORT:-8091}
HEAP=${SERVER_HEAP:-2g}
. "$(dirname "$0")/lib.sh"
WORK=target/mixed-load
DATA=target/bench-data-$PATIENTS
mkdir -p "$WORK"
REPORT=$WORK/mixed-load-$PATIENTS-$(date +%Y-%m-%d-%H%M).txt
exec > >(tee "$REPORT") 2>&1

if [ -z "${SKIP_BUILD:-}" ]; then
	echo "building ..."
	build_server
fi
JAR=$(server_jar)
tools_classpath

# The cohort, as the benchmark generates and caches it (BenchmarkRunner: seed 42, one bundle file a patient,
# the marker file holding the number of resources).
MARKER=$DATA/cohort-42-$PATIENTS.done
if [ ! -f "$MARKER" ]; then
	echo "generating $PATIENTS patients into $DATA ..."
	rm -f "$DATA"/patient-*
	GENERATED=$(tool generate --patients "$PATIENTS" --seed 42 --format bundles --out "$DATA")
	echo "$GENERATED"
	echo "$GENERATED" | sed -n 's/.*patients, \([0-9]*\) resources.*/\1/p' >"$MARKER"
fi

CLIENT_ID=load-test
SECRET=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
CLIENT="{\"client-id\":\"$CLIENT_ID\",\"name\":\"mixed load\",\"secret\":\"{noop}$SECRET\","
CLIENT="$CLIENT\"grant-types\":[\"client_credentials\"],\"scopes\":[\"system/*.cruds\",\"msfhir/metrics\"]}"

start_postgres "$PG_PORT" "$WORK/pg" "$WORK/postgres.log" msfhir
grep "ready on port" "$WORK/postgres.log"
rm -rf "$WORK/data"
# The signing key and the export files go to $WORK/data (MSFHIR_DATA_DIR), not to ./data.
# shellcheck disable=SC2086 # SERVER_ARGS holds several options
SECURITY_MODE=embedded MSFHIR_DATA_DIR=$WORK/data \
	SPRING_APPLICATION_JSON="{\"msfhir\":{\"security\":{\"clients\":[$CLIENT]}}}" \
	start_server "$JAR" "$HEAP" "$PORT" "$PG_PORT" msfhir true "$WORK/server.log" ${SERVER_ARGS:-}
wait_healthy "$PORT" "$WORK/server.log"
URL=http://127.0.0.1:$PORT/fhir
echo "server up: $URL (pid $SERVER_PID), SMART security on, backend client $CLIENT_ID"

MSFHIR_CLIENT_SECRET=$SECRET tool load --in "$DATA" --url "$URL" --concurrency 4 \
	--client-id "$CLIENT_ID" --scope 'system/*.cruds'

STATUS=0
# shellcheck disable=SC2086 # LOAD_ARGS holds several options
MSFHIR_LOAD_CLIENT_SECRET=$SECRET java -cp "$TOOLS_CP" org.msfhir.tools.reliability.MixedLoad \
	--base-url="$URL" --client-id="$CLIENT_ID" --duration="$DURATION" --server-pid="$SERVER_PID" \
	--patient-sample="$PATIENTS" ${LOAD_ARGS:-} || STATUS=$?
echo "report: $REPORT"
exit "$STATUS"
