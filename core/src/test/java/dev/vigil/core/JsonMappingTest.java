package dev.vigil.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.core.facts.Fact;
import dev.vigil.core.facts.Provenance;
import dev.vigil.core.facts.Snapshot;
import dev.vigil.core.json.Json;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class JsonMappingTest {
  private static final Instant T0 = Instant.parse("2026-11-25T14:35:18Z");

  private static Finding finding() {
    return Finding.builder(RuleId.of("sshd.permit-root-login"), "web01", ResourceRef.host())
        .title("SSH root login is disabled")
        .status(Status.FAIL)
        .severity(Severity.HIGH)
        .controls(List.of(ControlId.parse("AC-6(2)"), ControlId.parse("CM-6")))
        .observed("yes")
        .expected("no or prohibit-password")
        .evidence(List.of(Provenance.file("/etc/ssh/sshd_config", "ab".repeat(32), 120, T0)))
        .build();
  }

  @Test
  void findingSerialisesInDeclarationOrderWithWireValues() throws Exception {
    String json = Json.mapper().writeValueAsString(finding());
    assertTrue(json.startsWith("{\"id\":"), json);
    assertTrue(json.indexOf("\"rule\"") < json.indexOf("\"title\""), json);
    assertTrue(json.indexOf("\"status\"") < json.indexOf("\"severity\""), json);
    assertTrue(json.contains("\"status\":\"fail\""), json);
    assertTrue(json.contains("\"severity\":\"high\""), json);
    assertTrue(json.contains("\"controls\":[\"AC-6(2)\",\"CM-6\"]"), json);
    assertTrue(json.contains("\"readAt\":\"2026-11-25T14:35:18Z\""), json);
    assertFalse(json.contains("\"message\""), "empty optionals are left out: " + json);
  }

  @Test
  void assessmentRoundTrips() throws Exception {
    Assessment a =
        new Assessment(
            "20261125T143518Z-0001",
            "0.1.0",
            T0,
            T0.plusSeconds(1),
            List.of(Target.local("web01")),
            "default",
            new TreeMap<>(Map.of("max_password_age_days", "60")),
            List.of(finding()),
            List.of(),
            List.of());
    String json = Json.mapper().writeValueAsString(a);
    assertTrue(json.contains("\"startedAt\":\"2026-11-25T14:35:18Z\""), json);
    assertEquals(a, Json.mapper().readValue(json, Assessment.class));
  }

  @Test
  void snapshotRoundTripsWithNormalisedValues() throws Exception {
    Snapshot s =
        Snapshot.of(
            Target.root("/mnt/img"),
            T0,
            T0,
            List.of(Fact.ok("host.sshd", Map.of("port", 22, "permitrootlogin", "no"), List.of())));
    String json = Json.mapper().writeValueAsString(s);
    Snapshot back = Json.mapper().readValue(json, Snapshot.class);
    assertEquals(22L, ((Map<?, ?>) back.fact("host.sshd").orElseThrow().value()).get("port"));
    assertEquals(s, back);
  }

  @Test
  void findingIdIsStableAcrossRuns() {
    assertEquals(finding().id(), finding().id());
    assertEquals(32, finding().id().length());
  }

  @Test
  void onlyAFailureWithALiveWaiverIsWaived() {
    WaiverRef live =
        new WaiverRef("w1", "ops", "legacy", java.time.LocalDate.of(2030, 1, 1), false);
    WaiverRef expired =
        new WaiverRef("w1", "ops", "legacy", java.time.LocalDate.of(2020, 1, 1), true);
    assertTrue(finding().withWaiver(live).waived());
    assertFalse(finding().withWaiver(expired).waived());
    assertTrue(finding().withWaiver(expired).waiver().isPresent());
  }

  @Test
  void targetsParse() {
    assertEquals(TargetKind.SSH, Target.parse("ssh://ops@web01:2222").kind());
    assertEquals("web01", Target.parse("ssh://ops@web01:2222").name());
    assertEquals(TargetKind.ROOT, Target.parse("root:/mnt/img").kind());
    assertThrows(IllegalArgumentException.class, () -> Target.parse("ftp://x"));
    assertThrows(IllegalArgumentException.class, () -> Target.parse("ssh://web01:70000"));
  }
}
