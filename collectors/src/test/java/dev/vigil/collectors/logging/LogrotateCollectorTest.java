package dev.vigil.collectors.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.collectors.Collector;
import dev.vigil.collectors.CollectorContract;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogrotateCollectorTest extends CollectorContract {
  @Override
  protected Collector collector() {
    return new LogrotateCollector();
  }

  @Test
  void blocksInheritGlobalsAndOverrideThem() throws Exception {
    Map<String, Object> v = ok(snapshot("hardened"), "host.logrotate");
    assertEquals(13L, map(v.get("global")).get("rotate"));
    assertEquals("weekly", map(v.get("global")).get("frequency"));
    List<Object> entries = list(v.get("entries"));
    Map<String, Object> audit = map(entries.get(0));
    assertEquals(List.of("/var/log/audit/*.log"), audit.get("paths"));
    assertEquals(12L, map(audit.get("settings")).get("rotate"));
    assertEquals(false, map(audit.get("settings")).get("compress"));
    assertEquals(400L, map(audit.get("settings")).get("maxage"));
    Map<String, Object> rs = map(entries.get(1));
    assertEquals(List.of("/var/log/syslog", "/var/log/auth.log"), rs.get("paths"));
    assertEquals(52L, map(rs.get("settings")).get("rotate"));
    assertEquals(12L, v.get("min_rotate"));
    assertEquals(List.of(), v.get("problems"));
  }

  @Test
  void weakRootRotatesOnce() throws Exception {
    Map<String, Object> v = ok(snapshot("weak"), "host.logrotate");
    assertEquals(1L, v.get("min_rotate"));
    assertEquals("daily", map(map(list(v.get("entries")).get(0)).get("settings")).get("frequency"));
  }
}
