package dev.vigil.scheduler.daemon;

import dev.vigil.collectors.Collectors;
import dev.vigil.scheduler.config.Config;
import dev.vigil.scheduler.config.ConfigLoader;
import dev.vigil.scheduler.scan.DefaultTransports;
import dev.vigil.scheduler.scan.ScanPipeline;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/** Fixture roots, configurations written to disk, and a transport that takes its time. */
final class Fixtures {
  private Fixtures() {}

  static Path root(String name) {
    try {
      return Path.of(Fixtures.class.getResource("/daemon/roots/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static Config config(Path dir, String yaml) throws Exception {
    Path f = dir.resolve("vigil.yaml");
    Files.writeString(f, yaml);
    return ConfigLoader.load(f);
  }

  /**
   * A pipeline whose transport waits {@code delay} (interruptibly) before opening the real root-dir
   * transport, and counts how many scans of each target run at the same time.
   */
  static final class SlowPipeline {
    final Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> maxRunning = new ConcurrentHashMap<>();
    final ScanPipeline pipeline;

    SlowPipeline(Duration delay) {
      DefaultTransports real = new DefaultTransports(Clock.systemUTC());
      pipeline =
          new ScanPipeline(
              target -> {
                AtomicInteger now =
                    running.computeIfAbsent(target.name(), k -> new AtomicInteger());
                int n = now.incrementAndGet();
                maxRunning
                    .computeIfAbsent(target.name(), k -> new AtomicInteger())
                    .accumulateAndGet(n, Math::max);
                try {
                  Thread.sleep(delay.toMillis());
                  return real.open(target);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  throw new IOException("interrupted while connecting", e);
                } finally {
                  now.decrementAndGet();
                }
              },
              Collectors.builtIn(),
              "test");
    }
  }

  /** Polls until {@code condition} holds; fails after {@code timeout} with {@code what}. */
  static void await(Duration timeout, String what, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "timed out after " + timeout.toSeconds() + " s waiting for " + what);
      }
      Thread.sleep(100);
    }
  }

  static List<RunRecord> journal(Path archive) {
    try {
      return Journal.readAll(archive);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static long count(Path archive, String event) {
    return journal(archive).stream().filter(r -> r.event().equals(event)).count();
  }
}
