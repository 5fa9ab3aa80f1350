#!/usr/bin/env bash
# Issue 7 benchmark: index 200,000 findings with vigil's EvidenceIndex and, in the same run against
# the same local node, post the same operations as raw _bulk requests of the same size (1,000
# operations) and the same concurrency (2 requests in flight). The two alternate, after a warm-up
# round of each, so both see the same load. Prints findings/s of both (median) and the ratio
# (targets: ratio >= 0.80 and >= 10,000 findings/s).
# Usage: bench/index.sh [FINDINGS [ROUNDS]]   (default 200000 2). Needs the bench jar:
#   ./mvnw -q -pl index install -DskipTests && ./mvnw -q -f bench/pom.xml package -DskipTests
# The same benchmark runs under JMH too (SingleShotTime, one iteration = all findings):
#   java -jar bench/target/benchmarks.jar IndexThroughputBenchmark -jvmArgsAppend -Dvigil.bench.es=URL
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
findings="${1:-200000}"
rounds="${2:-2}"
jar="${BENCH_JAR:-$here/bench/target/benchmarks.jar}"
dir="$(mktemp -d /tmp/vigil-bench-es-XXXXXX)"
port=$((20000 + RANDOM % 20000))
cleanup() { "$here/scripts/elasticsearch" stop --dir "$dir" >/dev/null 2>&1 || true; rm -rf "$dir"; }
trap cleanup EXIT

"$here/scripts/elasticsearch" start --dir "$dir" --port "$port"
java -Xms3g -Xmx3g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$jar" \
  dev.vigil.bench.index.IndexThroughputBenchmark "http://127.0.0.1:$port" "$findings" "$rounds"
