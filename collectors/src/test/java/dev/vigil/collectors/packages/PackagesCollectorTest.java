package dev.vigil.collectors.packages;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vigil.collectors.Collector;
import dev.vigil.collectors.CollectorContract;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PackagesCollectorTest extends CollectorContract {
  @Override
  protected Collector collector() {
    return new PackagesCollector();
  }

  @Test
  void onlyInstalledPackagesCountAndConfigFilesOnlyIsNotInstalled() throws Exception {
    Map<String, Object> v = ok(snapshot("hardened"), "host.packages");
    assertEquals("dpkg", v.get("manager"));
    assertEquals("1:9.2p1-2+deb12u3", map(v.get("packages")).get("openssh-server"));
    assertEquals(List.of(), v.get("unwanted_present"));
    assertEquals(5L, v.get("count"));
  }

  @Test
  void weakRootHasTelnetdAndNis() throws Exception {
    Map<String, Object> v = ok(snapshot("weak"), "host.packages");
    assertEquals(List.of("nis", "telnetd"), v.get("unwanted_present"));
  }
}
