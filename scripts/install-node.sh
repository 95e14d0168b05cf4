#!/usr/bin/env bash
# Provides Node.js 24 LTS (the version in .node-version) when the machine's Node is older or missing: installs the
# official binary build from the npm registry (package node-<os>-<arch>, which carries bin/node and include/node)
# into .node/ of the repository (git-ignored). scripts/with-node.sh and .ci/run put .node/bin first on PATH.
# Idempotent: nothing happens when the machine's Node or .node/ already has the right major.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WANT="$(tr -d ' \n\r' <"$ROOT/.node-version")"
MAJOR="${WANT%%.*}"
DEST="$ROOT/.node"

major_of() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if command -v node >/dev/null 2>&1 && [ "$(major_of node)" -ge "$MAJOR" ]; then
  echo "node: $(node -v) on PATH is new enough"
  exit 0
fi
if [ -x "$DEST/bin/node" ] && [ "$("$DEST/bin/node" -v)" = "v$WANT" ]; then
  echo "node: v$WANT already in .node/"
  exit 0
fi

case "$(uname -s)" in Linux) os=linux ;; Darwin) os=darwin ;; *) echo "node: no npm build of Node for $(uname -s); install Node $MAJOR LTS by hand" >&2; exit 1 ;; esac
case "$(uname -m)" in x86_64 | amd64) arch=x64 ;; aarch64 | arm64) arch=arm64 ;; *) echo "node: no npm build of Node for $(uname -m); install Node $MAJOR LTS by hand" >&2; exit 1 ;; esac
pkg="node-$os-$arch"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/cutaway-node.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

echo "node: installing $pkg@$WANT from the npm registry into .node/"
if command -v npm >/dev/null 2>&1; then
  (cd "$tmp" && npm pack "$pkg@$WANT" --silent >/dev/null)
else
  # No npm yet (no Node at all): the same tarball, straight from the registry.
  curl -fsSL -o "$tmp/$pkg-$WANT.tgz" "https://registry.npmjs.org/$pkg/-/$pkg-$WANT.tgz"
fi
rm -rf "$DEST"
mkdir -p "$DEST"
tar -xzf "$tmp/$pkg-$WANT.tgz" -C "$DEST" --strip-components=1
"$DEST/bin/node" -v >/dev/null
echo "node: $("$DEST/bin/node" -v) installed in .node/ (npm scripts use it through scripts/with-node.sh)"
