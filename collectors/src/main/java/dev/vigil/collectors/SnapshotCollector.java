package dev.vigil.collectors;

import dev.vigil.core.facts.CollectorError;
import dev.vigil.core.facts.Fact;
import dev.vigil.core.facts.Snapshot;
import dev.vigil.core.transport.Transport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs collectors against one transport and assembles the snapshot, policing each collector's
 * contract: undeclared or duplicate facts are an error naming the collector, a declared fact that
 * was not produced becomes an error fact, and a collector that throws turns all its facts into
 * errors with the reason. Nothing a collector does stops the others.
 */
public final class SnapshotCollector {
  private static final Logger LOG = LoggerFactory.getLogger(SnapshotCollector.class);

  private final List<Collector> collectors;
  private final int parallelism;

  /** Runs the collectors one after the other. */
  public SnapshotCollector(List<Collector> collectors) {
    this(collectors, 1);
  }

  /**
   * Runs up to {@code parallelism} collectors of one target at once (the transport must be safe for
   * concurrent use, as {@link dev.vigil.core.transport.Transport} requires). The snapshot is the
   * same as a sequential run's: results are policed in registry order. A collector still running at
   * the context's collector timeout is abandoned and its facts become errors.
   */
  public SnapshotCollector(List<Collector> collectors, int parallelism) {
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1: " + parallelism);
    }
    this.collectors = List.copyOf(collectors);
    this.parallelism = parallelism;
  }

  public Snapshot collect(Transport transport, CollectionContext context) {
    Instant started = context.now();
    List<Fact> facts = new ArrayList<>();
    List<CollectorError> errors = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    java.util.Map<Collector, java.util.concurrent.Future<List<Fact>>> running =
        start(transport, context);
    try {
      for (Collector collector : collectors) {
        police(collector, transport, context, running.get(collector), facts, errors, seen);
      }
    } finally {
      running.values().forEach(f -> f.cancel(true));
    }
    return Snapshot.of(transport.target(), started, context.now(), facts)
        .withCollectorErrors(errors);
  }

  private java.util.Map<Collector, java.util.concurrent.Future<List<Fact>>> start(
      Transport transport, CollectionContext context) {
    java.util.Map<Collector, java.util.concurrent.Future<List<Fact>>> out =
        new java.util.IdentityHashMap<>();
    if (parallelism == 1) {
      return out;
    }
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(
            Math.min(parallelism, Math.max(1, collectors.size())),
            r -> {
              Thread t = new Thread(r, "vigil-collector");
              t.setDaemon(true);
              return t;
            });
    try {
      for (Collector c : collectors) {
        if (!(c.descriptor().liveOnly() && !transport.live())) {
          out.put(c, pool.submit(() -> c.collect(transport, context)));
        }
      }
    } finally {
      pool.shutdown(); // queued tasks still run; threads end when done
    }
    return out;
  }

  private void police(
      Collector collector,
      Transport transport,
      CollectionContext context,
      java.util.concurrent.Future<List<Fact>> future,
      List<Fact> facts,
      List<CollectorError> errors,
      Set<String> seen) {
    CollectorDescriptor d = collector.descriptor();
    if (d.liveOnly() && !transport.live()) {
      for (String name : d.facts()) {
        if (seen.add(name)) {
          facts.add(Fact.absent(name, "collector " + d.id() + " needs a live target", List.of()));
        }
      }
      return;
    }
    List<Fact> produced;
    try {
      produced = future == null ? collector.collect(transport, context) : await(d, future, context);
    } catch (CollectionException | RuntimeException e) {
      String reason =
          e instanceof CollectionException
              ? e.getMessage()
              : "collector " + d.id() + " failed: " + e;
      LOG.warn("{}: {}", transport.target().name(), reason);
      errors.add(new CollectorError(d.id(), reason));
      produced = List.of();
    }
    Set<String> mine = new HashSet<>();
    for (Fact f : produced) {
      if (!d.facts().contains(f.name())) {
        errors.add(
            new CollectorError(
                d.id(), "collector " + d.id() + " produced undeclared fact " + f.name()));
        continue;
      }
      if (!seen.add(f.name()) || !mine.add(f.name())) {
        errors.add(
            new CollectorError(
                d.id(), "collector " + d.id() + " produced fact " + f.name() + " twice"));
        continue;
      }
      facts.add(f);
    }
    for (String name : d.facts()) {
      if (!mine.contains(name) && seen.add(name)) {
        String why =
            errors.stream()
                .filter(e -> e.collector().equals(d.id()))
                .map(CollectorError::message)
                .findFirst()
                .orElse("collector " + d.id() + " did not produce it");
        facts.add(Fact.error(name, why, List.of()));
      }
    }
  }

  private static List<Fact> await(
      CollectorDescriptor d, java.util.concurrent.Future<List<Fact>> f, CollectionContext context)
      throws CollectionException {
    try {
      return f.get(
          context.collectorTimeout().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      f.cancel(true);
      throw new CollectionException(
          "collector "
              + d.id()
              + " timed out after "
              + context.collectorTimeout().toSeconds()
              + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CollectionException("collector " + d.id() + " interrupted", e);
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof CollectionException ce) {
        throw ce;
      }
      if (c instanceof RuntimeException re) {
        throw re;
      }
      throw new CollectionException("collector " + d.id() + " failed: " + c, c);
    }
  }
}
