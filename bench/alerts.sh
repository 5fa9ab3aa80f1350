#!/bin/sh
# Alerts benchmarks (JMH): change detection over 100,000 findings and webhook outbox throughput,
# each with its baseline measured in the same run; prints every figure and the ratios.
# Build first: ./mvnw -q -pl core,alerts install -DskipTests && ./mvnw -q -f bench/pom.xml package -DskipTests
set -eu
cd "$(dirname "$0")/.."
out="${TMPDIR:-/tmp}/vigil-alerts-bench.json"
java -jar bench/target/benchmarks.jar 'dev.vigil.bench.alerts.*' -f 1 -wi 2 -i "${ITERATIONS:-5}" \
  -rf json -rff "$out" >/dev/null
python3 - "$out" <<'PY'
import json, sys
runs = {b["benchmark"].rsplit(".", 2)[-2] + "." + b["benchmark"].rsplit(".", 1)[-1]:
        sorted(b["primaryMetric"]["rawData"][0]) for b in json.load(open(sys.argv[1]))}
med = {k: v[len(v) // 2] for k, v in runs.items()}
for k, v in sorted(runs.items()):
    print(f"{k:60s} median {med[k]:8.1f} ms/op  (min {v[0]:.1f}, max {v[-1]:.1f})")
def ratio(a, b):
    print(f"ratio {a} / {b}: {med[a] / med[b]:.1f}x")
ratio("ChangeDetectionBenchmark.detectAgainstKeptState", "ChangeDetectionBenchmark.baselineHashMapDiff")
ratio("ChangeDetectionBenchmark.detectAgainstPreviousAssessment", "ChangeDetectionBenchmark.baselineHashMapDiff")
ratio("OutboxThroughputBenchmark.webhookSinkThroughOutbox", "OutboxThroughputBenchmark.baselinePlainPost")
for k in ("OutboxThroughputBenchmark.webhookSinkThroughOutbox", "OutboxThroughputBenchmark.baselinePlainPost"):
    print(f"{k}: {1000 / med[k] * 1000:,.0f} events/s")
PY
# The change-detection comparison in CPU time of the measuring thread (robust on a shared machine).
java -cp bench/target/benchmarks.jar dev.vigil.bench.alerts.CpuTimeComparison
