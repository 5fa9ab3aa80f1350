package dev.vigil.bench.daemon;

import dev.vigil.core.Target;
import dev.vigil.reports.Format;
import dev.vigil.scheduler.config.Config;
import dev.vigil.scheduler.config.ConfigLoader;
import dev.vigil.scheduler.daemon.Daemon;
import dev.vigil.scheduler.daemon.DaemonOptions;
import dev.vigil.scheduler.daemon.Journal;
import dev.vigil.scheduler.daemon.RunRecord;
import dev.vigil.scheduler.scan.DefaultTransports;
import dev.vigil.scheduler.scan.ScanPipeline;
import dev.vigil.scheduler.scan.ScanRequest;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Issue 9 benchmark: N targets (fixture roots) on an every-minute schedule on one in-memory node.
 * Baseline in the same run: the same N scans through a plain thread pool of the same size, no
 * scheduler. Overhead = (daemon cycle wall time - direct wall time) / direct wall time, where the
 * daemon's cycle runs from the scheduled fire to the last scan's end. Heap: peak of the heap pools.
 *
 * <p>Usage: {@code java -Xmx512m -cp bench/target/benchmarks.jar
 * dev.vigil.bench.daemon.DaemonBench [targets] [threads] [cycles]}
 */
public final class DaemonBench {
  private DaemonBench() {}

  public static void main(String[] args) throws Exception {
    int targets = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    int cycles = args.length > 2 ? Integer.parseInt(args[2]) : 1;
    Path work = Files.createTempDirectory("vigil-daemon-bench");
    try {
      run(work, targets, threads, cycles);
    } finally {
      try (Stream<Path> w = Files.walk(work)) {
        w.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static void run(Path work, int n, int threads, int cycles) throws Exception {
    List<Path> roots = List.of(fixtureRoot(work, "hardened", true), fixtureRoot(work, "weak", false));
    ScanPipeline pipeline = DefaultTransports.pipeline("bench");
    List<Target> all = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      all.add(Target.root(roots.get(i % 2).toString()).withName(String.format(Locale.ROOT, "t%04d", i)));
    }

    // warm-up, then the baseline: the same scans straight through a pool of the same size
    direct(pipeline, all, work.resolve("warm"), threads);
    long cpu0 = cpu();
    Duration direct = direct(pipeline, all, work.resolve("direct"), threads);
    double directCpu = (cpu() - cpu0) / 1e9;
    double directMeanScan = lastDirectScanNanos.sum() / 1e6 / n;
    System.out.printf(Locale.ROOT,
        "direct: %d scans on %d threads in %.2f s wall, %.2f s CPU; mean scan %.1f ms%n",
        n, threads, secs(direct), directCpu, directMeanScan);

    // the daemon: every minute, at a second a few seconds ahead so the run stays short
    Instant first = Instant.now().plusSeconds(6);
    int second = first.atZone(ZoneOffset.UTC).getSecond();
    StringBuilder yaml = new StringBuilder("targets:\n");
    for (int i = 0; i < n; i++) {
      yaml.append("  - {name: ").append(all.get(i).name()).append(", address: \"root:")
          .append(roots.get(i % 2)).append("\", groups: [minutely]}\n");
    }
    yaml.append("groups:\n  minutely: {schedule: \"").append(second).append(" * * * * ?\", timeout: 60s}\n");
    yaml.append("outputs: {archive: daemon, formats: [json]}\n");
    yaml.append("daemon: {threads: ").append(threads).append(", misfire-threshold: 600s}\n");
    Path file = work.resolve("vigil.yaml");
    Files.writeString(file, yaml);
    Config config = ConfigLoader.load(file);
    Path archive = config.outputs().archive();

    Instant startedAt = Instant.now();
    long daemonCpu0 = cpu();
    List<Double> overheads = new ArrayList<>();
    try (Daemon daemon = Daemon.start(config,
        DaemonOptions.defaults("bench").withShutdownHook(false).withPipeline(pipeline))) {
      long afterStart = cpu();
      System.out.printf(Locale.ROOT, "daemon: config loaded and %d jobs scheduled in %d ms, %.2f s CPU%n", n,
          Duration.between(startedAt, Instant.now()).toMillis(), (afterStart - daemonCpu0) / 1e9);
      for (int c = 1; c <= cycles; c++) {
        long want = (long) n * c;
        while (daemon.metrics().scans() < want) {
          Thread.sleep(50);
        }
        List<RunRecord> records = Journal.readAll(archive);
        Instant fire = records.stream().filter(r -> r.event().equals("finished"))
            .map(RunRecord::scheduled).sorted().skip((long) n * (c - 1)).findFirst().orElseThrow();
        List<RunRecord> cycle = records.stream().filter(r -> r.scheduled().equals(fire)).toList();
        Instant lastEnd = cycle.stream().filter(r -> r.event().equals("finished"))
            .map(RunRecord::at).max(Comparator.naturalOrder()).orElseThrow();
        Instant firstStart = cycle.stream().filter(r -> r.event().equals("started"))
            .map(RunRecord::at).min(Comparator.naturalOrder()).orElseThrow();
        Duration wall = Duration.between(fire, lastEnd);
        double overhead = (secs(wall) - secs(direct)) / secs(direct) * 100;
        overheads.add(overhead);
        System.out.printf(Locale.ROOT,
            "daemon cycle %d: %d scans from the fire at %s to the last end in %.2f s;"
                + " first scan started %d ms after the fire; failed %d, misfires %d%n",
            c, cycle.stream().filter(r -> r.event().equals("finished")).count(), fire, secs(wall),
            Duration.between(fire, firstStart).toMillis(), daemon.metrics().failed(),
            daemon.metrics().misfires());
        double daemonMeanScan = cycle.stream().filter(r -> r.event().equals("finished"))
            .mapToLong(r -> r.durationMillis().orElse(0L)).average().orElse(0);
        System.out.printf(Locale.ROOT,
            "ratio daemon/direct (wall): %.3f  (wall difference %.1f %%)%n",
            secs(wall) / secs(direct), overhead);
        System.out.printf(Locale.ROOT,
            "mean scan inside the daemon's jobs %.1f ms vs direct %.1f ms%n",
            daemonMeanScan, directMeanScan);
        long schedCpu = 0;
        long quartzCpu = 0;
        long workerCpu = 0;
        java.lang.management.ThreadMXBean tmx = ManagementFactory.getThreadMXBean();
        for (java.lang.management.ThreadInfo ti : tmx.getThreadInfo(tmx.getAllThreadIds())) {
          if (ti == null) {
            continue;
          }
          long c0 = tmx.getThreadCpuTime(ti.getThreadId());
          if (ti.getThreadName().endsWith("_QuartzSchedulerThread")) {
            quartzCpu += c0;
            schedCpu += c0;
          } else if (ti.getThreadName().startsWith("vigil-maintenance")) {
            schedCpu += c0;
          } else if (ti.getThreadName().startsWith("vigil-scan-")) {
            workerCpu += c0;
          }
        }
        System.out.printf(Locale.ROOT,
            "scheduler's own threads: %.3f s CPU (QuartzSchedulerThread %.3f s, maintenance:"
                + " archive index and schedule state %.3f s) = %.2f ms per scan; job threads %.2f s%n",
            schedCpu / 1e9, quartzCpu / 1e9, (schedCpu - quartzCpu) / 1e9, schedCpu / 1e6 / n,
            workerCpu / 1e9);
        System.out.printf(Locale.ROOT,
            "scheduler overhead (own threads' CPU / direct CPU of the same scans): %.2f %%"
                + " (target < 5 %%)%n",
            schedCpu / 1e9 * 100 / directCpu);
        if (cycles == 1) {
          double daemonCpu = (cpu() - afterStart) / 1e9;
          System.out.printf(Locale.ROOT,
              "process CPU: daemon %.2f s (wait for the fire and the cycle) vs direct %.2f s:"
                  + " ratio %.3f, difference %.1f %%%n",
              daemonCpu, directCpu, daemonCpu / directCpu, (daemonCpu - directCpu) / directCpu * 100);
        }
      }
    }
    long cpu1 = cpu();
    Duration direct2 = direct(pipeline, all, work.resolve("direct2"), threads);
    System.out.printf(Locale.ROOT,
        "direct again (noise check): %.2f s wall, %.2f s CPU; mean scan %.1f ms%n",
        secs(direct2), (cpu() - cpu1) / 1e9, lastDirectScanNanos.sum() / 1e6 / n);
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    System.gc();
    long retained = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    System.out.printf(Locale.ROOT, "heap: peak %.0f MB (sum of pool peaks), %.0f MB after GC, max %.0f MB (target < 512 MB)%n",
        peak / 1048576.0, retained / 1048576.0, Runtime.getRuntime().maxMemory() / 1048576.0);
  }

  private static final java.util.concurrent.atomic.LongAdder lastDirectScanNanos =
      new java.util.concurrent.atomic.LongAdder();

  private static Duration direct(ScanPipeline pipeline, List<Target> all, Path out, int threads)
      throws Exception {
    lastDirectScanNanos.reset();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    // a fresh archive per scan: the cheapest the pipeline can be (no index of earlier runs to
    // rewrite, no concurrent writers of one archive), so the baseline favours the direct path
    java.util.concurrent.atomic.AtomicInteger ids = new java.util.concurrent.atomic.AtomicInteger();
    long t0 = System.nanoTime();
    try {
      List<Future<?>> fs = new ArrayList<>();
      for (Target t : all) {
        fs.add(pool.submit(() -> {
          long s0 = System.nanoTime();
          pipeline.run(new ScanRequest(List.of(t), out.resolve("s" + ids.incrementAndGet()), Set.of(Format.JSON),
              "default", List.of(), Optional.empty(), Map.of(), Duration.ofSeconds(60), Clock.systemUTC()));
          lastDirectScanNanos.add(System.nanoTime() - s0);
          return null;
        }));
      }
      for (Future<?> f : fs) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    return Duration.ofNanos(System.nanoTime() - t0);
  }

  private static Path fixtureRoot(Path work, String name, boolean hardened) throws Exception {
    Path root = work.resolve("roots").resolve(name);
    Files.createDirectories(root.resolve("etc/ssh"));
    Files.writeString(root.resolve("etc/ssh/sshd_config"), hardened
        ? "PermitRootLogin no\nPasswordAuthentication no\nPermitEmptyPasswords no\nX11Forwarding no\nMaxAuthTries 3\n"
        : "PermitRootLogin yes\nPasswordAuthentication yes\nPermitEmptyPasswords yes\nX11Forwarding yes\n");
    Files.writeString(root.resolve("etc/login.defs"), hardened
        ? "PASS_MAX_DAYS 60\nPASS_MIN_DAYS 1\nPASS_MIN_LEN 14\nUMASK 077\nENCRYPT_METHOD SHA512\n"
        : "PASS_MAX_DAYS 99999\nPASS_MIN_DAYS 0\nPASS_MIN_LEN 5\nUMASK 022\nENCRYPT_METHOD MD5\n");
    return root;
  }

  private static long cpu() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static double secs(Duration d) {
    return d.toNanos() / 1e9;
  }
}
