package dev.vigil.core;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One run: which targets were scanned with which profile and parameters, by which version, when,
 * and everything it concluded.
 *
 * @param runId sortable by time: {@code 20261125T143518Z-3f9a}
 * @param parameters the rule parameter values in force, for the methodology appendix
 */
public record Assessment(
    String runId,
    String toolVersion,
    Instant startedAt,
    Instant finishedAt,
    List<Target> targets,
    String profile,
    SortedMap<String, String> parameters,
    List<Finding> findings,
    List<ControlResult> controls,
    List<TargetError> targetErrors) {

  public Assessment {
    requireNonNull(runId, "runId");
    requireNonNull(toolVersion, "toolVersion");
    requireNonNull(startedAt, "startedAt");
    requireNonNull(finishedAt, "finishedAt");
    requireNonNull(profile, "profile");
    targets = List.copyOf(targets);
    parameters =
        java.util.Collections.unmodifiableSortedMap(
            new TreeMap<>(parameters == null ? Map.of() : parameters));
    findings = List.copyOf(findings);
    controls = List.copyOf(controls == null ? List.of() : controls);
    targetErrors = List.copyOf(targetErrors == null ? List.of() : targetErrors);
  }

  /** Finding counts by status (waived failures counted as fail; see {@link #waivedCount()}). */
  @JsonIgnore
  public Map<Status, Integer> countsByStatus() {
    Map<Status, Integer> counts = new EnumMap<>(Status.class);
    for (Status s : Status.values()) {
      counts.put(s, 0);
    }
    for (Finding f : findings) {
      counts.merge(f.status(), 1, Integer::sum);
    }
    return counts;
  }

  @JsonIgnore
  public long waivedCount() {
    return findings.stream().filter(Finding::waived).count();
  }

  /** The highest severity among open (unwaived) failures, if any. */
  @JsonIgnore
  public Optional<Severity> worstOpenFailure() {
    return findings.stream()
        .filter(Finding::isOpenFailure)
        .map(Finding::severity)
        .max(Enum::compareTo);
  }

  public Assessment withControls(List<ControlResult> rollup) {
    return new Assessment(
        runId,
        toolVersion,
        startedAt,
        finishedAt,
        targets,
        profile,
        parameters,
        findings,
        rollup,
        targetErrors);
  }

  public Assessment withFindings(List<Finding> newFindings) {
    return new Assessment(
        runId,
        toolVersion,
        startedAt,
        finishedAt,
        targets,
        profile,
        parameters,
        newFindings,
        controls,
        targetErrors);
  }
}
