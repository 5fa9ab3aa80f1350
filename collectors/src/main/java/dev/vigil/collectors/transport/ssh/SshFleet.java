package dev.vigil.collectors.transport.ssh;

import static java.util.Objects.requireNonNull;

import dev.vigil.core.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scans many SSH targets with bounded concurrency. Each host gets its own connection, its connect
 * timeout and its scan timeout; a host that is down, refuses the login, hangs or floods fails alone
 * with its reason, and every other host is still scanned.
 *
 * <p>With a {@link ReadAheadPlan}, the first host is scanned alone and teaches the plan what the
 * collectors read; every other host then prefetches that in one round trip before its scan.
 *
 * <pre>{@code
 * SshFleet fleet = SshFleet.builder().concurrency(32).progress(bar::draw).build();
 * List<HostResult<Snapshot>> results =
 *     fleet.run(SshInventory.load(file), t -> snapshots.collect(t, context));
 * }</pre>
 */
public final class SshFleet {
  private static final Logger LOG = LoggerFactory.getLogger(SshFleet.class);
  public static final int DEFAULT_CONCURRENCY = 32;

  /** The work done on one connected host; its transport is closed afterwards by the fleet. */
  @FunctionalInterface
  public interface Scan<R> {
    R scan(SshTransport transport) throws Exception;
  }

  /**
   * The outcome of one host: a value, or the one-line reason it failed.
   *
   * @param errorKind why the connection failed, when it did; empty for a failed scan
   */
  public record HostResult<R>(
      Target target,
      Optional<R> value,
      Optional<String> error,
      Optional<SshConnectException.Kind> errorKind,
      Duration elapsed) {
    public HostResult {
      requireNonNull(target, "target");
      requireNonNull(elapsed, "elapsed");
      value = value == null ? Optional.empty() : value;
      error = error == null ? Optional.empty() : error;
      errorKind = errorKind == null ? Optional.empty() : errorKind;
      if (value.isPresent() == error.isPresent()) {
        throw new IllegalArgumentException("a host result has a value or an error, not both");
      }
    }

    public boolean ok() {
      return value.isPresent();
    }
  }

  /** Where a fleet scan stands; sent after every host. */
  public record Progress(int total, int done, int failed, int running, Duration elapsed) {
    /** Hosts finished, successfully or not. */
    public int finished() {
      return done + failed;
    }

    public int remaining() {
      return total - finished();
    }

    /** Hosts finished per second so far. */
    public double rate() {
      double s = elapsed.toNanos() / 1e9;
      return s <= 0 ? 0 : finished() / s;
    }

    /** One terminal line: {@code [########------------] 40/100 ok 38 failed 2 12.5 hosts/s}. */
    public String render(int barWidth) {
      int filled = total == 0 ? barWidth : (int) ((long) finished() * barWidth / total);
      String eta =
          rate() > 0 && remaining() > 0
              ? String.format(Locale.ROOT, "  eta %ds", (long) Math.ceil(remaining() / rate()))
              : "";
      return "["
          + "#".repeat(filled)
          + "-".repeat(barWidth - filled)
          + "] "
          + String.format(
              Locale.ROOT,
              "%d/%d  ok %d  failed %d  running %d  %.1f hosts/s",
              finished(),
              total,
              done,
              failed,
              running,
              rate())
          + eta;
    }
  }

  private final int concurrency;
  private final Consumer<Progress> progress;
  private final Optional<ReadAheadPlan> plan;

  private SshFleet(int concurrency, Consumer<Progress> progress, Optional<ReadAheadPlan> plan) {
    this.concurrency = concurrency;
    this.progress = progress;
    this.plan = plan;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Connects to every host and runs {@code scan} on it; returns one result per host, in the order
   * of {@code hosts}. Never throws for a host's failure. Blocks until every host is done or has hit
   * its scan timeout.
   */
  public <R> List<HostResult<R>> run(List<SshInventory.Entry> hosts, Scan<R> scan) {
    requireNonNull(scan, "scan");
    List<SshInventory.Entry> all = List.copyOf(hosts);
    long t0 = System.nanoTime();
    AtomicInteger done = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    AtomicInteger running = new AtomicInteger();
    List<HostResult<R>> results = new ArrayList<>(all.size());
    for (int i = 0; i < all.size(); i++) {
      results.add(null);
    }
    Object progressLock = new Object();
    Consumer<HostResult<R>> finished =
        r -> {
          (r.ok() ? done : failed).incrementAndGet();
          synchronized (progressLock) {
            progress.accept(
                new Progress(
                    all.size(),
                    done.get(),
                    failed.get(),
                    running.get(),
                    Duration.ofNanos(System.nanoTime() - t0)));
          }
        };
    int first = 0;
    if (plan.isPresent() && plan.get().isEmpty() && !all.isEmpty()) {
      // Learn the plan from the first host alone, then every other host uses it.
      running.incrementAndGet();
      HostResult<R> r = scanOne(all.get(0), scan);
      running.decrementAndGet();
      results.set(0, r);
      finished.accept(r);
      first = 1;
    }
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.max(1, Math.min(concurrency, all.size())),
            r -> {
              Thread t = new Thread(r, "vigil-fleet");
              t.setDaemon(true);
              return t;
            });
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = first; i < all.size(); i++) {
        int index = i;
        futures.add(
            pool.submit(
                () -> {
                  running.incrementAndGet();
                  HostResult<R> r = scanOne(all.get(index), scan);
                  running.decrementAndGet();
                  results.set(index, r);
                  finished.accept(r);
                }));
      }
      for (Future<?> f : futures) {
        try {
          f.get();
        } catch (Exception e) {
          // scanOne never throws; an interrupt ends the wait below
          if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            break;
          }
        }
      }
    } finally {
      pool.shutdownNow();
    }
    return List.copyOf(results);
  }

  private static final ScheduledExecutorService TIMER =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "vigil-fleet-timer");
            t.setDaemon(true);
            return t;
          });

  private static final ExecutorService CLOSER =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "vigil-fleet-closer");
            t.setDaemon(true);
            return t;
          });

  private <R> HostResult<R> scanOne(SshInventory.Entry host, Scan<R> scan) {
    long t0 = System.nanoTime();
    Target target = host.target();
    SshTransport transport;
    try {
      transport = SshTransport.connect(target, host.config());
    } catch (SshConnectException e) {
      LOG.warn("{}: {}", target.name(), e.getMessage());
      return new HostResult<>(
          target,
          Optional.empty(),
          Optional.of(e.getMessage()),
          Optional.of(e.kind()),
          Duration.ofNanos(System.nanoTime() - t0));
    } catch (RuntimeException e) {
      return failure(target, host.config().address() + ": " + e, t0);
    }
    AtomicBoolean expired = new AtomicBoolean();
    Duration limit = host.config().scanTimeout();
    ScheduledFuture<?> dog =
        TIMER.schedule(
            () -> {
              expired.set(true);
              // Every pending and later read fails at once; remote commands are killed.
              CLOSER.execute(transport::close);
            },
            Math.max(1, limit.toNanos() - (System.nanoTime() - t0)),
            TimeUnit.NANOSECONDS);
    try (transport) {
      if (plan.isPresent() && !plan.get().isEmpty()) {
        try {
          plan.get().prefetch(transport);
        } catch (java.io.IOException e) {
          LOG.debug("{}: prefetch failed, reading one by one: {}", target.name(), e.getMessage());
        }
      }
      R value = scan.scan(transport);
      plan.ifPresent(p -> p.learn(transport.accessLog()));
      if (expired.get()) {
        return failure(
            target,
            host.config().address() + ": scan timed out after " + limit.toSeconds() + " s",
            t0);
      }
      if (value == null) {
        return failure(target, host.config().address() + ": the scan returned nothing", t0);
      }
      return new HostResult<>(
          target,
          Optional.of(value),
          Optional.empty(),
          Optional.empty(),
          Duration.ofNanos(System.nanoTime() - t0));
    } catch (Exception e) {
      String why =
          expired.get()
              ? "scan timed out after " + limit.toSeconds() + " s"
              : (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
      LOG.warn("{}: {}", target.name(), why);
      return failure(target, host.config().address() + ": " + why, t0);
    } finally {
      dog.cancel(false);
    }
  }

  private static <R> HostResult<R> failure(Target target, String why, long t0) {
    return new HostResult<>(
        target,
        Optional.empty(),
        Optional.of(why),
        Optional.empty(),
        Duration.ofNanos(System.nanoTime() - t0));
  }

  /** Builds a fleet runner; defaults: 32 hosts at once, no progress, a fresh read-ahead plan. */
  public static final class Builder {
    private int concurrency = DEFAULT_CONCURRENCY;
    private Consumer<Progress> progress = p -> {};
    private Optional<ReadAheadPlan> plan = Optional.of(new ReadAheadPlan());

    public Builder concurrency(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("concurrency must be at least 1: " + value);
      }
      this.concurrency = value;
      return this;
    }

    public Builder progress(Consumer<Progress> value) {
      this.progress = requireNonNull(value, "progress");
      return this;
    }

    /** The plan to use and extend; {@code null} for none (every read is its own round trip). */
    public Builder readAhead(ReadAheadPlan value) {
      this.plan = Optional.ofNullable(value);
      return this;
    }

    public SshFleet build() {
      return new SshFleet(concurrency, progress, plan);
    }
  }
}
