#!/bin/sh
# Runs a command with Node.js >= 24 (the major in .node-version) first on PATH: the machine's own when it is new
# enough, else the copy scripts/install-node.sh put in .node/. Without either it stops with one line saying what
# to install. The root npm scripts go through it, so `npm start` / `npm test` work on a machine whose Node is older.
set -eu
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
MAJOR="$(cut -d. -f1 <"$ROOT/.node-version")"

major_of() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ "$(major_of node)" -lt "$MAJOR" ]; then
  if [ ! -x "$ROOT/.node/bin/node" ] || [ "$(major_of "$ROOT/.node/bin/node")" -lt "$MAJOR" ]; then
    echo "Cutaway needs Node.js $MAJOR LTS or newer (found $(node -v 2>/dev/null || echo none)): install it from https://nodejs.org, or run scripts/install-system-deps.sh, which puts it in .node/" >&2
    exit 1
  fi
  PATH="$ROOT/.node/bin:$PATH"
  # npm's nodedir may point at the system Node's headers (Debian sets /usr): a native addon built from source must
  # use ours. (better-sqlite3 13 ships N-API prebuilds, which need no rebuild per Node version.)
  npm_config_nodedir="$ROOT/.node"
  export PATH npm_config_nodedir
fi
exec "$@"
