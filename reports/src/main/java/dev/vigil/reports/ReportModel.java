package dev.vigil.reports;

import static java.util.Objects.requireNonNull;

import dev.vigil.controls.ControlCatalog;
import dev.vigil.controls.ControlInfo;
import dev.vigil.controls.Rollup;
import dev.vigil.core.Assessment;
import dev.vigil.core.ControlId;
import dev.vigil.core.ControlResult;
import dev.vigil.core.ControlStatus;
import dev.vigil.core.Finding;
import dev.vigil.core.Severity;
import dev.vigil.core.Status;
import dev.vigil.core.Target;
import dev.vigil.core.TargetError;
import dev.vigil.core.WaiverRef;
import dev.vigil.core.facts.CollectorError;
import dev.vigil.core.facts.Provenance;
import dev.vigil.core.facts.Snapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Everything a report shows, computed once from an assessment, its snapshots, the control catalog
 * and the archive's history. Every renderer reads this model; none reads the assessment directly
 * except the JSON renderer, which writes the assessment itself.
 *
 * <p>The view records hold display-ready values: absent optionals become empty strings, statuses
 * and severities their wire names, so templates need no logic beyond loops and conditions.
 *
 * @param findings every finding, worst first (open failures by severity, errors, unknown, waived,
 *     then the rest)
 * @param history earlier runs and this one, oldest first, for the trend chart
 */
public record ReportModel(
    Assessment assessment,
    List<Snapshot> snapshots,
    RunSummary summary,
    StatusCounts counts,
    Map<String, Integer> openFailuresBySeverity,
    Map<String, Integer> controlCounts,
    List<FindingView> findings,
    List<FamilyView> families,
    List<TargetView> targets,
    List<RuleView> rules,
    List<WaiverView> waivers,
    List<ErrorView> errors,
    List<TimingView> timings,
    List<RunSummary> history) {

  public ReportModel {
    requireNonNull(assessment, "assessment");
    requireNonNull(summary, "summary");
    snapshots = List.copyOf(snapshots);
    findings = List.copyOf(findings);
    families = List.copyOf(families);
    targets = List.copyOf(targets);
    rules = List.copyOf(rules);
    waivers = List.copyOf(waivers);
    errors = List.copyOf(errors);
    timings = List.copyOf(timings);
    history = List.copyOf(history);
  }

  /** Counts of findings by status; {@code open} are unwaived failures. */
  public record StatusCounts(
      int total,
      int pass,
      int fail,
      int open,
      int waived,
      int error,
      int unknown,
      int notapplicable,
      int notchecked,
      int informational) {
    static StatusCounts of(List<Finding> fs) {
      int[] c = new int[Status.values().length];
      int open = 0;
      int waived = 0;
      for (Finding f : fs) {
        c[f.status().ordinal()]++;
        if (f.waived()) {
          waived++;
        } else if (f.status() == Status.FAIL) {
          open++;
        }
      }
      return new StatusCounts(
          fs.size(),
          c[Status.PASS.ordinal()],
          c[Status.FAIL.ordinal()],
          open,
          waived,
          c[Status.ERROR.ordinal()],
          c[Status.UNKNOWN.ordinal()],
          c[Status.NOTAPPLICABLE.ordinal()],
          c[Status.NOTCHECKED.ordinal()],
          c[Status.INFORMATIONAL.ordinal()]);
    }

    /**
     * Pass over pass + open failures + errors, in whole percent (waived failures are accepted
     * exceptions and count on neither side); 100 when nothing was conclusive.
     */
    public int passPercent() {
      int conclusive = pass + open + error;
      return conclusive == 0 ? 100 : (int) Math.floor(100.0 * pass / conclusive);
    }
  }

  /** Where a finding's evidence is listed in full: the target's evidence table. */
  public record EvidenceView(
      String anchor, String kind, String source, String sha256, long bytes, String readAt) {
    public String shortSha() {
      return sha256.length() > 12 ? sha256.substring(0, 12) : sha256;
    }
  }

  public record FindingView(
      String id,
      String rule,
      String ruleAnchor,
      String title,
      String target,
      String targetAnchor,
      String resourceType,
      String resourceId,
      boolean hostResource,
      String status,
      String severity,
      boolean waived,
      boolean openFailure,
      List<String> controls,
      String families,
      String observed,
      String expected,
      String message,
      List<EvidenceView> evidence,
      String remediation,
      String waiverId,
      String waiverOwner,
      String waiverJustification,
      String waiverExpires,
      boolean waiverExpired,
      String change,
      boolean remediationHere) {
    /** The CSS class and filter value of the status: {@code waived} for a waived failure. */
    public String statusClass() {
      return waived ? "waived" : status;
    }

    public boolean hasWaiver() {
      return !waiverId.isEmpty();
    }
  }

  public record RuleCount(String rule, String anchor, String title, StatusCounts counts) {}

  public record ControlView(
      String id,
      String anchor,
      String title,
      String status,
      List<RuleCount> rules,
      List<String> openFindings,
      List<String> allFindings) {
    public int findingCount() {
      return allFindings.size();
    }
  }

  public record FamilyView(
      String family,
      String title,
      List<ControlView> controls,
      int satisfied,
      int otherThanSatisfied,
      int notAssessed) {}

  public record TargetView(
      String name,
      String anchor,
      String kind,
      String location,
      StatusCounts counts,
      List<FindingView> problems,
      List<EvidenceView> evidence,
      String scanDuration) {}

  public record RuleView(
      String id,
      String anchor,
      String title,
      String severity,
      List<String> controls,
      String remediation,
      StatusCounts counts) {}

  public record WaiverView(
      String id,
      String owner,
      String justification,
      String expires,
      boolean expired,
      int findings) {}

  /** A collector or target that failed, with the reason. */
  public record ErrorView(String target, String source, String message) {}

  public record TimingView(String target, String started, String duration, int facts) {}

  /** Builds the model; {@code history} holds earlier runs (any order, this run excluded). */
  public static ReportModel build(
      Assessment a, List<Snapshot> snapshots, ControlCatalog catalog, List<RunSummary> history) {
    List<ControlResult> rollup =
        a.controls().isEmpty() ? Rollup.compute(a.findings(), catalog) : a.controls();
    RunSummary summary = RunSummary.of(a.controls().isEmpty() ? a.withControls(rollup) : a);

    // Evidence: one table per target, each distinct source once; findings refer to it.
    Map<String, String> targetAnchors = new LinkedHashMap<>();
    for (Target t : a.targets()) {
      targetAnchors.computeIfAbsent(t.name(), n -> anchor("target-", n, targetAnchors));
    }
    for (Finding f : a.findings()) {
      targetAnchors.computeIfAbsent(f.target(), n -> anchor("target-", n, targetAnchors));
    }
    Map<String, Map<String, EvidenceView>> evidenceByTarget = new HashMap<>();
    int[] evidenceCount = {1};

    List<Finding> ordered = new ArrayList<>(a.findings());
    ordered.sort(WORST_FIRST);
    List<FindingView> views = new ArrayList<>(ordered.size());
    long detailedCount =
        ordered.stream()
            .filter(f -> f.status() != Status.PASS && f.status() != Status.NOTAPPLICABLE)
            .count();
    Set<String> remediationRules = new java.util.HashSet<>();
    Map<String, FindingView> viewById = new HashMap<>();
    for (Finding f : ordered) {
      String tAnchor = targetAnchors.get(f.target());
      Map<String, EvidenceView> ev =
          evidenceByTarget.computeIfAbsent(f.target(), k -> new LinkedHashMap<>());
      List<EvidenceView> refs = new ArrayList<>(f.evidence().size());
      for (Provenance p : f.evidence()) {
        String key = p.kind().wire() + "\u0000" + p.source() + "\u0000" + p.sha256().orElse("");
        EvidenceView e = ev.get(key);
        if (e == null) {
          e =
              new EvidenceView(
                  "ev-" + (evidenceCount[0]++),
                  p.kind().wire(),
                  p.source(),
                  p.sha256().orElse(""),
                  p.bytes(),
                  p.readAt().toString());
          ev.put(key, e);
        }
        refs.add(e);
      }
      boolean detailed = f.status() != Status.PASS && f.status() != Status.NOTAPPLICABLE;
      boolean remediationHere =
          detailed
              && (detailedCount <= REPEAT_REMEDIATION || remediationRules.add(f.rule().value()));
      FindingView v = view(f, tAnchor, "rule-" + f.rule().value(), refs, remediationHere);
      views.add(v);
      viewById.put(f.id(), v);
    }

    Map<String, Integer> bySeverity = new LinkedHashMap<>();
    for (int i = Severity.values().length - 1; i >= 0; i--) {
      bySeverity.put(Severity.values()[i].wire(), 0);
    }
    for (Finding f : a.findings()) {
      if (f.isOpenFailure()) {
        bySeverity.merge(f.severity().wire(), 1, Integer::sum);
      }
    }

    // Rules.
    Map<String, List<Finding>> byRule = new TreeMap<>();
    for (Finding f : a.findings()) {
      byRule.computeIfAbsent(f.rule().value(), k -> new ArrayList<>()).add(f);
    }
    List<RuleView> rules = new ArrayList<>();
    for (Map.Entry<String, List<Finding>> e : byRule.entrySet()) {
      Finding first = e.getValue().get(0);
      Set<String> controls = new LinkedHashSet<>();
      Severity sev = first.severity();
      String remediation = "";
      for (Finding f : e.getValue()) {
        f.controls().forEach(c -> controls.add(c.toString()));
        if (f.severity().compareTo(sev) > 0) {
          sev = f.severity();
        }
        if (remediation.isEmpty() && f.remediation().isPresent()) {
          remediation = f.remediation().get();
        }
      }
      rules.add(
          new RuleView(
              e.getKey(),
              "rule-" + e.getKey(),
              first.title(),
              sev.wire(),
              List.copyOf(controls),
              remediation,
              StatusCounts.of(e.getValue())));
    }
    Map<String, RuleView> ruleById = rules.stream().collect(Collectors.toMap(RuleView::id, r -> r));

    // Controls, grouped by family.
    Map<String, Finding> findingById = new HashMap<>();
    for (Finding f : a.findings()) {
      findingById.put(f.id(), f);
    }
    Map<String, List<ControlView>> byFamily = new TreeMap<>();
    Map<String, Integer> controlCounts = new LinkedHashMap<>();
    for (ControlStatus s : ControlStatus.values()) {
      controlCounts.put(s.wire(), 0);
    }
    List<ControlResult> sortedRollup = new ArrayList<>(rollup);
    sortedRollup.sort(Comparator.comparing(ControlResult::control));
    for (ControlResult c : sortedRollup) {
      controlCounts.merge(c.status().wire(), 1, Integer::sum);
      Map<String, List<Finding>> ruleFindings = new TreeMap<>();
      List<String> open = new ArrayList<>();
      for (String id : c.findings()) {
        Finding f = findingById.get(id);
        if (f == null) {
          continue;
        }
        ruleFindings.computeIfAbsent(f.rule().value(), k -> new ArrayList<>()).add(f);
        if (f.isOpenFailure() || f.status() == Status.ERROR) {
          open.add(id);
        }
      }
      List<RuleCount> rc = new ArrayList<>();
      for (Map.Entry<String, List<Finding>> e : ruleFindings.entrySet()) {
        RuleView rv = ruleById.get(e.getKey());
        rc.add(
            new RuleCount(
                e.getKey(),
                "rule-" + e.getKey(),
                rv == null ? "" : rv.title(),
                StatusCounts.of(e.getValue())));
      }
      String title =
          c.title()
              .filter(t -> !t.isBlank())
              .or(() -> catalog.find(c.control()).map(ControlInfo::title))
              .orElse("");
      byFamily
          .computeIfAbsent(c.control().family(), k -> new ArrayList<>())
          .add(
              new ControlView(
                  c.control().toString(),
                  "control-" + c.control(),
                  title,
                  c.status().wire(),
                  rc,
                  open,
                  c.findings()));
    }
    List<FamilyView> families = new ArrayList<>();
    for (Map.Entry<String, List<ControlView>> e : byFamily.entrySet()) {
      int sat = 0;
      int other = 0;
      int na = 0;
      for (ControlView cv : e.getValue()) {
        switch (cv.status()) {
          case "satisfied" -> sat++;
          case "other-than-satisfied" -> other++;
          default -> na++;
        }
      }
      families.add(
          new FamilyView(
              e.getKey(), familyTitle(e.getKey(), catalog), e.getValue(), sat, other, na));
    }

    // Targets.
    Map<String, List<Finding>> byTarget = new LinkedHashMap<>();
    for (String t : targetAnchors.keySet()) {
      byTarget.put(t, new ArrayList<>());
    }
    for (Finding f : a.findings()) {
      byTarget.get(f.target()).add(f);
    }
    Map<String, List<FindingView>> problems = new HashMap<>();
    for (FindingView v : views) {
      if (v.openFailure() || v.status().equals("error")) {
        problems.computeIfAbsent(v.target(), k -> new ArrayList<>()).add(v);
      }
    }
    Map<String, Target> targetByName = new HashMap<>();
    a.targets().forEach(t -> targetByName.put(t.name(), t));
    Map<String, Snapshot> snapshotByTarget = new HashMap<>();
    snapshots.forEach(s -> snapshotByTarget.put(s.target().name(), s));
    List<TargetView> targets = new ArrayList<>();
    for (Map.Entry<String, List<Finding>> e : byTarget.entrySet()) {
      Target t = targetByName.get(e.getKey());
      Snapshot s = snapshotByTarget.get(e.getKey());
      targets.add(
          new TargetView(
              e.getKey(),
              targetAnchors.get(e.getKey()),
              t == null ? "" : t.kind().wire(),
              t == null ? "" : t.location(),
              StatusCounts.of(e.getValue()),
              problems.getOrDefault(e.getKey(), List.of()),
              List.copyOf(evidenceByTarget.getOrDefault(e.getKey(), Map.of()).values()),
              s == null ? "" : human(Duration.between(s.startedAt(), s.finishedAt()))));
    }
    targets.sort(
        Comparator.comparingInt((TargetView t) -> -t.counts().open())
            .thenComparingInt(t -> -t.counts().error())
            .thenComparing(TargetView::name));

    // Methodology: waivers, errors, timings.
    Map<String, WaiverRef> waiverRefs = new TreeMap<>();
    Map<String, Integer> waiverUse = new HashMap<>();
    for (Finding f : a.findings()) {
      f.waiver()
          .ifPresent(
              w -> {
                waiverRefs.putIfAbsent(w.id(), w);
                waiverUse.merge(w.id(), 1, Integer::sum);
              });
    }
    List<WaiverView> waivers =
        waiverRefs.values().stream()
            .map(
                w ->
                    new WaiverView(
                        w.id(),
                        w.owner(),
                        w.justification(),
                        w.expires().toString(),
                        w.expired(),
                        waiverUse.get(w.id())))
            .toList();
    List<ErrorView> errors = new ArrayList<>();
    for (TargetError te : a.targetErrors()) {
      errors.add(new ErrorView(te.target(), "target", te.reason()));
    }
    List<TimingView> timings = new ArrayList<>();
    for (Snapshot s : snapshots) {
      for (CollectorError ce : s.collectorErrors()) {
        errors.add(new ErrorView(s.target().name(), ce.collector(), ce.message()));
      }
      s.facts().values().stream()
          .filter(fact -> !fact.isOk())
          .forEach(
              fact ->
                  errors.add(
                      new ErrorView(
                          s.target().name(),
                          fact.name() + " (" + fact.state().wire() + ")",
                          fact.reason().orElse(""))));
      timings.add(
          new TimingView(
              s.target().name(),
              s.startedAt().toString(),
              human(Duration.between(s.startedAt(), s.finishedAt())),
              s.facts().size()));
    }

    List<RunSummary> hist = new ArrayList<>();
    for (RunSummary h : history) {
      if (!h.runId().equals(a.runId())) {
        hist.add(h);
      }
    }
    hist.add(summary);
    hist.sort(Comparator.comparing(RunSummary::runId));

    return new ReportModel(
        a,
        snapshots,
        summary,
        StatusCounts.of(a.findings()),
        bySeverity,
        controlCounts,
        views,
        families,
        targets,
        rules,
        waivers,
        errors,
        timings,
        hist);
  }

  /** A slice of a donut chart drawn on a circle of circumference 100 (SVG pathLength). */
  public record Segment(String key, int value, double length, double offset) {}

  /** A horizontal bar; {@code percent} of the largest bar of its chart. */
  public record Bar(String key, int value, double percent) {}

  /** A point of the trend chart in a 600 x 160 view box. */
  public record TrendPoint(
      double x, double y, String runId, String date, double passRate, int openFailures) {}

  public List<Segment> controlDonut() {
    int total = controlCounts.values().stream().mapToInt(Integer::intValue).sum();
    List<Segment> out = new ArrayList<>();
    double offset = 0;
    for (Map.Entry<String, Integer> e : controlCounts.entrySet()) {
      if (e.getValue() == 0) {
        continue;
      }
      double len = total == 0 ? 0 : 100.0 * e.getValue() / total;
      out.add(new Segment(e.getKey(), e.getValue(), round(len), round(offset)));
      offset += len;
    }
    return out;
  }

  public List<Bar> statusBars() {
    Map<String, Integer> m = new LinkedHashMap<>();
    m.put("fail", counts.open());
    m.put("waived", counts.waived());
    m.put("error", counts.error());
    m.put("unknown", counts.unknown());
    m.put("notchecked", counts.notchecked());
    m.put("pass", counts.pass());
    m.put("notapplicable", counts.notapplicable());
    m.put("informational", counts.informational());
    return bars(m);
  }

  public List<Bar> severityBars() {
    return bars(openFailuresBySeverity);
  }

  private static List<Bar> bars(Map<String, Integer> m) {
    int max = Math.max(1, m.values().stream().mapToInt(Integer::intValue).max().orElse(1));
    List<Bar> out = new ArrayList<>();
    m.forEach((k, v) -> out.add(new Bar(k, v, round(100.0 * v / max))));
    return out;
  }

  public List<TrendPoint> trend() {
    return trendOf(history);
  }

  public String trendLine() {
    return lineOf(trendOf(history));
  }

  /** The last 30 runs; x spreads them evenly, y is the pass rate (top = 100 %). */
  public static List<TrendPoint> trendOf(List<RunSummary> oldestFirst) {
    List<RunSummary> last =
        oldestFirst.subList(Math.max(0, oldestFirst.size() - 30), oldestFirst.size());
    List<TrendPoint> out = new ArrayList<>();
    for (int i = 0; i < last.size(); i++) {
      RunSummary r = last.get(i);
      double x = last.size() == 1 ? 300 : 40 + 540.0 * i / (last.size() - 1);
      double y = 10 + 130 * (1 - r.passRate() / 100.0);
      out.add(
          new TrendPoint(
              round(x),
              round(y),
              r.runId(),
              r.startedAt().toString().substring(0, 16).replace('T', ' '),
              r.passRate(),
              r.openFailures()));
    }
    return out;
  }

  /** The SVG polyline points of a trend. */
  public static String lineOf(List<TrendPoint> points) {
    StringBuilder sb = new StringBuilder();
    for (TrendPoint p : points) {
      sb.append(sb.length() == 0 ? "" : " ").append(p.x()).append(',').append(p.y());
    }
    return sb.toString();
  }

  /** The findings that are not passing, not applicable or informational: what the summary lists. */
  public List<FindingView> worst(int limit) {
    List<FindingView> out = new ArrayList<>();
    for (FindingView f : findings) {
      if (out.size() >= limit || !(f.openFailure() || f.status().equals("error"))) {
        break;
      }
      out.add(f);
    }
    return out;
  }

  /** A rule's passing (or not applicable) findings, listed compactly: one line per resource. */
  public record CompactGroup(
      String rule,
      String ruleAnchor,
      String title,
      String status,
      String severity,
      String families,
      List<FindingView> items) {}

  /** Whether a finding is listed in a compact group rather than in full. */
  public static boolean compact(FindingView f) {
    return f.status().equals("pass") || f.status().equals("notapplicable");
  }

  /** The findings listed in full, worst first. */
  public List<FindingView> detailed() {
    return findings.stream().filter(f -> !compact(f)).toList();
  }

  /** Passing and not-applicable findings grouped by rule and status, in rule order. */
  public List<CompactGroup> compactGroups() {
    Map<String, List<FindingView>> groups = new TreeMap<>();
    for (FindingView f : findings) {
      if (compact(f)) {
        groups.computeIfAbsent(f.status() + "\u0000" + f.rule(), k -> new ArrayList<>()).add(f);
      }
    }
    List<CompactGroup> out = new ArrayList<>();
    for (List<FindingView> items : groups.values()) {
      FindingView first = items.get(0);
      Set<String> fams = new java.util.TreeSet<>();
      items.forEach(i -> fams.addAll(List.of(i.families().split(" "))));
      fams.remove("");
      List<FindingView> sorted = new ArrayList<>(items);
      sorted.sort(Comparator.comparing(FindingView::target).thenComparing(FindingView::resourceId));
      out.add(
          new CompactGroup(
              first.rule(),
              first.ruleAnchor(),
              first.title(),
              first.status(),
              first.severity(),
              String.join(" ", fams),
              sorted));
    }
    out.sort(
        Comparator.comparing((CompactGroup g) -> g.status().equals("pass") ? 0 : 1)
            .thenComparing(CompactGroup::rule));
    return out;
  }

  /** At most {@code n} of a list, for the summaries that link on to the full list. */
  public static <T> List<T> first(List<T> list, int n) {
    return list.size() <= n ? list : list.subList(0, n);
  }

  /**
   * Up to this many detailed (not passing, not not-applicable) findings, every card repeats its
   * rule's remediation; above, only the first (worst) card of each rule does and the others point
   * to the rule, so a fleet report does not carry the same text thousands of times.
   */
  public static final int REPEAT_REMEDIATION = 1000;

  /** True when cards show remediation only on the first finding of each rule. */
  public boolean remediationOncePerRule() {
    return findings.stream().filter(f -> !compact(f)).count() > REPEAT_REMEDIATION;
  }

  /** Distinct families of all findings, for the filter. */
  public List<String> findingFamilies() {
    Set<String> fams = new java.util.TreeSet<>();
    for (FindingView f : findings) {
      for (String c : f.controls()) {
        fams.add(c.substring(0, 2));
      }
    }
    return List.copyOf(fams);
  }

  private static double round(double d) {
    return Math.round(d * 100) / 100.0;
  }

  /** When the run started, for people: {@code 2026-11-25 14:35:18 UTC}. */
  public String started() {
    return when(assessment.startedAt());
  }

  public String finished() {
    return when(assessment.finishedAt());
  }

  static String when(java.time.Instant t) {
    return t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
        .toString()
        .replace('T', ' ')
        .replace("Z", " UTC");
  }

  public String duration() {
    return human(Duration.between(assessment.startedAt(), assessment.finishedAt()));
  }

  /** Worst first: open failures by severity, errors, unknown, not checked, waived, the rest. */
  public static final Comparator<Finding> WORST_FIRST =
      Comparator.comparingInt(ReportModel::rank)
          .thenComparing(Finding::severity, Comparator.reverseOrder())
          .thenComparing(Finding::rule)
          .thenComparing(Finding::target)
          .thenComparing(f -> f.resource().id());

  private static int rank(Finding f) {
    return switch (f.status()) {
      case FAIL -> f.waived() ? 4 : 0;
      case ERROR -> 1;
      case UNKNOWN -> 2;
      case NOTCHECKED -> 3;
      case INFORMATIONAL -> 5;
      case NOTAPPLICABLE -> 6;
      case PASS -> 7;
    };
  }

  private static FindingView view(
      Finding f,
      String targetAnchor,
      String ruleAnchor,
      List<EvidenceView> evidence,
      boolean remediationHere) {
    List<String> controls = new ArrayList<>(f.controls().size());
    Set<String> fams = new LinkedHashSet<>();
    for (ControlId c : f.controls()) {
      controls.add(c.toString());
      fams.add(c.family());
    }
    WaiverRef w = f.waiver().orElse(null);
    return new FindingView(
        f.id(),
        f.rule().value(),
        ruleAnchor,
        f.title(),
        f.target(),
        targetAnchor,
        f.resource().type(),
        f.resource().id(),
        f.resource().isHost(),
        f.status().wire(),
        f.severity().wire(),
        f.waived(),
        f.isOpenFailure(),
        controls,
        String.join(" ", fams),
        f.observed().orElse(""),
        f.expected().orElse(""),
        f.message().orElse(""),
        evidence,
        f.remediation().orElse(""),
        w == null ? "" : w.id(),
        w == null ? "" : w.owner(),
        w == null ? "" : w.justification(),
        w == null ? "" : w.expires().toString(),
        w != null && w.expired(),
        f.change().map(c -> c.wire()).orElse(""),
        remediationHere);
  }

  /** A fragment id from a name: unsafe characters become '_', collisions get a suffix. */
  private static String anchor(String prefix, String name, Map<String, String> taken) {
    String base = prefix + name.replaceAll("[^A-Za-z0-9._-]", "_");
    String candidate = base;
    int n = 2;
    while (taken.containsValue(candidate)) {
      candidate = base + "-" + n++;
    }
    return candidate;
  }

  static String human(Duration d) {
    long ms = d.toMillis();
    if (ms < 1000) {
      return ms + " ms";
    }
    if (ms < 60_000) {
      return String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
    }
    return d.toMinutes() + " min " + (d.toSecondsPart()) + " s";
  }

  private static final Map<String, String> FAMILIES =
      Map.ofEntries(
          Map.entry("AC", "Access Control"),
          Map.entry("AT", "Awareness and Training"),
          Map.entry("AU", "Audit and Accountability"),
          Map.entry("CA", "Assessment, Authorization, and Monitoring"),
          Map.entry("CM", "Configuration Management"),
          Map.entry("CP", "Contingency Planning"),
          Map.entry("IA", "Identification and Authentication"),
          Map.entry("IR", "Incident Response"),
          Map.entry("MA", "Maintenance"),
          Map.entry("MP", "Media Protection"),
          Map.entry("PE", "Physical and Environmental Protection"),
          Map.entry("PL", "Planning"),
          Map.entry("PM", "Program Management"),
          Map.entry("PS", "Personnel Security"),
          Map.entry("PT", "PII Processing and Transparency"),
          Map.entry("RA", "Risk Assessment"),
          Map.entry("SA", "System and Services Acquisition"),
          Map.entry("SC", "System and Communications Protection"),
          Map.entry("SI", "System and Information Integrity"),
          Map.entry("SR", "Supply Chain Risk Management"));

  private static String familyTitle(String family, ControlCatalog catalog) {
    return catalog.all().stream()
        .filter(c -> c.family().equals(family))
        .map(ControlInfo::familyTitle)
        .findFirst()
        .orElse(FAMILIES.getOrDefault(family, family));
  }
}
