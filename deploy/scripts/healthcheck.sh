#!/bin/bash
# Container health probe for the API image, which has neither curl nor wget: one HTTP/1.1 GET
# over bash's /dev/tcp, healthy only on a 200 status line.
# Usage: healthcheck [path] [port]    defaults: /health/ready 8080
# /health/ready is 200 when the database answers and every migration of this build is applied;
# /health/live is 200 while the process serves HTTP at all.
set -u
path="${1:-/health/ready}"
port="${2:-8080}"

exec 3<>"/dev/tcp/127.0.0.1/${port}" || exit 1
printf 'GET %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' "$path" >&3
IFS= read -r -t 5 status <&3 || exit 1
exec 3<&- 3>&-

case "$status" in
  "HTTP/1.1 200 "* | "HTTP/1.0 200 "*) exit 0 ;;
  *) echo "unhealthy: ${status%$'\r'}" >&2; exit 1 ;;
esac
