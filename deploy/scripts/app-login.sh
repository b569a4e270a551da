#!/bin/bash
# One-shot job of the compose deployment, run after the migration job in the SQL Server image
# (which ships sqlcmd): creates or re-keys the API's own login with data read/write rights only,
# see sql/app-login.sql. The API replicas connect with that login, never as sa.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck source=lib.sh
. "$here/lib.sh"

DB_HOST="${DB_HOST:-db}"
DB_NAME="${DB_NAME:-CaseCoordination}"
APP_DB_LOGIN="${APP_DB_LOGIN:-casecoordination_app}"
require_identifier DB_NAME
require_identifier APP_DB_LOGIN
require_secret MSSQL_SA_PASSWORD
require_secret APP_DB_PASSWORD

sqlcmd=/opt/mssql-tools18/bin/sqlcmd
[ -x "$sqlcmd" ] || sqlcmd=/opt/mssql-tools/bin/sqlcmd
[ -x "$sqlcmd" ] || fail "sqlcmd not found in this image"

# sqlcmd reads the sa password from SQLCMDPASSWORD. -C trusts the server's self-signed
# certificate (the container's default); -b stops at the first error. The login's password is a
# -v scripting variable: visible to this short-lived container's own process list only.
export SQLCMDPASSWORD="$MSSQL_SA_PASSWORD"

echo "app-login: ensuring login $APP_DB_LOGIN in $DB_NAME (db_datareader, db_datawriter)"
"$sqlcmd" -S "$DB_HOST" -U sa -C -b -l 30 -i "$here/sql/app-login.sql" \
  -v DB_NAME="$DB_NAME" APP_DB_LOGIN="$APP_DB_LOGIN" APP_DB_PASSWORD="$APP_DB_PASSWORD"
echo "app-login: done"
