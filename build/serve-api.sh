# Sourced by build scripts that need the API running (build/openapi-lint.sh, build/kiota-client.sh).
#   serve_api <work dir> <label> <CaseCoordination.Api.dll>
# Starts the API in Development (OpenAPI served, the development signing key) on a free loopback port, from
# its output folder (its appsettings), on its own SQLite file with keys and digests in <work dir>, the servers
# entry set as production sets it (OpenApi:ServerUrl, the https address clients use; docs/operations.md).
# Sets api_pid (the API's own PID: exec) and api_url, and waits until it serves the document into
# <work dir>/swagger.json; on failure prints the API's log and "<label>: ..." and exits 1.
# stop_api stops it by that PID (call it from the caller's EXIT trap). Needs Node (for a free port) and curl.
api_pid=""
api_url=""

serve_api() {
  local work="$1" label="$2" dll="$3" port
  port="$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")"
  api_url="http://127.0.0.1:${port}"

  ASPNETCORE_ENVIRONMENT=Development \
  ASPNETCORE_URLS="$api_url" \
  Database__Provider=Sqlite \
  ConnectionStrings__CaseCoordination="Data Source=$work/api.db" \
  PersonalData__KeysDirectory="$work/keys" \
  AccessLog__DigestDirectory="$work/digests" \
  Serilog__MinimumLevel__Default=Warning \
  OpenApi__Enabled=true \
  OpenApi__ServerUrl="https://casecoordination.test" \
    bash -c 'cd "$(dirname "$1")" && exec dotnet "$1"' _ "$dll" >"$work/api.log" 2>&1 &
  api_pid=$!

  for _ in $(seq 1 120); do
    if curl -fsS "$api_url/swagger/v1/swagger.json" -o "$work/swagger.json" 2>/dev/null; then
      break
    fi
    if ! kill -0 "$api_pid" 2>/dev/null; then
      cat "$work/api.log" >&2
      echo "$label: the API stopped before serving the document" >&2
      exit 1
    fi
    sleep 1
  done
  [ -s "$work/swagger.json" ] || { cat "$work/api.log" >&2; echo "$label: no document at $api_url/swagger/v1/swagger.json" >&2; exit 1; }
}

stop_api() {
  if [ -n "$api_pid" ] && kill -0 "$api_pid" 2>/dev/null; then
    kill "$api_pid" 2>/dev/null || true
    wait "$api_pid" 2>/dev/null || true
  fi
}
