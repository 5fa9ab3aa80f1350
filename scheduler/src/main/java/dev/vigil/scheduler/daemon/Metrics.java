package dev.vigil.scheduler.daemon;

import dev.vigil.core.Status;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The daemon's counters, rendered in the Prometheus text exposition format. Thread-safe: scans on
 * several threads update it while the endpoint reads it.
 */
public final class Metrics {
  private static final double[] BUCKETS = {0.1, 0.5, 1, 5, 10, 30, 60, 300, 900};

  private final LongAdder scans = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final LongAdder recovered = new LongAdder();
  private final LongAdder misfires = new LongAdder();
  private final AtomicLong running = new AtomicLong();
  private final LongAdder durationNanos = new LongAdder();
  private final LongAdder[] buckets = new LongAdder[BUCKETS.length];
  private final Map<Status, LongAdder> findings = new EnumMap<>(Status.class);
  private final LongAdder alertEvents = new LongAdder();
  private final LongAdder alertFailures = new LongAdder();
  private volatile int targets;
  private volatile Supplier<OptionalLong> spoolBytes = OptionalLong::empty;

  public Metrics() {
    for (int i = 0; i < buckets.length; i++) {
      buckets[i] = new LongAdder();
    }
    for (Status s : Status.values()) {
      findings.put(s, new LongAdder());
    }
  }

  void scanStarted() {
    running.incrementAndGet();
  }

  void scanFinished(Duration took, boolean ok, boolean wasRecovery, Map<Status, Integer> counts) {
    running.decrementAndGet();
    scans.increment();
    if (!ok) {
      failed.increment();
    }
    if (wasRecovery) {
      recovered.increment();
    }
    durationNanos.add(took.toNanos());
    double seconds = took.toNanos() / 1e9;
    for (int i = 0; i < BUCKETS.length; i++) {
      if (seconds <= BUCKETS[i]) {
        buckets[i].increment();
      }
    }
    counts.forEach((status, n) -> findings.get(status).add(n));
  }

  void misfired() {
    misfires.increment();
  }

  void alerts(int events, boolean accepted) {
    alertEvents.add(events);
    if (!accepted) {
      alertFailures.increment();
    }
  }

  void targets(int n) {
    targets = n;
  }

  /** Where the spool size comes from (an Elasticsearch spool); empty when unknown. */
  public void spoolBytes(Supplier<OptionalLong> source) {
    spoolBytes = source;
  }

  public long scans() {
    return scans.sum();
  }

  public long failed() {
    return failed.sum();
  }

  public long misfires() {
    return misfires.sum();
  }

  public long recovered() {
    return recovered.sum();
  }

  public long running() {
    return running.get();
  }

  public long findings(Status status) {
    return findings.get(status).sum();
  }

  /** The Prometheus text format (version 0.0.4). */
  public String prometheus() {
    StringBuilder b = new StringBuilder(2048);
    counter(b, "vigil_scans_total", "Scans finished (one target, one schedule fire).", scans.sum());
    counter(
        b,
        "vigil_scans_failed_total",
        "Scans that could not run or could not reach their target.",
        failed.sum());
    counter(
        b,
        "vigil_scans_recovered_total",
        "Scans re-run here because the node that started them died.",
        recovered.sum());
    counter(
        b,
        "vigil_misfires_total",
        "Schedule fires missed (downtime, busy threads).",
        misfires.sum());
    gauge(b, "vigil_scans_running", "Scans running now on this node.", running.get());
    gauge(b, "vigil_targets", "Targets in the configuration.", targets);

    b.append("# HELP vigil_scan_duration_seconds Duration of one scan.\n");
    b.append("# TYPE vigil_scan_duration_seconds histogram\n");
    for (int i = 0; i < BUCKETS.length; i++) {
      b.append("vigil_scan_duration_seconds_bucket{le=\"")
          .append(fmt(BUCKETS[i]))
          .append("\"} ")
          .append(buckets[i].sum())
          .append('\n');
    }
    b.append("vigil_scan_duration_seconds_bucket{le=\"+Inf\"} ").append(scans.sum()).append('\n');
    b.append("vigil_scan_duration_seconds_sum ")
        .append(fmt(durationNanos.sum() / 1e9))
        .append('\n');
    b.append("vigil_scan_duration_seconds_count ").append(scans.sum()).append('\n');

    b.append("# HELP vigil_findings_total Findings produced, by status.\n");
    b.append("# TYPE vigil_findings_total counter\n");
    for (Map.Entry<Status, LongAdder> e : findings.entrySet()) {
      b.append("vigil_findings_total{status=\"")
          .append(e.getKey().wire())
          .append("\"} ")
          .append(e.getValue().sum())
          .append('\n');
    }
    counter(b, "vigil_alert_events_total", "Alert events handed to the sinks.", alertEvents.sum());
    counter(
        b,
        "vigil_alert_failures_total",
        "Runs whose alert events a sink did not accept.",
        alertFailures.sum());
    OptionalLong spool = spoolBytes.get();
    if (spool.isPresent()) {
      gauge(b, "vigil_spool_bytes", "Bytes waiting in the Elasticsearch spool.", spool.getAsLong());
    }
    return b.toString();
  }

  private static void counter(StringBuilder b, String name, String help, long value) {
    b.append("# HELP ").append(name).append(' ').append(help).append('\n');
    b.append("# TYPE ").append(name).append(" counter\n");
    b.append(name).append(' ').append(value).append('\n');
  }

  private static void gauge(StringBuilder b, String name, String help, long value) {
    b.append("# HELP ").append(name).append(' ').append(help).append('\n');
    b.append("# TYPE ").append(name).append(" gauge\n");
    b.append(name).append(' ').append(value).append('\n');
  }

  private static String fmt(double d) {
    return d == Math.rint(d) && !Double.isInfinite(d)
        ? String.format(Locale.ROOT, "%.1f", d)
        : String.format(Locale.ROOT, "%.6f", d);
  }
}
