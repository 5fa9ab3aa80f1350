#!/bin/sh
# Git keeps only the executable bit, so the modes that the example roots depend on (a world-writable
# /etc file and a sticky-less /var/tmp in "weak", 0640 shadow and 1777 /tmp in "hardened", setuid
# binaries in both) are listed in NAME.modes. Run this once after cloning:
#   examples/roots/apply-modes.sh && ./vigil scan --root examples/roots/weak
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
for name in weak hardened; do
  grep -v '^#' "$here/$name.modes" | while read -r path mode; do
    [ -n "$path" ] && chmod "$mode" "$here/$name/$path"
  done
done
