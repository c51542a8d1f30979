#!/usr/bin/env bash
# Installs the Nu Html Checker (npm vnu-jar) for the browser tests' HTML check, once, into a cache folder that later
# runs reuse (${MUNISOCIAL_VNU_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/munisocial/vnu}). It runs with Debian's Java
# (default-jre-headless, installed by ./test). Prints the path of vnu.jar on success (the last line).
set -euo pipefail
vnu_version=26.9.27
cache=${MUNISOCIAL_VNU_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/munisocial/vnu}
jar="$cache/node_modules/vnu-jar/build/dist/vnu.jar"
stamp="$cache/ready-vnu-$vnu_version"
if [ ! -f "$stamp" ] || [ ! -f "$jar" ]; then
  command -v npm >/dev/null || { echo "npm is not installed (it comes with Debian's nodejs)" >&2; exit 1; }
  mkdir -p "$cache"
  [ -f "$cache/package.json" ] || echo '{"private":true}' > "$cache/package.json"
  npm install --prefix "$cache" --no-audit --no-fund --loglevel=error "vnu-jar@$vnu_version" >/dev/null
  touch "$stamp"
fi
echo "$jar"
