#!/usr/bin/env bash
# Compiles the FHIR Shorthand in profiles/input/fsh into profiles/fsh-generated/resources, offline.
#
#   profiles/build.sh            build into profiles/fsh-generated (commit the result)
#   profiles/build.sh OUT_DIR    build into OUT_DIR/fsh-generated (used by the up-to-date test)
#
# Needs node/npm and Maven. SUSHI needs the FHIR R4 core package, which packages.fhir.org would
# normally provide; it is rebuilt here from HAPI's validation resources (R4CorePackageBuilder) into a
# package cache inside the build (profiles/.fhir-home), and SUSHI runs with HOME pointing there, so
# nothing is fetched from the FHIR package registry and nothing lands in the user's home.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
out="${1:-$here}"
fhir_home="$here/.fhir-home"

if [ ! -x "$here/node_modules/.bin/sushi" ]; then
	(cd "$here" && npm ci --no-audit --no-fund --silent)
fi

if [ ! -f "$fhir_home/.fhir/packages/hl7.fhir.r4.core#4.0.1/package/package.json" ]; then
	(cd "$root" && mvn -q -B test-compile dependency:build-classpath \
		-Dmdep.outputFile=target/test-classpath.txt -Dmdep.includeScope=test)
	java -Xmx1g -cp "$root/target/test-classes:$root/target/classes:$(cat "$root/target/test-classpath.txt")" \
		org.msfhir.profiles.R4CorePackageBuilder "$fhir_home/.fhir/packages"
fi

# SUSHI keeps files it did not write; start from an empty output folder.
rm -rf "$out/fsh-generated"
HOME="$fhir_home" "$here/node_modules/.bin/sushi" build "$here" -o "$out"
