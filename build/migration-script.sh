#!/usr/bin/env bash
# Writes the idempotent migration script of a server database for database administrators who apply
# migrations by hand: safe to run on a database at any earlier migration (each step checks
# __EFMigrationsHistory). Usage: build/migration-script.sh [SqlServer|PostgreSql] [output file]
# (SqlServer by default; the output defaults to artifacts/sql/casecoordination-<provider>.sql).
set -euo pipefail
cd "$(dirname "$0")/.."
provider="${1:-SqlServer}"
case "$provider" in
  SqlServer|PostgreSql) ;;
  *) echo "usage: build/migration-script.sh [SqlServer|PostgreSql] [output file]" >&2; exit 2 ;;
esac
lower="$(printf '%s' "$provider" | tr '[:upper:]' '[:lower:]')"
out="${2:-artifacts/sql/casecoordination-${lower}.sql}"
mkdir -p "$(dirname "$out")"
dotnet tool restore >/dev/null
dotnet ef migrations script --idempotent \
  --project src/CaseCoordination.Infrastructure --startup-project src/CaseCoordination.Infrastructure \
  --context "${provider}CaseCoordinationDbContext" --output "$out"
echo "Wrote $out"
