#!/usr/bin/env bash
# Collecting every host.* and accounts.* fact of this live host (issue 4 target: < 500 ms after JVM
# start). Prints, from one JVM: the first collection after JVM start (cold) and warm medians, each
# against a baseline measured in the same run (Files.readAllBytes of the same files, no parsing),
# the bounded filesystem walk separately, and per-collector times. Then the whole process, JVM start
# included, against a bare `java -version`.
# Usage: bench/collect.sh [RUNS]   (default 5). Needs: ./mvnw -q -pl collectors install and
#        ./mvnw -q -f bench/pom.xml package -DskipTests
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-5}"
jar="$here/bench/target/benchmarks.jar"
[ -f "$jar" ] || { echo "build first: ./mvnw -q -f bench/pom.xml package -DskipTests" >&2; exit 2; }
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
main=dev.vigil.bench.collectors.CollectBenchmark

"$java" -cp "$jar" "$main" "$runs" 2>/dev/null
"$java" -cp "$jar" "$main" "$runs" 4 2>/dev/null   # SnapshotCollector(collectors, 4)

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
time_ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
jvm=(); whole=(); par=()
for i in $(seq "$runs"); do
  jvm+=("$(time_ms "$java" -version)")
  whole+=("$(time_ms "$java" -cp "$jar" "$main" 0)")
  par+=("$(time_ms "$java" -cp "$jar" "$main" 0 4)")
done
m_jvm=$(printf '%s\n' "${jvm[@]}" | median)
m_whole=$(printf '%s\n' "${whole[@]}" | median)
m_par=$(printf '%s\n' "${par[@]}" | median)
printf 'whole process (JVM start + one cold collection of all facts, walk included) median of %s: %d ms; bare java -version %d ms (%.1fx)\n' \
  "$runs" "$m_whole" "$m_jvm" "$(echo "$m_whole / $m_jvm" | bc -l)"
printf 'whole process, parallelism 4 (collectors of the target run 4 at a time)   median of %s: %d ms; bare java -version %d ms (%.1fx)\n' \
  "$runs" "$m_par" "$m_jvm" "$(echo "$m_par / $m_jvm" | bc -l)"
