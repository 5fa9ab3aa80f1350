package dev.vigil.core.facts;

import static java.util.Objects.requireNonNull;

import dev.vigil.core.Target;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * All facts of one target at one time, keyed and ordered by fact name. Secrets never enter a
 * snapshot: collectors reduce password hashes and private keys to their state before making facts.
 */
public record Snapshot(
    Target target,
    Instant startedAt,
    Instant finishedAt,
    SortedMap<String, Fact> facts,
    List<CollectorError> collectorErrors) {
  public Snapshot {
    requireNonNull(target, "target");
    requireNonNull(startedAt, "startedAt");
    requireNonNull(finishedAt, "finishedAt");
    facts = Collections.unmodifiableSortedMap(new TreeMap<>(facts == null ? Map.of() : facts));
    collectorErrors = List.copyOf(collectorErrors == null ? List.of() : collectorErrors);
    for (Map.Entry<String, Fact> e : facts.entrySet()) {
      if (!e.getKey().equals(e.getValue().name())) {
        throw new IllegalArgumentException(
            "snapshot key " + e.getKey() + " holds fact " + e.getValue().name());
      }
    }
  }

  public static Snapshot of(
      Target target, Instant startedAt, Instant finishedAt, List<Fact> facts) {
    SortedMap<String, Fact> byName = new TreeMap<>();
    for (Fact f : facts) {
      if (byName.put(f.name(), f) != null) {
        throw new IllegalArgumentException("fact " + f.name() + " collected twice");
      }
    }
    return new Snapshot(target, startedAt, finishedAt, byName, List.of());
  }

  public Optional<Fact> fact(String name) {
    return Optional.ofNullable(facts.get(name));
  }

  public Snapshot withCollectorErrors(List<CollectorError> errors) {
    return new Snapshot(target, startedAt, finishedAt, facts, errors);
  }
}
