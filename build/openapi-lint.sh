#!/usr/bin/env bash
# Lints the OpenAPI document the API serves with Spectral (spectral:oas + the OWASP API Security
# ruleset; build/openapi/.spectral.yaml). Builds and starts the API in Development on a free loopback
# port with SQLite in a temporary folder, fetches /swagger/v1/swagger.json, installs the pinned Spectral
# from the npm registry (build/openapi/package-lock.json, `npm ci`, no global install), lints, prints
#   openapi-lint: N errors, M warnings
# stops the API (by its PID) and exits non-zero on any error.
# Needs the .NET SDK, Node 20+ and npm. OPENAPI_LINT_NO_BUILD=1 skips the build (CI builds first).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"

work="$(mktemp -d "${TMPDIR:-/tmp}/openapi-lint.XXXXXX")"
. build/serve-api.sh
cleanup() {
  stop_api
  if [ -n "${OPENAPI_LINT_KEEP:-}" ]; then cp "$work/swagger.json" "$OPENAPI_LINT_KEEP" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

if [ "${OPENAPI_LINT_NO_BUILD:-0}" != "1" ]; then
  dotnet build src/CaseCoordination.Api -v q -nologo >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; echo "openapi-lint: the API does not build" >&2; exit 1; }
fi
dll="$(ls -t "$root"/src/CaseCoordination.Api/bin/*/net*/CaseCoordination.Api.dll 2>/dev/null | head -1)"
[ -n "$dll" ] || { echo "openapi-lint: CaseCoordination.Api.dll not found; build first" >&2; exit 1; }

# The API in Development, on its own SQLite file in the temp folder (build/serve-api.sh).
serve_api "$work" openapi-lint "$dll"

# Spectral, pinned by package-lock.json, installed into a folder of its own (cached between runs).
tools="${OPENAPI_LINT_TOOLS:-$root/build/openapi/.tools}"
mkdir -p "$tools"
cp build/openapi/package.json build/openapi/package-lock.json "$tools/"
if ! cmp -s build/openapi/package-lock.json "$tools/node_modules/.installed-lock" 2>/dev/null; then
  (cd "$tools" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null)
  cp build/openapi/package-lock.json "$tools/node_modules/.installed-lock"
fi

cp build/openapi/.spectral.yaml "$tools/.spectral.yaml"
set +e
(cd "$tools" && node_modules/.bin/spectral lint "$work/swagger.json" --ruleset .spectral.yaml --format json --quiet) >"$work/lint.json"
set -e

node - "$work/lint.json" <<'JS'
const results = JSON.parse(require('fs').readFileSync(process.argv[2], 'utf8') || '[]');
const errors = results.filter(r => r.severity === 0);
const warnings = results.filter(r => r.severity === 1);
const byRule = {};
for (const r of results) {
  const key = `${r.severity === 0 ? 'error' : r.severity === 1 ? 'warn' : 'info'} ${r.code}`;
  byRule[key] = (byRule[key] || 0) + 1;
}
for (const [key, count] of Object.entries(byRule).sort()) console.log(`  ${key}: ${count}`);
for (const r of errors.slice(0, 100)) console.log(`  error ${r.code} ${r.path.join('.')}: ${r.message}`);
if (errors.length > 100) console.log(`  … and ${errors.length - 100} more errors`);
console.log(`openapi-lint: ${errors.length} errors, ${warnings.length} warnings`);
process.exitCode = errors.length > 0 ? 1 : 0;
JS
