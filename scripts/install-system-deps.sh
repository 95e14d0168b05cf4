#!/usr/bin/env bash
# Installs the media tools Cutaway runs as real programs (see README "System packages").
# Debian/Ubuntu via apt, macOS via brew. Idempotent: already-present tools are skipped.
set -euo pipefail

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
  $SUDO apt-get install -y -qq --no-install-recommends "${pkgs[@]}"
elif command -v brew >/dev/null 2>&1; then
  brew install ffmpeg tesseract cmu-pocketsphinx espeak-ng
  brew install --cask font-dejavu || true
else
  echo "system deps: no apt-get or brew found; install ffmpeg, tesseract (eng), pocketsphinx (en-us), espeak-ng and DejaVu fonts by hand" >&2
  exit 1
fi
