package dev.vigil.collectors.logindefs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.collectors.Collector;
import dev.vigil.collectors.CollectorContract;
import dev.vigil.core.facts.FactState;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoginDefsCollectorTest extends CollectorContract {
  @Override
  protected Collector collector() {
    return new LoginDefsCollector();
  }

  @Test
  void hardenedSettingsAreTypedWithUmaskKeptOctal() throws Exception {
    Map<String, Object> v = ok(snapshot("hardened"), "host.login_defs");
    Map<String, Object> s = map(v.get("settings"));
    assertEquals(60L, s.get("PASS_MAX_DAYS"));
    assertEquals("027", s.get("UMASK"));
    assertEquals("YESCRYPT", s.get("ENCRYPT_METHOD"));
    assertEquals(List.of(), v.get("problems"));
  }

  @Test
  void weakSettingsAndBadLinesAreProblemsNamingFileAndLine() throws Exception {
    Map<String, Object> v = ok(snapshot("weak"), "host.login_defs");
    assertEquals(99999L, map(v.get("settings")).get("PASS_MAX_DAYS"));
    assertEquals(
        List.of(
            "/etc/login.defs:6: expected 'NAME VALUE', got 'garbage line with no value at all here'",
            "/etc/login.defs:7: expected 'NAME VALUE', got 'PASS_MAX_DAYS'"),
        v.get("problems"));
  }

  @Test
  void brokenRootIsAnErrorOrProblemsNeverAnException() throws Exception {
    var s = snapshot("broken");
    FactState st = state(s, "host.login_defs");
    assertEquals(true, st == FactState.ERROR || st == FactState.OK);
  }
}
