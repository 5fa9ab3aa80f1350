package dev.vigil.collectors.sysctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.collectors.Collector;
import dev.vigil.collectors.CollectorContract;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SysctlCollectorTest extends CollectorContract {
  @Override
  protected Collector collector() {
    return new SysctlCollector();
  }

  @Test
  void etcSysctlDOverridesVendorDefaultsAndSysctlConfIsReadLast() throws Exception {
    Map<String, Object> v = ok(snapshot("hardened"), "host.sysctl");
    Map<String, Object> c = map(v.get("configured"));
    assertEquals(0L, c.get("net.ipv4.conf.all.accept_redirects"));
    assertEquals(
        "/etc/sysctl.d/99-hardening.conf:2",
        map(v.get("sources")).get("net.ipv4.conf.all.accept_redirects"));
    assertEquals(0L, c.get("kernel.sysrq"));
    assertEquals(2L, c.get("kernel.randomize_va_space"));
    assertEquals(0L, c.get("net.ipv6.conf.all.accept_ra")); // slash form normalised
    assertEquals(0L, c.get("fs.suid_dumpable")); // leading - dropped
    assertEquals(
        List.of(
            "/usr/lib/sysctl.d/50-default.conf",
            "/etc/sysctl.d/99-hardening.conf",
            "/etc/sysctl.conf"),
        v.get("files"));
    assertFalse(v.containsKey("running"));
  }

  @Test
  void weakRootForwardsPacketsAndReportsTheBadLine() throws Exception {
    Map<String, Object> v = ok(snapshot("weak"), "host.sysctl");
    assertEquals(1L, map(v.get("effective")).get("net.ipv4.ip_forward"));
    assertEquals(
        List.of("/etc/sysctl.d/99-hardening.conf:3: expected \u0027key = value\u0027"),
        v.get("problems"));
  }

  @Test
  void liveHostReadsRunningValues() throws Exception {
    try (var t = new dev.vigil.collectors.transport.local.LocalTransport()) {
      Map<String, Object> v = map(collector().collect(t, context()).get(0).value());
      assertTrue(map(v.get("running")).containsKey("kernel.randomize_va_space"), v.toString());
    }
  }
}
