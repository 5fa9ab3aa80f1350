package dev.vigil.collectors.mounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.vigil.collectors.Collector;
import dev.vigil.collectors.CollectorContract;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MountsCollectorTest extends CollectorContract {
  @Override
  protected Collector collector() {
    return new MountsCollector();
  }

  @Test
  void hardenedTmpHasAllThreeOptions() throws Exception {
    Map<String, Object> v = ok(snapshot("hardened"), "host.mounts");
    Map<String, Object> tmpMount = map(map(v.get("mount_points")).get("/tmp"));
    assertEquals(true, tmpMount.get("nodev"));
    assertEquals(true, tmpMount.get("noexec"));
    assertEquals(true, map(map(v.get("mount_points")).get("/dev/shm")).get("nosuid"));
    assertFalse(tmpMount.containsKey("mounted"));
  }

  @Test
  void weakTmpLacksOptionsAndVarTmpIsNotInFstab() throws Exception {
    Map<String, Object> v = ok(snapshot("weak"), "host.mounts");
    Map<String, Object> points = map(v.get("mount_points"));
    assertEquals(false, map(points.get("/tmp")).get("noexec"));
    assertEquals(false, map(points.get("/var/tmp")).get("in_fstab"));
    assertEquals(
        List.of("/etc/fstab:4: expected \u0027device mountpoint type options [dump pass]\u0027"),
        v.get("problems"));
  }
}
