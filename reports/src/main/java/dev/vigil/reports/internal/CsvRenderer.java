package dev.vigil.reports.internal;

import dev.vigil.reports.Format;
import dev.vigil.reports.Renderer;
import dev.vigil.reports.ReportModel;
import dev.vigil.reports.ReportModel.EvidenceView;
import dev.vigil.reports.ReportModel.FindingView;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code findings.csv}: one row per finding, worst first, RFC 4180 (CRLF line ends, fields with a
 * comma, quote or line break quoted, quotes doubled). A value that a spreadsheet would run as a
 * formula ({@code =}, {@code @}, or {@code +}/{@code -} not starting a number) is prefixed with
 * {@code '} so a hostile value from a target cannot execute when the file is opened.
 */
public final class CsvRenderer implements Renderer {
  static final List<String> HEADER =
      List.of(
          "finding_id",
          "target",
          "rule",
          "title",
          "resource_type",
          "resource_id",
          "status",
          "waived",
          "severity",
          "controls",
          "observed",
          "expected",
          "message",
          "change",
          "waiver_id",
          "waiver_owner",
          "waiver_expires",
          "evidence",
          "remediation");

  @Override
  public Format format() {
    return Format.CSV;
  }

  @Override
  public String fileName() {
    return "findings.csv";
  }

  @Override
  public void render(ReportModel model, OutputStream out) throws IOException {
    Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
    row(w, HEADER);
    for (FindingView f : model.findings()) {
      StringBuilder ev = new StringBuilder();
      for (EvidenceView e : f.evidence()) {
        if (ev.length() > 0) {
          ev.append("; ");
        }
        ev.append(e.source());
        if (!e.sha256().isEmpty()) {
          ev.append(" sha256:").append(e.sha256());
        }
      }
      row(
          w,
          List.of(
              f.id(),
              f.target(),
              f.rule(),
              f.title(),
              f.resourceType(),
              f.resourceId(),
              f.status(),
              Boolean.toString(f.waived()),
              f.severity(),
              String.join(" ", f.controls()),
              f.observed(),
              f.expected(),
              f.message(),
              f.change(),
              f.waiverId(),
              f.waiverOwner(),
              f.waiverExpires(),
              ev.toString(),
              f.remediation()));
    }
    w.flush();
  }

  private static void row(Writer w, List<String> fields) throws IOException {
    Csv.row(w, fields);
  }

  static String field(String raw) {
    return Csv.field(raw);
  }
}
