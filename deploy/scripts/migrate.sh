#!/bin/bash
# One-shot migration job of the compose deployment (image target `migrator` of deploy/Dockerfile).
# Runs the EF Core migrations bundle built from this very source tree: it creates the database if
# it is missing and applies every pending migration of the SQL Server set, through the same
# Database.Migrate() code path as Database:MigrateOnStartup (EF Core takes a database lock while it
# migrates). Migrations already recorded in __EFMigrationsHistory are skipped, so running it again
# is harmless. It connects as sa: it is the only part of the deployment with DDL rights.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=lib.sh
. "$here/lib.sh"

DB_HOST="${DB_HOST:-db}"
DB_NAME="${DB_NAME:-CaseCoordination}"
require_identifier DB_NAME
require_secret MSSQL_SA_PASSWORD

echo "migrate: applying migrations to $DB_NAME on $DB_HOST"
exec "$here/efbundle" --connection \
  "Server=${DB_HOST},1433;Database=${DB_NAME};User ID=sa;Password=${MSSQL_SA_PASSWORD};Encrypt=True;TrustServerCertificate=True;Application Name=CaseCoordination.Migrate"
