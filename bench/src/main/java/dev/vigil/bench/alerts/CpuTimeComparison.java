package dev.vigil.bench.alerts;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * The change-detection comparison of {@link ChangeDetectionBenchmark} measured in CPU time of the
 * measuring thread instead of wall-clock time, which on a machine shared with other builds is far
 * less disturbed by waiting for a core (GC threads are not counted, so allocation-heavy code is
 * flattered a little). Run: {@code java -cp bench/target/benchmarks.jar
 * dev.vigil.bench.alerts.CpuTimeComparison}.
 */
public final class CpuTimeComparison {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static Object sink;

  private CpuTimeComparison() {}

  static double medianMillis(Supplier<Object> work, int warmup, int measured) {
    for (int i = 0; i < warmup; i++) {
      sink = work.get();
    }
    double[] ms = new double[measured];
    for (int i = 0; i < measured; i++) {
      long t0 = THREADS.getCurrentThreadCpuTime();
      sink = work.get();
      ms[i] = (THREADS.getCurrentThreadCpuTime() - t0) / 1e6;
    }
    Arrays.sort(ms);
    return ms[measured / 2];
  }

  public static void main(String[] args) {
    ChangeDetectionBenchmark b = new ChangeDetectionBenchmark();
    b.setUp();
    int warmup = 10;
    int measured = 21;
    double base = medianMillis(b::baselineHashMapDiff, warmup, measured);
    double kept = medianMillis(b::detectAgainstKeptState, warmup, measured);
    double prev = medianMillis(b::detectAgainstPreviousAssessment, warmup, measured);
    System.out.printf("findings: %d%n", b.current.findings().size());
    System.out.printf("baselineHashMapDiff              %8.1f ms CPU (median of %d)%n", base, measured);
    System.out.printf("detectAgainstKeptState           %8.1f ms CPU  ratio %.1fx%n", kept, kept / base);
    System.out.printf("detectAgainstPreviousAssessment  %8.1f ms CPU  ratio %.1fx%n", prev, prev / base);
    if (sink == null) {
      System.out.println();
    }
  }
}
