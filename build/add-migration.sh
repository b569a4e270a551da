#!/usr/bin/env bash
# Adds a migration with the same name to the three providers' migration sets (SQLite, SQL Server,
# PostgreSQL), each generated from the one model.
# Usage: build/add-migration.sh NameOfChange
set -euo pipefail
cd "$(dirname "$0")/.."
name="${1:?usage: build/add-migration.sh NameOfChange}"
dotnet tool restore >/dev/null
for provider in Sqlite SqlServer PostgreSql; do
  dotnet ef migrations add "$name" \
    --project src/CaseCoordination.Infrastructure --startup-project src/CaseCoordination.Infrastructure \
    --context "${provider}CaseCoordinationDbContext" --output-dir "Persistence/Migrations/${provider}"
done
