package dev.vigil.reports.period;

import dev.vigil.controls.ControlCatalog;
import dev.vigil.controls.Rollup;
import dev.vigil.core.Assessment;
import dev.vigil.core.ControlId;
import dev.vigil.core.ControlResult;
import dev.vigil.core.ControlStatus;
import dev.vigil.core.Finding;
import dev.vigil.core.Status;
import dev.vigil.core.Target;
import dev.vigil.core.TargetError;
import dev.vigil.core.WaiverRef;
import dev.vigil.reports.period.PeriodReport.ControlView;
import dev.vigil.reports.period.PeriodReport.FailureEpisode;
import dev.vigil.reports.period.PeriodReport.FamilyView;
import dev.vigil.reports.period.PeriodReport.Gap;
import dev.vigil.reports.period.PeriodReport.Methodology;
import dev.vigil.reports.period.PeriodReport.StatusCounts;
import dev.vigil.reports.period.PeriodReport.Summary;
import dev.vigil.reports.period.PeriodReport.TargetCoverage;
import dev.vigil.reports.period.PeriodReport.WaiverUse;
import dev.vigil.reports.period.PeriodReport.WeekScore;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Builds a {@link PeriodReport} from runs handed oldest first. It keeps each target's latest
 * findings (without their evidence), the run times of each target, the failure episodes and the
 * waivers; never more than one run at a time. Not thread-safe.
 */
final class PeriodAccumulator {
  private static final Duration WEEK = Duration.ofDays(7);

  private final PeriodQuery q;
  private final ControlCatalog catalog;

  /** Target name to its latest findings by id. */
  private final Map<String, Map<String, Finding>> latest = new TreeMap<>();

  /** Finding id to the profile of the run that last reported it. */
  private final Map<String, String> profileOf = new HashMap<>();

  private final Map<String, List<Instant>> runTimes = new TreeMap<>();
  private final Map<String, Episode> open = new HashMap<>();
  private final List<Episode> closed = new ArrayList<>();
  private final Map<String, WaiverAgg> waivers = new TreeMap<>();

  private final List<Checkpoint> checkpoints = new ArrayList<>();
  private int nextCheckpoint;
  private Map<ControlId, ControlStatus> startControls = Map.of();
  private Optional<Double> startScore = Optional.empty();
  private Instant lastCheckpoint;
  private final List<WeekScore> weeks = new ArrayList<>();

  private int runsRead;
  private int runsInPeriod;
  private long findingsRead;
  private Instant lastRunStart = Instant.MIN;

  private record Checkpoint(Instant at, boolean inclusive, boolean start) {}

  private static final class Episode {
    final Instant openedAt;
    final boolean beforeHistory;
    Finding last;
    Instant resolvedAt;

    Episode(Finding f, Instant openedAt, boolean beforeHistory) {
      this.last = f;
      this.openedAt = openedAt;
      this.beforeHistory = beforeHistory;
    }
  }

  private static final class WaiverAgg {
    WaiverRef ref;
    final Set<String> findings = new HashSet<>();
    final Set<String> targets = new TreeSet<>();
    Instant lastUsed;
  }

  PeriodAccumulator(PeriodQuery q, ControlCatalog catalog) {
    this.q = q;
    this.catalog = catalog;
    checkpoints.add(new Checkpoint(q.since(), false, true));
    for (Instant t = q.since().plus(WEEK); t.isBefore(q.until()); t = t.plus(WEEK)) {
      checkpoints.add(new Checkpoint(t, true, false));
    }
    checkpoints.add(new Checkpoint(q.until(), true, false));
    lastCheckpoint = q.since();
  }

  void accept(Assessment run) {
    Instant at = run.startedAt();
    if (at.isBefore(lastRunStart)) {
      throw new IllegalStateException(
          "history must hand runs oldest first: " + run.runId() + " started before the previous");
    }
    lastRunStart = at;
    while (nextCheckpoint < checkpoints.size() && due(checkpoints.get(nextCheckpoint), at)) {
      checkpoint(checkpoints.get(nextCheckpoint++));
    }
    boolean inPeriod = !at.isBefore(q.since()) && !at.isAfter(q.until());
    runsRead++;
    if (inPeriod) {
      runsInPeriod++;
    }
    findingsRead += run.findings().size();

    Map<String, Map<String, Finding>> byTarget = new LinkedHashMap<>();
    for (Target t : run.targets()) {
      byTarget.put(t.name(), new HashMap<>());
    }
    for (Finding f : run.findings()) {
      byTarget.computeIfAbsent(f.target(), k -> new HashMap<>()).put(f.id(), f);
    }
    Set<String> unreachable = new HashSet<>();
    for (TargetError e : run.targetErrors()) {
      unreachable.add(e.target());
    }
    for (Map.Entry<String, Map<String, Finding>> e : byTarget.entrySet()) {
      String target = e.getKey();
      Map<String, Finding> now = e.getValue();
      if (now.isEmpty() && unreachable.contains(target)) {
        continue; // a run that could not reach the target is no evidence about it
      }
      runTimes.computeIfAbsent(target, k -> new ArrayList<>()).add(at);
      Map<String, Finding> prev = latest.get(target);
      boolean firstSeen = prev == null;
      Map<String, Finding> kept = new HashMap<>(now.size() * 2);
      for (Finding f : now.values()) {
        profileOf.put(f.id(), run.profile());
        track(f, at, firstSeen);
        if (inPeriod && f.waived() && f.waiver().isPresent()) {
          WaiverAgg w = waivers.computeIfAbsent(f.waiver().get().id(), k -> new WaiverAgg());
          w.ref = f.waiver().get();
          w.findings.add(f.id());
          w.targets.add(target);
          w.lastUsed = at;
        }
        kept.put(f.id(), strip(f));
      }
      if (prev != null) {
        for (Map.Entry<String, Finding> p : prev.entrySet()) {
          String id = p.getKey();
          if (now.containsKey(id)) {
            continue;
          }
          if (run.profile().equals(profileOf.get(id))) {
            resolve(id, at); // no longer reported by its profile: the resource or rule is gone
            profileOf.remove(id);
          } else {
            kept.put(id, p.getValue()); // another profile's finding: this run says nothing of it
          }
        }
      }
      latest.put(target, kept);
    }
  }

  private static boolean due(Checkpoint c, Instant runStart) {
    return c.inclusive() ? c.at().isBefore(runStart) : !c.at().isAfter(runStart);
  }

  private void track(Finding f, Instant at, boolean firstSeen) {
    Episode ep = open.get(f.id());
    if (f.status() == Status.FAIL) {
      if (ep == null) {
        ep = new Episode(strip(f), at, firstSeen);
        open.put(f.id(), ep);
      } else {
        ep.last = strip(f);
      }
    } else if (f.status() == Status.PASS || f.status() == Status.NOTAPPLICABLE) {
      resolve(f.id(), at);
    }
    // error, unknown, not checked, informational: we cannot tell, the failure stays open
  }

  private void resolve(String id, Instant at) {
    Episode ep = open.remove(id);
    if (ep != null && !at.isBefore(q.since())) {
      ep.resolvedAt = at;
      closed.add(ep);
    }
  }

  /** The finding without what the period report never shows, to keep memory small. */
  private static Finding strip(Finding f) {
    return new Finding(
        f.id(),
        f.rule(),
        f.title(),
        f.target(),
        f.resource(),
        f.status(),
        f.severity(),
        f.controls(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        List.of(),
        Optional.empty(),
        f.waived(),
        f.waiver(),
        Optional.empty());
  }

  private List<Finding> fleet() {
    List<Finding> all = new ArrayList<>();
    for (Map<String, Finding> m : latest.values()) {
      all.addAll(m.values());
    }
    return all;
  }

  private void checkpoint(Checkpoint c) {
    List<Finding> all = fleet();
    List<ControlResult> rollup = Rollup.compute(all, catalog);
    int pass = 0;
    int conclusive = 0;
    for (Finding f : all) {
      switch (f.status()) {
        case PASS -> {
          pass++;
          conclusive++;
        }
        case FAIL -> {
          if (!f.waived()) {
            conclusive++;
          }
        }
        case ERROR, UNKNOWN -> conclusive++;
        default -> {}
      }
    }
    Optional<Double> score =
        conclusive == 0 ? Optional.empty() : Optional.of(round1(100.0 * pass / conclusive));
    if (c.start()) {
      Map<ControlId, ControlStatus> m = new TreeMap<>();
      for (ControlResult r : rollup) {
        m.put(r.control(), r.status());
      }
      startControls = m;
      startScore = score;
      return;
    }
    int sat = 0;
    int assessed = 0;
    for (ControlResult r : rollup) {
      if (r.status() == ControlStatus.SATISFIED) {
        sat++;
      }
      if (r.status() != ControlStatus.NOT_ASSESSED) {
        assessed++;
      }
    }
    weeks.add(
        new WeekScore(
            lastCheckpoint,
            c.at(),
            score,
            pass,
            conclusive,
            assessed == 0 ? Optional.empty() : Optional.of(round1(100.0 * sat / assessed)),
            latest.size()));
    lastCheckpoint = c.at();
  }

  PeriodReport finish(
      String reportId, String toolVersion, Instant generatedAt, String scope, String source) {
    while (nextCheckpoint < checkpoints.size()) {
      checkpoint(checkpoints.get(nextCheckpoint++));
    }
    Instant until = q.until();

    // Controls: the fleet-wide rollup at the end, beside the one at the start.
    List<Finding> all = fleet();
    Map<ControlId, List<String>> failing = new TreeMap<>();
    for (Finding f : all) {
      boolean bad =
          (f.status() == Status.FAIL && !f.waived())
              || f.status() == Status.ERROR
              || f.status() == Status.UNKNOWN;
      if (bad) {
        for (ControlId c : f.controls()) {
          List<String> ts = failing.computeIfAbsent(c, k -> new ArrayList<>());
          if (!ts.contains(f.target())) {
            ts.add(f.target());
          }
        }
      }
    }
    Map<String, List<ControlView>> byFamily = new TreeMap<>();
    int improved = 0;
    int worsened = 0;
    for (ControlResult r : Rollup.compute(all, catalog)) {
      List<String> ts = new ArrayList<>(failing.getOrDefault(r.control(), List.of()));
      ts.sort(Comparator.naturalOrder());
      ControlView v =
          new ControlView(
              r.control().toString(),
              r.title().orElse(""),
              Optional.ofNullable(startControls.get(r.control())),
              r.status(),
              r.findings().size(),
              ts);
      if (v.trend().equals("improved")) {
        improved++;
      } else if (v.trend().equals("worsened")) {
        worsened++;
      }
      byFamily.computeIfAbsent(r.control().family(), k -> new ArrayList<>()).add(v);
    }
    List<FamilyView> families = new ArrayList<>();
    for (Map.Entry<String, List<ControlView>> e : byFamily.entrySet()) {
      List<ControlView> cs = e.getValue();
      families.add(
          new FamilyView(
              e.getKey(),
              catalog.families().getOrDefault(e.getKey(), ""),
              counts(cs.stream().map(c -> c.atStart().orElse(null)).toList()),
              counts(cs.stream().map(ControlView::atEnd).toList()),
              cs));
    }
    StatusCounts endCounts =
        counts(
            families.stream().flatMap(f -> f.controls().stream()).map(ControlView::atEnd).toList());
    StatusCounts startCounts = counts(new ArrayList<>(startControls.values()));

    // Evidence coverage and gaps.
    List<Duration> medians = new ArrayList<>();
    Map<String, Duration> own = new HashMap<>();
    for (Map.Entry<String, List<Instant>> e : runTimes.entrySet()) {
      List<Duration> diffs = diffs(e.getValue());
      if (diffs.size() >= 2) {
        Duration m = median(diffs);
        own.put(e.getKey(), m);
        medians.add(m);
      }
    }
    Optional<Duration> fleetMedian =
        medians.isEmpty() ? Optional.empty() : Optional.of(median(medians));
    List<TargetCoverage> coverage = new ArrayList<>();
    List<Gap> gaps = new ArrayList<>();
    for (Map.Entry<String, List<Instant>> e : runTimes.entrySet()) {
      String target = e.getKey();
      List<Instant> times = e.getValue();
      Duration expected;
      String from;
      if (q.expectedInterval().isPresent()) {
        expected = q.expectedInterval().get();
        from = "given";
      } else if (own.containsKey(target)) {
        expected = own.get(target).multipliedBy(2);
        from = "median";
      } else if (fleetMedian.isPresent()) {
        expected = fleetMedian.get().multipliedBy(2);
        from = "fleet";
      } else {
        expected = null;
        from = "unknown";
      }
      int inPeriod = 0;
      for (Instant t : times) {
        if (!t.isBefore(q.since())) {
          inPeriod++;
        }
      }
      int targetGaps = 0;
      if (expected != null && !expected.isZero()) {
        for (int i = 1; i < times.size(); i++) {
          Instant a = times.get(i - 1);
          Instant b = times.get(i);
          if (b.isAfter(q.since()) && Duration.between(a, b).compareTo(expected) > 0) {
            gaps.add(new Gap(target, a, b, false, hours(Duration.between(a, b)), hours(expected)));
            targetGaps++;
          }
        }
        Instant lastRun = times.get(times.size() - 1);
        if (Duration.between(lastRun, until).compareTo(expected) > 0) {
          gaps.add(
              new Gap(
                  target,
                  lastRun,
                  until,
                  true,
                  hours(Duration.between(lastRun, until)),
                  hours(expected)));
          targetGaps++;
        }
      }
      coverage.add(
          new TargetCoverage(
              target,
              inPeriod,
              Optional.of(times.get(times.size() - 1)),
              expected == null ? 0 : hours(expected),
              from,
              targetGaps));
    }
    gaps.sort(Comparator.comparing(Gap::hours).reversed().thenComparing(Gap::target));

    // Failures: resolved in the period, then still open (oldest first).
    List<FailureEpisode> failures = new ArrayList<>();
    for (Episode ep : closed) {
      failures.add(episode(ep, ep.resolvedAt));
    }
    List<Episode> stillOpen = new ArrayList<>(open.values());
    stillOpen.sort(
        Comparator.comparing((Episode ep) -> ep.openedAt)
            .thenComparing(ep -> ep.last.target())
            .thenComparing(ep -> ep.last.rule().value())
            .thenComparing(ep -> ep.last.id()));
    for (Episode ep : stillOpen) {
      failures.add(episode(ep, null));
    }
    failures.sort(
        Comparator.comparing((FailureEpisode f) -> f.resolvedAt().isPresent())
            .thenComparing(FailureEpisode::openedAt)
            .thenComparing(FailureEpisode::target)
            .thenComparing(FailureEpisode::rule)
            .thenComparing(FailureEpisode::findingId));

    // Waivers: used in the period; in force at the end and expiring in the next period.
    LocalDate endDay = LocalDate.ofInstant(until, ZoneOffset.UTC);
    LocalDate nextEnd = LocalDate.ofInstant(until.plus(q.length()), ZoneOffset.UTC);
    List<WaiverUse> used = new ArrayList<>();
    for (WaiverAgg w : waivers.values()) {
      used.add(
          new WaiverUse(
              w.ref.id(),
              w.ref.owner(),
              w.ref.justification(),
              w.ref.expires(),
              w.findings.size(),
              new ArrayList<>(w.targets),
              Optional.of(w.lastUsed),
              w.ref.expires().isBefore(endDay)));
    }
    Map<String, WaiverAgg> atEnd = new TreeMap<>();
    for (Finding f : all) {
      if (f.waiver().isPresent()) {
        WaiverRef r = f.waiver().get();
        if (r.expires().isAfter(endDay.minusDays(1)) && !r.expires().isAfter(nextEnd)) {
          WaiverAgg w = atEnd.computeIfAbsent(r.id(), k -> new WaiverAgg());
          w.ref = r;
          w.findings.add(f.id());
          w.targets.add(f.target());
        }
      }
    }
    List<WaiverUse> expiring = new ArrayList<>();
    for (WaiverAgg w : atEnd.values()) {
      expiring.add(
          new WaiverUse(
              w.ref.id(),
              w.ref.owner(),
              w.ref.justification(),
              w.ref.expires(),
              w.findings.size(),
              new ArrayList<>(w.targets),
              Optional.empty(),
              false));
    }
    expiring.sort(Comparator.comparing(WaiverUse::expires).thenComparing(WaiverUse::id));

    int notScanned = (int) coverage.stream().filter(c -> c.runsInPeriod() == 0).count();
    long opened = failures.stream().filter(FailureEpisode::openedInPeriod).count();
    long resolved = failures.stream().filter(f -> f.resolvedAt().isPresent()).count();
    Summary summary =
        new Summary(
            coverage.size(),
            coverage.size() - notScanned,
            notScanned,
            gaps.size(),
            endCounts.satisfied() + endCounts.otherThanSatisfied(),
            startCounts,
            endCounts,
            improved,
            worsened,
            (int) opened,
            (int) resolved,
            failures.size() - (int) resolved,
            used.size(),
            expiring.size(),
            startScore,
            weeks.isEmpty() ? Optional.empty() : weeks.get(weeks.size() - 1).score());
    String gapRule =
        q.expectedInterval()
            .map(
                d ->
                    "A gap is a stretch of more than "
                        + hours(d)
                        + " h (given) without a run of a target.")
            .orElse(
                "A gap is a stretch without a run of a target longer than twice its median interval"
                    + " between runs (twice the fleet's median when it has fewer than three runs).");
    return new PeriodReport(
        reportId,
        toolVersion,
        generatedAt,
        q.since(),
        until,
        scope,
        q.profile(),
        source,
        new Methodology(
            PeriodReport.SCORE_DEFINITION,
            gapRule
                + " Runs are read from "
                + q.readFrom()
                + " (the period and a lookback of "
                + q.lookback().toDays()
                + " days) to know the state at the start.",
            q.readFrom(),
            runsRead,
            runsInPeriod,
            findingsRead),
        summary,
        families,
        coverage,
        gaps,
        failures,
        used,
        expiring,
        weeks);
  }

  private FailureEpisode episode(Episode ep, Instant resolvedAt) {
    Finding f = ep.last;
    Instant end = resolvedAt == null ? q.until() : resolvedAt;
    return new FailureEpisode(
        f.id(),
        f.target(),
        f.rule().value(),
        f.title(),
        f.severity().wire(),
        f.resource().type() + ":" + f.resource().id(),
        f.controls().stream().map(ControlId::toString).toList(),
        ep.openedAt,
        ep.beforeHistory,
        !ep.openedAt.isBefore(q.since()),
        Optional.ofNullable(resolvedAt),
        round1(Duration.between(ep.openedAt, end).toMinutes() / 1440.0),
        f.waived());
  }

  private static StatusCounts counts(List<ControlStatus> statuses) {
    int s = 0;
    int o = 0;
    int n = 0;
    for (ControlStatus c : statuses) {
      if (c == null) {
        continue;
      }
      switch (c) {
        case SATISFIED -> s++;
        case OTHER_THAN_SATISFIED -> o++;
        case NOT_ASSESSED -> n++;
      }
    }
    return new StatusCounts(s, o, n);
  }

  private static List<Duration> diffs(List<Instant> times) {
    List<Duration> out = new ArrayList<>();
    for (int i = 1; i < times.size(); i++) {
      out.add(Duration.between(times.get(i - 1), times.get(i)));
    }
    return out;
  }

  private static Duration median(List<Duration> ds) {
    List<Duration> s = new ArrayList<>(ds);
    s.sort(Comparator.naturalOrder());
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : s.get(n / 2 - 1).plus(s.get(n / 2)).dividedBy(2);
  }

  private static double hours(Duration d) {
    return round1(d.toMinutes() / 60.0);
  }

  private static double round1(double v) {
    return Math.round(v * 10.0) / 10.0;
  }
}
