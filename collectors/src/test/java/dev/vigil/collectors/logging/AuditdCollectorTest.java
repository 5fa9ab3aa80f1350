package dev.vigil.collectors.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vigil.collectors.Collector;
import dev.vigil.collectors.CollectorContract;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuditdCollectorTest extends CollectorContract {
  @Override
  protected Collector collector() {
    return new AuditdCollector();
  }

  @Test
  void hardenedRetentionAndRules() throws Exception {
    Map<String, Object> v = ok(snapshot("hardened"), "host.auditd");
    Map<String, Object> c = map(v.get("config"));
    assertEquals(10L, c.get("num_logs"));
    assertEquals("keep_logs", c.get("max_log_file_action"));
    assertEquals("halt", c.get("disk_full_action"));
    assertEquals("/var/log/audit/audit.log", c.get("log_file"));
    assertTrue(list(v.get("watched_paths")).contains("/etc/shadow"));
    assertEquals(true, v.get("immutable"));
    assertEquals(8, list(v.get("rules")).size());
  }

  @Test
  void weakRootKeepsOneLogAndHasNoRules() throws Exception {
    Map<String, Object> v = ok(snapshot("weak"), "host.auditd");
    assertEquals(1L, map(v.get("config")).get("num_logs"));
    assertEquals("rotate", map(v.get("config")).get("max_log_file_action"));
    assertEquals(List.of(), v.get("rules"));
    assertEquals(false, v.get("immutable"));
  }
}
