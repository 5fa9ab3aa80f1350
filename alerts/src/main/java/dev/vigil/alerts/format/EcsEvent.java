package dev.vigil.alerts.format;

import dev.vigil.alerts.event.AlertEvent;
import dev.vigil.alerts.event.ControlAlert;
import dev.vigil.alerts.event.FindingAlert;
import dev.vigil.core.ControlId;
import dev.vigil.core.ControlStatus;
import dev.vigil.core.Status;
import dev.vigil.core.WaiverRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * vigil's event in the Elastic Common Schema (STANDARDS.md section 1.3): {@code event.kind: alert}
 * (a detection from a rule engine outside the Elastic Stack, never {@code signal}), {@code
 * event.category: [configuration]} plus {@code iam} for accounts, {@code event.type: [change]},
 * {@code event.action} the {@link dev.vigil.alerts.AlertAction} wire value. What ECS has no field
 * for lives under {@code vigil.*}.
 */
final class EcsEvent {
  static final String ECS_VERSION = "8.11.0";
  private static final Set<String> IAM_RESOURCES = Set.of("account", "user", "group");

  private EcsEvent() {}

  static Map<String, Object> render(AlertEvent e) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("@timestamp", e.time().toString());
    doc.put("message", Messages.of(e));
    doc.put("ecs", Map.of("version", ECS_VERSION));

    Map<String, Object> event = new LinkedHashMap<>();
    event.put("kind", "alert");
    event.put("type", List.of("change"));
    event.put("action", e.action().wire());
    event.put("id", e.key());
    event.put("created", e.time().toString());
    event.put("dataset", "vigil.alerts");
    event.put("module", "vigil");
    event.put("provider", "vigil");
    doc.put("event", event);

    doc.put("host", Map.of("name", e.target()));

    Map<String, Object> vigil = new LinkedHashMap<>();
    vigil.put("run_id", e.runId());
    vigil.put("tool_version", e.toolVersion());
    vigil.put("idempotency_key", e.key());
    doc.put("vigil", vigil);

    if (e.finding().isPresent()) {
      FindingAlert f = e.finding().get();
      List<String> categories = new ArrayList<>(List.of("configuration"));
      if (IAM_RESOURCES.contains(f.resource().type())) {
        categories.add("iam");
      }
      event.put("category", categories);
      event.put("outcome", e.action().opens() ? "failure" : "success");
      event.put("severity", Severities.id(f.severity()));

      Map<String, Object> rule = new LinkedHashMap<>();
      rule.put("id", f.rule().toString());
      rule.put("name", f.title().isEmpty() ? f.rule().toString() : f.title());
      doc.put("rule", rule);

      doc.put("resource", Map.of("id", f.resource().id(), "type", f.resource().type()));
      f.status()
          .filter(s -> s == Status.PASS || s == Status.FAIL)
          .ifPresent(
              s -> doc.put("result", Map.of("evaluation", s == Status.PASS ? "passed" : "failed")));

      vigil.put("finding_id", f.id());
      vigil.put("change", f.change().wire());
      f.status().ifPresent(s -> vigil.put("status", s.wire()));
      if (f.absent()) {
        vigil.put("absent", true);
      }
      vigil.put("severity", f.severity().wire());
      vigil.put("controls", controls(f.controls()));
      f.observed().ifPresent(v -> vigil.put("observed", v));
      f.expected().ifPresent(v -> vigil.put("expected", v));
      f.remediation().ifPresent(v -> vigil.put("remediation", v));
      f.waiver().ifPresent(w -> vigil.put("waiver", waiver(w)));
    } else {
      ControlAlert c = e.control().orElseThrow();
      event.put("category", List.of("configuration"));
      event.put(
          "outcome", c.current() == ControlStatus.OTHER_THAN_SATISFIED ? "failure" : "success");
      event.put("severity", Severities.id(c.severity()));
      Map<String, Object> control = new LinkedHashMap<>();
      control.put("id", c.control().toString());
      c.title().ifPresent(t -> control.put("title", t));
      control.put("status", c.current().wire());
      control.put("previous_status", c.previous().wire());
      control.put("findings", c.findings());
      vigil.put("control", control);
      vigil.put("controls", List.of(c.control().toString()));
    }
    return doc;
  }

  private static List<String> controls(List<ControlId> ids) {
    return ids.stream().map(ControlId::toString).toList();
  }

  private static Map<String, Object> waiver(WaiverRef w) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", w.id());
    m.put("owner", w.owner());
    m.put("justification", w.justification());
    m.put("expires", w.expires().toString());
    m.put("expired", w.expired());
    return m;
  }
}
