#!/usr/bin/env bash
# Installs the Debian packages Spectral needs when they are missing. Needs root; otherwise says what to install.
set -euo pipefail
need=()
for p in libopenblas0-pthread libarpack2 dataset-fashion-mnist python3-numpy; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
done
# numpy may come from pip rather than Debian: only install python3-numpy when python3 cannot import it.
if printf '%s\n' "${need[@]:-}" | grep -qx python3-numpy && python3 -c 'import numpy' 2>/dev/null; then
  need=("${need[@]/python3-numpy}")
fi
pkgs=$(printf '%s ' "${need[@]:-}" | xargs)
[ -z "$pkgs" ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "spectral: missing Debian packages: $pkgs (run: sudo apt-get install -y $pkgs)" >&2
  exit 1
fi
echo "spectral: installing $pkgs" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -q $pkgs >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q $pkgs >/dev/null; }
