#!/usr/bin/env bash
# Generates a C# client from the OpenAPI document the API serves, with Kiota (the local dotnet tool pinned in
# dotnet-tools.json), and drives the API through it (build/KiotaSmoke): one success path and one typed failure
# of each kind (400 with field errors, 404, 409 with allowed transitions, 412, 428).
# Builds build/KiotaSmoke (which builds the API), starts the API in Development on a free loopback port with
# SQLite in a temporary folder, fetches /swagger/v1/swagger.json, runs
#   dotnet kiota generate -l CSharp -d swagger.json -o <temp>/Client -n CaseCoordination.Client -c CaseCoordinationClient
# and fails if Kiota logs a warning or an error about the document: every `warn:`, `fail:` or `crit:` entry
# Kiota prints counts, except its update check ("Unable to check for updates", offline machines). Then builds
# KiotaSmoke against the generated files (warnings are errors, so the generated client must build clean),
# runs it, prints
#   kiota-client: N checks passed
# stops the API (by its PID) and exits non-zero on any Kiota warning, build error or failed check.
# Needs the .NET SDK, NuGet (Kiota and the Microsoft.Kiota.* packages), Node and curl (build/serve-api.sh).
# KIOTA_CLIENT_KEEP=<dir> keeps the document and the generated client there.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"

work="$(mktemp -d "${TMPDIR:-/tmp}/kiota-client.XXXXXX")"
. build/serve-api.sh
cleanup() {
  stop_api
  if [ -n "${KIOTA_CLIENT_KEEP:-}" ]; then
    mkdir -p "$KIOTA_CLIENT_KEEP" && cp -r "$work/swagger.json" "$work/Client" "$KIOTA_CLIENT_KEEP/" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

dotnet tool restore >"$work/tool.log" 2>&1 || { cat "$work/tool.log" >&2; echo "kiota-client: dotnet tool restore failed" >&2; exit 1; }

# The smoke program references the API (for DevTokens), so this builds the API too. Its generated sources
# do not exist yet: build only what it references, then the program itself once the client is generated.
dotnet build src/CaseCoordination.Api -v q -nologo >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; echo "kiota-client: the API does not build" >&2; exit 1; }
dll="$(ls -t "$root"/src/CaseCoordination.Api/bin/*/net*/CaseCoordination.Api.dll 2>/dev/null | head -1)"
[ -n "$dll" ] || { echo "kiota-client: CaseCoordination.Api.dll not found" >&2; exit 1; }

# The API as build/openapi-lint.sh starts it (build/serve-api.sh): Development, so the development signing key
# the smoke program mints its tokens with; SQLite in the temp folder.
serve_api "$work" kiota-client "$dll"
url="$api_url"

set +e
dotnet kiota generate -l CSharp -d "$work/swagger.json" -o "$work/Client" \
  -n CaseCoordination.Client -c CaseCoordinationClient --clean-output --log-level Warning >"$work/kiota.log" 2>&1
kiota_status=$?
set -e

# The console logger writes "warn: <category>[<id>]" (or fail:/crit:) and the message on the next line.
awk '
  /^(warn|fail|crit): / { level = $1; sub(":", "", level); getline message; sub(/^ +/, "", message);
                          if (message != "Unable to check for updates") print "  kiota " level ": " message }
' "$work/kiota.log" >"$work/kiota-findings.txt"
findings="$(wc -l <"$work/kiota-findings.txt" | tr -d ' ')"
cat "$work/kiota-findings.txt"
echo "kiota-client: Kiota reported ${findings} warnings or errors about the document"
if [ "$kiota_status" -ne 0 ] || [ ! -f "$work/Client/CaseCoordinationClient.cs" ]; then
  cat "$work/kiota.log" >&2
  echo "kiota-client: Kiota did not generate the client (exit $kiota_status)" >&2
  exit 1
fi
[ "$findings" -eq 0 ] || exit 1

dotnet build build/KiotaSmoke -v q -nologo -p:KiotaClientDir="$work/Client" >"$work/smoke-build.log" 2>&1 || {
  grep -E "error|warning" "$work/smoke-build.log" | sort -u | head -50 >&2
  echo "kiota-client: the generated client does not build" >&2
  exit 1
}

dotnet run --project build/KiotaSmoke --no-build -- "$url" "$root/src/CaseCoordination.Api/appsettings.Development.json"
