#!/usr/bin/env bash
# Installs the media tools Cutaway runs as real programs (see README "System packages"), and Node.js 24 LTS into
# .node/ when the machine's Node is older (scripts/install-node.sh).
# Debian/Ubuntu via apt, macOS via brew. Idempotent: already-present tools are skipped.
# CUTAWAY_WITH_CEPH=1 (set by .ci/run) adds Ceph's monitor, OSD and RADOS Gateway, the S3 engine the tests run on.
set -euo pipefail

bash "$(dirname "$0")/install-node.sh"

need=()
command -v ffmpeg >/dev/null 2>&1 || need+=(ffmpeg)
command -v tesseract >/dev/null 2>&1 || need+=(tesseract)
command -v pocketsphinx_continuous >/dev/null 2>&1 || need+=(pocketsphinx)
command -v espeak-ng >/dev/null 2>&1 || need+=(espeak-ng)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts)
# The quick-start check uses curl; the panel build tests check the .ccx with unzip; the TLS test makes a certificate with openssl.
for tool in curl unzip openssl; do command -v "$tool" >/dev/null 2>&1 || need+=("$tool"); done
if [ "${CUTAWAY_WITH_BROWSER:-0}" = 1 ]; then
  command -v chromium >/dev/null 2>&1 || need+=(chromium)
fi
ceph=()
if [ "${CUTAWAY_WITH_CEPH:-0}" = 1 ]; then
  for tool in ceph-mon ceph-osd radosgw radosgw-admin ceph uuidgen curl; do
    command -v "$tool" >/dev/null 2>&1 || { ceph=(ceph-mon ceph-osd radosgw ceph-common uuid-runtime curl); need+=(ceph); break; }
  done
fi

if [ ${#need[@]} -eq 0 ]; then
  echo "system deps: all present"
  exit 0
fi
echo "system deps: installing for ${need[*]}"

if command -v apt-get >/dev/null 2>&1; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  pkgs=(ffmpeg tesseract-ocr tesseract-ocr-eng pocketsphinx pocketsphinx-en-us espeak-ng fonts-dejavu-core curl unzip openssl)
  [ "${CUTAWAY_WITH_BROWSER:-0}" = 1 ] && pkgs+=(chromium)
  # Nothing of Ceph starts by itself; scripts/ceph-rgw.sh runs it. ceph-mgr is not needed (+300 MB).
  pkgs+=("${ceph[@]}")
  $SUDO apt-get install -y -qq --no-install-recommends "${pkgs[@]}"
elif command -v brew >/dev/null 2>&1; then
  [ ${#ceph[@]} -eq 0 ] || echo "system deps: Ceph has no brew package; the S3 suites need a Linux machine (or CUTAWAY_TEST_S3_* pointing at an S3 engine)" >&2
  brew install ffmpeg tesseract cmu-pocketsphinx espeak-ng
  brew install --cask font-dejavu || true
else
  echo "system deps: no apt-get or brew found; install ffmpeg, tesseract (eng), pocketsphinx (en-us), espeak-ng and DejaVu fonts by hand" >&2
  exit 1
fi
