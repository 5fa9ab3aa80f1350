package dev.vigil.collectors.timesync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.collectors.Collector;
import dev.vigil.collectors.CollectorContract;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TimeSyncCollectorTest extends CollectorContract {
  @Override
  protected Collector collector() {
    return new TimeSyncCollector();
  }

  @Test
  void hardenedRootRunsChrony() throws Exception {
    Map<String, Object> v = ok(snapshot("hardened"), "host.time_sync");
    assertEquals(true, map(v.get("chrony")).get("configured"));
    assertEquals(true, map(v.get("chrony")).get("enabled"));
    assertEquals(List.of("pool 2.debian.pool.ntp.org iburst"), map(v.get("chrony")).get("servers"));
    assertEquals(true, v.get("any_enabled"));
  }

  @Test
  void weakRootHasNoTimeSync() throws Exception {
    Map<String, Object> v = ok(snapshot("weak"), "host.time_sync");
    assertEquals(false, v.get("any_configured"));
    assertEquals(false, v.get("any_enabled"));
  }
}
