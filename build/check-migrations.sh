#!/usr/bin/env bash
# Fails when the model has changes that no migration covers, for any provider.
# The same check runs as a test (MigrationsTests); this script is for a quick look before committing.
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
status=0
for provider in Sqlite SqlServer PostgreSql; do
  if dotnet ef migrations has-pending-model-changes \
      --project src/CaseCoordination.Infrastructure --startup-project src/CaseCoordination.Infrastructure \
      --context "${provider}CaseCoordinationDbContext"; then
    echo "${provider}: migrations cover the model"
  else
    echo "${provider}: the model has changes that no migration covers; run build/add-migration.sh <Name>" >&2
    status=1
  fi
done
exit $status
