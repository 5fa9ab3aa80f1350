package dev.vigil.reports.period;

import static java.util.Objects.requireNonNull;

import dev.vigil.controls.ControlCatalog;
import dev.vigil.core.Assessment;
import dev.vigil.core.Finding;
import dev.vigil.core.Target;
import dev.vigil.core.TargetError;
import dev.vigil.core.json.Json;
import dev.vigil.reports.EvidenceArchive;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The history of the embedded evidence archive: each run's {@code findings.json}. Run ids start
 * with their start time ({@code 20261125T143518Z-3f9a}), so the runs outside the window are skipped
 * by name without being opened; a run whose id does not start with a time is opened to read its
 * start time. Runs are read one at a time.
 */
public final class ArchiveHistory implements RunHistory {
  private static final DateTimeFormatter ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

  /**
   * A run's id may be minted a little before or after its recorded start: names within this slack
   * of the window are opened and judged by the start time inside.
   */
  private static final java.time.Duration SLACK = java.time.Duration.ofHours(1);

  private final EvidenceArchive archive;

  public ArchiveHistory(Path root) {
    this.archive =
        new EvidenceArchive(
            requireNonNull(root, "root"), ControlCatalog.builtIn(), Optional.empty());
  }

  @Override
  public void forEachRun(
      Instant from,
      Instant until,
      TargetFilter targets,
      Optional<String> profile,
      RunVisitor visitor)
      throws IOException {
    record Candidate(Path findings, Instant start) {}
    List<Candidate> candidates = new ArrayList<>();
    for (Path dir : archive.runDirs()) {
      Path findings = dir.resolve(EvidenceArchive.FINDINGS);
      if (!Files.isRegularFile(findings)) {
        continue;
      }
      Optional<Instant> named = timeOf(dir.getFileName().toString());
      if (named.isPresent()
          && (named.get().isBefore(from.minus(SLACK)) || named.get().isAfter(until.plus(SLACK)))) {
        continue;
      }
      // Sorted by the name's time; unnamed runs are placed once opened (rare: ids are minted by
      // the scanner with their time).
      candidates.add(new Candidate(findings, named.orElse(null)));
    }
    List<Candidate> unnamed = candidates.stream().filter(c -> c.start() == null).toList();
    if (!unnamed.isEmpty()) {
      List<Candidate> placed = new ArrayList<>();
      for (Candidate c : candidates) {
        placed.add(
            c.start() != null ? c : new Candidate(c.findings(), read(c.findings()).startedAt()));
      }
      candidates = placed;
    }
    candidates.sort(Comparator.comparing(Candidate::start));
    // Names and recorded start times may disagree within the slack: keep start order exact by
    // holding back runs until no later-named run can start earlier.
    List<Assessment> pending = new ArrayList<>();
    for (Candidate c : candidates) {
      Assessment a = read(c.findings());
      pending.add(a);
      pending.sort(Comparator.comparing(Assessment::startedAt));
      while (!pending.isEmpty()
          && pending.get(0).startedAt().isBefore(c.start().minus(SLACK.multipliedBy(2)))) {
        emit(pending.remove(0), from, until, targets, profile, visitor);
      }
    }
    for (Assessment a : pending) {
      emit(a, from, until, targets, profile, visitor);
    }
  }

  private static void emit(
      Assessment a,
      Instant from,
      Instant until,
      TargetFilter targets,
      Optional<String> profile,
      RunVisitor visitor)
      throws IOException {
    if (a.startedAt().isBefore(from) || a.startedAt().isAfter(until)) {
      return;
    }
    if (profile.isPresent() && !profile.get().equals(a.profile())) {
      return;
    }
    Optional<Assessment> kept = restrict(a, targets);
    if (kept.isPresent()) {
      visitor.visit(kept.get());
    }
  }

  /** The run reduced to the targets the filter accepts, or empty when none is left. */
  static Optional<Assessment> restrict(Assessment a, TargetFilter filter) {
    if (filter.isAll()) {
      return a.targets().isEmpty() ? Optional.empty() : Optional.of(a);
    }
    List<Target> kept = a.targets().stream().filter(filter).toList();
    if (kept.isEmpty()) {
      return Optional.empty();
    }
    Set<String> names = new HashSet<>();
    kept.forEach(t -> names.add(t.name()));
    List<Finding> findings = a.findings().stream().filter(f -> names.contains(f.target())).toList();
    List<TargetError> errors =
        a.targetErrors().stream().filter(e -> names.contains(e.target())).toList();
    return Optional.of(
        new Assessment(
            a.runId(),
            a.toolVersion(),
            a.startedAt(),
            a.finishedAt(),
            kept,
            a.profile(),
            a.parameters(),
            findings,
            List.of(),
            errors));
  }

  private static Assessment read(Path findings) throws IOException {
    try {
      return Json.mapper().readValue(findings.toFile(), Assessment.class);
    } catch (IOException e) {
      String m = String.valueOf(e.getMessage());
      int nl = m.indexOf('\n');
      throw new IOException(
          "cannot read run " + findings + ": " + (nl < 0 ? m : m.substring(0, nl)), e);
    }
  }

  /** The start time encoded at the head of a run id, if it has one. */
  static Optional<Instant> timeOf(String runId) {
    if (runId.length() < 16) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          LocalDateTime.parse(runId.substring(0, 16), ID_TIME).toInstant(ZoneOffset.UTC));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  @Override
  public String describe() {
    return "evidence archive " + archive.root();
  }
}
