#!/usr/bin/env bash
# Period report benchmark: a 90-day report (plus 14 days of lookback, 105 daily runs) over N targets
# from the evidence archive, in a 512 MB heap, against plain Jackson parsing of the same run files
# (baseline, same run). Usage: bench/period.sh [TARGETS] [RULES]   (defaults 100 30)
set -euo pipefail
cd "$(dirname "$0")/.."
targets=${1:-100}
rules=${2:-30}
if [[ ! -f bench/target/benchmarks.jar ]]; then
  ./mvnw -q -f bench/pom.xml package -DskipTests
fi
# JMH allows one run per machine; wait for another engineer's run to finish rather than skew it.
for _ in $(seq 1 60); do
  out=$(java -jar bench/target/benchmarks.jar 'PeriodReportBench' -f 1 -wi 1 -i 3 \
    -p targets="$targets" -p rules="$rules" -jvmArgsAppend "-Xmx512m -Xms512m" 2>&1) && break
  grep -q 'Unable to acquire the JMH lock' <<<"$out" || { echo "$out"; exit 1; }
  sleep 10
done
echo "$out" | grep -E '^period bench|^Benchmark|PeriodReportBench\.' | sort -u
echo "$out" | awk '/PeriodReportBench.periodReport /{a=$(NF-3)} /PeriodReportBench.baselineJacksonParse /{b=$(NF-3)} END{if(a&&b) printf "ratio periodReport/baseline: %.2fx\n", a/b}'
