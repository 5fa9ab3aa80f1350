package dev.vigil.bench.collectors;

import dev.vigil.collectors.CollectionContext;
import dev.vigil.collectors.Collector;
import dev.vigil.collectors.Collectors;
import dev.vigil.collectors.SnapshotCollector;
import dev.vigil.collectors.transport.local.LocalTransport;
import dev.vigil.core.facts.Fact;
import dev.vigil.core.facts.Provenance;
import dev.vigil.core.facts.Snapshot;
import dev.vigil.core.facts.SourceKind;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Collecting every host and account fact of this live host, right after JVM start (the first,
 * cold collection is the figure that matters for {@code vigil scan}), then warm. Baseline in the
 * same run: reading the same files with {@code Files.readAllBytes}, nothing parsed.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.vigil.bench.collectors.CollectBenchmark [RUNS]}
 */
public final class CollectBenchmark {
  private CollectBenchmark() {}

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int parallelism = args.length > 1 ? Integer.parseInt(args[1]) : 1;
    long sinceStart = ManagementFactory.getRuntimeMXBean().getUptime();
    CollectionContext ctx = CollectionContext.defaults(Clock.systemUTC());
    List<Collector> all = Collectors.builtIn();
    List<Collector> hostAndAccounts = new ArrayList<>();
    for (Collector c : all) {
      String id = c.descriptor().id();
      if (id.startsWith("host.") || id.startsWith("accounts.")) {
        hostAndAccounts.add(c);
      }
    }
    List<Collector> noWalk = new ArrayList<>();
    Collector walk = null;
    for (Collector c : hostAndAccounts) {
      if (c.descriptor().id().equals("host.special_files")) {
        walk = c;
      } else {
        noWalk.add(c);
      }
    }
    if (parallelism > 1) {
      // one cold collection of every fact, the walk overlapping the other collectors
      try (LocalTransport t = new LocalTransport()) {
        long t0 = System.nanoTime();
        Snapshot s = new SnapshotCollector(hostAndAccounts, parallelism).collect(t, ctx);
        System.out.printf(Locale.ROOT,
            "parallelism %d: first collection after JVM start (%d ms uptime), all %d facts: %.1f ms%n",
            parallelism, sinceStart, s.facts().size(), ms(t0));
        double[] warm = new double[runs];
        for (int i = 0; i < runs; i++) {
          long w = System.nanoTime();
          new SnapshotCollector(hostAndAccounts, parallelism).collect(t, ctx);
          warm[i] = ms(w);
        }
        if (runs > 0) {
          System.out.printf(Locale.ROOT, "parallelism %d: warm median of %d, all facts: %.1f ms%n",
              parallelism, runs, median(warm));
        }
      }
      return;
    }
    try (LocalTransport t = new LocalTransport()) {
      long t0 = System.nanoTime();
      Snapshot cold = new SnapshotCollector(noWalk).collect(t, ctx);
      double coldMs = ms(t0);
      long w0 = System.nanoTime();
      Snapshot walked =
          walk == null ? cold : new SnapshotCollector(List.of(walk)).collect(t, ctx);
      double walkColdMs = ms(w0);

      Set<String> files = new LinkedHashSet<>();
      for (Fact f : cold.facts().values()) {
        for (Provenance p : f.provenance()) {
          if (p.kind() == SourceKind.FILE && p.sha256().isPresent()) {
            files.add(p.source());
          }
        }
      }
      long b0 = System.nanoTime();
      long bytes = readAll(files);
      double baseColdMs = ms(b0);

      double[] warm = new double[runs];
      double[] warmWalk = new double[runs];
      double[] base = new double[runs];
      for (int i = 0; i < runs; i++) {
        long s = System.nanoTime();
        new SnapshotCollector(noWalk).collect(t, ctx);
        warm[i] = ms(s);
        s = System.nanoTime();
        readAll(files);
        base[i] = ms(s);
        if (walk != null) {
          s = System.nanoTime();
          new SnapshotCollector(List.of(walk)).collect(t, ctx);
          warmWalk[i] = ms(s);
        }
      }
      System.out.printf(Locale.ROOT, "collectors: %d, facts: %d, files read: %d (%d bytes)%n",
          hostAndAccounts.size(), cold.facts().size() + (walk == null ? 0 : 2), files.size(), bytes);
      System.out.printf(Locale.ROOT, "JVM uptime before the first collection: %d ms%n", sinceStart);
      System.out.printf(Locale.ROOT,
          "cold (first after JVM start), all but the walk: %.1f ms; baseline readAllBytes of the same"
              + " %d files %.1f ms (%.1fx)%n",
          coldMs, files.size(), baseColdMs, coldMs / baseColdMs);
      double mw = median(warm);
      double mb = median(base);
      System.out.printf(Locale.ROOT,
          "warm median of %d, all but the walk: %.1f ms; baseline readAllBytes %.2f ms (%.1fx)%n",
          runs, mw, mb, mw / mb);
      if (walk != null) {
        var ww = walked.fact("host.world_writable").orElseThrow();
        @SuppressWarnings("unchecked")
        var v = (java.util.Map<String, Object>) ww.value();
        System.out.printf(Locale.ROOT,
            "walk (host.special_files): cold %.1f ms, warm median %.1f ms; scanned %s paths,"
                + " bound hit: %s%n",
            walkColdMs, median(warmWalk), v.get("scanned"), v.get("bound_hit"));
        System.out.printf(Locale.ROOT, "cold total, all facts: %.1f ms%n", coldMs + walkColdMs);
      }
      for (Collector c : hostAndAccounts) {
        long s = System.nanoTime();
        new SnapshotCollector(List.of(c)).collect(t, ctx);
        System.out.printf(Locale.ROOT, "  warm %-26s %8.1f ms%n", c.descriptor().id(), ms(s));
      }
      cold.facts().values().stream()
          .filter(f -> !f.isOk())
          .forEach(f -> System.out.printf("  not ok: %s %s: %s%n", f.name(), f.state().wire(), f.reason().orElse("")));
    }
  }

  private static long readAll(Set<String> files) {
    long n = 0;
    for (String f : files) {
      try {
        n += Files.readAllBytes(Path.of(f)).length;
      } catch (IOException e) {
        // same files the collectors read; a vanished /proc entry is fine
      }
    }
    return n;
  }

  private static double ms(long start) {
    return (System.nanoTime() - start) / 1e6;
  }

  private static double median(double[] a) {
    double[] c = a.clone();
    java.util.Arrays.sort(c);
    return c.length % 2 == 1 ? c[c.length / 2] : (c[c.length / 2 - 1] + c[c.length / 2]) / 2;
  }
}
