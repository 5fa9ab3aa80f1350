package dev.vigil.scheduler.daemon;

import dev.vigil.alerts.AlertOutcome;
import dev.vigil.alerts.AlertPipeline;
import dev.vigil.core.Status;
import dev.vigil.core.TargetError;
import dev.vigil.index.EvidenceIndex;
import dev.vigil.index.IndexResult;
import dev.vigil.reports.EvidenceArchive;
import dev.vigil.scheduler.config.Config;
import dev.vigil.scheduler.config.Config.GroupConfig;
import dev.vigil.scheduler.config.Config.TargetConfig;
import dev.vigil.scheduler.scan.ScanException;
import dev.vigil.scheduler.scan.ScanPipeline;
import dev.vigil.scheduler.scan.ScanRequest;
import dev.vigil.scheduler.scan.ScanResult;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one target for one group's schedule fire: the scan pipeline, then alerts, metrics and the
 * journal. Used by {@link ScanJob} and by {@link Daemon#runOnce}. Thread-safe; never throws for a
 * scan that fails (the failure is the returned record).
 */
final class ScanRunner {
  private static final Logger LOG = LoggerFactory.getLogger(ScanRunner.class);

  /** How long past its scan timeout a job may run before its thread is interrupted. */
  static final Duration WATCHDOG_GRACE = Duration.ofSeconds(10);

  private final Config config;
  private final ScanPipeline pipeline;
  private final Metrics metrics;
  private final Journal journal;
  private final String node;
  private final Optional<AlertPipeline> alerts;
  private final Optional<EvidenceIndex> index;
  private final ScheduledExecutorService watchdog;
  private final Clock clock;
  private final Path stagingRoot;
  private final AtomicInteger workers = new AtomicInteger();
  private final ThreadLocal<Path> staging;
  private final AtomicBoolean indexStale = new AtomicBoolean();
  private final Map<String, TargetConfig> byName = new java.util.HashMap<>();
  private final AtomicLong spoolBytes = new AtomicLong(-1);

  ScanRunner(
      Config config,
      ScanPipeline pipeline,
      Metrics metrics,
      Journal journal,
      String node,
      Optional<AlertPipeline> alerts,
      Optional<EvidenceIndex> index,
      ScheduledExecutorService watchdog,
      Clock clock) {
    this.config = config;
    // Change detection runs inside the pipeline, before the archive is written, so the stored
    // findings carry their change (new, resolved, regressed) and alerts reach vigil-alerts too.
    ScanPipeline p = pipeline;
    if (alerts.isPresent()) {
      p = p.withAlerts(alerts.get());
    }
    if (index.isPresent()) {
      p = p.withIndex(index.get());
    }
    this.pipeline = p;
    this.metrics = metrics;
    this.journal = journal;
    this.node = node;
    this.alerts = alerts;
    this.index = index;
    index.ifPresent(
        i ->
            metrics.spoolBytes(
                () -> {
                  long b = spoolBytes.get();
                  return b < 0 ? OptionalLong.empty() : OptionalLong.of(b);
                }));
    this.watchdog = watchdog;
    this.clock = clock;
    this.stagingRoot = stagingRoot(config, node);
    config.targets().forEach(t -> byName.put(t.name(), t));
    this.staging =
        ThreadLocal.withInitial(() -> stagingRoot.resolve("w" + workers.incrementAndGet()));
  }

  /** Where this node's scans write before they are published: one folder per worker thread. */
  static Path stagingRoot(Config config, String node) {
    return config
        .outputs()
        .archive()
        .resolve(".vigil")
        .resolve("staging")
        .resolve(node.replaceAll("[^A-Za-z0-9._-]", "_"));
  }

  Config config() {
    return config;
  }

  /** The target of this name in this node's configuration. */
  Optional<TargetConfig> target(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  Journal journal() {
    return journal;
  }

  String node() {
    return node;
  }

  Metrics metrics() {
    return metrics;
  }

  /**
   * Moves a finished run from the worker's staging archive into the evidence archive (one rename: a
   * reader never sees half a run). Scans write aside because several run at once and rewriting the
   * archive's index after each of them would cost O(runs) per scan; {@link #refreshIndex} rewrites
   * it once for many.
   */
  private void publish(Path run) throws IOException {
    Path target = config.outputs().archive().resolve(run.getFileName().toString());
    try {
      Files.move(run, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(run, target);
    }
    indexStale.set(true);
  }

  /** Publishes runs a crash left in staging; call before the first scan. */
  void recoverStaged() {
    if (!Files.isDirectory(stagingRoot)) {
      return;
    }
    try (Stream<Path> dirs = Files.list(stagingRoot)) {
      for (Path worker : dirs.toList()) {
        for (Path run : new EvidenceArchive(worker).runDirs()) {
          LOG.info("publishing run {} left in staging", run.getFileName());
          publish(run);
        }
      }
    } catch (IOException e) {
      LOG.warn("cannot publish the runs left in {}: {}", stagingRoot, e.getMessage());
    }
  }

  /** Replays what waits in the Elasticsearch spool; for the maintenance thread. */
  void flushIndex() {
    if (index.isPresent()) {
      try {
        spoolBytes.set(index.get().flush().spoolBytes());
      } catch (RuntimeException e) {
        LOG.warn("Elasticsearch spool replay: {}", e.getMessage());
      }
    }
  }

  /** Rewrites the archive's index.html if runs were published since the last call. */
  void refreshIndex() {
    if (indexStale.getAndSet(false)) {
      try {
        new EvidenceArchive(config.outputs().archive()).writeIndex();
      } catch (IOException | RuntimeException e) {
        indexStale.set(true);
        LOG.warn("cannot rewrite the archive index: {}", e.getMessage());
      }
    }
  }

  /**
   * Scans {@code target} with {@code group}'s profile and timeout. The calling thread is
   * interrupted if the scan outlives its timeout by {@link #WATCHDOG_GRACE}.
   */
  RunRecord run(TargetConfig target, GroupConfig group, Instant scheduled, boolean recovering) {
    Instant started = clock.instant();
    journal.append(
        new RunRecord(
            "started",
            target.name(),
            group.name(),
            scheduled,
            started,
            node,
            recovering,
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Map.of()));
    metrics.scanStarted();
    Thread worker = Thread.currentThread();
    ScheduledFuture<?> dog =
        watchdog.schedule(
            () -> {
              LOG.warn(
                  "{}: scan still running {} s after its timeout; interrupting it",
                  target.name(),
                  WATCHDOG_GRACE.toSeconds());
              worker.interrupt();
            },
            group.timeout().plus(WATCHDOG_GRACE).toMillis(),
            TimeUnit.MILLISECONDS);
    long t0 = System.nanoTime();
    Optional<String> error = Optional.empty();
    Optional<String> runId = Optional.empty();
    Map<Status, Integer> counts = Map.of();
    try {
      ScanRequest request =
          new ScanRequest(
              List.of(target.target()),
              staging.get(),
              config.outputs().formats(),
              group.profile(),
              config.rulePacks(),
              config.waivers(),
              Map.of(),
              group.timeout(),
              clock);
      ScanResult result = pipeline.run(request);
      publish(result.run().dir());
      runId = Optional.of(result.assessment().runId());
      counts = result.assessment().countsByStatus();
      List<TargetError> errors = result.assessment().targetErrors();
      if (!errors.isEmpty()) {
        error =
            Optional.of(
                errors.stream()
                    .map(e -> e.target() + ": " + e.reason())
                    .collect(Collectors.joining("; ")));
      }
      if (result.index().isPresent()) {
        // the pipeline never throws for an unreachable cluster: the documents wait in the spool
        IndexResult r = result.index().get();
        spoolBytes.set(r.spoolBytes());
        if (!r.complete()) {
          LOG.warn(
              "{}: Elasticsearch did not take the run yet ({} bytes spooled): {}",
              target.name(),
              r.spoolBytes(),
              r.error().orElse("unknown"));
        }
      }
      if (result.alerts().isPresent()) {
        AlertOutcome outcome = result.alerts().get();
        metrics.alerts(outcome.events().size(), outcome.allAccepted());
      }
    } catch (ScanException e) {
      error = Optional.of(e.getMessage());
      LOG.error("{}: scan could not run: {}", target.name(), e.getMessage());
    } catch (IOException e) {
      error = Optional.of("publishing the run or keeping the alert state: " + e.getMessage());
      LOG.warn("{}: {}", target.name(), error.get());
    } catch (RuntimeException | LinkageError e) {
      // a bug or a broken installation: this scan fails, the daemon keeps its schedule
      error = Optional.of(e.getClass().getSimpleName() + ": " + e.getMessage());
      LOG.error("{}: scan failed", target.name(), e);
    } finally {
      dog.cancel(false);
      // an interrupt meant for this scan must not leak into the next job on this thread
      Thread.interrupted();
    }
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    metrics.scanFinished(took, error.isEmpty(), recovering, counts);
    Map<String, Integer> byStatus = new LinkedHashMap<>();
    counts.forEach(
        (s, n) -> {
          if (n > 0) {
            byStatus.put(s.wire(), n);
          }
        });
    RunRecord done =
        new RunRecord(
            error.isEmpty() ? "finished" : "failed",
            target.name(),
            group.name(),
            scheduled,
            clock.instant(),
            node,
            recovering,
            runId,
            Optional.of(took.toMillis()),
            error,
            byStatus);
    journal.append(done);
    if (error.isEmpty()) {
      LOG.info(
          "{}: scanned ({}) in {} ms: {}", target.name(), group.name(), took.toMillis(), byStatus);
    } else {
      LOG.warn("{}: scan ({}) failed: {}", target.name(), group.name(), error.get());
    }
    return done;
  }
}
