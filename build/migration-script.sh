#!/usr/bin/env bash
# Writes the idempotent SQL Server migration script for database administrators who apply
# migrations by hand: safe to run on a database at any earlier migration (each step checks
# __EFMigrationsHistory). Usage: build/migration-script.sh [output file]
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-artifacts/sql/casecoordination-sqlserver.sql}"
mkdir -p "$(dirname "$out")"
dotnet tool restore >/dev/null
dotnet ef migrations script --idempotent \
  --project src/CaseCoordination.Infrastructure --startup-project src/CaseCoordination.Infrastructure \
  --context SqlServerCaseCoordinationDbContext --output "$out"
echo "Wrote $out"
