package dev.vigil.collectors.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.collectors.Collector;
import dev.vigil.collectors.CollectorContract;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServicesCollectorTest extends CollectorContract {
  @Override
  protected Collector collector() {
    return new ServicesCollector();
  }

  @Test
  void enabledUnitsComeFromWantsLinksAndMaskedFromDevNull() throws Exception {
    Map<String, Object> v = ok(snapshot("hardened"), "host.services");
    assertEquals(
        List.of(
            "apparmor.service",
            "auditd.service",
            "chrony.service",
            "cron.service",
            "rsyslog.service",
            "ssh.service"),
        v.get("enabled"));
    assertEquals(List.of("ctrl-alt-del.target", "debug-shell.service"), v.get("masked"));
    assertEquals(List.of("apparmor.service"), map(v.get("enabled_by")).get("sysinit.target"));
  }

  @Test
  void weakRootEnablesTelnet() throws Exception {
    Map<String, Object> v = ok(snapshot("weak"), "host.services");
    assertTrue(list(v.get("enabled")).contains("telnet.socket"));
  }
}
