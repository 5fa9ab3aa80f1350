package dev.vigil.scheduler.scan;

import dev.vigil.alerts.AlertOutcome;
import dev.vigil.alerts.AlertPipeline;
import dev.vigil.alerts.format.AlertFormat;
import dev.vigil.collectors.CollectionContext;
import dev.vigil.collectors.Collector;
import dev.vigil.collectors.SnapshotCollector;
import dev.vigil.controls.ControlCatalog;
import dev.vigil.controls.Rollup;
import dev.vigil.core.Assessment;
import dev.vigil.core.ControlResult;
import dev.vigil.core.Digests;
import dev.vigil.core.Finding;
import dev.vigil.core.Target;
import dev.vigil.core.TargetError;
import dev.vigil.core.TargetKind;
import dev.vigil.core.facts.Snapshot;
import dev.vigil.core.transport.Transport;
import dev.vigil.index.EvidenceIndex;
import dev.vigil.index.IndexResult;
import dev.vigil.reports.EvidenceArchive;
import dev.vigil.reports.RunDirectory;
import dev.vigil.rules.Evaluator;
import dev.vigil.rules.Profile;
import dev.vigil.rules.RuleLoadException;
import dev.vigil.rules.RuleSet;
import dev.vigil.rules.Waivers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run, from targets to evidence: collect a snapshot of every target, evaluate the profile's
 * rules, roll findings up per control, and write the evidence archive.
 *
 * <p>A target that cannot be reached or times out fails alone and is recorded as a {@link
 * TargetError}; the other targets are scanned and reported. Only what makes the whole run
 * meaningless (an invalid rule pack, profile or waivers file, an unwritable output folder) throws.
 */
public final class ScanPipeline {
  private static final Logger LOG = LoggerFactory.getLogger(ScanPipeline.class);
  private static final DateTimeFormatter RUN_ID =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final TransportFactory transports;
  private final List<Collector> collectors;
  private final EndpointProber endpoints;
  private final String toolVersion;
  private final Optional<AlertPipeline> alerts;
  private final Optional<EvidenceIndex> index;

  /** A pipeline without endpoint probing: {@code tls://} targets fail with the reason. */
  public ScanPipeline(TransportFactory transports, List<Collector> collectors, String toolVersion) {
    this(
        transports,
        collectors,
        t -> {
          throw new IllegalStateException("no endpoint prober configured for " + t.location());
        },
        toolVersion);
  }

  public ScanPipeline(
      TransportFactory transports,
      List<Collector> collectors,
      EndpointProber endpoints,
      String toolVersion) {
    this(transports, collectors, endpoints, toolVersion, Optional.empty(), Optional.empty());
  }

  private ScanPipeline(
      TransportFactory transports,
      List<Collector> collectors,
      EndpointProber endpoints,
      String toolVersion,
      Optional<AlertPipeline> alerts,
      Optional<EvidenceIndex> index) {
    this.transports = transports;
    this.collectors = List.copyOf(collectors);
    this.endpoints = endpoints;
    this.toolVersion = toolVersion;
    this.alerts = alerts;
    this.index = index;
  }

  /**
   * The same pipeline, comparing every run with the previous state to mark each finding new,
   * resolved, regressed or still failing, and publishing failed-control events. The caller owns
   * (and closes) the alert pipeline.
   */
  public ScanPipeline withAlerts(AlertPipeline alertPipeline) {
    return new ScanPipeline(
        transports, collectors, endpoints, toolVersion, Optional.of(alertPipeline), index);
  }

  /** The same pipeline, also indexing each run (and its alerts) into Elasticsearch. */
  public ScanPipeline withIndex(EvidenceIndex evidenceIndex) {
    return new ScanPipeline(
        transports, collectors, endpoints, toolVersion, alerts, Optional.of(evidenceIndex));
  }

  public ScanResult run(ScanRequest request) throws ScanException {
    return run(request, ScanListener.NONE);
  }

  /** Runs the scan, telling {@code listener} as each target finishes. */
  public ScanResult run(ScanRequest request, ScanListener listener) throws ScanException {
    Map<String, Duration> timings = new LinkedHashMap<>();
    Instant started = request.clock().instant().truncatedTo(ChronoUnit.MILLIS);

    // Built-in content cannot be invalid, so its loading overlaps collection; a user's rule pack,
    // profile or waivers file is loaded first, so a typo stops the run before a fleet is scanned.
    boolean userContent =
        !request.rulePaths().isEmpty()
            || request.waivers().isPresent()
            || !Profile.BUILT_IN.contains(request.profile());
    long t = System.nanoTime();
    Loaded loaded = null;
    if (userContent) {
      loaded = load(request);
      timings.put("load-rules", elapsed(t));
    } else {
      RuleSet.preload();
    }

    EvidenceArchive archive = new EvidenceArchive(request.out());
    try {
      Files.createDirectories(request.out());
      if (!Files.isWritable(request.out())) {
        throw new IOException(request.out() + ": not writable");
      }
    } catch (IOException e) {
      throw new ScanException(
          "cannot write the evidence archive " + request.out() + ": " + reason(e), true, e);
    }

    t = System.nanoTime();
    List<Snapshot> snapshots = new ArrayList<>();
    List<TargetError> targetErrors = new ArrayList<>();
    collectAll(request, snapshots, targetErrors, listener);
    timings.put("collect", elapsed(t));

    if (loaded == null) {
      t = System.nanoTime();
      loaded = load(request);
      timings.put("load-rules", elapsed(t));
    }
    RuleSet rules = loaded.rules();
    Profile profile = loaded.profile();
    Waivers waivers = loaded.waivers();
    t = System.nanoTime();
    Evaluator evaluator = new Evaluator(rules, profile, waivers, request.clock());
    List<Finding> findings = new ArrayList<>();
    for (Snapshot s : snapshots) {
      findings.addAll(evaluator.evaluate(s));
    }
    List<ControlResult> rollup = Rollup.compute(findings, ControlCatalog.builtIn());
    timings.put("evaluate", elapsed(t));

    Instant finished = request.clock().instant().truncatedTo(ChronoUnit.MILLIS);
    Assessment assessment =
        new Assessment(
            runId(started),
            toolVersion,
            started,
            finished,
            snapshots.stream().map(Snapshot::target).toList(),
            profile.name(),
            profile.parameterValues(rules),
            findings,
            rollup,
            targetErrors);

    // Change detection marks the findings before the archive is written, so the evidence carries
    // each finding's change; the events go out (and the state is saved) only once the evidence is
    // safely written: a run that fails here is detected and alerted again next time.
    Optional<AlertPipeline.Detected> detected = Optional.empty();
    if (alerts.isPresent()) {
      t = System.nanoTime();
      try {
        detected = Optional.of(alerts.get().detect(assessment));
        assessment = detected.get().assessment();
      } catch (IOException e) {
        // The findings stand without their change marks; the next run compares again.
        LOG.warn("change detection skipped: {}", reason(e));
      }
      timings.put("detect-changes", elapsed(t));
    }

    t = System.nanoTime();
    RunDirectory run;
    try {
      run = archive.write(assessment, snapshots, request.formats());
    } catch (IOException e) {
      // The folder was writable when the run started: this is the run failing (disk full, ...).
      throw new ScanException(
          "cannot write the evidence archive " + request.out() + ": " + reason(e), false, e);
    }
    timings.put("write", elapsed(t));

    Optional<AlertOutcome> alertOutcome = Optional.empty();
    if (detected.isPresent()) {
      t = System.nanoTime();
      try {
        alertOutcome = Optional.of(detected.get().publish());
      } catch (IOException e) {
        LOG.warn("alert state not saved, the changes are sent again next run: {}", reason(e));
      }
      timings.put("alerts", elapsed(t));
    }

    Optional<IndexResult> indexed = Optional.empty();
    if (index.isPresent()) {
      t = System.nanoTime();
      String manifestSha = null;
      String signature = null;
      try {
        manifestSha = Digests.sha256(Files.readAllBytes(run.dir().resolve("manifest.json")));
        Path sig = run.dir().resolve("manifest.sig");
        if (Files.isRegularFile(sig)) {
          signature = Files.readString(sig);
        }
      } catch (IOException e) {
        LOG.warn("{}: {}", run.dir(), reason(e));
      }
      IndexResult r =
          index
              .get()
              .index(
                  assessment,
                  snapshots,
                  Optional.ofNullable(manifestSha),
                  Optional.ofNullable(signature));
      if (alertOutcome.isPresent() && !alertOutcome.get().events().isEmpty()) {
        IndexResult a =
            index
                .get()
                .indexAlerts(
                    alertOutcome.get().events().stream().map(AlertFormat.ECS::render).toList());
        r =
            new IndexResult(
                r.complete() && a.complete(),
                r.findings(),
                r.operations() + a.operations(),
                r.duplicates() + a.duplicates(),
                r.rejected() + a.rejected(),
                r.replayedSegments() + a.replayedSegments(),
                a.pendingSegments(),
                a.spoolBytes(),
                a.error().or(r::error));
      }
      indexed = Optional.of(r);
      timings.put("index", elapsed(t));
    }
    return new ScanResult(assessment, snapshots, run, timings, alertOutcome, indexed);
  }

  private record Loaded(RuleSet rules, Profile profile, Waivers waivers) {}

  private static Loaded load(ScanRequest request) throws ScanException {
    try {
      RuleSet rules =
          request.rulePaths().isEmpty()
              ? RuleSet.builtIn()
              : RuleSet.load(request.rulePaths(), true);
      Profile profile = Profile.load(request.profile(), rules);
      Waivers waivers =
          request.waivers().isPresent()
              ? Waivers.load(request.waivers().get(), rules)
              : Waivers.none();
      return new Loaded(rules, profile, waivers);
    } catch (RuleLoadException e) {
      throw new ScanException(e.getMessage(), true, e);
    }
  }

  private void collectAll(
      ScanRequest request,
      List<Snapshot> snapshots,
      List<TargetError> targetErrors,
      ScanListener listener) {
    CollectionContext context =
        new CollectionContext(
            request.clock(),
            CollectionContext.DEFAULT_MAX_FILE_BYTES,
            Duration.ofSeconds(10),
            request.targetTimeout(),
            request.collectorSettings());
    // One target: its collectors share the cores (most of their time is I/O). A fleet: the targets
    // run in parallel and each target's collectors one after the other.
    SnapshotCollector collector =
        new SnapshotCollector(collectors, request.targets().size() == 1 ? 4 : 1);
    int threads = Math.min(request.targets().size(), 32);
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread th = new Thread(r, "vigil-scan");
              th.setDaemon(true);
              return th;
            });
    // Each target's time limit runs from the moment its scan starts, not from when this thread
    // gets round to waiting for it: a watchdog cancels the task at its deadline.
    ScheduledExecutorService watchdog =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread th = new Thread(r, "vigil-scan-watchdog");
              th.setDaemon(true);
              return th;
            });
    try {
      List<FutureTask<Snapshot>> tasks = new ArrayList<>();
      int total = request.targets().size();
      AtomicInteger done = new AtomicInteger();
      AtomicInteger failed = new AtomicInteger();
      for (Target target : request.targets()) {
        AtomicReference<FutureTask<Snapshot>> self = new AtomicReference<>();
        FutureTask<Snapshot> task =
            new FutureTask<>(
                () -> {
                  ScheduledFuture<?> deadline =
                      watchdog.schedule(
                          () -> self.get().cancel(true),
                          request.targetTimeout().toMillis(),
                          TimeUnit.MILLISECONDS);
                  boolean ok = false;
                  try {
                    Snapshot s = scanOne(target, collector, context);
                    ok = true;
                    return s;
                  } finally {
                    deadline.cancel(false);
                    int f = ok ? failed.get() : failed.incrementAndGet();
                    listener.targetFinished(target, ok, done.incrementAndGet(), f, total);
                  }
                });
        self.set(task);
        tasks.add(task);
        pool.execute(task);
      }
      for (int i = 0; i < tasks.size(); i++) {
        Target target = request.targets().get(i);
        try {
          snapshots.add(tasks.get(i).get());
        } catch (CancellationException e) {
          targetErrors.add(
              new TargetError(
                  target.name(),
                  "scan timed out after " + request.targetTimeout().toSeconds() + " s"));
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          String why =
              cause instanceof IOException io
                  ? reason(io)
                  : cause.getMessage() == null ? cause.toString() : cause.getMessage();
          LOG.warn("{}: {}", target.name(), why);
          targetErrors.add(new TargetError(target.name(), why));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          tasks.forEach(t -> t.cancel(true));
          targetErrors.add(new TargetError(target.name(), "scan interrupted"));
        }
      }
    } finally {
      pool.shutdownNow();
      watchdog.shutdownNow();
    }
  }

  private Snapshot scanOne(Target target, SnapshotCollector collector, CollectionContext context)
      throws IOException {
    if (target.kind() == TargetKind.TLS) {
      return endpoints.probe(target);
    }
    try (Transport transport = transports.open(target)) {
      return collector.collect(transport, context);
    }
  }

  static String runId(Instant started) {
    return RUN_ID.format(started)
        + "-"
        + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
  }

  private static String reason(IOException e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static Duration elapsed(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }
}
