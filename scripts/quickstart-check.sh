#!/usr/bin/env bash
# Runs the README quick start as written: `npm start` from the repository root, then the README's
# "quickstart:try" block (make a clip, read data/admin.token, upload, search), then stops the server.
# The one liberty: the port. The README's 8750 is swapped for a free port so parallel runs cannot collide.
# It needs a checkout without data/ and clip.mp4 (a fresh clone, as in CI) and removes both afterwards.
# Prints "quickstart ok" on success; "quickstart skipped: …" (exit 0) when the checkout is not fresh.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

if [ -e data ] || [ -e clip.mp4 ]; then
  echo "quickstart skipped: $root/data or clip.mp4 already exists (a real install; run in a fresh clone)"
  exit 0
fi

block="$(awk '/<!-- quickstart:try/{f=1; next} f && /^```sh/{g=1; next} g && /^```/{exit} g{print}' README.md)"
if [ -z "$block" ]; then echo "quickstart FAILED: no quickstart:try block in README.md" >&2; exit 1; fi

port="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
log="$(mktemp)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM -- "-$server_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL -- "-$server_pid" 2>/dev/null || true
  fi
  rm -rf "$root/data" "$root/clip.mp4" "$log"
}
trap cleanup EXIT

# The documented way: `npm start` at the root. Its own process group, so stopping it stops npm, tsx and node.
CUTAWAY_API_PORT="$port" setsid npm start >"$log" 2>&1 &
server_pid=$!
for _ in $(seq 1 150); do
  grep -q "^Cutaway platform-api http" "$log" && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$log" >&2; echo "quickstart FAILED: npm start exited" >&2; exit 1; }
  sleep 0.2
done
grep -q "^Cutaway platform-api http" "$log" || { cat "$log" >&2; echo "quickstart FAILED: no start banner in 30 s" >&2; exit 1; }

# README, banner and disk agree: the banner names <repo>/data, and the token is where the README reads it.
grep -qx "Data directory: $root/data" "$log" || { cat "$log" >&2; echo "quickstart FAILED: the banner does not name $root/data" >&2; exit 1; }
[ -s data/admin.token ] || { echo "quickstart FAILED: data/admin.token missing" >&2; exit 1; }
grep -q "$(cat data/admin.token)" "$log" || { echo "quickstart FAILED: the printed admin token is not the one in data/admin.token" >&2; exit 1; }

out="$(bash -euo pipefail -c "${block//8750/$port}")" || { echo "$out" >&2; echo "quickstart FAILED: the README block failed" >&2; exit 1; }
echo "$out"
# curl prints the two answers back to back: split them into JSON documents (the upload's, then the search's).
docs="$(printf '%s' "$out" | node -e '
  let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
    const out = []; let depth = 0, start = -1, inStr = false, esc = false;
    for (let i = 0; i < s.length; i++) {
      const c = s[i];
      if (inStr) { if (esc) esc = false; else if (c === "\\") esc = true; else if (c === "\"") inStr = false; continue; }
      if (c === "\"") inStr = true;
      else if (c === "{") { if (depth++ === 0) start = i; }
      else if (c === "}" && --depth === 0) out.push(JSON.parse(s.slice(start, i + 1)));
    }
    const [asset, search] = out;
    if (!asset?.id) { console.error("no asset in the upload answer"); process.exit(1); }
    const found = (search?.items ?? []).some((h) => (h.asset?.id ?? h.id ?? h.assetId) === asset.id);
    if (!found) { console.error("search?q=storm did not return asset " + asset.id); process.exit(1); }
    console.log(asset.id);
  });')" || { echo "quickstart FAILED: the answers were not an asset and a search that finds it" >&2; exit 1; }
id="$docs"
echo "quickstart ok: asset $id uploaded and found; data in $root/data"
