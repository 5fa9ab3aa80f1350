package dev.vigil.reports.period;

import static java.util.Objects.requireNonNull;

import dev.vigil.controls.ControlCatalog;
import dev.vigil.core.ControlStatus;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/**
 * The compliance report of a period for a fleet: every control's fleet-wide status at the start and
 * the end of the period, which targets lacked evidence, which failures opened, resolved or stayed
 * open and for how long, the waivers used and those about to expire, and the weekly score.
 *
 * <p>Everything is computed from a {@link RunHistory} by {@link #build}; the record is the model
 * the HTML, JSON, CSV and OSCAL renderers write.
 *
 * @param reportId {@code period-<since>-<until>} (days, UTC): names the manifest
 * @param source where the history was read ({@link RunHistory#describe})
 * @param scope the targets covered ({@code all targets}, {@code group prod})
 * @param families the controls by family, with their status at the start and end
 * @param targets every target seen in the history read, with its evidence coverage
 * @param gaps every stretch of more than the expected interval without a run, overlapping the
 *     period
 * @param failures every failure episode that opened, resolved, or was open during the period
 * @param waiversUsed waivers that waived at least one failure in a run of the period
 * @param waiversExpiring waivers in force at the end whose expiry falls in the next period (of the
 *     same length)
 * @param weeks the score at the end of each week of the period (the last week may be shorter)
 */
public record PeriodReport(
    String reportId,
    String toolVersion,
    Instant generatedAt,
    Instant since,
    Instant until,
    String scope,
    Optional<String> profile,
    String source,
    Methodology methodology,
    Summary summary,
    List<FamilyView> families,
    List<TargetCoverage> targets,
    List<Gap> gaps,
    List<FailureEpisode> failures,
    List<WaiverUse> waiversUsed,
    List<WaiverUse> waiversExpiring,
    List<WeekScore> weeks) {

  /** The score's definition, printed in every format so a reader never guesses. */
  public static final String SCORE_DEFINITION =
      "Compliance score: at an instant, over every target's latest findings, passing findings"
          + " divided by conclusive findings (pass, unwaived fail, error, unknown) in percent;"
          + " waived failures and not-applicable, not-checked or informational findings count in"
          + " neither. Controls satisfied: satisfied controls over controls assessed"
          + " (satisfied + other-than-satisfied), from the fleet-wide rollup.";

  public PeriodReport {
    requireNonNull(reportId, "reportId");
    requireNonNull(toolVersion, "toolVersion");
    requireNonNull(generatedAt, "generatedAt");
    requireNonNull(since, "since");
    requireNonNull(until, "until");
    requireNonNull(scope, "scope");
    profile = profile == null ? Optional.empty() : profile;
    requireNonNull(source, "source");
    requireNonNull(methodology, "methodology");
    requireNonNull(summary, "summary");
    families = List.copyOf(families);
    targets = List.copyOf(targets);
    gaps = List.copyOf(gaps);
    failures = List.copyOf(failures);
    waiversUsed = List.copyOf(waiversUsed);
    waiversExpiring = List.copyOf(waiversExpiring);
    weeks = List.copyOf(weeks);
  }

  /**
   * Reads the history of the query's window (and its lookback) one run at a time and builds the
   * report.
   *
   * @param clock stamps {@code generatedAt}; reports built with a fixed clock are byte-identical
   */
  public static PeriodReport build(
      RunHistory history,
      PeriodQuery query,
      ControlCatalog catalog,
      String toolVersion,
      Clock clock)
      throws IOException {
    PeriodAccumulator acc = new PeriodAccumulator(query, catalog);
    history.forEachRun(
        query.readFrom(), query.until(), query.targets(), query.profile(), acc::accept);
    return acc.finish(
        idFor(query),
        toolVersion,
        clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
        query.targets().toString(),
        history.describe());
  }

  static String idFor(PeriodQuery q) {
    DateTimeFormatter f = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);
    return "period-" + f.format(q.since()) + "-" + f.format(q.until());
  }

  /** The failures that opened during the period. */
  public List<FailureEpisode> opened() {
    return failures.stream().filter(FailureEpisode::openedInPeriod).toList();
  }

  /** The failures resolved during the period. */
  public List<FailureEpisode> resolved() {
    return failures.stream().filter(f -> f.resolvedAt().isPresent()).toList();
  }

  /** The failures still open at the end of the period, oldest first. */
  public List<FailureEpisode> stillOpen() {
    return failures.stream().filter(f -> f.resolvedAt().isEmpty()).toList();
  }

  /** The targets without a single run in the period. */
  public List<TargetCoverage> notScanned() {
    return targets.stream().filter(t -> t.runsInPeriod() == 0).toList();
  }

  /** How the figures were computed, for the methodology section and auditors. */
  public record Methodology(
      String scoreDefinition,
      String gapRule,
      Instant readFrom,
      int runsRead,
      int runsInPeriod,
      long findingsRead) {}

  /** The executive summary's figures. */
  public record Summary(
      int targets,
      int targetsScanned,
      int targetsNotScanned,
      int gaps,
      int controlsAssessed,
      StatusCounts controlsAtStart,
      StatusCounts controlsAtEnd,
      int controlsImproved,
      int controlsWorsened,
      int failuresOpened,
      int failuresResolved,
      int failuresStillOpen,
      int waiversUsed,
      int waiversExpiring,
      Optional<Double> scoreAtStart,
      Optional<Double> scoreAtEnd) {}

  /** Controls by fleet-wide status. */
  public record StatusCounts(int satisfied, int otherThanSatisfied, int notAssessed) {
    public int total() {
      return satisfied + otherThanSatisfied + notAssessed;
    }
  }

  /** One control family with its controls. */
  public record FamilyView(
      String family,
      String title,
      StatusCounts atStart,
      StatusCounts atEnd,
      List<ControlView> controls) {
    public FamilyView {
      controls = List.copyOf(controls);
    }
  }

  /**
   * One control, fleet-wide: its rollup over every target's latest findings at the start and at the
   * end.
   *
   * @param atStart empty when no finding mapped to the control existed before the period
   * @param failingTargetsAtEnd the targets with an unwaived failure or error on it at the end
   */
  public record ControlView(
      String control,
      String title,
      Optional<ControlStatus> atStart,
      ControlStatus atEnd,
      int findingsAtEnd,
      List<String> failingTargetsAtEnd) {
    public ControlView {
      atStart = atStart == null ? Optional.empty() : atStart;
      failingTargetsAtEnd = List.copyOf(failingTargetsAtEnd);
    }

    /** {@code improved}, {@code worsened}, {@code new} or {@code unchanged}. */
    public String trend() {
      if (atStart.isEmpty()) {
        return "new";
      }
      int a = rank(atStart.get());
      int b = rank(atEnd);
      return a == b ? "unchanged" : b > a ? "improved" : "worsened";
    }

    public String startText() {
      return atStart.map(ControlStatus::wire).orElse("none");
    }

    private static int rank(ControlStatus s) {
      return switch (s) {
        case OTHER_THAN_SATISFIED -> 0;
        case NOT_ASSESSED -> 1;
        case SATISFIED -> 2;
      };
    }
  }

  /**
   * One target's evidence over the period.
   *
   * @param lastRun its latest run up to the end of the period
   * @param expectedInterval the interval beyond which no run is a gap, in hours
   * @param expectedFrom {@code given}, {@code median} (twice its median interval) or {@code fleet}
   *     (twice the fleet's median, when the target has too few runs)
   */
  public record TargetCoverage(
      String target,
      int runsInPeriod,
      Optional<Instant> lastRun,
      double expectedIntervalHours,
      String expectedFrom,
      int gaps) {}

  /**
   * A stretch without evidence: no run of the target from {@code from} to {@code to}.
   *
   * @param to the next run, or the end of the period when {@code ongoing}
   */
  public record Gap(
      String target,
      Instant from,
      Instant to,
      boolean ongoing,
      double hours,
      double expectedHours) {
    public String days() {
      return String.format(java.util.Locale.ROOT, "%.1f", hours / 24);
    }
  }

  /**
   * One failure of one finding (target, rule, resource) from the run where it was first seen
   * failing to the run where it no longer failed.
   *
   * @param openedAt the first run that saw it failing
   * @param openedBeforeHistory it was already failing in the oldest run read: it began at or before
   *     {@code openedAt}, so its age is a lower bound
   * @param resolvedAt the first run, in the period, where it passed or was no longer reported
   * @param ageDays from {@code openedAt} to the resolution, or to the end of the period
   * @param waived waived in the latest run that saw it failing
   */
  public record FailureEpisode(
      String findingId,
      String target,
      String rule,
      String title,
      String severity,
      String resource,
      List<String> controls,
      Instant openedAt,
      boolean openedBeforeHistory,
      boolean openedInPeriod,
      Optional<Instant> resolvedAt,
      double ageDays,
      boolean waived) {
    public FailureEpisode {
      controls = List.copyOf(controls);
      resolvedAt = resolvedAt == null ? Optional.empty() : resolvedAt;
    }

    /** {@code resolved}, {@code opened} (in the period, still open) or {@code open}. */
    public String state() {
      return resolvedAt.isPresent() ? "resolved" : openedInPeriod ? "opened" : "open";
    }

    /** The age for people: {@code 12.0} or {@code ≥ 12.0} when it began before the history. */
    public String age() {
      String a = String.format(java.util.Locale.ROOT, "%.1f", ageDays);
      return openedBeforeHistory ? "≥ " + a : a;
    }
  }

  /**
   * A waiver as used by the fleet.
   *
   * @param findings distinct findings it covered in the period's runs (or at the end, for expiring
   *     waivers)
   */
  public record WaiverUse(
      String id,
      String owner,
      String justification,
      LocalDate expires,
      int findings,
      List<String> targets,
      Optional<Instant> lastUsed,
      boolean expiredByEnd) {
    public WaiverUse {
      targets = List.copyOf(targets);
      lastUsed = lastUsed == null ? Optional.empty() : lastUsed;
    }
  }

  /**
   * The score at the end of one week.
   *
   * @param score the compliance score (see {@link #SCORE_DEFINITION}); empty when nothing was
   *     conclusive
   * @param controlsSatisfied satisfied controls over assessed controls, in percent
   */
  public record WeekScore(
      Instant weekStart,
      Instant weekEnd,
      Optional<Double> score,
      int pass,
      int conclusive,
      Optional<Double> controlsSatisfied,
      int targetsWithEvidence) {}
}
