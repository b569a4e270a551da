#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on the loopback address, for the test suite (.ci/run) and the
# benchmarks (build/throughput.sh). Never a production setup: one folder, one password, gone after `stop`.
#   build/postgres-cluster.sh start <folder> [port]   prints the connection string (superuser, database postgres);
#                                                     without a port, the first free one from 55432 up
#   build/postgres-cluster.sh stop <folder>           stops the cluster and removes the folder
#   build/postgres-cluster.sh bin                     prints the folder of the server's binaries (psql, pg_dump)
# Installs Debian's postgresql package when its binaries are missing and this runs as root. As root,
# the cluster runs as the postgres user (initdb refuses root).
set -euo pipefail
command="${1:?usage: build/postgres-cluster.sh start|stop <folder> [port] | bin}"
folder="${2:-}"

bin_dir() {
  local found
  found="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
  if [ -z "$found" ] && command -v pg_ctl >/dev/null 2>&1; then found="$(dirname "$(command -v pg_ctl)")"; fi
  echo "$found"
}

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$command" in
  bin)
    bin_dir
    ;;
  start)
    [ -n "$folder" ] || { echo "usage: build/postgres-cluster.sh start <folder> [port]" >&2; exit 2; }
    port="${3:-}"
    if [ -z "$port" ]; then
      # The first port from 55432 up that nothing answers on.
      for port in $(seq 55432 55632); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || break; done
    fi
    bin="$(bin_dir)"
    if [ -z "$bin" ]; then
      if [ "$(id -u)" -ne 0 ]; then echo "PostgreSQL is not installed and this is not root: cannot install it" >&2; exit 1; fi
      (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >/dev/null 2>&1 \
        || { echo "could not install Debian's postgresql package" >&2; exit 1; }
      bin="$(bin_dir)"
      [ -n "$bin" ] || { echo "postgresql installed but its binaries were not found" >&2; exit 1; }
    fi
    if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
      echo "running as root, but there is no postgres user to own the cluster (initdb refuses root)" >&2; exit 1
    fi
    mkdir -p "$folder"
    password="cc-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
    printf '%s\n' "$password" >"$folder/password"
    if [ "$(id -u)" -eq 0 ]; then
      chown -R postgres "$folder"
      runuser -u postgres -- test -x "$folder" || { echo "the postgres user cannot reach $folder (make its parent folders traversable: chmod a+x)" >&2; exit 1; }
    fi
    as_owner "$bin/initdb" -D "$folder/data" -U postgres --auth=scram-sha-256 --pwfile="$folder/password" -E UTF8 --locale=C.UTF-8 >"$folder/initdb.log" 2>&1 \
      || { cat "$folder/initdb.log" >&2; exit 1; }
    # Loopback only; the socket in the folder, not /var/run; enough connections for two API instances and the suite.
    as_owner "$bin/pg_ctl" -D "$folder/data" -l "$folder/server.log" -w -t 60 \
      -o "-p $port -k $folder -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=on" start >/dev/null \
      || { cat "$folder/server.log" >&2; exit 1; }
    echo "Host=127.0.0.1;Port=$port;Username=postgres;Password=$password;Database=postgres"
    ;;
  stop)
    [ -n "$folder" ] || { echo "usage: build/postgres-cluster.sh stop <folder>" >&2; exit 2; }
    bin="$(bin_dir)"
    if [ -n "$bin" ] && [ -d "$folder/data" ]; then
      as_owner "$bin/pg_ctl" -D "$folder/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$folder"
    ;;
  *)
    echo "usage: build/postgres-cluster.sh start|stop <folder> [port] | bin" >&2
    exit 2
    ;;
esac
