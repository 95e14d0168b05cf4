#!/usr/bin/env bash
# A single-node Ceph cluster with a RADOS Gateway (S3) on 127.0.0.1, for tests and CI.
#
#   scripts/ceph-rgw.sh start   start mon → osd → rgw; writes <dir>/env (prints it too)
#   scripts/ceph-rgw.sh env     print the env file of the running cluster (eval "$(scripts/ceph-rgw.sh env)")
#   scripts/ceph-rgw.sh stop    stop rgw → osd → mon by the PIDs recorded at start, then remove <dir>
#
# <dir> is $CUTAWAY_CEPH_DIR (default .scratch/ceph in the repository). Data lives in RAM (memstore, capped
# by $CUTAWAY_CEPH_MEMSTORE_BYTES, default 3 GiB): nothing survives stop, which is what a test run wants.
# Follows the layout documented in docs/s3-ceph.md (which cites the Ceph manual pages it is built from).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIR="${CUTAWAY_CEPH_DIR:-$ROOT/.scratch/ceph}"
CONF="$DIR/ceph.conf"
RGW_NAME=cutaway
# Storage classes the archive tiers use (nearline = GLACIER_IR, archive = DEEP_ARCHIVE) and their neighbours;
# RGW refuses a class its placement does not list with 400 InvalidArgument.
STORAGE_CLASSES=(STANDARD_IA GLACIER_IR GLACIER DEEP_ARCHIVE)

log() { echo "ceph-rgw: $*" >&2; }
die() { log "$*"; exit 1; }
ceph_cli() { timeout 30 ceph -c "$CONF" --connect-timeout 10 "$@"; }

# Three distinct free ports on 127.0.0.1, asked of the kernel (port 0) and released at once.
free_ports() {
  local node_bin
  node_bin="$(command -v node || echo "$ROOT/.node/bin/node")"
  "$node_bin" -e '
    const net = require("node:net");
    const servers = [0, 1, 2].map(() => net.createServer());
    Promise.all(servers.map((s) => new Promise((ok) => s.listen(0, "127.0.0.1", () => ok(s.address().port)))))
      .then((ports) => { console.log(ports.join(" ")); servers.forEach((s) => s.close()); });'
}

# Waits (bounded) until "$@" succeeds.
wait_for() {
  local what="$1" tries="$2"; shift 2
  for _ in $(seq "$tries"); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.2
  done
  die "$what did not come up; logs in $DIR/log"
}

# Starts a daemon in the background, in its own session so it outlives this script; records its PID.
spawn() {
  local name="$1"; shift
  setsid "$@" >"$DIR/log/$name.out" 2>&1 </dev/null &
  echo $! >"$DIR/pids/$name"
}

elapsed() { echo "$(( ($(date +%s%N) - t0) / 1000000 )) ms"; }

alive() { [ -f "$DIR/pids/$1" ] && kill -0 "$(cat "$DIR/pids/$1")" 2>/dev/null; }

rgw_ready() {
  # A signed ListBuckets (SigV4) answers only once RGW has its user, zone and pools. curl 7.x does not add
  # the payload hash header RGW requires, so it is sent (and signed) explicitly: the sha256 of an empty body.
  curl -sf --max-time 2 --aws-sigv4 "aws:amz:us-east-1:s3" --user "$ACCESS_KEY:$SECRET_KEY" \
    -H "x-amz-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" "http://127.0.0.1:$P_RGW/" | grep -q ListAllMyBucketsResult
}

start() {
  for cmd in ceph-mon ceph-osd radosgw radosgw-admin monmaptool ceph uuidgen curl; do
    command -v "$cmd" >/dev/null || die "$cmd is missing: run scripts/install-system-deps.sh with CUTAWAY_WITH_CEPH=1"
  done
  if [ -f "$DIR/pids/mon" ]; then
    if alive mon; then die "a cluster is already running from $DIR (scripts/ceph-rgw.sh stop first)"; fi
    stop_daemons # what a crashed run left: stop anything still alive, then start clean
  fi
  local t0 fsid
  t0=$(date +%s%N)
  rm -rf "$DIR"
  mkdir -p "$DIR"/{run,log,crash,pids,mon/ceph-a,osd,rgw}
  read -r P_MON2 P_MON1 P_RGW < <(free_ports)
  fsid=$(uuidgen)
  ACCESS_KEY="cutaway$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')"
  SECRET_KEY="$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')"
  cat >"$CONF" <<EOF
[global]
fsid = $fsid
mon initial members = a
mon host = [v2:127.0.0.1:$P_MON2,v1:127.0.0.1:$P_MON1]
public addr = 127.0.0.1
cluster addr = 127.0.0.1
# One machine, loopback only, throwaway data: no authentication.
auth cluster required = none
auth service required = none
auth client required = none
keyring = /dev/null
run dir = $DIR/run
admin socket = $DIR/run/\$name.asok
pid file = $DIR/run/\$name.pid
log file = $DIR/log/\$name.log
crash dir = $DIR/crash
mon data = $DIR/mon/ceph-\$id
osd data = $DIR/osd/ceph-\$id
rgw data = $DIR/rgw
# One OSD: pools of one replica, placed on the one host.
osd pool default size = 1
osd pool default min size = 1
mon allow pool size one = true
osd crush chooseleaf type = 0
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
mon warn on pool no redundancy = false
mon data avail crit = 1
mon data avail warn = 2
osd objectstore = memstore
memstore device bytes = ${CUTAWAY_CEPH_MEMSTORE_BYTES:-3221225472}

[mon]
# Fast pool creation: propose map changes every 50 ms instead of every second.
paxos propose interval = 0.05
paxos min wait = 0.01

[client.rgw.$RGW_NAME]
# Without tcp_nodelay every small GET waits ~48 ms for delayed ACKs.
rgw frontends = beast endpoint=127.0.0.1:$P_RGW tcp_nodelay=1
# RGW's own defaults are cephx and secure mode; with auth none elsewhere it would loop on
# "get_initial_auth_request returned -13".
ms mon client mode = crc
auth client required = none
EOF

  monmaptool --create --fsid "$fsid" --addv a "[v2:127.0.0.1:$P_MON2,v1:127.0.0.1:$P_MON1]" "$DIR/monmap" >/dev/null
  ceph-mon -c "$CONF" --mkfs -i a --monmap "$DIR/monmap" >"$DIR/log/mkfs-mon.out" 2>&1
  spawn mon ceph-mon -c "$CONF" -f -i a
  wait_for "ceph-mon" 150 ceph_cli mon stat
  log "mon up ($(elapsed))"

  local osd_uuid osd_id
  osd_uuid=$(uuidgen)
  osd_id=$(ceph_cli osd new "$osd_uuid")
  mkdir -p "$DIR/osd/ceph-$osd_id"
  ceph-osd -c "$CONF" --mkfs -i "$osd_id" --osd-uuid "$osd_uuid" >"$DIR/log/mkfs-osd.out" 2>&1
  spawn osd ceph-osd -c "$CONF" -f -i "$osd_id"

  # RGW's seven pools are not created here: radosgw-admin and radosgw create them on first use with the defaults
  # above (8 PGs, one replica) and tag them for rgw. Creating them up front with the ceph CLI costs 14 Python
  # start-ups, which on a loaded 2-core machine took 27 s against 2 s for letting RGW do it.
  wait_for "ceph-osd" 150 sh -c "ceph -c '$CONF' --connect-timeout 10 osd dump | grep -q '^osd.$osd_id up'"
  log "osd.$osd_id up ($(elapsed))"

  # Storage classes must be in the placement before RGW starts (it reads the zone once).
  local admin=(timeout 60 radosgw-admin -c "$CONF" -n "client.rgw.$RGW_NAME")
  "${admin[@]}" user create --uid cutaway --display-name "Cutaway tests" --access-key "$ACCESS_KEY" --secret "$SECRET_KEY" >/dev/null
  for class in "${STORAGE_CLASSES[@]}"; do
    "${admin[@]}" zonegroup placement add --rgw-zonegroup default --placement-id default-placement --storage-class "$class" >/dev/null
    "${admin[@]}" zone placement add --rgw-zone default --placement-id default-placement --storage-class "$class" \
      --data-pool default.rgw.buckets.data >/dev/null
  done

  log "user and storage classes configured ($(elapsed))"
  spawn rgw radosgw -c "$CONF" -f -n "client.rgw.$RGW_NAME"
  wait_for "radosgw" 300 rgw_ready

  cat >"$DIR/env" <<EOF
export CUTAWAY_TEST_S3_ENDPOINT=http://127.0.0.1:$P_RGW
export CUTAWAY_TEST_S3_REGION=us-east-1
export CUTAWAY_TEST_S3_ACCESS_KEY_ID=$ACCESS_KEY
export CUTAWAY_TEST_S3_SECRET_ACCESS_KEY=$SECRET_KEY
export CUTAWAY_TEST_S3_ENGINE=ceph-rgw
EOF
  log "S3 (Ceph RGW $(ceph --version | awk '{print $3}')) ready at http://127.0.0.1:$P_RGW in $(elapsed)"
  cat "$DIR/env"
}

# SIGTERM one daemon and wait (bounded) for it to exit; SIGKILL if it will not.
stop_one() {
  local name="$1" pid
  [ -f "$DIR/pids/$name" ] || return 0
  pid=$(cat "$DIR/pids/$name")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
      log "$name ($pid) ignored SIGTERM for 5 s; killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  rm -f "$DIR/pids/$name"
}

# One at a time, clients first: stopped together, the OSD waits 5 s for the monitor and RGW hangs.
stop_daemons() {
  stop_one rgw
  stop_one osd
  stop_one mon
}

stop() {
  [ -d "$DIR" ] || { log "nothing to stop in $DIR"; return 0; }
  stop_daemons
  rm -rf "$DIR"
  log "stopped"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  env) [ -f "$DIR/env" ] && alive rgw || die "no running cluster in $DIR (scripts/ceph-rgw.sh start)"; cat "$DIR/env" ;;
  *) echo "usage: $0 start|stop|env" >&2; exit 2 ;;
esac
