package dev.vigil.cli;

import dev.vigil.core.Assessment;
import dev.vigil.core.ControlResult;
import dev.vigil.core.ControlStatus;
import dev.vigil.core.Finding;
import dev.vigil.core.Status;
import dev.vigil.core.TargetError;
import dev.vigil.scheduler.scan.ScanResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The short text a person reads after a scan: counts, the worst failures, where the report is. */
final class Summary {
  private static final int WORST_SHOWN = 10;

  private final ScanResult result;

  Summary(ScanResult result) {
    this.result = result;
  }

  void print(PrintWriter out, Path cwd) {
    Assessment a = result.assessment();
    double seconds = (a.finishedAt().toEpochMilli() - a.startedAt().toEpochMilli()) / 1000.0;
    out.printf(
        Locale.ROOT,
        "vigil %s · run %s · profile %s · %.1f s%n",
        a.toolVersion(),
        a.runId(),
        a.profile(),
        seconds);
    out.println(
        "Targets:  "
            + a.targets().stream()
                .map(t -> t.name() + " (" + t.kind().wire() + ")")
                .collect(Collectors.joining(", ")));

    Map<Status, Integer> counts = a.countsByStatus();
    List<String> parts = new ArrayList<>();
    for (Status s : Status.values()) {
      int n = counts.get(s);
      if (n > 0) {
        String part = n + " " + s.wire();
        if (s == Status.FAIL && a.waivedCount() > 0) {
          part += " (" + a.waivedCount() + " waived)";
        }
        parts.add(part);
      }
    }
    out.println(
        "Findings: "
            + a.findings().size()
            + (parts.isEmpty() ? "" : ": " + String.join(", ", parts)));

    Map<ControlStatus, Long> controls = new EnumMap<>(ControlStatus.class);
    for (ControlResult c : a.controls()) {
      controls.merge(c.status(), 1L, Long::sum);
    }
    if (!controls.isEmpty()) {
      out.println(
          "Controls: "
              + controls.entrySet().stream()
                  .map(e -> e.getValue() + " " + e.getKey().wire())
                  .collect(Collectors.joining(", ")));
    }

    List<Finding> failures =
        a.findings().stream()
            .filter(Finding::isOpenFailure)
            .sorted(
                Comparator.comparing(Finding::severity)
                    .reversed()
                    .thenComparing(Finding::target)
                    .thenComparing(Finding::rule))
            .toList();
    if (!failures.isEmpty()) {
      out.println();
      out.println("Worst failures:");
      for (Finding f : failures.subList(0, Math.min(WORST_SHOWN, failures.size()))) {
        out.printf(
            Locale.ROOT,
            "  %-8s %-34s %s%s%n",
            f.severity().wire().toUpperCase(Locale.ROOT),
            f.rule(),
            f.title(),
            f.resource().isHost() ? "" : " [" + f.resource().id() + "]");
        String observed = f.observed().map(o -> "observed: " + abbreviate(o)).orElse("");
        String expected = f.expected().map(e -> "expected: " + abbreviate(e)).orElse("");
        String detail =
            String.join(
                " · ", List.of(observed, expected).stream().filter(s -> !s.isEmpty()).toList());
        if (!detail.isEmpty()) {
          out.println("           " + detail);
        }
      }
      if (failures.size() > WORST_SHOWN) {
        out.println("  … and " + (failures.size() - WORST_SHOWN) + " more in the report");
      }
    }

    List<Finding> errors = a.findings().stream().filter(f -> f.status() == Status.ERROR).toList();
    if (!errors.isEmpty()) {
      out.println();
      out.println("Could not evaluate (" + errors.size() + "):");
      for (Finding f : errors.subList(0, Math.min(WORST_SHOWN, errors.size()))) {
        out.printf(
            Locale.ROOT,
            "  %-34s %s%n",
            f.rule(),
            abbreviate(f.message().orElse("unknown reason")));
      }
      if (errors.size() > WORST_SHOWN) {
        out.println("  … and " + (errors.size() - WORST_SHOWN) + " more in the report");
      }
    }
    for (TargetError e : a.targetErrors()) {
      out.println("Target failed: " + e.target() + ": " + e.reason());
    }

    result
        .alerts()
        .ifPresent(
            o -> {
              if (o.events().isEmpty()) {
                return;
              }
              Map<String, Long> byAction =
                  o.events().stream()
                      .collect(
                          Collectors.groupingBy(
                              e -> e.action().wire(),
                              java.util.TreeMap::new,
                              Collectors.counting()));
              String sinks =
                  o.sinks().stream()
                      .map(
                          s ->
                              s.sink()
                                  + ": "
                                  + s.delivered()
                                  + " delivered"
                                  + (s.pending() > 0 ? ", " + s.pending() + " queued" : "")
                                  + s.error().map(e -> " (" + abbreviate(e) + ")").orElse(""))
                      .collect(Collectors.joining("; "));
              out.println();
              out.println(
                  "Changes:  "
                      + byAction.entrySet().stream()
                          .map(e -> e.getValue() + " " + e.getKey())
                          .collect(Collectors.joining(", "))
                      + (sinks.isEmpty() ? "" : " → " + sinks));
            });
    result
        .index()
        .ifPresent(
            r ->
                out.println(
                    "Index:    "
                        + (r.complete()
                            ? r.findings() + " findings indexed in Elasticsearch"
                            : "Elasticsearch unavailable, "
                                + r.pendingSegments()
                                + " batch(es) spooled for the next run"
                                + r.error().map(e -> " (" + abbreviate(e) + ")").orElse(""))));

    out.println();
    result.run().report().ifPresent(r -> out.println("Report:   " + relative(cwd, r)));
    out.println("Evidence: " + relative(cwd, result.run().dir()) + "/");
  }

  private static String relative(Path cwd, Path p) {
    Path abs = p.toAbsolutePath().normalize();
    return abs.startsWith(cwd) ? cwd.relativize(abs).toString() : abs.toString();
  }

  private static String abbreviate(String s) {
    String oneLine = s.replaceAll("\\s+", " ").trim();
    return oneLine.length() > 100 ? oneLine.substring(0, 97) + "..." : oneLine;
  }
}
