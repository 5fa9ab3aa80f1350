package dev.vigil.reports.period;

import static dev.vigil.reports.internal.OscalRenderer.line;
import static dev.vigil.reports.internal.OscalRenderer.md;
import static dev.vigil.reports.internal.OscalRenderer.prop;
import static dev.vigil.reports.internal.OscalRenderer.uuid;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.core.ControlId;
import dev.vigil.core.ControlStatus;
import dev.vigil.core.json.Json;
import dev.vigil.reports.period.PeriodReport.ControlView;
import dev.vigil.reports.period.PeriodReport.FailureEpisode;
import dev.vigil.reports.period.PeriodReport.FamilyView;
import dev.vigil.reports.period.PeriodReport.Gap;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code assessment-results.json}: OSCAL 1.1.2 assessment results covering the period. One result
 * from {@code since} to {@code until}; reviewed controls are every control seen; one finding per
 * assessed control with its fleet-wide status at the end; one observation per failure still open at
 * the end and per gap in evidence. Written like the run report's OSCAL (same namespace, UUIDv5 in
 * vigil's namespace).
 */
final class PeriodOscal {
  static final String OSCAL_VERSION = "1.1.2";

  private PeriodOscal() {}

  static void render(PeriodReport r, OutputStream out) throws IOException {
    String id = r.reportId();
    try (JsonGenerator g =
        Json.mapper()
            .getFactory()
            .createGenerator(out, JsonEncoding.UTF8)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)) {
      g.useDefaultPrettyPrinter();
      String toolUuid = uuid("tool", "vigil").toString();
      g.writeStartObject();
      g.writeObjectFieldStart("assessment-results");
      g.writeStringField("uuid", uuid("assessment-results", id).toString());
      g.writeObjectFieldStart("metadata");
      g.writeStringField(
          "title",
          line(
              "vigil period compliance report "
                  + r.since()
                  + " to "
                  + r.until()
                  + ", "
                  + md(r.scope())));
      g.writeStringField("last-modified", r.generatedAt().toString());
      g.writeStringField("version", id);
      g.writeStringField("oscal-version", OSCAL_VERSION);
      g.writeArrayFieldStart("props");
      prop(g, "tool-version", "vigil " + r.toolVersion());
      g.writeEndArray();
      g.writeEndObject();

      g.writeObjectFieldStart("import-ap");
      g.writeStringField(
          "href",
          "urn:vigil:profile:"
              + java.net.URLEncoder.encode(r.profile().orElse("any"), StandardCharsets.UTF_8));
      g.writeStringField(
          "remarks",
          "vigil has no separate assessment plan document: the scheduled scans of the period are"
              + " the plan.");
      g.writeEndObject();

      g.writeArrayFieldStart("results");
      g.writeStartObject();
      g.writeStringField("uuid", uuid("result", id).toString());
      g.writeStringField("title", line("vigil period " + id));
      g.writeStringField(
          "description",
          "Continuous monitoring results of "
              + r.summary().targets()
              + " target(s) from "
              + r.since()
              + " to "
              + r.until()
              + ": "
              + r.methodology().runsInPeriod()
              + " runs, "
              + r.summary().failuresOpened()
              + " failures opened, "
              + r.summary().failuresResolved()
              + " resolved, "
              + r.summary().failuresStillOpen()
              + " open at the end, "
              + r.summary().gaps()
              + " gaps in evidence.");
      g.writeStringField("start", r.since().toString());
      g.writeStringField("end", r.until().toString());
      g.writeArrayFieldStart("props");
      prop(g, "period-id", id);
      prop(g, "scope", r.scope());
      r.profile().ifPresent(p -> uncheck(() -> prop(g, "profile", p)));
      g.writeEndArray();

      Map<String, String> inventory = new HashMap<>();
      g.writeObjectFieldStart("local-definitions");
      g.writeArrayFieldStart("components");
      g.writeStartObject();
      g.writeStringField("uuid", toolUuid);
      g.writeStringField("type", "software");
      g.writeStringField("title", "vigil " + line(r.toolVersion()));
      g.writeStringField(
          "description", "vigil, the continuous compliance scanner that produced these results.");
      g.writeObjectFieldStart("status");
      g.writeStringField("state", "operational");
      g.writeEndObject();
      g.writeEndObject();
      g.writeEndArray();
      if (!r.targets().isEmpty()) {
        g.writeArrayFieldStart("inventory-items");
        for (PeriodReport.TargetCoverage t : r.targets()) {
          String u = uuid("target", id + "/" + t.target()).toString();
          inventory.put(t.target(), u);
          g.writeStartObject();
          g.writeStringField("uuid", u);
          g.writeStringField("description", "Scan target " + md(t.target()));
          g.writeArrayFieldStart("props");
          prop(g, "target", t.target());
          g.writeEndArray();
          g.writeEndObject();
        }
        g.writeEndArray();
      }
      g.writeEndObject();

      List<ControlView> controls = new ArrayList<>();
      for (FamilyView f : r.families()) {
        controls.addAll(f.controls());
      }
      g.writeObjectFieldStart("reviewed-controls");
      g.writeArrayFieldStart("control-selections");
      g.writeStartObject();
      if (controls.isEmpty()) {
        g.writeObjectFieldStart("include-all");
        g.writeEndObject();
        g.writeStringField("remarks", "No finding of the period maps to a control.");
      } else {
        g.writeArrayFieldStart("include-controls");
        for (ControlView c : controls) {
          g.writeStartObject();
          g.writeStringField("control-id", ControlId.parse(c.control()).oscalId());
          g.writeEndObject();
        }
        g.writeEndArray();
      }
      g.writeEndObject();
      g.writeEndArray();
      g.writeEndObject();

      List<FailureEpisode> open = r.stillOpen();
      if (!open.isEmpty() || !r.gaps().isEmpty()) {
        g.writeArrayFieldStart("observations");
        for (FailureEpisode f : open) {
          g.writeStartObject();
          g.writeStringField("uuid", uuid("observation", id + "/" + f.findingId()).toString());
          g.writeStringField("title", line(md(f.rule()) + " fails on " + md(f.target())));
          g.writeStringField(
              "description",
              md(f.title().isEmpty() ? f.rule() : f.title())
                  + ": failing since "
                  + f.openedAt()
                  + " ("
                  + md(f.age())
                  + " days at the end of the period)"
                  + (f.waived() ? ", waived." : "."));
          methods(g, "TEST");
          subject(g, inventory.get(f.target()));
          g.writeStringField("collected", f.openedAt().toString());
          g.writeEndObject();
        }
        for (Gap gap : r.gaps()) {
          g.writeStartObject();
          g.writeStringField(
              "uuid", uuid("gap", id + "/" + gap.target() + "/" + gap.from()).toString());
          g.writeStringField("title", line("Gap in evidence for " + md(gap.target())));
          g.writeStringField(
              "description",
              "No run of "
                  + md(gap.target())
                  + " from "
                  + gap.from()
                  + " to "
                  + gap.to()
                  + (gap.ongoing() ? " (end of the period)" : "")
                  + ": "
                  + md(gap.days())
                  + " days, more than the expected "
                  + md(String.valueOf(gap.expectedHours()))
                  + " hours.");
          methods(g, "EXAMINE");
          subject(g, inventory.get(gap.target()));
          g.writeStringField("collected", gap.to().toString());
          g.writeEndObject();
        }
        g.writeEndArray();
      }

      List<ControlView> assessed =
          controls.stream().filter(c -> c.atEnd() != ControlStatus.NOT_ASSESSED).toList();
      if (!assessed.isEmpty()) {
        g.writeArrayFieldStart("findings");
        for (ControlView c : assessed) {
          boolean ok = c.atEnd() == ControlStatus.SATISFIED;
          g.writeStartObject();
          g.writeStringField("uuid", uuid("finding", id + "/" + c.control()).toString());
          g.writeStringField(
              "title", line(c.control() + (c.title().isEmpty() ? "" : " " + md(c.title()))));
          g.writeStringField(
              "description",
              c.control()
                  + " is "
                  + c.atEnd().wire()
                  + " at the end of the period (it was "
                  + c.startText()
                  + " at the start); "
                  + c.failingTargetsAtEnd().size()
                  + " target(s) failing.");
          g.writeArrayFieldStart("props");
          prop(g, "control-status", c.atEnd().wire());
          prop(g, "control-status-at-start", c.startText());
          g.writeEndArray();
          g.writeObjectFieldStart("target");
          g.writeStringField("type", "statement-id");
          g.writeStringField("target-id", ControlId.parse(c.control()).oscalId() + "_smt");
          g.writeObjectFieldStart("status");
          g.writeStringField("state", ok ? "satisfied" : "not-satisfied");
          g.writeStringField("reason", ok ? "pass" : "fail");
          g.writeEndObject();
          g.writeEndObject();
          g.writeEndObject();
        }
        g.writeEndArray();
      }
      g.writeEndObject();
      g.writeEndArray();
      g.writeEndObject();
      g.writeEndObject();
      g.writeRaw('\n');
    }
  }

  private static void methods(JsonGenerator g, String m) throws IOException {
    g.writeArrayFieldStart("methods");
    g.writeString(m);
    g.writeEndArray();
  }

  private static void subject(JsonGenerator g, String uuid) throws IOException {
    if (uuid == null) {
      return;
    }
    g.writeArrayFieldStart("subjects");
    g.writeStartObject();
    g.writeStringField("subject-uuid", uuid);
    g.writeStringField("type", "inventory-item");
    g.writeEndObject();
    g.writeEndArray();
  }

  private interface IoAction {
    void run() throws IOException;
  }

  private static void uncheck(IoAction a) {
    try {
      a.run();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
