#!/bin/sh
# Certificates benchmarks (JMH), issue 5: parse a PEM bundle of 10,000 certificates on one core
# (target >= 5,000 certificates/s) against the JDK's CertificateFactory, and probe 100 loopback
# TLS endpoints with at most 16 probes at a time (target < 5 s) against a plain TCP connect to each.
# Build first: ./mvnw -q -pl collectors install -DskipTests && ./mvnw -q -f bench/pom.xml package -DskipTests
set -eu
cd "$(dirname "$0")/.."
jar="${JAR:-bench/target/benchmarks.jar}"
out="${TMPDIR:-/tmp}/vigil-certificates-bench.json"
java -jar "$jar" 'dev.vigil.bench.certificates.CertificateParseBenchmark' -f 1 -wi 2 -i "${ITERATIONS:-5}" \
  -rf json -rff "$out.parse" >/dev/null
java -jar "$jar" 'dev.vigil.bench.certificates.TlsProbeBenchmark' -f 1 -wi 2 -i "${ITERATIONS:-5}" \
  -rf json -rff "$out.tls" >/dev/null
python3 - "$out.parse" "$out.tls" <<'PY'
import json, sys
runs = {}
for f in sys.argv[1:]:
    for b in json.load(open(f)):
        name = b["benchmark"].rsplit(".", 2)[-2] + "." + b["benchmark"].rsplit(".", 1)[-1]
        runs[name] = sorted(x for row in b["primaryMetric"]["rawData"] for x in row)
med = {k: v[len(v) // 2] for k, v in runs.items()}
for k, v in sorted(runs.items()):
    print(f"{k:60s} median {med[k]:9.1f} ms/op  (min {v[0]:.1f}, max {v[-1]:.1f})")
P = "CertificateParseBenchmark."
for k in ("vigilParseAndDescribe", "vigilParseOnly", "baselineJdkCertificateFactory"):
    print(f"{k}: {10000 / med[P + k] * 1000:,.0f} certificates/s (one core)")
print(f"ratio vigilParseAndDescribe / baselineJdkCertificateFactory (time): {med[P + 'vigilParseAndDescribe'] / med[P + 'baselineJdkCertificateFactory']:.2f}x")
print(f"ratio vigilParseOnly / baselineJdkCertificateFactory (time): {med[P + 'vigilParseOnly'] / med[P + 'baselineJdkCertificateFactory']:.2f}x")
T = "TlsProbeBenchmark."
print(f"100 endpoints, full probe: {med[T + 'probe100Endpoints'] / 1000:.2f} s; handshake only: {med[T + 'probe100EndpointsHandshakeOnly'] / 1000:.2f} s; TCP connect: {med[T + 'baselineTcpConnect100Endpoints'] / 1000:.3f} s")
print(f"ratio probe100Endpoints / baselineTcpConnect100Endpoints: {med[T + 'probe100Endpoints'] / med[T + 'baselineTcpConnect100Endpoints']:.0f}x")
PY
