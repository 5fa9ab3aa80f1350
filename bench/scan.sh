#!/usr/bin/env bash
# Whole-process benchmark of `vigil scan` of this host, JVM start included (issue 3 target: < 1.5 s
# wall on a 2-core machine). Baselines measured in the same run: a bare JVM start (`java -version`)
# and `vigil version` (JVM + the distribution's start-up, no scan).
# Usage: bench/scan.sh [RUNS]   (default 15). Prints medians and ratios.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-15}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

"$here/vigil" version >/dev/null            # build if needed
"$here/vigil" scan --out "$out/warm" -q --fail-on none >/dev/null   # records the CDS archive

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
time_ms() { # command... -> wall milliseconds
  local s e
  s=$(date +%s%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s%N)
  echo $(( (e - s) / 1000000 ))
}

java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
jvm=(); ver=(); scan=()
for i in $(seq "$runs"); do
  jvm+=("$(time_ms "$java" -Xshare:auto -version)")
  ver+=("$(time_ms "$here/vigil" version)")
  scan+=("$(time_ms "$here/vigil" scan --out "$out/runs" -q --fail-on none)")
done
m_jvm=$(printf '%s\n' "${jvm[@]}" | median)
m_ver=$(printf '%s\n' "${ver[@]}" | median)
m_scan=$(printf '%s\n' "${scan[@]}" | median)
findings=$(ls -d "$out"/runs/*/ | head -n1)
n=$(grep -o '"status"' "$findings/findings.json" | wc -l || true)
printf 'runs: %s   findings per scan: ~%s   cores: %s\n' "$runs" "$n" "$(nproc)"
printf 'java -version (bare JVM start) median: %6d ms\n' "$m_jvm"
printf 'vigil version                  median: %6d ms\n' "$m_ver"
printf 'vigil scan (this host)         median: %6d ms   (%.2fx bare JVM, %.2fx vigil version; target < 1500 ms)\n' \
  "$m_scan" "$(echo "$m_scan / $m_jvm" | bc -l)" "$(echo "$m_scan / $m_ver" | bc -l)"
