#!/usr/bin/env bash
# Rendering benchmark of the reports module: all formats for 100,000 findings in a 512 MB heap,
# against plain Jackson serialisation of the same findings (baseline, same run).
# Usage: bench/reports.sh            (builds the benchmarks jar if needed, then runs)
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ ! -f bench/target/benchmarks.jar ]]; then
  ./mvnw -q -pl core,controls,reports install -DskipTests
  ./mvnw -q -f bench/pom.xml package -DskipTests
fi
# JMH allows one run per machine; wait for another engineer's run to finish rather than skew it.
for _ in $(seq 1 60); do
  out=$(java -jar bench/target/benchmarks.jar 'ReportRenderBench' -f 1 -wi 2 -i 3 2>&1) && break
  grep -q 'Unable to acquire the JMH lock' <<<"$out" || { echo "$out"; exit 1; }
  sleep 10
done
echo "$out" | grep -E '^\[reports\]|^Benchmark|ReportRenderBench\.' | sort -u
echo "$out" | awk '/ReportRenderBench.allFormats /{a=$(NF-2)} /ReportRenderBench.baselineJacksonFindings /{b=$(NF-2)} END{if(a&&b) printf "ratio allFormats/baseline: %.1fx\n", a/b}'
