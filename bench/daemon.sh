#!/usr/bin/env bash
# Issue 9 benchmark: 1,000 targets (fixture roots) on an every-minute schedule on one in-memory
# `vigil serve` node, against the same scans run directly through a thread pool of the same size
# (baseline, same run). Targets: scheduler overhead < 5 % of scan time, heap < 512 MB (run with
# -Xmx512m: an OutOfMemoryError fails it). One fire cycle by default (a minute or two).
# Compiles only bench/src/main/java/dev/vigil/bench/daemon against the installed scheduler, so a
# broken benchmark of another area does not stop this one.
# Usage: bench/daemon.sh [TARGETS] [THREADS] [CYCLES]     (defaults 1000 4 1)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
classes=bench/target/daemon-classes
mkdir -p "$classes"
./mvnw -q -f bench/pom.xml dependency:build-classpath -Dmdep.outputFile="$here/$classes.cp" >/dev/null
cp="$(cat "$classes.cp")"
javac="${JAVA_HOME:+$JAVA_HOME/bin/}javac"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
"$javac" --release 17 -nowarn -d "$classes" -cp "$cp" bench/src/main/java/dev/vigil/bench/daemon/*.java
exec "$java" -Xmx512m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$classes:$cp" dev.vigil.bench.daemon.DaemonBench "${1:-1000}" "${2:-4}" "${3:-1}"
