# shellcheck shell=bash
# Checks shared by migrate.sh and app-login.sh (sourced, not run).

fail() { echo "$(basename "$0"): $*" >&2; exit 2; }

# A plain SQL identifier, so that it can be pasted into T-SQL and a connection string safely.
require_identifier() {
  [[ "${!1:-}" =~ ^[A-Za-z_][A-Za-z0-9_]{0,63}$ ]] || fail "$1 must be letters, digits and _ only"
}

# Set, not the placeholder of .env.example, 12 to 128 characters, and safe to paste into T-SQL
# and a connection string.
require_secret() {
  local name="$1" value="${!1:-}"
  [ -n "$value" ] || fail "$name is not set"
  [[ "$value" != *CHANGE_ME* ]] || fail "$name still holds the placeholder from .env.example"
  if [ "${#value}" -lt 12 ] || [ "${#value}" -gt 128 ]; then fail "$name must be 12 to 128 characters"; fi
  [[ "$value" != *"'"* && "$value" != *'"'* && "$value" != *';'* && "$value" != *'$'* ]] \
    || fail "$name must not contain ' \" ; or \$"
}
