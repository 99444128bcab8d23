# Shared by the benchmark scripts (sourced, not run): the repository root as working directory, the
# tools' classpath, the processes they start (PostgreSQL from the zonky binaries, server instances) and
# their clean-up on exit. Every path the scripts print or take is relative to the repository root.
# MVN_ARGS: extra Maven options for the builds below (e.g. "-o" to stay offline).

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
cd "$ROOT"

PIDS=()
cleanup() {
	for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
	for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

# build_server: the whole reactor without tests; the runnable jar is src/server/target/*-exec.jar.
build_server() {
	# shellcheck disable=SC2086 # MVN_ARGS holds several options
	mvn -q -B ${MVN_ARGS:-} -DskipTests package
}

# server_jar: the runnable server jar built last.
server_jar() {
	ls -t src/server/target/ms-fhir-server-*-exec.jar | head -1
}

# TOOLS_CP: the classpath of the tools module with its test classes (BenchPostgres) and test
# dependencies, resolved inside the reactor, so nothing has to be installed into ~/.m2.
TOOLS_CP=
tools_classpath() {
	[ -z "$TOOLS_CP" ] || return 0
	# shellcheck disable=SC2086 # MVN_ARGS holds several options
	mvn -q -B ${MVN_ARGS:-} -pl src/tools -am -DskipTests test-compile \
		org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
		-Dmdep.outputFile=target/tools-classpath.txt -Dmdep.includeScope=test >/dev/null
	TOOLS_CP="src/tools/target/classes:src/tools/target/test-classes:$(cat src/tools/target/tools-classpath.txt)"
}

# tool ARGS...: the tools' command line (org.msfhir.tools.MsFhirTools: generate, load, benchmark, demo).
tool() {
	tools_classpath
	java -cp "$TOOLS_CP" org.msfhir.tools.MsFhirTools "$@"
}

# start_postgres PORT DATA_DIR LOG DATABASE...: a fresh durable PostgreSQL (test-scope main
# BenchPostgres) with the given empty databases; returns once it accepts connections.
start_postgres() {
	local port=$1 dir=$2 log=$3
	shift 3
	rm -rf "$dir"
	tools_classpath
	java -cp "$TOOLS_CP" org.msfhir.tools.benchmark.BenchPostgres "$port" "$dir" "$@" >"$log" 2>&1 &
	PIDS+=($!)
	for _ in $(seq 1 120); do grep -q "ready on port" "$log" && return 0; sleep 1; done
	echo "PostgreSQL did not start, see $log"
	exit 1
}

# start_server JAR HEAP PORT PG_PORT DATABASE VALIDATION LOG [option...]: one server instance on
# 127.0.0.1, in open security mode unless SECURITY_MODE says otherwise (embedded: SMART on); its pid is
# in SERVER_PID.
start_server() {
	local jar=$1 heap=$2 port=$3 pg_port=$4 db=$5 validation=$6 log=$7
	shift 7
	# shellcheck disable=SC2086 # SERVER_OPTS holds several JVM options
	java -Xmx"$heap" ${SERVER_OPTS:-} -jar "$jar" --server.port="$port" --server.address=127.0.0.1 \
		--spring.profiles.active=postgres \
		--spring.datasource.url="jdbc:postgresql://localhost:$pg_port/$db" \
		--spring.datasource.username=postgres --spring.datasource.password=postgres \
		--msfhir.validation.enabled="$validation" --msfhir.security.mode="${SECURITY_MODE:-open}" "$@" >"$log" 2>&1 &
	SERVER_PID=$!
	PIDS+=($SERVER_PID)
}

# wait_healthy PORT LOG: waits (up to 15 minutes) until the server on PORT reports healthy.
wait_healthy() {
	for _ in $(seq 1 900); do
		curl -sf "http://127.0.0.1:$1/actuator/health" >/dev/null 2>&1 && return 0
		sleep 1
	done
	echo "server on $1 did not start, see $2"
	exit 1
}
