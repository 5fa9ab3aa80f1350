package dev.vigil.rules;

import static java.util.Objects.requireNonNull;

import dev.vigil.controls.ControlCatalog;
import dev.vigil.core.ControlId;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * Baseline coverage: how many of a baseline's controls have at least one automated rule (in a
 * profile, or in the whole rule set).
 */
public record Coverage(String baseline, Set<ControlId> covered, Set<ControlId> uncovered) {
  public Coverage {
    requireNonNull(baseline, "baseline");
    covered = Collections.unmodifiableSet(new TreeSet<>(covered));
    uncovered = Collections.unmodifiableSet(new TreeSet<>(uncovered));
  }

  public int total() {
    return covered.size() + uncovered.size();
  }

  /** Covered share in percent, one decimal. */
  public double percent() {
    return total() == 0 ? 0 : Math.round(1000.0 * covered.size() / total()) / 10.0;
  }

  /** Coverage of {@code baseline} by the rules the profile enables. */
  public static Coverage of(
      RuleSet rules, Profile profile, ControlCatalog catalog, String baseline) {
    if (!ControlCatalog.BASELINES.contains(baseline)) {
      throw new IllegalArgumentException("baseline must be low, moderate or high: " + baseline);
    }
    Set<ControlId> mapped = new TreeSet<>();
    for (Rule r : rules.rules()) {
      if (profile.enabled(r.id())) {
        mapped.addAll(r.controls());
      }
    }
    Set<ControlId> covered = new TreeSet<>();
    Set<ControlId> uncovered = new TreeSet<>();
    for (ControlId c : catalog.baseline(baseline)) {
      (mapped.contains(c) ? covered : uncovered).add(c);
    }
    return new Coverage(baseline, covered, uncovered);
  }
}
