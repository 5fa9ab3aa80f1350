package dev.vigil.reports.internal;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.vigil.core.Assessment;
import dev.vigil.core.Target;
import dev.vigil.core.json.Json;
import dev.vigil.reports.Format;
import dev.vigil.reports.Renderer;
import dev.vigil.reports.ReportModel;
import dev.vigil.reports.ReportModel.ControlView;
import dev.vigil.reports.ReportModel.EvidenceView;
import dev.vigil.reports.ReportModel.FamilyView;
import dev.vigil.reports.ReportModel.FindingView;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code assessment-results.json}: OSCAL 1.1.2 assessment results, streamed with Jackson from the
 * report model. One observation per finding (method TEST, the target as inventory-item subject, its
 * evidence pointing into {@code snapshot.json}); one OSCAL finding per assessed control with state
 * {@code satisfied} or {@code not-satisfied} on the control's statement; not-assessed controls are
 * reviewed but get no finding. UUIDs are name-based (version 5) on the run id and finding id, so
 * the same run always yields the same document.
 *
 * <p>Values from targets are Markdown-escaped where OSCAL reads Markdown, and folded to one line
 * where the schema wants a single line.
 */
public final class OscalRenderer implements Renderer {
  public static final String OSCAL_VERSION = "1.1.2";
  public static final String NS = "https://vigil.dev/ns/oscal";
  private static final UUID NAMESPACE = UUID.fromString("5b0e7c8e-6a53-4b5e-9a39-2f1c3f7d9e11");

  @Override
  public Format format() {
    return Format.OSCAL;
  }

  @Override
  public String fileName() {
    return "assessment-results.json";
  }

  @Override
  public void render(ReportModel model, OutputStream out) throws IOException {
    Assessment a = model.assessment();
    String run = a.runId();
    try (JsonGenerator g =
        Json.mapper()
            .getFactory()
            .createGenerator(out, JsonEncoding.UTF8)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)) {
      String toolUuid = uuid("tool", "vigil").toString();
      Map<String, String> inventory = new LinkedHashMap<>();
      Map<String, Target> targets = new LinkedHashMap<>();
      for (Target t : a.targets()) {
        targets.put(t.name(), t);
        inventory.put(t.name(), uuid("target", run + "/" + t.name()).toString());
      }
      for (FindingView f : model.findings()) {
        inventory.computeIfAbsent(f.target(), n -> uuid("target", run + "/" + n).toString());
      }

      g.writeStartObject();
      g.writeObjectFieldStart("assessment-results");
      g.writeStringField("uuid", uuid("assessment-results", run).toString());
      g.writeObjectFieldStart("metadata");
      g.writeStringField(
          "title", line("vigil assessment results: " + md(a.profile()) + " (run " + run + ")"));
      g.writeStringField("last-modified", a.finishedAt().toString());
      g.writeStringField("version", run);
      g.writeStringField("oscal-version", OSCAL_VERSION);
      g.writeArrayFieldStart("props");
      prop(g, "tool-version", "vigil " + a.toolVersion());
      g.writeEndArray();
      g.writeEndObject();

      g.writeObjectFieldStart("import-ap");
      g.writeStringField(
          "href", "urn:vigil:profile:" + URLEncoder.encode(a.profile(), StandardCharsets.UTF_8));
      g.writeStringField(
          "remarks",
          "vigil has no separate assessment plan document: the profile "
              + md(a.profile())
              + " with the parameters of this result is the plan.");
      g.writeEndObject();

      g.writeArrayFieldStart("results");
      g.writeStartObject();
      g.writeStringField("uuid", uuid("result", run).toString());
      g.writeStringField("title", line("vigil scan " + run));
      g.writeStringField(
          "description",
          "Automated scan of "
              + a.targets().size()
              + " target(s) with profile "
              + md(a.profile())
              + " by vigil "
              + md(a.toolVersion())
              + ": "
              + model.counts().total()
              + " findings, "
              + model.counts().open()
              + " open failures.");
      g.writeStringField("start", a.startedAt().toString());
      g.writeStringField("end", a.finishedAt().toString());
      g.writeArrayFieldStart("props");
      prop(g, "run-id", run);
      prop(g, "profile", a.profile());
      for (Map.Entry<String, String> p : a.parameters().entrySet()) {
        prop(g, "parameter", p.getKey() + "=" + p.getValue());
      }
      g.writeEndArray();

      g.writeObjectFieldStart("local-definitions");
      g.writeArrayFieldStart("components");
      g.writeStartObject();
      g.writeStringField("uuid", toolUuid);
      g.writeStringField("type", "software");
      g.writeStringField("title", "vigil " + line(a.toolVersion()));
      g.writeStringField(
          "description", "vigil, the continuous compliance scanner that produced these results.");
      g.writeObjectFieldStart("status");
      g.writeStringField("state", "operational");
      g.writeEndObject();
      g.writeEndObject();
      g.writeEndArray();
      if (!inventory.isEmpty()) {
        g.writeArrayFieldStart("inventory-items");
        for (Map.Entry<String, String> e : inventory.entrySet()) {
          Target t = targets.get(e.getKey());
          g.writeStartObject();
          g.writeStringField("uuid", e.getValue());
          g.writeStringField("description", "Scan target " + md(e.getKey()));
          g.writeArrayFieldStart("props");
          prop(g, "target", e.getKey());
          if (t != null) {
            prop(g, "target-kind", t.kind().wire());
            prop(g, "target-location", t.location());
          }
          g.writeEndArray();
          g.writeEndObject();
        }
        g.writeEndArray();
      }
      g.writeEndObject();

      List<ControlView> controls = new ArrayList<>();
      for (FamilyView fam : model.families()) {
        controls.addAll(fam.controls());
      }
      g.writeObjectFieldStart("reviewed-controls");
      g.writeArrayFieldStart("control-selections");
      g.writeStartObject();
      if (controls.isEmpty()) {
        g.writeObjectFieldStart("include-all");
        g.writeEndObject();
        g.writeStringField("remarks", "No finding of this run maps to a control.");
      } else {
        g.writeArrayFieldStart("include-controls");
        for (ControlView c : controls) {
          g.writeStartObject();
          g.writeStringField("control-id", oscalId(c.id()));
          g.writeEndObject();
        }
        g.writeEndArray();
      }
      g.writeEndObject();
      g.writeEndArray();
      g.writeEndObject();

      if (!model.findings().isEmpty()) {
        g.writeArrayFieldStart("observations");
        for (FindingView f : model.findings()) {
          observation(g, f, run, toolUuid, inventory.get(f.target()), a);
        }
        g.writeEndArray();
      }

      List<ControlView> assessed =
          controls.stream().filter(c -> !c.status().equals("not-assessed")).toList();
      if (!assessed.isEmpty()) {
        g.writeArrayFieldStart("findings");
        for (ControlView c : assessed) {
          finding(g, c, run, toolUuid);
        }
        g.writeEndArray();
      }
      List<String> notAssessed =
          controls.stream()
              .filter(c -> c.status().equals("not-assessed"))
              .map(ControlView::id)
              .toList();
      if (!notAssessed.isEmpty()) {
        g.writeStringField(
            "remarks",
            "Reviewed but not assessed (no conclusive finding): "
                + md(String.join(", ", notAssessed))
                + ".");
      }
      g.writeEndObject();
      g.writeEndArray();
      g.writeEndObject();
      g.writeEndObject();
      g.writeRaw('\n');
    }
  }

  private static void observation(
      JsonGenerator g, FindingView f, String run, String toolUuid, String subjectUuid, Assessment a)
      throws IOException {
    g.writeStartObject();
    g.writeStringField("uuid", uuid("observation", run + "/" + f.id()).toString());
    g.writeStringField(
        "title", line(md(f.title().isBlank() ? f.rule() : f.title()) + " on " + md(f.target())));
    StringBuilder d = new StringBuilder();
    d.append("Rule ")
        .append(md(f.rule()))
        .append(" on ")
        .append(md(f.target()))
        .append(f.hostResource() ? "" : ", " + md(f.resourceType()) + " " + md(f.resourceId()))
        .append(": **")
        .append(f.statusClass())
        .append("**.");
    if (!f.observed().isEmpty()) {
      d.append(" Observed: ").append(md(f.observed())).append('.');
    }
    if (!f.expected().isEmpty()) {
      d.append(" Expected: ").append(md(f.expected())).append('.');
    }
    if (!f.message().isEmpty()) {
      d.append(" ").append(md(f.message()));
    }
    g.writeStringField("description", d.toString());
    g.writeArrayFieldStart("props");
    // Controls are not repeated here: each control's finding lists its related observations.
    prop(g, "finding-id", f.id());
    prop(g, "rule", f.rule());
    prop(g, "status", f.status());
    prop(g, "severity", f.severity());
    if (f.waived()) {
      prop(g, "waived", "true");
    }
    if (!f.hostResource()) {
      prop(g, "resource", f.resourceType() + " " + f.resourceId());
    }
    if (!f.change().isEmpty()) {
      prop(g, "change", f.change());
    }
    if (f.hasWaiver()) {
      prop(
          g,
          "waiver",
          f.waiverId() + " owner " + f.waiverOwner() + " expires " + f.waiverExpires());
    }
    g.writeEndArray();
    g.writeArrayFieldStart("methods");
    g.writeString("TEST");
    g.writeEndArray();
    g.writeArrayFieldStart("types");
    g.writeString("finding");
    g.writeEndArray();
    g.writeArrayFieldStart("origins");
    g.writeStartObject();
    g.writeArrayFieldStart("actors");
    g.writeStartObject();
    g.writeStringField("type", "tool");
    g.writeStringField("actor-uuid", toolUuid);
    g.writeEndObject();
    g.writeEndArray();
    g.writeEndObject();
    g.writeEndArray();
    g.writeArrayFieldStart("subjects");
    g.writeStartObject();
    g.writeStringField("subject-uuid", subjectUuid);
    g.writeStringField("type", "inventory-item");
    g.writeEndObject();
    g.writeEndArray();
    String collected = a.finishedAt().toString();
    if (!f.evidence().isEmpty()) {
      g.writeArrayFieldStart("relevant-evidence");
      for (EvidenceView e : f.evidence()) {
        g.writeStartObject();
        g.writeStringField("href", "snapshot.json");
        g.writeStringField(
            "description",
            md(e.kind())
                + " "
                + md(e.source())
                + (e.sha256().isEmpty() ? " (could not be read)" : " with SHA-256 " + e.sha256())
                + ", read "
                + e.readAt());
        if (!e.sha256().isEmpty()) {
          g.writeArrayFieldStart("props");
          prop(g, "sha256", e.sha256());
          g.writeEndArray();
        }
        g.writeEndObject();
        if (e.readAt().compareTo(collected) < 0) {
          collected = e.readAt();
        }
      }
      g.writeEndArray();
    }
    g.writeStringField("collected", collected);
    if (!f.remediation().isEmpty() && !f.status().equals("pass")) {
      g.writeStringField("remarks", "Remediation: " + md(f.remediation()));
    }
    g.writeEndObject();
  }

  private static void finding(JsonGenerator g, ControlView c, String run, String toolUuid)
      throws IOException {
    boolean satisfied = c.status().equals("satisfied");
    g.writeStartObject();
    g.writeStringField("uuid", uuid("finding", run + "/" + c.id()).toString());
    g.writeStringField("title", line(c.id() + (c.title().isEmpty() ? "" : " " + md(c.title()))));
    int rules = c.rules().size();
    g.writeStringField(
        "description",
        c.id()
            + " is "
            + c.status()
            + ": "
            + c.findingCount()
            + " finding(s) of "
            + rules
            + " rule(s) map to it"
            + (c.openFindings().isEmpty()
                ? "."
                : ", " + c.openFindings().size() + " of them failing or in error."));
    g.writeArrayFieldStart("props");
    prop(g, "control-status", c.status());
    g.writeEndArray();
    g.writeArrayFieldStart("origins");
    g.writeStartObject();
    g.writeArrayFieldStart("actors");
    g.writeStartObject();
    g.writeStringField("type", "tool");
    g.writeStringField("actor-uuid", toolUuid);
    g.writeEndObject();
    g.writeEndArray();
    g.writeEndObject();
    g.writeEndArray();
    g.writeObjectFieldStart("target");
    g.writeStringField("type", "statement-id");
    g.writeStringField("target-id", oscalId(c.id()) + "_smt");
    g.writeObjectFieldStart("status");
    g.writeStringField("state", satisfied ? "satisfied" : "not-satisfied");
    g.writeStringField("reason", satisfied ? "pass" : "fail");
    g.writeEndObject();
    g.writeEndObject();
    if (c.findingCount() > 0) {
      g.writeArrayFieldStart("related-observations");
      for (String id : c.allFindings()) {
        g.writeStartObject();
        g.writeStringField("observation-uuid", uuid("observation", run + "/" + id).toString());
        g.writeEndObject();
      }
      g.writeEndArray();
    }
    g.writeEndObject();
  }

  /** A vigil property; left out when the value is blank. */
  public static void prop(JsonGenerator g, String name, String value) throws IOException {
    String v = line(value);
    if (v.isEmpty()) {
      return;
    }
    g.writeStartObject();
    g.writeStringField("name", name);
    g.writeStringField("ns", NS);
    g.writeStringField("value", v);
    g.writeEndObject();
  }

  /** {@code AC-6(2)} as OSCAL writes it: {@code ac-6.2}. */
  static String oscalId(String controlId) {
    return dev.vigil.core.ControlId.parse(controlId).oscalId();
  }

  /** One line without surrounding blanks: what OSCAL's string and markup-line types accept. */
  public static String line(String s) {
    return s.replaceAll("\\s+", " ").strip();
  }

  /** Escapes every ASCII punctuation character, so a value shows as text in any Markdown view. */
  public static String md(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ((c >= '!' && c <= '/')
          || (c >= ':' && c <= '@')
          || (c >= '[' && c <= '`')
          || (c >= '{' && c <= '~')) {
        sb.append('\\');
      }
      sb.append(c);
    }
    return sb.toString();
  }

  /** A name-based UUID, version 5 (SHA-1), in vigil's namespace. */
  public static UUID uuid(String kind, String name) {
    MessageDigest sha1;
    try {
      sha1 = MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-1", e);
    }
    ByteBuffer ns = ByteBuffer.allocate(16);
    ns.putLong(NAMESPACE.getMostSignificantBits()).putLong(NAMESPACE.getLeastSignificantBits());
    sha1.update(ns.array());
    byte[] h = sha1.digest((kind + ":" + name).getBytes(StandardCharsets.UTF_8));
    h[6] = (byte) ((h[6] & 0x0f) | 0x50);
    h[8] = (byte) ((h[8] & 0x3f) | 0x80);
    ByteBuffer b = ByteBuffer.wrap(h, 0, 16);
    return new UUID(b.getLong(), b.getLong());
  }
}
