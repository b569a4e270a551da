#!/bin/bash
# One-shot migration job of the compose deployments (image target `migrator` of deploy/Dockerfile).
# Runs the EF Core migrations bundle built from this very source tree: it creates the database if
# it is missing and applies every pending migration of the provider's set, through the same
# Database.Migrate() code path as Database:MigrateOnStartup (EF Core takes a database lock while it
# migrates). Migrations already recorded in __EFMigrationsHistory are skipped, so running it again
# is harmless. It connects as the server's administrator (sa, or postgres): it is the only part of
# the deployment with DDL rights.
# DB_PROVIDER: SqlServer (compose.yaml, the default) or PostgreSql (compose.postgresql.yaml); the
# image's bundle must be of that provider's set (build argument MIGRATIONS_CONTEXT).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=lib.sh
. "$here/lib.sh"

DB_PROVIDER="${DB_PROVIDER:-SqlServer}"
DB_HOST="${DB_HOST:-db}"

case "$DB_PROVIDER" in
  SqlServer)
    DB_NAME="${DB_NAME:-CaseCoordination}"
    require_identifier DB_NAME
    require_secret MSSQL_SA_PASSWORD
    connection="Server=${DB_HOST},1433;Database=${DB_NAME};User ID=sa;Password=${MSSQL_SA_PASSWORD};Encrypt=True;TrustServerCertificate=True;Application Name=CaseCoordination.Migrate"
    ;;
  PostgreSql)
    DB_NAME="${DB_NAME:-casecoordination}"
    require_identifier DB_NAME
    require_secret POSTGRES_PASSWORD
    connection="Host=${DB_HOST};Port=5432;Database=${DB_NAME};Username=postgres;Password=${POSTGRES_PASSWORD};Application Name=CaseCoordination.Migrate"
    ;;
  *) fail "DB_PROVIDER must be SqlServer or PostgreSql" ;;
esac

echo "migrate: applying the $DB_PROVIDER migrations to $DB_NAME on $DB_HOST"
exec "$here/efbundle" --connection "$connection"
