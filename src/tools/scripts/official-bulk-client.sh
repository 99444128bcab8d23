#!/usr/bin/env bash
# Drives this server with the official SMART Bulk Data client (https://github.com/smart-on-fhir/bulk-data-client,
# unmodified, as research teams use it) over SMART backend services, and checks what it downloads:
#   1. builds the server jar (skip with SKIP_BUILD=1),
#   2. starts PostgreSQL 17 from the zonky binaries (test-scope main BenchPostgres) with a fresh database,
#   3. makes an RSA key pair (RS384) for the backend client bulk-research under target/ and starts ONE server
#      with SMART security on (embedded authorization server), registering two clients through
#      SPRING_APPLICATION_JSON: bulk-research (private_key_jwt, its public JWKS inline; scopes system/*.rs
#      and system/Group.cruds, so it can make its own cohort) and bulk-loader (client secret made up for the
#      run, system/*.cruds, only for loading), plus a de-identification secret made up for the run,
#   4. loads a synthetic cohort (seed 42) with the tools loader as bulk-loader,
#   5. creates a cohort Group with POST Group/$ms-cohort as bulk-research (diagnosis MS and latest EDSS <= 4),
#   6. writes the client's configuration (fhirUrl, clientId, the private JWK, tokenUrl from
#      .well-known/smart-configuration, scope system/*.rs, reporter text) and runs the client
#      (`node . --config ... -d <folder>`) four times: system export (--global), Patient export, Group
#      export (-g <id>) and a de-identified Patient export (-c deidentify=true),
#   7. checks each run and prints PASS/FAIL lines: the client's exit status; that every progress percentage
#      it printed lies between 0 and 100; that every downloaded file is non-empty and each line is JSON of
#      the file's resource type with an id; no error files; the lines per type against the server's own
#      counts (system: GET [type]?_summary=count for every type of the CapabilityStatement but AuditEvent;
#      Patient: the same counts for the types of the loaded patient bundles, and no other type; Group:
#      exactly the members as Patients, the Group itself, and per type the count of
#      [type]?patient=<members>, every resource referencing a member); de-identified: the same counts as the identified Patient export, the manifest
#      flagged de-identified, none of the loaded patients' names or identifiers and none of the original
#      Patient ids in the files, and every Patient reference resolving to an exported (pseudonymised) Patient,
#   8. stops everything it started (by pid). Exit status 1 when a check failed.
# Usage (from any directory): BULK_CLIENT_DIR=/path/to/bulk-data-client nice -n 19 src/tools/scripts/official-bulk-client.sh
#   BULK_CLIENT_DIR is a checkout of the official client with its dependencies installed:
#     git clone https://github.com/smart-on-fhir/bulk-data-client && cd bulk-data-client && npm install --omit=dev
#   (it declares node >=15 <19; on a newer Node add --engine-strict=false to npm install if npm refuses).
# Output: everything printed goes to target/official-bulk-client/official-bulk-client-<date-time>.txt as well;
#   the client's downloads, its log.ndjson and manifest.json per run are in target/official-bulk-client/downloads,
#   the server's and PostgreSQL's logs in target/official-bulk-client.
# Secrets never appear on a command line: the private key stays in target/official-bulk-client/keys (0600) and
#   the client's configuration file (0600), the loader's secret and the de-identification secret travel in
#   environment variables.
# Environment: BULK_CLIENT_DIR (required), PATIENTS (30), PG_PORT (15493), SERVER_PORT (8093), SERVER_HEAP (1g),
#   SERVER_OPTS (extra JVM options), SERVER_ARGS (extra server settings), CLIENT_TIMEOUT (600, seconds per
#   client run), MVN_ARGS (extra Maven options, e.g. -o), SKIP_BUILD.
set -euo pipefail
if [ -z "${BULK_CLIENT_DIR:-}" ] || [ ! -f "${BULK_CLIENT_DIR}/built/app.js" ] || [ ! -d "${BULK_CLIENT_DIR}/node_modules" ]; then
	echo "BULK_CLIENT_DIR must be a checkout of https://github.com/smart-on-fhir/bulk-data-client with node_modules"
	echo "(git clone https://github.com/smart-on-fhir/bulk-data-client && cd bulk-data-client && npm install --omit=dev)"
	exit 2
fi
BULK_CLIENT_DIR=$(cd "$BULK_CLIENT_DIR" && pwd)
PATIENTS=${PATIENTS:-30}
PG_PORT=${PG_PORT:-15493}
PORT=${SERVER_PORT:-8093}
HEAP=${SERVER_HEAP:-1g}
CLIENT_TIMEOUT=${CLIENT_TIMEOUT:-600}
. "$(dirname "$0")/lib.sh"
HELPER=$ROOT/src/tools/scripts/official-bulk-client.mjs
WORK=target/official-bulk-client
AWORK=$ROOT/$WORK
rm -rf "$WORK/downloads" "$WORK/keys" "$WORK/data" "$WORK/cohort-data" "$WORK/checks"
mkdir -p "$WORK/downloads" "$WORK/keys" "$WORK/checks"
chmod 700 "$WORK/keys"
REPORT=$WORK/official-bulk-client-$(date +%Y-%m-%d-%H%M).txt
exec > >(tee "$REPORT") 2>&1

FAILED=0
pass() { echo "PASS  $*"; }
fail() {
	echo "FAIL  $*"
	FAILED=$((FAILED + 1))
}
# check NAME DETAIL CONDITION...: PASS or FAIL by the exit status of CONDITION.
check() {
	local name=$1 detail=$2
	shift 2
	if "$@"; then pass "$name: $detail"; else fail "$name: $detail"; fi
}

echo "official client: $(jq -r '.name + " " + .version' "$BULK_CLIENT_DIR/package.json") ($(git -C "$BULK_CLIENT_DIR" rev-parse --short HEAD 2>/dev/null || echo 'no git'))," \
	"node $(node --version)"
if [ -z "${SKIP_BUILD:-}" ]; then
	echo "building ..."
	build_server
fi
JAR=$(server_jar)
tools_classpath

echo "generating $PATIENTS patients (seed 42) ..."
tool generate --patients "$PATIENTS" --seed 42 --format bundles --out "$WORK/cohort-data" | grep generated
# The loaded patients' names and identifier values: none of them may appear in de-identified files.
jq -r '.entry[].resource | select(.resourceType == "Patient") | (.name[]? | .family, .given[]?), (.identifier[]? | .value)' \
	"$WORK"/cohort-data/patient-*.json | grep -v '^null$' | sort -u >"$WORK/checks/patient-names-identifiers.txt"

# The backend client's keys, the loader's secret and the server's de-identification secret.
RESEARCH=bulk-research
LOADER=bulk-loader
node "$HELPER" keygen "$WORK/keys" "$RESEARCH-$(date +%s)"
LOADER_SECRET=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
DEID_SECRET=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
CLIENTS=$(jq -cn --argjson jwks "$(cat "$WORK/keys/jwks.json")" --arg research "$RESEARCH" --arg loader "$LOADER" \
	--arg secret "{noop}$LOADER_SECRET" '[
	{"client-id": $research, "name": "research export (official bulk-data-client)", "jwks": ($jwks | tojson),
	 "grant-types": ["client_credentials"], "scopes": ["system/*.rs", "system/Group.cruds"]},
	{"client-id": $loader, "name": "cohort loader", "secret": $secret,
	 "grant-types": ["client_credentials"], "scopes": ["system/*.cruds"]}]')
SERVER_JSON=$(jq -cn --argjson clients "$CLIENTS" --arg deid "$DEID_SECRET" \
	'{"msfhir": {"security": {"clients": $clients}, "bulk-export": {"deidentification": {"secret": $deid}}}}')

start_postgres "$PG_PORT" "$WORK/pg" "$WORK/postgres.log" msfhir
grep "ready on port" "$WORK/postgres.log"
# The signing key and the export files go to $WORK/data (MSFHIR_DATA_DIR), not to ./data.
# shellcheck disable=SC2086 # SERVER_ARGS holds several options
SECURITY_MODE=embedded MSFHIR_DATA_DIR=$WORK/data SPRING_APPLICATION_JSON=$SERVER_JSON \
	start_server "$JAR" "$HEAP" "$PORT" "$PG_PORT" msfhir true "$WORK/server.log" ${SERVER_ARGS:-}
unset SERVER_JSON DEID_SECRET
wait_healthy "$PORT" "$WORK/server.log"
URL=http://127.0.0.1:$PORT/fhir
TOKEN_URL=$(curl -sf "$URL/.well-known/smart-configuration" | jq -r .token_endpoint)
echo "server up: $URL (pid $SERVER_PID), SMART security on, token endpoint $TOKEN_URL"

MSFHIR_CLIENT_SECRET=$LOADER_SECRET tool load --in "$WORK/cohort-data" --url "$URL" --concurrency 2 \
	--client-id "$LOADER" --scope 'system/*.cruds' | grep -E '^(loaded|error)'

# A token of the research client (docs/demo/backend-token.mjs signs an RS384 assertion with its key).
research_token() {
	node "$ROOT/docs/demo/backend-token.mjs" "$URL" "$RESEARCH" "$AWORK/keys/private.jwk.json" "$1" | jq -r .access_token
}
TOKEN=$(research_token 'system/*.rs system/Group.cruds')
api() { curl -sf -H "Authorization: Bearer $TOKEN" -H 'Accept: application/fhir+json' "$@"; }
count() { api "$URL/$1$( [[ $1 == *\?* ]] && echo '&' || echo '?')_summary=count" | jq -r .total; }

echo "creating the cohort Group (POST Group/\$ms-cohort as $RESEARCH) ..."
api -X POST -H 'Content-Type: application/fhir+json' "$URL/Group/\$ms-cohort" -d '{"resourceType": "Parameters", "parameter": [
	{"name": "name", "valueString": "Official client test cohort"},
	{"name": "diagnosis", "valueCoding": {"system": "http://snomed.info/sct", "code": "24700007"}},
	{"name": "edss-max", "valueDecimal": 4.0}]}' >"$WORK/checks/cohort.json"
GROUP_ID=$(jq -r '.parameter[] | select(.name == "group") | .resource.id' "$WORK/checks/cohort.json")
jq -r '.parameter[] | select(.name == "group") | .resource.member[]? | .entity.reference | sub("^Patient/"; "")' \
	"$WORK/checks/cohort.json" | sort >"$WORK/checks/members.txt"
MEMBERS=$(wc -l <"$WORK/checks/members.txt")
echo "cohort Group/$GROUP_ID: $MEMBERS of $PATIENTS patients"
check cohort "Group/$GROUP_ID has $MEMBERS members (0 < members)" test "$MEMBERS" -gt 0

node "$HELPER" config "$AWORK/checks/client-config.json" "$URL" "$TOKEN_URL" "$RESEARCH" "$AWORK/keys/private.jwk.json" 'system/*.rs'

# run_client NAME ARGS...: runs the official client into downloads/NAME and checks its exit status, its
# progress percentages and the files (non-empty, valid lines, no error files); leaves the inspection in
# checks/NAME.json.
run_client() {
	local name=$1
	shift
	local dest=$AWORK/downloads/$name out=$WORK/checks/client-$name.txt status=0
	mkdir -p "$dest"
	echo
	echo "=== $name: node . --config <config> -d downloads/$name $*"
	(cd "$BULK_CLIENT_DIR" && timeout "$CLIENT_TIMEOUT" node . --config "$AWORK/checks/client-config.json" \
		-d "$dest" "$@") >"$out" 2>&1 || status=$?
	sed -e 's/\x1b\[[0-9;]*m//g' -e 's/^/  | /' "$out" | cut -c1-220
	check "$name" "client exit status $status" test "$status" -eq 0
	local pcts
	pcts=$(sed 's/\x1b\[[0-9;]*m//g' "$out" | grep -o 'Bulk Data export: -\?[0-9]*% complete' | grep -o -- '-\?[0-9]*' | tr '\n' ' ' || true)
	local bad=0
	for p in $pcts; do if [ "$p" -lt 0 ] || [ "$p" -gt 100 ]; then bad=1; fi; done
	check "$name" "progress printed by the client: ${pcts:-none}(each 0-100)" test "$bad" -eq 0 -a -n "$pcts"
	echo "      X-Progress headers: $(jq -r 'select(.eventId == "status_progress") | .eventDetail.xProgress' "$dest/log.ndjson" 2>/dev/null | paste -sd'|' | sed 's/|/ | /g')"
	node "$HELPER" inspect "$dest" ${MEMBERS_FILE:+"$MEMBERS_FILE"} >"$WORK/checks/$name.json"
	local j=$WORK/checks/$name.json
	check "$name" "$(jq -r '"\(.files) files, \([.counts[]] | add // 0) resources: " + ([.counts | to_entries[] | "\(.key) \(.value)"] | join(", "))' "$j")" \
		test "$(jq '.files' "$j")" -gt 0
	check "$name" "no empty file" test "$(jq '.emptyFiles | length' "$j")" -eq 0
	check "$name" "every line is JSON of the file's resource type with an id ($(jq '.invalid | length' "$j") bad)" \
		test "$(jq '.invalid | length' "$j")" -eq 0
	check "$name" "no error files" test "$(jq '.errorFiles' "$j")" -eq 0
}

# compare_counts NAME FILE: FILE holds "type expected" lines; each is compared with the lines downloaded, and
# no other type may have been downloaded.
compare_counts() {
	local name=$1 file=$2 j=$WORK/checks/$1.json mismatches=""
	while read -r type expected; do
		local got
		got=$(jq --arg t "$type" '.counts[$t] // 0' "$j")
		[ "$got" = "$expected" ] || mismatches="$mismatches $type:$got/$expected"
	done <"$file"
	for type in $(jq -r '.counts | keys[]' "$j"); do
		grep -q "^$type " "$file" || mismatches="$mismatches $type:$(jq --arg t "$type" '.counts[$t]' "$j")/none"
	done
	check "$name" "lines per type equal the server's counts for $(wc -l <"$file") types${mismatches:+ (downloaded/expected:$mismatches)}" \
		test -z "$mismatches"
}

# System level: every type the server has, as the research client's token sees it (AuditEvent needs a scope
# naming it; the server writes AuditEvents during the run).
run_client system --global
: >"$WORK/checks/system-expected.txt"
for type in $(api "$URL/metadata" | jq -r '.rest[0].resource[].type' | grep -vx AuditEvent); do
	n=$(count "$type" 2>/dev/null || echo "?")
	if [ "$n" != 0 ] || [ "$(jq --arg t "$type" '.counts[$t] // 0' "$WORK/checks/system.json")" != 0 ]; then
		echo "$type $n" >>"$WORK/checks/system-expected.txt"
	fi
done
echo "server counts (non-zero): $(tr '\n' ' ' <"$WORK/checks/system-expected.txt")"
compare_counts system "$WORK/checks/system-expected.txt"
jq -r '.patientIds[]' "$WORK/checks/system.json" | sort >"$WORK/checks/original-patient-ids.txt"

# Patient level: all resources of the types the loaded patient bundles hold (the Patient compartment types
# here; the synthetic cohort has no shared reference data), at the server's counts, and nothing else: no
# Group, no conformance resources.
run_client patient
jq -r '.entry[].resource.resourceType' "$WORK"/cohort-data/patient-*.json | sort -u >"$WORK/checks/patient-types.txt"
grep -F -w -f "$WORK/checks/patient-types.txt" "$WORK/checks/system-expected.txt" >"$WORK/checks/patient-expected.txt"
compare_counts patient "$WORK/checks/patient-expected.txt"
check patient "no Group file" test "$(jq '.counts.Group // 0' "$WORK/checks/patient.json")" -eq 0

# Group level: the Group itself, its members and their compartments.
MEMBERS_FILE=$AWORK/checks/members.txt run_client group -g "$GROUP_ID"
IDS=$(paste -sd, "$WORK/checks/members.txt")
{
	echo "Group 1"
	echo "Patient $(count "Patient?_id=$IDS")"
	for type in $(jq -r '.counts | keys[]' "$WORK/checks/group.json" | grep -vx -e Group -e Patient); do
		echo "$type $(count "$type?patient=$IDS")"
	done
} >"$WORK/checks/group-expected.txt"
compare_counts group "$WORK/checks/group-expected.txt"
check group "the Patient lines are exactly the $MEMBERS members" \
	test "$(jq -r '.patientIds[]' "$WORK/checks/group.json" | sort | paste -sd,)" = "$(paste -sd, "$WORK/checks/members.txt")"
check group "Group.ndjson is Group/$GROUP_ID" test "$(jq -r .id "$AWORK"/downloads/group/*.Group.ndjson)" = "$GROUP_ID"
check group "every resource is a member or references one ($(jq -c .notMember "$WORK/checks/group.json") outside)" \
	test "$(jq '[.notMember[]] | add // 0' "$WORK/checks/group.json")" -eq 0

# De-identified Patient level export.
run_client deidentified -c deidentify=true
jq -r '.counts | to_entries[] | "\(.key) \(.value)"' "$WORK/checks/patient.json" >"$WORK/checks/deidentified-expected.txt"
compare_counts deidentified "$WORK/checks/deidentified-expected.txt"
check deidentified "manifest flagged de-identified ($(jq -c '.extension // {}' "$AWORK/downloads/deidentified/manifest.json"))" \
	test "$(jq '.extension["http://msfhir.org/fhir/bulk-export/deidentified"]' "$AWORK/downloads/deidentified/manifest.json")" = true
hits=$(cat "$AWORK"/downloads/deidentified/[0-9]*.ndjson | grep -o -w -F -f "$WORK/checks/patient-names-identifiers.txt" | sort -u | head -5 | paste -sd' ' || true)
check deidentified "none of the $(wc -l <"$WORK/checks/patient-names-identifiers.txt") names and identifier values of the loaded patients in the files${hits:+ (found: $hits)}" \
	test -z "$hits"
leaked=$(jq -r '.patientIds[], .patientRefs[]' "$WORK/checks/deidentified.json" | sort -u | comm -12 - "$WORK/checks/original-patient-ids.txt" | wc -l)
check deidentified "no original Patient id as id or reference ($leaked found)" test "$leaked" -eq 0
dangling=$(comm -23 <(jq -r '.patientRefs[]' "$WORK/checks/deidentified.json" | sort -u) <(jq -r '.patientIds[]' "$WORK/checks/deidentified.json" | sort -u) | wc -l)
check deidentified "every Patient reference resolves to an exported pseudonymised Patient ($dangling dangling)" test "$dangling" -eq 0

echo
if [ "$FAILED" -eq 0 ]; then echo "ALL CHECKS PASSED"; else echo "$FAILED CHECK(S) FAILED"; fi
echo "report: $REPORT"
[ "$FAILED" -eq 0 ]
