#!/usr/bin/env bash
# The command-line tools (org.msfhir.tools.MsFhirTools), run from the repository root without
# installing anything: compiles the tools module inside the reactor, then runs it.
# Usage: src/tools/scripts/tools.sh generate|load|demo|benchmark [options]   (no arguments: usage)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
trap - EXIT
tool "$@"
