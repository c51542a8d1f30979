#!/usr/bin/env bash
# The public side against nginx serving the same bytes (issue 12, item 1). Run by hand, not by ./test:
#   benchmarks/public-load.sh [seconds per run, default 10]
# Installs nginx and wrk (Debian packages) if missing, starts MuniSocial (Release, demo data, a throwaway data folder)
# on loopback, fetches the exact bytes of each public answer into a folder that nginx serves on another loopback port,
# then for each path runs wrk (2 threads, 64 connections) against nginx and MuniSocial alternately, after a warm-up,
# and prints: path, nginx req/s, MuniSocial req/s, ratio, p99 of both. Results go in docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
duration=${1:-10}
threads=2
connections=64

missing=()
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx-light)
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
command -v curl >/dev/null 2>&1 || missing+=(curl)
if [ ${#missing[@]} -gt 0 ]; then
  echo "== installing ${missing[*]}"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)

free_port() {
  local p=$1
  while (echo > /dev/tcp/127.0.0.1/$p) 2>/dev/null; do p=$((p + 1)); done
  echo $p
}
app_port=$(free_port 5701)
nginx_port=$(free_port $((app_port + 1)))
work=$(mktemp -d /tmp/munisocial-load.XXXXXX)
app_pid=""
nginx_started=0
cleanup() {
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null && wait "$app_pid" 2>/dev/null
  [ "$nginx_started" = 1 ] && "$nginx_bin" -p "$work/nginx" -c "$work/nginx/nginx.conf" -s stop 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

echo "== build (Release)"
dotnet build src/MuniSocial -c Release -nologo -v quiet >/dev/null

echo "== MuniSocial on 127.0.0.1:$app_port (demo data; PublicSite:VerifyPermitsPerMinute=0 — the verify rate limit is OFF for this run)"
# A throwaway database made from the model (EnsureCreated), so the run needs no migration step.
MUNISOCIAL_DATA="$work/data" Demo__Enabled=true Database__EnsureCreatedForTests=true \
  PublicSite__VerifyPermitsPerMinute=0 ASPNETCORE_URLS="http://127.0.0.1:$app_port" \
  ASPNETCORE_CONTENTROOT="$root/src/MuniSocial" DOTNET_gcServer=1 \
  dotnet "$root/src/MuniSocial/bin/Release/net10.0/MuniSocial.dll" >"$work/app.log" 2>&1 &
app_pid=$!
for _ in $(seq 1 240); do
  curl -sf -o /dev/null "http://127.0.0.1:$app_port/" && break
  kill -0 "$app_pid" 2>/dev/null || { echo "MuniSocial did not start:"; tail -n 30 "$work/app.log"; exit 1; }
  sleep 0.5
done

accounts=$(curl -sf "http://127.0.0.1:$app_port/api/public/accounts")
policy_id=$(printf '%s' "$accounts" | grep -o '"id":"[0-9a-f-]*"' | head -n 1 | cut -d'"' -f4)
account_url=$(printf '%s' "$accounts" | grep -o '"accountUrl":"[^"]*"' | head -n 1 | cut -d'"' -f4)
encoded=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$account_url")
paths=("/" "/policies/$policy_id" "/closed" "/api/public/accounts" "/api/public/verify?url=$encoded")

echo "== nginx on 127.0.0.1:$nginx_port serving the same bytes"
mkdir -p "$work/nginx/files" "$work/nginx/logs"
locations=""
i=0
for path in "${paths[@]}"; do
  i=$((i + 1))
  curl -sf -D "$work/nginx/h$i" -o "$work/nginx/files/p$i" "http://127.0.0.1:$app_port$path"
  type=$(grep -i '^content-type:' "$work/nginx/h$i" | head -n 1 | cut -d' ' -f2- | tr -d '\r')
  locations+="    location = /p$i { default_type \"$type\"; alias $work/nginx/files/p$i; etag on; }"$'\n'
done
chmod -R a+rX "$work"
cat >"$work/nginx/nginx.conf" <<EOF
worker_processes auto;
error_log $work/nginx/logs/error.log warn;
pid $work/nginx/nginx.pid;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$nginx_port;
$locations  }
}
EOF
"$nginx_bin" -p "$work/nginx" -c "$work/nginx/nginx.conf"
nginx_started=1

# wrk's numbers: requests/s and the p99 latency in ms.
load() {
  local out
  out=$(wrk -t$threads -c$connections -d"${2}s" --latency "$1" 2>&1)
  local rps p99
  rps=$(printf '%s\n' "$out" | awk '/Requests\/sec/ {print $2}')
  p99=$(printf '%s\n' "$out" | awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; print v}')
  local errors
  errors=$(printf '%s\n' "$out" | awk '/Non-2xx|Socket errors/ {print}' | tr '\n' ' ')
  echo "$rps $p99 ${errors:-}"
}

echo "== machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== warm-up"
i=0
for path in "${paths[@]}"; do
  i=$((i + 1))
  load "http://127.0.0.1:$nginx_port/p$i" 2 >/dev/null
  load "http://127.0.0.1:$app_port$path" 3 >/dev/null
done

echo "== wrk -t$threads -c$connections -d${duration}s, nginx then MuniSocial for each path"
printf '%-40s %12s %12s %7s %10s %10s\n' "path" "nginx req/s" "app req/s" "ratio" "nginx p99" "app p99"
i=0
for path in "${paths[@]}"; do
  i=$((i + 1))
  read -r n_rps n_p99 n_err <<<"$(load "http://127.0.0.1:$nginx_port/p$i" "$duration")"
  read -r a_rps a_p99 a_err <<<"$(load "http://127.0.0.1:$app_port$path" "$duration")"
  ratio=$(awk -v a="$a_rps" -v n="$n_rps" 'BEGIN { printf "%.2f", (n > 0 ? a / n : 0) }')
  label=$path
  [ ${#label} -gt 40 ] && label="${label:0:37}..."
  printf '%-40s %12.0f %12.0f %6sx %8sms %8sms %s\n' "$label" "$n_rps" "$a_rps" "$ratio" "$n_p99" "$a_p99" "${n_err:-}${a_err:-}"
done
echo "== load after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
