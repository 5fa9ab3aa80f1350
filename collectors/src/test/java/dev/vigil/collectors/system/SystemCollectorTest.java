package dev.vigil.collectors.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.collectors.Collector;
import dev.vigil.collectors.CollectorContract;
import dev.vigil.collectors.transport.local.LocalTransport;
import dev.vigil.core.facts.FactState;
import dev.vigil.core.facts.Snapshot;
import dev.vigil.core.json.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SystemCollectorTest extends CollectorContract {
  @Override
  protected Collector collector() {
    return new SystemCollector();
  }

  @Test
  void hardenedRootIdentityFromOsReleaseThroughASymlink() throws Exception {
    Map<String, Object> v = ok(snapshot("hardened"), "host.system");
    Map<String, Object> os = map(v.get("os"));
    assertEquals("debian", os.get("id"));
    assertEquals("12", os.get("version_id"));
    assertEquals("debian", os.get("family"));
    assertEquals("hardened-host", v.get("hostname"));
    assertEquals("0f3c2a9d5e6b47a1b2c3d4e5f6a7b8c9", v.get("machine_id"));
    assertEquals(false, v.get("container"));
    assertEquals(false, v.get("live"));
    assertFalse(v.containsKey("kernel_release"));
  }

  @Test
  void brokenRootWithAnOsReleaseLoopIsAnError() throws Exception {
    Snapshot s = snapshot("broken");
    assertEquals(FactState.ERROR, state(s, "host.system"));
    assertTrue(
        reason(s, "host.system").contains("/etc/os-release: symlink loop"),
        reason(s, "host.system"));
  }

  @Test
  void liveHostHasKernelUptimeAndArchitecture() throws Exception {
    try (var t = new LocalTransport()) {
      var facts = collector().collect(t, context());
      Map<String, Object> v = map(facts.get(0).value());
      assertTrue(v.containsKey("kernel_release"), Json.mapper().writeValueAsString(v));
      assertTrue(v.containsKey("uptime_seconds"));
      assertEquals(List.of(), List.of()); // shape checked by the contract
      assertEquals(true, v.get("live"));
    }
  }
}
