package dev.vigil.alerts.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.alerts.event.AlertAction;
import dev.vigil.alerts.event.AlertEvent;
import dev.vigil.core.json.Json;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What each format promises for every event, whatever its action. */
class FormatContractTest {
  private static final Set<String> ACTIONS =
      Set.of("new", "regressed", "resolved", "waiver-expired", "control-changed");

  private static JsonNode parse(AlertFormat format, AlertEvent e) throws IOException {
    byte[] bytes = format.bytes(e);
    assertFalse(new String(bytes, java.nio.charset.StandardCharsets.UTF_8).contains("\n"));
    return Json.mapper().readTree(bytes);
  }

  @Test
  void everyOcsfEventHasTheRequiredComplianceFindingFields() throws IOException {
    List<AlertEvent> events = FormatGoldenTest.sequence();
    assertTrue(events.size() >= 6);
    for (AlertEvent e : events) {
      JsonNode d = parse(AlertFormat.OCSF, e);
      assertEquals(2003, d.get("class_uid").asInt());
      assertEquals(2, d.get("category_uid").asInt());
      int activity = d.get("activity_id").asInt();
      assertTrue(activity >= 1 && activity <= 3, "activity " + activity);
      assertEquals(200300L + activity, d.get("type_uid").asLong());
      assertEquals(e.time().toEpochMilli(), d.get("time").asLong());
      assertTrue(d.get("severity_id").asInt() >= 1 && d.get("severity_id").asInt() <= 5);
      assertEquals("1.8.0", d.at("/metadata/version").asText());
      assertEquals("vigil", d.at("/metadata/product/name").asText());
      assertEquals(e.subjectId(), d.at("/finding_info/uid").asText());
      assertTrue(d.get("compliance").isObject());
      int compliance = d.at("/compliance/status_id").asInt();
      boolean closing = activity == 3;
      assertEquals(closing ? 1 : 3, compliance, "Pass when closed, Fail otherwise");
      assertEquals(closing ? 4 : 1, d.get("status_id").asInt(), "Resolved or New");
      assertEquals("NIST SP 800-53 Rev 5", d.at("/compliance/standards/0").asText());
      assertEquals(e.target(), d.at("/resources/0/hostname").asText());
    }
  }

  @Test
  void ocsfActivityFollowsTheFindingLifecycle() throws IOException {
    List<AlertEvent> events = FormatGoldenTest.sequence();
    for (AlertEvent e : events) {
      int activity = parse(AlertFormat.OCSF, e).get("activity_id").asInt();
      switch (e.action()) {
        case NEW -> assertEquals(1, activity);
        case REGRESSED, WAIVER_EXPIRED -> assertEquals(2, activity);
        case RESOLVED -> assertEquals(3, activity);
        case CONTROL_CHANGED -> assertTrue(activity == 2 || activity == 3);
      }
    }
  }

  @Test
  void everyEcsEventIsAnAlertWithHostRuleAndVigilFields() throws IOException {
    for (AlertEvent e : FormatGoldenTest.sequence()) {
      JsonNode d = parse(AlertFormat.ECS, e);
      assertEquals(e.time().toString(), d.get("@timestamp").asText());
      assertEquals("alert", d.at("/event/kind").asText());
      assertEquals("configuration", d.at("/event/category/0").asText());
      assertEquals("change", d.at("/event/type/0").asText());
      assertTrue(ACTIONS.contains(d.at("/event/action").asText()));
      assertEquals(e.action().wire(), d.at("/event/action").asText());
      assertTrue(d.at("/event/severity").isIntegralNumber());
      assertEquals(e.key(), d.at("/event/id").asText());
      assertEquals(e.target(), d.at("/host/name").asText());
      assertEquals(e.runId(), d.at("/vigil/run_id").asText());
      assertEquals(e.key(), d.at("/vigil/idempotency_key").asText());
      assertTrue(d.at("/vigil/controls").isArray());
      if (e.action() == AlertAction.CONTROL_CHANGED) {
        assertEquals(
            e.control().orElseThrow().control().toString(), d.at("/vigil/control/id").asText());
      } else {
        assertEquals(e.finding().orElseThrow().rule().toString(), d.at("/rule/id").asText());
        assertEquals(e.finding().orElseThrow().id(), d.at("/vigil/finding_id").asText());
        assertFalse(d.at("/resource/id").isMissingNode());
        assertEquals(e.action().opens() ? "failure" : "success", d.at("/event/outcome").asText());
      }
    }
  }

  @Test
  void renderingIsDeterministic() throws IOException {
    AlertEvent e = FormatGoldenTest.sequence().get(0);
    for (AlertFormat f : AlertFormat.values()) {
      assertArrayEquals(f.bytes(e), f.bytes(e));
    }
  }

  @Test
  void formatParsesAnyCaseAndNamesTheChoices() {
    assertEquals(AlertFormat.OCSF, AlertFormat.parse("ocsf"));
    assertEquals(AlertFormat.ECS, AlertFormat.parse(" ECS "));
    IllegalArgumentException x =
        assertThrows(IllegalArgumentException.class, () -> AlertFormat.parse("cef"));
    assertTrue(x.getMessage().contains("ecs|ocsf") && x.getMessage().contains("cef"));
  }
}
