package dev.vigil.reports.period;

import dev.vigil.reports.period.PeriodReport.FailureEpisode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code failures.csv}: one row per failure episode of the period (opened, resolved or open), with
 * its age in days. Values a spreadsheet would run as a formula are prefixed with a quote.
 */
final class PeriodCsv {
  static final List<String> HEADER =
      List.of(
          "state",
          "target",
          "rule",
          "title",
          "severity",
          "resource",
          "controls",
          "opened_at",
          "opened_before_history",
          "resolved_at",
          "age_days",
          "waived",
          "finding_id");

  private PeriodCsv() {}

  static void render(PeriodReport r, OutputStream out) throws IOException {
    Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
    row(w, HEADER);
    for (FailureEpisode f : r.failures()) {
      row(
          w,
          List.of(
              f.state(),
              f.target(),
              f.rule(),
              f.title(),
              f.severity(),
              f.resource(),
              String.join(" ", f.controls()),
              f.openedAt().toString(),
              Boolean.toString(f.openedBeforeHistory()),
              f.resolvedAt().map(Object::toString).orElse(""),
              Double.toString(f.ageDays()),
              Boolean.toString(f.waived()),
              f.findingId()));
    }
    w.flush();
  }

  private static void row(Writer w, List<String> fields) throws IOException {
    dev.vigil.reports.internal.Csv.row(w, fields);
  }
}
