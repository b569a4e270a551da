#!/bin/bash
# One-shot job of compose.postgresql.yaml, run after the migration job in the PostgreSQL image
# (which ships psql): creates or re-keys the API's own role with row read/write rights only, see
# sql/app-login-postgresql.sql. The API replicas connect with that role, never as postgres.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=lib.sh
. "$here/lib.sh"

DB_HOST="${DB_HOST:-db}"
DB_NAME="${DB_NAME:-casecoordination}"
APP_DB_LOGIN="${APP_DB_LOGIN:-casecoordination_app}"
require_identifier DB_NAME
require_identifier APP_DB_LOGIN
require_secret POSTGRES_PASSWORD
require_secret APP_DB_PASSWORD

# psql reads the superuser's password from PGPASSWORD. The role's password is a psql variable:
# visible to this short-lived container's own process list only, and quoted by psql (:'x').
export PGPASSWORD="$POSTGRES_PASSWORD"

echo "app-login: ensuring role $APP_DB_LOGIN in $DB_NAME (rows read and written, no DDL)"
psql --no-psqlrc --quiet -v ON_ERROR_STOP=1 -h "$DB_HOST" -U postgres -d "$DB_NAME" \
  -v app_role="$APP_DB_LOGIN" -v app_password="$APP_DB_PASSWORD" -f "$here/sql/app-login-postgresql.sql"
echo "app-login: done"
