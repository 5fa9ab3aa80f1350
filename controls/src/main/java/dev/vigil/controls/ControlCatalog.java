package dev.vigil.controls;

import dev.vigil.core.ControlId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The NIST SP 800-53 Rev 5 controls vigil knows, with their titles and baselines. Immutable. */
public final class ControlCatalog {
  private final Map<ControlId, ControlInfo> controls;

  public ControlCatalog(List<ControlInfo> controls) {
    this.controls = new TreeMap<>();
    for (ControlInfo c : controls) {
      this.controls.put(c.id(), c);
    }
  }

  /** The compact control index shipped with vigil. */
  public static ControlCatalog builtIn() {
    // TODO(issue 6): load the compact index generated from ../shared/data/oscal.
    return new ControlCatalog(List.of());
  }

  public Optional<ControlInfo> find(ControlId id) {
    return Optional.ofNullable(controls.get(id));
  }

  public boolean contains(ControlId id) {
    return controls.containsKey(id);
  }

  public List<ControlInfo> all() {
    return List.copyOf(controls.values());
  }

  /** The controls a baseline selects ({@code low}, {@code moderate}, {@code high}). */
  public Set<ControlId> baseline(String name) {
    return controls.values().stream()
        .filter(c -> c.baselines().contains(name))
        .map(ControlInfo::id)
        .collect(Collectors.toCollection(java.util.TreeSet::new));
  }
}
