package dev.vigil.reports.period;

import static java.util.Objects.requireNonNull;

import dev.vigil.core.Target;
import java.util.Arrays;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which targets a period report covers. Run files record each target's labels, not the groups of
 * the daemon configuration, so a group is matched on labels ({@code group=prod}, or {@code prod}
 * listed in a comma-separated {@code groups} label); a caller that knows the configuration can pass
 * the group's target names instead with {@link #names}.
 */
public final class TargetFilter implements Predicate<Target> {
  private static final TargetFilter ALL = new TargetFilter("all targets", t -> true);

  private final String description;
  private final Predicate<Target> test;

  private TargetFilter(String description, Predicate<Target> test) {
    this.description = description;
    this.test = test;
  }

  public static TargetFilter all() {
    return ALL;
  }

  /**
   * Targets labelled {@code group=NAME}, or with NAME in a comma-separated {@code groups} label.
   */
  public static TargetFilter group(String name) {
    requireNonNull(name, "group");
    return new TargetFilter(
        "group " + name,
        t ->
            name.equals(t.labels().get("group"))
                || Arrays.stream(t.labels().getOrDefault("groups", "").split(","))
                    .map(String::trim)
                    .anyMatch(name::equals));
  }

  /** Targets with the label {@code key=value}. */
  public static TargetFilter label(String key, String value) {
    requireNonNull(key, "key");
    requireNonNull(value, "value");
    return new TargetFilter(key + "=" + value, t -> value.equals(t.labels().get(key)));
  }

  /** Targets with these names (a group resolved from the daemon configuration). */
  public static TargetFilter names(String description, Set<String> names) {
    Set<String> copy = Set.copyOf(names);
    return new TargetFilter(description, t -> copy.contains(t.name()));
  }

  @Override
  public boolean test(Target t) {
    return test.test(t);
  }

  public boolean isAll() {
    return this == ALL;
  }

  @Override
  public String toString() {
    return description;
  }
}
