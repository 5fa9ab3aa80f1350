package dev.vigil.alerts.format;

import dev.vigil.alerts.event.AlertAction;
import dev.vigil.alerts.event.AlertEvent;
import dev.vigil.alerts.event.ControlAlert;
import dev.vigil.alerts.event.FindingAlert;
import dev.vigil.core.ControlId;
import dev.vigil.core.ControlStatus;
import dev.vigil.core.Severity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * OCSF 1.8.0 Compliance Finding (category 2 Findings, class_uid 2003; STANDARDS.md section 2).
 *
 * <p>Mapping: {@code finding_info.uid} is the stable finding id (or the control's subject id), so
 * successive events about one finding update one OCSF finding. A new failure creates it (activity 1
 * Create, status New); a regression or an expired waiver reopens it (2 Update, status New); a
 * resolution closes it (3 Close, status Resolved). A control becoming other-than-satisfied is an
 * Update with status New, becoming satisfied a Close with status Resolved. {@code
 * compliance.status_id} is 3 Fail while failing and 1 Pass once resolved. vigil's own fields go
 * under {@code unmapped}.
 */
final class OcsfComplianceFinding {
  static final String SCHEMA_VERSION = "1.8.0";
  static final int CATEGORY_UID = 2;
  static final int CLASS_UID = 2003;
  static final String STANDARD = "NIST SP 800-53 Rev 5";

  private OcsfComplianceFinding() {}

  static Map<String, Object> render(AlertEvent e) {
    boolean failing =
        e.finding().isPresent()
            ? e.action().opens()
            : e.control().get().current() == ControlStatus.OTHER_THAN_SATISFIED;
    int activity;
    if (!failing) {
      activity = 3;
    } else if (e.action() == AlertAction.NEW) {
      activity = 1;
    } else {
      activity = 2;
    }
    String activityName = activity == 1 ? "Create" : activity == 2 ? "Update" : "Close";

    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("class_uid", CLASS_UID);
    doc.put("class_name", "Compliance Finding");
    doc.put("category_uid", CATEGORY_UID);
    doc.put("category_name", "Findings");
    doc.put("activity_id", activity);
    doc.put("activity_name", activityName);
    doc.put("type_uid", (long) CLASS_UID * 100 + activity);
    doc.put("type_name", "Compliance Finding: " + activityName);
    doc.put("time", e.time().toEpochMilli());
    doc.put("message", Messages.of(e));
    doc.put("status_id", failing ? 1 : 4);
    doc.put("status", failing ? "New" : "Resolved");

    Map<String, Object> product = new LinkedHashMap<>();
    product.put("name", "vigil");
    product.put("vendor_name", "vigil");
    product.put("version", e.toolVersion());
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("version", SCHEMA_VERSION);
    metadata.put("product", product);
    metadata.put("uid", e.key());
    metadata.put("log_name", "vigil-alerts");
    doc.put("metadata", metadata);

    Map<String, Object> info = new LinkedHashMap<>();
    info.put("uid", e.subjectId());
    Map<String, Object> compliance = new LinkedHashMap<>();
    compliance.put("standards", List.of(STANDARD));
    compliance.put("status_id", failing ? 3 : 1);
    compliance.put("status", failing ? "Fail" : "Pass");
    Map<String, Object> unmapped = new LinkedHashMap<>();
    unmapped.put("run_id", e.runId());
    unmapped.put("action", e.action().wire());
    unmapped.put("target", e.target());
    Severity severity;

    if (e.finding().isPresent()) {
      FindingAlert f = e.finding().get();
      severity = f.severity();
      String title = f.title().isEmpty() ? f.rule().toString() : f.title();
      info.put("title", title);
      info.put("analytic", analytic(f));
      List<String> controls = f.controls().stream().map(ControlId::toString).toList();
      if (!controls.isEmpty()) {
        compliance.put("control", controls.get(0));
        compliance.put("requirements", controls);
      }
      List<String> details = new ArrayList<>();
      f.observed().ifPresent(v -> details.add("observed: " + v));
      f.expected().ifPresent(v -> details.add("expected: " + v));
      if (f.absent()) {
        details.add("resource no longer reported");
      }
      if (!details.isEmpty()) {
        compliance.put("status_details", details);
      }
      Map<String, Object> check = new LinkedHashMap<>();
      check.put("uid", f.rule().toString());
      check.put("name", title);
      check.put("standards", List.of(STANDARD));
      check.put("status_id", failing ? 3 : 1);
      check.put("status", failing ? "Fail" : "Pass");
      check.put("severity_id", Severities.id(f.severity()));
      check.put("severity", Severities.caption(f.severity()));
      compliance.put("checks", List.of(check));

      Map<String, Object> resource = new LinkedHashMap<>();
      resource.put(
          "uid", f.resource().isHost() ? e.target() : e.target() + ":" + f.resource().id());
      resource.put("name", f.resource().isHost() ? e.target() : f.resource().id());
      resource.put("type", f.resource().type());
      resource.put("hostname", e.target());
      resource.put("role_id", 1);
      resource.put("role", "Target");
      doc.put("resources", List.of(resource));
      f.remediation().ifPresent(r -> doc.put("remediation", Map.of("desc", r)));

      unmapped.put("finding_id", f.id());
      unmapped.put("change", f.change().wire());
      f.status().ifPresent(s -> unmapped.put("status", s.wire()));
      f.waiver()
          .ifPresent(
              w -> {
                Map<String, Object> waiver = new LinkedHashMap<>();
                waiver.put("id", w.id());
                waiver.put("owner", w.owner());
                waiver.put("expires", w.expires().toString());
                waiver.put("expired", w.expired());
                unmapped.put("waiver", waiver);
              });
    } else {
      ControlAlert c = e.control().get();
      severity = c.severity();
      info.put("title", "Control " + c.control() + c.title().map(t -> " " + t).orElse(""));
      compliance.put("control", c.control().toString());
      compliance.put("requirements", List.of(c.control().toString()));
      compliance.put(
          "status_details",
          List.of("control rollup " + c.previous().wire() + " -> " + c.current().wire()));
      Map<String, Object> resource = new LinkedHashMap<>();
      resource.put("uid", e.target());
      resource.put("name", e.target());
      resource.put("type", "host");
      resource.put("hostname", e.target());
      resource.put("role_id", 1);
      resource.put("role", "Target");
      doc.put("resources", List.of(resource));
      unmapped.put("control_status", c.current().wire());
      unmapped.put("previous_control_status", c.previous().wire());
      unmapped.put("findings", c.findings());
    }
    doc.put("severity_id", Severities.id(severity));
    doc.put("severity", Severities.caption(severity));
    doc.put("finding_info", info);
    doc.put("compliance", compliance);
    doc.put("unmapped", Map.of("vigil", unmapped));
    return doc;
  }

  private static Map<String, Object> analytic(FindingAlert f) {
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("uid", f.rule().toString());
    a.put("name", f.title().isEmpty() ? f.rule().toString() : f.title());
    a.put("type_id", 1);
    a.put("type", "Rule");
    return a;
  }
}
