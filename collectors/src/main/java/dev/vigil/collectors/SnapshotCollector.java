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

  public SnapshotCollector(List<Collector> collectors) {
    this.collectors = List.copyOf(collectors);
  }

  public Snapshot collect(Transport transport, CollectionContext context) {
    Instant started = context.now();
    List<Fact> facts = new ArrayList<>();
    List<CollectorError> errors = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Collector collector : collectors) {
      CollectorDescriptor d = collector.descriptor();
      if (d.liveOnly() && !transport.live()) {
        for (String name : d.facts()) {
          if (seen.add(name)) {
            facts.add(Fact.absent(name, "collector " + d.id() + " needs a live target", List.of()));
          }
        }
        continue;
      }
      List<Fact> produced;
      try {
        produced = collector.collect(transport, context);
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
    return Snapshot.of(transport.target(), started, context.now(), facts)
        .withCollectorErrors(errors);
  }
}
