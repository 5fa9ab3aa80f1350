package dev.vigil.collectors.pam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.collectors.Collector;
import dev.vigil.collectors.CollectorContract;
import dev.vigil.core.facts.FactState;
import dev.vigil.core.facts.Snapshot;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PamCollectorTest extends CollectorContract {
  @Override
  protected Collector collector() {
    return new PamCollector();
  }

  @Test
  void sshdStackExpandsDebianIncludesInOrder() throws Exception {
    Snapshot s = snapshot("hardened");
    Map<String, Object> sshd = map(map(ok(s, "host.pam").get("services")).get("sshd"));
    List<Object> auth = list(map(sshd.get("stack")).get("auth"));
    assertEquals(
        List.of(
            "pam_faillock.so", "pam_unix.so", "pam_faillock.so", "pam_deny.so", "pam_permit.so"),
        auth.stream().map(e -> map(e).get("module")).toList());
    assertEquals("[success=1 default=ignore]", map(auth.get(1)).get("control"));
    assertEquals("common-auth", map(auth.get(1)).get("from"));
    Map<String, Object> pw = ok(s, "host.pwquality");
    assertEquals(14L, map(pw.get("settings")).get("minlen"));
    assertEquals(-1L, map(pw.get("settings")).get("dcredit"));
    assertEquals(true, map(pw.get("settings")).get("enforce_for_root"));
    Map<String, Object> fl = ok(s, "host.faillock");
    assertEquals(3L, map(fl.get("settings")).get("deny"));
    assertEquals(true, map(fl.get("settings")).get("even_deny_root"));
    List<Object> session =
        list(map(map(ok(s, "host.pam").get("services")).get("common-session")).get("entries"));
    assertEquals(true, map(session.get(4)).get("optional_load"));
  }

  @Test
  void weakRootAllowsNullPasswordsAndHasNoFaillock() throws Exception {
    Snapshot s = snapshot("weak");
    Map<String, Object> pam = ok(s, "host.pam");
    List<Object> auth =
        list(map(map(map(pam.get("services")).get("common-auth")).get("stack")).get("auth"));
    assertEquals(List.of("nullok"), map(auth.get(0)).get("args"));
    assertEquals(FactState.ABSENT, state(s, "host.faillock"));
    assertTrue(
        list(pam.get("problems"))
            .contains(
                "/etc/pam.d/common-password:4: expected \u0027type control module [args]\u0027, got \u0027broken\u0027"),
        pam.get("problems").toString());
  }
}
