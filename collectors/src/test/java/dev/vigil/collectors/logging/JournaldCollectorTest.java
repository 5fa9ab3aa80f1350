package dev.vigil.collectors.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.collectors.Collector;
import dev.vigil.collectors.CollectorContract;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JournaldCollectorTest extends CollectorContract {
  @Override
  protected Collector collector() {
    return new JournaldCollector();
  }

  @Test
  void dropInMakesStoragePersistent() throws Exception {
    Map<String, Object> v = ok(snapshot("hardened"), "host.journald");
    assertEquals("persistent", v.get("storage"));
    assertEquals(true, v.get("persistent"));
    assertEquals("1year", map(v.get("settings")).get("MaxRetentionSec"));
    assertEquals("1G", map(v.get("settings")).get("SystemMaxUse"));
  }

  @Test
  void weakRootKeepsTheJournalInMemory() throws Exception {
    Map<String, Object> v = ok(snapshot("weak"), "host.journald");
    assertEquals("volatile", v.get("storage"));
    assertEquals(false, v.get("persistent"));
  }
}
