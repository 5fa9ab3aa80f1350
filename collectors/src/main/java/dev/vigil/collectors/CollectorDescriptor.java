package dev.vigil.collectors;

import static java.util.Objects.requireNonNull;

import java.util.Set;
import java.util.TreeSet;

/**
 * @param id the collector's id, named in errors ({@code host.sshd})
 * @param facts every fact name it produces
 * @param liveOnly true when it can only run on a live target (it reads /proc or runs commands)
 */
public record CollectorDescriptor(
    String id, String displayName, Set<String> facts, boolean liveOnly) {
  public CollectorDescriptor {
    requireNonNull(id, "id");
    requireNonNull(displayName, "displayName");
    facts = Set.copyOf(new TreeSet<>(facts));
    if (facts.isEmpty()) {
      throw new IllegalArgumentException("collector " + id + " declares no facts");
    }
  }
}
